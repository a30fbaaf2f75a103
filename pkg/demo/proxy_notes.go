package demo

import (
	"net"
	"net/url"
	"strings"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// proxyRun is one run of the proxy: what it has seen of each connection,
// and the notes it gave. Its notes apply to any server: they say what a
// message is and which rule it follows or breaks, and what the proxy
// observed (an Origin accepted, compression that did not pay), never what
// the learner's server ought to have meant.
type proxyRun struct {
	rec    *trace.Recorder
	opts   ProxyOptions
	t      lang.Text
	listen string // the address the proxy listens on

	mu     sync.Mutex // the tap serialises annotate; refusals and the summary come from other goroutines
	conns  map[int]*proxyConn
	said   map[string]bool // notes given once per run
	hinted bool            // the hint about an unreachable upstream was written
	stats  proxyStats
}

// proxyConn is what crossed one connection so far.
type proxyConn struct {
	requests            int
	responses           int // final responses
	origin, host        string
	hasOrigin           bool
	offer               []string // Sec-WebSocket-Extensions of the upgrade request
	upgraded            bool
	closeFrames         int
	closeFrom           string
	closeCode           int
	pingFrom            string
	reqClose, respClose bool // a request, a response carried Connection: close
	// oneShot: the last response was HTTP/1.0 without keep-alive, so the
	// connection ends after it (RFC 9112 §9.3).
	oneShot            bool
	ending             tcpEnding
	lastRequestUpgrade bool
}

// proxyStats are the numbers of the summary.
type proxyStats struct {
	conns               int
	requests, responses int
	frames, messages    [2]int
	packets             int
	bytes               [2]int
}

func newProxyRun(rec *trace.Recorder, opts ProxyOptions, listen string) *proxyRun {
	return &proxyRun{rec: rec, opts: opts, t: opts.text(), listen: listen,
		conns: map[int]*proxyConn{}, said: map[string]bool{}}
}

// maxSaid bounds the notes a run remembers having given.
const maxSaid = 256

// once reports whether key is new in this run, and marks it seen.
func (p *proxyRun) once(key string) bool {
	if p.said[key] {
		return false
	}
	p.said[key] = true
	return true
}

func (p *proxyRun) opened(c *wiretap.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns[c.ID] = &proxyConn{}
	p.stats.conns++
}

func (p *proxyRun) data(conn int, from wire.Sender, n int) {
	p.mu.Lock()
	p.stats.bytes[from] += n
	p.mu.Unlock()
}

func (p *proxyRun) ended(conn int, e wiretap.End) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.conns[conn]; c != nil {
		c.ending.add(e)
	}
}

// forget lets go of a connection whose last end is recorded: a long
// session keeps nothing per closed connection.
func (p *proxyRun) forget(conn int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, conn)
}

// openConns counts the connections open besides conn.
func (p *proxyRun) openConns(conn int) int {
	n := 0
	for id, c := range p.conns {
		if id != conn && !c.ending.closed() {
			n++
		}
	}
	return n
}

// annotate is the tracer's Annotator.
func (p *proxyRun) annotate(e *trace.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.conns[e.Conn]
	if c == nil {
		c = &proxyConn{}
		p.conns[e.Conn] = c
	}
	var notes []trace.Msg
	add := func(ms ...trace.Msg) { notes = append(notes, ms...) }
	t := p.t
	switch e.Kind {
	case trace.KindTCPConnect:
		switch others := p.openConns(e.Conn); {
		case p.once("first connection"):
			add(lang.M("A client connected to the proxy. wsdemo opens a connection of its own to %s and copies the bytes both ways as they are: your server receives exactly what the client sent, and the client exactly what your server answered.", p.opts.To))
		case others > 0 && p.once("concurrent connections"):
			if others == 1 {
				add(lang.M("Another TCP connection while one is still open: a browser opens several to one server, so that one slow response does not hold up the others (RFC 9112 §9.4). Each arrow names its connection: #1, #2, …"))
			} else {
				add(lang.M("Another TCP connection while %d are open: a browser opens several to one server, so that one slow response does not hold up the others (RFC 9112 §9.4). Each arrow names its connection: #1, #2, …", others))
			}
		}
	case trace.KindHTTPRequest:
		p.request(e, c, add)
	case trace.KindHTTPResponse:
		p.response(e, c, add)
	case trace.KindWSFrame:
		p.frame(e, c, add)
	case trace.KindWSMessage:
		p.stats.messages[senderOf(e)]++
		if m := e.Message; m != nil && m.Compressed {
			key := "compressed message paid"
			if m.CompressedLen >= m.Length {
				key = "compressed message did not pay"
			}
			if note := compressedMessageNote(m); note.Format != "" && p.once(key) {
				add(note)
			}
		}
	case trace.KindSIOPacket:
		p.stats.packets++
		add(p.sioNote(e))
		e.Fields = sioFields(e.SIO, t)
	case trace.KindError:
		if len(e.Raw) >= 2 && e.Raw[0] == 0x16 && e.Raw[1] == 0x03 && p.once("tls") {
			add(lang.M("These bytes are encrypted (TLS): wsdemo relays them, but cannot decode them. Run your app over plain http:// (and ws://) on this machine while you watch it."))
		}
	case trace.KindTCPClose:
		add(p.closeNote(e, c)...)
	}
	t.AddNote(e, notes...)
}

func (p *proxyRun) request(e *trace.Event, c *proxyConn, add func(...trace.Msg)) {
	h := e.HTTP
	p.stats.requests++
	switch {
	case c.requests > c.responses && p.once("pipelined"):
		add(lang.M("Pipelined: the client sent this request before the response to its previous one on this connection arrived. The server must answer them in the order they came (RFC 9112 §9.3.2)."))
	case c.requests > 0 && p.once("keep-alive"):
		add(lang.M("This request reuses connection #%#d, which has already carried %d: an HTTP/1.1 connection stays open for more requests unless one side sends Connection: close (RFC 9112 §9.3).", e.Conn, c.requests))
	}
	c.requests++
	if v, ok := h.Header("Connection"); ok && wire.HasToken(v, "close") {
		c.reqClose = true
	}
	up, _ := h.Header("Upgrade")
	c.lastRequestUpgrade = wire.HasToken(up, "websocket")
	if c.lastRequestUpgrade {
		c.offer = extensionValues(h)
		c.origin, c.hasOrigin = h.Header("Origin")
		c.host, _ = h.Header("Host")
		if p.once("handshake") {
			add(lang.M("An opening handshake: an ordinary HTTP/1.1 GET with Upgrade: websocket and a random Sec-WebSocket-Key asks to switch this connection to WebSocket (RFC 6455 §4.1)."))
		}
		if offersDeflate(c.offer) && p.once("offer") {
			add(lang.M("Sec-WebSocket-Extensions offers permessage-deflate: compression of each message, if the server agrees (RFC 7692 §7)."))
		}
	}
	if wire.IsEngineIOTarget(h.Target) {
		r, _ := wire.ParseEIORequest(h.Target)
		switch {
		case r.Transport == "polling" && p.once("eio polling"):
			add(lang.M("Engine.IO, the transport under Socket.IO: its client starts with ordinary HTTP requests to %s, a GET to receive packets and a POST to send them (long-polling), then tries to upgrade to a WebSocket (Engine.IO v4, \"Transports\").", r.Path))
		case r.Transport == "websocket" && p.once("eio websocket"):
			add(lang.M("Engine.IO's WebSocket transport: the same session (sid) moves to this connection, one Engine.IO packet per WebSocket message (Engine.IO v4, \"Upgrade\")."))
		}
	}
}

func (p *proxyRun) response(e *trace.Event, c *proxyConn, add func(...trace.Msg)) {
	h := e.HTTP
	p.stats.responses++
	if h.Status >= 200 || h.Status == 101 {
		c.responses++
	}
	conn, _ := h.Header("Connection")
	c.oneShot = h.Proto == "HTTP/1.0" && !wire.HasToken(conn, "keep-alive")
	if c.oneShot && p.once("http/1.0") {
		add(lang.M("An HTTP/1.0 response without Connection: keep-alive: the connection closes after it, and the next request needs a new one (RFC 9112 §9.3)."))
	}
	if wire.HasToken(conn, "close") {
		c.respClose = true
		if p.once("connection close") {
			add(lang.M("Connection: close: the server will close this connection after the response (RFC 9112 §9.6)."))
		}
	}
	if te, ok := h.Header("Transfer-Encoding"); ok && wire.HasToken(te, "chunked") && p.once("chunked") {
		add(lang.M("Transfer-Encoding: chunked: the body comes in pieces, each after its size in hex, until a piece of size 0 (RFC 9112 §7.1). The server did not have to know the whole length before it started sending."))
	}
	switch {
	case h.Status == 101 && c.lastRequestUpgrade:
		c.upgraded = true
		add(lang.M("101 Switching Protocols: from here on this TCP connection carries WebSocket frames, in both directions, until one side closes it."))
		if p.once("accept") {
			add(lang.M("Sec-WebSocket-Accept is base64(SHA-1(key + a fixed GUID)): proof that the server understood the WebSocket request (RFC 6455 §4.2.2)."))
		}
		add(extensionNote(c.offer, extensionValues(h))...)
		add(p.originNote(c))
	case c.lastRequestUpgrade && p.once("refused upgrade"):
		add(lang.M("The server did not switch protocols, so there is no WebSocket: a successful handshake answers 101 (RFC 6455 §4.2.2)."))
	}
}

// originNote is the observation on the Origin of a handshake the server
// accepted: an Origin that is not the server's own, or none at all.
func (p *proxyRun) originNote(c *proxyConn) trace.Msg {
	if !c.hasOrigin {
		if p.once("no origin") {
			return lang.M("The handshake had no Origin header. A browser always sends one (RFC 6455 §4.1), so this client is probably not a browser.")
		}
		return trace.Msg{}
	}
	// Once per foreign origin, for a few of them: a client sending a new
	// Origin with every handshake must not grow the run's memory.
	key := "origin " + c.origin
	if len(p.said) >= maxSaid {
		key = "origin"
	}
	if same, ok := sameOriginAsHost(c.origin, c.host); ok && !same && p.once(key) {
		return lang.M("Observation: the server answered 101 to a handshake whose Origin, %s, is not the origin of the host the request named (%s). That may be intended; a server meant for browsers should check Origin against the origins it trusts, or a page of any site could open a WebSocket to it with the user's cookies (RFC 6455 §10.2).", c.origin, c.host)
	}
	return trace.Msg{}
}

// sameOriginAsHost reports whether origin (scheme://host[:port]) names the
// host and port of a Host header, over plain HTTP as the proxy serves it
// (RFC 6454 §4: an origin is scheme, host and port). ok is false when the
// origin cannot be read (null, or malformed).
func sameOriginAsHost(origin, host string) (same, ok bool) {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false, false
	}
	if u.Scheme != "http" {
		return false, true
	}
	oh, op := u.Hostname(), u.Port()
	if op == "" {
		op = "80"
	}
	hh, hp, err := net.SplitHostPort(host)
	if err != nil {
		hh, hp = host, "80"
	}
	return strings.EqualFold(oh, hh) && op == hp, true
}

func (p *proxyRun) frame(e *trace.Event, c *proxyConn, add func(...trace.Msg)) {
	f := e.Frame
	if f == nil {
		return
	}
	from := senderOf(e)
	client := from == wire.FromClient
	p.stats.frames[from]++
	op := wire.Opcode(f.Opcode)
	data := op == wire.OpText || op == wire.OpBinary || op == wire.OpContinuation
	if f.Compressed && f.RSV == 4 && p.once("compressed frame") {
		add(compressedFrameNote())
	}
	switch {
	case data && client && p.once("client data"):
		add(lang.M("Client frames are always masked (RFC 6455 §5.1): the payload is XORed with a fresh random 4-byte key that travels in the frame (RFC 6455 §5.3)."))
	case data && !client && p.once("server data"):
		add(lang.M("Server frames are never masked (RFC 6455 §5.1): the attack masking defends against needs bytes chosen by a page's script, and those only travel from the client (RFC 6455 §10.3)."))
	case op == wire.OpPing:
		c.pingFrom = e.From
		if p.once("ping") {
			add(lang.M("A ping (opcode 0x9) asks: are you still there? It is a control frame: either side may send one at any time, even between the fragments of a message, and it carries at most 125 bytes (RFC 6455 §5.5, §5.5.2)."))
		}
	case op == wire.OpPong:
		if c.pingFrom != "" && c.pingFrom != e.From && p.once("pong") {
			add(lang.M("The answer to the ping: a pong with the same payload (RFC 6455 §5.5.3). WebSocket libraries answer pings by themselves; many servers ping to keep idle connections open through proxies and NATs, and to notice a peer that is gone."))
		}
	case op == wire.OpClose:
		// The sentences duplex says, which hold for any server.
		code, name := f.CloseCode, wire.CloseCodeName(f.CloseCode)
		c.closeFrames++
		switch {
		case c.closeFrom == "":
			c.closeFrom, c.closeCode = e.From, code
			if code != 0 {
				add(lang.M("A close frame (opcode 0x8) starts the closing handshake: status %#d (%s), and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1).", code, name))
			} else {
				add(lang.M("A close frame (opcode 0x8) starts the closing handshake: no status code, and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1)."))
			}
			if client {
				add(lang.M("After it the client sends no more data frames."))
			} else {
				add(lang.M("After it the server sends no more data frames."))
			}
		case c.closeFrom != e.From && c.closeFrames == 2:
			add(closeAnswerNote(client, code, code == c.closeCode, name))
		}
	}
}

// closeNote explains a tcp.close from what crossed the connection and how
// the tap saw each side end.
func (p *proxyRun) closeNote(e *trace.Event, c *proxyConn) []trace.Msg {
	first := e.TCP != nil && e.TCP.First
	var note []trace.Msg
	switch {
	case c.upgraded:
		ws := wsClosing{upgraded: true, closeFrames: min(c.closeFrames, 2)}
		note = wsCloseNote(ws, c.ending, first)
	case !first:
		note = []trace.Msg{followerNote(c.ending)}
	case c.ending.First == wire.FromServer && c.ending.FirstKind == wiretap.FIN && c.requests == c.responses && (c.respClose || c.oneShot) && !c.reqClose:
		// The server said it would close; httpCloseNote's sentences are
		// about a client that asked.
		note = []trace.Msg{lang.M("The server closed the TCP connection first, after its response, as that response said it would (RFC 9112 §9.3, §9.6).")}
	default:
		note = []trace.Msg{httpCloseNote(httpConn{closeOption: c.reqClose, idle: c.requests == c.responses}, c.ending)}
	}
	// Each note once a run: the same words about every connection that
	// ends the same way would bury the rest.
	key := "close: " + lang.Trace.Sentences(note...)
	if key == "close: " || p.said[key] {
		return nil
	}
	if len(p.said) < maxSaid {
		p.said[key] = true
	}
	return note
}

// emitSummary records what the run relayed.
func (p *proxyRun) emitSummary() {
	p.mu.Lock()
	s := p.stats
	p.mu.Unlock()
	const c, sv = 0, 1
	summary, summaryMsg := lang.Both("proxy stopped: %s", lang.M("%d TCP connections, %d HTTP requests, %d client + %d server frames",
		s.conns, s.requests, s.frames[c], s.frames[sv]))
	stats := map[string]any{
		"upstream":                p.opts.To,
		"tcp_connections":         s.conns,
		"http_requests":           s.requests,
		"http_responses":          s.responses,
		"frames_client_to_server": s.frames[c],
		"frames_server_to_client": s.frames[sv],
		"sio_packets":             s.packets,
		"bytes_client_to_server":  s.bytes[c],
		"bytes_server_to_client":  s.bytes[sv],
	}
	p.rec.Emit(trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary, Summary: summary, SummaryMsg: summaryMsg,
		Fields: proxySummaryFields(p.t, p.opts.To, s), Stats: stats})
}

// proxySummaryFields are the fields of the proxy's summary: what it relayed
// to upstream, counted by the tap. A saved trace's stats give them again
// (Replay).
func proxySummaryFields(t lang.Text, upstream string, s proxyStats) []trace.Field {
	const c, sv = 0, 1
	both := func(client, server int) string { return t.F("client %d · server %d", client, server) }
	return []trace.Field{
		{Name: t.F("connections"), Value: t.Int(int64(s.conns)), Meaning: t.F("TCP connections the proxy accepted and relayed to %s", upstream)},
		{Name: "HTTP", Value: t.F("%d requests · %d responses", s.requests, s.responses)},
		{Name: t.F("frames sent"), Value: both(s.frames[c], s.frames[sv])},
		{Name: t.F("bytes sent"), Value: both(s.bytes[c], s.bytes[sv]), Meaning: t.F("everything each side sent, as relayed")},
	}
}
