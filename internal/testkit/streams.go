package testkit

import (
	"math/rand/v2"

	"wsdemo/pkg/wire"
)

// The frame streams of the decoder benchmarks (issue #17's table), shared by
// pkg/wire's benchmarks and the comparison with gobwas/ws in
// internal/bench/gobwas, so both decode exactly the same bytes.

// BenchKey is the masking key of every benchmark frame (RFC 6455 §5.7's).
var BenchKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// Masked64K is one masked 64 KiB binary frame, the largest a demo's chat or
// file example sends in one piece.
func Masked64K() []byte {
	payload := make([]byte, 64<<10)
	for i := range payload {
		payload[i] = byte(i)
	}
	return wire.AppendFrame(nil, true, 0, wire.OpBinary, &BenchKey, payload)
}

// Masked125 is one masked 125-byte text frame: the longest 7-bit length, and
// a typical chat message.
func Masked125() []byte {
	payload := make([]byte, 125)
	for i := range payload {
		payload[i] = 'a' + byte(i%26)
	}
	return wire.AppendFrame(nil, true, 0, wire.OpText, &BenchKey, payload)
}

// SmallFrameStream is 1000 masked text frames of 0 to 125 bytes back to
// back, cut into reads of 1 to 2048 bytes, as a busy connection delivers
// them. It is the same every time (a fixed seed).
func SmallFrameStream() (stream []byte, reads [][]byte) {
	r := rand.New(rand.NewPCG(17, 18))
	for range 1000 {
		payload := make([]byte, r.IntN(126))
		for i := range payload {
			payload[i] = 'a' + byte(r.IntN(26))
		}
		stream = wire.AppendFrame(stream, true, 0, wire.OpText, &BenchKey, payload)
	}
	for rest := stream; len(rest) > 0; {
		n := min(1+r.IntN(2048), len(rest))
		reads, rest = append(reads, rest[:n]), rest[n:]
	}
	return stream, reads
}

// Chunks cuts b into reads of n bytes (the last one shorter).
func Chunks(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out, b = append(out, b[:n]), b[n:]
	}
	return append(out, b)
}
