package wire

import "errors"

// wsDecoder is a placeholder until the frame decoder lands: it reports the
// bytes after a 101 as undecoded.
type wsDecoder struct{}

func newWSDecoder() *wsDecoder { return &wsDecoder{} }

func (w *wsDecoder) feed(from Sender, p []byte) []Decoded {
	if len(p) == 0 {
		return nil
	}
	return []Decoded{{From: from, Err: errors.New("WebSocket frames are not decoded yet"), Raw: clip(p)}}
}

func (w *wsDecoder) close(from Sender) []Decoded { return nil }
