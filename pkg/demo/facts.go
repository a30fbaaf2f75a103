package demo

import (
	"net/http"
	"sync"

	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// Facts, then words (DESIGN.md): a scenario's annotator hands each event
// the tracer built from the tap to wsFacts, which records what crossed and
// returns the moments worth saying (moments.go); the scenario's sentence
// table turns each moment into whole sentences. The facts are the only
// place that counts frames for notes and summaries, and nothing in them
// comes from what a scenario meant to send.

// wsFacts is what the tap saw cross one scenario's connections: per
// connection what crossed and in which order (connFacts), the frame
// statistics of the summaries, and what bears on how the WebSocket ended.
// A scenario explains an ended connection from these facts and from what
// its own socket reported (a FIN, a reset), not from a library's words,
// which describe the library's view: "the server closed the connection
// without a close frame" after the client itself had failed the connection
// with 1002 was such a library-shaped guess.
//
// It sees every decoded message (observe, from the scenario's annotator)
// before the code that reads the WebSocket does. Safe for concurrent use:
// the tap serialises observe; summaries and errors read from other
// goroutines.
type wsFacts struct {
	mu    sync.Mutex
	conns map[int]*connFacts
	// stats are every connection's frames together, for the summaries.
	stats frameStats
	// bodiless counts responses without news by their status: 204 No
	// Content and 304 Not Modified.
	bodiless int

	// firstClose is the first close frame that crossed, either way, on any
	// connection (a copy).
	firstClose *trace.Frame
	firstFrom  wire.Sender
	// violation is the rule the server's latest frame broke, in the
	// decoder's words (they cite the RFC), or "".
	violation string
	// serverHTTP and serverFramed count the server's bytes that were
	// decoded: response heads, then whole frames. The server's bytes the
	// tap saw beyond them are a frame that has not finished arriving.
	serverHTTP, serverFramed int
	// closing is set when the scenario itself starts a closing handshake,
	// so that a close frame the client's library sent on its own (to fail
	// the connection) is told apart from one the demo asked for.
	closing bool
}

// frameStats are the per-direction numbers of the summaries, indexed by
// wire.Sender.
type frameStats struct {
	frames, header, payload, messages, control [2]int
	// data and dataBytes count data frames (text, binary, continuation)
	// and their bytes, headers included.
	data, dataBytes [2]int
	// requestHead is the size of the first HTTP request's head.
	requestHead int
}

// payloadOf is a frame's payload as the trace keeps it: text, or hex.
type payloadOf struct{ text, hex string }

// connFacts is what crossed one connection, in the order it crossed.
type connFacts struct {
	// status is the status of the last HTTP response; upgraded says a 101
	// crossed: the connection became a WebSocket.
	status   int
	upgraded bool
	// offer is the Sec-WebSocket-Extensions of the last request, in wire
	// order: what the answer accepted or declined.
	offer []string

	frames, data, binary [2]int
	// sinceClientData counts the server's frames since the client's latest
	// data frame; interleaved counts the client's data frames that had
	// server frames before them since its previous one.
	sinceClientData, interleaved int
	// gapPings counts the server's pings since the client's latest data
	// frame, and gapPushes the built-in server's pushes (known by their
	// content): frames no client frame asked for. lastGapPings and
	// lastGapPushes are those of the gap the client's latest data frame
	// ended, for its note.
	gapPings, gapPushes, lastGapPings, lastGapPushes int
	// serverFirst counts the server's data frames sent before any of the
	// client's: unasked, whatever the server.
	serverFirst int
	// firstFragments, middles and lasts count the fragments of messages
	// sent in several frames (RFC 6455 §5.4), by sender.
	firstFragments, middles, lasts [2]int
	// pings counts each side's pings and lastPing keeps the payload of its
	// latest; answers counts the pongs that carried the payload of the
	// other side's latest ping (RFC 6455 §5.5.3).
	pings, answers [2]int
	lastPing       [2]payloadOf
	// closes counts the close frames that move the closing handshake (a
	// close frame that breaks a rule does not: the receiver fails the
	// connection instead, RFC 6455 §7.1.7); the first came from closer
	// with closeCode, and answered says the other side's followed.
	closes    int
	closer    wire.Sender
	closeCode int
	answered  bool
	// len16 and len64 count frames whose length took the 16-bit and the
	// 64-bit form (RFC 6455 §5.2).
	len16, len64 int
	// welcomes, pushes and echoes count the built-in server's messages of
	// each kind (builtinKind).
	welcomes, pushes, echoes int
	// compressed counts the frames with RSV1 set by permessage-deflate;
	// paid and unpaid the compressed messages that crossed in fewer bytes
	// than they inflate to, and those that did not (RFC 7692).
	compressed, paid, unpaid int
}

// senderOf is the side that sent a tapped event: the tracer names the
// server trace.Server and the client as the scenario calls it ("client",
// "tab-b"), so anything else is the client.
func senderOf(e *trace.Event) wire.Sender {
	if e.From == trace.Server {
		return wire.FromServer
	}
	return wire.FromClient
}

// conn returns the facts of connection id, creating them. f.mu is held.
func (f *wsFacts) conn(id int) *connFacts {
	c := f.conns[id]
	if c == nil {
		if f.conns == nil {
			f.conns = map[int]*connFacts{}
		}
		c = &connFacts{}
		f.conns[id] = c
	}
	return c
}

// observe records what e says crossed and returns the moments worth saying
// about it, in the order a note says them, with a copy of its connection's
// facts after it.
func (f *wsFacts) observe(e *trace.Event) ([]said, connFacts) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.conn(e.Conn)
	switch {
	case e.Kind == trace.KindHTTPRequest:
		if e.HTTP != nil && len(e.Raw) > 0 && f.stats.requestHead == 0 {
			f.stats.requestHead = len(e.Raw) - len(e.HTTP.Body)
		}
		c.offer = extensionValues(e.HTTP)
	case e.Kind == trace.KindHTTPResponse:
		f.serverHTTP += len(e.Raw)
		if e.HTTP != nil {
			c.status = e.HTTP.Status
			c.upgraded = c.upgraded || e.HTTP.Status == http.StatusSwitchingProtocols
			if e.HTTP.Status == http.StatusNoContent || e.HTTP.Status == http.StatusNotModified {
				f.bodiless++
			}
		}
	case e.Kind == trace.KindWSFrame && e.Frame != nil:
		return f.frame(c, senderOf(e), e.Frame), *c
	case e.Kind == trace.KindWSMessage && e.Message != nil && e.Message.Compressed:
		return c.message(senderOf(e), e.Message), *c
	}
	return nil, *c
}

// frame records one frame and finds its moments. f.mu is held.
func (f *wsFacts) frame(c *connFacts, from wire.Sender, fr *trace.Frame) []said {
	op := wire.Opcode(fr.Opcode)
	size := fr.HeaderLen + int(fr.PayloadLen)
	data := op == wire.OpText || op == wire.OpBinary || op == wire.OpContinuation
	s := &f.stats
	s.frames[from]++
	s.header[from] += fr.HeaderLen
	s.payload[from] += int(fr.PayloadLen)
	if data {
		s.data[from]++
		s.dataBytes[from] += size
		if fr.Fin {
			s.messages[from]++
		}
	}
	if op.IsControl() {
		s.control[from]++
	}
	if from == wire.FromServer {
		f.serverFramed += size
		f.violation = fr.Violation
	}
	if op == wire.OpClose && f.firstClose == nil {
		cp := *fr
		f.firstClose, f.firstFrom = &cp, from
	}
	return c.frame(from, fr)
}

// frame records one frame on the connection and returns its moments, in
// the order a note says them.
func (c *connFacts) frame(from wire.Sender, fr *trace.Frame) []said {
	var out []said
	say := func(m moment, n int) { out = append(out, said{m: m, from: from, frame: fr, n: n}) }
	c.frames[from]++
	if from == wire.FromServer {
		c.sinceClientData++
		if wire.Opcode(fr.Opcode) == wire.OpPing {
			c.gapPings++
		}
	}
	if fr.Compressed && fr.RSV == 4 {
		if c.compressed == 0 {
			say(momentCompressed, 0)
		}
		c.compressed++
	}
	switch op := wire.Opcode(fr.Opcode); {
	case op == wire.OpText || op == wire.OpBinary || op == wire.OpContinuation:
		c.dataFrame(from, fr, say)
	case op == wire.OpPing:
		c.ping(from, fr, say)
	case op == wire.OpPong:
		c.pong(from, fr, say)
	case op == wire.OpClose && fr.Violation == "":
		c.closeFrame(from, fr, say)
	}
	c.length(fr, say)
	return out
}

// dataFrame records a text, binary or continuation frame.
func (c *connFacts) dataFrame(from wire.Sender, fr *trace.Frame, say func(moment, int)) {
	binary := wire.Opcode(fr.Opcode) == wire.OpBinary
	if c.data[from] == 0 {
		say(momentFirstData, 0)
	}
	if from == wire.FromClient {
		if c.data[from] > 0 && c.sinceClientData > 0 {
			if c.interleaved == 0 {
				say(momentInterleaved, c.sinceClientData)
			}
			c.interleaved++
		}
		c.sinceClientData = 0
		c.lastGapPings, c.lastGapPushes = c.gapPings, c.gapPushes
		c.gapPings, c.gapPushes = 0, 0
	} else {
		if !fr.Compressed && isPush(fr.Payload) {
			c.gapPushes++
		}
		if c.data[wire.FromClient] == 0 {
			c.serverFirst++
		}
	}
	c.fragment(from, fr, say)
	kind := moment(0)
	if from == wire.FromServer {
		kind = c.builtinKind(fr.Payload)
	}
	switch {
	case kind != 0:
		say(kind, 0)
	case binary && c.binary[from] == 0:
		say(momentBinary, 0)
	}
	c.data[from]++
	if binary {
		c.binary[from]++
	}
}

// message records a compressed message (a ws.message event): whether
// compression paid, and, as its frames carried DEFLATE data, which of the
// built-in server's messages it is.
func (c *connFacts) message(from wire.Sender, m *trace.Message) []said {
	var out []said
	fr := &trace.Frame{Opcode: m.Opcode, OpcodeName: wire.Opcode(m.Opcode).String(), Payload: m.Payload, PayloadHex: m.PayloadHex}
	say := func(mo moment) { out = append(out, said{m: mo, from: from, frame: fr, message: m}) }
	if m.Violation == "" {
		n := &c.paid
		if m.CompressedLen >= m.Length {
			n = &c.unpaid
		}
		if *n == 0 {
			say(momentCompressedMessage)
		}
		*n++
	}
	if from != wire.FromServer {
		return out
	}
	if isPush(m.Payload) {
		c.gapPushes++
	}
	switch kind := c.builtinKind(m.Payload); {
	case kind != 0:
		say(kind)
	case wire.Opcode(m.Opcode) == wire.OpBinary && c.binary[from] == 0:
		say(momentBinary)
		c.binary[from]++
	}
	return out
}

// ping records a ping: the connection's first, or a side's first after
// the other side's.
func (c *connFacts) ping(from wire.Sender, fr *trace.Frame, say func(moment, int)) {
	switch {
	case c.pings[from]+c.pings[from.Peer()] == 0:
		say(momentFirstPing, 0)
	case c.pings[from] == 0:
		say(momentPingOtherSide, 0)
	}
	c.pings[from]++
	c.lastPing[from] = payloadOf{fr.Payload, fr.PayloadHex}
}

// pong records a pong, which answers the other side's latest ping only if
// it carries the same payload (RFC 6455 §5.5.3); another is a heartbeat
// sent unasked.
func (c *connFacts) pong(from wire.Sender, fr *trace.Frame, say func(moment, int)) {
	if c.pings[from.Peer()] == 0 || c.lastPing[from.Peer()] != (payloadOf{fr.Payload, fr.PayloadHex}) {
		return
	}
	if c.answers[from] == 0 {
		say(momentPingAnswered, 0)
	}
	c.answers[from]++
}

// closeFrame records a close frame that breaks no rule: the first starts
// the closing handshake, the other side's first completes it.
func (c *connFacts) closeFrame(from wire.Sender, fr *trace.Frame, say func(moment, int)) {
	switch {
	case c.closes == 0:
		c.closer, c.closeCode = from, fr.CloseCode
		say(momentCloseStarted, 0)
	case from != c.closer && !c.answered:
		c.answered = true
		say(momentCloseAnswered, 0)
	}
	c.closes++
}

// length records the length form of any frame (RFC 6455 §5.2).
func (c *connFacts) length(fr *trace.Frame, say func(moment, int)) {
	switch {
	case fr.PayloadLen > 125 && fr.PayloadLen <= 0xFFFF:
		if c.len16 == 0 {
			say(momentLength16, 0)
		}
		c.len16++
	case fr.PayloadLen > 0xFFFF:
		if c.len64 == 0 {
			say(momentLength64, 0)
		}
		c.len64++
	}
}

// fragment records a frame that is part of a message sent in several
// frames (RFC 6455 §5.4).
func (c *connFacts) fragment(from wire.Sender, fr *trace.Frame, say func(moment, int)) {
	op := wire.Opcode(fr.Opcode)
	switch {
	case op != wire.OpContinuation && !fr.Fin:
		if c.firstFragments[from] == 0 {
			say(momentFragmentFirst, 0)
		}
		c.firstFragments[from]++
	case op == wire.OpContinuation && !fr.Fin:
		if c.middles[from] == 0 {
			say(momentFragmentMiddle, 0)
		}
		c.middles[from]++
	case op == wire.OpContinuation:
		if c.lasts[from] == 0 {
			say(momentFragmentLast, 0)
		}
		c.lasts[from]++
	}
}

// builtinKind counts a server message that is one of the built-in
// server's (pkg/server's ws.go writes them), and returns the moment of the
// first of its kind, or 0: its welcome right after the 101, the edits it
// pushes unasked, and its echoes of the client's messages.
func (c *connFacts) builtinKind(payload string) moment {
	var n *int
	var m moment
	switch server.BuiltinKind(payload) {
	case server.Welcome:
		n, m = &c.welcomes, momentWelcome
	case server.Push:
		n, m = &c.pushes, momentPush
	case server.Echo:
		n, m = &c.echoes, momentEcho
	default:
		return 0
	}
	*n++
	if *n > 1 {
		return 0
	}
	return m
}

// isPush reports whether a server message is one of the built-in server's
// pushes: an edit "from another tab", sent on its schedule, unasked.
func isPush(payload string) bool {
	return server.BuiltinKind(payload) == server.Push
}

// closing is what the connection's close frames say of its closing
// handshake, for a tcp.close note.
func (c connFacts) closing() wsClosing {
	ws := wsClosing{upgraded: c.upgraded}
	switch {
	case c.answered:
		ws.closeFrames = 2
	case c.closes > 0:
		ws.closeFrames = 1
	}
	return ws
}

// frameStats returns the frame statistics so far.
func (f *wsFacts) frameStats() frameStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats
}

// bodilessResponses returns how many 204 and 304 responses crossed.
func (f *wsFacts) bodilessResponses() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bodiless
}

// startClosing records that the scenario starts a closing handshake now.
func (f *wsFacts) startClosing() {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
}

// partial returns how many bytes of a server frame that has not finished
// arriving the tap has seen, given all the server's bytes it saw.
func (f *wsFacts) partial(serverBytes int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return max(0, serverBytes-f.serverHTTP-f.serverFramed)
}

// clientFailedWith returns the close frame with which the client's library
// failed the connection on its own (RFC 6455 §7.1.7), or nil: the first
// close frame was the client's, and the scenario had not asked for it.
func (f *wsFacts) clientFailedWith() *trace.Frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.firstClose == nil || f.firstFrom != wire.FromClient || f.closing {
		return nil
	}
	return f.firstClose
}
