package wire

import (
	"bytes"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// wsDecoder decodes both directions of a connection after its 101: frames,
// the messages they assemble into, and on an Engine.IO connection the
// packet each message carries.
type wsDecoder struct {
	frames [2]*FrameDecoder
	asm    [2]MessageAssembler
	// sio decodes each side's messages as Engine.IO packets (one packet
	// per message) when the upgrade was Engine.IO's; nil otherwise.
	sio *[2]SocketIODecoder
}

// newWSDecoder returns the decoder of an upgraded connection: deflate is
// what permessage-deflate agreed on, nil when it is not in use; eio says
// the connection carries Engine.IO.
func newWSDecoder(deflate *Deflate, eio bool) *wsDecoder {
	w := &wsDecoder{frames: [2]*FrameDecoder{
		NewFrameDecoder(FromClient, 0),
		NewFrameDecoder(FromServer, 0),
	}}
	if deflate != nil {
		for _, s := range []Sender{FromClient, FromServer} {
			w.frames[s].EnableDeflate(deflate.NoContextTakeover(s))
		}
	}
	if eio {
		w.sio = &[2]SocketIODecoder{}
	}
	return w
}

func (w *wsDecoder) feed(from Sender, p []byte, emit func(Decoded)) {
	w.frames[from].Decode(p, func(f *Frame) {
		msg, done, violation := w.asm[from].Add(f)
		if violation.Format != "" && f.Violation == "" {
			f.Violation, f.ViolationMsg = lang.Trace.Say(violation), violation
		}
		emit(Decoded{From: from, Frame: f})
		if done && (msg.Frames > 1 || msg.Violation != "" || msg.Compressed) {
			m := msg // declared here so that only these messages move to the heap
			if m.Frames == 1 && !m.Compressed {
				m.Payload = bytes.Clone(m.Payload) // the frame's was lent
			}
			emit(Decoded{From: from, Message: &m})
		}
		if done && w.sio != nil && !msg.NotInflated {
			w.sio[from].Message(msg.Opcode, msg.Payload, msg.Length, func(p *EIOPacket) {
				emit(Decoded{From: from, SIO: p})
			})
		}
	})
}

// close reports a frame the connection's end cut short: what its header
// said, if it arrived, and the bytes that did arrive (up to MaxErrorRaw);
// and a Socket.IO packet still awaiting its attachments.
func (w *wsDecoder) close(from Sender, emit func(Decoded)) {
	d := w.frames[from]
	defer d.release() // nothing more comes from this side
	if w.sio != nil {
		if err := w.sio[from].Close(); err != nil {
			emit(Decoded{From: from, Err: err})
		}
	}
	n := d.Buffered()
	if n == 0 || d.Err() != nil {
		return
	}
	err := &TruncatedFrameError{Arrived: n}
	var raw []byte
	if f := d.Partial(); f != nil {
		err.Header = true
		err.Opcode, err.PayloadLen = f.Opcode, f.PayloadLen
		raw = f.Raw
	} else {
		raw = d.hdr[:d.nhdr]
	}
	emit(Decoded{From: from, Err: err, Raw: ClipRaw(raw)})
}

// TruncatedFrameError is the error a ConnDecoder reports when a side's
// stream ended in the middle of a frame (the peer reset or closed the
// connection before the frame's last byte).
type TruncatedFrameError struct {
	Arrived int // bytes of the frame that arrived, header included
	// Header reports that the whole header arrived, so Opcode and
	// PayloadLen are known.
	Header     bool
	Opcode     Opcode
	PayloadLen uint64
}

func (e *TruncatedFrameError) Error() string { return lang.Trace.Say(e.Say()) }

// Say implements lang.Sayer: the error in the reader's language.
func (e *TruncatedFrameError) Say() trace.Msg {
	if !e.Header {
		return lang.M("connection closed in the middle of a WebSocket frame's header (%d bytes of it arrived)", e.Arrived)
	}
	return lang.M("connection closed in the middle of a WebSocket frame (%d bytes of it arrived: a %s frame whose header declared %d payload bytes)",
		e.Arrived, e.Opcode.String(), e.PayloadLen)
}
