package wire

import "testing"

// BenchmarkMaskBytes64K measures unmasking alone.
func BenchmarkMaskBytes64K(b *testing.B) {
	src := make([]byte, 64<<10)
	dst := make([]byte, len(src))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		maskBytes(dst, src, [4]byte{1, 2, 3, 4})
	}
}
