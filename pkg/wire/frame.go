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
// A FrameDecoder keeps at most a bounded prefix of each payload (DefaultKeep
// bytes unless told otherwise), so a peer sending a 1 GiB frame costs the
// tap that prefix, not a gigabyte. Every header field, PayloadLen and the
// verdicts (Violation, InvalidUTF8) always describe the whole frame; only
// Raw and Payload may be cut, and Truncated says when they were.
//
// Raw never shares memory with the bytes passed to the decoder or with any
// buffer it reuses. Frames returned by FrameDecoder.Feed may be kept for as
// long as one likes; those lent by FrameDecoder.Decode may not, entirely
// (see there). The Payload of an unmasked frame is the tail of Raw (the same
// bytes, not a copy); both are capped, so appending to either reallocates
// rather than writing into something else.
type Frame struct {
	// Raw is the exact bytes of the frame as they crossed the wire: header
	// plus payload, still masked when the sender masked it. When Truncated
	// is set it holds the header and only the first len(Payload) payload
	// bytes. For the final frame of a fatal error it holds only the header.
	Raw []byte

	Fin    bool   // FIN: this is the final fragment of a message (§5.2)
	RSV    uint8  // RSV1..RSV3 as a 3-bit number, RSV1 = 4, RSV3 = 1
	Opcode Opcode // how to interpret the payload
	Masked bool   // MASK: the payload is XORed with MaskKey (§5.3)
	// MaskKey is the 32-bit masking key; all zero when Masked is false.
	MaskKey [4]byte
	// PayloadLen is the payload length the header declares; for a frame
	// the decoder returned complete, exactly that many payload bytes
	// crossed the wire, whether or not they were all kept.
	PayloadLen uint64
	// LengthForm is which §5.2 length encoding the header used: 7 (length in
	// the second byte), 16 (126 + 2 bytes) or 64 (127 + 8 bytes). A lesson
	// shows it because the encoding, not the length, sets the header size.
	LengthForm int
	// HeaderLen is the number of header bytes: 2, plus 2 or 8 of extended
	// length, plus 4 of masking key.
	HeaderLen int
	// Payload is the unmasked payload ("application data" of §5.2), or its
	// first bytes when Truncated is set. It is nil only for the final frame
	// of a fatal error, whose payload was not read.
	Payload []byte
	// Truncated reports that Raw and Payload were cut to keep memory
	// bounded: they hold the exact first len(Payload) of the PayloadLen
	// payload bytes (the trace format's raw_truncated).
	Truncated bool

	// CloseCode is the status code of a close frame whose payload has at
	// least 2 bytes (§5.5.1); 0 when there is none.
	CloseCode int
	// CloseReason is the rest of a close frame's payload, converted to a
	// string byte for byte (it may be invalid UTF-8; Violation says so).
	// A close payload is at most 125 bytes (§5.5), far below what is kept,
	// so only an oversized close frame, which breaks that rule, can have
	// its reason cut.
	CloseReason string

	// Violation is "" for a well-formed frame, otherwise one sentence naming
	// the first rule the frame breaks and its RFC 6455 section, e.g.
	// "client frames must be masked (RFC 6455 §5.1)".
	Violation string
	// ViolationMsg is Violation as its key and arguments (package lang),
	// so that it can be shown in the reader's language.
	ViolationMsg trace.Msg

	// InvalidUTF8 is set on a frame of a text message (a text frame, or a
	// continuation frame of one, §5.4) when the message's payload through
	// the end of this frame is not valid UTF-8 (§8.1): on a frame with FIN
	// clear as soon as no later fragment could repair it, on the final
	// frame also when the message stops in the middle of a character. The
	// decoder checks every payload byte as it streams past, across
	// fragments and without keeping them, so the verdict holds for the
	// whole message even when Payload was cut. It is a message rule, so
	// Violation does not repeat it; MessageAssembler reports it.
	InvalidUTF8 bool

	// Compressed is set on every frame of a message compressed with
	// permessage-deflate (RFC 7692 §6): the message's first frame has RSV1
	// set, and its frames carry compressed bytes. Raw and Payload hold
	// them as they crossed (unmasked, not inflated). Only a FrameDecoder
	// told about the extension (EnableDeflate) sets it.
	Compressed bool
	// InflatedLen is, on a compressed frame, how many bytes inflating the
	// message had produced by the end of this frame, minus those counted
	// on its earlier frames: for a one-frame message its whole inflated
	// length. A decompressor may hand over output later than the bytes
	// that encode it, so in a fragmented message the split between frames
	// is the decompressor's; their sum is the message's exact length.
	InflatedLen uint64
	// Inflated is set on the final frame of a compressed message: the
	// message inflated, as the receiving application got it.
	Inflated *Inflated
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
// gorilla/websocket's and coder/websocket's mask.go do the same.
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
	if len(src)-i >= 4 {
		binary.LittleEndian.PutUint32(dst[i:], binary.LittleEndian.Uint32(src[i:])^k32)
		i += 4
	}
	for j := 0; i < len(src); i, j = i+1, j+1 {
		dst[i] = src[i] ^ key[j&3]
	}
}

// maskASCII is maskBytes that also reports whether every unmasked byte is
// ASCII: text is checked for UTF-8 (RFC 6455 §8.1), and text that is all
// ASCII, most of it, needs no check beyond the high bits seen while
// unmasking. src and dst must not overlap unless they are the same slice.
func maskASCII(dst, src []byte, key [4]byte) bool {
	dst = dst[:len(src)]
	k32 := binary.LittleEndian.Uint32(key[:])
	k64 := uint64(k32) | uint64(k32)<<32
	var high uint64
	i := 0
	for ; len(src)-i >= 16; i += 16 {
		s, d := src[i:i+16], dst[i:i+16]
		w0 := binary.LittleEndian.Uint64(s[0:]) ^ k64
		w1 := binary.LittleEndian.Uint64(s[8:]) ^ k64
		binary.LittleEndian.PutUint64(d[0:], w0)
		binary.LittleEndian.PutUint64(d[8:], w1)
		high |= w0 | w1
	}
	for ; len(src)-i >= 8; i += 8 {
		w := binary.LittleEndian.Uint64(src[i:]) ^ k64
		binary.LittleEndian.PutUint64(dst[i:], w)
		high |= w
	}
	if len(src)-i >= 4 {
		w := binary.LittleEndian.Uint32(src[i:]) ^ k32
		binary.LittleEndian.PutUint32(dst[i:], w)
		high |= uint64(w)
		i += 4
	}
	for j := 0; i < len(src); i, j = i+1, j+1 {
		b := src[i] ^ key[j&3]
		dst[i] = b
		high |= uint64(b)
	}
	return high&0x8080808080808080 == 0
}

// maskAt is maskBytes for the bytes of a payload that start at payload
// offset pos: a payload streamed in pieces is unmasked piece by piece, each
// with the key rotated to where that piece starts (§5.3: byte i uses key
// byte i mod 4).
func maskAt(dst, src []byte, key [4]byte, pos uint64) {
	maskBytes(dst, src, keyAt(key, pos))
}

// keyAt is the masking key rotated to start at payload offset pos.
func keyAt(key [4]byte, pos uint64) [4]byte {
	if r := pos & 3; r != 0 {
		key = [4]byte{key[r], key[(r+1)&3], key[(r+2)&3], key[(r+3)&3]}
	}
	return key
}
