package wire

import (
	"bytes"
	"compress/flate"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
)

// deflateMessages compresses each message as a permessage-deflate sender
// does (RFC 7692 §7.2.1): DEFLATE with a sync flush, the trailing
// 00 00 ff ff removed; with takeover one compressor serves them all, so a
// message may refer back to the ones before it.
func deflateMessages(t testing.TB, takeover bool, msgs ...string) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		if !takeover {
			w.Reset(&buf)
		}
		buf.Reset()
		if _, err := w.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if !bytes.HasSuffix(b, deflateTail) {
			t.Fatalf("a flushed message ends %x", b[max(0, len(b)-4):])
		}
		out = append(out, bytes.Clone(b[:len(b)-4]))
	}
	return out
}

// deflateDecoder is a decoder for from's frames with permessage-deflate in
// use.
func deflateDecoder(from Sender, noContextTakeover bool) *FrameDecoder {
	d := NewFrameDecoder(from, 0)
	d.EnableDeflate(noContextTakeover)
	return d
}

// TestRFC7692Examples decodes the examples of RFC 7692 §7.2.3: one
// compressed message, the same message again referring back to the first
// (a shared LZ77 window), a DEFLATE block with no compression, a block with
// BFINAL set, two blocks in one message, and a message in two fragments.
func TestRFC7692Examples(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		stream string // server frames, unmasked
		want   []string
	}{
		{"one compressed block", "c1 07 f248cdc9c90700", []string{"Hello"}},
		{"sharing the window", "c1 07 f248cdc9c90700 c1 05 f200110000", []string{"Hello", "Hello"}},
		{"no compression", "c1 0b 000500faff48656c6c6f00", []string{"Hello"}},
		{"BFINAL set", "c1 08 f348cdc9c9070000", []string{"Hello"}},
		{"two blocks", "c1 0d f248050000 00ffff cac9c90700", []string{"Hello"}},
		{"fragmented", "41 03 f248cd 80 04 c9c90700", []string{"Hello"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stream := unhex(t, tc.stream)
			d := deflateDecoder(FromServer, false)
			var got []string
			for _, f := range d.Feed(stream) {
				if !f.Compressed || f.Violation != "" {
					t.Fatalf("frame %+v: want compressed, no violation", f)
				}
				if f.Inflated != nil {
					if f.Inflated.Violation != "" || f.Inflated.InvalidUTF8 {
						t.Fatalf("inflated %+v", f.Inflated)
					}
					got = append(got, string(f.Inflated.Payload))
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("inflated %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDeflateEverySplitPoint: however the compressed stream is cut into
// reads, the frames, what they inflate to and each frame's share are the
// same.
func TestDeflateEverySplitPoint(t *testing.T) {
	t.Parallel()
	var long strings.Builder
	for i := range 200 {
		fmt.Fprintf(&long, "%d squared is %d; ", i, i*i)
	}
	msgs := []string{"message 1 from the client", "message 2 from the client", long.String(), "é ü 漢字"}
	key := [4]byte{9, 8, 7, 6}
	var stream []byte
	for i, c := range deflateMessages(t, true, msgs...) {
		if i == 2 { // in three fragments, with a ping between two of them
			stream = AppendFrame(stream, false, 4, OpText, &key, c[:5])
			stream = AppendFrame(stream, true, 0, OpPing, &key, []byte("ping"))
			stream = AppendFrame(stream, false, 0, OpContinuation, &key, c[5:10])
			stream = AppendFrame(stream, true, 0, OpContinuation, &key, c[10:])
			continue
		}
		stream = AppendFrame(stream, true, 4, OpText, &key, c)
	}
	decode := func(chunks ...[]byte) []Frame {
		d := deflateDecoder(FromClient, false)
		var out []Frame
		for _, c := range chunks {
			out = append(out, d.Feed(c)...)
		}
		return out
	}
	want := decode(stream)
	var got []string
	var asm MessageAssembler
	for i := range want {
		if m, done, _ := asm.Add(&want[i]); done {
			if !m.Compressed || m.Violation != "" {
				t.Fatalf("message %+v", m)
			}
			got = append(got, string(m.Payload))
		}
	}
	if !reflect.DeepEqual(got, msgs) {
		t.Fatalf("messages %q, want %q", got, msgs)
	}
	for at := 0; at <= len(stream); at++ {
		if g := decode(stream[:at], stream[at:]); !sameInflation(g, want) {
			t.Fatalf("split at %d: frames differ", at)
		}
	}
	chunks := make([][]byte, len(stream))
	for i := range stream {
		chunks[i] = stream[i : i+1]
	}
	if g := decode(chunks...); !sameInflation(g, want) {
		t.Fatal("byte by byte: frames differ")
	}
}

// sameInflation compares two decodings of a compressed stream on everything
// but where each frame's inflated bytes were handed over, which depends on
// the decompressor (Frame.InflatedLen): their sum per message must agree.
func sameInflation(a, b []Frame) bool {
	if len(a) != len(b) {
		return false
	}
	var sumA, sumB uint64
	for i := range a {
		fa, fb := a[i], b[i]
		if fa.Opcode == OpText || fa.Opcode == OpBinary {
			sumA, sumB = 0, 0 // a new message, which may abandon one left open
		}
		sumA += fa.InflatedLen
		sumB += fb.InflatedLen
		fa.InflatedLen, fb.InflatedLen = 0, 0
		if (fa.Inflated == nil) != (fb.Inflated == nil) {
			return false
		}
		if fa.Inflated != nil {
			if !reflect.DeepEqual(*fa.Inflated, *fb.Inflated) || sumA != sumB || sumA != fa.Inflated.Length {
				return false
			}
			sumA, sumB = 0, 0
			fa.Inflated, fb.Inflated = nil, nil
		}
		if !reflect.DeepEqual(fa, fb) {
			return false
		}
	}
	return true
}

// TestDeflateContextTakeover: without context takeover each message is
// inflated on its own, so a sender that refers back to an earlier message
// after agreeing not to is caught; with it, the reference is followed.
func TestDeflateContextTakeover(t *testing.T) {
	t.Parallel()
	msgs := deflateMessages(t, true, "Hello, Hello, Hello", "Hello, Hello, Hello")
	var stream []byte
	for _, m := range msgs {
		stream = AppendFrame(stream, true, 4, OpText, nil, m)
	}
	if len(msgs[1]) >= len(msgs[0]) {
		t.Fatalf("the second message (%d bytes) should be shorter than the first (%d): it refers back", len(msgs[1]), len(msgs[0]))
	}
	frames := deflateDecoder(FromServer, false).Feed(stream)
	if in := frames[1].Inflated; in == nil || in.Violation != "" || string(in.Payload) != "Hello, Hello, Hello" {
		t.Fatalf("with context takeover the second message inflated to %+v", in)
	}
	frames = deflateDecoder(FromServer, true).Feed(stream)
	if in := frames[0].Inflated; in == nil || in.Violation != "" {
		t.Fatalf("the first message refers to nothing before it: %+v", in)
	}
	if in := frames[1].Inflated; in == nil || !strings.Contains(in.Violation, "not valid DEFLATE") {
		t.Fatalf("without context takeover a message that refers back must fail to inflate: %+v", in)
	}
	// Messages compressed each on its own inflate either way.
	var alone []byte
	for _, m := range deflateMessages(t, false, "Hello, Hello, Hello", "Hello, Hello, Hello") {
		alone = AppendFrame(alone, true, 4, OpText, nil, m)
	}
	for _, noCtx := range []bool{false, true} {
		for i, f := range deflateDecoder(FromServer, noCtx).Feed(alone) {
			if f.Inflated == nil || string(f.Inflated.Payload) != "Hello, Hello, Hello" {
				t.Fatalf("no context takeover %v, message %d: %+v", noCtx, i, f.Inflated)
			}
		}
	}
}

// TestDeflateRules: RSV1 means "compressed" only on the first frame of a
// data message, and only once the extension was agreed; the other RSV bits
// keep breaking RFC 6455 §5.2.
func TestDeflateRules(t *testing.T) {
	t.Parallel()
	hello := unhex(t, "f248cdc9c90700")
	for _, tc := range []struct {
		name     string
		deflate  bool
		frame    []byte
		violates string
	}{
		{"RSV1 without the extension", false, AppendFrame(nil, true, 4, OpText, nil, hello), "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)"},
		{"RSV1 on a ping", true, AppendFrame(nil, true, 4, OpPing, nil, nil), "RSV1 is set on a ping frame"},
		{"RSV1 on a continuation", true, append(AppendFrame(nil, false, 4, OpText, nil, hello[:3]), AppendFrame(nil, true, 4, OpContinuation, nil, hello[3:])...), "RSV1 is set on a continuation frame"},
		{"RSV2 with the extension", true, AppendFrame(nil, true, 2, OpText, nil, []byte("x")), "RSV2 is set, but the one extension negotiated, permessage-deflate, defines only RSV1"},
		{"RSV1 and RSV3", true, AppendFrame(nil, true, 5, OpText, nil, hello), "RSV3 is set, but the one extension"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewFrameDecoder(FromServer, 0)
			if tc.deflate {
				d.EnableDeflate(false)
			}
			frames := d.Feed(tc.frame)
			last := frames[len(frames)-1]
			if !strings.Contains(last.Violation, tc.violates) {
				t.Fatalf("violation %q, want it to contain %q", last.Violation, tc.violates)
			}
			d.release()
		})
	}
	// Uncompressed messages cross as they are when the extension is in use.
	d := deflateDecoder(FromServer, false)
	for _, f := range d.Feed(AppendFrame(nil, true, 0, OpText, nil, []byte("plain"))) {
		if f.Compressed || f.Violation != "" || f.Inflated != nil || string(f.Payload) != "plain" {
			t.Fatalf("an uncompressed frame: %+v", f)
		}
	}
}

// TestDeflateVerdicts: what inflated text is judged on, and what a message
// that does not inflate says.
func TestDeflateVerdicts(t *testing.T) {
	t.Parallel()
	bad := deflateMessages(t, false, "caf\xe9")[0] // Latin-1, not UTF-8
	f := deflateDecoder(FromServer, true).Feed(AppendFrame(nil, true, 4, OpText, nil, bad))[0]
	var asm MessageAssembler
	m, done, _ := asm.Add(&f)
	if !done || !m.Compressed || !strings.Contains(m.Violation, "not valid UTF-8") {
		t.Fatalf("invalid text once inflated: %+v", m)
	}
	// Compressed bytes are no UTF-8, and are not judged as if they were.
	ok := deflateMessages(t, false, "fine")[0]
	f = deflateDecoder(FromServer, true).Feed(AppendFrame(nil, true, 4, OpText, nil, ok))[0]
	if f.InvalidUTF8 || f.Inflated.InvalidUTF8 {
		t.Fatalf("valid text judged invalid: %+v", f)
	}
	// A block type 3 is reserved (RFC 1951 §3.2.3): not DEFLATE.
	frames := deflateDecoder(FromServer, false).Feed(append(
		AppendFrame(nil, true, 4, OpBinary, nil, []byte{0x07, 0x00}),
		AppendFrame(nil, true, 4, OpText, nil, unhex(t, "f248cdc9c90700"))...))
	if in := frames[0].Inflated; in == nil || !strings.Contains(in.Violation, "not valid DEFLATE (RFC 1951) at byte") {
		t.Fatalf("garbage inflated to %+v", in)
	}
	// With context takeover the next message might refer into the broken
	// one: it is not inflated, and says why.
	if in := frames[1].Inflated; in == nil || !in.Skipped || !strings.Contains(in.Violation, "not inflated: an earlier compressed message") {
		t.Fatalf("after a broken message: %+v", in)
	}
}

// TestDeflateBombInBoundedMemory: a message of a few KiB that inflates to
// 64 MiB is inflated up to MaxInflated and no further, counted exactly up
// to there, with a bounded prefix kept and the heap flat; the next message,
// compressed on its own, inflates as usual.
func TestDeflateBombInBoundedMemory(t *testing.T) {
	// Not parallel: it measures the heap.
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 64 {
		w.Write(zeros)
	}
	w.Flush()
	bomb := bytes.TrimSuffix(buf.Bytes(), deflateTail)
	next := deflateMessages(t, false, "after the bomb")[0]
	key := [4]byte{1, 2, 3, 4}
	stream := append(AppendFrame(nil, true, 4, OpBinary, &key, bomb), AppendFrame(nil, true, 4, OpText, &key, next)...)

	d := deflateDecoder(FromClient, true)
	base := heapInUse()
	var frames []Frame
	peak := uint64(0)
	for len(stream) > 0 {
		n := min(len(stream), 4<<10)
		frames = append(frames, d.Feed(stream[:n])...)
		stream = stream[n:]
		peak = max(peak, heapInUse())
	}
	if len(frames) != 2 {
		t.Fatalf("%d frames", len(frames))
	}
	in := frames[0].Inflated
	if in == nil || !in.Stopped || in.Length != MaxInflated || len(in.Payload) != DefaultKeep || !in.Truncated || !strings.Contains(in.Violation, "16 MiB") {
		t.Fatalf("bomb: %+v", in)
	}
	if grew := int64(peak) - int64(base); grew > 4<<20 {
		t.Fatalf("inflating a bomb grew the heap by %d KiB", grew>>10)
	}
	if in := frames[1].Inflated; in == nil || in.Violation != "" || string(in.Payload) != "after the bomb" {
		t.Fatalf("the message after the bomb: %+v", in)
	}
	d.release()
}

// TestDeflateLeavesNoGoroutine: a message cut short by the end of the
// connection, or abandoned for a new one, stops its inflating goroutine.
func TestDeflateLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	c := deflateMessages(t, true, strings.Repeat("x", 1000))[0]
	for range 20 {
		d := deflateDecoder(FromServer, false)
		d.Feed(AppendFrame(nil, false, 4, OpText, nil, c[:len(c)/2])) // the message stays open
		d.release()
		d = deflateDecoder(FromServer, true)
		d.Feed(AppendFrame(nil, false, 4, OpText, nil, c[:len(c)/2]))
		d.Feed(AppendFrame(nil, true, 4, OpText, nil, c)) // interrupts it
		d.release()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines before, %d after", before, n)
	}
}

// TestParseExtensions reads offers and answers as browsers and servers send
// them.
func TestParseExtensions(t *testing.T) {
	t.Parallel()
	type p = ExtensionParam
	for _, tc := range []struct {
		value string
		want  []Extension
		err   string
	}{
		{"permessage-deflate; client_max_window_bits", []Extension{{Name: "permessage-deflate", Off: 0, Len: 42,
			Params: []p{{Name: "client_max_window_bits", Off: 20, Len: 22}}}}, ""},
		{"permessage-deflate;server_max_window_bits=10 , x-webkit-deflate-frame", []Extension{
			{Name: "permessage-deflate", Off: 0, Len: 44, Params: []p{{Name: "server_max_window_bits", Value: "10", HasValue: true, Off: 19, Len: 25}}},
			{Name: "x-webkit-deflate-frame", Off: 47, Len: 22}}, ""},
		{`permessage-deflate; client_max_window_bits="12"`, []Extension{{Name: "permessage-deflate", Off: 0, Len: 47,
			Params: []p{{Name: "client_max_window_bits", Value: "12", HasValue: true, Off: 20, Len: 27}}}}, ""},
		{"permessage-deflate; a b", []Extension{{Name: "permessage-deflate", Len: 18}}, `"a b"`},
		{"; x", nil, "a parameter with no extension"},
		{"", nil, ""},
	} {
		got, err := ParseExtensions(tc.value)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q: error %v, want %q", tc.value, err, tc.err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.value, got, tc.want)
		}
		for _, e := range got {
			if e.Len > 0 && !strings.HasPrefix(tc.value[e.Off:e.Off+e.Len], e.Name) {
				t.Errorf("%q: extension %s at %d+%d", tc.value, e.Name, e.Off, e.Len)
			}
			for _, q := range e.Params {
				if !strings.HasPrefix(tc.value[q.Off:q.Off+q.Len], q.Name) {
					t.Errorf("%q: parameter %s at %d+%d", tc.value, q.Name, q.Off, q.Len)
				}
			}
		}
	}
}

// TestNegotiateDeflate follows the answer and names each rule it breaks.
func TestNegotiateDeflate(t *testing.T) {
	t.Parallel()
	browser := []string{"permessage-deflate; client_max_window_bits"}
	for _, tc := range []struct {
		name          string
		offer, answer []string
		ok            bool
		want          Deflate
		problem       string
	}{
		{"declined", browser, nil, false, Deflate{}, ""},
		{"accepted", browser, []string{"permessage-deflate"}, true, Deflate{}, ""},
		{"no context takeover", browser, []string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover"}, true,
			Deflate{ServerNoContextTakeover: true, ClientNoContextTakeover: true}, ""},
		{"window bits", browser, []string{"permessage-deflate; server_max_window_bits=10; client_max_window_bits=12"}, true,
			Deflate{ServerMaxWindowBits: 10, ClientMaxWindowBits: 12}, ""},
		{"not offered", nil, []string{"permessage-deflate"}, true, Deflate{}, "which the client did not offer"},
		{"client bits not offered", []string{"permessage-deflate"}, []string{"permessage-deflate; client_max_window_bits=10"}, true,
			Deflate{ClientMaxWindowBits: 10}, "RFC 7692 §7.1.2.2"},
		{"bits out of range", browser, []string{"permessage-deflate; server_max_window_bits=16"}, true, Deflate{}, "from 8 to 15"},
		{"bits without a value", browser, []string{"permessage-deflate; client_max_window_bits"}, true, Deflate{}, "from 8 to 15"},
		{"unknown parameter", browser, []string{"permessage-deflate; level=9"}, true, Deflate{}, "does not define"},
		{"twice", browser, []string{"permessage-deflate; server_no_context_takeover; server_no_context_takeover"}, true,
			Deflate{ServerNoContextTakeover: true}, "server_no_context_takeover twice"},
	} {
		got, ok, problems := NegotiateDeflate(tc.offer, tc.answer)
		var said []string
		for _, m := range problems {
			said = append(said, lang.Trace.Say(m))
		}
		joined := strings.Join(said, "; ")
		if ok != tc.ok || got != tc.want || (tc.problem == "") != (joined == "") || !strings.Contains(joined, tc.problem) {
			t.Errorf("%s: %+v %v %q; want %+v %v %q", tc.name, got, ok, joined, tc.want, tc.ok, tc.problem)
		}
	}
}

// TestConnDecoderInflates: after a 101 that accepts permessage-deflate the
// connection's compressed messages are inflated, each reported after its
// frames; without the acceptance RSV1 stays a violation.
func TestConnDecoderInflates(t *testing.T) {
	t.Parallel()
	req := "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
	for _, accept := range []bool{true, false} {
		resp := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
		if accept {
			resp += "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n"
		}
		resp += "\r\n"
		c := NewConnDecoder()
		var got []string
		collect := func(d Decoded) {
			switch {
			case d.HTTP != nil:
				got = append(got, "http")
			case d.Frame != nil:
				got = append(got, fmt.Sprintf("frame compressed=%v %q", d.Frame.Compressed, d.Frame.Violation))
			case d.Message != nil:
				got = append(got, fmt.Sprintf("message %q of %d bytes from %d", d.Message.Payload, d.Message.Length, d.Message.WireLength))
			}
		}
		c.Feed(FromClient, []byte(req), collect)
		c.Feed(FromServer, append([]byte(resp), unhex(t, "c1 07 f248cdc9c90700")...), collect)
		c.Close(FromServer, collect)
		want := []string{"http", "http", `frame compressed=true ""`, `message "Hello" of 5 bytes from 7`}
		if !accept {
			// The compressed bytes are taken for the text they claim to be.
			want = []string{"http", "http", `frame compressed=false "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)"`,
				`message "\xf2H\xcd\xc9\xc9\a\x00" of 7 bytes from 0`}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("accepted %v:\n got %q\nwant %q", accept, got, want)
		}
	}
}
