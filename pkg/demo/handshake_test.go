package demo

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

func runHandshake(t *testing.T, opts HandshakeOptions) ([]trace.Event, error) {
	t.Helper()
	return record(RunHandshake, opts)
}

func mustHandshake(t *testing.T, opts HandshakeOptions) []trace.Event {
	t.Helper()
	return mustRecord(t, RunHandshake, opts)
}

func one(t *testing.T, evs []trace.Event, k trace.Kind) trace.Event {
	t.Helper()
	got := kinds(evs, k)
	if len(got) != 1 {
		t.Fatalf("%d %s events, want 1", len(got), k)
	}
	return got[0]
}

func checksBy(evs []trace.Event, actor string) []*trace.Check {
	var out []*trace.Check
	for _, e := range kinds(evs, trace.KindCheck) {
		if e.From == actor {
			out = append(out, e.Check)
		}
	}
	return out
}

func TestHandshakeBuiltinStory(t *testing.T) {
	evs := mustHandshake(t, HandshakeOptions{})

	// The order of the story, by kind.
	var order []string
	for _, e := range evs {
		if e.Kind != trace.KindCheck || len(order) == 0 || order[len(order)-1] != "check" {
			order = append(order, string(e.Kind))
		}
	}
	want := "tcp.connect http.request check note http.response check ws.frame ws.frame ws.frame tcp.close tcp.close summary"
	if got := strings.Join(order, " "); got != want {
		t.Fatalf("story:\n %s\nwant\n %s", got, want)
	}

	req := one(t, evs, trace.KindHTTPRequest)
	for name, value := range map[string]string{"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13", "Cookie": "session=s3cr3t-ana"} {
		if v, _ := req.HTTP.Header(name); v != value {
			t.Errorf("request %s = %q, want %q", name, v, value)
		}
	}
	if origin, _ := req.HTTP.Header("Origin"); origin != "http://"+strings.TrimPrefix(mustHeader(t, req, "Host"), "") {
		t.Errorf("Origin %q is not the server's own origin", origin)
	}
	key := mustHeader(t, req, "Sec-WebSocket-Key")
	resp := one(t, evs, trace.KindHTTPResponse)
	if resp.HTTP.Status != 101 {
		t.Fatalf("status %d", resp.HTTP.Status)
	}
	if accept := mustHeader(t, resp, "Sec-WebSocket-Accept"); accept != wire.AcceptKey(key) {
		t.Errorf("Sec-WebSocket-Accept %q, want base64(SHA-1(%q + GUID)) = %q", accept, key, wire.AcceptKey(key))
	}
	for _, e := range []trace.Event{req, resp} {
		if e.Note == "" {
			t.Errorf("%s has no note", e.Summary)
		}
		for _, f := range e.Fields {
			if f.Meaning == "" && f.Name != "Date" && f.Name != "body" {
				t.Errorf("%s: field %s has no meaning", e.Summary, f.Name)
			}
		}
	}

	server, client := checksBy(evs, trace.Server), checksBy(evs, trace.Client)
	if len(server) != 9 || len(client) != 4 { // server: RFC 6455 §4.2.1's 7, then Origin and cookie
		t.Fatalf("%d server checks, %d client checks; want 9 and 4", len(server), len(client))
	}
	for _, c := range append(server, client...) {
		if !c.OK {
			t.Errorf("check %q failed: %s", c.Name, c.Detail)
		}
	}

	frames := kinds(evs, trace.KindWSFrame)
	welcome, closeC, closeS := frames[0], frames[1], frames[2]
	if welcome.From != trace.Server || welcome.Frame.OpcodeName != "text" || !strings.HasPrefix(welcome.Frame.Payload, "welcome ana") || welcome.Frame.Masked {
		t.Errorf("first frame: %s %+v", welcome.From, welcome.Frame)
	}
	if closeC.From != trace.Client || closeC.Frame.CloseCode != 1000 || !closeC.Frame.Masked || closeS.From != trace.Server || closeS.Frame.CloseCode != 1000 {
		t.Errorf("close frames: %s %+v / %s %+v", closeC.From, closeC.Frame, closeS.From, closeS.Frame)
	}
	for _, e := range append(frames, req, resp) {
		if e.Conn != req.Conn || e.Conn != 1 {
			t.Errorf("%s on conn %d, the handshake on %d", e.Summary, e.Conn, req.Conn)
		}
	}
	for _, f := range frames {
		if f.Note == "" {
			t.Errorf("frame %s has no note", f.Summary)
		}
		assertFrameMatchesRaw(t, f)
	}

	sum := evs[len(evs)-1]
	if sum.Kind != trace.KindSummary {
		t.Fatal("summary is not last")
	}
	for k, v := range map[string]int{"tcp_connections": 1, "http_requests": 1, "frames_client_to_server": 1, "frames_server_to_client": 2} {
		if sum.Stats[k] != v {
			t.Errorf("stats[%s] = %v, want %d", k, sum.Stats[k], v)
		}
	}
	if sum.Stats["bytes_client_to_server"].(int) < len(req.Raw) {
		t.Errorf("bytes client→server %v < request %d", sum.Stats["bytes_client_to_server"], len(req.Raw))
	}
}

func mustHeader(t *testing.T, e trace.Event, name string) string {
	t.Helper()
	v, ok := e.HTTP.Header(name)
	if !ok {
		t.Fatalf("%s has no %s header", e.Summary, name)
	}
	return v
}

// assertFrameMatchesRaw decodes the event's raw bytes again and compares
// every field the trace reports.
func assertFrameMatchesRaw(t *testing.T, e trace.Event) {
	t.Helper()
	from := wire.FromClient
	if e.From == trace.Server {
		from = wire.FromServer
	}
	fs := wire.NewFrameDecoder(from, 0).Feed(e.Raw)
	if len(fs) != 1 {
		t.Fatalf("%s: raw bytes decode to %d frames", e.Summary, len(fs))
	}
	f, tf := fs[0], e.Frame
	if f.Fin != tf.Fin || int(f.RSV) != tf.RSV || int(f.Opcode) != tf.Opcode || f.Opcode.String() != tf.OpcodeName ||
		f.Masked != tf.Masked || f.PayloadLen != tf.PayloadLen || f.HeaderLen != tf.HeaderLen ||
		f.CloseCode != tf.CloseCode || f.CloseReason != tf.CloseReason {
		t.Errorf("%s: frame fields %+v disagree with raw bytes %+v", e.Summary, tf, f)
	}
	if tf.OpcodeName != "close" && string(f.Payload) != tf.Payload {
		t.Errorf("%s: payload %q, raw decodes to %q", e.Summary, tf.Payload, f.Payload)
	}
}

func TestHandshakeRefusals(t *testing.T) {
	// The server's own host and port with https: another origin, because
	// an origin is scheme, host and port (RFC 6454 §5), and the server
	// speaks plain http.
	addr := testkit.FreeAddr(t)
	for _, tc := range []struct {
		opts    HandshakeOptions
		status  int
		check   string // the server check that fails
		header  [2]string
		request string // a fact about the request that crossed
		detail  string // a part of the failed check's detail
	}{
		{HandshakeOptions{Case: "not-get"}, 405, "method is GET", [2]string{"Allow", "GET"}, "POST /ws", ""},
		{HandshakeOptions{Case: "no-upgrade"}, 426, "Upgrade names websocket", [2]string{"Upgrade", "websocket"}, "GET /ws", ""},
		{HandshakeOptions{Case: "bad-version"}, 426, "version is 13", [2]string{"Sec-WebSocket-Version", "13"}, "Sec-Websocket-Version: 8", ""},
		{HandshakeOptions{Case: "bad-key"}, 400, "key is 16 bytes, base64", [2]string{}, "Sec-Websocket-Key: " + badKey, ""},
		{HandshakeOptions{Origin: "http://evil.example"}, 403, "Origin allowed", [2]string{}, "Origin: http://evil.example", "is another origin"},
		{HandshakeOptions{Common: Common{Addr: addr}, Origin: "https://" + addr}, 403, "Origin allowed", [2]string{}, "Origin: https://" + addr,
			"https://" + addr + " is another origin: this server's own is http://" + addr + " (the scheme differs)"},
		{HandshakeOptions{Origin: "null"}, 403, "Origin allowed", [2]string{}, "Origin: null", "opaque origin"},
	} {
		name := tc.opts.Case + tc.opts.Origin
		t.Run(name, func(t *testing.T) {
			evs := mustHandshake(t, tc.opts)
			if n := len(kinds(evs, trace.KindWSFrame, trace.KindWSMessage)); n != 0 {
				t.Errorf("%d frames after a refusal", n)
			}
			req := one(t, evs, trace.KindHTTPRequest)
			if !strings.Contains(string(req.Raw), tc.request) {
				t.Errorf("request lacks %q:\n%s", tc.request, req.Raw)
			}
			resp := one(t, evs, trace.KindHTTPResponse)
			if resp.HTTP.Status != tc.status {
				t.Fatalf("status %d, want %d", resp.HTTP.Status, tc.status)
			}
			if tc.header[0] != "" {
				if v := mustHeader(t, resp, tc.header[0]); v != tc.header[1] {
					t.Errorf("%s: %q, want %q", tc.header[0], v, tc.header[1])
				}
			}
			if tc.status == 426 {
				mustHeader(t, resp, "Upgrade") // RFC 9110 §15.5.22
			}
			if !strings.Contains(resp.Note, "Refused") {
				t.Errorf("response note %q does not explain the refusal", resp.Note)
			}
			server := checksBy(evs, trace.Server)
			if last := server[len(server)-1]; last.Name != tc.check || last.OK || !strings.Contains(last.Detail, tc.detail) {
				t.Errorf("last server check %+v, want %q failed with %q", last, tc.check, tc.detail)
			}
			if c := checksBy(evs, trace.Client); len(c) != 1 || c[0].OK || c[0].Name != "status is 101" {
				t.Errorf("client checks %+v", c)
			}
			sum := evs[len(evs)-1]
			if sum.Kind != trace.KindSummary || !strings.Contains(sum.Summary, "refused") || sum.Stats["frames_server_to_client"] != 0 {
				t.Errorf("summary %+v", sum)
			}
		})
	}
}

func TestHandshakeAllowOrigin(t *testing.T) {
	evs := mustHandshake(t, HandshakeOptions{Origin: "http://app.example", AllowOrigins: []string{"https://app.example", "http://*.nowhere", "http://app.example"}})
	if resp := one(t, evs, trace.KindHTTPResponse); resp.HTTP.Status != 101 {
		t.Fatalf("status %d", resp.HTTP.Status)
	}
	for _, c := range checksBy(evs, trace.Server) {
		if c.Name == "Origin allowed" && (!c.OK || !strings.HasSuffix(c.Detail, "matches --allow-origin http://app.example")) {
			t.Errorf("origin check %+v", c)
		}
	}
}

func TestHandshakeOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		opts  HandshakeOptions
		field Option
		want  string
	}{
		{HandshakeOptions{Case: "bogus"}, OptCase, `Case "bogus" is not a case; the cases are not-get, no-upgrade, bad-version, bad-key`},
		{HandshakeOptions{URL: "http://example.com/ws"}, OptURL, `"http://example.com/ws" is an HTTP URL; a WebSocket URL starts with ws:// or wss:// (try ws://example.com/ws)`},
		{HandshakeOptions{URL: "ftp://example.com/"}, OptURL, "has the scheme ftp://"},
		{HandshakeOptions{URL: "example.com:80"}, OptURL, "has the scheme example.com://"},
		{HandshakeOptions{URL: "localhost/ws"}, OptURL, "has no scheme"},
		{HandshakeOptions{URL: "ws:///ws"}, OptURL, "has no host"},
		{HandshakeOptions{URL: "ws://h/ws#top"}, OptURL, "#fragment"},
		{HandshakeOptions{URL: "ws://h/", AllowOrigins: []string{"http://x"}}, OptAllowOrigins, "AllowOrigins configures the built-in server; with URL the server is not ours to configure"},
		{HandshakeOptions{URL: "ws://h/", Common: Common{Addr: "127.0.0.1:0"}}, OptAddr, "Addr sets where the built-in server listens; with URL there is no built-in server"},
		{HandshakeOptions{Origin: "evil.example"}, OptOrigin, "is not an origin"},
		{HandshakeOptions{AllowOrigins: []string{"http://[x"}}, OptAllowOrigins, `AllowOrigins "http://[x" has an IPv6 address without its closing ]`},
		{HandshakeOptions{AllowOrigins: []string{"app.example"}}, OptAllowOrigins, `AllowOrigins "app.example" has no scheme`},
		{HandshakeOptions{AllowOrigins: []string{"http://app.example/"}}, OptAllowOrigins, "an origin has no path"},
	} {
		evs, err := runHandshake(t, tc.opts)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want a FieldError for %s saying %q", tc.opts, err, tc.field, tc.want)
		}
		if len(evs) != 0 || tc.opts.Validate() == nil {
			t.Errorf("%+v: %d events recorded; Validate: %v", tc.opts, len(evs), tc.opts.Validate())
		}
	}
	u, err := ParseWebSocketURL("WSS://Example.com:8443")
	if err != nil || u.String() != "wss://Example.com:8443/" {
		t.Errorf("ParseWebSocketURL = %v, %v", u, err)
	}
}

// gorillaServer is a WebSocket server written with another library than our
// client: gorilla/websocket. It sends first when greet is set, then echoes.
func gorillaServer(greet string) http.Handler {
	up := websocket.Upgrader{} // default: same-origin check
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return // Upgrade answered the refusal
		}
		defer c.Close()
		if greet != "" && c.WriteMessage(websocket.TextMessage, []byte(greet)) != nil {
			return
		}
		for {
			typ, msg, err := c.ReadMessage() // answers the close frame itself
			if err != nil || c.WriteMessage(typ, msg) != nil {
				return
			}
		}
	})
}

func TestHandshakeWithGorillaServer(t *testing.T) {
	for _, greet := range []string{"", "hello from gorilla"} {
		srv := httptest.NewServer(gorillaServer(greet))
		url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/chat"
		evs := mustHandshake(t, HandshakeOptions{URL: url, Common: Common{Timeout: 600 * time.Millisecond}})
		srv.Close()

		if len(checksBy(evs, trace.Server)) != 0 {
			t.Error("server checks from a server that is not ours")
		}
		if n := kinds(evs, trace.KindNote); len(n) == 0 || !strings.Contains(n[0].Summary, "not wsdemo's") {
			t.Errorf("no note that the server is not ours: %+v", n)
		}
		req := one(t, evs, trace.KindHTTPRequest)
		if req.HTTP.Target != "/chat" {
			t.Errorf("target %q", req.HTTP.Target)
		}
		if _, ok := req.HTTP.Header("Cookie"); ok {
			t.Error("the demo session cookie went to another server")
		}
		resp := one(t, evs, trace.KindHTTPResponse)
		if resp.HTTP.Status != 101 || mustHeader(t, resp, "Sec-WebSocket-Accept") != wire.AcceptKey(mustHeader(t, req, "Sec-WebSocket-Key")) {
			t.Fatalf("response %+v", resp.HTTP)
		}
		client := checksBy(evs, trace.Client)
		if len(client) != 4 {
			t.Fatalf("client checks %+v", client)
		}
		for _, c := range client {
			if !c.OK {
				t.Errorf("client check %+v", c)
			}
		}
		frames := kinds(evs, trace.KindWSFrame)
		var summaries []string
		for _, f := range frames {
			summaries = append(summaries, f.Summary)
			assertFrameMatchesRaw(t, f)
		}
		// gorilla answers a close with the code alone, no reason.
		want := `CLOSE 1000 "bye" (masked)|CLOSE 1000`
		if greet != "" {
			want = `TEXT "hello from gorilla"|` + want
		}
		if got := strings.Join(summaries, "|"); got != want {
			t.Errorf("greet %q: frames %s, want %s", greet, got, want)
		}
		if greet == "" && !strings.Contains(kinds(evs, trace.KindNote)[1].Summary, "sent nothing") {
			t.Errorf("no note that the server stayed silent")
		}
	}
}

func TestHandshakeWSSTapsAboveTLS(t *testing.T) {
	srv := httptest.NewTLSServer(gorillaServer("hello over TLS"))
	defer srv.Close()
	cfg := srv.Client().Transport.(*http.Transport).TLSClientConfig
	evs := mustHandshake(t, HandshakeOptions{URL: "wss" + strings.TrimPrefix(srv.URL, "https") + "/",
		TLSConfig: cfg, Common: Common{Timeout: 2 * time.Second}})
	var tlsNote bool
	for _, e := range kinds(evs, trace.KindNote) {
		tlsNote = tlsNote || strings.Contains(e.Note, "encrypted")
	}
	if !tlsNote {
		t.Error("no note that the bytes were encrypted on the wire")
	}
	// The tap sits above TLS: the request is readable plaintext.
	req := one(t, evs, trace.KindHTTPRequest)
	if !strings.HasPrefix(string(req.Raw), "GET / HTTP/1.1\r\n") {
		t.Errorf("request raw %q", req.Raw)
	}
	if origin, _ := req.HTTP.Header("Origin"); !strings.HasPrefix(origin, "https://") {
		t.Errorf("Origin %q for wss://", origin)
	}
	if f := kinds(evs, trace.KindWSFrame); len(f) == 0 || f[0].Frame.Payload != "hello over TLS" {
		t.Errorf("frames %+v", f)
	}
}

func TestHandshakeCaseAgainstGorilla(t *testing.T) {
	srv := httptest.NewServer(gorillaServer(""))
	defer srv.Close()
	evs := mustHandshake(t, HandshakeOptions{URL: "ws" + strings.TrimPrefix(srv.URL, "http"), Case: "bad-version"})
	resp := one(t, evs, trace.KindHTTPResponse)
	if resp.HTTP.Status == 101 || len(kinds(evs, trace.KindWSFrame)) != 0 {
		t.Fatalf("gorilla accepted version 8: %+v", resp.HTTP)
	}
	if v, _ := resp.HTTP.Header("Sec-WebSocket-Version"); v != "13" {
		t.Errorf("gorilla's refusal lists versions %q", v)
	}
}

// rawServer answers every connection with fn, for servers no library would
// write: wrong accept values, plain HTTP, silence.
func rawServer(t *testing.T, fn func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			fn(c)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func readRequest(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	r := bufio.NewReader(c)
	for {
		l, err := r.ReadString('\n')
		if err != nil || l == "\r\n" {
			return
		}
	}
}

func TestHandshakeFailures(t *testing.T) {
	wrongAccept := rawServer(t, func(c net.Conn) {
		readRequest(c)
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"))
		time.Sleep(50 * time.Millisecond)
	})
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<h1>a web page</h1>")) }))
	defer web.Close()
	moved := httptest.NewServer(http.RedirectHandler("/ws", http.StatusMovedPermanently))
	defer moved.Close()
	silent := rawServer(t, func(c net.Conn) { readRequest(c); io.Copy(io.Discard, c) })
	notHTTP := rawServer(t, func(c net.Conn) { readRequest(c); c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n")) })
	closed := testkit.FreeAddr(t)

	for _, tc := range []struct {
		name, url string
		check     func(error) bool
		msg       string
	}{
		{"wrong accept", "ws://" + wrongAccept + "/", func(err error) bool {
			var he *HandshakeError
			return errors.As(err, &he) && he.Status == 101 && strings.Contains(he.Problem, "Sec-WebSocket-Accept")
		}, "answered 101 Switching Protocols, but the handshake is invalid: Sec-WebSocket-Accept failed: got \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\", expected"},
		{"web page", "ws" + strings.TrimPrefix(web.URL, "http") + "/", func(err error) bool {
			var he *HandshakeError
			return errors.As(err, &he) && he.Status == 200
		}, `answered "200 OK" instead of "101 Switching Protocols"`},
		{"redirect", "ws" + strings.TrimPrefix(moved.URL, "http") + "/old", func(err error) bool {
			var he *HandshakeError
			return errors.As(err, &he) && he.Status == 301 && he.Location == "/ws"
		}, `answered "301 Moved Permanently" instead of "101 Switching Protocols": it did not accept the WebSocket handshake (it redirects to /ws; wsdemo does not follow redirects)`},
		{"refused", "ws://" + closed + "/", func(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) },
			"connect to ws://" + closed + "/: connection refused"},
		{"silent", "ws://" + silent + "/", func(err error) bool { return errors.Is(err, context.DeadlineExceeded) },
			"no answer from ws://" + silent + "/ within 300ms"},
		{"not http", "ws://" + notHTTP + "/", func(err error) bool { return errors.Is(err, ErrNotHTTP) },
			"did not answer the handshake with HTTP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			evs, err := runHandshake(t, HandshakeOptions{URL: tc.url, Common: Common{Timeout: 300 * time.Millisecond}})
			if err == nil || !tc.check(err) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want one containing %q", err, tc.msg)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if n := len(kinds(evs, trace.KindWSFrame)); n != 0 {
				t.Errorf("%d frames", n)
			}
			if tc.name == "web page" {
				resp := one(t, evs, trace.KindHTTPResponse)
				if strings.Contains(resp.Note, "Refused") || !strings.Contains(resp.Note, "did not accept") {
					t.Errorf("note on another server's answer: %q", resp.Note)
				}
				var order []trace.Kind
				for _, e := range evs {
					order = append(order, e.Kind)
				}
				if got := fmtKinds(order); !strings.Contains(got, "http.response check tcp.close") {
					t.Errorf("the client's check is not between the answer and the close: %s", got)
				}
			}
			if tc.name == "wrong accept" {
				c := checksBy(evs, trace.Client)
				if len(c) != 4 || c[3].OK || c[3].Name != "Sec-WebSocket-Accept" {
					t.Errorf("client checks %+v", c)
				}
			}
		})
	}
}

func TestHandshakeInterruptClosesWith1001(t *testing.T) {
	upgraded := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		close(upgraded)
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-upgraded; time.Sleep(20 * time.Millisecond); cancel() }()
	rec := trace.NewRecorder()
	start := time.Now()
	err := RunHandshake(ctx, rec, HandshakeOptions{URL: "ws" + strings.TrimPrefix(srv.URL, "http"), Common: Common{Timeout: 5 * time.Second}})
	rec.Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("took %v to stop", d)
	}
	frames := kinds(rec.Events(), trace.KindWSFrame)
	if len(frames) == 0 || frames[0].From != trace.Client || frames[0].Frame.CloseCode != 1001 {
		t.Fatalf("frames %+v, want the client's close 1001 first", frames)
	}
	if !strings.Contains(frames[0].Note, "interrupted") {
		t.Errorf("note %q", frames[0].Note)
	}
}

func TestHandshakeServerDropsConnectionAfter101(t *testing.T) {
	addr := rawServer(t, func(c net.Conn) {
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
			wire.AcceptKey(req.Header.Get("Sec-WebSocket-Key")) + "\r\n\r\n"))
	})
	evs := mustHandshake(t, HandshakeOptions{URL: "ws://" + addr + "/", Common: Common{Timeout: 2 * time.Second}})
	// The server's FIN came first, with no close frame before it: the
	// note of the first tcp.close says so, from what the tap saw.
	closes := kinds(evs, trace.KindTCPClose)
	if len(closes) == 0 || closes[0].From != trace.Server ||
		!strings.Contains(closes[0].Note, "The server closed the TCP connection without a closing handshake") || !strings.Contains(closes[0].Note, "1006") {
		t.Errorf("first tcp.close %+v, want the server's, noting the abnormal closure", closes)
	}
	checks := checksBy(evs, trace.Client)
	if len(checks) == 0 {
		t.Error("the client made no checks of the 101")
	}
	for _, c := range checks {
		if !c.OK {
			t.Errorf("client check %+v", c)
		}
	}
}

func fmtKinds(ks []trace.Kind) string {
	var b strings.Builder
	for i, k := range ks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(k))
	}
	return b.String()
}

func TestHandshakeLookupErrorNamesTheHostOnce(t *testing.T) {
	h := &handshakeRun{timeout: time.Second}
	h.url, _ = ParseWebSocketURL("ws://nosuch.invalid/")
	dns := &net.DNSError{Err: "no such host", Name: "nosuch.invalid", Server: "10.0.0.53:53", IsNotFound: true}
	err := h.connectError(&net.OpError{Op: "dial", Net: "tcp", Err: dns})
	var got *net.DNSError
	if err.Error() != "look up nosuch.invalid: no such host" || !errors.As(err, &got) {
		t.Errorf("err = %v", err)
	}
}
