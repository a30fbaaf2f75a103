package demo

import (
	"encoding/json"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// duplex --compress: the client offers permessage-deflate, the built-in
// server accepts, and every data message crosses compressed: each frame
// keeps the bytes that crossed and says it is compressed, and a ws.message
// after it carries the message inflated, the text the client sent or the
// server answered, with both sizes.
func TestDuplexCompress(t *testing.T) {
	t.Parallel()
	opts := fast
	opts.Compress = true
	evs := runDuplex(t, opts)

	var offered, accepted bool
	for _, e := range evs {
		if e.Kind == trace.KindHTTPRequest && strings.Contains(strings.Join(extensionValues(e.HTTP), ","), "permessage-deflate") {
			offered = true
		}
		if e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 101 && len(extensionValues(e.HTTP)) > 0 {
			accepted = true
			if !strings.Contains(e.Note, "The server accepted permessage-deflate") {
				t.Errorf("the 101's note does not explain the answer: %s", e.Note)
			}
		}
	}
	if !offered || !accepted {
		t.Fatalf("offered %v, accepted %v", offered, accepted)
	}

	sent := map[string]bool{"message 1 from the client": true, "message 2 from the client": true, "message 3 from the client": true,
		strings.Join(fragments(lang.For(lang.English)), ""): true}
	var compressedFrames int
	for i, e := range evs {
		if e.Kind == trace.KindWSFrame && e.Frame.Compressed {
			compressedFrames++
			if e.Frame.InflatedLen == nil || e.Frame.Payload != "" || e.Frame.PayloadHex == "" && e.Frame.PayloadLen > 0 {
				t.Errorf("seq %d: a compressed frame %+v: want inflated_len, and its bytes as hex", e.Seq, e.Frame)
			}
			if e.Frame.Opcode != 0 && e.Frame.RSV != 4 || e.Frame.Violation != "" {
				t.Errorf("seq %d: first frame RSV %d, violation %q", e.Seq, e.Frame.RSV, e.Frame.Violation)
			}
		}
		if e.Kind != trace.KindWSMessage || e.Message == nil || !e.Message.Compressed {
			continue
		}
		m := e.Message
		if prev := evs[i-1]; prev.Kind != trace.KindWSFrame || !prev.Frame.Fin || !prev.Frame.Compressed || prev.From != e.From {
			t.Errorf("seq %d: a compressed message must follow its last frame, not %s %q", e.Seq, prev.Kind, prev.Summary)
		}
		if m.CompressedLen == 0 || m.Length != uint64(len(m.Payload)+len(m.PayloadHex)/2) {
			t.Errorf("seq %d: message %+v", e.Seq, m)
		}
		if e.From == trace.Client && m.Opcode == 1 {
			if !sent[m.Payload] {
				t.Errorf("the client's message inflated to %q, which it never sent", m.Payload)
			}
			delete(sent, m.Payload)
		}
		if e.From == trace.Client && m.Opcode == 2 && m.PayloadHex != "89504e470d0a1a0a" {
			t.Errorf("the binary message inflated to %s", m.PayloadHex)
		}
	}
	if len(sent) > 0 || compressedFrames == 0 {
		t.Fatalf("never seen inflated: %v (%d compressed frames)", sent, compressedFrames)
	}
	// The trace format: frame.compressed and frame.inflated_len, and the
	// message object.
	for _, e := range evs {
		if e.Kind != trace.KindWSMessage || e.From != trace.Client || e.Message.Opcode != 1 || e.Message.Frames != 1 {
			continue
		}
		b, _ := json.Marshal(e)
		for _, key := range []string{`"message":{"opcode":1,"frames":1,"length":25,"payload":"message 1 from the client","compressed":true,"compressed_len":`} {
			if !strings.Contains(string(b), key) {
				t.Fatalf("%s\nlacks %s", b, key)
			}
		}
		break
	}
}

// Without --compress nothing offers the extension and no frame is
// compressed: the default demos are unchanged.
func TestDuplexDoesNotCompressUnasked(t *testing.T) {
	t.Parallel()
	for _, e := range runDuplex(t, fast) {
		if len(extensionValues(e.HTTP)) > 0 || e.Frame != nil && e.Frame.Compressed || e.Kind == trace.KindWSMessage && e.Message.Compressed {
			t.Fatalf("seq %d %s %q: compression without --compress", e.Seq, e.Kind, e.Summary)
		}
	}
}

// The notes on the extension are chosen from the offer and the answer.
func TestExtensionNote(t *testing.T) {
	t.Parallel()
	en := lang.For(lang.English)
	browser := []string{"permessage-deflate; client_max_window_bits"}
	for _, tc := range []struct {
		name          string
		offer, answer []string
		want, not     string
	}{
		{"nobody mentions it", nil, nil, "", "deflate"},
		{"declined", browser, nil, "does not accept it", "accepted"},
		{"context takeover", browser, []string{"permessage-deflate"}, "Neither side agreed", "does not accept"},
		{"server alone", browser, []string{"permessage-deflate; server_no_context_takeover"}, "The server compresses each message on its own", "Neither"},
		{"both alone", browser, []string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover"}, "Both sides compress each message on its own", "Neither"},
		{"not offered", nil, []string{"permessage-deflate"}, "breaks a rule: the server accepted permessage-deflate, which the client did not offer", ""},
	} {
		got := en.Sentences(extensionNote(tc.offer, tc.answer)...)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) || tc.not != "" && strings.Contains(got, tc.not) {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
	short := &trace.Message{Compressed: true, CompressedLen: 31, Length: 25}
	long := &trace.Message{Compressed: true, CompressedLen: 157, Length: 244}
	if n := en.Say(compressedMessageNote(short)); !strings.Contains(n, "did not pay here: 31 bytes crossed for a message of 25") {
		t.Errorf("short: %s", n)
	}
	if n := en.Say(compressedMessageNote(long)); !strings.Contains(n, "157 bytes crossed for a message of 244") {
		t.Errorf("long: %s", n)
	}
}
