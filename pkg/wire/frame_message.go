package wire

import (
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Message is one application message: the payload of a single unfragmented
// data frame, or of a text/binary frame and its continuation frames joined
// together (RFC 6455 §5.4).
type Message struct {
	Opcode  Opcode // OpText or OpBinary: the opcode of the message's first frame
	Payload []byte // the unmasked payload of all its data frames, in order
	Frames  int    // how many data frames carried it (control frames in between not counted)
	// Violation is "" or the rule the whole message breaks, with its RFC 6455
	// section; today that is a text message that is not valid UTF-8 (§8.1),
	// which can only be judged once every fragment has arrived.
	Violation string
	// ViolationMsg is Violation as its key and arguments (package lang).
	ViolationMsg trace.Msg
}

// MessageAssembler reassembles the data frames of one direction of one
// connection into messages and checks the fragmentation rules of §5.4. It
// exists separately from FrameDecoder so a lesson can show frames and
// messages as two levels: what crossed the wire, and what the application got.
//
// The zero value is ready to use. A MessageAssembler is not safe for
// concurrent use.
type MessageAssembler struct {
	open    bool   // a fragmented message is in progress
	op      Opcode // its opcode
	payload []byte // its payload so far; owned by the assembler, handed out once
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
// A message's Payload may share memory with the Payload of the frame that
// carried it when it had only one frame; it never shares memory with any
// other message.
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
		a.payload = append(a.payload, f.Payload...)
		a.frames++
		if !f.Fin {
			return Message{}, false, trace.Msg{}
		}
		msg = newMessage(a.op, a.payload, a.frames)
		*a = MessageAssembler{}
		return msg, true, trace.Msg{}
	}

	// A text or binary frame starts a new message.
	if a.open {
		violation = lang.M("new %s frame while a fragmented %s message is still open: fragments of different messages must not be interleaved (RFC 6455 §5.4)", f.Opcode.String(), a.op.String())
		*a = MessageAssembler{}
	}
	if f.Fin {
		return newMessage(f.Opcode, f.Payload, 1), true, violation
	}
	a.open = true
	a.op = f.Opcode
	a.payload = append([]byte(nil), f.Payload...)
	a.frames = 1
	return Message{}, false, violation
}

// newMessage builds a completed message and checks it as a whole.
func newMessage(op Opcode, payload []byte, frames int) Message {
	if payload == nil {
		payload = []byte{} // an empty message is still a message; keep it non-nil
	}
	m := Message{Opcode: op, Payload: payload, Frames: frames}
	if op == OpText && !utf8.Valid(payload) {
		m.Violation, m.ViolationMsg = lang.Both("text message is not valid UTF-8 (RFC 6455 §8.1)")
	}
	return m
}
