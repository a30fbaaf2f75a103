package exercise

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sio "github.com/zishang520/socket.io/servers/socket/v3"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// sioServer is the socketio exercise's reference server, written as a
// learner would with zishang520's Socket.IO server (the Go counterpart of
// Node's socket.io), broken as brk says. "lenient" does what the task does
// not ask about: a welcome event on connection, a user-joined event to the
// others, an acknowledgement with two values, a quicker heartbeat.
func sioServer(t *testing.T, brk string) string {
	t.Helper()
	opts := sio.DefaultServerOptions()
	opts.SetServeClient(false)
	if brk == "lenient" {
		opts.SetPingInterval(300 * time.Millisecond)
	}
	io := sio.NewServer(nil, opts)
	var mu sync.Mutex
	joined := 0
	io.Use(func(s *sio.Socket, next func(*sio.ExtendedError)) {
		mu.Lock()
		joined++
		n := joined
		mu.Unlock()
		switch {
		case brk == "sio-connect":
			next(sio.NewExtendedError("not authorized", nil))
		case brk == "sio-second" && n > 1:
			next(sio.NewExtendedError("one client at a time", nil))
		default:
			next(nil)
		}
	})
	io.On("connection", func(args ...any) {
		s := args[0].(*sio.Socket)
		if brk == "lenient" {
			_ = s.Emit("welcome", "hello "+string(s.Id()))
			_ = s.Broadcast().Emit("user joined", string(s.Id()))
		}
		s.On("chat", func(args ...any) {
			text, ack := args, sio.Ack(nil)
			if n := len(args); n > 0 {
				if a, ok := args[n-1].(sio.Ack); ok {
					text, ack = args[:n-1], a
				}
			}
			switch brk {
			case "chat-broadcast":
			case "chat-not-to-sender":
				io.Emit("chat", text...)
			default:
				_ = s.Broadcast().Emit("chat", text...)
			}
			switch {
			case ack == nil || brk == "chat-ack":
			case brk == "lenient":
				ack([]any{"ok", 1}, nil)
			case brk == "binary-ack":
				ack([]any{"ok", []byte{1, 2, 3}}, nil)
			default:
				ack([]any{"ok"}, nil)
			}
		})
	})
	mux := http.NewServeMux()
	mux.Handle("/socket.io/", io.ServeHandler(nil))
	srv := start(t, mux)
	t.Cleanup(func() {
		done := make(chan struct{})
		io.Close(func(error) { close(done) })
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	})
	return srv.URL + "/"
}

// notSocketIO answers the handshake as servers that are not Socket.IO v4
// do: a web page, or Engine.IO v3's payload.
func notSocketIO(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

// The socketio exercise's checks are honest too: the reference server
// passes them all, a lenient one as well, and each broken variant fails
// exactly the check about what it breaks.
func TestSocketIOChecksAreHonest(t *testing.T) {
	t.Parallel()
	x := exerciseNamed(t, "socketio")
	http := func(h http.Handler) func(t *testing.T) string {
		return func(t *testing.T) string { return start(t, h).URL + "/" }
	}
	refused := lang.Msg("the server refused %s's CONNECT with CONNECT_ERROR %s")
	cases := []serverCase{
		{"reference", func(t *testing.T) string { return sioServer(t, "") }, verdict{}},
		{"lenient", func(t *testing.T) string { return sioServer(t, "lenient") }, verdict{}},
		{"a web page", http(notSocketIO("<!doctype html><title>my app</title>")), verdict{"sio-handshake", "the body is no open packet: it starts %s"}},
		{"socket.io 2", http(notSocketIO(`96:0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}2:40`)),
			verdict{"sio-handshake", "the body is Engine.IO v3's, packets counted by their length (%s): the protocol of socket.io 2"}},
		{"refuses everyone", func(t *testing.T) string { return sioServer(t, "sio-connect") }, verdict{"sio-connect", refused}},
		{"one client at a time", func(t *testing.T) string { return sioServer(t, "sio-second") }, verdict{"sio-second", refused}},
		{"no acknowledgement", func(t *testing.T) string { return sioServer(t, "chat-ack") }, verdict{"chat-ack", "no acknowledgement within 2 s"}},
		{"acknowledges only", func(t *testing.T) string { return sioServer(t, "chat-broadcast") }, verdict{"chat-broadcast", "client B got nothing within 2 s"}},
		{"io.emit", func(t *testing.T) string { return sioServer(t, "chat-not-to-sender") }, verdict{"chat-not-to-sender", "client A got its own chat event back"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res, evs := check(t, x, c.url(t))
			f := res.Failure
			switch {
			case c.want.step == "" && f != nil:
				for _, e := range evs {
					t.Logf("%d %d %s %s→%s %s", e.TUS, e.Conn, e.Kind, e.From, e.To, e.Summary)
				}
				t.Fatalf("check %d (%s) failed: %s", f.Number, f.Step, lang.Trace.Say(f.Detail))
			case c.want.step == "" && res.Passed != len(x.Checks):
				t.Fatalf("passed %d of %d", res.Passed, len(x.Checks))
			case c.want.step != "" && f == nil:
				t.Fatalf("every check passed; want %s to fail", c.want.step)
			case c.want.step != "" && (f.Step != c.want.step || f.Detail.Format != string(c.want.detail)):
				t.Fatalf("failed at %s: %q; want %s: %q", f.Step, lang.Trace.Say(f.Detail), c.want.step, c.want.detail)
			}
			if c.want.step != "" && res.Passed != slices.Index(x.Checks, c.want.step) {
				t.Errorf("passed %d checks before %s, want %d", res.Passed, c.want.step, slices.Index(x.Checks, c.want.step))
			}
			if last := evs[len(evs)-1]; last.Kind != trace.KindSummary {
				t.Errorf("the trace ends with %s, not the summary", last.Kind)
			}
			// The checks' client is tapped: the trace shows the packets.
			if c.want.step == "" && !slices.ContainsFunc(evs, func(e trace.Event) bool {
				return e.Kind == trace.KindSIOPacket && e.SIO != nil && e.SIO.SIOName == "ACK"
			}) {
				t.Error("no ACK packet in the trace")
			}
		})
	}
	broken := map[string]bool{}
	for _, c := range cases {
		broken[c.want.step] = true
	}
	for _, step := range x.Checks {
		if !broken[step] {
			t.Errorf("no server fails the check %s", step)
		}
	}
}

// A server that acknowledges with binary data passes chat-ack, whose
// detail names the BINARY_ACK and shows the bytes in the placeholder's
// place.
func TestSocketIOBinaryAck(t *testing.T) {
	t.Parallel()
	x := exerciseNamed(t, "socketio")
	res, evs := check(t, x, sioServer(t, "binary-ack"))
	if res.Failure != nil {
		t.Fatalf("check %s failed: %s", res.Failure.Step, lang.Trace.Say(res.Failure.Detail))
	}
	want := `carrying ["ok",<binary, 3 bytes: 010203>]`
	if !slices.ContainsFunc(evs, func(e trace.Event) bool {
		return e.Check != nil && strings.HasPrefix(e.Check.Detail, "the BINARY_ACK (6) came") && strings.Contains(e.Check.Detail, want)
	}) {
		for _, e := range evs {
			t.Logf("%s %s", e.Kind, e.Summary)
		}
		t.Errorf("no detail names the BINARY_ACK with %s", want)
	}
}

// Two clients share the diagram: every TCP connection the checks open is
// labelled as client A's or client B's, right after it opens.
func TestSocketIOConnectionsLabelled(t *testing.T) {
	t.Parallel()
	x := exerciseNamed(t, "socketio")
	_, evs := check(t, x, sioServer(t, ""))
	owner := map[int]string{}
	opened := 0
	for _, e := range evs {
		switch {
		case e.Kind == trace.KindTCPConnect:
			opened++
		case e.Kind == trace.KindNote && strings.HasPrefix(e.Summary, "TCP connection #"):
			owner[e.Conn] = e.Summary
		}
	}
	var a, b int
	for _, s := range owner {
		a += strings.Count(s, "client A's")
		b += strings.Count(s, "client B's")
	}
	// The handshake check's own connection belongs to neither client.
	if a == 0 || b == 0 || len(owner) < opened-1 {
		t.Errorf("%d connections opened, labels: %v", opened, owner)
	}
}
