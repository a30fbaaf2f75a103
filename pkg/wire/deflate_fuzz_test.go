package wire

import (
	"bytes"
	"compress/flate"
	"strconv"
	"testing"
)

// deflateFuzzSeeds are compressed streams: the RFC 7692 §7.2.3 examples,
// messages compressed with and without context takeover, fragmented around
// a ping, a small bomb, broken DEFLATE and misplaced RSV1 bits.
func deflateFuzzSeeds(t testing.TB) [][]byte {
	h := func(s string) []byte { return unhex(t, s) }
	key := &[4]byte{0x37, 0xfa, 0x21, 0x3d}
	seeds := [][]byte{
		h("c1 07 f248cdc9c90700"),
		h("c1 07 f248cdc9c90700 c1 05 f200110000"),
		h("c1 0b 000500faff48656c6c6f00"),
		h("c1 08 f348cdc9c9070000"),
		h("c1 0d f248050000 00ffff cac9c90700"),
		h("41 03 f248cd 80 04 c9c90700"),
		h("41 03 f248cd 89 00 80 04 c9c90700"),
		h("c1 02 0700"),         // reserved block type
		h("c1 07 f248cdc9c907"), // a message cut one byte short
		h("c9 00"),              // RSV1 on a ping
		h("41 03 f248cd c0 04 c9c90700"),
		h("e1 07 f248cdc9c90700"), // RSV1 and RSV2
	}
	var ctx, alone []byte
	for _, c := range deflateMessages(t, true, "one", "one two", "one two three", "") {
		ctx = AppendFrame(ctx, true, 4, OpText, key, c)
	}
	for _, c := range deflateMessages(t, false, "alpha", "alpha beta") {
		alone = AppendFrame(alone, true, 4, OpBinary, nil, c)
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(make([]byte, 1<<20))
	w.Flush()
	bomb := AppendFrame(nil, true, 4, OpBinary, nil, bytes.TrimSuffix(buf.Bytes(), deflateTail))
	return append(seeds, ctx, alone, bomb)
}

// FuzzDeflateFrames feeds compressed frames in chunks: the decoder never
// panics, what every message inflates to is bounded and self-consistent,
// and how the stream is cut into reads never changes it.
func FuzzDeflateFrames(f *testing.F) {
	for i, s := range deflateFuzzSeeds(f) {
		f.Add(s, uint(i*13), i%3 == 0, i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint, noContext, client bool) {
		from := FromServer
		if client {
			from = FromClient
		}
		decode := func(chunks ...[]byte) []Frame {
			d := NewFrameDecoder(from, 0)
			d.EnableDeflate(noContext)
			defer d.release()
			var out []Frame
			for _, c := range chunks {
				out = append(out, d.Feed(c)...)
			}
			return out
		}
		want := decode(data)
		var sum uint64
		for i, fr := range want {
			if !fr.Compressed {
				if fr.InflatedLen != 0 || fr.Inflated != nil {
					t.Fatalf("frame %d is not compressed but inflated %d bytes", i, fr.InflatedLen)
				}
				continue
			}
			if fr.Opcode == OpText || fr.Opcode == OpBinary {
				sum = 0 // a new message, which may abandon one left open
			}
			sum += fr.InflatedLen
			in := fr.Inflated
			if in == nil {
				continue
			}
			if in.Length != sum || in.Length > MaxInflated || len(in.Payload) > DefaultKeep ||
				in.Truncated != (uint64(len(in.Payload)) < in.Length) || in.Stopped && (in.Length != MaxInflated || in.Violation == "") {
				t.Fatalf("frame %d: %d bytes inflated over the message's frames, result %+v", i, sum, in)
			}
			if in.Skipped && (in.Length != 0 || in.Violation == "") {
				t.Fatalf("frame %d: a skipped message %+v", i, in)
			}
			sum = 0
		}
		at := int(split % uint(len(data)+1))
		if got := decode(data[:at], data[at:]); !sameInflation(got, want) {
			t.Fatalf("split at %s: frames differ", strconv.Itoa(at))
		}
		if len(data) <= 256 {
			chunks := make([][]byte, len(data))
			for i := range data {
				chunks[i] = data[i : i+1]
			}
			if got := decode(chunks...); !sameInflation(got, want) {
				t.Fatal("byte by byte: frames differ")
			}
		}
	})
}
