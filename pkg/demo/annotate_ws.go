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
	if f.Compressed {
		tf.Compressed = true
		if f.Inflated == nil || f.Inflated.Violation == "" {
			shown.inflated = f.InflatedLen
			tf.InflatedLen = &shown.inflated
		}
	}
	if len(payload) > 0 {
		if utf8.Valid(payload) && !f.Compressed { // compressed bytes are no text, even when they happen to be UTF-8
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
	tf       trace.Frame
	f        wire.Frame
	from     wire.Sender
	text     lang.Text
	inflated uint64 // tf.InflatedLen points here
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
	label, base, words := frameSummary(&s.f, e.Frame)
	e.Summary = label
	n, _ := inflatedWhole(&s.f)
	e.SummaryMsg = frameLabel(&s.f, label[:min(base, len(label))], words, n)
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
	switch {
	case f.Compressed && f.RSV == 4 && f.Violation == "":
		rsv = t.F("RSV1 = 1: this message is compressed with permessage-deflate (RFC 7692 §6)")
	case f.Compressed && f.RSV == 0:
		rsv = t.F("clear: only the first frame of a compressed message has RSV1 set (RFC 7692 §6)")
	case f.RSV != 0:
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
			if f.Compressed {
				meaning = t.F("compressed with DEFLATE (RFC 7692 §7.2.1), shown as it crossed")
				if f.Masked {
					meaning = t.F("compressed with DEFLATE (RFC 7692 §7.2.1), shown unmasked")
				}
			}
			fs = append(fs, trace.Field{Name: "payload", Value: value, Meaning: meaning, Off: f.HeaderLen, Len: len(f.Raw) - f.HeaderLen})
		}
	}
	if f.Compressed && f.Inflated != nil && f.Inflated.Violation == "" {
		meaning := t.F("what the receiver gets: it appends 00 00 ff ff to the compressed bytes and inflates them (RFC 7692 §7.2.2)")
		if f.Opcode == wire.OpContinuation {
			meaning = t.F("the whole message, inflated from the compressed bytes of all its frames (RFC 7692 §7.2.2)")
		}
		fs = append(fs, trace.Field{Name: t.F("inflated"), Value: t.F("%d bytes", f.Inflated.Length), Meaning: meaning})
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
// with where its protocol part ends (the tags follow) and which words that
// part ends with: what frameLabel needs to say it. Its payload is tf's (f's
// own is lent, and nil once the frame is kept).
func frameSummary(f *wire.Frame, tf *trace.Frame) (label string, base int, words baseWords) {
	b, words := appendFrameBase(make([]byte, 0, 64), f, tf)
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
	return string(b), base, words
}

// baseWords says which words end a frame label's protocol part, if any.
type baseWords uint8

const (
	noWords            baseWords = iota
	countedBytes                 // "BINARY 8 bytes"
	compressedBytes              // "TEXT 12 bytes compressed"
	compressedInflated           // "TEXT 12 bytes compressed → 30 inflated"
)

// appendFrameBase appends the label's protocol part: the opcode, then the
// close code and reason, the quoted text, or the payload's size (compressed,
// and what a one-frame message inflated to). words says which words it
// ended with.
func appendFrameBase(b []byte, f *wire.Frame, tf *trace.Frame) (_ []byte, words baseWords) {
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
	case f.Compressed:
		// Compressed bytes side by side with what the message inflated
		// to, when this frame completes a one-frame message that inflated.
		b = append(strconv.AppendUint(append(b, ' '), f.PayloadLen, 10), " bytes compressed"...)
		if n, ok := inflatedWhole(f); ok {
			return append(strconv.AppendUint(append(b, " → "...), n, 10), " inflated"...), compressedInflated
		}
		return b, compressedBytes
	case tf.Payload != "" && f.Opcode != wire.OpBinary:
		b = appendQuoteShort(append(b, ' '), tf.Payload, limit)
	case tf.Payload != "" || tf.PayloadHex != "":
		// All of them, not only those kept.
		return append(strconv.AppendUint(append(b, ' '), f.PayloadLen, 10), " bytes"...), countedBytes
	}
	return b, noWords
}

// inflatedWhole is the inflated length of the one-frame compressed message
// f completes, when wsdemo inflated it without a fault (a message it could
// not inflate, or stopped inflating, has its ws.message say why).
func inflatedWhole(f *wire.Frame) (uint64, bool) {
	in := f.Inflated
	if in == nil || f.Opcode == wire.OpContinuation || in.Violation != "" {
		return 0, false
	}
	return in.Length, true
}

// frameLabel is frameSummary kept as words to say in the reader's
// language: the tags and "N bytes" are words, the rest is the protocol's
// (opcode, quoted payload, close code: base, the label's beginning). The
// zero Msg when the label has no words: it is then shown as it is. It is
// built when the frame is shown, not on the tap's path.
func frameLabel(f *wire.Frame, base string, words baseWords, inflated uint64) trace.Msg {
	var what any = base
	switch words {
	case countedBytes:
		what = lang.M("%s %d bytes", opcodeLabels[f.Opcode&0xF], f.PayloadLen)
	case compressedBytes:
		what = lang.M("%s %d bytes compressed", opcodeLabels[f.Opcode&0xF], f.PayloadLen)
	case compressedInflated:
		what = lang.M("%s %d bytes compressed → %d inflated", opcodeLabels[f.Opcode&0xF], f.PayloadLen, inflated)
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

// messageEvent is the ws.message event of a complete data message: the
// trace format's message object (the payload as the application got it,
// inflated when it crossed compressed), a summary and, for a compressed
// message, its fields.
func messageEvent(m *wire.Message, t lang.Text) trace.Event {
	tm := &trace.Message{Opcode: int(m.Opcode), Frames: m.Frames, Length: m.Length, Violation: m.Violation,
		Compressed: m.Compressed, CompressedLen: m.WireLength, NotInflated: m.NotInflated}
	if m.Violation != "" {
		v := m.ViolationMsg
		tm.ViolationMsg = &v
	}
	text := m.Opcode == wire.OpText && utf8.Valid(wholeRunes(m.Payload))
	if len(m.Payload) > 0 {
		if text {
			tm.Payload = string(wholeRunes(m.Payload))
		} else {
			tm.PayloadHex = hex.EncodeToString(m.Payload)
		}
	}
	e := trace.Event{Kind: trace.KindWSMessage, Message: tm, RawTruncated: m.Truncated}
	binary := m.Opcode == wire.OpBinary
	// Lengths count every byte, not only those kept (m.Length).
	switch {
	case m.NotInflated && binary:
		e.Summary, e.SummaryMsg = lang.Both("binary message, %d bytes compressed, not inflated", m.WireLength)
	case m.NotInflated:
		e.Summary, e.SummaryMsg = lang.Both("text message, %d bytes compressed, not inflated", m.WireLength)
	case m.Compressed:
		e.Summary, e.SummaryMsg = compressedMessageSummary(m, binary, text, tm.Payload)
	case text && m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("text message %s, reassembled from %d frames", quoteShort(tm.Payload), m.Frames)
	case text:
		e.Summary, e.SummaryMsg = lang.Both("text message %s", quoteShort(tm.Payload))
	case binary && m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("binary message, %d bytes, reassembled from %d frames", m.Length, m.Frames)
	case binary:
		e.Summary, e.SummaryMsg = lang.Both("binary message, %d bytes", m.Length)
	case m.Frames > 1:
		e.Summary, e.SummaryMsg = lang.Both("text message, %d bytes, reassembled from %d frames", m.Length, m.Frames)
	default:
		e.Summary, e.SummaryMsg = lang.Both("text message, %d bytes", m.Length)
	}
	if m.Frames > 1 {
		t.AddNote(&e, lang.M("The %d fragments joined into one message. Frame boundaries carry no meaning of their own (RFC 6455 §5.4): a message API, such as the browser's WebSocket, hands the application only the whole message.", m.Frames))
	}
	switch {
	case m.NotInflated:
		t.AddNote(&e, lang.M("wsdemo could not inflate this message: an earlier compressed message from the same side could not be inflated to its end, and with context takeover this one may refer back into it (RFC 7692 §7.1.1)."))
	case m.Stopped:
		t.AddNote(&e, lang.M("wsdemo stopped inflating this message at %d MiB: a few kilobytes of DEFLATE can stand for gigabytes, and a receiver must protect itself from messages too big for it (RFC 6455 §10.4). The compressed bytes after that point were counted, not inflated.", wire.MaxInflated>>20))
	case m.Violation != "":
		t.AddNote(&e, lang.M("This message breaks a rule: %s.", m.ViolationMsg))
	}
	e.Fields = messageFields(tm, t)
	return e
}

// compressedMessageSummary is the label of a compressed message that was
// inflated: the sizes before the text, so that a label cut to fit keeps
// them, and the whole label fits an arrow at 80 columns (64 of them).
func compressedMessageSummary(m *wire.Message, binary, text bool, payload string) (string, trace.Msg) {
	var sizes lang.Msg
	switch {
	case binary && m.Frames > 1:
		sizes = "binary message (inflated %d → %d bytes, %d frames)"
	case binary:
		sizes = "binary message (inflated %d → %d bytes)"
	case m.Frames > 1:
		sizes = "text message (inflated %d → %d bytes, %d frames)"
	default:
		sizes = "text message (inflated %d → %d bytes)"
	}
	args := []any{m.WireLength, m.Length}
	if m.Frames > 1 {
		args = append(args, m.Frames)
	}
	if !text || payload == "" {
		return lang.Both(sizes, args...)
	}
	head := lang.Trace.F(sizes, args...)
	quoted := string(appendQuoteShort(nil, payload, max(8, 64-utf8.RuneCountInString(head)-4)))
	args = append(args, quoted)
	switch sizes {
	case "text message (inflated %d → %d bytes, %d frames)":
		return lang.Both("text message (inflated %d → %d bytes, %d frames) %s", args...)
	default:
		return lang.Both("text message (inflated %d → %d bytes) %s", args...)
	}
}

// messageFields are the fields of a compressed message: its sizes before
// and after inflating, and what the application got. They come from the
// trace format's message object alone, so that a saved trace's show draws
// them again (Replay). Other messages have none: their frames show them.
func messageFields(tm *trace.Message, t lang.Text) []trace.Field {
	if !tm.Compressed {
		return nil
	}
	fs := []trace.Field{{Name: t.F("compressed"), Value: t.F("%d bytes", tm.CompressedLen),
		Meaning: t.F("what crossed the wire, in the frames above")}}
	if !tm.NotInflated {
		fs = append(fs, trace.Field{Name: t.F("inflated"), Value: t.F("%d bytes", tm.Length),
			Meaning: t.F("what the receiving application gets (RFC 7692 §7.2.2)")})
	}
	switch {
	case tm.Payload != "":
		fs = append(fs, trace.Field{Name: "payload", Value: strconv.Quote(tm.Payload)})
	case tm.PayloadHex != "":
		fs = append(fs, trace.Field{Name: "payload", Value: tm.PayloadHex})
	}
	return fs
}
