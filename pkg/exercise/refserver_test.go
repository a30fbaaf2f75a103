package exercise

// Reference servers: for every exercise, a server that does what the task
// asks, written as a learner would (net/http, coder/websocket), and for
// every check a variant broken in exactly the way that check is about.
// Some variants need to do what no WebSocket library does (answer a ping
// with the wrong payload, ignore a reserved opcode): rawWS is a small
// server that writes its frames itself, with wire.AppendFrame.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"wsdemo/pkg/wire"
)

// start serves h on a fresh loopback port until the test ends.
func start(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv
}

// wsURL is srv's address as ws://.
func wsURL(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") + "/" }

// --- rest ---------------------------------------------------------------

// restServer is the notes API of the rest exercise, broken as brk says.
// Lenient writes what the task does not ask about differently: header names
// in lower case, extra headers, a charset, an absolute Location, other
// JSON fields in another order, a second challenge.
func restServer(t *testing.T, brk string, lenient bool) *httptest.Server {
	type note struct {
		Text string `json:"text"`
		ID   int    `json:"id"`
		By   string `json:"by,omitempty"`
	}
	var mu sync.Mutex
	notes := []note{}
	type connKey struct{}
	authed := sync.Map{} // conn → true, for the "remembers the connection" break
	set := func(w http.ResponseWriter, k, v string) {
		if lenient {
			w.Header()[strings.ToLower(k)] = []string{v} // written as it is
		} else {
			w.Header().Set(k, v)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) {
		conn := r.Context().Value(connKey{})
		auth := r.Header.Get("Authorization")
		ok := auth == "Bearer demo-token"
		switch brk {
		case "auth-wrong":
			ok = strings.HasPrefix(auth, "Bearer ")
		case "auth-stateless":
			if ok {
				authed.Store(conn, true)
			} else if _, seen := authed.Load(conn); seen {
				ok = true
			}
		}
		if lenient {
			set(w, "X-Powered-By", "reference")
		}
		if !ok {
			if brk != "auth-missing" {
				v := "Bearer"
				if lenient {
					v = `Basic realm="x", Bearer realm="notes"`
				}
				set(w, "WWW-Authenticate", v)
			}
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.Method {
		case http.MethodGet:
			mu.Lock()
			body, _ := json.Marshal(notes)
			mu.Unlock()
			ct := "application/json"
			switch {
			case brk == "notes-list":
				ct = "text/plain"
			case lenient:
				ct = "application/json; charset=UTF-8"
			}
			set(w, "Content-Type", ct)
			w.Write(body)
		case http.MethodPost:
			var in struct{ Text string }
			if json.NewDecoder(r.Body).Decode(&in) != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			mu.Lock()
			n := note{Text: in.Text, ID: len(notes) + 1, By: "someone"}
			if brk != "notes-listed" {
				notes = append(notes, n)
			}
			mu.Unlock()
			loc := fmt.Sprintf("/notes/%d", n.ID)
			if lenient {
				loc = "http://" + r.Host + loc
			}
			set(w, "Location", loc)
			set(w, "Content-Type", "application/json")
			if brk == "notes-create" {
				w.WriteHeader(http.StatusOK)
			} else {
				w.WriteHeader(http.StatusCreated)
			}
			json.NewEncoder(w).Encode(n)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, c)
	}
	srv.Start()
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv
}

// --- coder/websocket servers -------------------------------------------

// echoHandler is the echo exercise's server on coder/websocket; limit is
// its read limit (0 keeps the library's 32 KiB), asType forces the type of
// every echo (0 keeps the one read).
func echoHandler(limit int64, asType websocket.MessageType) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		if limit != 0 {
			c.SetReadLimit(limit)
		}
		ctx := context.Background()
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				return
			}
			if asType != 0 {
				typ = asType
			}
			if c.Write(ctx, typ, msg) != nil {
				return
			}
		}
	}
}

// pushHandler sends a message first after first, then every every (0:
// never again).
func pushHandler(first, every time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := c.CloseRead(r.Context())
		select {
		case <-time.After(first):
		case <-ctx.Done():
			return
		}
		n := 1
		for {
			if c.Write(ctx, websocket.MessageText, fmt.Appendf(nil, "news #%d", n)) != nil {
				return
			}
			n++
			if every == 0 {
				<-ctx.Done()
				return
			}
			select {
			case <-time.After(every):
			case <-ctx.Done():
				return
			}
		}
	}
}

// hub is the broadcast exercise's server; brk breaks it.
type hub struct {
	brk   string
	mu    sync.Mutex
	open  int // handshakes begun and not yet ended
	conns []*websocket.Conn
}

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A client counts from its handshake on, not from when Accept has
	// returned: client A has its 101 before this goroutine runs again, and
	// B's handshake may come first on a loaded machine.
	h.mu.Lock()
	full := h.brk == "second-client" && h.open > 0
	if !full {
		h.open++
	}
	h.mu.Unlock()
	if full {
		http.Error(w, "one client at a time", http.StatusServiceUnavailable)
		return
	}
	defer func() {
		h.mu.Lock()
		h.open--
		h.mu.Unlock()
	}()
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	h.mu.Lock()
	first := len(h.conns) == 0
	h.conns = append(h.conns, c)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		for i, o := range h.conns {
			if o == c {
				h.conns = append(h.conns[:i], h.conns[i+1:]...)
				break
			}
		}
		h.mu.Unlock()
	}()
	ctx := context.Background()
	if h.brk == "lenient" {
		c.Write(ctx, websocket.MessageText, []byte("welcome"))
	}
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		if h.brk == "broadcast-b-to-a" && !first {
			continue
		}
		h.mu.Lock()
		to := append([]*websocket.Conn(nil), h.conns...)
		h.mu.Unlock()
		for _, o := range to {
			switch {
			case h.brk == "broadcast-a-to-b" && o != c: // an echo, not a broadcast
				continue
			case h.brk == "broadcast-a-to-b", h.brk == "no-echo-to-sender":
			case o == c:
				continue
			}
			o.Write(ctx, typ, msg)
		}
	}
}

// originHandler is the origin exercise's server; brk breaks its check.
func originHandler(brk string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		opts := &websocket.AcceptOptions{}
		refuse := false
		switch brk {
		case "origin-foreign":
			opts.InsecureSkipVerify = true
		case "origin-other-port":
			// Compares host names only: the port is forgotten.
			opts.InsecureSkipVerify = true
			if u, err := url.Parse(origin); origin != "" && (err != nil || u.Hostname() != strings.Split(r.Host, ":")[0]) {
				refuse = true
			}
		case "origin-own":
			opts.InsecureSkipVerify = true
			refuse = origin != "" && origin != "http://localhost:1"
		case "origin-absent":
			refuse = origin == ""
		case "lenient":
			if origin != "" && origin != "http://"+r.Host {
				w.Header()["x-reason"] = []string{"foreign origin"}
				http.Error(w, "go away", http.StatusForbidden)
				return
			}
			opts.InsecureSkipVerify = true
		}
		if refuse {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		c, err := websocket.Accept(w, r, opts)
		if err != nil {
			return
		}
		defer c.CloseNow()
		<-c.CloseRead(context.Background()).Done()
	}
}

// robustHandler is the robust exercise's server on coder/websocket, as
// its task's hints build it; brk breaks one of its defences.
func robustHandler(brk string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		switch brk {
		case "limit-accepts":
			c.SetReadLimit(Limit - 1)
		case "too-big":
			c.SetReadLimit(-1)
		default:
			c.SetReadLimit(Limit)
		}
		ctx := context.Background()
		for {
			typ, msg, err := c.Read(ctx)
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return
			}
			if err != nil {
				if brk != "unmasked" {
					c.Close(websocket.StatusProtocolError, "protocol error")
				}
				return
			}
			if typ == websocket.MessageText && !utf8.Valid(msg) && brk != "bad-utf8" {
				c.Close(websocket.StatusInvalidFramePayloadData, "invalid UTF-8")
				return
			}
			if c.Write(ctx, typ, msg) != nil {
				return
			}
		}
	}
}

// --- rawWS: frames written by hand --------------------------------------

// rawWS is a WebSocket echo server that does the handshake and the frames
// itself, for the variants no library would produce. Its zero value is a
// correct echo server that answers pings and closes as RFC 6455 asks,
// refuses broken frames with the robust exercise's codes, and closes TCP
// after the closing handshake.
type rawWS struct {
	// accept computes Sec-WebSocket-Accept; nil: the right one.
	accept func(key string) string
	// head adds lines to the 101.
	head string
	// upgrade replaces the 101's Upgrade and Connection lines.
	upgrade string
	// pong, when set, is the payload of every pong (a bug: it should be
	// the ping's).
	pong []byte
	// ignoreClose leaves close frames unanswered (a bug).
	ignoreClose bool
	// limit is the largest message accepted; 0 means the robust
	// exercise's Limit.
	limit uint64
	// onFrame, if set, handles each frame instead of the echo; it returns
	// false to end the connection.
	onFrame func(c *rawConn, f *wire.Frame) bool
	// waitClientFIN makes the server close TCP second, after the client.
	waitClientFIN bool
	// closeAnswer is the close frame's payload the server answers with;
	// nil echoes the client's code.
	closeAnswer []byte
	// echoFrames echoes every data frame as a message of its own (a bug).
	echoFrames bool
	// ignoreReserved lets frames with reserved opcodes pass (a bug).
	ignoreReserved bool
	// crashOn, when set, stops the whole server (listener and every
	// connection) on a frame with a reserved opcode, as a process that
	// dies would.
	crashOn bool

	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

type rawConn struct {
	net.Conn
	mu sync.Mutex
}

func (c *rawConn) frame(op wire.Opcode, payload []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.Write(wire.AppendFrame(nil, true, 0, op, nil, payload))
	return err
}

// serve starts s on a loopback port and returns its ws:// URL.
func (s *rawWS) serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln, s.conns = ln, map[net.Conn]bool{}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.handle(&rawConn{Conn: c})
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
		}
	}()
	t.Cleanup(s.stop)
	return "ws://" + ln.Addr().String() + "/"
}

// stop closes the listener and every connection, and waits for them.
func (s *rawWS) stop() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *rawWS) handle(c *rawConn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	key := req.Header.Get("Sec-WebSocket-Key")
	accept := wire.AcceptKey(key)
	if s.accept != nil {
		accept = s.accept(key)
	}
	upgrade := s.upgrade
	if upgrade == "" {
		upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	}
	fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\n%sSec-WebSocket-Accept: %s\r\n%s\r\n", upgrade, accept, s.head)
	dec := wire.NewFrameDecoder(wire.FromClient, 1<<20)
	var asm wire.MessageAssembler
	asm.Keep = 1 << 20
	buf := make([]byte, 32<<10)
	for {
		n, err := br.Read(buf)
		for _, f := range dec.Feed(buf[:n]) {
			if !s.frame(c, &f, &asm) {
				if s.waitClientFIN {
					c.SetReadDeadline(time.Now().Add(3 * time.Second))
					for {
						if _, err := br.Read(buf); err != nil {
							break
						}
					}
				}
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// frame handles one frame; false ends the connection.
func (s *rawWS) frame(c *rawConn, f *wire.Frame, asm *wire.MessageAssembler) bool {
	if s.onFrame != nil {
		return s.onFrame(c, f)
	}
	reserved := f.Opcode.String() == "reserved"
	switch {
	case reserved && s.crashOn:
		// Answers as it should, then dies.
		c.frame(wire.OpClose, wire.ClosePayload(1002, "protocol error"))
		// The listener closes before the check's next dial can reach it,
		// as a dead process's port refuses at once; the rest of the
		// stopping (which waits for this handler) goes on meanwhile.
		s.ln.Close()
		go s.stop()
		return false
	case reserved && s.ignoreReserved:
		return true
	case !f.Masked, reserved:
		c.frame(wire.OpClose, wire.ClosePayload(1002, "protocol error"))
		return false
	case f.PayloadLen > Limit && (s.limit == 0 || f.PayloadLen > s.limit):
		c.frame(wire.OpClose, wire.ClosePayload(1009, "too big"))
		return false
	}
	switch f.Opcode {
	case wire.OpPing:
		if s.pong != nil {
			c.frame(wire.OpPong, s.pong)
		} else {
			c.frame(wire.OpPong, f.Payload)
		}
		return true
	case wire.OpPong:
		return true
	case wire.OpClose:
		if s.ignoreClose {
			return true
		}
		answer := s.closeAnswer
		if answer == nil {
			answer = wire.ClosePayload(f.CloseCode, "")
		}
		c.frame(wire.OpClose, answer)
		return false
	}
	if s.echoFrames {
		op := f.Opcode
		if op == wire.OpContinuation {
			op = wire.OpText
		}
		c.frame(op, f.Payload)
		return true
	}
	m, done, _ := asm.Add(f)
	if !done {
		return true
	}
	if m.Opcode == wire.OpText && m.Violation != "" {
		c.frame(wire.OpClose, wire.ClosePayload(1007, "invalid UTF-8"))
		return false
	}
	c.frame(m.Opcode, m.Payload)
	return true
}
