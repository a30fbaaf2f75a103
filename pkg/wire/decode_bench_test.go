package wire_test

import (
	"testing"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/wire"
)

// The decoder benchmarks of issue #17's table. Each decodes with Decode, the
// tap's path, into a callback that only counts frames, and reports
// allocations per frame. The same streams decoded by gobwas/ws, for a ratio
// measured in the same run, are in internal/bench/gobwas: a module of its
// own, so that gobwas never becomes a requirement of wsdemo.

// DecodeBench decodes reads (one stream, in order) with one decoder per
// iteration and fails unless they yield frames frames each time.
func decodeBench(b *testing.B, frames int, reads ...[]byte) {
	size := 0
	for _, r := range reads {
		size += len(r)
	}
	d := wire.NewFrameDecoder(wire.FromClient, 0)
	n := 0
	count := func(*wire.Frame) { n++ }
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reads {
			d.Decode(r, count)
		}
	}
	if n != frames*b.N {
		b.Fatalf("got %d frames in %d iterations, want %d each", n, b.N, frames)
	}
	b.ReportMetric(float64(testing.AllocsPerRun(10, func() {
		for _, r := range reads {
			d.Decode(r, count)
		}
	}))/float64(frames), "allocs/frame")
}

// BenchmarkDecodeMaskedFrame64K decodes a masked 64 KiB frame fed in one
// piece: header, copy of Raw, unmasking into Payload, one allocation.
func BenchmarkDecodeMaskedFrame64K(b *testing.B) {
	decodeBench(b, 1, testkit.Masked64K())
}

// BenchmarkDecodeMaskedFrame64KChunked4K feeds the same frame in 4 KiB
// reads, as a tapped bufio.Reader delivers it: the streaming path.
func BenchmarkDecodeMaskedFrame64KChunked4K(b *testing.B) {
	decodeBench(b, 1, testkit.Chunks(testkit.Masked64K(), 4096)...)
}

// BenchmarkDecodeMaskedFrame125 decodes one masked 125-byte text frame.
func BenchmarkDecodeMaskedFrame125(b *testing.B) {
	decodeBench(b, 1, testkit.Masked125())
}

// BenchmarkDecodeStreamRandomChunks decodes 1000 small masked frames cut
// into reads of random sizes.
func BenchmarkDecodeStreamRandomChunks(b *testing.B) {
	_, reads := testkit.SmallFrameStream()
	decodeBench(b, 1000, reads...)
}

// BenchmarkDecodeHugeFrame streams a 16 MiB masked text frame in 32 KiB
// reads: what a hostile peer's frame costs the tap, the kept prefix and the
// UTF-8 check of every byte included.
func BenchmarkDecodeHugeFrame(b *testing.B) {
	payload := make([]byte, 16<<20)
	for i := range payload {
		payload[i] = "huge text "[i%10]
	}
	decodeBench(b, 1, testkit.Chunks(wire.AppendFrame(nil, true, 0, wire.OpText, &testkit.BenchKey, payload), 32<<10)...)
}

// BenchmarkDecodeEmptyFrameFlood decodes 1000 empty masked text frames in
// one read: a flood's cost per frame.
func BenchmarkDecodeEmptyFrameFlood(b *testing.B) {
	var stream []byte
	for range 1000 {
		stream = wire.AppendFrame(stream, true, 0, wire.OpText, &testkit.BenchKey, nil)
	}
	decodeBench(b, 1000, stream)
}
