package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Socket.IO v5 rides in Engine.IO message packets: "42[\"chat\",\"hi\"]" is
// Engine.IO's 4 (message) around Socket.IO's 2 (EVENT). The rules here are
// those of socketio/socket.io-protocol Readme.md (v5), cited by section
// title, and, where the specification leaves a rule to it, of the default
// parser it names (socketio/socket.io-parser, "Packet encoding"), cited as
// socket.io-parser.

// SIOType is a Socket.IO packet type.
type SIOType int8

// The Socket.IO v5 packet types ("Exchange protocol"), and SIOInvalid for a
// packet that does not start with a digit (or is empty).
const (
	SIOInvalid      SIOType = -1
	SIOConnect      SIOType = 0 // join a namespace; the server answers CONNECT with a sid, or CONNECT_ERROR
	SIODisconnect   SIOType = 1 // leave a namespace
	SIOEvent        SIOType = 2 // an event: ["name", args...]
	SIOAck          SIOType = 3 // the answer to an event that carried an ack id
	SIOConnectError SIOType = 4 // the server refused the CONNECT
	SIOBinaryEvent  SIOType = 5 // an event with binary arguments, sent as attachments after it
	SIOBinaryAck    SIOType = 6 // an ack with binary arguments, sent as attachments after it
)

var sioNames = [...]string{"CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"}

// String returns the type's name as the specification writes it (CONNECT,
// DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK), or
// "UNKNOWN".
func (t SIOType) String() string {
	if t >= 0 && int(t) < len(sioNames) {
		return sioNames[t]
	}
	return "UNKNOWN"
}

// Valid reports whether t is one of the seven packet types of v5.
func (t SIOType) Valid() bool { return t >= SIOConnect && t <= SIOBinaryAck }

// IsBinary reports whether packets of type t announce binary attachments.
func (t SIOType) IsBinary() bool { return t == SIOBinaryEvent || t == SIOBinaryAck }

// DefaultNamespace is the main namespace, the one a packet that names none
// belongs to ("Packet encoding": the namespace is only included if it is
// different from the main namespace).
const DefaultNamespace = "/"

// SIOPacket is one decoded Socket.IO packet: the data of an Engine.IO
// message packet, "<packet type>[<# of binary attachments>-][<namespace>,]
// [<acknowledgment id>][JSON-stringified payload without binary]"
// ("Packet encoding").
type SIOPacket struct {
	// Type is the packet type; SIOInvalid when the packet is empty or does
	// not start with a digit, and a digit outside 0-6 when it starts with
	// one (Violation then says it is unknown).
	Type SIOType
	// Attachments is how many binary attachments a BINARY_EVENT or
	// BINARY_ACK announces: the binary messages that follow it.
	Attachments int
	// Nsp is the namespace, DefaultNamespace when the packet names none.
	Nsp string
	// AckID is the acknowledgement id, when HasAckID: an event that asks
	// for an ACK, or the ACK that answers it (same id).
	AckID    uint64
	HasAckID bool
	// Data is the JSON payload as sent, or nil when the packet has none. It
	// shares memory with the Engine.IO packet's Raw, and is cut when Raw is.
	Data []byte
	// Event is the event name of an EVENT or BINARY_EVENT: the first element
	// of its data (a string, or a number written as in the JSON), at most
	// maxEventName bytes of it.
	Event string
	// Placeholders counts the {"_placeholder":true,"num":N} objects in the
	// data of a BINARY_EVENT or BINARY_ACK: where each attachment goes.
	Placeholders int
	// Violation is "" for a well-formed packet, otherwise one sentence
	// naming the first rule it breaks and where that rule is written.
	Violation string
}

// maxEventName caps the event name a packet keeps.
const maxEventName = 256

// reservedEvents are the names socket.io-parser refuses as event names
// (RESERVED_EVENTS): the API's own events.
var reservedEvents = map[string]bool{
	"connect": true, "connect_error": true, "disconnect": true,
	"disconnecting": true, "newListener": true, "removeListener": true,
}

// ParseSIOPacket decodes one Socket.IO packet from its text (the data of an
// Engine.IO message packet, without the "4"). The packet's Data and Nsp do
// not share memory with text.
func ParseSIOPacket(text []byte) SIOPacket {
	kept, _ := keep(text, false)
	return parseSIO(text, kept, false)
}

// parseSIO decodes full, the Socket.IO text, keeping slices of kept, a copy
// of its first bytes. cut says full is itself only the first bytes of the
// packet: rules that need the whole packet are then not judged.
func parseSIO(full, kept []byte, cut bool) SIOPacket {
	p := SIOPacket{Type: SIOInvalid}
	if len(full) == 0 {
		p.Violation = `empty Socket.IO packet: an Engine.IO message carrying Socket.IO starts with the Socket.IO packet type, a digit 0-6 (Socket.IO v5, Packet encoding)`
		return p
	}
	c := full[0]
	if c < '0' || c > '9' {
		p.Violation = fmt.Sprintf("unknown Socket.IO packet type %s: a packet starts with its type, a digit 0-6 (Socket.IO v5, Packet encoding)", quoteByte(full))
		return p
	}
	p.Type = SIOType(c - '0')
	if !p.Type.Valid() {
		p.Violation = fmt.Sprintf("unknown Socket.IO packet type '%c': v5 defines 0 CONNECT to 6 BINARY_ACK (Socket.IO v5, Exchange protocol)", c)
		return p
	}
	i := 1
	if p.Type.IsBinary() {
		j := i
		for j < len(full) && isDigit(full[j]) {
			j++
		}
		if j == len(full) && cut {
			return p // the count goes on past what was given
		}
		if j == i || j == len(full) || full[j] != '-' {
			p.Violation = fmt.Sprintf(`Socket.IO %s must give its attachment count and a "-" after its type, as in 51-["name",{"_placeholder":true,"num":0}] (Socket.IO v5, Packet encoding)`, p.Type)
			return p
		}
		n, err := strconv.ParseInt(string(full[i:j]), 10, 32)
		if err != nil {
			p.Violation = fmt.Sprintf("Socket.IO %s announces %s attachments, a count too large to be real (over 2147483647) (Socket.IO v5, Packet encoding)", p.Type, clipText(full[i:j]))
			return p
		}
		p.Attachments = int(n)
		i = j + 1
	}
	p.Nsp = DefaultNamespace
	if i < len(full) && full[i] == '/' {
		j := bytes.IndexByte(full[i:], ',')
		end, next := len(full), len(full)
		if j >= 0 {
			end, next = i+j, i+j+1
		}
		p.Nsp = string(kept[min(i, len(kept)):min(end, len(kept))])
		i = next
	}
	j := i
	for j < len(full) && isDigit(full[j]) {
		j++
	}
	if j > i {
		if j == len(full) && cut {
			return p
		}
		id, err := strconv.ParseUint(string(full[i:j]), 10, 64)
		if err != nil {
			p.Violation = fmt.Sprintf("Socket.IO ack id %s does not fit in 64 bits (Socket.IO v5, Packet encoding)", clipText(full[i:j]))
			return p
		}
		p.AckID, p.HasAckID = id, true
		i = j
	}
	if i < len(full) {
		p.Data = kept[min(i, len(kept)):]
		if c := firstByte(full[i:]); c == '[' && (p.Type == SIOEvent || p.Type == SIOBinaryEvent) {
			p.Event = eventName(full[i:])
		}
	}
	if cut {
		return p
	}
	p.Violation = payloadRule(&p, full[i:])
	return p
}

// payloadRule returns the rule the payload data breaks for p's type, or "".
// It follows socket.io-parser's isPayloadValid, citing the specification
// where it states the rule itself.
func payloadRule(p *SIOPacket, data []byte) string {
	if len(data) > 0 && !json.Valid(data) {
		return fmt.Sprintf("Socket.IO %s data is not valid JSON: after the type, namespace and ack id comes a JSON-stringified payload (Socket.IO v5, Packet encoding)", p.Type)
	}
	kind := firstByte(data) // 0 when there is no data
	switch p.Type {
	case SIOConnect:
		if kind != 0 && kind != '{' {
			return "Socket.IO CONNECT data must be a JSON object (such as {\"token\":\"123\"} or the server's {\"sid\":…}), or absent (Socket.IO v5, Connection to a namespace; socket.io-parser)"
		}
	case SIODisconnect:
		if kind != 0 {
			return "Socket.IO DISCONNECT carries no data (Socket.IO v5, Disconnection from a namespace; socket.io-parser)"
		}
	case SIOConnectError:
		if kind != '{' && kind != '"' {
			return "Socket.IO CONNECT_ERROR data must be a JSON object such as {\"message\":\"Not authorized\"} (Socket.IO v5, Connection to a namespace; socket.io-parser also takes a string)"
		}
	case SIOEvent, SIOBinaryEvent:
		if kind != '[' {
			return fmt.Sprintf("Socket.IO %s data must be a JSON array whose first element is the event name: the payload is mandatory and must be a non-empty array (Socket.IO v5, Sending and receiving data)", p.Type)
		}
		switch c := firstByte(data[bytes.IndexByte(data, '[')+1:]); {
		case c == ']':
			return fmt.Sprintf("Socket.IO %s data is an empty array: it must be a non-empty array whose first element is the event name (Socket.IO v5, Sending and receiving data)", p.Type)
		case c != '"' && c != '-' && !isDigit(c):
			return fmt.Sprintf("Socket.IO %s data must be a JSON array whose first element is the event name, a string or a number (socket.io-parser)", p.Type)
		case c == '"' && reservedEvents[p.Event]:
			return fmt.Sprintf("Socket.IO event name %q is reserved for the API's own events (socket.io-parser, RESERVED_EVENTS)", p.Event)
		}
	case SIOAck, SIOBinaryAck:
		if kind != '[' {
			return fmt.Sprintf("Socket.IO %s data must be a JSON array, possibly empty: the payload is mandatory (Socket.IO v5, Acknowledgement)", p.Type)
		}
		if !p.HasAckID {
			return fmt.Sprintf("Socket.IO %s must carry the id of the event it answers: the receiver responds with the same event id (Socket.IO v5, Acknowledgement)", p.Type)
		}
	}
	if p.Type.IsBinary() {
		n, v := placeholders(data, p.Attachments)
		p.Placeholders = n
		return v
	}
	return ""
}

// eventName returns the first element of the JSON array data when it is a
// string (unquoted) or a number (as written), at most maxEventName bytes;
// "" otherwise, or when the element does not end within data.
func eventName(data []byte) string {
	i := bytes.IndexByte(data, '[') + 1
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	if i >= len(data) {
		return ""
	}
	switch c := data[i]; {
	case c == '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				var s string
				if json.Unmarshal(data[i:j+1], &s) != nil {
					return ""
				}
				return clipString(s, maxEventName)
			}
		}
	case c == '-' || isDigit(c):
		j := i
		for j < len(data) && bytes.IndexByte([]byte("+-.0123456789eE"), data[j]) >= 0 {
			j++
		}
		if j < len(data) {
			return clipString(string(data[i:j]), maxEventName)
		}
	}
	return ""
}

// placeholders walks valid JSON data for the placeholders of a binary
// packet, objects with a true "_placeholder" whose "num" says which
// attachment replaces them, and checks each num against the attachments the
// packet announced (socket.io-parser's reconstructPacket: "illegal
// attachments" otherwise). It streams tokens, so its memory is the depth of
// the data, not its size.
func placeholders(data []byte, attachments int) (count int, violation string) {
	type level struct {
		object      bool
		key         string // the key whose value comes next, in an object
		wantKey     bool
		placeholder bool
		num         json.Token
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []level
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return count, violation
		}
		if err != nil {
			return count, violation // valid JSON was checked before; nothing more to say
		}
		var top *level
		if n := len(stack); n > 0 {
			top = &stack[n-1]
		}
		if top != nil && top.object && top.wantKey {
			if k, ok := tok.(string); ok {
				top.key, top.wantKey = k, false
				continue
			}
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if top != nil && top.object && top.key == "_placeholder" {
					top.placeholder = true // an object or array is truthy in JavaScript
				}
				stack = append(stack, level{object: v == '{', wantKey: true})
			case '}', ']':
				done := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if done.placeholder {
					count++
					if violation == "" {
						violation = placeholderRule(done.num, attachments)
					}
				}
				if n := len(stack); n > 0 && stack[n-1].object {
					stack[n-1].wantKey = true
				}
			}
		default:
			if top != nil && top.object {
				switch top.key {
				case "_placeholder":
					top.placeholder = truthy(v)
				case "num":
					top.num = v
				}
				top.wantKey = true
			}
		}
	}
}

// placeholderRule checks one placeholder's num.
func placeholderRule(num json.Token, attachments int) string {
	n, ok := num.(json.Number)
	if !ok {
		return `a binary placeholder must say which attachment replaces it with a number, as in {"_placeholder":true,"num":0} (Socket.IO v5, Packet encoding)`
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i >= int64(attachments) {
		return fmt.Sprintf(`placeholder num %s points at no attachment: the packet announces %d, numbered 0 to %d (socket.io-parser: "illegal attachments")`,
			clipString(n.String(), 32), attachments, attachments-1)
	}
	return ""
}

// truthy is JavaScript's truthiness for a JSON scalar token.
func truthy(v json.Token) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != ""
	case json.Number:
		f, err := v.Float64()
		return err != nil || f != 0
	}
	return false // null
}

// AppendSIOPacket appends the text encoding of p to dst, as socket.io-parser
// encodes it ("Packet encoding"): the type, the attachment count and "-"
// for a binary type, the namespace and "," unless it is the main one, the
// ack id, the data. It checks nothing, so tests and demos can build odd
// packets. Sent over Engine.IO it is the data of a message packet.
func AppendSIOPacket(dst []byte, p *SIOPacket) []byte {
	dst = append(dst, byte('0'+p.Type))
	if p.Type.IsBinary() {
		dst = append(strconv.AppendInt(dst, int64(p.Attachments), 10), '-')
	}
	if p.Nsp != "" && p.Nsp != DefaultNamespace {
		dst = append(append(dst, p.Nsp...), ',')
	}
	if p.HasAckID {
		dst = strconv.AppendUint(dst, p.AckID, 10)
	}
	return append(dst, p.Data...)
}

// SIOAttachment says which binary packet a binary message completes.
type SIOAttachment struct {
	Num   int     // the attachment's number: the placeholder "num" it replaces, 0-based
	Count int     // how many attachments the packet announced
	Of    SIOType // SIOBinaryEvent or SIOBinaryAck
	Event string  // the event name of a BINARY_EVENT
}

// SocketIODecoder decodes what one side of one Socket.IO session sends:
// Engine.IO packets, the Socket.IO packets inside their messages, and the
// binary attachments that follow a BINARY_EVENT or BINARY_ACK, paired with
// it. A session may start on long-polling and continue on a WebSocket, and
// attachments may straddle them, so one decoder serves the whole session
// (the sid says which), fed in order from both transports.
//
// The zero value is ready to use. A SocketIODecoder is not safe for
// concurrent use. Its memory is bounded: what it keeps between packets is
// the packet awaiting attachments and two counters, never the attachments.
type SocketIODecoder struct {
	pending   *SIOPacket // a binary packet awaiting attachments
	want, got int
}

// Message decodes one WebSocket message as one Engine.IO packet, payload
// being its unmasked payload or the first bytes of it when length says the
// message was longer, and calls emit with it.
func (d *SocketIODecoder) Message(op Opcode, payload []byte, length uint64, emit func(*EIOPacket)) {
	p := DecodeEIOMessage(op, payload, length)
	d.step(&p, payload, uint64(len(payload)) < length)
	emit(&p)
}

// Payload decodes a long-polling body (see DecodeEIOPayload) and calls emit
// for each packet in order.
func (d *SocketIODecoder) Payload(body []byte, cut bool, emit func(*EIOPacket)) {
	splitPayload(body, cut, func(p *EIOPacket, text []byte, cut bool) {
		d.step(p, text, cut)
		emit(p)
	})
}

// step adds the Socket.IO layer to p, decoded from text (cut: a prefix).
func (d *SocketIODecoder) step(p *EIOPacket, text []byte, cut bool) {
	if p.Type != EIOMessage {
		return // heartbeats and upgrades may come between a binary packet and its attachments
	}
	if p.Binary {
		if d.pending == nil {
			if p.Violation == "" {
				p.Violation = "binary message with no BINARY_EVENT or BINARY_ACK before it awaiting an attachment: Socket.IO sends binary data only as the attachments announced by such a packet (Socket.IO v5, Packet encoding)"
			}
			return
		}
		p.Attachment = &SIOAttachment{Num: d.got, Count: d.want, Of: d.pending.Type, Event: d.pending.Event}
		d.got++
		if d.got == d.want {
			d.pending = nil
		}
		return
	}
	if d.pending != nil {
		if p.Violation == "" {
			p.Violation = d.missing("this text packet") + ` (Socket.IO v5, Packet encoding; socket.io-parser: "got plaintext data when reconstructing a packet")`
		}
		d.pending = nil
	}
	s := parseSIO(text[1:], p.Raw[1:], cut)
	p.SIO = &s
	if s.Type.IsBinary() && s.Attachments > 0 {
		d.pending, d.want, d.got = p.SIO, s.Attachments, 0
	}
}

// missing says how many attachments the pending packet still lacks.
func (d *SocketIODecoder) missing(then string) string {
	followed := "binary packets followed"
	if d.got == 1 {
		followed = "binary packet followed"
	}
	return fmt.Sprintf("attachment count says %d, but %d %s before %s: the %s before it is incomplete", d.want, d.got, followed, then, d.pending.Type)
}

// Close ends the session's stream. It returns an *IncompleteBinaryError
// when a BINARY_EVENT or BINARY_ACK still awaits attachments, and forgets
// it.
func (d *SocketIODecoder) Close() error {
	if d.pending == nil {
		return nil
	}
	err := &IncompleteBinaryError{Of: d.pending.Type, Want: d.want, Got: d.got}
	d.pending = nil
	return err
}

// IncompleteBinaryError reports a session that ended while a binary packet
// still awaited some of the attachments it announced.
type IncompleteBinaryError struct {
	Of        SIOType // SIOBinaryEvent or SIOBinaryAck
	Want, Got int     // attachments announced, and received
}

func (e *IncompleteBinaryError) Error() string {
	followed := "binary packets followed"
	if e.Got == 1 {
		followed = "binary packet followed"
	}
	return fmt.Sprintf("attachment count says %d, but %d %s before the stream ended: the %s is incomplete (Socket.IO v5, Packet encoding)", e.Want, e.Got, followed, e.Of)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// clipText returns b as a string of at most 32 bytes, for a message.
func clipText(b []byte) string { return clipString(string(b[:min(len(b), 33)]), 32) }

// clipString cuts s to at most n bytes, on a UTF-8 boundary, marking the
// cut with "…".
func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
