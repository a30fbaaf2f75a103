package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func handshakeRequest() *http.Request {
	r := httptest.NewRequest("GET", "http://127.0.0.1:8080/ws", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-WebSocket-Version", "13")
	r.Header.Set("Origin", "http://127.0.0.1:8080")
	return r
}

// The server's checks are first the six requirements RFC 6455 §4.2.1 lists,
// in its order (Host among them), then this server's own policy, which
// PolicyCheck tells apart so no demo can present policy as the RFC's.
func TestHandshakeChecksAreTheRFCsThenPolicy(t *testing.T) {
	s := New(Config{})
	r := handshakeRequest()
	r.Header.Set("Cookie", SessionCookie+"="+DemoSessionCookie)
	var names []string
	for _, c := range s.checkHandshake(r) {
		if !c.ok {
			t.Errorf("check %q failed (%s) on a valid handshake", c.name, c.detail)
		}
		names = append(names, string(c.name))
	}
	want := []string{"method is GET", "HTTP/1.1 or later", "Host present", "Upgrade names websocket",
		"Connection names Upgrade", "key is 16 bytes, base64", "version is 13",
		"Origin allowed", "cookie identifies the user"}
	if !slices.Equal(names, want) {
		t.Fatalf("checks\n  %q\nwant\n  %q", names, want)
	}
	for i, name := range names {
		if policy := i >= 7; PolicyCheck(name) != policy {
			t.Errorf("PolicyCheck(%q) = %v, want %v", name, !policy, policy)
		}
	}
}

// The cookie check is named by what crossed: only a known session cookie
// "identifies the user"; a handshake with no Cookie header, or an unknown
// one, is let in anonymously, and neither its name nor its note speaks of
// a cookie that identified anyone.
func TestCookieCheckSaysWhatCrossed(t *testing.T) {
	s := New(Config{})
	for _, tc := range []struct {
		name, cookie, want string
	}{
		{"no Cookie header", "", "anonymous allowed"},
		{"a known session cookie", SessionCookie + "=" + DemoSessionCookie, "cookie identifies the user"},
		{"an unknown session cookie", SessionCookie + "=nobody", "anonymous allowed"},
		{"another cookie only", "theme=dark", "anonymous allowed"},
	} {
		r := handshakeRequest()
		if tc.cookie != "" {
			r.Header.Set("Cookie", tc.cookie)
		}
		cs := s.checkHandshake(r)
		last := cs[len(cs)-1]
		if string(last.name) != tc.want || !last.ok || !PolicyCheck(string(last.name)) {
			t.Errorf("%s: last check %q ok=%v policy=%v, want %q, passed, policy", tc.name, last.name, last.ok, PolicyCheck(string(last.name)), tc.want)
		}
		if tc.want != "cookie identifies the user" && strings.Contains(string(last.note.Format), "belongs to this user") {
			t.Errorf("%s: note %q speaks of an identified user", tc.name, last.note.Format)
		}
	}
}

// RFC 6455 §4.2.1 item 2 and RFC 9112 §3.2: a handshake without Host is
// refused with 400. Go's server does it before the handler for HTTP/1.1;
// the handler's own check says so when it sees one.
func TestHandshakeWithoutHostIsRefused(t *testing.T) {
	s := New(Config{})
	r := handshakeRequest()
	r.Host = ""
	cs := s.checkHandshake(r)
	last := cs[len(cs)-1]
	if last.name != "Host present" || last.ok || last.status != http.StatusBadRequest {
		t.Errorf("last check %q ok=%v status %d, want Host present failing with 400", last.name, last.ok, last.status)
	}
}
