package demo

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// frameEvent builds the ws.frame event of one decoded frame: the frame object
// of the trace format, a one-line summary and a field per header part, each
// located in Raw so --raw can colour the bytes.
//
// It runs on the tap's path, for every frame, so it does now only what the
// notes chosen as the frame crosses need (the frame's fields and its payload
// text) and leaves the rest to the event's Expander, which runs when the
// event is shown, on the reader's goroutine: the summary, the masking key in
// hex and the annotated fields (BenchmarkTracerFrame). An event the recorder
// condenses into another is never expanded at all.
func frameEvent(f *wire.Frame, from wire.Sender, t lang.Text) trace.Event {
	// One allocation holds the trace format's frame object and what the
	// Expander needs later. It copies the Frame, which the decoder lends
	// (wire.FrameDecoder.Decode), but not its Payload, which is lent too:
	// what the summary and fields need of it is in tf.
	shown := &shownFrame{f: *f, from: from, text: t}
	shown.f.Payload = nil
	tf := &shown.tf
	*tf = trace.Frame{Fin: f.Fin, RSV: int(f.RSV), Opcode: int(f.Opcode), OpcodeName: f.Opcode.String(),
		Masked: f.Masked, PayloadLen: f.PayloadLen, HeaderLen: f.HeaderLen,
		CloseCode: f.CloseCode, CloseReason: f.CloseReason, Violation: f.Violation}
	payload := f.Payload
	if f.Opcode == wire.OpClose && f.CloseCode != 0 {
		payload = nil // shown as close_code and close_reason instead
	}
	if len(payload) > 0 {
		if utf8.Valid(payload) {
			tf.Payload = string(payload)
		} else {
			tf.PayloadHex = hex.EncodeToString(payload)
		}
	}
	e := trace.Event{Kind: trace.KindWSFrame, Raw: f.Raw, RawTruncated: f.Truncated, Frame: tf, Expander: shown}
	if f.Violation != "" {
		tf.ViolationMsg = &shown.f.ViolationMsg // the copy: f is lent
		t.SetNote(&e, lang.M("This frame breaks a rule: %s.", shown.f.ViolationMsg))
	}
	return e
}

// shownFrame is a frame on its way to the screen: its trace.Frame, and what
// its summary and fields are built from when it is shown.
type shownFrame struct {
	tf   trace.Frame
	f    wire.Frame
	from wire.Sender
	text lang.Text
	// compact trims the fields as a scenario without --verbose wants them
	// (compactFrameFields); showRSV then keeps a clear RSV1-3 field.
	compact, showRSV bool
}

// Expand implements trace.Expander: the summary, the fields, and the
// label's words in a form a renderer can say in the reader's language. It
// writes nothing that the event it came from shares (the frame object is
// copied before its masking key is set), so two readers may expand the
// same event at once.
func (s *shownFrame) Expand(e *trace.Event) {
	if s.f.Masked {
		tf := s.tf
		tf.MaskKey = hex.EncodeToString(s.f.MaskKey[:])
		e.Frame = &tf
	}
	label, base, counted := frameSummary(&s.f, e.Frame)
	e.Summary = label
	e.SummaryMsg = frameLabel(&s.f, label[:min(base, len(label))], counted)
	e.Fields = frameFields(&s.f, s.from, e.Frame, s.text)
	if s.compact {
		e.Fields = compactFrameFields(s.text, e.Fields, e.Raw, s.showRSV)
	}
}

// frameFields annotates each part of a frame: name, value as sent, meaning
// with its RFC 6455 section, and the bytes of Raw it occupies.
func frameFields(f *wire.Frame, from wire.Sender, tf *trace.Frame, t lang.Text) []trace.Field {
	fin := t.F("1: the last (or only) frame of its message")
	if !f.Fin {
		fin = t.F("0: more fragments of this message follow (RFC 6455 §5.4)")
	}
	rsv := t.F("no extension bit set (RFC 6455 §5.2)")
	if f.RSV != 0 {
		rsv = t.F("set: only allowed with a negotiated extension (RFC 6455 §5.2)")
	}
	var mask string
	switch {
	case f.Masked && from == wire.FromClient:
		mask = t.F("1: client frames are always masked (RFC 6455 §5.1)")
	case !f.Masked && from == wire.FromServer:
		mask = t.F("0: server frames are never masked (RFC 6455 §5.1)")
	case f.Masked:
		mask = t.F("1: but a server must not mask its frames (RFC 6455 §5.1)")
	default:
		mask = t.F("0: but a client must mask every frame (RFC 6455 §5.1)")
	}
	fs := make([]trace.Field, 0, 8)
	fs = append(fs,
		trace.Field{Name: "FIN", Value: boolBit(f.Fin), Meaning: fin, Off: 0, Len: 1},
		trace.Field{Name: "RSV1-3", Value: rsvBits[f.RSV&7], Meaning: rsv, Off: 0, Len: 1},
		trace.Field{Name: "opcode", Value: opcodeValues[f.Opcode&0xF], Meaning: meaning(t, opcodeMeanings[f.Opcode.String()]), Off: 0, Len: 1},
		trace.Field{Name: "MASK", Value: boolBit(f.Masked), Meaning: mask, Off: 1, Len: 1},
		trace.Field{Name: "payload length", Value: strconv.FormatUint(f.PayloadLen, 10), Meaning: lengthFormMeaning(f.LengthForm, t), Off: 1, Len: lengthBytes(f)})
	if f.Masked {
		fs = append(fs, trace.Field{Name: "masking key", Value: tf.MaskKey,
			Meaning: t.F("4 random bytes; payload byte i is XORed with key byte i mod 4 (RFC 6455 §5.3)"), Off: f.HeaderLen - 4, Len: 4})
	}
	if len(f.Raw) > f.HeaderLen { // payload bytes were kept (f.Payload is not: it was lent)
		switch {
		case f.Opcode == wire.OpClose && f.CloseCode != 0:
			fs = append(fs, trace.Field{Name: "close code", Value: strconv.Itoa(f.CloseCode),
				Meaning: t.F(wire.CloseCodeName(f.CloseCode)) + ": " + t.F(wire.CloseCodeMeaning(f.CloseCode)), Off: f.HeaderLen, Len: 2})
			if f.CloseReason != "" {
				fs = append(fs, trace.Field{Name: "close reason", Value: strconv.Quote(f.CloseReason), Off: f.HeaderLen + 2, Len: len(f.Raw) - f.HeaderLen - 2})
			}
		default:
			value := tf.Payload
			if value == "" {
				value = tf.PayloadHex
			} else {
				value = strconv.Quote(value)
			}
			meaning := t.F("the application data")
			if f.Masked {
				meaning = t.F("unmasked here; on the wire it was XORed with the key")
			}
			fs = append(fs, trace.Field{Name: "payload", Value: value, Meaning: meaning, Off: f.HeaderLen, Len: len(f.Raw) - f.HeaderLen})
		}
	}
	return fs
}

// rsvBits and opcodeValues are the field values of every possible RSV and
// opcode, so a frame's event needs no formatting.
var (
	rsvBits      = [8]string{"000", "001", "010", "011", "100", "101", "110", "111"}
	opcodeValues = func() (v [16]string) {
		for i := range v {
			v[i] = fmt.Sprintf("0x%X %s", i, wire.Opcode(i))
		}
		return v
	}()
	opcodeLabels = func() (v [16]string) {
		for i := range v {
			v[i] = strings.ToUpper(wire.Opcode(i).String())
		}
		return v
	}()
)

// lengthFormMeaning explains which of the three length encodings of RFC 6455
// §5.2 a frame used.
func lengthFormMeaning(form int, t lang.Text) string {
	switch form {
	case 16:
		return t.F("126 in 7 bits, then a 16-bit length (RFC 6455 §5.2)")
	case 64:
		return t.F("127 in 7 bits, then a 64-bit length (RFC 6455 §5.2)")
	}
	return t.F("fits in 7 bits (0-125) (RFC 6455 §5.2)")
}

var opcodeMeanings = map[string]lang.Msg{
	"continuation": "the next fragment of a message (RFC 6455 §5.4)",
	"text":         "a text message, UTF-8 (RFC 6455 §5.6)",
	"binary":       "a binary message: any bytes (RFC 6455 §5.6)",
	"close":        "start or answer the closing handshake (RFC 6455 §5.5.1)",
	"ping":         "are you there? the peer must answer with a pong, unless it has already received a close frame (RFC 6455 §5.5.2)",
	"pong":         "the answer to a ping, or a heartbeat sent unasked (RFC 6455 §5.5.3)",
	"reserved":     "not defined by RFC 6455: a protocol error (RFC 6455 §5.2)",
}

func boolBit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// lengthBytes is how many bytes of Raw hold the payload length: the 7-bit
// field's byte plus any extended length.
func lengthBytes(f *wire.Frame) int {
	switch f.LengthForm {
	case 16:
		return 3
	case 64:
		return 9
	}
	return 1
}

// frameSummary is the arrow label of a frame, e.g. TEXT "hello" (masked),
// with where its protocol part ends (the tags follow) and whether that part
// ends with a byte count: what frameLabel needs to say it. Its payload is
// tf's (f's own is lent, and nil once the frame is kept).
func frameSummary(f *wire.Frame, tf *trace.Frame) (label string, base int, counted bool) {
	b, counted := appendFrameBase(make([]byte, 0, 64), f, tf)
	base = len(b)
	sep := " ("
	tag := func(t string) {
		b = append(append(b, sep...), t...)
		sep = ", "
	}
	if f.Masked {
		tag("masked")
	}
	if !f.Fin {
		tag("FIN=0")
	}
	if f.Violation != "" {
		tag("VIOLATION")
	}
	if sep == ", " {
		b = append(b, ')')
	}
	return string(b), base, counted
}

// appendFrameBase appends the label's protocol part: the opcode, then the
// close code and reason, the quoted text, or the payload's size. counted
// says it ended with the size ("BINARY 8 bytes"), which has a word.
func appendFrameBase(b []byte, f *wire.Frame, tf *trace.Frame) (_ []byte, counted bool) {
	b = append(b, opcodeLabels[f.Opcode&0xF]...)
	limit := quoteMax
	if !f.Fin || f.Violation != "" {
		tags := len(" (masked, FIN=0, VIOLATION)")
		if f.Violation == "" {
			tags = len(" (masked, FIN=0)")
		}
		// label, space, two quotes, an ellipsis, the tags
		limit = min(quoteMax, max(8, labelBudget-len(b)-4-tags))
	}
	switch {
	case f.Opcode == wire.OpClose && f.CloseCode != 0:
		b = strconv.AppendInt(append(b, ' '), int64(f.CloseCode), 10)
		if f.CloseReason != "" {
			b = appendQuoteShort(append(b, ' '), f.CloseReason, limit)
		}
	case tf.Payload != "" && f.Opcode != wire.OpBinary:
		b = appendQuoteShort(append(b, ' '), tf.Payload, limit)
	case tf.Payload != "" || tf.PayloadHex != "":
		// All of them, not only those kept.
		return append(strconv.AppendUint(append(b, ' '), f.PayloadLen, 10), " bytes"...), true
	}
	return b, false
}

// frameLabel is frameSummary kept as words to say in the reader's
// language: the tags and "N bytes" are words, the rest is the protocol's
// (opcode, quoted payload, close code: base, the label's beginning). The
// zero Msg when the label has no words: it is then shown as it is. It is
// built when the frame is shown, not on the tap's path.
func frameLabel(f *wire.Frame, base string, counted bool) trace.Msg {
	var what any = base
	if counted {
		what = lang.M("%s %d bytes", opcodeLabels[f.Opcode&0xF], f.PayloadLen)
	}
	masked, fin0, bad := f.Masked, !f.Fin, f.Violation != ""
	switch {
	case masked && fin0 && bad:
		return lang.M("%s (masked, FIN=0, VIOLATION)", what)
	case masked && fin0:
		return lang.M("%s (masked, FIN=0)", what)
	case masked && bad:
		return lang.M("%s (masked, VIOLATION)", what)
	case fin0 && bad:
		return lang.M("%s (FIN=0, VIOLATION)", what)
	case masked:
		return lang.M("%s (masked)", what)
	case fin0:
		return lang.M("%s (FIN=0)", what)
	case bad:
		return lang.M("%s (VIOLATION)", what)
	}
	if m, ok := what.(trace.Msg); ok {
		return m
	}
	return trace.Msg{}
}

// appendQuoteShort appends s quoted, cut after limit runes (with "…" when
// cut), exactly as strconv.AppendQuote would quote the kept part.
func appendQuoteShort(b []byte, s string, limit int) []byte {
	// Most payloads are short printable ASCII, which needs no escaping: copy
	// it instead of letting strconv test every rune. This runs on the tap's
	// path for every frame (BenchmarkTracerFrame).
	if n := min(len(s), limit); plainASCII(s[:n]) {
		b = append(append(append(b, '"'), s[:n]...), '"')
		if n < len(s) {
			b = append(b, "…"...)
		}
		return b
	}
	if len(s) <= limit { // bytes ≥ runes: short enough whatever the runes
		return strconv.AppendQuote(b, s)
	}
	if r := []rune(s); len(r) > limit {
		return append(strconv.AppendQuote(b, string(r[:limit])), "…"...)
	}
	return strconv.AppendQuote(b, s)
}

// plainASCII reports whether strconv.Quote would copy s unchanged: every
// byte printable ASCII, and none of them a quote or a backslash.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// quoteMax keeps a quoted payload short enough for an arrow label at 80
// columns. A label with more tags than "(masked)" is held to labelBudget
// instead, so its tags ("(masked, FIN=0)") are never the part cut off.
const (
	quoteMax    = 40
	labelBudget = 62
)

// quoteShort quotes s, cut to a length that fits an arrow label.
func quoteShort(s string) string {
	if utf8.RuneCountInString(s) > quoteMax {
		r := []rune(s)
		return strconv.Quote(string(r[:quoteMax])) + "…"
	}
	return strconv.Quote(s)
}

// messageEvent is the ws.message event of a complete data message.
func messageEvent(m *wire.Message, t lang.Text) trace.Event {
	e := trace.Event{Kind: trace.KindWSMessage, RawTruncated: m.Truncated}
	kind := "text"
	if m.Opcode == wire.OpBinary {
		kind = "binary"
	}
	// Lengths count every byte, not only those kept (m.Length).
	text := m.Opcode == wire.OpText && utf8.Valid(m.Payload)
	switch {
	case text && m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("text message %s, reassembled from %d frames", quoteShort(string(m.Payload)), m.Frames)
	case text:
		e.Summary, e.SummaryMsg = lang.Both("text message %s", quoteShort(string(m.Payload)))
	case kind == "binary" && m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("binary message, %d bytes, reassembled from %d frames", m.Length, m.Frames)
	case kind == "binary":
		e.Summary, e.SummaryMsg = lang.Both("binary message, %d bytes", m.Length)
	case m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("text message, %d bytes, reassembled from %d frames", m.Length, m.Frames)
	default:
		e.Summary, e.SummaryMsg = lang.Both("text message, %d bytes", m.Length)
	}
	if m.Frames > 1 {
		t.AddNote(&e, lang.M("The %d fragments joined into one message. Frame boundaries carry no meaning of their own (RFC 6455 §5.4): a message API, such as the browser's WebSocket, hands the application only the whole message.", m.Frames))
	}
	if m.Violation != "" {
		t.AddNote(&e, lang.M("This message breaks a rule: %s.", m.ViolationMsg))
	}
	return e
}
