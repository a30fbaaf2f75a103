package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

// A server that dies in the middle of the session: the run ends with an
// error in plain words (ErrServerEnded, for the CLI's hint), no library
// text, after its summary.
func TestSocketIOURLServerDies(t *testing.T) {
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{PingInterval: 300 * time.Millisecond, PingTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// The learner's server is a process that dies: its kernel closes its
	// sockets, no goodbye. A forwarder stands for the process.
	proc := startForwarder(t, srv.Addr())
	// The client would stay 30s: the server goes once the announce's
	// echo shows the session runs.
	rec := trace.NewRecorder()
	done := make(chan error, 1)
	go func() {
		done <- RunSocketIO(context.Background(), rec, SocketIOOptions{Common: Common{Timeout: 10 * time.Second, Lang: lang.English},
			URL: "http://" + proc.addr(), Emit: "announce", Data: []byte(`"hi"`), Listen: 30 * time.Second})
	}()
	waitEvent(t, rec, func(e trace.Event) bool {
		return e.Kind == trace.KindSIOPacket && e.From == trace.Server && strings.HasPrefix(e.Summary, "EVENT")
	})
	proc.kill()
	err = <-done
	rec.Close()
	evs := rec.Events()
	if !errors.Is(err, ErrServerEnded) {
		t.Fatalf("err = %v, want ErrServerEnded", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "your server ") || strings.Contains(msg, "failed to") || strings.Contains(msg, "\n") {
		t.Errorf("err = %q: not one line in wsdemo's words", msg)
	}
	if len(evs) == 0 || evs[len(evs)-1].Kind != trace.KindSummary {
		t.Errorf("the run does not end with its summary")
	}
}

// The upgrade fails because the server went away: the notes say the
// upgrade failed (in plain words) and then that the session ended too,
// never that events still cross; the run is an error.
func TestSocketIOURLUpgradeFailsServerGone(t *testing.T) {
	var ts *httptest.Server
	gets := 0
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case q.Get("transport") == "websocket":
			// The server goes away: its listener and every connection.
			ts.Listener.Close()
			go ts.CloseClientConnections()
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close()
		case q.Get("sid") == "":
			fmt.Fprint(w, `0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
		case r.Method == http.MethodPost:
			fmt.Fprint(w, "ok")
		default:
			gets++
			if gets == 1 {
				fmt.Fprint(w, `40{"sid":"def"}`)
				return
			}
			<-r.Context().Done() // a poll held open
		}
	}))
	defer ts.Close()
	evs, err := record(RunSocketIO, SocketIOOptions{Common: Common{Timeout: 10 * time.Second, Lang: lang.English}, URL: ts.URL, Listen: 30 * time.Second})
	if !errors.Is(err, ErrServerEnded) {
		t.Fatalf("err = %v, want ErrServerEnded", err)
	}
	// The upgrade's failure and the polling's may be reported in either
	// order; "after the failed upgrade" is said only when the upgrade's
	// came first.
	at := inOrder(t, evs, summarized("the upgrade to WebSocket failed: the server "))
	ended := slices.IndexFunc(evs, func(e trace.Event) bool { return strings.HasPrefix(e.Summary, "the session ended") })
	if len(at) == 1 && ended > at[0] {
		inOrder(t, evs[at[0]:], summarized("after the failed upgrade: the session ended too"))
	}
	for _, e := range evs {
		for _, bad := range []string{"failed to WebSocket dial", "still cross", "stays on long-polling"} {
			if strings.Contains(e.Summary+e.Note, bad) {
				t.Errorf("seq %d: %q in %s | %s", e.Seq, bad, e.Summary, e.Note)
			}
		}
	}
}

func summarized(prefix string) step {
	return step{"a summary " + prefix, func(e *trace.Event) bool { return strings.HasPrefix(e.Summary, prefix) }}
}

// forwarder relays TCP connections to a server until kill, which closes
// its listener and every connection at once, as a process's death does.
type forwarder struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startForwarder(t *testing.T, to string) *forwarder {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", to)
			if err != nil {
				c.Close()
				continue
			}
			f.mu.Lock()
			f.conns = append(f.conns, c, u)
			f.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
	t.Cleanup(f.kill)
	return f
}

func (f *forwarder) addr() string { return f.ln.Addr().String() }

func (f *forwarder) kill() {
	f.ln.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.conns {
		c.Close()
	}
}
