package wire

import (
	"encoding/binary"

	"wsdemo/pkg/trace"
)

// Opcode is the 4-bit opcode of RFC 6455 §5.2: it says how to interpret a
// frame's payload.
type Opcode uint8

// The opcodes RFC 6455 §5.2 defines. Every other value (0x3-0x7, 0xB-0xF) is
// reserved for future use and breaks the protocol when it appears on the wire.
//
// The constants are typed so that OpText.String() and fmt's %v print the name
// a learner expects rather than a bare number.
const (
	OpContinuation Opcode = 0x0 // a further fragment of a message (§5.4)
	OpText         Opcode = 0x1 // a text message (UTF-8, §5.6)
	OpBinary       Opcode = 0x2 // a binary message (§5.6)
	OpClose        Opcode = 0x8 // the closing handshake (§5.5.1)
	OpPing         Opcode = 0x9 // a keepalive or liveness probe (§5.5.2)
	OpPong         Opcode = 0xA // the answer to a ping, or unsolicited heartbeat (§5.5.3)
)

// String returns the lower-case name the trace format uses ("opcode_name"):
// continuation, text, binary, close, ping, pong, or reserved for every value
// RFC 6455 does not define.
func (o Opcode) String() string {
	switch o {
	case OpContinuation:
		return "continuation"
	case OpText:
		return "text"
	case OpBinary:
		return "binary"
	case OpClose:
		return "close"
	case OpPing:
		return "ping"
	case OpPong:
		return "pong"
	}
	return "reserved"
}

// reserved reports whether RFC 6455 leaves o undefined.
func (o Opcode) reserved() bool { return o.String() == "reserved" }

// IsControl reports whether o is a control opcode. RFC 6455 §5.5 defines
// control frames by the high bit of the opcode, so the reserved values
// 0xB-0xF count as control too (and 0x3-0x7 as data).
func (o Opcode) IsControl() bool { return o&0x8 != 0 }

// Span locates one field of a frame in Frame.Raw, so a renderer can colour a
// hex dump by the field each byte belongs to without re-parsing the frame.
//
// Name is one of "FIN/RSV/opcode", "MASK/length", "extended length",
// "masking key" and "payload". A span is present only when the frame has
// bytes for that field: no "extended length" for the 7-bit form, no
// "masking key" for unmasked frames, no "payload" for an empty payload.
type Span struct {
	Name     string
	Off, Len int
}

// Span names, shared by the decoder and its tests.
const (
	spanByte0   = "FIN/RSV/opcode"
	spanByte1   = "MASK/length"
	spanExtLen  = "extended length"
	spanMaskKey = "masking key"
	spanPayload = "payload"
)

// Frame is one decoded RFC 6455 frame with every field a lesson shows.
//
// Raw and Payload never share memory with each other, with the bytes passed
// to Feed, or with any buffer the decoder reuses, so callers may keep frames
// for as long as they like.
type Frame struct {
	// Raw is the exact bytes of the frame as they crossed the wire: header
	// plus payload, still masked when the sender masked it. For the final
	// frame of a fatal error it holds only the header.
	Raw []byte

	Fin    bool   // FIN: this is the final fragment of a message (§5.2)
	RSV    uint8  // RSV1..RSV3 as a 3-bit number, RSV1 = 4, RSV3 = 1
	Opcode Opcode // how to interpret the payload
	Masked bool   // MASK: the payload is XORed with MaskKey (§5.3)
	// MaskKey is the 32-bit masking key; all zero when Masked is false.
	MaskKey [4]byte
	// PayloadLen is the payload length the header declares.
	PayloadLen uint64
	// LengthForm is which §5.2 length encoding the header used: 7 (length in
	// the second byte), 16 (126 + 2 bytes) or 64 (127 + 8 bytes). A lesson
	// shows it because the encoding, not the length, sets the header size.
	LengthForm int
	// HeaderLen is the number of header bytes: 2, plus 2 or 8 of extended
	// length, plus 4 of masking key.
	HeaderLen int
	// Payload is the unmasked payload ("application data" of §5.2). It is nil
	// only for the final frame of a fatal error, whose payload was not read.
	Payload []byte

	// CloseCode is the status code of a close frame whose payload has at
	// least 2 bytes (§5.5.1); 0 when there is none.
	CloseCode int
	// CloseReason is the rest of a close frame's payload, converted to a
	// string byte for byte (it may be invalid UTF-8; Violation says so).
	CloseReason string

	// Violation is "" for a well-formed frame, otherwise one sentence naming
	// the first rule the frame breaks and its RFC 6455 section, e.g.
	// "client frames must be masked (RFC 6455 §5.1)".
	Violation string
	// ViolationMsg is Violation as its key and arguments (package lang),
	// so that it can be shown in the reader's language.
	ViolationMsg trace.Msg
}

// Spans locates the header fields and the payload in Raw, in order. They
// are derived from the header on demand rather than stored, because only a
// hex dump needs them and the tap decodes every frame.
func (f *Frame) Spans() []Span {
	s := make([]Span, 0, 5)
	s = append(s, Span{Name: spanByte0, Off: 0, Len: 1}, Span{Name: spanByte1, Off: 1, Len: 1})
	switch f.LengthForm {
	case 16:
		s = append(s, Span{Name: spanExtLen, Off: 2, Len: 2})
	case 64:
		s = append(s, Span{Name: spanExtLen, Off: 2, Len: 8})
	}
	if f.Masked {
		s = append(s, Span{Name: spanMaskKey, Off: f.HeaderLen - 4, Len: 4})
	}
	if n := len(f.Raw) - f.HeaderLen; n > 0 { // none for the header-only frame of a fatal error
		s = append(s, Span{Name: spanPayload, Off: f.HeaderLen, Len: n})
	}
	return s
}

// AppendFrame appends the wire encoding of one frame to dst and returns the
// extended slice. It exists for tests, fuzz seeds and demos that send
// deliberately odd frames, so it encodes whatever it is given: rsv is masked
// to 3 bits and op to 4 bits, but no rule is checked. mask == nil sends the
// payload unmasked; otherwise the payload is XORed with *mask (payload itself
// is not modified). The length always uses the shortest form (§5.2).
func AppendFrame(dst []byte, fin bool, rsv uint8, op Opcode, mask *[4]byte, payload []byte) []byte {
	b0 := (rsv&0x7)<<4 | byte(op)&0xF
	if fin {
		b0 |= 0x80
	}
	var b1 byte
	if mask != nil {
		b1 = 0x80
	}
	n := len(payload)
	switch {
	case n <= 125:
		dst = append(dst, b0, b1|byte(n))
	case n <= 0xFFFF:
		dst = append(dst, b0, b1|126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, b0, b1|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	if mask == nil {
		return append(dst, payload...)
	}
	dst = append(dst, mask[:]...)
	start := len(dst)
	dst = append(dst, payload...)
	maskBytes(dst[start:], dst[start:], *mask)
	return dst
}

// ClosePayload builds the payload of a close frame (§5.5.1): the status code
// as a 2-byte big-endian integer followed by the UTF-8 reason. code is
// truncated to 16 bits, so demos can build invalid codes on purpose but not
// codes that do not fit the field.
func ClosePayload(code int, reason string) []byte {
	b := make([]byte, 2, 2+len(reason))
	binary.BigEndian.PutUint16(b, uint16(code))
	return append(b, reason...)
}

// maskBytes sets dst[i] = src[i] ^ key[i%4] for every i < len(src) (§5.3).
// Masking and unmasking are the same operation. dst must be at least as long
// as src and may be src itself.
//
// It XORs 8 bytes at a time (unrolled to 32) because a 64 KiB message would
// otherwise cost 64 Ki byte operations on every frame; the 4-byte key repeats
// inside an 8-byte word, so one word-sized key serves every aligned chunk.
func maskBytes(dst, src []byte, key [4]byte) {
	dst = dst[:len(src)] // one bounds check here instead of one per byte
	k32 := binary.LittleEndian.Uint32(key[:])
	k64 := uint64(k32) | uint64(k32)<<32
	i := 0
	for ; len(src)-i >= 32; i += 32 {
		s, d := src[i:i+32], dst[i:i+32]
		binary.LittleEndian.PutUint64(d[0:], binary.LittleEndian.Uint64(s[0:])^k64)
		binary.LittleEndian.PutUint64(d[8:], binary.LittleEndian.Uint64(s[8:])^k64)
		binary.LittleEndian.PutUint64(d[16:], binary.LittleEndian.Uint64(s[16:])^k64)
		binary.LittleEndian.PutUint64(d[24:], binary.LittleEndian.Uint64(s[24:])^k64)
	}
	for ; len(src)-i >= 8; i += 8 {
		binary.LittleEndian.PutUint64(dst[i:], binary.LittleEndian.Uint64(src[i:])^k64)
	}
	// i is a multiple of 8, hence of 4, so the key starts again at key[0].
	for j := 0; i < len(src); i, j = i+1, j+1 {
		dst[i] = src[i] ^ key[j&3]
	}
}
