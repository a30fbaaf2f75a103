package capture

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zishang520/socket.io/clients/engine/v3/transports"
	sioclient "github.com/zishang520/socket.io/clients/socket/v3"
	sioserver "github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
	"go.uber.org/goleak"

	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// TestMain fails the run if a test leaves goroutines behind, with two
// exceptions, both zishang520's:
//   - its engine client starts a network monitor in its init function,
//     polling the interfaces every 3 s for the life of the process, with no
//     exported way to stop it: that one, running before any test, is
//     ignored;
//   - when a client goes away during an upgrade (TestFirstTransportIsRandom
//     does that 64 times), timer goroutines are at times still running
//     after the client's Disconnect, Server.Close and http.Server.Shutdown
//     have returned: a utils.SetInterval (besides the client's monitor,
//     only the engine server's MaybeUpgrade uses one: its 100 ms check
//     that writes noops) and a utils.SetTimeout (which one is not known).
//     No call of its API stops them, so they are ignored by function.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent(),
		goleak.IgnoreTopFunction("github.com/zishang520/socket.io/v3/pkg/utils.SetInterval.func1"),
		goleak.IgnoreTopFunction("github.com/zishang520/socket.io/v3/pkg/utils.SetTimeout.func1"))
}

var capture = flag.Bool("capture", false, "run zishang520's Socket.IO server and client and rewrite ../../pkg/wire/testdata/sio/*.capture")

// outDir is where the captures go: beside the decoder that reads them.
const outDir = "../../pkg/wire/testdata/sio"

// transcript records what a tap saw, in order: each connection's opening,
// every read and write as sent by whom, and the first close. The file
// format is documented in its header (see write).
type transcript struct {
	mu    sync.Mutex
	lines bytes.Buffer
	conns map[*wiretap.Conn]int
}

func newTranscript() *transcript { return &transcript{conns: map[*wiretap.Conn]int{}} }

func (r *transcript) Opened(c *wiretap.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conns[c] = c.ID
	fmt.Fprintf(&r.lines, "%d open\n", c.ID)
}

func (r *transcript) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(&r.lines, "%d %s %s\n", c.ID, from, strconv.QuoteToASCII(string(p)))
}

// Ended writes the connection's first end only, as the transcripts did
// when the tap reported one close per connection.
func (r *transcript) Ended(c *wiretap.Conn, e wiretap.End) {
	if !e.First {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(&r.lines, "%d close %s\n", c.ID, e.Side)
}

func (r *transcript) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lines.String()
}

// write saves the transcript with a header saying what it is.
func (r *transcript) write(t *testing.T, name, what string) {
	t.Helper()
	head := "# " + what + "\n" +
		"# Recorded by internal/capture (go test -run TestCapture -capture) on the server side of\n" +
		"# loopback connections between zishang520/socket.io servers/socket v3.0.6 and clients/socket v3.0.6.\n" +
		"# One line per tap observation, in order: \"N open\", \"N client|server <Go-quoted bytes>\" (bytes\n" +
		"# that side sent, as read or written in one call), \"N close client|server\" (who closed first).\n"
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outDir, name), []byte(head+r.text()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// server is zishang520's Socket.IO server behind wsdemo's tap: an
// http.Server of our own serves its handler on a tapped listener.
type server struct {
	io   *sioserver.Server
	http *http.Server
	addr string
	done chan struct{}
}

// startServer starts the server with a short ping interval, so that a
// heartbeat crosses within the capture, and the handlers the story needs.
func startServer(t *testing.T, tr *transcript) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts := sioserver.DefaultServerOptions()
	opts.SetPingInterval(300 * time.Millisecond)
	opts.SetPingTimeout(20 * time.Second)
	opts.SetServeClient(false)
	io := sioserver.NewServer(nil, opts)
	io.On("connection", func(args ...any) {
		s := args[0].(*sioserver.Socket)
		s.On("chat", func(args ...any) {
			// Broadcast to everyone but the sender, as a chat does.
			s.Broadcast().Emit("chat", args...)
		})
		s.On("ask", func(args ...any) {
			if ack, ok := args[len(args)-1].(sioserver.Ack); ok {
				ack([]any{"yes"}, nil)
			}
		})
		s.On("upload", func(args ...any) {
			// Answer a binary event with a binary event.
			s.Emit("file", []byte{0xca, 0xfe})
		})
		s.Emit("welcome", "hi")
	})
	s := &server{io: io, http: &http.Server{Handler: io.ServeHandler(nil)}, addr: ln.Addr().String(), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(wiretap.New(tr).Listen(ln)); !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	return s
}

// stop closes the Socket.IO server (every client's socket), then the HTTP
// server and its connections, and waits for Serve to return.
func (s *server) stop(t *testing.T) {
	t.Helper()
	closed := make(chan error, 1)
	s.io.Close(func(err error) { closed <- err })
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Error("Socket.IO server did not close")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		_ = s.http.Close()
	}
	<-s.done
}

// client connects zishang520's client with the given transports; no
// reconnection, no shared manager.
func client(t *testing.T, addr string, transports ...transports.TransportCtor) *sioclient.Socket {
	return clientTraced(t, nil, addr, transports...)
}

// clientTraced is client, saying what the tap saw when it fails.
func clientTraced(t *testing.T, tr *transcript, addr string, transports ...transports.TransportCtor) *sioclient.Socket {
	t.Helper()
	c := dial(t, addr, transports...)
	connected := make(chan struct{})
	var once sync.Once
	c.On("connect", func(...any) { once.Do(func() { close(connected) }) })
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		if tr != nil {
			t.Fatalf("client did not connect; the tap saw:\n%s", tr.text())
		}
		t.Fatal("client did not connect")
	}
	return c
}

// dial starts zishang520's client without waiting for it to connect.
func dial(t *testing.T, addr string, transports ...transports.TransportCtor) *sioclient.Socket {
	t.Helper()
	opts := sioclient.DefaultOptions()
	opts.SetTransports(types.NewSet(transports...))
	opts.SetForceNew(true)
	opts.SetReconnection(false)
	c, err := sioclient.Connect("http://"+addr, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// transportName is the Engine.IO transport the client uses now.
func transportName(c *sioclient.Socket) string {
	e := c.Io().Engine()
	if e == nil || e.Transport() == nil {
		return ""
	}
	return e.Transport().Name()
}

// story runs what the capture shows, on a client already connected: an
// event, an event with an ack, a binary event (answered by one), and a
// server heartbeat.
func story(t *testing.T, tr *transcript, c *sioclient.Socket) {
	t.Helper()
	got := make(chan string, 8)
	c.On("welcome", func(...any) { got <- "welcome" })
	c.On("file", func(...any) { got <- "file" })
	pinged := make(chan struct{}, 1)
	c.Io().On("ping", func(...any) {
		select {
		case pinged <- struct{}{}:
		default:
		}
	})
	if err := c.Emit("chat", "hi"); err != nil {
		t.Fatal(err)
	}
	if err := c.Emit("ask", "ready?", func(args []any, err error) { got <- fmt.Sprint("ack ", args) }); err != nil {
		t.Fatal(err)
	}
	if err := c.Emit("upload", []byte{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ack", "file"} {
		select {
		case g := <-got:
			for g == "welcome" {
				g = <-got
			}
			if len(g) < len(want) || g[:len(want)] != want {
				t.Fatalf("got %q, want %q", g, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no %s; the tap saw:\n%s", want, tr.text())
		}
	}
	select {
	case <-pinged:
	case <-time.After(10 * time.Second):
		t.Fatal("no heartbeat")
	}
	time.Sleep(100 * time.Millisecond) // the pong crosses
	_ = tr
}

// firstLine returns the first line of a transcript that holds bytes.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, " client ") || strings.Contains(l, " server ") {
			return l
		}
	}
	return ""
}

// TestCapture records the sessions pkg/wire's golden tests decode.
func TestCapture(t *testing.T) {
	if !*capture {
		t.Skip("run with -capture to record real Socket.IO traffic")
	}
	t.Run("upgrade", func(t *testing.T) {
		// The default: long-polling first, then the upgrade to WebSocket.
		// zishang520's client takes its first transport from a Go map
		// (TestFirstTransportIsRandom): retry until it starts polling.
		// And the noop shows only when a GET is pending as the probe
		// arrives, a race: retry until both happened.
		var tr *transcript
		var srv *server
		var c *sioclient.Socket
		for try := 0; ; try++ {
			tr = newTranscript()
			srv = startServer(t, tr)
			c = client(t, srv.addr, sioclient.Polling, sioclient.WebSocket)
			if strings.Contains(firstLine(tr.text()), "transport=polling") {
				waitFor(t, "the upgrade", 10*time.Second, func() bool { return transportName(c) == "websocket" })
				if strings.Contains(tr.text(), `\r\n\r\n6"`) {
					break
				}
			}
			c.Disconnect()
			srv.stop(t)
			if try == 50 {
				t.Fatal("no polling start with a noop in 50 tries")
			}
		}
		story(t, tr, c)
		c.Disconnect()
		time.Sleep(100 * time.Millisecond)
		srv.stop(t)
		tr.write(t, "upgrade.capture", "A Socket.IO session that starts on HTTP long-polling and upgrades to WebSocket: open, 40, 2probe/3probe, 6 noop, 5 upgrade, events, an ack, binary events, a server heartbeat, a disconnect.")
	})
	t.Run("polling", func(t *testing.T) {
		// Long-polling only: binary attachments as "b" + base64 packets.
		// zishang520's client cannot do this story on polling alone (its
		// POSTs wait for the pending GET: TestZishangPollingWritesWaitForThePoll),
		// so the client is a minimal one of ours; the server is real.
		tr := newTranscript()
		srv := startServer(t, tr)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := dialPolling(ctx, srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		step := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v; the tap saw:\n%s", what, err, tr.text())
			}
		}
		step("CONNECT", c.message(ctx, "0"))
		_, err = c.next(10*time.Second, textHasPrefix(`40{"sid":`))
		step("CONNECT answer", err)
		_, err = c.next(10*time.Second, textIs(`42["welcome","hi"]`))
		step("welcome", err)
		step("chat", c.message(ctx, `2["chat","hi"]`))
		step("ask", c.message(ctx, `20["ask","ready?"]`))
		_, err = c.next(10*time.Second, textIs(`430["yes"]`))
		step("ack", err)
		step("upload", c.send(ctx, []byte(`451-["upload",{"_placeholder":true,"num":0}]`), wire.AppendEIOBinaryPolling(nil, []byte{1, 2, 3, 4})))
		_, err = c.next(10*time.Second, textHasPrefix(`451-["file",`))
		step("file", err)
		_, err = c.next(10*time.Second, func(p wire.EIOPacket) bool { return p.Binary })
		step("file attachment", err)
		waitFor(t, "a heartbeat", 10*time.Second, func() bool { return c.pings.Load() > 0 })
		step("close", c.close(ctx))
		srv.stop(t)
		tr.write(t, "polling.capture", "A Socket.IO session on HTTP long-polling only (client: wsdemo's minimal polling client, server: zishang520's): several packets to a body, binary attachments as \"b\" + base64 packets, a heartbeat, the client's close packet.")
	})
	t.Run("websocket", func(t *testing.T) {
		// WebSocket only: the Engine.IO handshake inside the WebSocket.
		tr := newTranscript()
		srv := startServer(t, tr)
		c := client(t, srv.addr, sioclient.WebSocket)
		story(t, tr, c)
		c.Disconnect()
		time.Sleep(100 * time.Millisecond)
		srv.stop(t)
		tr.write(t, "websocket.capture", "A Socket.IO session on WebSocket only: the Engine.IO open packet is the first WebSocket message.")
	})
}
