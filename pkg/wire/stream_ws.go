package wire

import "fmt"

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

func (w *wsDecoder) feed(from Sender, p []byte) []Decoded {
	if len(p) == 0 {
		return nil
	}
	frames := w.frames[from].Feed(p)
	out := make([]Decoded, 0, 2*len(frames))
	for i := range frames {
		f := &frames[i] // Feed's slice is new on every call: safe to point into
		msg, violation := w.asm[from].Add(*f)
		if violation != "" && f.Violation == "" {
			f.Violation = violation
		}
		out = append(out, Decoded{From: from, Frame: f})
		if msg != nil {
			out = append(out, Decoded{From: from, Message: msg})
		}
	}
	return out
}

func (w *wsDecoder) close(from Sender) []Decoded {
	if n := w.frames[from].Buffered(); n > 0 && w.frames[from].Err() == nil {
		return []Decoded{{From: from, Err: errTruncatedFrame(n)}}
	}
	return nil
}

type errTruncatedFrame int

func (e errTruncatedFrame) Error() string {
	return fmt.Sprintf("connection closed in the middle of a WebSocket frame (%d bytes of it arrived)", int(e))
}
