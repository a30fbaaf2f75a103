package wire

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// unhex decodes a hex string written with optional spaces, as the RFC prints
// its examples.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func TestOpcodeString(t *testing.T) {
	t.Parallel()
	want := map[Opcode]string{
		0x0: "continuation", 0x1: "text", 0x2: "binary",
		0x8: "close", 0x9: "ping", 0xA: "pong",
	}
	for o := Opcode(0); o < 0x20; o++ {
		name, ok := want[o]
		if !ok {
			name = "reserved"
		}
		if got := o.String(); got != name {
			t.Errorf("Opcode(%#x).String() = %q, want %q", uint8(o), got, name)
		}
		if o < 0x10 {
			if got, want := o.IsControl(), o >= 0x8; got != want {
				t.Errorf("Opcode(%#x).IsControl() = %v, want %v", uint8(o), got, want)
			}
		}
	}
	// The constants must be typed: %v has to print the name, not a number.
	if got := fmt.Sprint(OpText, OpPong); got != "text pong" {
		t.Errorf("fmt.Sprint(OpText, OpPong) = %q, want %q", got, "text pong")
	}
}

func TestAppendFrame(t *testing.T) {
	t.Parallel()
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	tests := []struct {
		name    string
		fin     bool
		rsv     uint8
		op      Opcode
		mask    *[4]byte
		payload []byte
		want    string // hex
	}{
		{"unmasked text (§5.7)", true, 0, OpText, nil, []byte("Hello"), "81 05 48656c6c6f"},
		{"masked text (§5.7)", true, 0, OpText, &key, []byte("Hello"), "81 85 37fa213d 7f9f4d5158"},
		{"first fragment (§5.7)", false, 0, OpText, nil, []byte("Hel"), "01 03 48656c"},
		{"last fragment (§5.7)", true, 0, OpContinuation, nil, []byte("lo"), "80 02 6c6f"},
		{"empty close", true, 0, OpClose, nil, nil, "88 00"},
		{"rsv bits land in bits 6-4", true, 0x5, OpBinary, nil, nil, "d2 00"},
		{"rsv and opcode are truncated, not spilled", false, 0xFF, Opcode(0xFF), nil, nil, "7f 00"},
		{"125 bytes: 7-bit form", true, 0, OpBinary, nil, make([]byte, 125), "82 7d" + strings.Repeat("00", 125)},
		{"126 bytes: 16-bit form", true, 0, OpBinary, nil, make([]byte, 126), "82 7e 007e" + strings.Repeat("00", 126)},
		{"65536 bytes: 64-bit form", true, 0, OpBinary, nil, make([]byte, 65536), "82 7f 0000000000010000" + strings.Repeat("00", 65536)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := bytes.Clone(tt.payload)
			prefix := []byte{0xAA}
			got := AppendFrame(prefix, tt.fin, tt.rsv, tt.op, tt.mask, tt.payload)
			if want := append([]byte{0xAA}, unhex(t, tt.want)...); !bytes.Equal(got, want) {
				t.Errorf("AppendFrame = %x\nwant            %x", got, want)
			}
			if !bytes.Equal(tt.payload, orig) {
				t.Errorf("AppendFrame modified its payload argument")
			}
		})
	}
}

func TestClosePayload(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   int
		reason string
		want   string
	}{
		{1000, "", "03e8"},
		{1001, "bye", "03e9 627965"},
		{4999, "é", "1387 c3a9"},
		{0x1_03e8, "", "03e8"}, // truncated to 16 bits
	}
	for _, tt := range tests {
		if got := ClosePayload(tt.code, tt.reason); !bytes.Equal(got, unhex(t, tt.want)) {
			t.Errorf("ClosePayload(%d, %q) = %x, want %s", tt.code, tt.reason, got, tt.want)
		}
	}
}

// TestMaskBytes checks the word-at-a-time XOR against the definition of
// §5.3 for every length around the 8- and 32-byte strides, in place and not.
func TestMaskBytes(t *testing.T) {
	t.Parallel()
	key := [4]byte{0x01, 0x82, 0x43, 0xc4}
	for n := range 100 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*7 + 3)
		}
		want := make([]byte, n)
		for i := range src {
			want[i] = src[i] ^ key[i%4]
		}
		dst := make([]byte, n)
		maskBytes(dst, src, key)
		if !bytes.Equal(dst, want) {
			t.Fatalf("len %d: maskBytes = %x, want %x", n, dst, want)
		}
		maskBytes(src, src, key)
		if !bytes.Equal(src, want) {
			t.Fatalf("len %d in place: maskBytes = %x, want %x", n, src, want)
		}
	}
}

// TestMaskAt: a payload unmasked piece by piece, each piece starting at any
// offset, gives the same bytes as unmasking it whole (§5.3: byte i uses key
// byte i mod 4).
func TestMaskAt(t *testing.T) {
	t.Parallel()
	key := [4]byte{0x01, 0x82, 0x43, 0xc4}
	for pos := range 8 {
		for n := range 40 {
			src := make([]byte, n)
			for i := range src {
				src[i] = byte(i*5 + 1)
			}
			want := make([]byte, n)
			for i := range src {
				want[i] = src[i] ^ key[(pos+i)%4]
			}
			dst := make([]byte, n)
			maskAt(dst, src, key, uint64(pos))
			if !bytes.Equal(dst, want) {
				t.Fatalf("len %d at %d: maskAt = %x, want %x", n, pos, dst, want)
			}
		}
	}
}

// TestMaskASCII: maskASCII unmasks as maskBytes does and says whether the
// result is all ASCII, wherever a non-ASCII byte sits.
func TestMaskASCII(t *testing.T) {
	t.Parallel()
	key := [4]byte{0x01, 0x82, 0x43, 0xc4}
	for n := range 70 {
		for hi := -1; hi < n; hi++ { // -1: no byte above 0x7F
			plain := make([]byte, n)
			for i := range plain {
				plain[i] = byte('a' + i%26)
			}
			if hi >= 0 {
				plain[hi] = 0xC3
			}
			src := make([]byte, n)
			maskBytes(src, plain, key)
			dst := make([]byte, n)
			if ascii := maskASCII(dst, src, key); ascii != (hi < 0) || !bytes.Equal(dst, plain) {
				t.Fatalf("len %d, high byte at %d: ascii %v, unmasked %x", n, hi, ascii, dst)
			}
		}
	}
}
