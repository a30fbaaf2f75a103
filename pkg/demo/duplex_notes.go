package demo

import (
	"fmt"
	"strings"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// duplexNotes annotates the events of the duplex scenario as the tap
// decodes them. Every note is chosen from what the decoded bytes are (their
// direction, opcode, flags and payload), never from what the script meant to
// send, so a note cannot describe a frame that did not cross.
type duplexNotes struct {
	d    *duplex
	text lang.Text // the language of the notes

	mu sync.Mutex // the tap serialises annotate; the summary reads from another goroutine
	// seen marks notes already given once ("client data", "push", ...).
	seen map[string]bool
	// sinceClient counts server frames since the client's last data frame.
	sinceClient   int
	clientData    int
	pingFrom      string // who sent the last ping, so its pong is explained
	closeFrom     string // who sent the first close frame
	closeCode     int
	closeAnswered bool
	upgraded      bool // a 101 crossed
	checksShown   bool
	stats         duplexFrameStats
	fragmentOpen  bool     // a client message is being sent in fragments
	offer         []string // the handshake's Sec-WebSocket-Extensions
}

// duplexFrameStats are the per-direction numbers of the summary, indexed by
// wire.Sender.
type duplexFrameStats struct {
	header, payload, messages, control [2]int
	requestHead                        int
}

func newDuplexNotes(d *duplex) *duplexNotes {
	return &duplexNotes{d: d, text: d.opts.text(), seen: map[string]bool{}}
}

func (n *duplexNotes) frameStats() duplexFrameStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}

// once reports whether key is new, and marks it seen.
func (n *duplexNotes) once(key string) bool {
	if n.seen[key] {
		return false
	}
	n.seen[key] = true
	return true
}

// annotate is the tracer's Annotator.
func (n *duplexNotes) annotate(e *trace.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	t := n.text
	switch e.Kind {
	case trace.KindTCPConnect:
		t.SetNote(e, lang.M("One TCP connection carries everything that follows: the handshake, then frames in both directions, until it closes."))
		if strings.HasPrefix(n.d.opts.URL, "wss:") {
			t.AddNote(e, lang.M("It is wrapped in TLS; the tap sits above TLS, so it shows the plaintext that TLS encrypts."))
		}
	case trace.KindHTTPRequest:
		if e.HTTP != nil && len(e.Raw) > 0 && n.stats.requestHead == 0 {
			n.stats.requestHead = len(e.Raw) - len(e.HTTP.Body)
		}
		t.SetNote(e, lang.M("The opening handshake is one ordinary HTTP/1.1 GET asking to switch protocols: Upgrade: websocket, and a random Sec-WebSocket-Key (RFC 6455 §4.1). It is the only HTTP request on this connection."))
		n.offer = extensionValues(e.HTTP)
		if offersDeflate(n.offer) {
			t.AddNote(e, lang.M("Sec-WebSocket-Extensions offers permessage-deflate: compression of each message, if the server agrees (RFC 7692 §7)."))
		}
		if !n.d.opts.Verbose {
			e.Fields = keepFields(e.Fields, "method", "target", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions")
		}
	case trace.KindHTTPResponse:
		n.handshakeChecks(e.Conn)
		if e.HTTP != nil && e.HTTP.Status == 101 {
			n.upgraded = true
			t.SetNote(e, lang.M("101 Switching Protocols: from here on this TCP connection carries WebSocket frames, in both directions, until one side closes it."),
				lang.M("Sec-WebSocket-Accept is base64(SHA-1(key + a fixed GUID)): proof that the server understood the WebSocket request (RFC 6455 §4.2.2)."))
			t.AddNote(e, extensionNote(n.offer, extensionValues(e.HTTP))...)
		} else {
			t.SetNote(e, lang.M("The server did not switch protocols, so there is no WebSocket: a successful handshake answers 101 (RFC 6455 §4.2.2)."))
		}
		if !n.d.opts.Verbose {
			e.Fields = keepFields(e.Fields, "status", "upgrade", "connection", "sec-websocket-accept", "sec-websocket-extensions")
		}
	case trace.KindWSFrame:
		n.frame(e)
	case trace.KindWSMessage:
		n.message(e)
	case trace.KindTCPClose:
		t.SetNote(e, n.tcpCloseNote(e)...)
	}
}

// closeAnswerNote explains the close frame that answers the other side's:
// one whole sentence per side and per status (echoed, another, none).
func closeAnswerNote(client bool, code int, echoed bool, name lang.Msg) trace.Msg {
	switch {
	case client && code != 0 && echoed:
		return lang.M("The client answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code)
	case client && code != 0:
		return lang.M("The client answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code, name)
	case client:
		return lang.M("The client answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).")
	case code != 0 && echoed:
		return lang.M("The server answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code)
	case code != 0:
		return lang.M("The server answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code, name)
	}
	return lang.M("The server answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).")
}

// keepFields keeps the fields named in names (case-insensitive), dropping
// their meanings: the condensed handshake shows the key headers only. The
// parts of a Sec-WebSocket-Extensions header stay, meanings and all: they
// are news each time.
func keepFields(fs []trace.Field, names ...string) []trace.Field {
	var out []trace.Field
	for _, f := range fs {
		if strings.HasPrefix(f.Name, extensionIndent) {
			out = append(out, f)
			continue
		}
		for _, name := range names {
			if strings.EqualFold(f.Name, name) {
				f.Meaning = ""
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// handshakeChecks records, once, the checks the built-in server made before
// answering (kept apart in d.checks without --verbose) as two check events:
// what RFC 6455 §4.2.1 requires of every handshake, and this server's own
// policy (server.PolicyCheck), so a learner never reads the Origin
// allow-list or the cookie as a rule of the RFC. They are emitted from the
// annotator of the response, so they land just before the response they
// led to.
func (n *duplexNotes) handshakeChecks(conn int) {
	if n.d.checks == nil || n.checksShown {
		return
	}
	n.checksShown = true
	var rfc, policy []*trace.Check
	checks := n.d.checks.Drain()
	// What the server reports after the handshake is not shown without
	// --verbose: closing lets it go rather than keep it for nobody.
	n.d.checks.Close()
	for _, e := range checks {
		if e.Kind != trace.KindCheck || e.Check == nil {
			continue
		}
		if server.PolicyCheck(e.Check.Name) {
			policy = append(policy, e.Check)
		} else {
			rfc = append(rfc, e.Check)
		}
	}
	var groups []*trace.Check
	if len(rfc) > 0 {
		groups = append(groups, checkGroup("the handshake RFC 6455 §4.2.1 requires", rfc))
	}
	if len(policy) > 0 {
		groups = append(groups, checkGroup("this server's own policy", policy))
	}
	for i, c := range groups {
		e := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindCheck,
			Summary: c.Name + ": " + c.Detail, Check: c}
		e.SummaryMsg = lang.M("%s: %s", *c.NameMsg, *c.DetailMsg)
		if i == len(groups)-1 {
			n.text.SetNote(&e, lang.M("--verbose shows each check and every header; wsdemo handshake goes through them step by step."))
		}
		n.d.rec.Emit(e)
	}
}

// checkGroup is one check standing for cs: passed when all of them did,
// naming each one, or naming the ones that failed.
func checkGroup(name lang.Msg, cs []*trace.Check) *trace.Check {
	var names, failed []any
	say := func(m *trace.Msg, english string) any {
		if m != nil {
			return *m
		}
		return english
	}
	for _, c := range cs {
		names = append(names, say(c.NameMsg, c.Name))
		if !c.OK {
			failed = append(failed, lang.M("%s (%s)", say(c.NameMsg, c.Name), say(c.DetailMsg, c.Detail)))
		}
	}
	nameMsg := lang.M(name)
	var detail trace.Msg
	switch {
	case len(failed) > 0:
		detail = lang.M("failed: %s", lang.List{Sep: "; ", Items: failed})
	case len(names) == 2:
		detail = lang.M("both passed: %s", lang.List{Sep: ", ", Items: names})
	default:
		detail = lang.M("all %d passed: %s", len(names), lang.List{Sep: ", ", Items: names})
	}
	english := lang.Trace
	return &trace.Check{Name: english.Say(nameMsg), OK: len(failed) == 0, Detail: english.Say(detail),
		NameMsg: &nameMsg, DetailMsg: &detail}
}

// frame annotates one ws.frame event and counts it.
func (n *duplexNotes) frame(e *trace.Event) {
	f := e.Frame
	if f == nil {
		return
	}
	from := wire.FromClient
	if e.From == trace.Server {
		from = wire.FromServer
	}
	op := wire.Opcode(f.Opcode)
	n.stats.header[from] += f.HeaderLen
	n.stats.payload[from] += int(f.PayloadLen)
	data := op == wire.OpText || op == wire.OpBinary || op == wire.OpContinuation
	if data && f.Fin {
		n.stats.messages[from]++
	}
	if op.IsControl() {
		n.stats.control[from]++
	}

	var notes []trace.Msg
	add := func(m trace.Msg) { notes = append(notes, m) }
	client := from == wire.FromClient
	t := n.text
	if f.Compressed && f.RSV == 4 && n.once("compressed frame") {
		add(compressedFrameNote())
	}

	switch {
	case data && client:
		if n.once("client data") {
			add(lang.M("Client frames are always masked (RFC 6455 §5.1): the payload is XORed with a fresh random 4-byte key that travels in the frame (RFC 6455 §5.3)."))
			add(lang.M("That is not secrecy; it stops a script in a web page from choosing the exact bytes on the wire, so it cannot forge bytes that a proxy or cache on the way would mistake for HTTP (RFC 6455 §10.3)."))
		}
		if n.clientData > 0 && n.sinceClient > 0 && n.once("interleaved") {
			if n.sinceClient == 1 {
				add(lang.M("Since the client's previous message the server has sent a frame on this same connection, on its own schedule or in reply; neither side waited for the other. That is full duplex."))
			} else {
				add(lang.M("Since the client's previous message the server has sent %d frames on this same connection, on its own schedule and in reply; neither side waited for the other. That is full duplex.", n.sinceClient))
			}
		}
		n.clientData++
		n.sinceClient = 0
		n.fragmentNote(f, add)
		if op == wire.OpBinary && n.once("client binary") {
			if f.PayloadHex == fmt.Sprintf("%x", pngSignature) {
				add(lang.M("Opcode 0x2, a binary message: the payload is any bytes, here the 8 bytes that start every PNG file, shown in hex (RFC 6455 §5.6)."))
			} else {
				add(lang.M("Opcode 0x2, a binary message: the payload is any bytes, shown in hex (RFC 6455 §5.6)."))
			}
		}
	case data:
		n.sinceClient++
		if n.once("server data") {
			add(lang.M("Server frames are never masked (RFC 6455 §5.1): the attack masking defends against needs bytes chosen by a page's script, and those only travel from the client (RFC 6455 §10.3)."))
		}
		n.serverDataNote(f, add)
	case op == wire.OpPing:
		if !client {
			n.sinceClient++
		}
		n.pingFrom = e.From
		if n.once("ping") {
			add(lang.M("A ping (opcode 0x9) asks: are you still there? It is a control frame: either side may send one at any time, even between the fragments of a message, and it carries at most 125 bytes (RFC 6455 §5.5, §5.5.2)."))
		} else if n.once("ping " + e.From) {
			// One sentence per side, so a translation names the side in its
			// own words.
			if client {
				add(lang.M("Now the client pings: either side may (RFC 6455 §5.5.2)."))
			} else {
				add(lang.M("Now the server pings: either side may (RFC 6455 §5.5.2)."))
			}
		}
	case op == wire.OpPong:
		if !client {
			n.sinceClient++
		}
		if n.pingFrom != "" && n.pingFrom != e.From && n.once("pong "+e.From) {
			if client {
				add(lang.M("The client answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself, but only while something reads the connection, which is why this client keeps a reader running all the time."))
			} else {
				add(lang.M("The server answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself. Heartbeats like these keep an idle connection open through NATs, proxies and load balancers that drop connections they think are dead, and show that the peer is still there."))
			}
		}
	case op == wire.OpClose:
		if !client {
			n.sinceClient++
		}
		code, name := f.CloseCode, wire.CloseCodeName(f.CloseCode)
		switch {
		case n.closeFrom == "":
			n.closeFrom, n.closeCode = e.From, f.CloseCode
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
		case n.closeFrom != e.From && !n.closeAnswered:
			n.closeAnswered = true
			add(closeAnswerNote(client, code, code == n.closeCode, name))
		}
	}
	if f.PayloadLen > 125 && f.PayloadLen <= 0xFFFF && n.once("16-bit") {
		add(lang.M("Its payload is %d bytes, more than the 7-bit length field holds (0-125): the field says 126 and the next 2 bytes carry the length. From 65,536 bytes the field says 127 and 8 bytes follow (RFC 6455 §5.2).", f.PayloadLen))
	}
	t.AddNote(e, notes...)
	if sf, ok := e.Expander.(*shownFrame); ok && !n.d.opts.Verbose {
		// The frame's fields are built when it is shown (trace.Expander):
		// they are trimmed then, as decided here, so that nothing of the
		// notes' state is needed on the reader's goroutine.
		sf.compact = true
		sf.showRSV = f.RSV != 0 || n.once("rsv clear")
	}
}

// message annotates a ws.message event: with compression, what crossed
// against what the application got, and for the built-in server what its
// message is (its frames showed compressed bytes only).
func (n *duplexNotes) message(e *trace.Event) {
	m := e.Message
	if m == nil || !m.Compressed {
		return
	}
	var notes []trace.Msg
	key := "compressed message paid"
	if m.CompressedLen >= m.Length {
		key = "compressed message did not pay"
	}
	if note := compressedMessageNote(m); note.Format != "" && n.once(key) {
		notes = append(notes, note)
	}
	if e.From == trace.Server {
		n.serverDataNote(&trace.Frame{Opcode: m.Opcode, Payload: m.Payload}, func(m trace.Msg) { notes = append(notes, m) })
	}
	n.text.AddNote(e, notes...)
}

// compactFrameFields trims a frame's fields without --verbose, in place. The
// renderer already gives each meaning once; this keeps on every frame what
// a blanked meaning would hide, the length form, and shows a clear RSV1-3
// only when showRSV (the first frame).
func compactFrameFields(t lang.Text, fs []trace.Field, raw []byte, showRSV bool) []trace.Field {
	out := fs[:0]
	for _, f := range fs {
		switch {
		case f.Name == "RSV1-3" && f.Value == "000":
			if !showRSV {
				continue
			}
		case f.Name == "payload length" && len(raw) > 1:
			switch raw[1] & 0x7f {
			case 126:
				f.Value = t.F("%s (16-bit form)", f.Value)
			case 127:
				f.Value = t.F("%s (64-bit form)", f.Value)
			default:
				f.Value = t.F("%s (7-bit form)", f.Value)
			}
		}
		out = append(out, f)
	}
	return out
}

// tcpCloseNote explains how the TCP connection ended, from the close
// frames that crossed and how the tap saw each side end.
func (n *duplexNotes) tcpCloseNote(e *trace.Event) []trace.Msg {
	ws := wsClosing{upgraded: n.upgraded}
	switch {
	case n.closeAnswered:
		ws.closeFrames = 2
	case n.closeFrom != "":
		ws.closeFrames = 1
	}
	return wsCloseNote(ws, n.d.tracer.ending(e.Conn), e.TCP != nil && e.TCP.First)
}

// fragmentNote explains the frames of a fragmented client message.
func (n *duplexNotes) fragmentNote(f *trace.Frame, add func(trace.Msg)) {
	op := wire.Opcode(f.Opcode)
	switch {
	case op != wire.OpContinuation && !f.Fin:
		n.fragmentOpen = true
		if n.once("first fragment") {
			add(lang.M("FIN=0: only the first fragment of a message. Its opcode (%s) names the type of the whole message; the next fragments are continuation frames (RFC 6455 §5.4). Fragments let a sender start before it knows the message's full length.", f.OpcodeName))
		}
	case op == wire.OpContinuation && !f.Fin:
		if n.once("continuation") {
			add(lang.M("Opcode 0x0, continuation: the next fragment of the same message. FIN=0 again: more follow (RFC 6455 §5.4)."))
		}
	case op == wire.OpContinuation && f.Fin:
		n.fragmentOpen = false
		if n.once("last fragment") {
			if f.PayloadLen == 0 {
				add(lang.M("FIN=1 with an empty payload ends the message. coder/websocket sends each Write of a message writer as one fragment, and this empty final fragment when the writer closes: legal, since fragments may be empty (RFC 6455 §5.4)."))
			} else {
				add(lang.M("FIN=1 ends the message (RFC 6455 §5.4)."))
			}
		}
	}
}

// serverDataNote explains what a server data frame is, by its content, for
// the built-in server whose messages we know.
func (n *duplexNotes) serverDataNote(f *trace.Frame, add func(trace.Msg)) {
	if !n.d.builtIn {
		return
	}
	p := f.Payload
	switch {
	case strings.HasPrefix(p, "welcome ") && n.once("welcome"):
		add(lang.M("Nobody asked for this: right after the 101 the server sends a message of its own. In HTTP a server only ever answers a request."))
	case strings.HasPrefix(p, "edit ") && strings.HasSuffix(p, " from another tab") && n.once("push"):
		add(lang.M("A push: the server sends this on its own schedule (every %s), not in answer to anything. Think of an edit a teammate makes in another tab, reaching this page at once.", n.d.pushEvery))
	case strings.HasPrefix(p, "echo: ") && n.once("echo"):
		add(lang.M("The server's reply to the client's message. Replies and pushes share the one connection in whatever order they happen: WebSocket itself pairs nothing up, the application's content tells them apart."))
	case wire.Opcode(f.Opcode) == wire.OpBinary && n.once("server binary"):
		add(lang.M("The server sends binary messages back unchanged."))
	}
}
