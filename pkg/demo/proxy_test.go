package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// recConn records what one peer wrote and read on its real socket, and when
// it closed: the ground truth the proxy's trace is checked against.
type recConn struct {
	net.Conn
	mu           sync.Mutex
	wrote, read  bytes.Buffer
	closedAt     time.Time
	closeWriteAt time.Time
}

func (c *recConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	c.wrote.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *recConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.read.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *recConn) Close() error {
	c.mu.Lock()
	if c.closedAt.IsZero() {
		c.closedAt = time.Now()
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

func (c *recConn) CloseWrite() error {
	c.mu.Lock()
	if c.closeWriteAt.IsZero() {
		c.closeWriteAt = time.Now()
	}
	c.mu.Unlock()
	return c.Conn.(*net.TCPConn).CloseWrite()
}

func (c *recConn) bytes() (wrote, read []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.wrote.Bytes()), bytes.Clone(c.read.Bytes())
}

// endedAt is when this peer ended its stream: CloseWrite or Close.
func (c *recConn) endedAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closeWriteAt.IsZero() && (c.closedAt.IsZero() || c.closeWriteAt.Before(c.closedAt)) {
		return c.closeWriteAt
	}
	return c.closedAt
}

// peers records every connection of one side, in the order they opened.
type peers struct {
	mu    sync.Mutex
	conns []*recConn
}

func (p *peers) add(c net.Conn) *recConn {
	rc := &recConn{Conn: c}
	p.mu.Lock()
	p.conns = append(p.conns, rc)
	p.mu.Unlock()
	return rc
}

func (p *peers) all() []*recConn {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.conns)
}

// recListener records the connections a server accepts.
type recListener struct {
	net.Listener
	p *peers
}

func (l recListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.p.add(c), nil
}

// upstream starts a real HTTP server on loopback, recording its
// connections, and returns its address.
func upstream(t *testing.T, h http.Handler) (string, *peers) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &peers{}
	srv := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(recListener{ln, p})
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return ln.Addr().String(), p
}

// runningProxy is a RunProxy in progress.
type runningProxy struct {
	addr string
	rec  *trace.Recorder
	stop func() ([]trace.Event, error)
	hint *syncBuffer
	// taken are the events waitClosed took from the recorder, which hands
	// each event out once.
	taken []trace.Event
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startProxy runs the proxy to `to` on a free loopback port.
func startProxy(t *testing.T, to string) *runningProxy {
	return startProxyIn(t, to, lang.English)
}

// startProxyIn is startProxy with notes in language.
func startProxyIn(t *testing.T, to, language string) *runningProxy {
	t.Helper()
	rp := &runningProxy{rec: trace.NewRecorder(), hint: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	result := make(chan error, 1)
	go func() {
		result <- RunProxy(ctx, rp.rec, ProxyOptions{To: to, Listen: "127.0.0.1:0", Hint: rp.hint,
			Common: Common{Timeout: 5 * time.Second, Lang: language},
			Ready:  func(a net.Addr) { ready <- a.String() }})
	}()
	select {
	case rp.addr = <-ready:
	case err := <-result:
		cancel()
		t.Fatalf("proxy: %v", err)
	}
	stopped := false
	rp.stop = func() ([]trace.Event, error) {
		if !stopped {
			stopped = true
			cancel()
			err := <-result
			rp.rec.Close()
			for {
				e, err := rp.rec.Next(context.Background(), len(rp.taken))
				if err != nil {
					break // io.EOF: all taken
				}
				rp.taken = append(rp.taken, e)
			}
			return rp.taken, err
		}
		return rp.taken, nil
	}
	t.Cleanup(func() { rp.stop() })
	return rp
}

// recordingDialer dials like net.Dialer and records the connections.
func recordingDialer(p *peers) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return p.add(c), nil
	}
}

// checkRelayed fails unless every byte each client wrote is what its
// server read, and the other way round, connection by connection. It
// returns each client connection's server connection.
func checkRelayed(t *testing.T, clients, servers *peers) map[*recConn]*recConn {
	t.Helper()
	cs, ss := clients.all(), servers.all()
	if len(cs) != len(ss) {
		t.Fatalf("%d client connections, %d server connections", len(cs), len(ss))
	}
	// Connections made at once open in any order: match them by their
	// bytes, which differ (each handshake has its own key).
	pairs := map[*recConn]*recConn{}
	for _, c := range cs {
		cw, cr := c.bytes()
		for _, s := range ss {
			sw, sr := s.bytes()
			if len(sr) > 0 && bytes.Equal(cw, sr) && pairs[c] == nil {
				pairs[c] = s
				if !bytes.Equal(sw, cr) {
					t.Errorf("the server wrote %d bytes, the client read %d: not the same bytes", len(sw), len(cr))
				}
				break
			}
		}
		if pairs[c] == nil {
			t.Errorf("no server connection read the %d bytes a client wrote: %.80q", len(cw), cw)
		}
	}
	return pairs
}

// checkClosedBy fails unless the trace of each connection names as its
// closer the side that really ended its stream first.
func checkClosedBy(t *testing.T, conns map[int][]trace.Event, pairs map[*recConn]*recConn) {
	t.Helper()
	for c, s := range pairs {
		id := 0
		for n, ce := range conns {
			if strings.Contains(ce[0].Summary, " "+c.LocalAddr().String()+" → ") {
				id = n
			}
		}
		truth := trace.Server
		if c.endedAt().Before(s.endedAt()) {
			truth = trace.Client
		}
		if by := closedBy(conns[id]); by != truth {
			t.Errorf("connection #%d (%s): the trace says closed by %q; the client ended at %s, the server at %s",
				id, c.LocalAddr(), by, c.endedAt().Format(time.StampMicro), s.endedAt().Format(time.StampMicro))
		}
	}
}

// byConn groups events by connection, in order.
func byConn(evs []trace.Event) map[int][]trace.Event {
	m := map[int][]trace.Event{}
	for _, e := range evs {
		if e.Conn > 0 {
			m[e.Conn] = append(m[e.Conn], e)
		}
	}
	return m
}

// connKinds lists the kinds of evs, with the side of each tcp.close.
func connKinds(evs []trace.Event) []string {
	var out []string
	for _, e := range evs {
		k := string(e.Kind)
		if e.Kind == trace.KindTCPClose {
			k += " " + e.From
		}
		out = append(out, k)
	}
	return out
}

// closedBy is the side whose first tcp.close the trace shows for a
// connection.
func closedBy(evs []trace.Event) string {
	for _, e := range evs {
		if e.Kind == trace.KindTCPClose && e.TCP != nil && e.TCP.First {
			return e.From
		}
	}
	return ""
}

// HTTP through the proxy: keep-alive (two requests on one connection), a
// chunked body, a pipelined pair; the bytes arrive as sent both ways, the
// trace decodes every message in order, and says the client closed.
func TestProxyHTTP(t *testing.T) {
	t.Parallel()
	to, servers := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/chunked":
			for i := range 3 {
				fmt.Fprintf(w, "part %d\n", i)
				w.(http.Flusher).Flush()
			}
		default:
			fmt.Fprintf(w, "hello from %s", r.URL.Path)
		}
	}))
	rp := startProxy(t, to)
	clients := &peers{}
	tr := &http.Transport{DialContext: recordingDialer(clients), DisableCompression: true}
	client := &http.Client{Transport: tr}
	for _, path := range []string{"/plain", "/chunked"} {
		resp, err := client.Get("http://" + rp.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if path == "/chunked" && string(body) != "part 0\npart 1\npart 2\n" {
			t.Fatalf("chunked body %q", body)
		}
	}
	tr.CloseIdleConnections() // the client closes first

	// Two requests written before either answer: pipelining, by hand.
	c, err := net.Dial("tcp", rp.addr)
	if err != nil {
		t.Fatal(err)
	}
	raw := clients.add(c)
	req := "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	if _, err := raw.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(raw)
	raw.Close()
	if !strings.Contains(string(got), "hello from /one") || !strings.Contains(string(got), "hello from /two") {
		t.Fatalf("pipelined answers: %q", got)
	}
	waitClosed(t, rp, 2)
	evs, err := rp.stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RunProxy returned %v, want context.Canceled", err)
	}
	pairs := checkRelayed(t, clients, servers)

	conns := byConn(evs)
	checkClosedBy(t, conns, pairs)
	want1 := []string{"tcp.connect", "http.request", "http.response", "http.request", "http.response", "tcp.close client", "tcp.close server"}
	if got := connKinds(conns[1]); !slices.Equal(got, want1) {
		t.Errorf("connection 1: %q, want %q", got, want1)
	}
	want2 := []string{"tcp.connect", "http.request", "http.request", "http.response", "http.response", "tcp.close server", "tcp.close client"}
	if got := connKinds(conns[2]); !slices.Equal(got, want2) {
		t.Errorf("connection 2: %q, want %q", got, want2)
	}
	var chunked, pipelined, keepAlive bool
	for _, e := range evs {
		if e.Kind == trace.KindHTTPResponse && e.HTTP.Body == "part 0\npart 1\npart 2\n" {
			te, _ := e.HTTP.Header("Transfer-Encoding")
			chunked = te == "chunked" && strings.Contains(e.Note, "Transfer-Encoding: chunked")
		}
		pipelined = pipelined || strings.Contains(e.Note, "Pipelined:")
		keepAlive = keepAlive || strings.Contains(e.Note, "reuses connection #1")
	}
	if !chunked || !pipelined || !keepAlive {
		t.Errorf("notes: chunked %v, pipelined %v, keep-alive %v", chunked, pipelined, keepAlive)
	}
	if e := evs[len(evs)-1]; e.Kind != trace.KindSummary || e.Stats["tcp_connections"] != 2 || e.Stats["http_requests"] != 4 {
		t.Errorf("last event %s %q %v", e.Kind, e.Summary, e.Stats)
	}
}

// waitClosed waits until the proxy has recorded the last tcp.close of n
// connections.
func waitClosed(t *testing.T, rp *runningProxy, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	seen := 0
	for seen < n {
		e, err := rp.rec.Next(ctx, len(rp.taken))
		if err != nil {
			t.Fatalf("%d of %d connections closed: %v", seen, n, err)
		}
		rp.taken = append(rp.taken, e)
		if e.Kind == trace.KindTCPClose && e.TCP != nil && !e.TCP.First {
			seen++
		}
	}
}

// wsEcho is a WebSocket server that echoes each message, accepting
// permessage-deflate as mode says; a message "bye" makes it close the TCP
// connection at once, without a closing handshake.
func wsEcho(mode websocket.CompressionMode) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: mode, CompressionThreshold: 1, InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil {
				return
			}
			if string(msg) == "bye" {
				return // CloseNow: the server's FIN comes first
			}
			if err := c.Write(r.Context(), typ, msg); err != nil {
				return
			}
		}
	})
}

// wsRun dials the proxy, sends msgs and reads their echoes; with
// serverCloses it then says "bye" and reads until the server's close,
// else it closes the TCP connection itself, without a closing handshake.
func wsRun(t *testing.T, addr string, clients *peers, mode websocket.CompressionMode, msgs []string, serverCloses bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws", &websocket.DialOptions{
		HTTPClient:      &http.Client{Transport: &http.Transport{DialContext: recordingDialer(clients)}},
		CompressionMode: mode, CompressionThreshold: 1,
	})
	if err != nil {
		t.Error(err)
		return
	}
	defer c.CloseNow()
	for _, m := range msgs {
		if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			t.Error(err)
			return
		}
		_, got, err := c.Read(ctx)
		if err != nil || string(got) != m {
			t.Errorf("echo of %q: %q, %v", m, got, err)
			return
		}
	}
	if serverCloses {
		_ = c.Write(ctx, websocket.MessageText, []byte("bye"))
		_, _, err := c.Read(ctx) // ends when the server closes
		if err == nil {
			t.Error("read after bye: no error")
		}
	}
}

// WebSocket through the proxy, with and without permessage-deflate, two
// connections at once: the bytes arrive as sent, compressed frames are
// inflated to the messages the client sent, and the trace says who closed.
func TestProxyWebSocket(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		mode         websocket.CompressionMode
		serverCloses bool
	}{
		{"plain, the server closes", websocket.CompressionDisabled, true},
		{"deflate with context takeover, the client closes", websocket.CompressionContextTakeover, false},
		{"deflate without context takeover, the server closes", websocket.CompressionNoContextTakeover, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			to, servers := upstream(t, wsEcho(tc.mode))
			rp := startProxy(t, to)
			clients := &peers{}
			msgs := []string{"hello, hello, hello", "hello, hello, hello again", strings.Repeat("a long one ", 40)}
			var wg sync.WaitGroup
			for range 2 { // two connections at once
				wg.Add(1)
				go func() {
					defer wg.Done()
					wsRun(t, rp.addr, clients, tc.mode, msgs, tc.serverCloses)
				}()
			}
			wg.Wait()
			waitClosed(t, rp, 2)
			evs, _ := rp.stop()
			pairs := checkRelayed(t, clients, servers)
			checkReplay(t, "proxy", evs, false) // wsdemo show draws the same fields

			conns := byConn(evs)
			checkClosedBy(t, conns, pairs)
			if len(conns) != 2 {
				t.Fatalf("%d connections in the trace", len(conns))
			}
			wantCloser := trace.Client
			if tc.serverCloses {
				wantCloser = trace.Server
			}
			for id, ce := range conns {
				k := connKinds(ce)
				if !slices.Equal(k[:3], []string{"tcp.connect", "http.request", "http.response"}) {
					t.Errorf("connection %d starts %q", id, k[:3])
				}
				var sent, echoed []string
				for _, e := range ce {
					switch {
					case e.Kind == trace.KindWSFrame && e.Frame.Opcode == 1:
						if e.Frame.Compressed != (tc.mode != websocket.CompressionDisabled) {
							t.Errorf("connection %d: frame %q compressed=%v", id, e.Summary, e.Frame.Compressed)
						}
						if !e.Frame.Compressed {
							if e.From == trace.Client {
								sent = append(sent, e.Frame.Payload)
							} else {
								echoed = append(echoed, e.Frame.Payload)
							}
						}
					case e.Kind == trace.KindWSMessage:
						if e.From == trace.Client {
							sent = append(sent, e.Message.Payload)
						} else {
							echoed = append(echoed, e.Message.Payload)
						}
					}
				}
				wantSent := append(slices.Clone(msgs), "bye")
				if !tc.serverCloses {
					wantSent = msgs
				}
				if !slices.Equal(sent, wantSent) || !slices.Equal(echoed, msgs) {
					t.Errorf("connection %d: the trace shows the client sending %q and the server %q", id, sent, echoed)
				}
				if by := closedBy(ce); by != wantCloser {
					t.Errorf("connection %d: closed by %q, want %q", id, by, wantCloser)
				}
			}
		})
	}
}

// With the upstream down, each connection gets an event saying why it is
// closed, and the hint is written once.
func TestProxyUpstreamDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	rp := startProxy(t, down)
	for range 2 {
		c, err := net.Dial("tcp", rp.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.ReadAll(c); err != nil {
			t.Errorf("read: %v", err)
		}
		c.Close()
	}
	waitClosed(t, rp, 2)
	evs, _ := rp.stop()
	refused := 0
	for _, ce := range byConn(evs) {
		k := connKinds(ce)
		if len(k) < 2 || k[0] != "tcp.connect" || k[1] != "error" || closedBy(ce) != trace.Server {
			t.Errorf("a refused connection: %q, closed by %q", k, closedBy(ce))
			continue
		}
		if strings.Contains(ce[1].Summary, "refused the connection (nothing listens there)") {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("%d refusal events, want 2", refused)
	}
	want := "wsdemo: nothing listens on " + down + ": start your app first\n"
	if got := rp.hint.String(); got != want {
		t.Errorf("hint %q, want %q once", got, want)
	}
}

// Stopping the proxy with a connection still open closes it, records how
// it ended, and returns promptly.
func TestProxyStopClosesOpenConnections(t *testing.T) {
	t.Parallel()
	to, _ := upstream(t, wsEcho(websocket.CompressionDisabled))
	rp := startProxy(t, to)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+rp.addr+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("still here")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Read(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	evs, err := rp.stop()
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("stopping took %v", took)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("RunProxy: %v", err)
	}
	if by := closedBy(byConn(evs)[1]); by != trace.Server {
		t.Errorf("the open connection was closed by %q, want the proxy's side (server)", by)
	}
}

// Socket.IO's traffic through the proxy: Engine.IO long-polling requests
// are recognised by their target, their bodies decoded packet by packet,
// each packet after the message that carried it; so are the messages of an
// Engine.IO WebSocket. The server is a stand-in that answers as Socket.IO's
// does (the packets of the sample session of the Engine.IO specification).
func TestProxySocketIO(t *testing.T) {
	t.Parallel()
	var polls sync.Mutex
	n := 0
	eio := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("transport") == "websocket" {
			wsEcho(websocket.CompressionDisabled).ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodPost {
			io.Copy(io.Discard, r.Body)
			fmt.Fprint(w, "ok")
			return
		}
		polls.Lock()
		n++
		first := n == 1
		polls.Unlock()
		if first {
			fmt.Fprint(w, `0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}`)
			return
		}
		fmt.Fprint(w, "40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}\x1e42[\"chat\",\"hi\"]")
	})
	to, _ := upstream(t, eio)
	rp := startProxy(t, to)
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	base := "http://" + rp.addr + "/socket.io/?EIO=4&transport=polling"
	for _, step := range []struct{ method, url, body string }{
		{"GET", base, ""},
		{"POST", base + "&sid=lv_VI97HAXpY6yYWAAAC", "40"},
		{"GET", base + "&sid=lv_VI97HAXpY6yYWAAAC", ""},
	} {
		req, _ := http.NewRequest(step.method, step.url, strings.NewReader(step.body))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws://"+rp.addr+"/socket.io/?EIO=4&transport=websocket&sid=lv_VI97HAXpY6yYWAAAC", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.Write(ctx, websocket.MessageText, []byte("2probe"))
	ws.Read(ctx)
	ws.Close(websocket.StatusNormalClosure, "")
	client.CloseIdleConnections()
	waitClosed(t, rp, 2)
	evs, _ := rp.stop()
	checkReplay(t, "proxy", evs, false) // wsdemo show draws the same fields

	var got []string
	seen := map[string]bool{}
	for i, e := range evs {
		if e.Kind != trace.KindSIOPacket {
			continue
		}
		kind := e.SIO.EIOName + " " + e.SIO.SIOName
		if !seen[kind] && e.Note == "" {
			t.Errorf("seq %d %q: no note on the first packet of its kind", e.Seq, e.Summary)
		}
		seen[kind] = true
		got = append(got, e.From+" "+e.SIO.Transport+" "+e.Summary)
		// A packet follows the message that carried it, or another
		// packet of the same message.
		prev := evs[i-1]
		if prev.Kind != trace.KindSIOPacket && prev.Kind != trace.KindHTTPRequest && prev.Kind != trace.KindHTTPResponse && prev.Kind != trace.KindWSFrame {
			t.Errorf("seq %d %q follows %s %q", e.Seq, e.Summary, prev.Kind, prev.Summary)
		}
	}
	want := []string{
		`server polling OPEN 0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades…`,
		`client polling CONNECT 40`,
		`server polling CONNECT 40{"sid":"wZX3oN0bSVIhsaknAAAI"}`,
		`server polling EVENT 42["chat","hi"]`,
		`client websocket PING 2probe`,
		`server websocket PING 2probe`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("packets:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A handshake from a page of another origin, accepted: an observation,
// not a fault; one with no Origin at all: probably not a browser.
func TestProxyOriginObservation(t *testing.T) {
	t.Parallel()
	to, _ := upstream(t, wsEcho(websocket.CompressionDisabled))
	rp := startProxy(t, to)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, origin := range []string{"http://evil.example", "http://" + rp.addr} {
		ws, _, err := websocket.Dial(ctx, "ws://"+rp.addr+"/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
		if err != nil {
			t.Fatal(err)
		}
		ws.Close(websocket.StatusNormalClosure, "")
	}
	waitClosed(t, rp, 2)
	evs, _ := rp.stop()
	var observations []string
	for _, e := range evs {
		if e.Kind == trace.KindHTTPResponse && strings.Contains(e.Note, "Observation:") {
			observations = append(observations, e.Note)
		}
	}
	if len(observations) != 1 || !strings.Contains(observations[0], "Origin, http://evil.example, is not the origin of the host the request named ("+rp.addr+")") ||
		!strings.Contains(observations[0], "RFC 6455 §10.2") {
		t.Errorf("observations: %q", observations)
	}
}

func TestSameOriginAsHost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		origin, host string
		same, ok     bool
	}{
		{"http://127.0.0.1:8080", "127.0.0.1:8080", true, true},
		{"http://localhost:8080", "127.0.0.1:8080", false, true},
		{"http://example.com", "example.com", true, true},
		{"http://example.com:80", "example.com", true, true},
		{"https://127.0.0.1:8080", "127.0.0.1:8080", false, true},
		{"http://127.0.0.1:3000", "127.0.0.1:8080", false, true},
		{"null", "127.0.0.1:8080", false, false},
	} {
		same, ok := sameOriginAsHost(tc.origin, tc.host)
		if same != tc.same || ok != tc.ok {
			t.Errorf("sameOriginAsHost(%q, %q) = %v, %v", tc.origin, tc.host, same, ok)
		}
	}
}

// proxySession runs a bit of everything through the proxy, in language: a
// plain request, a chunked one, a refused upgrade, a compressed WebSocket
// and one from a foreign origin, Engine.IO polling; and the proxy's stop.
func proxySession(t *testing.T, language string) []trace.Event {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "a")
		w.(http.Flusher).Flush()
		fmt.Fprint(w, "b")
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		fmt.Fprint(w, "bye")
	})
	mux.Handle("/ws", wsEcho(websocket.CompressionContextTakeover))
	mux.HandleFunc("/socket.io/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":5000,\"maxPayload\":1000}\x1e40\x1e42[\"chat\",\"hi\"]\x1e2\x1e6\x1e1")
	})
	to, _ := upstream(t, mux)
	rp := startProxyIn(t, to, language)
	client := &http.Client{Transport: &http.Transport{}}
	for _, path := range []string{"/chunked", "/chunked", "/ws", "/socket.io/?EIO=4&transport=polling", "/old"} {
		resp, err := client.Get("http://" + rp.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	client.CloseIdleConnections()
	clients := &peers{}
	wsRun(t, rp.addr, clients, websocket.CompressionContextTakeover, []string{"hi", strings.Repeat("again and again ", 20)}, true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws://"+rp.addr+"/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"http://elsewhere.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	ws.CloseRead(ctx) // a reader, which a ping needs for its pong
	ws.Ping(ctx)
	ws.Close(websocket.StatusNormalClosure, "done")
	waitClosed(t, rp, 3)
	evs, _ := rp.stop()
	return evs
}

// The proxy's rules live on its options: RunProxy refuses before it
// listens, with a FieldError naming the option.
func TestProxyOptionErrors(t *testing.T) {
	ok := ProxyOptions{To: ":3000", Listen: "127.0.0.1:0", Common: Common{Timeout: time.Second}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := ok.Upstream(); got != "127.0.0.1:3000" {
		t.Errorf("Upstream() = %q, want 127.0.0.1:3000", got)
	}
	var bare *BarePortError
	for _, tc := range []struct {
		change func(*ProxyOptions)
		field  Option
		want   string
	}{
		{func(o *ProxyOptions) { o.To = "" }, OptTo, "To is needed"},
		{func(o *ProxyOptions) { o.To = "localhost" }, OptTo, `To "localhost" is not HOST:PORT (for example 127.0.0.1:3000)`},
		{func(o *ProxyOptions) { o.To = "127.0.0.1:0" }, OptTo, "the port must be a number from 1 to 65535"},
		{func(o *ProxyOptions) { o.To = "a b:80" }, OptTo, `"a b" is no host name`},
		{func(o *ProxyOptions) { o.Listen = "127.0.0.1:70000" }, OptListen, "the port must be a number from 0 to 65535"},
		{func(o *ProxyOptions) { o.To, o.Listen = "127.0.0.1:8080", "" }, OptTo, "To and Listen are both 127.0.0.1:8080: the proxy would relay to itself"},
		{func(o *ProxyOptions) { o.Addr = "127.0.0.1:0" }, OptAddr, "Addr sets where a demo server listens"},
		{func(o *ProxyOptions) { o.RTT = time.Millisecond }, OptRTT, "RTT simulates distance in wsdemo's own demos"},
	} {
		o := ok
		tc.change(&o)
		rec := trace.NewRecorder()
		// Bounded: a run that does not refuse serves until it ends.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := RunProxy(ctx, rec, o)
		cancel()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want a FieldError for %s saying %q", o, err, tc.field, tc.want)
		}
		if evs := rec.Events(); len(evs) != 0 {
			t.Errorf("%+v: %d events recorded before refusing", o, len(evs))
		}
	}
	o := ok
	o.To = "3000"
	if err := o.Validate(); !errors.As(err, &bare) || bare.Port != 3000 {
		t.Errorf("To 3000: %v, want a BarePortError for port 3000", err)
	}
}
