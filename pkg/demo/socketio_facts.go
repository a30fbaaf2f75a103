package demo

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// Facts, then words (DESIGN.md), for Socket.IO: sioFacts records what the
// tap saw cross the socketio scenario's connections (the first request
// without a sid, a GET held by the server, a POST beside a pending GET,
// the open packet's values, a noop, the upgrade packet, an ACK's id, the
// same packet on two connections ...) and returns the moments worth
// saying; the sentence table (socketio_notes.go) says them. Nothing here
// comes from what the story meant to happen, except what the story tells
// it it did: which connection it cut, which event it emitted while
// disconnected, which connection is the plain WebSocket.
//
// It also measures what the story's summary compares: the bytes of the
// opening, of an event and a binary event, of a heartbeat, over Socket.IO
// and over the plain WebSocket beside it.

// sioMoment is a thing worth saying about a Socket.IO session, found in
// the facts (sioFacts.observe); most are said once a run.
type sioMoment uint8

const (
	_                    sioMoment = iota
	sioFirstPoll                   // the first request: a polling GET with no sid and no Upgrade
	sioFreshHandshake              // a polling GET with no sid after a session: a new one
	sioPollGET                     // the first polling GET naming a sid
	sioPollPOST                    // the first polling POST
	sioPOSTBesideGET               // that POST went on another connection than a GET not answered yet (conn)
	sioUpgradeRequest              // the first WebSocket handshake naming a sid
	sioWebSocketFirst              // a client's first request is a WebSocket handshake (tab: tab B's)
	sioHeldGET                     // the first polling GET the server held 20 ms or more and answered with packets other than a noop (d)
	sioPOSTOK                      // the first "ok" answer to a POST
	sio101Upgrade                  // a 101 for a session running on polling
	sio101WebSocketFirst           // a 101 with no session yet
	sioFirstClientFrame            // the client's first frame
	sioRawHandshake                // the plain WebSocket's request
	sioRawText                     // the plain WebSocket's text message (text, n: bytes)
	sioRawBinary                   // the plain WebSocket's binary message (n: bytes)
	sioViolation                   // a packet that breaks a rule (text)
	sioAttachment                  // a side's first attachment on a transport (transport, n: bytes, num, frames)
	sioOpen                        // a client's first open packet (open, transport)
	sioNewSession                  // a later open packet (sid, old)
	sioProbe                       // the client's 2probe
	sioProbeAnswer                 // the server's 3probe
	sioPing                        // the server's first ping on a transport (transport, d: interval)
	sioPong                        // the client's first pong
	sioNoop                        // the first noop, in a polling GET's answer
	sioUpgradePacket               // the first upgrade packet
	sioClosePacket                 // the first close packet
	sioConnect                     // the client's first CONNECT on a transport (transport, nsp)
	sioConnectAnswer               // the server's CONNECT, whose socket id differs from the session's (sid, old)
	sioConnectError                // a CONNECT_ERROR
	sioDisconnect                  // the first DISCONNECT (fromClient)
	sioOfflineEvent                // the event emitted while disconnected, sent at last (d: how late)
	sioEventWithAck                // the client's first event with an ack id (ack)
	sioFirstEvent                  // the client's first event (text: what precedes the JSON)
	sioSameOnTwoConns              // a server event whose bytes went to another client too (n: bytes)
	sioRelayed                     // the first server event to a client other than the first
	sioServerEvent                 // the first server event to the first client
	sioAck                         // the first ACK (ack, fromClient)
	sioBinaryEvent                 // a side's first BINARY_EVENT (n: attachments, fromClient)
	sioCut                         // the connection the story cut, reset under the server
	sioPollingClosed               // a client closed a connection polling used, unused since the upgrade
)

// sioSaid is one moment and what its sentences need.
type sioSaid struct {
	m          sioMoment
	fromClient bool
	tab        bool // from, or to, a client other than the story's first
	transport  string
	conn, n    int
	num        int    // an attachment's placeholder number
	ack        uint64 // an ack id
	frames     int    // the frames of a binary event over a WebSocket: its packet and its attachments
	text       string
	sid, old   string
	d          time.Duration
	open       wire.EIOOpenData
	connected  bool // the server's CONNECT of the client's current session crossed
}

// otherSpelling returns how the request head raw spells the header name,
// when it spells it otherwise than name (as Go's canonical form writes
// Sec-Websocket-Key), and "" when it spells it so or lacks it.
func otherSpelling(raw []byte, name string) string {
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) == 0 {
			break // the end of the head
		}
		n, _, ok := bytes.Cut(line, []byte(":"))
		if ok && strings.EqualFold(string(n), name) && string(n) != name {
			return string(n)
		}
	}
	return ""
}

// sioFacts is what the tap saw cross one socketio run's connections. Safe
// for concurrent use: the tap serialises observe; the story reads from its
// own goroutine.
type sioFacts struct {
	since func() time.Duration // the recorder's clock

	mu   sync.Mutex
	said map[string]bool // moments said once
	// per client (actor): what its connections carried
	clients map[string]*sioClientFacts
	// pendingGET is, per connection, when a long-polling GET was sent and
	// not yet answered.
	pendingGET map[int]time.Duration
	// pollConns are the connections that carried long-polling requests.
	pollConns map[int]*pollConn
	// cut is the connection the scenario cut.
	cut int
	// offline is the text of an event emitted while disconnected, and
	// when.
	offline   []byte
	offlineAt time.Duration
	// wsPings counts WebSocket ping frames, on any connection.
	wsPings int
	// rawConn is the plain WebSocket's connection; m what was measured.
	rawConn int
	m       sioMeasures
}

// sioClientFacts is what one client's connections carried.
type sioClientFacts struct {
	sid          string // the current Engine.IO session's id
	sessions     int    // open packets seen
	upgraded     bool   // the current session's upgrade packet crossed
	connected    bool   // the current session's CONNECT answer crossed
	pingInterval int64
	// opening counts the bytes of the client's first session until its
	// upgrade packet (the opening the summary compares), opened says it
	// is over; reqs counts its HTTP requests.
	opening int
	opened  bool
	reqs    int
	// binaryFrames counts the attachment frames the client's last binary
	// event announced and that have not crossed yet; attachments is, per
	// side, how many the last binary event announced.
	binaryFrames int
	attachments  [2]int
	wsPongs      int // pongs the client sent over a WebSocket
	// lastEvent is the text of the last event the server sent it (cut at
	// sioEventKept bytes), to find the same packet on two connections.
	lastEvent []byte
}

// sioEventKept bounds the bytes kept of a server event.
const sioEventKept = 4 << 10

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

func newSIOFacts(since func() time.Duration) *sioFacts {
	return &sioFacts{since: since, said: map[string]bool{}, clients: map[string]*sioClientFacts{},
		pendingGET: map[int]time.Duration{}, pollConns: map[int]*pollConn{}}
}

// once reports whether key is seen for the first time. f.mu is held.
func (f *sioFacts) once(key string) bool {
	if f.said[key] {
		return false
	}
	f.said[key] = true
	return true
}

// client returns actor's facts, creating them. f.mu is held.
func (f *sioFacts) client(actor string) *sioClientFacts {
	c := f.clients[actor]
	if c == nil {
		c = &sioClientFacts{}
		f.clients[actor] = c
	}
	return c
}

// clientOf is the client side of an event: its sender, or its receiver.
func clientOf(e *trace.Event) string {
	if e.From != trace.Server {
		return e.From
	}
	return e.To
}

// setCut names the connection about to be cut.
func (f *sioFacts) setCut(conn int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cut = conn
}

// emittedOffline remembers an event emitted while the client was
// disconnected: its packet's text, and when.
func (f *sioFacts) emittedOffline(text []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offline, f.offlineAt = text, f.since()
}

// setRawConn names the plain WebSocket's connection.
func (f *sioFacts) setRawConn(conn int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rawConn = conn
}

// measures returns what was measured so far.
func (f *sioFacts) measures() sioMeasures {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.m
	if c := f.clients[trace.Client]; c != nil {
		m.Opening, m.OpeningRequests = c.opening, c.reqs
	}
	return m
}

// wsPongs is how many pongs actor sent over a WebSocket.
func (f *sioFacts) wsPongs(actor string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.client(actor).wsPongs
}

// pollingClosed reports whether every connection actor's long-polling
// used has closed (one at least).
func (f *sioFacts) pollingClosed(actor string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := false
	for _, pc := range f.pollConns {
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
func (f *sioFacts) pings() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.wsPings
}

// observe records what e says crossed and returns the moments worth
// saying about it, in the order a note says them.
func (f *sioFacts) observe(e *trace.Event) []sioSaid {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e.Conn != 0 && e.Conn == f.rawConn {
		return f.raw(e)
	}
	c := f.client(clientOf(e))
	f.count(e, c)
	switch e.Kind {
	case trace.KindHTTPRequest:
		return f.request(e, c)
	case trace.KindHTTPResponse:
		return f.response(e, c)
	case trace.KindWSFrame:
		return f.frame(e, c)
	case trace.KindSIOPacket:
		return f.packet(e, c)
	case trace.KindTCPClose:
		return f.closed(e)
	}
	return nil
}

// count adds an event's bytes to its client's opening, until the upgrade
// packet of its first session.
func (f *sioFacts) count(e *trace.Event, c *sioClientFacts) {
	if c.opened || c.sessions > 1 {
		return
	}
	switch e.Kind {
	case trace.KindHTTPRequest:
		c.reqs++
		c.opening += len(e.Raw)
	case trace.KindHTTPResponse:
		c.opening += len(e.Raw)
	case trace.KindWSFrame:
		if e.Frame != nil {
			c.opening += e.Frame.HeaderLen + int(e.Frame.PayloadLen)
		}
	}
}

// raw measures the plain WebSocket's handshake and messages.
func (f *sioFacts) raw(e *trace.Event) []sioSaid {
	switch e.Kind {
	case trace.KindHTTPRequest, trace.KindHTTPResponse:
		f.m.RawOpening += len(e.Raw)
		if e.Kind == trace.KindHTTPRequest {
			return []sioSaid{{m: sioRawHandshake, fromClient: true}}
		}
	case trace.KindWSFrame:
		fr := e.Frame
		if fr == nil || e.From == trace.Server {
			return nil
		}
		size := fr.HeaderLen + int(fr.PayloadLen)
		switch fr.Opcode {
		case int(wire.OpText):
			f.m.RawEvent, f.m.RawEventText = size, fr.Payload
			return []sioSaid{{m: sioRawText, fromClient: true, text: fr.Payload, n: size}}
		case int(wire.OpBinary):
			f.m.RawBinary = size
			return []sioSaid{{m: sioRawBinary, fromClient: true, n: size}}
		}
	}
	return nil
}

// request finds the moments of an HTTP request: Engine.IO's polling GET
// and POST, the WebSocket handshakes.
func (f *sioFacts) request(e *trace.Event, c *sioClientFacts) []sioSaid {
	if e.HTTP == nil {
		return nil
	}
	r, ok := wire.ParseEIORequest(e.HTTP.Target)
	if !ok {
		return nil
	}
	tab := e.From != trace.Client
	if r.Transport == "polling" {
		pc := f.pollConns[e.Conn]
		if pc == nil {
			pc = &pollConn{actor: e.From}
			f.pollConns[e.Conn] = pc
		}
		pc.afterUpgrade = pc.afterUpgrade || c.upgraded
	}
	_, upgrade := e.HTTP.Header("Upgrade")
	switch {
	case r.Transport == "polling" && r.SID == "" && c.sessions == 0 && !upgrade:
		if f.once("first poll " + e.From) {
			return []sioSaid{{m: sioFirstPoll, fromClient: true, tab: tab}}
		}
	case r.Transport == "polling" && r.SID == "":
		if c.sessions > 0 && f.once("fresh handshake") {
			return []sioSaid{{m: sioFreshHandshake, fromClient: true, tab: tab}}
		}
	case r.Transport == "polling" && e.HTTP.Method == http.MethodGet:
		f.pendingGET[e.Conn] = f.since()
		if f.once("poll GET") {
			return []sioSaid{{m: sioPollGET, fromClient: true, tab: tab}}
		}
	case r.Transport == "polling" && e.HTTP.Method == http.MethodPost:
		if !f.once("poll POST") {
			return nil
		}
		out := []sioSaid{{m: sioPollPOST, fromClient: true, tab: tab}}
		for conn := range f.pendingGET {
			if pc := f.pollConns[conn]; conn != e.Conn && pc != nil && pc.actor == e.From {
				out = append(out, sioSaid{m: sioPOSTBesideGET, fromClient: true, tab: tab, conn: conn})
				break
			}
		}
		return out
	case r.Transport == "websocket" && r.SID != "":
		if f.once("upgrade handshake") {
			return []sioSaid{{m: sioUpgradeRequest, fromClient: true, tab: tab, text: otherSpelling(e.Raw, "Sec-WebSocket-Key")}}
		}
	case r.Transport == "websocket" && c.sessions == 0:
		if f.once("websocket first " + e.From) {
			return []sioSaid{{m: sioWebSocketFirst, fromClient: true, tab: tab}}
		}
	}
	return nil
}

// response finds the moments of an answer: a held GET, a POST's ok, the
// 101s.
func (f *sioFacts) response(e *trace.Event, c *sioClientFacts) []sioSaid {
	if e.HTTP == nil {
		return nil
	}
	tab := e.To != trace.Client
	if at, ok := f.pendingGET[e.Conn]; ok {
		delete(f.pendingGET, e.Conn)
		// A body of one noop ended the GET for the upgrade: the noop's
		// own note says why, and it was no packet to deliver.
		held := f.since() - at
		if held >= 20*time.Millisecond && e.HTTP.Status == http.StatusOK && e.HTTP.Body != "" && e.HTTP.Body != "6" && f.once("held GET") {
			return []sioSaid{{m: sioHeldGET, tab: tab, d: held}}
		}
		return nil
	}
	switch {
	case e.HTTP.Status == http.StatusOK && e.HTTP.Body == "ok":
		if f.once("ok") {
			return []sioSaid{{m: sioPOSTOK, tab: tab}}
		}
	case e.HTTP.Status == http.StatusSwitchingProtocols && c.sessions > 0 && !c.upgraded:
		if f.once("101 upgrade") {
			return []sioSaid{{m: sio101Upgrade, tab: tab}}
		}
	case e.HTTP.Status == http.StatusSwitchingProtocols && c.sessions == 0:
		if f.once("101 websocket first") {
			return []sioSaid{{m: sio101WebSocketFirst, tab: tab}}
		}
	}
	return nil
}

// frame counts WebSocket ping frames and measures the frames the summary
// compares.
func (f *sioFacts) frame(e *trace.Event, c *sioClientFacts) []sioSaid {
	fr := e.Frame
	if fr == nil {
		return nil
	}
	if fr.Opcode == int(wire.OpPing) {
		f.wsPings++
	}
	if e.From != trace.Client {
		if e.From == trace.Server && e.To == trace.Client && fr.Payload == "2" && f.m.Ping == 0 {
			f.m.Ping = fr.HeaderLen + int(fr.PayloadLen)
		}
		return nil
	}
	size := fr.HeaderLen + int(fr.PayloadLen)
	switch {
	case fr.Opcode == int(wire.OpBinary) && c.binaryFrames > 0:
		c.binaryFrames--
		f.m.Binary += size
		f.m.BinaryFrames++
	case fr.Opcode != int(wire.OpText):
	case fr.Payload == "3" && f.m.Ping > 0 && f.m.Pong == 0:
		f.m.Pong = size
	case strings.HasPrefix(fr.Payload, `42["chat",`) && f.m.Event == 0:
		f.m.Event, f.m.EventText = size, fr.Payload
	case strings.HasPrefix(fr.Payload, "45") && f.m.Binary == 0:
		if q := wire.ParseSIOPacket([]byte(fr.Payload[1:])); q.Violation == "" {
			f.m.Binary, f.m.BinaryFrames = size, 1
			c.binaryFrames = q.Attachments
		}
	}
	if f.once("first client frame") {
		return []sioSaid{{m: sioFirstClientFrame, fromClient: true, text: fr.OpcodeName, n: boolInt(fr.Masked)}}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// packet finds the moments of one Engine.IO packet and of the Socket.IO
// packet inside it.
func (f *sioFacts) packet(e *trace.Event, c *sioClientFacts) []sioSaid {
	s := e.SIO
	if s == nil {
		return nil
	}
	fromClient := e.From != trace.Server
	tab := clientOf(e) != trace.Client
	if s.Violation != "" {
		return []sioSaid{{m: sioViolation, fromClient: fromClient, tab: tab, text: s.Violation}}
	}
	if s.EIOName == "pong" && s.Raw == "3" && s.Transport == "websocket" && fromClient {
		c.wsPongs++
	}
	if s.Binary {
		return f.attachment(s, c, fromClient, tab)
	}
	one := func(m sioMoment, key string) []sioSaid {
		if !f.once(key) {
			return nil
		}
		return []sioSaid{{m: m, fromClient: fromClient, tab: tab, transport: s.Transport}}
	}
	switch {
	case s.EIOName == "open" && !fromClient:
		return f.open(e, c, tab)
	case s.EIOName == "ping" && fromClient && s.Raw == "2probe":
		return one(sioProbe, "2probe")
	case s.EIOName == "pong" && !fromClient && s.Raw == "3probe":
		return one(sioProbeAnswer, "3probe")
	case s.EIOName == "ping" && !fromClient && s.Raw == "2":
		if f.once("ping " + s.Transport) {
			return []sioSaid{{m: sioPing, tab: tab, transport: s.Transport, d: time.Duration(c.pingInterval) * time.Millisecond}}
		}
	case s.EIOName == "pong" && fromClient && s.Raw == "3":
		return one(sioPong, "pong")
	case s.EIOName == "noop" && !fromClient && s.Transport == "polling":
		return one(sioNoop, "noop")
	case s.EIOName == "upgrade" && fromClient && s.Transport == "websocket":
		c.upgraded = true
		if e.From == trace.Client {
			c.opened = true
		}
		return one(sioUpgradePacket, "upgrade")
	case s.EIOName == "close":
		return one(sioClosePacket, "close packet")
	case s.EIOName == "message":
		return f.socketIO(e, c, fromClient, tab)
	}
	return nil
}

// open records an open packet and the values it carries.
func (f *sioFacts) open(e *trace.Event, c *sioClientFacts, tab bool) []sioSaid {
	var o wire.EIOOpenData
	if json.Unmarshal(e.SIO.Data, &o) != nil {
		// Data holds the packet's JSON only when it is valid and whole:
		// the raw text says the rest.
		if err := json.Unmarshal([]byte(strings.TrimPrefix(e.SIO.Raw, "0")), &o); err != nil {
			return nil
		}
	}
	c.sessions++
	old := c.sid
	c.sid, c.upgraded, c.connected, c.pingInterval = o.SID, false, false, o.PingInterval
	if f.m.PingInterval == 0 && e.To == trace.Client {
		f.m.PingInterval = o.PingInterval
	}
	if c.sessions > 1 {
		return []sioSaid{{m: sioNewSession, tab: tab, sid: o.SID, old: old}}
	}
	return []sioSaid{{m: sioOpen, tab: tab, transport: e.SIO.Transport, open: o}}
}

// attachment records a binary packet.
func (f *sioFacts) attachment(s *trace.SIO, c *sioClientFacts, fromClient, tab bool) []sioSaid {
	if s.Attachment == nil || !f.once("attachment "+s.Transport+" "+side(fromClient)) {
		return nil
	}
	return []sioSaid{{m: sioAttachment, fromClient: fromClient, tab: tab, transport: s.Transport,
		n: len(s.DataHex) / 2, num: *s.Attachment, frames: c.attachments[senderIndex(fromClient)] + 1}}
}

// senderIndex is wire.Sender's index of a side.
func senderIndex(fromClient bool) int {
	if fromClient {
		return int(wire.FromClient)
	}
	return int(wire.FromServer)
}

// side names a side, for the keys of once.
func side(fromClient bool) string {
	if fromClient {
		return "client"
	}
	return "server"
}

// socketIO finds the moments of the Socket.IO packet inside a message
// packet.
func (f *sioFacts) socketIO(e *trace.Event, c *sioClientFacts, fromClient, tab bool) []sioSaid {
	s := e.SIO
	x := sioSaid{fromClient: fromClient, tab: tab, transport: s.Transport, text: s.Nsp}
	say := func(m sioMoment) []sioSaid { x.m = m; return []sioSaid{x} }
	switch s.SIOName {
	case "CONNECT":
		if fromClient {
			if f.once("connect " + s.Transport) {
				return say(sioConnect)
			}
			return nil
		}
		c.connected = true
		var d struct {
			SID string `json:"sid"`
		}
		_ = json.Unmarshal(s.Data, &d)
		if d.SID != "" && c.sid != "" && d.SID != c.sid && f.once("connect answer") {
			x.sid, x.old = d.SID, c.sid
			return say(sioConnectAnswer)
		}
	case "CONNECT_ERROR":
		return say(sioConnectError)
	case "DISCONNECT":
		if f.once("disconnect") {
			return say(sioDisconnect)
		}
	case "EVENT":
		return f.event(e, c, x)
	case "ACK", "BINARY_ACK":
		if s.AckID != nil && f.once("ack") {
			x.ack = *s.AckID
			return say(sioAck)
		}
	case "BINARY_EVENT":
		if s.Attachments == nil {
			return nil
		}
		c.attachments[senderIndex(fromClient)] = *s.Attachments
		if f.once("binary event " + side(fromClient)) {
			x.n = *s.Attachments
			return say(sioBinaryEvent)
		}
	}
	return nil
}

// event finds the moments of an EVENT: its layers the first time, an ack
// id, an event sent by the server, the same packet on two connections, an
// event that waited in the client's buffer.
func (f *sioFacts) event(e *trace.Event, c *sioClientFacts, x sioSaid) []sioSaid {
	s := e.SIO
	raw := []byte(s.Raw)
	say := func(m sioMoment) []sioSaid { x.m = m; return []sioSaid{x} }
	if x.fromClient {
		switch {
		case len(f.offline) > 0 && bytes.Equal(raw, f.offline):
			f.offline = nil
			x.d, x.connected = f.since()-f.offlineAt, c.connected
			return say(sioOfflineEvent)
		case s.AckID != nil && f.once("event with ack"):
			x.ack = *s.AckID
			return say(sioEventWithAck)
		case s.AckID == nil && f.once("event"):
			x.text = strings.TrimSuffix(s.Raw, string(s.Data))
			return say(sioFirstEvent)
		}
		return nil
	}
	kept := raw[:min(len(raw), sioEventKept)]
	c.lastEvent = append(c.lastEvent[:0], kept...)
	for actor, other := range f.clients {
		if actor != clientOf(e) && len(raw) <= sioEventKept && bytes.Equal(other.lastEvent, raw) && f.once("same on two connections") {
			x.n = len(raw)
			return say(sioSameOnTwoConns)
		}
	}
	switch {
	case x.tab && f.once("relayed"):
		return say(sioRelayed)
	case !x.tab && f.once("server event"):
		return say(sioServerEvent)
	}
	return nil
}

// closed finds the moments of a connection's end: the one the story cut,
// the ones long-polling left behind.
func (f *sioFacts) closed(e *trace.Event) []sioSaid {
	if e.TCP == nil || !e.TCP.First {
		return nil
	}
	pc := f.pollConns[e.Conn]
	if pc != nil {
		pc.closed = true
	}
	switch {
	case e.Conn == f.cut && e.TCP.How == trace.TCPEndReset && e.From == trace.Server:
		if f.once("cut") {
			return []sioSaid{{m: sioCut}}
		}
	case pc != nil && e.From == pc.actor && f.client(pc.actor).upgraded && !pc.afterUpgrade:
		if f.once("polling closed") {
			return []sioSaid{{m: sioPollingClosed, fromClient: true, tab: pc.actor != trace.Client}}
		}
	}
	return nil
}
