package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// DecodeOptions configure RunDecode.
type DecodeOptions struct {
	Common
	// Bytes are the bytes to decode (ParseHex reads them as people paste
	// them).
	Bytes []byte
	// From says who sent them: "client", "server", or "" to infer it
	// (WebSocket frames: from the MASK bit; HTTP: from the start line).
	From string
}

// Validate says what is wrong with the options, as a *FieldError.
func (o DecodeOptions) Validate() error {
	switch o.From {
	case "", trace.Client, trace.Server:
		return o.Common.Validate()
	}
	return fieldErrorf(OptFrom, "%q: say client or server", o.From)
}

// DecodeError is what RunDecode returns when the bytes are incomplete or
// break a rule: what is missing, or which rule, with the RFC section. The
// events drawn before it show what did decode.
type DecodeError struct{ Msg string }

func (e *DecodeError) Error() string { return e.Msg }

// RunDecode decodes bytes someone pasted: one or more WebSocket frames, or
// HTTP/1.1 messages (recognised by their start line) and, after a 101, the
// frames that follow. Each becomes the event a demo would have drawn for
// it, with the same fields; nothing crosses a network.
func RunDecode(ctx context.Context, rec *trace.Recorder, opts DecodeOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := opts.Validate(); err != nil {
		return err
	}
	d := &decodeRun{rec: rec, text: opts.text()}
	if len(opts.Bytes) == 0 {
		return &DecodeError{Msg: "nothing to decode: no bytes given"}
	}
	if looksHTTP(opts.Bytes) {
		return d.http(opts.Bytes, opts.From)
	}
	return d.frames(opts.Bytes, opts.From, true)
}

type decodeRun struct {
	rec  *trace.Recorder
	text lang.Text
}

// looksHTTP says whether b starts like an HTTP/1.1 message: a status line
// (HTTP/) or a request line's method, upper-case letters and a space (RFC
// 9112 §3, §4). No WebSocket frame starts so: a first byte from 'A' to 'Z'
// has RSV bits or a reserved opcode, which no frame without extensions
// may have (RFC 6455 §5.2).
func looksHTTP(b []byte) bool {
	if len(b) >= 5 && string(b[:5]) == "HTTP/" {
		return true
	}
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			if i >= 20 {
				return false
			}
		case c == ' ' && i > 0:
			return true
		default:
			return false
		}
	}
	return false
}

func actors(from wire.Sender) (string, string) {
	if from == wire.FromClient {
		return trace.Client, trace.Server
	}
	return trace.Server, trace.Client
}

func (d *decodeRun) fail(from wire.Sender, raw []byte, msg string) error {
	a, b := actors(from)
	d.rec.Emit(trace.Event{From: a, To: b, Kind: trace.KindError, Summary: msg, Raw: wire.ClipRaw(raw)})
	return &DecodeError{Msg: msg}
}

// httpFrom says when HTTP bytes, which from sends, were said to come from
// the other side (want, when given).
func httpFrom(from wire.Sender, want string) error {
	who, _ := actors(from)
	if want == "" || want == who {
		return nil
	}
	what := "request"
	if from == wire.FromServer {
		what = "response"
	}
	return &DecodeError{Msg: fmt.Sprintf("these bytes are an HTTP %s, which only a %s sends (RFC 9112 §2.1); --from %s does not fit them", what, who, want)}
}

// http decodes HTTP/1.1 messages, all sent by one side.
func (d *decodeRun) http(b []byte, want string) error {
	from := wire.FromClient
	if string(b[:min(len(b), 5)]) == "HTTP/" {
		from = wire.FromServer
	}
	if err := httpFrom(from, want); err != nil {
		return err
	}
	dec := wire.NewHTTPDecoder(from)
	ms, err := dec.Feed(b)
	var last *wire.HTTPMessage
	for _, m := range ms {
		d.httpEvent(m, from)
		last = m
	}
	if err != nil {
		msg := err.Error()
		if !strings.Contains(msg, "RFC ") {
			msg += " (RFC 9112)"
		}
		return d.fail(from, dec.Rest(), "not a valid HTTP/1.1 message: "+msg)
	}
	if dec.Switched() {
		rest := dec.Rest()
		if len(rest) == 0 {
			return nil
		}
		return d.frames(rest, trace.Server, false)
	}
	if p := dec.Partial(); p != nil {
		switch dec.BodyMode() {
		case "close":
			// A response whose body runs to the end of the connection:
			// the bytes given end here, so it ends here.
			m, err := dec.Close()
			if err == nil && m != nil {
				d.httpEvent(m, from)
			}
			return nil
		case "length":
			d.httpEvent(p, from)
			cl, _ := strconv.ParseInt(p.Header("Content-Length"), 10, 64)
			return d.fail(from, nil, fmt.Sprintf("Content-Length says %d body bytes, %d given: the message is incomplete (RFC 9112 §6.2)", cl, p.BodyLen()))
		default:
			d.httpEvent(p, from)
			return d.fail(from, nil, fmt.Sprintf("the chunked body stops after %d bytes, before its last chunk (a chunk of size 0 and an empty line): the message is incomplete (RFC 9112 §7.1)", p.BodyLen()))
		}
	}
	if rest := dec.Rest(); len(rest) > 0 {
		what := "The HTTP message"
		if last != nil {
			what = "The next HTTP message"
		}
		return d.fail(from, rest, fmt.Sprintf("%s stops after %d bytes, before the empty line that ends its head (CRLF CRLF): it is incomplete (RFC 9112 §2.1)", what, len(rest)))
	}
	return nil
}

func (d *decodeRun) httpEvent(m *wire.HTTPMessage, from wire.Sender) {
	e := httpEvent(m, d.text)
	e.From, e.To = actors(from)
	e.RawTruncated = m.Truncated
	d.rec.Emit(e)
}

// frames decodes WebSocket frames sent by one side: want, or the side the
// first frame's MASK bit says (RFC 6455 §5.1), which a note then names.
func (d *decodeRun) frames(b []byte, want string, infer bool) error {
	if len(b) < 2 {
		return d.fail(wire.FromClient, b, fmt.Sprintf("a WebSocket frame's header is at least 2 bytes (RFC 6455 §5.2); %d given", len(b)))
	}
	from := wire.FromClient
	if want == trace.Server || want == "" && b[1]&0x80 == 0 {
		from = wire.FromServer
	}
	if want == "" && infer {
		d.inferred(from)
	}
	fd := wire.NewFrameDecoder(from, 0)
	st := pastedFrames{d: d, from: from}
	fd.Decode(b, st.frame)
	n, open, firstBad := st.n, st.open, st.firstBad
	a, to := actors(from)
	if err := d.incomplete(fd, b, n, from); err != nil {
		return err
	}
	if firstBad != "" {
		return &DecodeError{Msg: firstBad}
	}
	if open {
		e := trace.Event{From: a, To: to, Kind: trace.KindNote, Summary: "the message is not finished"}
		d.text.SetNote(&e, lang.M("The last data frame has FIN=0: more fragments of its message were to follow (RFC 6455 §5.4)."))
		d.rec.Emit(e)
	}
	return nil
}

// pastedFrames draws pasted frames one by one, as the decoder hands them
// out, and notes what the rest of the decode needs.
type pastedFrames struct {
	d    *decodeRun
	from wire.Sender
	asm  wire.MessageAssembler
	n    int  // frames so far
	open bool // the last data frame had FIN=0
	// firstBad is the first broken rule, said as the decode's error.
	firstBad string
}

func (p *pastedFrames) frame(f *wire.Frame) {
	d := p.d
	a, to := actors(p.from)
	p.n++
	msg, done, violation := p.asm.Add(f)
	if f.Opcode == wire.OpText || f.Opcode == wire.OpBinary || f.Opcode == wire.OpContinuation {
		p.open = !f.Fin
	}
	e := frameEvent(f, p.from, d.text)
	e.From, e.To, e.RawTruncated = a, to, f.Truncated
	if violation.Format != "" {
		// Pasted frames may be part of a longer stream: what breaks
		// the fragmentation rules here may not have there.
		d.text.AddNote(&e, lang.M("Read as a whole stream, this frame breaks a rule: %s. If it is one piece of a longer conversation, the frames before it may explain it.", violation))
	}
	if f.Violation != "" && p.firstBad == "" {
		p.firstBad = fmt.Sprintf("frame %d breaks a rule: %s", p.n, f.Violation)
	}
	d.rec.Emit(e)
	if done && (msg.Frames > 1 || msg.Violation != "") {
		me := messageEvent(&msg, d.text)
		me.From, me.To, me.RawTruncated = a, to, msg.Truncated
		d.rec.Emit(me)
		if msg.Violation != "" && p.firstBad == "" {
			p.firstBad = "the message breaks a rule: " + msg.Violation
		}
	}
}

// inferred says which side the first frame's MASK bit says sent the
// frames (RFC 6455 §5.1), and how to read them as the other's.
func (d *decodeRun) inferred(from wire.Sender) {
	note := lang.M("MASK is 1 in the first frame: read as frames a client sent, since a client masks every frame and a server never does (RFC 6455 §5.1). --from server reads them as a server's.")
	if from == wire.FromServer {
		note = lang.M("MASK is 0 in the first frame: read as frames a server sent, since a server never masks its frames and a client masks every one (RFC 6455 §5.1). --from client reads them as a client's.")
	}
	a, b := actors(from)
	e := trace.Event{From: a, To: b, Kind: trace.KindNote, Summary: "read as frames the " + a + " sent"}
	d.text.SetNote(&e, note)
	d.rec.Emit(e)
}

// incomplete says why the frame decoder stopped before the end of b, after
// n frames: a length no frame can have, or a frame cut short.
func (d *decodeRun) incomplete(fd *wire.FrameDecoder, b []byte, n int, from wire.Sender) error {
	if err := fd.Err(); err != nil {
		// The decoder handed out the frame's header, with the rule it
		// breaks, before it stopped.
		return d.fail(from, nil, fmt.Sprintf("frame %d: the 64-bit payload length has its most significant bit set, which RFC 6455 §5.2 forbids: no frame could be that long, and nothing after it can be read", max(n, 1)))
	}
	k := fd.Buffered()
	if k == 0 {
		return nil
	}
	rest := b[len(b)-k:]
	if p := fd.Partial(); p != nil {
		return d.fail(from, rest, fmt.Sprintf("frame %d: its header says %d payload bytes, %d given: the frame is incomplete (RFC 6455 §5.2)", n+1, p.PayloadLen, k-p.HeaderLen))
	}
	return d.fail(from, rest, fmt.Sprintf("frame %d: its header needs %d bytes, %d given: the frame is incomplete (RFC 6455 §5.2)", n+1, frameHeaderLen(rest), k))
}

// frameHeaderLen is the header length the first bytes of a frame announce
// (RFC 6455 §5.2): 2, plus 2 or 8 of extended length, plus 4 of masking
// key; 2 when even the second byte is missing.
func frameHeaderLen(b []byte) int {
	if len(b) < 2 {
		return 2
	}
	n := 2
	switch b[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b[1]&0x80 != 0 {
		n += 4
	}
	return n
}
