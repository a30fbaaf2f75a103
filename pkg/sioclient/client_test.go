package sioclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"wsdemo/pkg/server"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// recorder keeps what a client told Notify and OnEvent, in order.
type recorder struct {
	mu      sync.Mutex
	notices []Notice
	events  []Event
	changed chan struct{}
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{}, 1)} }

func (r *recorder) notify(n Notice) {
	r.mu.Lock()
	r.notices = append(r.notices, n)
	r.mu.Unlock()
	r.poke()
}

func (r *recorder) event(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.poke()
}

func (r *recorder) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// wait waits until cond holds over what was recorded.
func (r *recorder) wait(t *testing.T, what string, cond func(ns []Notice, es []Event) bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		r.mu.Lock()
		ok := cond(r.notices, r.events)
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Fatalf("timed out waiting for %s; notices %+v, events %+v", what, r.notices, r.events)
		}
	}
}

func hasNotice(k NoticeKind) func([]Notice, []Event) bool {
	return func(ns []Notice, _ []Event) bool {
		for _, n := range ns {
			if n.Kind == k {
				return true
			}
		}
		return false
	}
}

func countNotices(ns []Notice, k NoticeKind) int {
	n := 0
	for _, x := range ns {
		if x.Kind == k {
			n++
		}
	}
	return n
}

func hasEvent(name, arg string) func([]Notice, []Event) bool {
	return func(_ []Notice, es []Event) bool {
		for _, e := range es {
			if e.Name == name && (arg == "" || len(e.Args) > 0 && string(e.Args[0]) == arg) {
				return true
			}
		}
		return false
	}
}

func startServer(t *testing.T, ping time.Duration) *server.SocketIO {
	t.Helper()
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{PingInterval: ping, PingTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// The whole life of a session against zishang520's server: polling, the
// upgrade, events with and without acknowledgements, binary events, the
// heartbeat, a cut connection and the reconnection that follows, with what
// was emitted meanwhile sent after it, and a clean close.
func TestClientAgainstARealServer(t *testing.T) {
	srv := startServer(t, 300*time.Millisecond)
	ctx := context.Background()
	ra, rb := newRecorder(), newRecorder()
	a, err := Dial(ctx, Options{URL: srv.URL(), ReconnectDelay: 100 * time.Millisecond, Notify: ra.notify, OnEvent: ra.event})
	if err != nil {
		t.Fatal(err)
	}
	ra.wait(t, "the upgrade", hasNotice(Upgraded))
	waitTransport(t, a, "websocket")
	b, err := Dial(ctx, Options{URL: srv.URL(), WebSocketOnly: true, Notify: rb.notify, OnEvent: rb.event})
	if err != nil {
		t.Fatal(err)
	}
	if b.Transport() != "websocket" {
		t.Errorf("B's transport is %q", b.Transport())
	}
	args, err := a.EmitWithAck(ctx, "chat", "hi")
	if err != nil || len(args) != 1 || string(args[0]) != `"received"` {
		t.Fatalf("ack %s, %v", args, err)
	}
	rb.wait(t, "the chat at B", hasEvent("chat", `"hi"`))
	if err := b.Emit("chat", "hello"); err != nil {
		t.Fatal(err)
	}
	ra.wait(t, "the chat at A", hasEvent("chat", `"hello"`))
	if err := a.Emit("photo", []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	rb.wait(t, "the photo at B", func(_ []Notice, es []Event) bool {
		for _, e := range es {
			if e.Name == "photo" && len(e.Attachments) == 1 && string(e.Attachments[0]) == "\x01\x02\x03" {
				return true
			}
		}
		return false
	})
	if err := a.Emit("announce", "all"); err != nil {
		t.Fatal(err)
	}
	ra.wait(t, "the announce at A", hasEvent("announce", `"all"`))
	rb.wait(t, "the announce at B", hasEvent("announce", `"all"`))

	// Cut A's WebSocket under both sides: A reconnects with a new session,
	// and what it emitted meanwhile reaches B after that.
	addr := a.LocalAddr()
	if !srv.Cut(addr) {
		t.Fatalf("no connection from %s to cut", addr)
	}
	ra.wait(t, "the disconnect", hasNotice(Disconnected))
	if err := a.Emit("chat", "while away"); err != nil {
		t.Fatal(err)
	}
	ra.wait(t, "the reconnection", func(ns []Notice, _ []Event) bool { return countNotices(ns, Connected) == 2 })
	rb.wait(t, "the buffered chat at B", hasEvent("chat", `"while away"`))
	ra.mu.Lock()
	var sids []string
	for _, n := range ra.notices {
		if n.Kind == Opened {
			sids = append(sids, n.SID)
		}
	}
	buffered := countNotices(ra.notices, Buffered)
	ra.mu.Unlock()
	if len(sids) != 2 || sids[0] == sids[1] {
		t.Errorf("sessions %q: want two different sids", sids)
	}
	if buffered != 1 {
		t.Errorf("%d Buffered notices, want 1", buffered)
	}
	if err := a.Close(); err != nil {
		t.Error(err)
	}
	if err := b.Close(); err != nil {
		t.Error(err)
	}
	if err := a.Emit("chat", "late"); !errors.Is(err, ErrClosed) {
		t.Errorf("Emit after Close: %v", err)
	}
}

func waitTransport(t *testing.T, c *Client, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Transport() != want {
		if time.Now().After(deadline) {
			t.Fatalf("transport %q, want %q", c.Transport(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A client that stays on long-polling answers the server's pings, and
// closes with the DISCONNECT and Engine.IO close packets.
func TestClientStaysOnPolling(t *testing.T) {
	srv := startServer(t, 200*time.Millisecond)
	r := newRecorder()
	c, err := Dial(context.Background(), Options{URL: srv.URL(), NoUpgrade: true, Notify: r.notify, OnEvent: r.event})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond) // three pings or more: a client that did not answer would be dropped
	if c.Transport() != "polling" {
		t.Errorf("transport %q", c.Transport())
	}
	args, err := c.EmitWithAck(context.Background(), "chat", "over polling")
	if err != nil || len(args) != 1 {
		t.Fatalf("ack %s, %v", args, err)
	}
	if n := countNotices(r.notices, Disconnected); n != 0 {
		t.Errorf("%d disconnections", n)
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
}

// Each bad answer to the handshake is its own error.
func TestHandshakeErrors(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		origin  string
		want    Problem
	}{
		{"not found", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "", NotFound},
		{"web page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><title>my app</title>")
		}, "", NotEngineIO},
		{"engine.io v3", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `96:0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}2:40`)
		}, "", EIO3},
		{"forbidden", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"code":4,"message":"Forbidden"}`)
		}, "http://evil.example", Refused},
		{"unsupported version", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"code":5,"message":"Unsupported protocol version"}`)
		}, "", EngineIOError},
		{"no cors", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
		}, "http://localhost:5173", CORS},
		{"server error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "oops", http.StatusInternalServerError)
		}, "", HTTPStatus},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := httptest.NewServer(c.handler)
			defer ts.Close()
			h := http.Header{}
			if c.origin != "" {
				h.Set("Origin", c.origin)
			}
			_, err := Dial(context.Background(), Options{URL: ts.URL, Header: h, Timeout: 5 * time.Second})
			var he *HandshakeError
			if !errors.As(err, &he) || he.Problem != c.want {
				t.Fatalf("err = %v, want problem %d", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("a two-line error: %q", err)
			}
		})
	}
}

// A server that refuses CONNECT with CONNECT_ERROR ("44{...}").
func TestConnectError(t *testing.T) {
	var mu sync.Mutex
	sent := false
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost:
			fmt.Fprint(w, "ok")
		case r.URL.Query().Get("sid") == "":
			fmt.Fprint(w, `0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
		default:
			mu.Lock()
			first := !sent
			sent = true
			mu.Unlock()
			if first {
				fmt.Fprint(w, `44{"message":"not authorized"}`)
				return
			}
			select { // hold the poll as a server would, until the client goes
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
				fmt.Fprint(w, "6")
			}
		}
	}))
	defer ts.Close()
	_, err := Dial(context.Background(), Options{URL: ts.URL, Auth: json.RawMessage(`{"token":"x"}`), Timeout: 5 * time.Second})
	var ce *ConnectError
	if !errors.As(err, &ce) || ce.Message != "not authorized" {
		t.Fatalf("err = %v", err)
	}
}

// A BINARY_ACK is shown with its attachments in their placeholders'
// places, an ACK as its JSON.
func TestAckShown(t *testing.T) {
	a := Ack{Binary: true, Args: []json.RawMessage{[]byte(`"ok"`), []byte(`{"_placeholder":true,"num":0}`)}, Attachments: [][]byte{{1, 2, 3}}}
	if got, want := strings.Join(a.Shown(), ","), `"ok",<binary, 3 bytes: 010203>`; got != want {
		t.Errorf("binary: %s, want %s", got, want)
	}
	a.Binary = false
	if got, want := strings.Join(a.Shown(), ","), `"ok",{"_placeholder":true,"num":0}`; got != want {
		t.Errorf("not binary: %s, want %s", got, want)
	}
}
