package wire

import (
	"reflect"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// fr builds a frame as the decoder would report it, for assembler tests.
func fr(fin bool, op Opcode, payload string) Frame {
	p := []byte(payload)
	return Frame{Fin: fin, Opcode: op, Payload: p, PayloadLen: uint64(len(p))}
}

// addr is the message a step completed as a pointer, nil when none, so a
// table can say "no message" as nil.
func addr(m Message, done bool) *Message {
	if !done {
		return nil
	}
	return &m
}

func TestMessageAssembler(t *testing.T) {
	t.Parallel()
	const (
		orphan      = "continuation frame with no fragmented message to continue (RFC 6455 §5.4)"
		interleaved = "still open: fragments of different messages must not be interleaved (RFC 6455 §5.4)"
		badUTF8     = "text message is not valid UTF-8 (RFC 6455 §8.1)"
	)
	type step struct {
		f    Frame
		msg  *Message // nil: no message completed by this frame
		viol string   // substring of the fragmentation violation, "" for none
	}
	msg := func(op Opcode, payload string, frames int, viol string) *Message {
		return &Message{Opcode: op, Payload: []byte(payload), Length: uint64(len(payload)), Frames: frames, Violation: viol}
	}
	fatal := Frame{Opcode: OpBinary, Fin: true, PayloadLen: 1 << 40, HeaderLen: 10, Raw: make([]byte, 10)}
	tests := []struct {
		name  string
		steps []step
	}{
		{"single text frame", []step{
			{fr(true, OpText, "Hello"), msg(OpText, "Hello", 1, ""), ""},
		}},
		{"single binary frame", []step{
			{fr(true, OpBinary, "\x00\xff"), msg(OpBinary, "\x00\xff", 1, ""), ""},
		}},
		{"empty text message", []step{
			{fr(true, OpText, ""), msg(OpText, "", 1, ""), ""},
		}},
		{"fragmented Hel+lo (§5.7)", []step{
			{fr(false, OpText, "Hel"), nil, ""},
			{fr(true, OpContinuation, "lo"), msg(OpText, "Hello", 2, ""), ""},
		}},
		{"control frames between fragments (§5.4)", []step{
			{fr(false, OpBinary, "a"), nil, ""},
			{fr(true, OpPing, "?"), nil, ""},
			{fr(false, OpContinuation, "b"), nil, ""},
			{fr(true, OpPong, "!"), nil, ""},
			{fr(true, OpClose, "\x03\xe8"), nil, ""},
			{fr(true, OpContinuation, "c"), msg(OpBinary, "abc", 3, ""), ""},
		}},
		{"empty fragments", []step{
			{fr(false, OpText, ""), nil, ""},
			{fr(false, OpContinuation, ""), nil, ""},
			{fr(true, OpContinuation, ""), msg(OpText, "", 3, ""), ""},
		}},
		{"continuation with nothing open", []step{
			{fr(true, OpContinuation, "x"), nil, orphan},
			{fr(true, OpText, "next"), msg(OpText, "next", 1, ""), ""},
		}},
		{"unfinished continuation with nothing open", []step{
			{fr(false, OpContinuation, "x"), nil, orphan},
		}},
		{"continuation after a complete message", []step{
			{fr(false, OpText, "a"), nil, ""},
			{fr(true, OpContinuation, "b"), msg(OpText, "ab", 2, ""), ""},
			{fr(true, OpContinuation, "c"), nil, orphan},
		}},
		{"new binary frame while text is open", []step{
			{fr(false, OpText, "a"), nil, ""},
			{fr(true, OpBinary, "b"), msg(OpBinary, "b", 1, ""), "new binary frame while a fragmented text message is " + interleaved},
			{fr(true, OpContinuation, "c"), nil, orphan},
		}},
		{"new fragmented text while text is open", []step{
			{fr(false, OpText, "old"), nil, ""},
			{fr(false, OpText, "new "), nil, "new text frame while a fragmented text message is " + interleaved},
			{fr(true, OpContinuation, "one"), msg(OpText, "new one", 2, ""), ""},
		}},
		{"invalid UTF-8 text", []step{
			{fr(true, OpText, "\xff"), msg(OpText, "\xff", 1, badUTF8), ""},
		}},
		{"UTF-8 split across fragments is valid", []step{
			{fr(false, OpText, "caf\xc3"), nil, ""},
			{fr(true, OpContinuation, "\xa9"), msg(OpText, "café", 2, ""), ""},
		}},
		{"truncated UTF-8 at the end of a message", []step{
			{fr(false, OpText, "caf"), nil, ""},
			{fr(true, OpContinuation, "\xc3"), msg(OpText, "caf\xc3", 2, badUTF8), ""},
		}},
		{"binary is not UTF-8 checked", []step{
			{fr(true, OpBinary, "\xff"), msg(OpBinary, "\xff", 1, ""), ""},
		}},
		{"reserved opcodes are not messages and leave the open one alone", []step{
			{fr(false, OpText, "a"), nil, ""},
			{fr(true, 0x3, "r"), nil, ""},
			{fr(true, 0xB, "r"), nil, ""},
			{fr(true, OpContinuation, "b"), msg(OpText, "ab", 2, ""), ""},
		}},
		{"the header-only frame of a fatal error is not a message", []step{
			{fatal, nil, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var a MessageAssembler
			// The frames go through a decoder, as on a connection: it is
			// the decoder that checks a text message's UTF-8 (§8.1).
			d := NewFrameDecoder(FromServer, 0)
			for i, s := range tt.steps {
				f := s.f
				if f.Payload != nil { // not the hand-made fatal frame
					fs := d.Feed(AppendFrame(nil, f.Fin, f.RSV, f.Opcode, nil, f.Payload))
					if len(fs) != 1 {
						t.Fatalf("step %d: the decoder gave %d frames", i, len(fs))
					}
					f = fs[0]
				}
				m, done, violMsg := a.Add(&f)
				viol := lang.Trace.Say(violMsg)
				m.ViolationMsg = trace.Msg{} // compared as Violation, its English text
				if !done && !reflect.DeepEqual(m, Message{}) {
					t.Errorf("step %d: no message done, but %+v returned", i, m)
				}
				if got := addr(m, done); !reflect.DeepEqual(got, s.msg) {
					t.Errorf("step %d: message %+v, want %+v", i, got, s.msg)
				}
				if (s.viol == "") != (viol == "") || !strings.Contains(viol, s.viol) {
					t.Errorf("step %d: violation %q, want %q", i, viol, s.viol)
				}
			}
		})
	}
}

// TestMessageAssemblerFromDecoder runs the §5.7 fragmented example through
// the decoder and the assembler, as a demo does.
func TestMessageAssemblerFromDecoder(t *testing.T) {
	t.Parallel()
	frames, _ := feedChunks(FromServer, 0, unhex(t, "01 03 48 65 6c 80 02 6c 6f"))
	var a MessageAssembler
	var got []*Message
	for _, f := range frames {
		m, done, viol := a.Add(&f)
		if viol.Format != "" {
			t.Fatalf("violation %q", viol)
		}
		if done {
			got = append(got, &m)
		}
	}
	if len(got) != 1 || string(got[0].Payload) != "Hello" || got[0].Frames != 2 || got[0].Opcode != OpText {
		t.Fatalf("messages %+v, want one text \"Hello\" of 2 frames", got)
	}
}

// TestMessagePayloadIsOwned: a reassembled payload must not change when the
// frames it came from are modified.
func TestMessagePayloadIsOwned(t *testing.T) {
	t.Parallel()
	f1, f2 := fr(false, OpBinary, "ab"), fr(true, OpContinuation, "cd")
	var a MessageAssembler
	a.Add(&f1)
	m, _, _ := a.Add(&f2)
	copy(f1.Payload, "XX")
	copy(f2.Payload, "YY")
	if string(m.Payload) != "abcd" {
		t.Fatalf("payload %q changed with its frames", m.Payload)
	}
	// The next message must not write into the previous one's payload.
	f3, f4 := fr(false, OpBinary, "ef"), fr(true, OpContinuation, "gh")
	a.Add(&f3)
	a.Add(&f4)
	if string(m.Payload) != "abcd" {
		t.Fatalf("payload %q changed by the next message", m.Payload)
	}
}
