package server

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	sio "github.com/zishang520/socket.io/servers/socket/v3"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// The Socket.IO server of `wsdemo socketio` is zishang520's implementation
// (github.com/zishang520/socket.io, servers/socket v3: Socket.IO v5 over
// Engine.IO v4, the protocol of Node's socket.io 3 and later), not one of
// ours: the scenario shows what a real Socket.IO server puts on the wire.
// Around it wsdemo keeps the HTTP server, the listener (so that a demo can
// cut a connection under both sides) and a plain WebSocket endpoint to
// compare with.

// SocketIORoom is the room every socket of the demo's chat joins: a name
// the server keeps for itself, which never crosses the wire.
const SocketIORoom = "doc-42"

// SocketIOPath is where the Socket.IO server answers: Socket.IO's default
// path (Engine.IO v4, "Request path").
const SocketIOPath = "/socket.io/"

// RawWSPath is the plain WebSocket endpoint beside the Socket.IO server: it
// reads messages until the client closes, and answers nothing, so that the
// bytes of an event sent over a plain WebSocket can be compared with the
// same event sent through Socket.IO.
const RawWSPath = "/raw"

// SocketIOConfig configures a SocketIO server.
type SocketIOConfig struct {
	// Rec receives the server's notes (a socket joining its room, an emit
	// to a room); nil discards them.
	Rec *trace.Recorder
	// Lang is the language of the notes.
	Lang string
	// PingInterval and PingTimeout are Engine.IO's heartbeat settings, sent
	// to every client in the open packet (Engine.IO v4, "Heartbeat"); 0
	// means Socket.IO's defaults, 25 s and 20 s.
	PingInterval, PingTimeout time.Duration
}

// SocketIO is a running Socket.IO server serving the demo's chat:
//
//   - every socket joins the room SocketIORoom when it connects;
//   - "chat" (a text, and an acknowledgement callback if the client asked
//     for one): sent to the room's other sockets, and acknowledged with
//     "received";
//   - "announce" (a text): sent to every socket in the room, the sender
//     included (io.to(room).emit);
//   - "photo" (binary data): sent to the room's other sockets, as binary.
type SocketIO struct {
	cfg  SocketIOConfig
	text lang.Text
	io   *sio.Server
	http *http.Server
	ln   net.Listener
	done chan struct{} // closed when Serve returns

	mu      sync.Mutex
	said    map[string]bool     // the notes' sentences said once
	conns   map[string]net.Conn // accepted connections by the client's address
	raw     sync.WaitGroup      // RawWSPath sessions
	closing bool
	closed  chan struct{} // closed by Close: RawWSPath sessions end

	// handlersDelay and answerDelay, set by tests only, hold up what a
	// busy machine may: the "connection" handler, and zishang520's own
	// work right after it wrote a CONNECT answer. Nothing a client relies
	// on may wait for them.
	handlersDelay, answerDelay atomic.Int64 // time.Duration

	gates sync.Map // sio.SocketId → *packetGate, until the socket is connected
}

// StartSocketIO listens on addr (host:port; port 0 lets the OS pick) and
// serves Socket.IO at SocketIOPath and a plain WebSocket at RawWSPath.
func StartSocketIO(addr string, cfg SocketIOConfig) (*SocketIO, error) {
	ln, err := Listen(addr)
	if err != nil {
		return nil, err
	}
	s := &SocketIO{cfg: cfg, text: lang.For(cfg.Lang), conns: map[string]net.Conn{}, said: map[string]bool{}, done: make(chan struct{}), closed: make(chan struct{})}
	opts := sio.DefaultServerOptions()
	if cfg.PingInterval > 0 {
		opts.SetPingInterval(cfg.PingInterval)
	}
	if cfg.PingTimeout > 0 {
		opts.SetPingTimeout(cfg.PingTimeout)
	}
	opts.SetServeClient(false) // no /socket.io/socket.io.js: the demo's client is Go
	s.io = sio.NewServer(nil, opts)
	// zishang520 records that a client joined the namespace only after it
	// has handed the CONNECT answer to the transport, on another goroutine
	// than the one reading what the client sends; a packet for the
	// namespace that comes in between is an "invalid state" to it, and it
	// closes the session ("forced close"), though the client did as
	// Socket.IO v5 allows ("Sending and receiving data": once the
	// connection to a namespace is established, both sides may send). So the client's next packets wait (holdPackets) until the
	// "connection" handler runs, which comes after that record.
	//
	// A socket joins the room in a middleware, before its CONNECT is
	// answered, not in the "connection" handler: zishang520 writes the
	// CONNECT answer first and runs that handler after, on the socket's own
	// goroutine, so a client that emits as soon as another one is
	// connected could reach a room the other had not joined yet, and the
	// event would be lost. (Node's single thread hides that order.) The
	// handlers below may still come after the answer: a socket's own
	// events wait in its queue behind "connection".
	s.io.Use(func(sock *sio.Socket, next func(*sio.ExtendedError)) {
		s.holdPackets(sock)
		if d := time.Duration(s.answerDelay.Load()); d > 0 {
			// The engine's "drain" follows the CONNECT answer's handing
			// to the transport, on the goroutine that has yet to record
			// the namespace as joined.
			_ = sock.Conn().Once("drain", func(...any) { time.Sleep(d) })
		}
		s.join(sock)
		next(nil)
	})
	s.io.On("connection", func(args ...any) {
		if len(args) > 0 {
			if sock, ok := args[0].(*sio.Socket); ok {
				s.connected(sock)
			}
		}
	})
	mux := http.NewServeMux()
	mux.Handle(SocketIOPath, s.io.ServeHandler(nil))
	mux.HandleFunc(RawWSPath, s.serveRaw)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	s.ln = &trackingListener{Listener: ln, s: s}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(s.ln)
	}()
	return s, nil
}

// Addr is the address the server listens on, e.g. "127.0.0.1:54321".
func (s *SocketIO) Addr() string { return s.ln.Addr().String() }

// URL is the server's base URL, e.g. "http://127.0.0.1:54321".
func (s *SocketIO) URL() string { return "http://" + s.Addr() }

// holdPackets makes what the client of sock sends next wait, on the
// goroutine that reads it, until released: by the "connection" handler
// (connected), or by the end of the session.
func (s *SocketIO) holdPackets(sock *sio.Socket) {
	g := &packetGate{open: make(chan struct{})}
	s.gates.Store(sock.Id(), g)
	// The engine emits "packet" for each packet it reads, before the
	// Socket.IO layer sees it.
	_ = sock.Conn().On("packet", func(...any) { <-g.open })
	_ = sock.Conn().Once("close", func(...any) {
		s.gates.Delete(sock.Id())
		g.release()
	})
}

// packetGate holds a client's packets until the server has recorded its
// socket as connected.
type packetGate struct {
	open chan struct{}
	once sync.Once
}

func (g *packetGate) release() { g.once.Do(func() { close(g.open) }) }

// join puts a socket of the demo's chat in its room.
func (s *SocketIO) join(sock *sio.Socket) {
	sock.Join(SocketIORoom)
	s.note("room", lang.M("The server put the socket in the room %s, a name it keeps for itself: nothing crossed the wire for it: the protocol has no room field, and no packet in this run named it.", SocketIORoom),
		lang.M("socket %s joins the room %s", string(sock.Id()), SocketIORoom))
}

// connected sets up the handlers of a socket of the demo's chat.
func (s *SocketIO) connected(sock *sio.Socket) {
	if g, ok := s.gates.LoadAndDelete(sock.Id()); ok {
		g.(*packetGate).release()
	}
	time.Sleep(time.Duration(s.handlersDelay.Load()))
	sock.On("chat", func(args ...any) {
		text, ack := eventArgs(args)
		_ = sock.To(SocketIORoom).Emit("chat", text...)
		if ack != nil {
			ack([]any{"received"}, nil)
		}
	})
	sock.On("announce", func(args ...any) {
		text, _ := eventArgs(args)
		s.note("announce", lang.M("One call on the server sends the event to every socket in the room, the sender included: the server writes it once on each of their connections. The room's name stays on the server."),
			lang.M("io.to(%q).emit(\"announce\", …)", SocketIORoom))
		s.io.To(SocketIORoom).Emit("announce", text...)
	})
	sock.On("photo", func(args ...any) {
		data, _ := eventArgs(args)
		_ = sock.To(SocketIORoom).Emit("photo", data...)
	})
}

// eventArgs splits an event's arguments from the acknowledgement callback
// zishang520 appends when the client asked for one.
func eventArgs(args []any) ([]any, sio.Ack) {
	if n := len(args); n > 0 {
		if ack, ok := args[n-1].(sio.Ack); ok {
			return args[:n-1], ack
		}
	}
	return args, nil
}

// note records what the server did on its side: summary names the step,
// sentence explains it, the first time the step is taken (key).
func (s *SocketIO) note(key string, sentence, summary trace.Msg) {
	if s.cfg.Rec == nil {
		return
	}
	s.mu.Lock()
	first := !s.said[key]
	s.said[key] = true
	s.mu.Unlock()
	e := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindNote}
	e.Summary, e.SummaryMsg = lang.Trace.Say(summary), summary
	if first {
		s.text.SetNote(&e, sentence)
	}
	s.cfg.Rec.Emit(e)
}

// serveRaw accepts a plain WebSocket and reads its messages until the
// client closes it.
func (s *SocketIO) serveRaw(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		http.Error(w, "closing", http.StatusServiceUnavailable)
		return
	}
	s.raw.Add(1)
	s.mu.Unlock()
	defer s.raw.Done()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-s.closed:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			return
		}
	}
}

// Cut aborts the server's end of the TCP connection that comes from
// clientAddr (the client's ip:port), as a crashed server or a dropped
// network path would: the server's socket is closed with a reset (SO_LINGER
// 0), under the Socket.IO server, which says nothing first. It reports
// whether such a connection was open.
func (s *SocketIO) Cut(clientAddr string) bool {
	s.mu.Lock()
	c := s.conns[clientAddr]
	delete(s.conns, clientAddr)
	s.mu.Unlock()
	if c == nil {
		return false
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
	return true
}

// Close stops the server: every Socket.IO session, the plain WebSocket
// sessions, the listener and every connection, and waits for them.
func (s *SocketIO) Close() error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		<-s.done
		return nil
	}
	s.closing = true
	close(s.closed)
	s.mu.Unlock()
	closed := make(chan struct{})
	s.io.Close(func(error) { close(closed) })
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = s.http.Close()
	}
	// Hijacked connections (WebSockets) escape Shutdown: close them all.
	s.mu.Lock()
	for addr, c := range s.conns {
		_ = c.Close()
		delete(s.conns, addr)
	}
	s.mu.Unlock()
	s.raw.Wait()
	<-s.done
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// trackingListener remembers the connections it accepts, by the client's
// address, for Cut and Close.
type trackingListener struct {
	net.Listener
	s *SocketIO
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.s.mu.Lock()
	l.s.conns[c.RemoteAddr().String()] = c
	l.s.mu.Unlock()
	return &trackedConn{Conn: c, s: l.s}, nil
}

// trackedConn forgets itself when closed.
type trackedConn struct {
	net.Conn
	s    *SocketIO
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.s.mu.Lock()
		if c.s.conns[c.RemoteAddr().String()] == c.Conn {
			delete(c.s.conns, c.RemoteAddr().String())
		}
		c.s.mu.Unlock()
	})
	return c.Conn.Close()
}
