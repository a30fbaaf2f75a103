package wire

import (
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Message is one application message: the payload of a single unfragmented
// data frame, or of a text/binary frame and its continuation frames joined
// together (RFC 6455 §5.4).
type Message struct {
	Opcode Opcode // OpText or OpBinary: the opcode of the message's first frame
	// Payload is the unmasked payload of all its data frames, in order, or
	// its first bytes when Truncated is set. It is never nil.
	Payload []byte
	// Length is the exact payload length of the whole message: the sum of
	// its frames' PayloadLen, whether or not every byte was kept.
	Length uint64
	// Truncated reports that Payload holds only the exact first
	// len(Payload) of the Length bytes, to keep memory bounded.
	Truncated bool
	Frames    int // how many data frames carried it (control frames in between not counted)
	// ViolationMsg is Violation as its key and arguments (package lang).
	ViolationMsg trace.Msg
	// Violation is "" or the rule the whole message breaks, with its RFC
	// section: a text message that is not valid UTF-8 (RFC 6455 §8.1),
	// which can only be judged once every fragment has arrived, or a
	// compressed message that could not be inflated (Inflated.Violation).
	Violation string

	// Compressed reports a message compressed with permessage-deflate (RFC
	// 7692): Payload and Length are then the message inflated, what the
	// receiving application got, and WireLength the compressed bytes that
	// crossed (the sum of its frames' PayloadLen).
	Compressed bool
	WireLength uint64
	// NotInflated is set on a compressed message the decoder could not
	// inflate at all (Inflated.Skipped): Payload is empty and Length 0.
	NotInflated bool
	// Stopped is set on a compressed message the decoder stopped inflating
	// at MaxInflated (Inflated.Stopped).
	Stopped bool
}

// MessageAssembler reassembles the data frames of one direction of one
// connection into messages and checks the fragmentation rules of §5.4. It
// exists separately from FrameDecoder so a lesson can show frames and
// messages as two levels: what crossed the wire, and what the application got.
//
// Memory is bounded: a message keeps at most Keep bytes of payload (the
// exact prefix) and counts the rest. The UTF-8 verdict (§8.1) comes from
// the frames (Frame.InvalidUTF8): the FrameDecoder checked every byte as
// it streamed past, including those neither of them kept.
//
// The zero value is ready to use. A MessageAssembler is not safe for
// concurrent use.
type MessageAssembler struct {
	// Keep caps the payload bytes kept of one message; 0 means DefaultKeep.
	Keep int

	open    bool   // a fragmented message is in progress
	op      Opcode // its opcode
	payload []byte // its kept payload so far; owned by the assembler, handed out once
	length  uint64 // its exact length so far
	cut     bool   // a byte of it was not kept: nothing more is appended
	invalid bool   // one of its frames said its text is not valid UTF-8
	frames  int    // its data frames so far
}

// Add takes the next frame of the stream, in order, including control
// frames, which may legally arrive between fragments (§5.5).
//
// done reports whether this frame completes a message, msg: a single frame
// with FIN set is a message with Frames == 1, a fragmented message is
// complete with its final continuation frame, and control frames, frames
// with a reserved opcode and the header-only frame of a fatal decoder error
// are never messages. The message is returned as a value so that the common
// case, a one-frame message nobody keeps, costs no allocation.
//
// violation is the zero Msg or the fragmentation rule this frame breaks:
//   - a continuation frame with no fragmented message open: it is dropped;
//   - a text or binary frame while a fragmented message is open: the open
//     message is abandoned (a real endpoint would fail the connection, §7.1.7)
//     and this frame starts the next message, so one mistake is reported
//     once rather than spoiling every message after it.
//
// A message's Payload is the Payload of the frame that carried it when it
// had only one frame, so it is valid as long as that frame's Payload is
// (FrameDecoder.Decode lends a masked frame's); a fragmented message's is
// its own, and never shares memory with any other message.
func (a *MessageAssembler) Add(f *Frame) (msg Message, done bool, violation trace.Msg) {
	if f.Opcode.IsControl() || f.Opcode.reserved() {
		return Message{}, false, trace.Msg{}
	}
	if f.Payload == nil && f.PayloadLen > 0 {
		// The final frame of a fatal decoder error: its payload was never
		// read, so there is nothing to assemble.
		return Message{}, false, trace.Msg{}
	}

	if f.Opcode == OpContinuation {
		if !a.open {
			return Message{}, false, lang.M("continuation frame with no fragmented message to continue (RFC 6455 §5.4)")
		}
		a.append(f)
		if !f.Fin {
			return Message{}, false, trace.Msg{}
		}
		if f.Inflated != nil {
			msg = inflatedMessage(a.op, f.Inflated, a.length, a.frames)
		} else {
			msg = newMessage(a.op, a.payload, a.length, a.frames, a.invalid)
		}
		*a = MessageAssembler{Keep: a.Keep}
		return msg, true, trace.Msg{}
	}

	// A text or binary frame starts a new message.
	if a.open {
		violation = lang.M("new %s frame while a fragmented %s message is still open: fragments of different messages must not be interleaved (RFC 6455 §5.4)", f.Opcode.String(), a.op.String())
		*a = MessageAssembler{Keep: a.Keep}
	}
	if f.Fin && f.Inflated != nil {
		return inflatedMessage(f.Opcode, f.Inflated, f.PayloadLen, 1), true, violation
	}
	if f.Fin {
		p := f.Payload
		if k := a.limit(); len(p) > k {
			p = p[:k:k]
		}
		return newMessage(f.Opcode, p, f.PayloadLen, 1, f.InvalidUTF8), true, violation
	}
	a.open = true
	a.op = f.Opcode
	a.append(f)
	return Message{}, false, violation
}

// limit is the effective cap on kept payload bytes.
func (a *MessageAssembler) limit() int {
	if a.Keep <= 0 {
		return DefaultKeep
	}
	return a.Keep
}

// append adds a data frame to the open message. Bytes are appended only
// while everything before them was kept, so the kept payload is always the
// exact prefix of the message, even if a frame arrived cut shorter than the
// room left.
func (a *MessageAssembler) append(f *Frame) {
	a.frames++
	a.length += f.PayloadLen
	a.invalid = a.invalid || f.InvalidUTF8
	if a.cut || f.Compressed {
		return // compressed bytes are not the message: the final frame brings it inflated
	}
	take := f.Payload[:min(len(f.Payload), a.limit()-len(a.payload))]
	if a.payload == nil {
		a.payload = make([]byte, 0, len(take))
	}
	a.payload = append(a.payload, take...)
	a.cut = uint64(len(take)) < f.PayloadLen
}

// inflatedMessage builds a completed compressed message from what its
// frames inflated to; wire is the compressed length.
func inflatedMessage(op Opcode, in *Inflated, wire uint64, frames int) Message {
	m := newMessage(op, in.Payload, in.Length, frames, in.InvalidUTF8)
	m.Compressed, m.WireLength, m.NotInflated, m.Stopped = true, wire, in.Skipped, in.Stopped
	if in.Violation != "" {
		m.Violation, m.ViolationMsg = in.Violation, in.ViolationMsg
	}
	return m
}

// newMessage builds a completed message.
func newMessage(op Opcode, payload []byte, length uint64, frames int, invalidUTF8 bool) Message {
	if payload == nil {
		payload = []byte{} // an empty message is still a message; keep it non-nil
	}
	m := Message{Opcode: op, Payload: payload, Length: length, Frames: frames,
		Truncated: uint64(len(payload)) < length}
	if op == OpText && invalidUTF8 {
		m.Violation, m.ViolationMsg = lang.Both("text message is not valid UTF-8 (RFC 6455 §8.1)")
	}
	return m
}
