package wire

import (
	"compress/flate"
	"errors"
	"io"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// MaxInflated bounds how many bytes the decoder inflates of one compressed
// message. Every byte up to it is inflated, counted and checked (UTF-8 for
// text) though only the first DefaultKeep are kept; past it the decoder
// stops inflating that message and says so (Inflated.Stopped). DEFLATE can
// expand a payload about a thousandfold, so a message of a few kilobytes may
// stand for gigabytes: a receiver must protect itself from messages too big
// for it (RFC 6455 §10.4), and so must a tap.
const MaxInflated = 16 << 20

// deflateTail is what a sender removes from the end of each compressed
// message and a receiver appends before inflating it (RFC 7692 §7.2.1,
// §7.2.2): the LEN and NLEN of an empty block with no compression
// (BTYPE=00, RFC 1951 §3.2.4; zlib calls it "stored"), which makes the
// decompressor hand over everything so far.
var deflateTail = []byte{0x00, 0x00, 0xff, 0xff}

// windowSize is DEFLATE's largest LZ77 window (RFC 1951 §2): with context
// takeover a message may refer this far back into the messages before it.
const windowSize = 32 << 10

// Inflated is a compressed message inflated (RFC 7692 §7.2.2): what the
// receiving application got.
type Inflated struct {
	// Payload is the inflated message, or its first bytes when Truncated is
	// set. It is never nil.
	Payload []byte
	// Length is the exact inflated length: every byte the compressed data
	// produced (up to MaxInflated when Stopped).
	Length uint64
	// Truncated reports that Payload holds only the exact first
	// len(Payload) of the Length bytes.
	Truncated bool
	// InvalidUTF8 is set for a text message whose inflated payload is not
	// valid UTF-8 (RFC 6455 §8.1); it is judged only when the whole message
	// was inflated.
	InvalidUTF8 bool
	// Stopped reports that the message inflates to more than MaxInflated
	// bytes and the decoder stopped there.
	Stopped bool
	// Skipped reports that the message was not inflated at all: with
	// context takeover, an earlier message of the same side could not be
	// inflated to its end, so the window this one may refer to is unknown.
	// Length is then 0 and Violation says why.
	Skipped bool
	// Violation is "" when the message inflated cleanly, otherwise one
	// sentence saying why it could not be inflated (in full), with its
	// section.
	Violation string
	// ViolationMsg is Violation as its key and arguments (package lang).
	ViolationMsg trace.Msg
}

// inflater inflates the compressed messages one side of a connection sends
// (RFC 7692 §7.2.2), streaming: the compressed bytes of a message arrive in
// pieces (Frame payloads, in whatever chunks the tap saw them), and so does
// what they inflate to, which it counts, checks and keeps the first bytes of
// without ever holding a whole message.
//
// compress/flate pulls its input from an io.Reader and cannot be resumed
// once that reader has nothing more, so each message is inflated on a
// goroutine of its own that the feeding side hands the pieces to, one at a
// time, and waits for: by the time write returns, everything the piece could
// inflate to has been processed. The goroutine lives for one message; a
// connection that stops in the middle of one ends it (abort).
//
// With context takeover (no *_no_context_takeover agreed, RFC 7692 §7.1.1)
// a message may refer back to the last 32 KiB of the messages before it:
// the inflater keeps that window itself and starts each message's
// decompressor from it.
type inflater struct {
	noContext bool // the sender compresses each message on its own
	keep      int

	window []byte // the last windowSize bytes inflated (context takeover only)
	// lost says why the window is unknown (an earlier message could not be
	// inflated to its end): with context takeover, nothing after it can be
	// inflated with certainty.
	lost trace.Msg

	m *inflation // the message in progress, or nil
}

// inflation is one message being inflated.
type inflation struct {
	in   chan []byte   // the next piece of compressed input; closed at the end
	idle chan struct{} // the goroutine has used up its input and waits for more
	done chan struct{} // closed when the goroutine has returned

	// Written by the goroutine, read by the feeder only after idle or done.
	text    bool
	payload []byte
	length  uint64
	utf8    utf8Stream
	stopped bool
	err     trace.Msg // why inflating stopped early (not counting the end of input)
	window  []byte
	taken   uint64 // length when the feeder last took a count (frame by frame)
}

func newInflater(noContext bool, keep int) *inflater {
	if keep <= 0 {
		keep = DefaultKeep
	}
	return &inflater{noContext: noContext, keep: keep}
}

// begin starts inflating a message (its first frame had RSV1 set). A
// message still open is abandoned first.
func (f *inflater) begin(text bool) {
	f.abort()
	m := &inflation{in: make(chan []byte), idle: make(chan struct{}), done: make(chan struct{}), text: text}
	var dict []byte
	if !f.noContext {
		dict = f.window
	}
	if !f.noContext {
		if f.window == nil {
			f.window = make([]byte, 0, 2*windowSize)
		}
		m.window = f.window
	}
	if f.lost.Format == "" {
		go m.run(dict, f.keep, !f.noContext)
		<-m.idle // the decompressor is ready for its first byte
	} else {
		close(m.done)
	}
	f.m = m
}

// write feeds the next compressed bytes of the message; p is only read
// during the call.
func (f *inflater) write(p []byte) {
	m := f.m
	if m == nil || len(p) == 0 || f.lost.Format != "" {
		return
	}
	select {
	case <-m.done:
		return // inflating stopped: the rest is counted by the frames, not inflated
	case m.in <- p:
	}
	select {
	case <-m.idle:
	case <-m.done:
	}
}

// took returns how many bytes the message has inflated to since the last
// call: what the bytes fed since then produced, as far as the decompressor
// has handed them over (it may hold back up to a block's worth until more
// input or the end of the message comes).
func (f *inflater) took() uint64 {
	m := f.m
	if m == nil {
		return 0
	}
	n := m.length - m.taken
	m.taken = m.length
	return n
}

// end finishes the message: the tail of RFC 7692 §7.2.2 goes in, the
// decompressor hands over the rest, and the result says what the receiving
// application got. last is what took would say for the message's last
// frame: what its bytes and the tail produced.
func (f *inflater) end() (res Inflated, last uint64) {
	m := f.m
	if m == nil {
		return inflatedViolation(Inflated{Payload: []byte{}}, lang.M("a compressed message ended that never began")), 0
	}
	if f.lost.Format != "" {
		f.m = nil
		return inflatedViolation(Inflated{Payload: []byte{}, Skipped: true}, f.lost), 0
	}
	f.write(deflateTail)
	close(m.in)
	<-m.done
	f.m = nil
	last = m.length - m.taken
	res = Inflated{Payload: m.payload, Length: m.length, Stopped: m.stopped}
	if res.Payload == nil {
		res.Payload = []byte{}
	}
	res.Truncated = uint64(len(res.Payload)) < res.Length
	switch {
	case m.stopped:
		res = inflatedViolation(res, lang.M("inflated to more than %d MiB, where wsdemo stopped: a receiver must protect itself from messages too big for it (RFC 6455 §10.4)", MaxInflated>>20))
	case m.err.Format != "":
		res = inflatedViolation(res, m.err)
	case m.text && !m.utf8.complete():
		res.InvalidUTF8 = true
	}
	if f.noContext {
		return res, last
	}
	// The next message may refer back into this one.
	if res.Violation != "" {
		f.lost = lang.M("not inflated: an earlier compressed message from the same side could not be inflated to its end, and with context takeover this one may refer back into it (RFC 7692 §7.1.1)")
		f.window = nil
		return res, last
	}
	f.window = m.window // the same memory, grown as the message went
	return res, last
}

// abort abandons a message in progress (its connection ended, or a new
// message began before it was finished).
func (f *inflater) abort() {
	m := f.m
	if m == nil {
		return
	}
	f.m = nil
	if f.lost.Format == "" {
		close(m.in)
		<-m.done
	}
	if !f.noContext && f.lost.Format == "" {
		f.lost = lang.M("not inflated: an earlier compressed message from the same side was cut short, and with context takeover this one may refer back into it (RFC 7692 §7.1.1)")
		f.window = nil
	}
}

// run inflates one message on its own goroutine. dict is the window of the
// messages before it (nil without context takeover); with keepWindow the
// output is appended to window, whose last windowSize bytes are the window
// of the next message.
func (m *inflation) run(dict []byte, keep int, keepWindow bool) {
	defer close(m.done)
	src := &pieceReader{m: m}
	z, _ := inflatePool.Get().(*inflateState)
	if z == nil {
		z = &inflateState{fr: flate.NewReaderDict(src, dict), buf: make([]byte, 16<<10)}
	} else {
		_ = z.fr.(flate.Resetter).Reset(src, dict)
	}
	defer inflatePool.Put(z)
	for {
		n, err := z.fr.Read(z.buf)
		if n > 0 {
			m.output(z.buf[:n], keep, keepWindow)
		}
		if m.stopped {
			return
		}
		if err == nil {
			continue
		}
		switch {
		case src.closed:
			// The message's input ended (after its tail): everything it
			// held has been handed over.
		case errors.Is(err, io.EOF):
			// A block with BFINAL set ended the DEFLATE stream (RFC 7692
			// §7.2.3.4): what follows in the message is not inflated.
		default:
			m.err = deflateError(err)
		}
		return
	}
}

// inflateState is a decompressor and its output buffer, reused from one
// message to the next: a decompressor costs about 40 KiB to make.
type inflateState struct {
	fr  io.ReadCloser
	buf []byte
}

var inflatePool sync.Pool

// output takes the next inflated bytes: counted, UTF-8-checked for text,
// kept up to keep, added to the window.
func (m *inflation) output(p []byte, keep int, keepWindow bool) {
	if room := MaxInflated - m.length; uint64(len(p)) > room {
		p = p[:room]
		m.stopped = true
	}
	m.length += uint64(len(p))
	if m.text {
		m.utf8.write(p)
	}
	if room := keep - len(m.payload); room > 0 {
		if m.payload == nil {
			m.payload = make([]byte, 0, min(keep, max(len(p), 256)))
		}
		m.payload = append(m.payload, p[:min(room, len(p))]...)
	}
	if keepWindow {
		if len(m.window)+len(p) > cap(m.window) {
			// Keep the last windowSize bytes, then append.
			keepFrom := max(0, len(m.window)-windowSize)
			m.window = m.window[:copy(m.window, m.window[keepFrom:])]
		}
		if len(p) >= windowSize {
			m.window = append(m.window[:0], p[len(p)-windowSize:]...)
		} else {
			m.window = append(m.window, p...)
		}
	}
}

// inflatedViolation returns res with its Violation set to m, in English
// and as a Msg.
func inflatedViolation(res Inflated, m trace.Msg) Inflated {
	res.Violation, res.ViolationMsg = lang.Trace.Say(m), m
	return res
}

// deflateError words an error of compress/flate for a learner.
func deflateError(err error) trace.Msg {
	var corrupt flate.CorruptInputError
	if errors.As(err, &corrupt) {
		return lang.M("the compressed data is not valid DEFLATE (RFC 1951) at byte %d of the message's compressed payload: it cannot be inflated (RFC 7692 §7.2.2)", int64(corrupt))
	}
	// compress/flate's own words, which only it knows.
	return lang.M("the compressed data could not be inflated: %s (RFC 7692 §7.2.2)", err.Error())
}

// pieceReader hands the decompressor the pieces the feeder sends, byte by
// byte (it is an io.ByteReader, so flate reads it directly, with no buffer
// that would read ahead), and tells the feeder when it has used them up.
type pieceReader struct {
	m      *inflation
	cur    []byte
	closed bool // the feeder closed the input: the message is over
}

func (r *pieceReader) next() bool {
	for len(r.cur) == 0 {
		if r.closed {
			return false
		}
		r.m.idle <- struct{}{}
		p, ok := <-r.m.in
		if !ok {
			r.closed = true
			return false
		}
		r.cur = p
	}
	return true
}

// ReadByte implements io.ByteReader.
func (r *pieceReader) ReadByte() (byte, error) {
	if !r.next() {
		return 0, io.EOF
	}
	b := r.cur[0]
	r.cur = r.cur[1:]
	return b, nil
}

// Read implements io.Reader.
func (r *pieceReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !r.next() {
		return 0, io.EOF
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}
