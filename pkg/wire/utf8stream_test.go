package wire

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestUTF8StreamAgreesWithValid: however a byte string is cut into pieces,
// the streaming check gives utf8.Valid's verdict on the whole.
func TestUTF8StreamAgreesWithValid(t *testing.T) {
	t.Parallel()
	// Bytes around every boundary of RFC 3629's table, so random strings
	// hit overlongs, surrogates, cut characters and the U+10FFFF ceiling.
	alphabet := []byte{'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
		0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		want := utf8.Valid(b)
		for i := 0; i <= len(b); i++ {
			j := i + r.IntN(len(b)-i+1)
			var v utf8Stream
			v.write(b[:i])
			v.write(b[i:j])
			v.write(b[j:])
			if v.complete() != want {
				t.Fatalf("%x cut at %d and %d: streaming says %v, utf8.Valid %v", b, i, j, v.complete(), want)
			}
		}
	}
}
