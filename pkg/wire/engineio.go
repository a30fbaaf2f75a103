package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Engine.IO v4 is the transport layer under Socket.IO: it opens a session
// over HTTP long-polling, may upgrade it to a WebSocket, keeps it alive with
// its own ping/pong, and carries opaque "message" packets. The rules here
// are those of the protocol's specification, socketio/engine.io-protocol
// README.md (v4), cited by its section titles ("Protocol", "Packet
// encoding", ...), since it has no numbered sections.

// EIOTransport is the Engine.IO transport a packet crossed on.
type EIOTransport uint8

// The two Engine.IO v4 transports ("Transports").
const (
	// Polling is HTTP long-polling: GET requests receive packets in the
	// response body, POST requests send them in the request body, several
	// packets to a body separated by "\x1e".
	Polling EIOTransport = iota
	// WebSocketTransport is a WebSocket: one packet per WebSocket message.
	WebSocketTransport
)

// String returns "polling" or "websocket", the names of the EIO query
// parameter "transport" and of the trace format's sio.transport.
func (t EIOTransport) String() string {
	if t == WebSocketTransport {
		return "websocket"
	}
	return "polling"
}

// EIOType is an Engine.IO packet type: the digit that starts a text packet.
type EIOType int8

// The Engine.IO v4 packet types ("Protocol"), and EIOInvalid for a packet
// whose first byte is no digit (or that is empty).
const (
	EIOInvalid EIOType = -1
	EIOOpen    EIOType = 0 // the server's handshake answer: sid, upgrades, pingInterval, pingTimeout, maxPayload
	EIOClose   EIOType = 1 // a transport can be closed
	EIOPing    EIOType = 2 // heartbeat (sent by the server in v4), or "probe" during an upgrade
	EIOPong    EIOType = 3 // the answer to a ping
	EIOMessage EIOType = 4 // data for the layer above (Socket.IO)
	EIOUpgrade EIOType = 5 // the client completes the upgrade to WebSocket
	EIONoop    EIOType = 6 // nothing: ends a pending poll during an upgrade
)

var eioNames = [...]string{"open", "close", "ping", "pong", "message", "upgrade", "noop"}

// String returns the type's name as the specification writes it (open,
// close, ping, pong, message, upgrade, noop), or "unknown".
func (t EIOType) String() string {
	if t >= 0 && int(t) < len(eioNames) {
		return eioNames[t]
	}
	return "unknown"
}

// Valid reports whether t is one of the seven packet types of v4.
func (t EIOType) Valid() bool { return t >= EIOOpen && t <= EIONoop }

// RecordSeparator separates the packets of one long-polling payload
// (Engine.IO v4 "Packet encoding", HTTP long-polling).
const RecordSeparator = '\x1e'

// EIOKeep caps the bytes a decoded packet keeps of itself (Raw, and the
// Data and Socket.IO data that share its memory). Every verdict is reached
// on the whole packet before it is cut; only what is kept for showing is
// bounded, and EIOPacket.Truncated says when it was.
const EIOKeep = 64 << 10

// EIOPacket is one decoded Engine.IO packet.
//
// Raw, Data and the Socket.IO packet's Data never share memory with the
// bytes that were decoded, so callers may keep packets as long as they like;
// they do share memory with each other.
type EIOPacket struct {
	Transport EIOTransport
	// Type is the packet type; EIOInvalid when the packet is empty or does
	// not start with a digit, and a digit outside 0-6 when it starts with
	// one (Violation then says it is unknown). A binary packet is always a
	// message.
	Type EIOType
	// Binary reports binary data: a WebSocket binary message, or a
	// long-polling packet "b" + base64 ("Packet encoding"). Both are
	// message packets with no type digit on the wire.
	Binary bool
	// Base64 reports binary data that crossed as text, "b" + base64: the
	// long-polling encoding.
	Base64 bool
	// Raw is the packet as it crossed the wire: the text of a text packet
	// (type digit included), the base64 text of a "b" packet ("b"
	// included), the bytes of a WebSocket binary message; its first
	// EIOKeep bytes when Truncated.
	Raw []byte
	// Len is the packet's length on the wire in bytes, whether or not Raw
	// holds all of it; when the bytes given to the decoder were themselves
	// cut (a kept prefix of a long message or body), it counts what of the
	// packet was given, and Truncated is set.
	Len int
	// Data is the payload after the type digit (text), or the binary data
	// (base64-decoded for a "b" packet). Nil when there is none.
	Data []byte
	// Truncated reports that Raw (and so Data) hold only the first bytes of
	// the packet, to keep memory bounded. Checks that need the whole data
	// (JSON, base64) were made on everything the decoder was given; when
	// that was itself a cut prefix they were skipped, and no Violation
	// comes from them.
	Truncated bool

	// Open is the handshake data of a well-formed open packet.
	Open *EIOOpenData
	// SIO is the Socket.IO packet a text message packet carries, when the
	// decoder reads Engine.IO as Socket.IO's transport (SocketIODecoder).
	SIO *SIOPacket
	// Attachment is set on a binary message that a SocketIODecoder paired
	// with the BINARY_EVENT or BINARY_ACK before it.
	Attachment *SIOAttachment

	// Violation is "" for a well-formed packet, otherwise one sentence
	// naming the first rule it breaks and where that rule is written: an
	// Engine.IO rule, or (from a SocketIODecoder) the pairing of binary
	// attachments with the packet that announced them. The rules of the
	// Socket.IO packet itself go in SIO.Violation.
	Violation string
}

// Violations returns the packet's first broken rule, Engine.IO's before
// Socket.IO's, or "".
func (p *EIOPacket) Violations() string {
	if p.Violation != "" {
		return p.Violation
	}
	if p.SIO != nil {
		return p.SIO.Violation
	}
	return ""
}

// EIOOpenData is the JSON payload of an open packet ("Handshake").
type EIOOpenData struct {
	SID          string   `json:"sid"`          // the session id, sent back in every later request's sid parameter
	Upgrades     []string `json:"upgrades"`     // transports the session may upgrade to, e.g. ["websocket"]
	PingInterval int64    `json:"pingInterval"` // milliseconds between the server's pings
	PingTimeout  int64    `json:"pingTimeout"`  // milliseconds the server waits for a pong
	MaxPayload   int64    `json:"maxPayload"`   // the most bytes a client may put in one polling payload
}

// DecodeEIOMessage decodes one WebSocket message as one Engine.IO packet
// ("Packet encoding", WebSocket: each packet is sent in its own frame; a
// binary message is a message packet sent as is). payload is the message's
// unmasked payload, or its first bytes when length says it was longer.
func DecodeEIOMessage(op Opcode, payload []byte, length uint64) EIOPacket {
	cut := uint64(len(payload)) < length
	n := len(payload)
	if length > uint64(n) && length < 1<<40 {
		n = int(length)
	}
	if op == OpBinary {
		p := EIOPacket{Transport: WebSocketTransport, Type: EIOMessage, Binary: true, Len: n}
		p.Raw, p.Truncated = keep(payload, cut)
		p.Data = p.Raw
		return p
	}
	p := decodeEIOText(WebSocketTransport, payload, cut)
	p.Len = n
	return p
}

// DecodeEIOPayload decodes a long-polling body: one or more packets
// separated by "\x1e" ("Packet encoding", HTTP long-polling), calling emit
// for each in order. Only the bodies that carry packets are payloads: a GET
// response and a POST request on the Engine.IO path with a 200 answer, not
// the "ok" that answers a POST, nor an error body.
//
// body may be the first bytes of a longer body (cut set): the last packet
// given is then reported Truncated, and nothing is said of what followed.
// The *EIOPacket passed to emit is the callee's to keep.
func DecodeEIOPayload(body []byte, cut bool, emit func(*EIOPacket)) {
	splitPayload(body, cut, func(p *EIOPacket, _ []byte, _ bool) { emit(p) })
}

// splitPayload decodes each packet of a long-polling body and calls fn with
// it, the packet's text as given, and whether that text is cut.
func splitPayload(body []byte, cut bool, fn func(p *EIOPacket, text []byte, cut bool)) {
	if len(body) == 0 && !cut {
		fn(&EIOPacket{Transport: Polling, Type: EIOInvalid,
			Violation: `empty long-polling payload: a payload holds at least one packet, "<packet type>[<data>]" (Engine.IO v4, Packet encoding)`}, body, false)
		return
	}
	for {
		i := bytes.IndexByte(body, RecordSeparator)
		last := i < 0
		text := body
		if !last {
			text = body[:i]
		}
		p := decodeEIOText(Polling, text, cut && last)
		p.Len = len(text)
		fn(&p, text, cut && last)
		if last {
			return
		}
		body = body[i+1:]
	}
}

// decodeEIOText decodes one text packet (or, over polling, one "b" packet).
// cut says text is a prefix of the packet.
func decodeEIOText(t EIOTransport, text []byte, cut bool) EIOPacket {
	p := EIOPacket{Transport: t, Type: EIOInvalid}
	p.Raw, p.Truncated = keep(text, cut)
	if len(text) == 0 {
		p.Violation = `empty Engine.IO packet: every packet starts with its type, a digit 0-6 (Engine.IO v4, Protocol)`
		return p
	}
	c := text[0]
	if c == 'b' {
		p.Type, p.Binary, p.Base64 = EIOMessage, true, true
		if t == WebSocketTransport {
			p.Violation = `"b" + base64 is the long-polling encoding of binary data; over WebSocket binary data is sent as is, in a binary message (Engine.IO v4, Packet encoding)`
		}
		if cut {
			return p // the base64 cannot be judged, nor decoded whole
		}
		data, err := base64.StdEncoding.DecodeString(string(text[1:]))
		if err != nil {
			if p.Violation == "" {
				p.Violation = fmt.Sprintf(`binary packet "b…" is not valid base64 (%v) (Engine.IO v4, Packet encoding)`, err)
			}
			return p
		}
		p.Data, _ = keep(data, false)
		return p
	}
	if c < '0' || c > '9' {
		p.Violation = fmt.Sprintf("unknown Engine.IO packet type %s: a packet starts with its type, a digit 0-6 (Engine.IO v4, Protocol)", quoteByte(text))
		return p
	}
	p.Type = EIOType(c - '0')
	if len(p.Raw) > 1 {
		p.Data = p.Raw[1:]
	}
	switch {
	case !p.Type.Valid():
		p.Violation = fmt.Sprintf("unknown Engine.IO packet type '%c': v4 defines 0 open to 6 noop (Engine.IO v4, Protocol)", c)
	case t == Polling && !utf8.Valid(text) && !cut:
		p.Violation = "Engine.IO text packet is not valid UTF-8 (Engine.IO v4, Packet encoding)"
	case p.Type == EIOOpen && !cut:
		p.Open, p.Violation = decodeOpen(text[1:])
	}
	return p
}

// decodeOpen checks an open packet's payload: a JSON object with the five
// keys of "Handshake".
func decodeOpen(data []byte) (*EIOOpenData, string) {
	const rule = "(Engine.IO v4, Handshake)"
	if !json.Valid(data) || firstByte(data) != '{' {
		return nil, "Engine.IO open packet must carry a JSON object with sid, upgrades, pingInterval, pingTimeout and maxPayload " + rule
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, "Engine.IO open packet must carry a JSON object " + rule
	}
	for _, k := range []string{"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"} {
		if _, ok := fields[k]; !ok {
			return nil, fmt.Sprintf("Engine.IO open packet lacks %q: the handshake carries sid, upgrades, pingInterval, pingTimeout and maxPayload %s", k, rule)
		}
	}
	var o EIOOpenData
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Sprintf("Engine.IO open packet has a field of the wrong type (%v) %s", err, rule)
	}
	if o.SID == "" {
		return nil, "Engine.IO open packet has an empty sid " + rule
	}
	return &o, ""
}

// AppendEIOPacket appends the text encoding of an Engine.IO packet of type
// t with data to dst ("Packet encoding": "<packet type>[<data>]"). It
// checks nothing, so tests and demos can build odd packets.
func AppendEIOPacket(dst []byte, t EIOType, data []byte) []byte {
	return append(append(dst, byte('0'+t)), data...)
}

// AppendEIOBinaryPolling appends the long-polling encoding of a binary
// message: "b" and the data in base64 ("Packet encoding", HTTP
// long-polling).
func AppendEIOBinaryPolling(dst []byte, data []byte) []byte {
	dst = append(dst, 'b')
	return base64.StdEncoding.AppendEncode(dst, data)
}

// JoinEIOPayload joins encoded packets into one long-polling payload with
// the record separator.
func JoinEIOPayload(packets ...[]byte) []byte {
	return bytes.Join(packets, []byte{RecordSeparator})
}

// EIORequest is what the target of an Engine.IO HTTP request says
// ("Transports": the query parameters of both transports).
type EIORequest struct {
	Path      string // e.g. "/socket.io/"
	EIO       string // the protocol version, "4" for v4
	Transport string // "polling" or "websocket"
	SID       string // the session id; "" before the handshake
}

// ParseEIORequest reads an Engine.IO request target such as
// "/socket.io/?EIO=4&transport=polling&sid=…". ok is false when the target
// has no EIO and transport parameters, which every Engine.IO request
// carries.
func ParseEIORequest(target string) (r EIORequest, ok bool) {
	path, query, _ := strings.Cut(target, "?")
	q, err := url.ParseQuery(query)
	if err != nil && len(q) == 0 {
		return EIORequest{}, false
	}
	r = EIORequest{Path: path, EIO: q.Get("EIO"), Transport: q.Get("transport"), SID: q.Get("sid")}
	return r, r.EIO != "" && r.Transport != ""
}

// keep returns a copy of at most EIOKeep bytes of b, and whether the packet
// is cut (it already was, or keep cut it). A copy so that packets never
// alias a buffer the caller reuses.
func keep(b []byte, cut bool) ([]byte, bool) {
	if len(b) > EIOKeep {
		b, cut = b[:EIOKeep], true
	}
	return append([]byte(nil), b...), cut
}

// quoteByte shows the first character of b for a message: 'x' when it is
// printable ASCII, quoted when it is a printable non-ASCII character, its
// byte in hex otherwise.
func quoteByte(b []byte) string {
	if c := b[0]; c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("'%c'", c)
	}
	if r, _ := utf8.DecodeRune(b); r != utf8.RuneError && r >= 0xa0 {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("0x%02x", b[0])
}

// firstByte returns the first byte of b that is not JSON whitespace, or 0.
func firstByte(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return c
		}
	}
	return 0
}
