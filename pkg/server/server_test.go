package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	s := New(cfg)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	return doWith(t, c, req)
}

// doWith sends req with c and reads the whole answer.
func doWith(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestNotesAPI(t *testing.T) {
	rec := trace.NewRecorder()
	s := start(t, Config{Rec: rec})
	req := func(method, path, body, token string) *http.Request {
		r, _ := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return r
	}
	for _, tc := range []struct {
		method, path, body, token string
		status                    int
		want                      string
	}{
		{"GET", "/api/notes", "", DefaultToken, 200, "[]"},
		{"POST", "/api/notes", `{"text":"milk"}`, DefaultToken, 201, `{"id":1,"text":"milk"}`},
		{"POST", "/api/notes", `{"text":""}`, DefaultToken, 400, "send JSON"},
		{"POST", "/api/notes", `not json`, DefaultToken, 400, "send JSON"},
		{"GET", "/api/notes/1", "", DefaultToken, 200, `"milk"`},
		{"GET", "/api/notes/9", "", DefaultToken, 404, "no note 9"},
		{"GET", "/api/notes", "", "", 401, "missing or wrong"},
		{"GET", "/api/notes", "", "wrong", 401, "missing or wrong"},
	} {
		resp, body := do(t, req(tc.method, tc.path, tc.body, tc.token))
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: %d %q, want %d containing %q", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.want)
		}
		if tc.status == 201 && resp.Header.Get("Location") != "/api/notes/1" {
			t.Errorf("Location = %q", resp.Header.Get("Location"))
		}
		if tc.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate (RFC 9110 §11.6.1)")
		}
	}
	var failed int
	for _, e := range rec.Events() {
		if e.Kind == trace.KindCheck && !e.Check.OK {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("%d failed authorization checks recorded, want 2", failed)
	}
}

func TestHandshakeRefusalsUseRFCStatuses(t *testing.T) {
	s := start(t, Config{AllowOrigins: []string{"https://*.example.com"}})
	good := func() *http.Request {
		r, _ := http.NewRequest("GET", s.URL()+"/ws", nil)
		r.Header.Set("Upgrade", "websocket")
		r.Header.Set("Connection", "Upgrade")
		r.Header.Set("Sec-WebSocket-Version", "13")
		r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
		return r
	}
	for _, tc := range []struct {
		name   string
		change func(r *http.Request)
		status int
		header [2]string
	}{
		{"not GET", func(r *http.Request) { r.Method = "POST" }, 405, [2]string{"Allow", "GET"}},
		{"no Upgrade", func(r *http.Request) { r.Header.Del("Upgrade") }, 426, [2]string{"Upgrade", "websocket"}},
		{"no Connection: Upgrade", func(r *http.Request) { r.Header.Set("Connection", "keep-alive") }, 400, [2]string{}},
		{"version 8", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Version", "8") }, 426, [2]string{"Sec-WebSocket-Version", "13"}},
		{"short key", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Key", "c2hvcnQ=") }, 400, [2]string{}},
		{"bad key", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Key", "not base64!") }, 400, [2]string{}},
		{"other origin", func(r *http.Request) { r.Header.Set("Origin", "https://evil.test") }, 403, [2]string{}},
		{"own host and port, other scheme", func(r *http.Request) { r.Header.Set("Origin", "https://"+r.Host) }, 403, [2]string{}},
		{"opaque origin", func(r *http.Request) { r.Header.Set("Origin", "null") }, 403, [2]string{}},
	} {
		r := good()
		tc.change(r)
		resp, _ := do(t, r)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		if tc.header[0] != "" && resp.Header.Get(tc.header[0]) != tc.header[1] {
			t.Errorf("%s: %s = %q, want %q", tc.name, tc.header[0], resp.Header.Get(tc.header[0]), tc.header[1])
		}
	}
}

// A refusal's body reads as a sentence: which check refused the handshake,
// then what it found, whether that is a value or a sentence of its own.
func TestHandshakeRefusalBodyReads(t *testing.T) {
	s := start(t, Config{})
	for _, tc := range []struct {
		name, header, value, want string
	}{
		{"other origin", "Origin", "https://evil.test", `WebSocket handshake refused by the check "Origin allowed": https://evil.test is another origin: this server's own is http://` + s.Addr() + ` (the scheme, host and port differ)` + "\n"},
		{"version 8", "Sec-WebSocket-Version", "8", `WebSocket handshake refused by the check "version is 13": "8"` + "\n"},
	} {
		r, _ := http.NewRequest("GET", s.URL()+"/ws", nil)
		r.Header.Set("Upgrade", "websocket")
		r.Header.Set("Connection", "Upgrade")
		r.Header.Set("Sec-WebSocket-Version", "13")
		r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
		r.Header.Set(tc.header, tc.value)
		resp, body := do(t, r)
		if resp.StatusCode < 400 || body != tc.want {
			t.Errorf("%s: %d %q, want %q", tc.name, resp.StatusCode, body, tc.want)
		}
	}
}

// An origin is scheme, host and port together (RFC 6454 §3.2, §5): the
// policy compares all three, with default ports implied and case ignored
// where the RFC ignores it, and "null" (an opaque origin) is never allowed.
func TestOriginPolicy(t *testing.T) {
	s := New(Config{AllowOrigins: []string{"https://*.example.com", "http://app.example", "http://localhost:*", "https://[::1]:8443"}})
	const host = "127.0.0.1:8080" // the request's Host: own origin http://127.0.0.1:8080
	for _, tc := range []struct {
		origin string
		want   bool
		detail string // a part of the check's detail
	}{
		{"", true, "no Origin header"},
		{"http://127.0.0.1:8080", true, "this server's own origin"},
		{"HTTP://127.0.0.1:8080", true, "own origin, http://127.0.0.1:8080"},
		{"http://127.0.0.1:8080/", true, "own origin"},
		{"https://127.0.0.1:8080", false, "this server's own is http://127.0.0.1:8080 (the scheme differs)"},
		{"ws://127.0.0.1:8080", false, "(the scheme differs)"},
		{"http://127.0.0.1:8081", false, "(the port differs)"},
		{"http://127.0.0.1", false, "(the port differs)"}, // port 80
		{"https://localhost:8081", false, "(the scheme, host and port differ)"},
		{"https://app.example.com", true, "matches --allow-origin https://*.example.com"},
		{"https://APP.Example.COM", true, "matches --allow-origin https://*.example.com"},
		{"https://app.example.com:443", true, "matches"},
		{"https://app.example.com:8443", false, "another origin"}, // no port in the pattern: 443 only
		{"http://app.example.com", false, "another origin"},       // the pattern is https
		{"https://example.com.evil", false, "another origin"},
		{"http://app.example", true, "matches --allow-origin http://app.example"},
		{"http://app.example:80", true, "matches --allow-origin http://app.example"},
		{"http://app.example:8080", false, "another origin"},
		{"https://app.example", false, "another origin"},
		{"http://localhost:3000", true, "matches --allow-origin http://localhost:*"},
		{"http://localhost", true, "matches --allow-origin http://localhost:*"},
		{"https://localhost:3000", false, "another origin"},
		{"https://[::1]:8443", true, "matches --allow-origin https://[::1]:8443"},
		{"https://evil.test", false, "https://evil.test is another origin"},
		{"null", false, "opaque origin"},
		{"app.example", false, "is not an origin"},
		{"http://app.example/page", false, "is not an origin"},
	} {
		got, whyMsg := s.originAllowed(tc.origin, host, false)
		why := lang.Trace.Say(whyMsg)
		if got != tc.want || !strings.Contains(why, tc.detail) {
			t.Errorf("origin %q: allowed=%v (%s), want %v (%s)", tc.origin, got, why, tc.want, tc.detail)
		}
		if strings.Contains(why, "site") {
			t.Errorf("origin %q: %q calls an origin a site", tc.origin, why)
		}
	}
	// Over TLS the server's own origin is https.
	if ok, why := s.originAllowed("https://127.0.0.1:8080", host, true); !ok {
		t.Errorf("https origin over TLS refused: %s", why)
	}
	if ok, why := s.originAllowed("http://127.0.0.1:8080", host, true); ok {
		t.Errorf("http origin over TLS allowed: %s", why)
	}
	// A Host without a port: the default port of the server's scheme.
	if ok, why := s.originAllowed("http://notes.test:80", "notes.test", false); !ok {
		t.Errorf("http://notes.test:80 against Host notes.test: %s", why)
	}
}

func TestOriginPatterns(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		err     string // "" for a valid pattern
	}{
		{"http://app.example", ""},
		{"https://*.example.com", ""},
		{"http://localhost:*", ""},
		{"http://localhost:3000", ""},
		{"HTTPS://App.Example", ""},
		{"https://[::1]:8443", ""},
		{"app.example", `"app.example" has no scheme, and an origin is scheme, host and port together (RFC 6454 §5): write http://app.example or https://app.example`},
		{"*.example.com", "has no scheme"},
		{"localhost:*", "has no scheme"},
		{"", "is empty"},
		{"null", "is an opaque origin"},
		{"://app.example", "does not start with a scheme"},
		{"http://", "has no host"},
		{"http://app.example/", "has no path"},
		{"http://user@app.example", "has no path, query or user"},
		{"http://[]", "has no host"},
		{"http://[::1", "without its closing ]"},
		{"http://app.example:", "the port must be a number or *"},
		{"http://app.example:80x", "the port must be a number or *"},
		{"http://app.example:+80", "the port must be a number or *"},
		{"http://app.example:70000", "the port must be a number or *"},
	} {
		err := CheckOriginPattern(tc.pattern)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.pattern, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.pattern, err, tc.err)
		}
	}
	// A server configured with a bad pattern does not start.
	if err := New(Config{AllowOrigins: []string{"app.example"}}).Start("127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "has no scheme") {
		t.Errorf("Start with a scheme-less pattern: %v", err)
	}
}

func TestWebSocketSessionWelcomesPushesEchoesAndCloses(t *testing.T) {
	s := start(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+s.Addr()+"/ws"+WSOptions{Push: 2, Every: 10 * time.Millisecond}.Query(),
		&websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {SessionCookie + "=" + DemoSessionCookie}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 4 {
		_, msg, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(msg))
	}
	joined := strings.Join(got, "|")
	for _, want := range []string{"welcome ana: connection established", "echo: hi", "edit 1 from another tab", "edit 2 from another tab"} {
		if !strings.Contains(joined, want) {
			t.Errorf("messages %q lack %q", joined, want)
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, "bye"); err != nil {
		t.Fatal(err)
	}
}

func TestMessageTooBigCloses1009(t *testing.T) {
	s := start(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := dialWS(t, s, "/ws")
	defer c.CloseNow()
	c.Read(ctx) // welcome
	c.Write(ctx, websocket.MessageBinary, make([]byte, MaxMessage+1))
	_, _, err := c.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Fatalf("read after oversized message: %v, want close 1009", err)
	}
}

func TestCloseEndsLiveSessions(t *testing.T) {
	s := New(Config{})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	c := dialWS(t, s, "/ws")
	defer c.CloseNow()
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case <-done:
	case <-time.After(4 * time.Second):
		t.Fatal("Close did not return while a WebSocket session was open")
	}
	if _, err := net.Dial("tcp", s.Addr()); err == nil {
		t.Error("server still accepts connections after Close")
	}
}

// A handshake that reaches /ws after Close has begun must be refused: its
// connection is hijacked, so neither Shutdown nor Close's Wait would see a
// session started from it (and adding it to the WaitGroup would race Wait).
func TestHandshakeAfterCloseIsRefused(t *testing.T) {
	s := New(Config{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	if err == nil {
		c.CloseNow()
		t.Fatal("a session started after Close")
	}
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after Close: %v, response %v; want 503", err, resp)
	}
}
