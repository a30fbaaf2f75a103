package wire

import "wsdemo/pkg/lang"

// wsDecoder decodes both directions of a connection after its 101: frames,
// and the messages they assemble into.
type wsDecoder struct {
	frames [2]*FrameDecoder
	asm    [2]MessageAssembler
}

func newWSDecoder() *wsDecoder {
	return &wsDecoder{frames: [2]*FrameDecoder{
		NewFrameDecoder(FromClient, DefaultMaxPayload),
		NewFrameDecoder(FromServer, DefaultMaxPayload),
	}}
}

func (w *wsDecoder) feed(from Sender, p []byte, emit func(Decoded)) {
	w.frames[from].Decode(p, func(f *Frame) {
		msg, done, violation := w.asm[from].Add(f)
		if violation.Format != "" && f.Violation == "" {
			f.Violation, f.ViolationMsg = lang.Trace.Say(violation), violation
		}
		emit(Decoded{From: from, Frame: f})
		if done && (msg.Frames > 1 || msg.Violation != "") {
			m := msg // declared here so that only these messages move to the heap
			emit(Decoded{From: from, Message: &m})
		}
	})
}

func (w *wsDecoder) close(from Sender, emit func(Decoded)) {
	if n := w.frames[from].Buffered(); n > 0 && w.frames[from].Err() == nil {
		emit(Decoded{From: from, Err: errTruncatedFrame(n)})
	}
}

func errTruncatedFrame(n int) error {
	return lang.Errorf("connection closed in the middle of a WebSocket frame (%d bytes of it arrived)", n)
}
