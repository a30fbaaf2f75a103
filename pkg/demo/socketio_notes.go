package demo

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// sioNotes explains a Socket.IO session as it crosses the wire, for the
// socketio scenario: each note is chosen from what the tap saw (the first
// request without a sid, a GET held by the server, a POST beside a pending
// GET, the open packet's values, a noop, the upgrade packet, an ACK's id,
// the same packet on two connections ...), never from what the scenario
// meant to happen. The story's own notes (what wsdemo's server does with
// an event, the connection wsdemo cut) are said only in the story
// (builtIn); against the learner's server (--url) the notes are those that
// hold for any Socket.IO server.
//
// It also measures what the story's summary compares: the bytes of the
// opening, of an event and a binary event, of a heartbeat, over Socket.IO
// and over the plain WebSocket beside it.
type sioNotes struct {
	t       lang.Text
	builtIn bool
	verbose bool
	since   func() time.Duration // the recorder's clock

	mu   sync.Mutex
	said map[string]bool
	// per client (actor): what its connections carried
	clients map[string]*sioClientFacts
	// pendingGET is, per connection, when a long-polling GET was sent and
	// not yet answered.
	pendingGET map[int]time.Duration
	// pollConns are the connections that carried long-polling requests,
	// and whether one crossed on them after their client's upgrade packet.
	pollConns map[int]*pollConn
	// cut is the connection the scenario cut.
	cut int
	// offline is the text of an event emitted while disconnected, and
	// when.
	offline   []byte
	offlineAt time.Duration
	// announced is the first copy of an event the server sent to its room.
	announced []byte
	// wsPings counts WebSocket ping frames, on any connection.
	wsPings int
	// rawConn is the plain WebSocket's connection; m what was measured.
	rawConn int
	m       sioMeasures
}

// sioClientFacts is what one client's connections carried.
type sioClientFacts struct {
	sid, socketID string // the current Engine.IO session's and Socket.IO socket's ids
	oldSID        string // the previous session's, after a reconnection
	sessions      int    // open packets seen
	upgraded      bool   // the current session's upgrade packet crossed
	pingInterval  int64
	// opening counts the bytes of the client's first session until its
	// upgrade packet (the opening the summary compares), opened says it
	// is over.
	opening int
	opened  bool
	reqs    int // HTTP requests of the opening
	// lastEventBinary says the last event the client sent announced
	// attachments: the binary frames that follow are its.
	binaryFrames int
	wsPongs      int // pongs the client sent over a WebSocket
}

// pollConn is a connection long-polling used.
type pollConn struct {
	actor        string
	afterUpgrade bool // a request crossed on it after the client's upgrade packet
	closed       bool // the tap reported its first end
}

// sioMeasures are the sizes the summary compares, in bytes on the wire
// (frames with their headers).
type sioMeasures struct {
	Event, RawEvent          int // the client's first plain chat event; the same over the plain WebSocket
	EventText, RawEventText  string
	Binary, RawBinary        int // the binary event and its attachment frames; the same bytes as one binary message
	BinaryFrames             int
	Opening, OpeningRequests int // the client's first session until its upgrade packet
	RawOpening               int // the plain WebSocket's handshake
	Ping, Pong               int // one heartbeat over the WebSocket
	PingInterval             int64
}

func newSIONotes(t lang.Text, builtIn, verbose bool, since func() time.Duration) *sioNotes {
	return &sioNotes{t: t, builtIn: builtIn, verbose: verbose, since: since, said: map[string]bool{}, clients: map[string]*sioClientFacts{},
		pendingGET: map[int]time.Duration{}, pollConns: map[int]*pollConn{}}
}

// once reports whether key is said for the first time.
func (n *sioNotes) once(key string) bool {
	if n.said[key] {
		return false
	}
	n.said[key] = true
	return true
}

func (n *sioNotes) client(actor string) *sioClientFacts {
	f := n.clients[actor]
	if f == nil {
		f = &sioClientFacts{}
		n.clients[actor] = f
	}
	return f
}

// clientOf is the client side of an event: its sender, or its receiver.
func clientOf(e *trace.Event) string {
	if e.From != trace.Server {
		return e.From
	}
	return e.To
}

// setCut names the connection about to be cut.
func (n *sioNotes) setCut(conn int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.cut = conn
}

// emittedOffline remembers an event emitted while the client was
// disconnected: its packet's text, and when.
func (n *sioNotes) emittedOffline(text []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.offline, n.offlineAt = text, n.since()
}

// setRawConn names the plain WebSocket's connection.
func (n *sioNotes) setRawConn(conn int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.rawConn = conn
}

// measures returns what was measured so far.
func (n *sioNotes) measures() sioMeasures {
	n.mu.Lock()
	defer n.mu.Unlock()
	m := n.m
	if f := n.clients[trace.Client]; f != nil {
		m.Opening, m.OpeningRequests = f.opening, f.reqs
	}
	return m
}

// wsPongs is how many pongs actor sent over a WebSocket.
func (n *sioNotes) wsPongs(actor string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.client(actor).wsPongs
}

// pollingClosed reports whether every connection actor's long-polling
// used has closed (one at least).
func (n *sioNotes) pollingClosed(actor string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	seen := false
	for _, pc := range n.pollConns {
		if pc.actor == actor {
			if !pc.closed {
				return false
			}
			seen = true
		}
	}
	return seen
}

// pings is how many WebSocket ping frames crossed.
func (n *sioNotes) pings() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.wsPings
}

// annotate adds the note (and, for a packet, the fields of its layers) to
// an event the tap made.
func (n *sioNotes) annotate(e *trace.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	f := n.client(clientOf(e))
	if e.Kind == trace.KindWSFrame && !n.verbose && !n.once("frame fields "+side(e.From != trace.Server)) {
		if sf, ok := e.Expander.(*shownFrame); ok {
			e.Expander = sioFrame{sf, n.t}
		}
	}
	if e.Kind == trace.KindHTTPRequest && e.HTTP != nil && e.HTTP.Method == "POST" {
		setMeanings(n.t, e.Fields, sioPOST)
	}
	if e.Conn != 0 && e.Conn == n.rawConn {
		n.raw(e)
		return
	}
	n.count(e, f)
	switch e.Kind {
	case trace.KindHTTPRequest:
		n.t.SetNote(e, n.request(e, f)...)
	case trace.KindHTTPResponse:
		n.t.SetNote(e, n.response(e, f))
	case trace.KindWSFrame:
		n.frame(e, f)
	case trace.KindSIOPacket:
		if s := e.SIO; s != nil && s.EIOName == "pong" && s.Raw == "3" && s.Transport == "websocket" && e.From != trace.Server {
			f.wsPongs++
		}
		e.Expander = fieldsOf(sioFields(e.SIO, n.t))
		n.t.SetNote(e, n.packet(e, f)...)
	case trace.KindTCPClose:
		n.t.SetNote(e, n.closed(e))
	}
}

// sioPOST is the meaning of a POST's method here: Engine.IO's long-polling
// sends packets with it (the demos' default meaning speaks of notes).
var sioPOST = map[string]lang.Msg{"method": "send data for the server to process: here, Engine.IO packets (RFC 9110 §9.3.3)"}

// sioFrame shows a frame whose packet follows it: after the first frame of
// each direction, only its payload length (its form said), since the
// packet's arrow shows its payload, layer by layer.
type sioFrame struct {
	sf *shownFrame
	t  lang.Text
}

// Expand implements trace.Expander.
func (s sioFrame) Expand(e *trace.Event) {
	s.sf.Expand(e)
	e.Fields = sioFrameFields(s.t, e.Fields, e.Raw)
}

// sioFrameFields keeps a frame's payload length, with the length's form,
// and its close code, if any.
func sioFrameFields(t lang.Text, fs []trace.Field, raw []byte) []trace.Field {
	return keepFields(compactFrameFields(t, fs, raw, false), "payload length", "close code", "close reason")
}

// count adds an event's bytes to its client's opening, until the upgrade
// packet of its first session.
func (n *sioNotes) count(e *trace.Event, f *sioClientFacts) {
	if f.opened || f.sessions > 1 {
		return
	}
	switch e.Kind {
	case trace.KindHTTPRequest:
		f.reqs++
		f.opening += len(e.Raw)
	case trace.KindHTTPResponse:
		f.opening += len(e.Raw)
	case trace.KindWSFrame:
		if e.Frame != nil {
			f.opening += e.Frame.HeaderLen + int(e.Frame.PayloadLen)
		}
	}
}

// raw measures the plain WebSocket's handshake and messages; its notes say
// what they are compared with.
func (n *sioNotes) raw(e *trace.Event) {
	switch e.Kind {
	case trace.KindHTTPRequest, trace.KindHTTPResponse:
		n.m.RawOpening += len(e.Raw)
		if e.Kind == trace.KindHTTPRequest {
			n.t.SetNote(e, lang.M("A plain WebSocket to the same server, for comparison: one handshake, and nothing of Engine.IO's or Socket.IO's (RFC 6455 §4.1)."))
		}
	case trace.KindWSFrame:
		fr := e.Frame
		if fr == nil || e.From == trace.Server {
			return
		}
		size := fr.HeaderLen + int(fr.PayloadLen)
		switch fr.Opcode {
		case int(wire.OpText):
			n.m.RawEvent, n.m.RawEventText = size, fr.Payload
			n.t.SetNote(e, lang.M("The same event as the application's own JSON, %s, in one text frame of %d bytes: no packet types, nothing around it but the frame's header (RFC 6455 §5.2).", fr.Payload, size))
		case int(wire.OpBinary):
			n.m.RawBinary = size
			n.t.SetNote(e, lang.M("The same bytes as the photo, as one binary message: one frame of %d bytes (RFC 6455 §5.6).", size))
		}
	}
}

// request explains an HTTP request: Engine.IO's polling GET and POST, the
// WebSocket handshakes.
func (n *sioNotes) request(e *trace.Event, f *sioClientFacts) []trace.Msg {
	if e.HTTP == nil {
		return nil
	}
	r, ok := wire.ParseEIORequest(e.HTTP.Target)
	if !ok {
		return nil
	}
	tab := e.From != trace.Client
	switch {
	case r.Transport == "polling":
		pc := n.pollConns[e.Conn]
		if pc == nil {
			pc = &pollConn{actor: e.From}
			n.pollConns[e.Conn] = pc
		}
		if f.upgraded {
			pc.afterUpgrade = true
		}
	}
	switch {
	case r.Transport == "polling" && r.SID == "" && f.sessions == 0:
		return []trace.Msg{lang.M("The first request is plain HTTP: a GET whose query says EIO=4, the Engine.IO version, and transport=polling, with no Upgrade header. Socket.IO starts with HTTP long-polling, not with a WebSocket (Engine.IO v4, \"Handshake\", \"Query parameters\").")}
	case r.Transport == "polling" && r.SID == "":
		if n.once("fresh handshake") {
			return []trace.Msg{lang.M("A fresh start: a GET with no sid, as at the very beginning. The old session is gone with its connection, so the client asks for a new one (Engine.IO v4, \"Handshake\").")}
		}
	case r.Transport == "polling" && e.HTTP.Method == "GET":
		n.pendingGET[e.Conn] = n.since()
		if n.once("poll GET") {
			return []trace.Msg{lang.M("The client asks for what the server has to send, naming its session (sid). When the server has nothing yet, it holds this GET open until it has: long-polling (Engine.IO v4, \"Receiving data\").")}
		}
	case r.Transport == "polling" && e.HTTP.Method == "POST":
		if !n.once("poll POST") {
			return nil
		}
		ms := []trace.Msg{lang.M("Long-polling sends with POSTs: the body carries the packets, and there is never more than one POST at a time (Engine.IO v4, \"Sending data\").")}
		for conn := range n.pendingGET {
			if conn != e.Conn && n.pollConns[conn] != nil && n.pollConns[conn].actor == e.From {
				ms = append(ms, lang.M("The GET on connection #%#d has no answer yet, so this POST goes on another connection: sending and receiving go on at the same time, as two HTTP requests.", conn))
				break
			}
		}
		return ms
	case r.Transport == "websocket" && r.SID != "":
		if n.once("upgrade handshake") {
			return []trace.Msg{lang.M("The upgrade begins with a real WebSocket handshake, lesson 4's: a GET with Upgrade: websocket and a Sec-WebSocket-Key, whose query names the session's sid, so that the WebSocket joins the session polling opened (Engine.IO v4, \"Upgrade\"; RFC 6455 §4.1).")}
		}
	case r.Transport == "websocket" && tab:
		if n.once("websocket only tab") {
			return []trace.Msg{lang.M("Tab B skips long-polling: its first request is already a WebSocket handshake, with transport=websocket and no sid, because its client was told to use WebSocket only. Its session will open inside the WebSocket (Engine.IO v4, \"Handshake\").")}
		}
	case r.Transport == "websocket":
		if n.once("websocket only") {
			return []trace.Msg{lang.M("The first request is already a WebSocket handshake, with transport=websocket and no sid: the session will open inside the WebSocket (Engine.IO v4, \"Handshake\").")}
		}
	}
	return nil
}

// response explains the answers: a held GET, the POSTs' ok, the 101s.
func (n *sioNotes) response(e *trace.Event, f *sioClientFacts) trace.Msg {
	if e.HTTP == nil {
		return trace.Msg{}
	}
	if at, ok := n.pendingGET[e.Conn]; ok {
		delete(n.pendingGET, e.Conn)
		held := n.since() - at
		if held >= 20*time.Millisecond && n.once("held GET") {
			return lang.M("The server held this GET for %s ms before it answered: until it had a packet to send.", lang.Millis(ms(held)))
		}
		return trace.Msg{}
	}
	switch {
	case e.HTTP.Status == 200 && e.HTTP.Body == "ok":
		if n.once("ok") {
			return lang.M("ok: the server took the packets (Engine.IO v4, \"Sending data\"). Its own packets never come back in a POST's answer, only in a GET's.")
		}
	case e.HTTP.Status == 101 && f.sessions > 0:
		if n.once("101 upgrade") {
			return lang.M("101 Switching Protocols: this connection is a WebSocket now (RFC 6455 §4.2.2). The session still runs on long-polling, though: it moves only once the WebSocket has passed a probe and the upgrade packet is sent (Engine.IO v4, \"Upgrade\").")
		}
	case e.HTTP.Status == 101:
		if n.once("101 websocket only") {
			return lang.M("101: the WebSocket is open (RFC 6455 §4.2.2), and Engine.IO's handshake takes place inside it.")
		}
	}
	return trace.Msg{}
}

// frame counts WebSocket ping frames and measures the frames the summary
// compares.
func (n *sioNotes) frame(e *trace.Event, f *sioClientFacts) {
	fr := e.Frame
	if fr == nil {
		return
	}
	if fr.Opcode == int(wire.OpPing) {
		n.wsPings++
	}
	if e.From != trace.Client {
		if e.From == trace.Server && e.To == trace.Client && fr.Payload == "2" && n.m.Ping == 0 {
			n.m.Ping = fr.HeaderLen + int(fr.PayloadLen)
		}
		return
	}
	size := fr.HeaderLen + int(fr.PayloadLen)
	switch {
	case fr.Opcode == int(wire.OpBinary) && f.binaryFrames > 0:
		f.binaryFrames--
		n.m.Binary += size
		n.m.BinaryFrames++
	case fr.Opcode != int(wire.OpText):
	case fr.Payload == "3" && n.m.Ping > 0 && n.m.Pong == 0:
		n.m.Pong = size
	case strings.HasPrefix(fr.Payload, `42["chat",`) && n.m.Event == 0:
		n.m.Event, n.m.EventText = size, fr.Payload
	case strings.HasPrefix(fr.Payload, "45") && n.m.Binary == 0:
		if q := wire.ParseSIOPacket([]byte(fr.Payload[1:])); q.Violation == "" {
			n.m.Binary, n.m.BinaryFrames = size, 1
			f.binaryFrames = q.Attachments
		}
	}
	if n.builtIn && n.once("first client frame") {
		n.t.SetNote(e, lang.M("Over the WebSocket each Engine.IO packet is one message, here one text frame, masked as every client frame is (Engine.IO v4, \"Packet encoding\"; RFC 6455 §5.3). The packet inside is shown next."))
	}
}

// packet explains one Engine.IO packet and the Socket.IO packet inside it.
func (n *sioNotes) packet(e *trace.Event, f *sioClientFacts) []trace.Msg {
	s := e.SIO
	if s == nil {
		return nil
	}
	if s.Violation != "" {
		return []trace.Msg{lang.M("This packet breaks a rule: %s.", s.Violation)}
	}
	fromClient := e.From != trace.Server
	if s.Binary {
		return n.attachment(s, fromClient)
	}
	switch s.EIOName {
	case "open":
		return n.open(e, f)
	case "ping":
		return n.ping(s, f)
	case "pong":
		return n.pong(s)
	case "noop":
		if n.once("noop") {
			return []trace.Msg{lang.M("A noop (6): the server ended the GET it was holding, with nothing in it, so that long-polling can stop cleanly (Engine.IO v4, \"Upgrade\": the server sends a noop to a pending GET).")}
		}
	case "upgrade":
		f.upgraded = true
		if fromClient && e.From == trace.Client && !f.opened {
			f.opened = true
		}
		if n.once("upgrade") {
			return []trace.Msg{lang.M("The upgrade packet (5), on the WebSocket: the session moves there. From here on its packets cross as WebSocket frames, and the client sends no more long-polling requests (Engine.IO v4, \"Upgrade\").")}
		}
	case "close":
		if n.once("close packet") {
			return []trace.Msg{lang.M("Engine.IO's close packet (1): this session's transport can be closed (Engine.IO v4, \"Protocol\").")}
		}
	case "message":
		return n.socketIO(e, f, fromClient)
	}
	return nil
}

// open explains an open packet with the values it carries.
func (n *sioNotes) open(e *trace.Event, f *sioClientFacts) []trace.Msg {
	var o wire.EIOOpenData
	if json.Unmarshal(e.SIO.Data, &o) != nil {
		// Data holds the packet's JSON only when it is valid: the raw text
		// says the rest.
		if err := json.Unmarshal([]byte(strings.TrimPrefix(e.SIO.Raw, "0")), &o); err != nil {
			return nil
		}
	}
	f.sessions++
	f.oldSID, f.sid = f.sid, o.SID
	f.upgraded = false
	f.pingInterval = o.PingInterval
	if n.m.PingInterval == 0 && e.To == trace.Client {
		n.m.PingInterval = o.PingInterval
	}
	upgrades, _ := json.Marshal(o.Upgrades)
	switch {
	case f.sessions > 1:
		return []trace.Msg{lang.M("A new session, sid %s, not %s: nothing of the old one carries over, and the client joins the namespace again with a CONNECT of its own.", o.SID, f.oldSID)}
	case e.SIO.Transport == "websocket":
		return []trace.Msg{lang.M("Engine.IO's open packet, the first message on the WebSocket: a session of its own, sid %s, a ping every %d ms (Engine.IO v4, \"Handshake\").", o.SID, o.PingInterval)}
	}
	ms := []trace.Msg{lang.M("Engine.IO's open packet (0), in the body of an ordinary 200: the session's id (sid) %s, the transports it may upgrade to %s, a ping every %d ms, %d ms to answer it, at most %d bytes to a payload. This is what Socket.IO's docs call the handshake, and it is not lesson 4's WebSocket handshake: no Upgrade, no 101 (Engine.IO v4, \"Handshake\").",
		o.SID, string(upgrades), o.PingInterval, o.PingTimeout, o.MaxPayload)}
	if n.builtIn {
		ms = append(ms, lang.M("wsdemo's server pings every second so that the heartbeat shows in this story; Socket.IO's default is every 25 seconds."))
	}
	return ms
}

// ping explains the server's heartbeat, once per transport.
func (n *sioNotes) ping(s *trace.SIO, f *sioClientFacts) []trace.Msg {
	if s.Raw == "2probe" {
		if n.once("2probe") {
			return []trace.Msg{lang.M("2probe: a ping (2) with the text probe, on the new WebSocket. Before it moves the session, the client checks that the WebSocket really carries Engine.IO packets to the same session (Engine.IO v4, \"Upgrade\").")}
		}
		return nil
	}
	if !n.once("ping " + s.Transport) {
		return nil
	}
	interval := time.Duration(f.pingInterval) * time.Millisecond
	if s.Transport == "polling" {
		return []trace.Msg{lang.M("Engine.IO's heartbeat: the server's ping (2), every pingInterval (%v in this session), here in the body of the GET it was holding. The client must answer it (Engine.IO v4, \"Heartbeat\").", interval)}
	}
	return []trace.Msg{lang.M("Engine.IO's heartbeat: the server's ping (2), every pingInterval (%v in this session), inside an ordinary text frame. The client must answer it (Engine.IO v4, \"Heartbeat\").", interval)}
}

func (n *sioNotes) pong(s *trace.SIO) []trace.Msg {
	if s.Raw == "3probe" {
		if n.once("3probe") {
			return []trace.Msg{lang.M("3probe: the server's pong (3) with the same text. The WebSocket works (Engine.IO v4, \"Upgrade\").")}
		}
		return nil
	}
	if n.once("pong") {
		return []trace.Msg{lang.M("The client's pong (3). A server that gets none within pingTimeout considers the connection closed; a client that hears no ping within pingInterval + pingTimeout does the same (Engine.IO v4, \"Heartbeat\").")}
	}
	return nil
}

// attachment explains a binary packet.
func (n *sioNotes) attachment(s *trace.SIO, fromClient bool) []trace.Msg {
	if s.Attachment == nil || !n.once("attachment "+s.Transport) {
		return nil
	}
	size := len(s.DataHex) / 2
	if s.Transport == "polling" {
		return []trace.Msg{lang.M("The attachment over long-polling: b and the %d bytes in base64, in the same body as the packet that announced it (Engine.IO v4, \"Packet encoding\").", size)}
	}
	return []trace.Msg{lang.M("The attachment: the %d bytes of placeholder %#d, in a binary frame of their own, as they are (Engine.IO v4, \"Packet encoding\": binary data is sent as is over WebSocket). One event took two frames.", size, *s.Attachment)}
}

// socketIO explains the Socket.IO packet inside a message packet.
func (n *sioNotes) socketIO(e *trace.Event, f *sioClientFacts, fromClient bool) []trace.Msg {
	s := e.SIO
	raw := []byte(s.Raw)
	switch s.SIOName {
	case "CONNECT":
		if fromClient {
			if !n.once("connect " + s.Transport) {
				return nil
			}
			if s.Transport == "polling" {
				return []trace.Msg{lang.M("Socket.IO's CONNECT: 4 is Engine.IO's message, 0 Socket.IO's CONNECT, to the main namespace \"/\" (a packet names its namespace only when it is another). Over long-polling it rides in a POST's body (Socket.IO v5, \"Connection to a namespace\").")}
			}
			return []trace.Msg{lang.M("Socket.IO's CONNECT, 40, in a WebSocket text frame this time (Socket.IO v5, \"Connection to a namespace\").")}
		}
		var d struct {
			SID string `json:"sid"`
		}
		_ = json.Unmarshal(s.Data, &d)
		engine := f.sid
		f.socketID = d.SID
		if d.SID != "" && engine != "" && d.SID != engine && n.once("connect answer") {
			return []trace.Msg{lang.M("The server's CONNECT: the client has joined the namespace. Its sid, %s, is the Socket.IO socket's id, not the Engine.IO session's (%s): since Socket.IO v5 the two differ (Socket.IO v5, \"History\", \"Difference between v5 and v4\").", d.SID, engine)}
		}
	case "CONNECT_ERROR":
		return []trace.Msg{lang.M("CONNECT_ERROR (4): the server refused the client in this namespace, and says why. A server's middleware does this when it calls next with an error (Socket.IO v5, \"Connection to a namespace\").")}
	case "DISCONNECT":
		if n.once("disconnect") {
			if fromClient {
				return []trace.Msg{lang.M("Socket.IO's DISCONNECT (1): the client leaves the namespace; no answer is expected (Socket.IO v5, \"Disconnection from a namespace\").")}
			}
			return []trace.Msg{lang.M("Socket.IO's DISCONNECT (1), from the server: it put the client out of the namespace (Socket.IO v5, \"Disconnection from a namespace\").")}
		}
	case "EVENT":
		return n.event(e, raw, fromClient)
	case "ACK", "BINARY_ACK":
		if s.AckID != nil && n.once("ack") {
			return []trace.Msg{lang.M("The acknowledgement: 3 is Socket.IO's ACK, then the same id, %#d, and the arguments the server's callback gave. It is a packet of its own: WebSocket has no answers (Socket.IO v5, \"Acknowledgement\").", *s.AckID)}
		}
	case "BINARY_EVENT":
		if s.Attachments != nil && n.once("binary event "+side(fromClient)) {
			if fromClient {
				return []trace.Msg{lang.M("A binary event: 5 is Socket.IO's BINARY_EVENT, then %#d- the number of attachments. The JSON holds a placeholder where the bytes go, and the bytes follow as a packet of their own (Socket.IO v5, \"Packet encoding\").", *s.Attachments)}
			}
			if n.builtIn {
				return []trace.Msg{lang.M("The server's handler passed the photo on to the room's other sockets: the same two packets, on tab B's connection.")}
			}
		}
	}
	return nil
}

func side(fromClient bool) string {
	if fromClient {
		return "client"
	}
	return "server"
}

// event explains an EVENT: its layers the first time, an ack id, an event
// sent by the server, the same packet on two connections, an event that
// waited in the client's buffer.
func (n *sioNotes) event(e *trace.Event, raw []byte, fromClient bool) []trace.Msg {
	s := e.SIO
	if fromClient && len(n.offline) > 0 && bytes.Equal(raw, n.offline) {
		n.offline = nil
		late := n.since() - n.offlineAt
		return []trace.Msg{lang.M("This event was emitted %v ago, while the client was disconnected. wsdemo's client kept it and sends it now, once the new session's CONNECT is answered, as Socket.IO's client does by default: an emit while offline is buffered, not lost (Socket.IO docs, \"Offline behavior\").", lang.Span(late))}
	}
	if fromClient && s.AckID != nil && n.once("event with ack") {
		return []trace.Msg{lang.M("This event asks for an acknowledgement: after 42 comes its id, %#d, before the JSON. The server's answer will carry the same id (Socket.IO v5, \"Acknowledgement\").", *s.AckID)}
	}
	if fromClient && n.once("event") {
		prefix := strings.TrimSuffix(s.Raw, string(s.Data))
		return []trace.Msg{lang.M("An event: 4 is Engine.IO's message, 2 Socket.IO's EVENT, then the JSON array of the event's name and its arguments, what emit sent. %s is all Socket.IO and Engine.IO put before the application's JSON (Socket.IO v5, \"Sending and receiving data\", \"Packet encoding\").", prefix)}
	}
	if fromClient {
		return nil
	}
	name := eventName(s.Data)
	if n.builtIn && name == "announce" {
		if n.announced == nil {
			n.announced = raw
			return nil
		}
		if bytes.Equal(raw, n.announced) && n.once("announce copy") {
			return []trace.Msg{lang.M("The same %d bytes as on the other connection: one emit to the room became one packet per socket, each written on its own connection. Nothing in them names the room.", len(raw))}
		}
		return nil
	}
	if e.To != trace.Client && n.builtIn && n.once("relayed") {
		return []trace.Msg{lang.M("The server's handler passed the event on to the room's other sockets (socket.to(room).emit): tab B gets 42 and the same JSON, without the sender's ack id if it had one. Nothing on tab B's connection says who sent it first.")}
	}
	if e.To == trace.Client && n.once("server event") {
		return []trace.Msg{lang.M("An event from the server, unasked: the same format from the other side. Once the session is open either side may send at any time (Socket.IO v5, \"Sending and receiving data\").")}
	}
	return nil
}

// eventName is the first element of an event's JSON array.
func eventName(data json.RawMessage) string {
	var args []json.RawMessage
	if json.Unmarshal(data, &args) != nil || len(args) == 0 {
		return ""
	}
	var name string
	_ = json.Unmarshal(args[0], &name)
	return name
}

// closed explains how a connection ended, when the story knows why: the
// one it cut, and the ones long-polling left behind.
func (n *sioNotes) closed(e *trace.Event) trace.Msg {
	if e.TCP == nil || !e.TCP.First {
		return trace.Msg{}
	}
	if pc := n.pollConns[e.Conn]; pc != nil {
		pc.closed = true
	}
	if n.builtIn && e.Conn == n.cut && e.TCP.How == trace.TCPEndReset && e.From == trace.Server {
		if n.once("cut") {
			return lang.M("wsdemo cut this connection on the server's side: it reset the server's socket (SO_LINGER 0) under the Socket.IO server, as a server that crashes, or a proxy that drops the connection, would. No close packet, no close frame: neither Socket.IO nor WebSocket said goodbye, an abnormal closure (RFC 6455 §7.1.5).")
		}
	}
	if pc := n.pollConns[e.Conn]; pc != nil && e.From == pc.actor && n.client(pc.actor).upgraded && !pc.afterUpgrade && n.once("polling closed") {
		return lang.M("The client closed a connection that long-polling used: no HTTP request crossed on it after the upgrade packet.")
	}
	return trace.Msg{}
}
