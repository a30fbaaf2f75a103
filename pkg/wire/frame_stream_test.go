package wire

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestTruncatedFrame: a frame longer than what the decoder keeps comes out
// with every header field and its exact PayloadLen, Raw and Payload cut to
// the exact prefix, Truncated set, and the next frame intact, however the
// stream is chunked.
func TestTruncatedFrame(t *testing.T) {
	t.Parallel()
	const keep = 200
	payload := make([]byte, 1000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	key := [4]byte{0xa1, 0xb2, 0xc3, 0xd4}
	for _, masked := range []bool{false, true} {
		t.Run(fmt.Sprintf("masked=%v", masked), func(t *testing.T) {
			t.Parallel()
			from, mask := FromServer, (*[4]byte)(nil)
			if masked {
				from, mask = FromClient, &key
			}
			big := AppendFrame(nil, true, 0, OpBinary, mask, payload)
			small := AppendFrame(nil, true, 0, OpText, mask, []byte("next"))
			stream := append(append([]byte(nil), big...), small...)
			h := len(big) - len(payload)
			for i := 0; i <= len(stream); i++ {
				frames, d := feedChunks(from, keep, stream[:i], stream[i:])
				if len(frames) != 2 || d.Buffered() != 0 || d.Err() != nil {
					t.Fatalf("split at %d: %d frames, %d buffered, err %v", i, len(frames), d.Buffered(), d.Err())
				}
				f := frames[0]
				if !f.Truncated || f.PayloadLen != 1000 || f.HeaderLen != h || f.LengthForm != 16 || f.Masked != masked || f.Violation != "" {
					t.Fatalf("split at %d: cut frame %+v", i, f)
				}
				if !bytes.Equal(f.Raw, big[:h+keep]) || !bytes.Equal(f.Payload, payload[:keep]) {
					t.Fatalf("split at %d: Raw or Payload is not the exact prefix", i)
				}
				if n := frames[1]; n.Truncated || string(n.Payload) != "next" || !bytes.Equal(n.Raw, small) {
					t.Fatalf("split at %d: the frame after the cut one is %+v", i, n)
				}
			}
		})
	}
}

// TestKeepNeverCutsAControlFrame: a close frame's code and reason are whole
// whatever keep says, since a control frame carries at most 125 bytes.
func TestKeepNeverCutsAControlFrame(t *testing.T) {
	t.Parallel()
	reason := strings.Repeat("r", 123)
	frames, _ := feedChunks(FromServer, 1, AppendFrame(nil, true, 0, OpClose, nil, ClosePayload(1001, reason)))
	if len(frames) != 1 || frames[0].Truncated || frames[0].CloseCode != 1001 || frames[0].CloseReason != reason {
		t.Fatalf("close frame with keep 1: %+v", frames)
	}
}

// TestUTF8AcrossFragmentsAndChunks: the §8.1 check of a text message sees
// every byte, across fragments, chunk boundaries and beyond what is kept,
// and only text messages are checked.
func TestUTF8AcrossFragmentsAndChunks(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ação ", 100) // 600 bytes, multi-byte characters throughout
	type frag struct {
		fin bool
		op  Opcode
		p   string
	}
	tests := []struct {
		name    string
		frags   []frag
		invalid []bool // InvalidUTF8 per frame
	}{
		{"valid, one frame", []frag{{true, OpText, long}}, []bool{false}},
		{"valid, a character split between fragments", []frag{{false, OpText, long + "\xc3"}, {true, OpContinuation, "\xa7" + long}}, []bool{false, false}},
		{"invalid byte past the kept prefix", []frag{{true, OpText, long + "\xff"}}, []bool{true}},
		{"invalid in the first fragment is flagged there", []frag{{false, OpText, long + "\xc3\x28"}, {true, OpContinuation, "ok"}}, []bool{true, true}},
		{"message ends inside a character", []frag{{false, OpText, long}, {true, OpContinuation, "\xe2\x82"}}, []bool{false, true}},
		{"a cut character is not yet invalid", []frag{{false, OpText, "\xe2\x82"}, {true, OpContinuation, "\xac"}}, []bool{false, false}},
		{"surrogate split across fragments", []frag{{false, OpText, "\xed"}, {true, OpContinuation, "\xa0\x80"}}, []bool{false, true}},
		{"overlong form", []frag{{true, OpText, "\xc0\xaf"}}, []bool{true}},
		{"past U+10FFFF", []frag{{true, OpText, "\xf4\x90\x80\x80"}}, []bool{true}},
		{"ping between fragments leaves the check alone", []frag{{false, OpText, "\xe2"}, {true, OpPing, "\xff"}, {true, OpContinuation, "\x82\xac"}}, []bool{false, false, false}},
		{"binary is not checked", []frag{{false, OpBinary, "\xff"}, {true, OpContinuation, "\xfe"}}, []bool{false, false}},
		{"an orphan continuation is not checked", []frag{{true, OpContinuation, "\xff"}}, []bool{false}},
		{"a new text frame starts afresh", []frag{{false, OpText, "\xe2"}, {true, OpText, "fine"}}, []bool{false, false}},
	}
	key := [4]byte{9, 8, 7, 6}
	for _, tt := range tests {
		for _, masked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/masked=%v", tt.name, masked), func(t *testing.T) {
				t.Parallel()
				from, mask := FromServer, (*[4]byte)(nil)
				if masked {
					from, mask = FromClient, &key
				}
				var stream []byte
				for _, f := range tt.frags {
					stream = AppendFrame(stream, f.fin, 0, f.op, mask, []byte(f.p))
				}
				for _, chunk := range []int{len(stream) + 1, 1, 2, 3, 5, 64} {
					d := NewFrameDecoder(from, 130) // most payloads above go past the kept prefix
					var got []bool
					for off := 0; off < len(stream); off += chunk {
						for _, f := range d.Feed(stream[off:min(off+chunk, len(stream))]) {
							got = append(got, f.InvalidUTF8)
						}
					}
					if fmt.Sprint(got) != fmt.Sprint(tt.invalid) {
						t.Fatalf("chunks of %d: InvalidUTF8 %v, want %v", chunk, got, tt.invalid)
					}
				}
			})
		}
	}
}

// TestHugeFrameStreamsInBoundedMemory feeds a 100 MiB masked text frame in
// 32 KiB chunks, as a tap would see a hostile peer's frame: the decoder
// must decode it whole (header, exact length, the invalid UTF-8 in its last
// bytes) while its heap stays within a few MiB.
func TestHugeFrameStreamsInBoundedMemory(t *testing.T) {
	// Not parallel: it measures the heap.
	const size = 100 << 20
	key := [4]byte{0x11, 0x22, 0x33, 0x44}
	hdr := AppendFrame(nil, true, 0, OpText, &key, nil)[:2]
	hdr[1] = 0x80 | 127
	hdr = append(hdr, 0, 0, 0, 0, 0, 0, 0, 0)
	for i := range 8 {
		hdr[2+i] = byte(uint64(size) >> (56 - 8*i))
	}
	hdr = append(hdr, key[:]...)
	chunk := make([]byte, 32<<10)
	for i := range chunk {
		chunk[i] = "masked text "[i%12] ^ key[i%4] // 32 KiB is a multiple of 4: the key phase repeats
	}
	last := bytes.Clone(chunk)
	last[len(last)-1] = 0xff ^ key[3] // the message's last byte is not UTF-8

	d := NewFrameDecoder(FromClient, 0)
	var frames []Frame
	base := heapInUse()
	peak := uint64(0)
	frames = append(frames, d.Feed(hdr)...)
	for n := 0; n < size; n += len(chunk) {
		c := chunk
		if n+len(chunk) == size {
			c = last
		}
		frames = append(frames, d.Feed(c)...)
		if n%(8<<20) == 0 {
			peak = max(peak, heapInUse())
		}
	}
	if len(frames) != 1 {
		t.Fatalf("got %d frames, Buffered %d, err %v", len(frames), d.Buffered(), d.Err())
	}
	f := frames[0]
	if f.PayloadLen != size || !f.Truncated || len(f.Payload) != DefaultKeep || len(f.Raw) != 14+DefaultKeep || !f.InvalidUTF8 {
		t.Fatalf("frame: PayloadLen %d Truncated %v, %d payload and %d raw bytes kept, InvalidUTF8 %v",
			f.PayloadLen, f.Truncated, len(f.Payload), len(f.Raw), f.InvalidUTF8)
	}
	if string(f.Payload[:12]) != "masked text " {
		t.Fatalf("kept payload starts %q", f.Payload[:12])
	}
	if grew := int64(peak) - int64(base); grew > 4<<20 {
		t.Fatalf("decoding a 100 MiB frame grew the heap by %d KiB; want the decoder to hold a bounded prefix", grew>>10)
	}
	var m MessageAssembler
	msg, done, _ := m.Add(&f)
	if !done || msg.Length != size || !msg.Truncated || msg.Violation == "" {
		t.Fatalf("message %+v", msg)
	}
}

// TestEmptyFrameFlood: a peer flooding empty frames costs well under one
// allocation per frame, and the decoder keeps nothing of frames it handed
// out.
func TestEmptyFrameFlood(t *testing.T) {
	// Not parallel: it measures allocations and the heap.
	const perRun, runs = 1000, 1000 // a million frames
	stream := bytes.Repeat(AppendFrame(nil, true, 0, OpText, &[4]byte{1, 2, 3, 4}, nil), perRun)
	d := NewFrameDecoder(FromClient, 0)
	n := 0
	count := func(f *Frame) {
		if f.Violation == "" && f.PayloadLen == 0 {
			n++
		}
	}
	base := heapInUse()
	allocs := testing.AllocsPerRun(runs, func() { d.Decode(stream, count) })
	if n != perRun*(runs+1) { // AllocsPerRun runs once more to warm up
		t.Fatalf("decoded %d well-formed empty frames, want %d", n, perRun*(runs+1))
	}
	if per := allocs / perRun; per > 1 {
		t.Fatalf("%.3f allocations per empty frame, want ≤ 1", per)
	}
	if grew := int64(heapInUse()) - int64(base); grew > 1<<20 {
		t.Fatalf("the heap grew by %d KiB over a million dropped frames", grew>>10)
	}
	if d.Buffered() != 0 {
		t.Fatalf("Buffered = %d", d.Buffered())
	}
}

// heapInUse is the heap in use after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestConnDecoderReportsACutFrame: when a side's stream ends inside a
// frame, the error says which frame, what its header declared and how much
// of it arrived, and carries its first bytes.
func TestConnDecoderReportsACutFrame(t *testing.T) {
	t.Parallel()
	head := switchResp[:strings.Index(switchResp, "\r\n\r\n")+4]
	frame := AppendFrame(nil, true, 0, OpBinary, nil, make([]byte, 10<<20))
	for _, tc := range []struct {
		arrived int
		want    string
	}{
		{1, "middle of a WebSocket frame's header (1 byte of it arrived)"},
		{100, "(100 bytes of it arrived: a binary frame whose header declared 10485760 payload bytes)"},
		{len(frame) - 1, fmt.Sprintf("(%d bytes of it arrived: a binary frame whose header declared 10485760 payload bytes)", len(frame)-1)},
	} {
		c := NewConnDecoder()
		var got []Decoded
		collect := func(d Decoded) { got = append(got, kept(d)) }
		c.Feed(FromServer, []byte(head), collect)
		c.Feed(FromServer, frame[:tc.arrived], collect)
		c.Close(FromServer, collect)
		if len(got) != 2 || got[1].Err == nil || !strings.Contains(got[1].Err.Error(), tc.want) {
			t.Fatalf("%d bytes arrived: got %+v, want an error containing %q", tc.arrived, got, tc.want)
		}
		if want := frame[:min(tc.arrived, MaxErrorRaw)]; !bytes.Equal(got[1].Raw, want) {
			t.Fatalf("%d bytes arrived: error Raw %x, want %x", tc.arrived, got[1].Raw, want)
		}
	}
}

// TestConnDecoderMessageOutlivesLentPayload: a one-frame message reported
// for a rule of its own (§8.1) keeps its payload after the decoder has
// reused the buffer a masked frame's payload is unmasked into.
func TestConnDecoderMessageOutlivesLentPayload(t *testing.T) {
	t.Parallel()
	c := NewConnDecoder()
	var msgs []*Message
	collect := func(d Decoded) {
		if d.Message != nil {
			msgs = append(msgs, d.Message)
		}
	}
	c.Feed(FromClient, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), collect)
	c.Feed(FromServer, []byte(switchResp[:strings.Index(switchResp, "\r\n\r\n")+4]), collect)
	key := [4]byte{1, 2, 3, 4}
	c.Feed(FromClient, AppendFrame(nil, true, 0, OpText, &key, []byte("bad \xff")), collect)
	c.Feed(FromClient, AppendFrame(nil, true, 0, OpText, &key, []byte("fine!")), collect)
	if len(msgs) != 1 || string(msgs[0].Payload) != "bad \xff" {
		t.Fatalf("messages %+v, want the invalid one with its own payload", msgs)
	}
}
