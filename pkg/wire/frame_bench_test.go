package wire

import "testing"

// masked64K is one masked 64 KiB binary frame, the largest a demo's chat
// or file example sends in one piece.
func masked64K() []byte {
	payload := make([]byte, 64<<10)
	for i := range payload {
		payload[i] = byte(i)
	}
	return AppendFrame(nil, true, 0, OpBinary, &[4]byte{0x37, 0xfa, 0x21, 0x3d}, payload)
}

// BenchmarkDecodeMaskedFrame64K decodes a masked 64 KiB frame fed in one
// piece: header parse, copy of Raw, unmasking, one allocation.
func BenchmarkDecodeMaskedFrame64K(b *testing.B) {
	frame := masked64K()
	d := NewFrameDecoder(FromClient, 0)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		if fs := d.Feed(frame); len(fs) != 1 {
			b.Fatalf("got %d frames", len(fs))
		}
	}
}

// BenchmarkDecodeMaskedFrame64KChunked4K feeds the same frame in 4 KiB
// pieces, as a tapped bufio.Reader delivers it: the pending-frame path.
func BenchmarkDecodeMaskedFrame64KChunked4K(b *testing.B) {
	frame := masked64K()
	d := NewFrameDecoder(FromClient, 0)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for off := 0; off < len(frame); off += 4096 {
			n += len(d.Feed(frame[off:min(off+4096, len(frame))]))
		}
		if n != 1 {
			b.Fatalf("got %d frames", n)
		}
	}
}

// BenchmarkMaskBytes64K measures unmasking alone.
func BenchmarkMaskBytes64K(b *testing.B) {
	src := make([]byte, 64<<10)
	dst := make([]byte, len(src))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		maskBytes(dst, src, [4]byte{1, 2, 3, 4})
	}
}
