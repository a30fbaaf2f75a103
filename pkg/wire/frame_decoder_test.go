package wire

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// feedChunks feeds chunks to a fresh decoder that keeps keep payload bytes
// of each frame (0: DefaultKeep) and collects every frame.
func feedChunks(from Sender, keep int, chunks ...[]byte) ([]Frame, *FrameDecoder) {
	d := NewFrameDecoder(from, keep)
	var out []Frame
	for _, c := range chunks {
		out = append(out, d.Feed(c)...)
	}
	return out, d
}

// decodeOne decodes a stream that must hold exactly one complete frame.
func decodeOne(t *testing.T, from Sender, b []byte) Frame {
	t.Helper()
	frames, d := feedChunks(from, len(b), b) // keeping it whole
	if len(frames) != 1 || d.Buffered() != 0 || d.Err() != nil {
		t.Fatalf("decoding %x: got %d frames, %d bytes buffered, err %v; want 1 frame, 0, nil",
			b, len(frames), d.Buffered(), d.Err())
	}
	return frames[0]
}

// wantSpans builds the spans expected for a header of the given shape.
func wantSpans(form int, masked bool, payloadLen int) []Span {
	s := []Span{{"FIN/RSV/opcode", 0, 1}, {"MASK/length", 1, 1}}
	off := 2
	switch form {
	case 16:
		s = append(s, Span{"extended length", 2, 2})
		off += 2
	case 64:
		s = append(s, Span{"extended length", 2, 8})
		off += 8
	}
	if masked {
		s = append(s, Span{"masking key", off, 4})
		off += 4
	}
	if payloadLen > 0 {
		s = append(s, Span{"payload", off, payloadLen})
	}
	return s
}

// TestRFC6455Examples decodes the examples of RFC 6455 §5.7 byte for byte.
func TestRFC6455Examples(t *testing.T) {
	t.Parallel()
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	bin256 := make([]byte, 256)
	bin64k := make([]byte, 65536)
	for i := range bin64k {
		bin64k[i] = byte(i * 31)
	}
	copy(bin256, bin64k)

	type want struct {
		fin        bool
		op         Opcode
		masked     bool
		key        [4]byte
		payload    []byte
		form       int
		headerLen  int
		headerHex  string
		frameBytes int
	}
	tests := []struct {
		name   string
		from   Sender
		stream []byte
		want   []want
	}{
		{
			name:   "single-frame unmasked text",
			from:   FromServer,
			stream: unhex(t, "81 05 48 65 6c 6c 6f"),
			want:   []want{{true, OpText, false, [4]byte{}, []byte("Hello"), 7, 2, "8105", 7}},
		},
		{
			name:   "single-frame masked text",
			from:   FromClient,
			stream: unhex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58"),
			want:   []want{{true, OpText, true, key, []byte("Hello"), 7, 6, "818537fa213d", 11}},
		},
		{
			name:   "fragmented unmasked text",
			from:   FromServer,
			stream: unhex(t, "01 03 48 65 6c 80 02 6c 6f"),
			want: []want{
				{false, OpText, false, [4]byte{}, []byte("Hel"), 7, 2, "0103", 5},
				{true, OpContinuation, false, [4]byte{}, []byte("lo"), 7, 2, "8002", 4},
			},
		},
		{
			name:   "unmasked ping",
			from:   FromServer,
			stream: unhex(t, "89 05 48 65 6c 6c 6f"),
			want:   []want{{true, OpPing, false, [4]byte{}, []byte("Hello"), 7, 2, "8905", 7}},
		},
		{
			name:   "masked pong",
			from:   FromClient,
			stream: unhex(t, "8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
			want:   []want{{true, OpPong, true, key, []byte("Hello"), 7, 6, "8a8537fa213d", 11}},
		},
		{
			name:   "256 bytes binary, unmasked",
			from:   FromServer,
			stream: append(unhex(t, "82 7E 0100"), bin256...),
			want:   []want{{true, OpBinary, false, [4]byte{}, bin256, 16, 4, "827e0100", 260}},
		},
		{
			name:   "64KiB binary, unmasked",
			from:   FromServer,
			stream: append(unhex(t, "82 7F 0000000000010000"), bin64k...),
			want:   []want{{true, OpBinary, false, [4]byte{}, bin64k, 64, 10, "827f0000000000010000", 65546}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			frames, d := feedChunks(tt.from, len(tt.stream), tt.stream)
			if d.Err() != nil || d.Buffered() != 0 {
				t.Fatalf("Err = %v, Buffered = %d", d.Err(), d.Buffered())
			}
			if len(frames) != len(tt.want) {
				t.Fatalf("got %d frames, want %d", len(frames), len(tt.want))
			}
			off := 0
			for i, w := range tt.want {
				f := frames[i]
				if f.Fin != w.fin || f.RSV != 0 || f.Opcode != w.op || f.Masked != w.masked || f.MaskKey != w.key {
					t.Errorf("frame %d: FIN %v RSV %d opcode %v masked %v key %x; want %v 0 %v %v %x",
						i, f.Fin, f.RSV, f.Opcode, f.Masked, f.MaskKey, w.fin, w.op, w.masked, w.key)
				}
				if f.PayloadLen != uint64(len(w.payload)) || f.LengthForm != w.form || f.HeaderLen != w.headerLen {
					t.Errorf("frame %d: PayloadLen %d LengthForm %d HeaderLen %d; want %d %d %d",
						i, f.PayloadLen, f.LengthForm, f.HeaderLen, len(w.payload), w.form, w.headerLen)
				}
				if !bytes.Equal(f.Payload, w.payload) {
					t.Errorf("frame %d: payload %.40q, want %.40q", i, f.Payload, w.payload)
				}
				if !bytes.Equal(f.Raw, tt.stream[off:off+w.frameBytes]) {
					t.Errorf("frame %d: Raw is not the exact bytes of the frame", i)
				}
				if got := fmt.Sprintf("%x", f.Raw[:f.HeaderLen]); got != w.headerHex {
					t.Errorf("frame %d: header %s, want %s", i, got, w.headerHex)
				}
				if f.Violation != "" {
					t.Errorf("frame %d: unexpected violation %q", i, f.Violation)
				}
				if want := wantSpans(w.form, w.masked, len(w.payload)); !reflect.DeepEqual(f.Spans(), want) {
					t.Errorf("frame %d: spans %v, want %v", i, f.Spans(), want)
				}
				off += w.frameBytes
			}
		})
	}
}

// TestRFC6455ExamplesWrongDirection: the §5.7 frames decoded as if the other
// side sent them break the masking rule of §5.1.
func TestRFC6455ExamplesWrongDirection(t *testing.T) {
	t.Parallel()
	if f := decodeOne(t, FromClient, unhex(t, "81 05 48 65 6c 6c 6f")); f.Violation != "client frames must be masked (RFC 6455 §5.1)" {
		t.Errorf("unmasked frame from client: violation %q", f.Violation)
	}
	f := decodeOne(t, FromServer, unhex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58"))
	if f.Violation != "server frames must not be masked (RFC 6455 §5.1)" {
		t.Errorf("masked frame from server: violation %q", f.Violation)
	}
	if string(f.Payload) != "Hello" {
		t.Errorf("masked frame from server: payload %q, want it unmasked anyway", f.Payload)
	}
}

// TestLengthForms round-trips the Autobahn edge lengths through AppendFrame
// and Feed and checks which §5.2 length encoding each one gets.
func TestLengthForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		form int
		ext  int // extended length bytes
	}{
		{0, 7, 0}, {125, 7, 0}, {126, 16, 2}, {127, 16, 2}, {128, 16, 2},
		{65535, 16, 2}, {65536, 64, 8},
	}
	key := [4]byte{0xde, 0xad, 0xbe, 0xef}
	for _, tt := range tests {
		for _, masked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/masked=%v", tt.n, masked), func(t *testing.T) {
				t.Parallel()
				payload := make([]byte, tt.n)
				for i := range payload {
					payload[i] = byte(i ^ i>>8)
				}
				from, mask := FromServer, (*[4]byte)(nil)
				if masked {
					from, mask = FromClient, &key
				}
				raw := AppendFrame(nil, true, 0, OpBinary, mask, payload)
				f := decodeOne(t, from, raw)
				wantHeader := 2 + tt.ext
				if masked {
					wantHeader += 4
				}
				if f.LengthForm != tt.form || f.HeaderLen != wantHeader || f.PayloadLen != uint64(tt.n) {
					t.Errorf("LengthForm %d HeaderLen %d PayloadLen %d; want %d %d %d",
						f.LengthForm, f.HeaderLen, f.PayloadLen, tt.form, wantHeader, tt.n)
				}
				if len(f.Raw) != wantHeader+tt.n || !bytes.Equal(f.Raw, raw) {
					t.Errorf("Raw differs from the encoded frame")
				}
				if !bytes.Equal(f.Payload, payload) {
					t.Errorf("payload differs after round trip")
				}
				if f.Violation != "" {
					t.Errorf("violation %q", f.Violation)
				}
				if want := wantSpans(tt.form, masked, tt.n); !reflect.DeepEqual(f.Spans(), want) {
					t.Errorf("spans %v, want %v", f.Spans(), want)
				}
			})
		}
	}
}

// splitStream is several frames of every shape back to back: a fragmented
// text message with a ping between its fragments, a 16-bit length frame, a
// frame with a violation, an empty frame and a close frame.
func splitStream() []byte {
	key := [4]byte{1, 2, 3, 4}
	long := bytes.Repeat([]byte("0123456789abcdef"), 20) // 320 bytes: 16-bit form
	var s []byte
	s = AppendFrame(s, false, 0, OpText, &key, []byte("Hel"))
	s = AppendFrame(s, true, 0, OpPing, &key, []byte("are you there?"))
	s = AppendFrame(s, true, 0, OpContinuation, &key, []byte("lo"))
	s = AppendFrame(s, true, 0, OpBinary, &key, long)
	s = AppendFrame(s, true, 4, OpText, &key, []byte("rsv1")) // violation
	s = AppendFrame(s, true, 0, OpBinary, &key, nil)
	s = AppendFrame(s, true, 0, OpClose, &key, ClosePayload(1001, "going away"))
	return s
}

// TestEverySplitPoint feeds a stream of several frames split at every byte
// offset, byte by byte, and in uneven chunks; every chunking must give the
// same frames as feeding the stream whole.
func TestEverySplitPoint(t *testing.T) {
	t.Parallel()
	stream := splitStream()
	want, d := feedChunks(FromClient, 0, stream)
	if len(want) != 7 || d.Buffered() != 0 || d.Err() != nil {
		t.Fatalf("whole stream: %d frames, %d buffered, err %v", len(want), d.Buffered(), d.Err())
	}
	check := func(t *testing.T, name string, chunks [][]byte) {
		t.Helper()
		got, d := feedChunks(FromClient, 0, chunks...)
		if d.Buffered() != 0 || d.Err() != nil {
			t.Fatalf("%s: %d bytes buffered, err %v", name, d.Buffered(), d.Err())
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: frames differ from feeding the stream whole", name)
		}
	}
	for i := 0; i <= len(stream); i++ {
		check(t, fmt.Sprintf("split at %d", i), [][]byte{stream[:i], stream[i:]})
	}
	for i := 0; i <= len(stream); i += 7 {
		for j := i; j <= len(stream); j += 13 {
			check(t, fmt.Sprintf("split at %d and %d", i, j), [][]byte{stream[:i], stream[i:j], stream[j:]})
		}
	}
	var bytewise [][]byte
	for i := range stream {
		bytewise = append(bytewise, stream[i:i+1])
	}
	check(t, "byte by byte", bytewise)
}

// TestSplit64BitFrame covers the 64-bit length form, too long to try every
// split point: every split in and around the header, then byte by byte.
func TestSplit64BitFrame(t *testing.T) {
	t.Parallel()
	payload := bytes.Repeat([]byte{0xA5, 0x5A, 0x00}, 70000/3)
	key := [4]byte{9, 8, 7, 6}
	stream := AppendFrame(nil, true, 0, OpBinary, &key, payload)
	stream = AppendFrame(stream, true, 0, OpText, &key, []byte("after"))
	want, _ := feedChunks(FromClient, 0, stream)
	if len(want) != 2 || want[0].LengthForm != 64 {
		t.Fatalf("whole stream: %d frames", len(want))
	}
	splits := []int{}
	for i := range 20 {
		splits = append(splits, i, len(stream)-i-11)
	}
	splits = append(splits, 4096, 8192, len(stream)/2)
	for _, i := range splits {
		got, d := feedChunks(FromClient, 0, stream[:i], stream[i:])
		if d.Buffered() != 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("split at %d: frames differ", i)
		}
	}
	d := NewFrameDecoder(FromClient, 0)
	var got []Frame
	for i := range stream {
		got = append(got, d.Feed(stream[i:i+1])...)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("byte by byte: frames differ")
	}
}

func TestBuffered(t *testing.T) {
	t.Parallel()
	frame := AppendFrame(nil, true, 0, OpText, &[4]byte{1, 2, 3, 4}, []byte("Hello"))
	d := NewFrameDecoder(FromClient, 0)
	for i := range len(frame) - 1 {
		if fs := d.Feed(frame[i : i+1]); len(fs) != 0 {
			t.Fatalf("after %d bytes: got a frame early", i+1)
		}
		if got := d.Buffered(); got != i+1 {
			t.Fatalf("after %d bytes: Buffered = %d", i+1, got)
		}
	}
	if fs := d.Feed(frame[len(frame)-1:]); len(fs) != 1 || d.Buffered() != 0 {
		t.Fatalf("last byte: %d frames, Buffered %d", len(fs), d.Buffered())
	}
	if fs := d.Feed(nil); fs != nil {
		t.Fatalf("Feed(nil) = %v, want nil", fs)
	}
}

// mk builds a frame for the violation table: masked when the client sends it.
func mk(from Sender, fin bool, rsv uint8, op Opcode, payload []byte) []byte {
	if from == FromClient {
		return AppendFrame(nil, fin, rsv, op, &[4]byte{0x11, 0x22, 0x33, 0x44}, payload)
	}
	return AppendFrame(nil, fin, rsv, op, nil, payload)
}

func TestViolations(t *testing.T) {
	t.Parallel()
	c, s := FromClient, FromServer
	tests := []struct {
		name  string
		from  Sender
		frame []byte
		want  string // "" for no violation, else every ";"-separated part must appear
	}{
		{"well-formed masked text", c, mk(c, true, 0, OpText, []byte("hi")), ""},
		{"well-formed unmasked text", s, mk(s, true, 0, OpText, []byte("hi")), ""},
		{"RSV1", c, mk(c, true, 4, OpText, nil), "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)"},
		{"RSV2", s, mk(s, true, 2, OpBinary, nil), "RSV2 is set;§5.2"},
		{"RSV1 and RSV3", c, mk(c, true, 5, OpText, nil), "RSV1 and RSV3 are set;§5.2"},
		{"all RSV bits", c, mk(c, true, 7, OpText, nil), "RSV1, RSV2 and RSV3 are set;§5.2"},
		{"reserved opcode 0x3", c, mk(c, true, 0, 0x3, nil), "opcode 0x3 is reserved for future use (RFC 6455 §5.2)"},
		{"reserved opcode 0x7", s, mk(s, true, 0, 0x7, nil), "opcode 0x7 is reserved;§5.2"},
		{"reserved opcode 0xB", c, mk(c, true, 0, 0xB, nil), "opcode 0xB is reserved;§5.2"},
		{"reserved opcode 0xF", c, mk(c, true, 0, 0xF, nil), "opcode 0xF is reserved;§5.2"},
		{"fragmented ping", c, mk(c, false, 0, OpPing, nil), "control frames must not be fragmented;ping;§5.5)"},
		{"fragmented close", s, mk(s, false, 0, OpClose, nil), "control frames must not be fragmented;close;§5.5)"},
		{"unmasked client frame", c, mk(s, true, 0, OpText, []byte("x")), "client frames must be masked (RFC 6455 §5.1)"},
		{"masked server frame", s, mk(c, true, 0, OpText, []byte("x")), "server frames must not be masked (RFC 6455 §5.1)"},
		{"ping of 125 bytes", c, mk(c, true, 0, OpPing, make([]byte, 125)), ""},
		{"ping of 126 bytes", c, mk(c, true, 0, OpPing, make([]byte, 126)), "at most 125 payload bytes;ping;126;§5.5)"},
		{"pong of 65536 bytes", s, mk(s, true, 0, OpPong, make([]byte, 65536)), "at most 125;65536;§5.5)"},
		{"close of 200 bytes", c, mk(c, true, 0, OpClose, ClosePayload(1000, strings.Repeat("x", 198))), "at most 125;close;200;§5.5)"},
		{"16-bit form for 5 bytes", s, unhex(t, "82 7e 0005 0102030405"), "payload length 5;16-bit form;minimal number of bytes;§5.2)"},
		{"16-bit form for 125 bytes", s, append(unhex(t, "82 7e 007d"), make([]byte, 125)...), "payload length 125;16-bit;§5.2)"},
		{"16-bit form for 126 bytes", s, append(unhex(t, "82 7e 007e"), make([]byte, 126)...), ""},
		{"64-bit form for 5 bytes", s, unhex(t, "82 7f 0000000000000005 0102030405"), "payload length 5;64-bit form;§5.2)"},
		{"64-bit form for 65535 bytes", s, append(unhex(t, "82 7f 000000000000ffff"), make([]byte, 65535)...), "65535;64-bit;§5.2)"},
		{"64-bit form for 65536 bytes", s, append(unhex(t, "82 7f 0000000000010000"), make([]byte, 65536)...), ""},
		{"empty close", c, mk(c, true, 0, OpClose, nil), ""},
		{"close of 1 byte", c, mk(c, true, 0, OpClose, []byte{0x03}), "close payload of 1 byte;2-byte status code;§5.5.1)"},
		{"close 1000", c, mk(c, true, 0, OpClose, ClosePayload(1000, "")), ""},
		{"close 1000 with reason", s, mk(s, true, 0, OpClose, ClosePayload(1000, "done ✓")), ""},
		{"close 1013", s, mk(s, true, 0, OpClose, ClosePayload(1013, "")), ""},
		{"close 3000", s, mk(s, true, 0, OpClose, ClosePayload(3000, "")), ""},
		{"close 4999", s, mk(s, true, 0, OpClose, ClosePayload(4999, "")), ""},
		{"close 0", c, mk(c, true, 0, OpClose, ClosePayload(0, "")), "close code 0 is invalid;below 1000;§7.4.2)"},
		{"close 999", c, mk(c, true, 0, OpClose, ClosePayload(999, "")), "close code 999;§7.4.2)"},
		{"close 1004", c, mk(c, true, 0, OpClose, ClosePayload(1004, "")), "close code 1004 is invalid;reserved;no meaning;§7.4.1)"},
		{"close 1005", c, mk(c, true, 0, OpClose, ClosePayload(1005, "")), "close code 1005 (no status received);never be sent;§7.4.1)"},
		{"close 1006", s, mk(s, true, 0, OpClose, ClosePayload(1006, "")), "close code 1006 (abnormal closure);never be sent;§7.4.1)"},
		{"close 1015", s, mk(s, true, 0, OpClose, ClosePayload(1015, "")), "close code 1015;never be sent;§7.4.1)"},
		{"close 1016", c, mk(c, true, 0, OpClose, ClosePayload(1016, "")), "close code 1016 is invalid;§7.4.2)"},
		{"close 2999", c, mk(c, true, 0, OpClose, ClosePayload(2999, "")), "close code 2999;§7.4.2)"},
		{"close 5000", c, mk(c, true, 0, OpClose, ClosePayload(5000, "")), "close code 5000;4999;§7.4.2)"},
		{"close reason not UTF-8", c, mk(c, true, 0, OpClose, ClosePayload(1000, "\xff\xfe")), "close reason is not valid UTF-8 (RFC 6455 §5.5.1)"},
		{"text payload not UTF-8 is a message rule", c, mk(c, true, 0, OpText, []byte{0xff}), ""},
		// The first rule broken wins, in wire order.
		{"RSV before opcode", c, mk(c, true, 4, 0x3, nil), "RSV1;§5.2"},
		{"opcode before masking", c, mk(s, true, 0, 0xB, nil), "opcode 0xB;§5.2"},
		{"FIN before masking", c, mk(s, false, 0, OpPing, nil), "must not be fragmented;§5.5"},
		{"masking before control length", c, mk(s, true, 0, OpPing, make([]byte, 200)), "client frames must be masked"},
		{"control length before minimal form", s, append(unhex(t, "89 7f 00000000000000c8"), make([]byte, 200)...), "at most 125;ping;200;§5.5"},
		{"minimal form before close code", s, unhex(t, "88 7e 0002 03ed"), "payload length 2;16-bit;§5.2"},
		{"close code before reason", c, mk(c, true, 0, OpClose, ClosePayload(999, "\xff")), "close code 999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := decodeOne(t, tt.from, tt.frame)
			if tt.want == "" {
				if f.Violation != "" {
					t.Errorf("violation %q, want none", f.Violation)
				}
				return
			}
			if f.Violation == "" {
				t.Fatalf("no violation, want %q", tt.want)
			}
			for _, part := range strings.Split(tt.want, ";") {
				if !strings.Contains(f.Violation, part) {
					t.Errorf("violation %q does not contain %q", f.Violation, part)
				}
			}
			if strings.Count(f.Violation, "RFC 6455 §") != 1 || !strings.HasSuffix(f.Violation, ")") {
				t.Errorf("violation %q should be one sentence ending with its section", f.Violation)
			}
			// A violation never stops decoding: the frame still has its fields.
			if !bytes.Equal(f.Raw, tt.frame) || len(f.Payload) != int(f.PayloadLen) {
				t.Errorf("frame with a violation was not fully decoded")
			}
		})
	}
}

func TestCloseFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		payload []byte
		code    int
		reason  string
	}{
		{nil, 0, ""},
		{[]byte{0x03}, 0, ""},
		{ClosePayload(1000, ""), 1000, ""},
		{ClosePayload(1001, "going away"), 1001, "going away"},
		{ClosePayload(4000, "\xff"), 4000, "\xff"},
	}
	for _, tt := range tests {
		f := decodeOne(t, FromClient, mk(FromClient, true, 0, OpClose, tt.payload))
		if f.CloseCode != tt.code || f.CloseReason != tt.reason {
			t.Errorf("close payload %x: code %d reason %q, want %d %q", tt.payload, f.CloseCode, f.CloseReason, tt.code, tt.reason)
		}
	}
	// Close fields belong to close frames only.
	if f := decodeOne(t, FromClient, mk(FromClient, true, 0, OpText, ClosePayload(1000, "x"))); f.CloseCode != 0 || f.CloseReason != "" {
		t.Errorf("text frame got close fields %d %q", f.CloseCode, f.CloseReason)
	}
}

func TestFatal(t *testing.T) {
	t.Parallel()
	ok := mk(FromServer, true, 0, OpText, []byte("before"))
	tests := []struct {
		name       string
		from       Sender
		frame      []byte
		wantViol   string
		headerLen  int
		payloadLen uint64
	}{
		{"64-bit length with MSB set", FromServer, unhex(t, "82 7f 8000000000000000"),
			"the 64-bit payload length has its most significant bit set (RFC 6455 §5.2)", 10, 1 << 63},
		{"64-bit length all ones, masked", FromClient, unhex(t, "82 ff ffffffffffffffff 01020304"),
			"most significant bit;§5.2)", 14, math.MaxUint64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			after := mk(FromServer, true, 0, OpText, []byte("after"))
			stream := append(append(append([]byte(nil), ok...), tt.frame...), after...)
			frames, d := feedChunks(tt.from, 0, stream)
			if len(frames) != 2 {
				t.Fatalf("got %d frames, want the frame before and the fatal one", len(frames))
			}
			f := frames[1]
			if !errors.Is(d.Err(), ErrLengthMSB) {
				t.Errorf("Err = %v, want %v", d.Err(), ErrLengthMSB)
			}
			if !strings.Contains(d.Err().Error(), fmt.Sprintf("offset %d", len(ok))) {
				t.Errorf("Err = %v, want the stream offset %d", d.Err(), len(ok))
			}
			for _, part := range strings.Split(tt.wantViol, ";") {
				if !strings.Contains(f.Violation, part) {
					t.Errorf("violation %q does not contain %q", f.Violation, part)
				}
			}
			if f.HeaderLen != tt.headerLen || f.PayloadLen != tt.payloadLen || !bytes.Equal(f.Raw, tt.frame) || f.Payload != nil {
				t.Errorf("fatal frame: HeaderLen %d PayloadLen %d Raw %x Payload %v; want %d %d %x nil",
					f.HeaderLen, f.PayloadLen, f.Raw, f.Payload, tt.headerLen, tt.payloadLen, tt.frame)
			}
			if f.Masked && f.MaskKey != [4]byte{1, 2, 3, 4} {
				t.Errorf("fatal frame: mask key %x not parsed", f.MaskKey)
			}
			if d.Buffered() != 0 {
				t.Errorf("Buffered = %d after a fatal error, want 0", d.Buffered())
			}
			if fs := d.Feed(after); fs != nil {
				t.Errorf("Feed after a fatal error returned %d frames", len(fs))
			}
			// Byte by byte gives the same result.
			bytewise := make([][]byte, len(stream))
			for i := range stream {
				bytewise[i] = stream[i : i+1]
			}
			if got, _ := feedChunks(tt.from, 0, bytewise...); !reflect.DeepEqual(got, frames) {
				t.Errorf("byte by byte: frames differ")
			}
		})
	}
}

// TestHugeDeclaredLengthIsNotAllocated: a frame may declare 3·2^60 bytes;
// the decoder waits for them without allocating for them.
func TestHugeDeclaredLengthIsNotAllocated(t *testing.T) {
	t.Parallel()
	d := NewFrameDecoder(FromServer, 0)
	if fs := d.Feed(unhex(t, "82 7f 3000000000000000 0102")); fs != nil || d.Err() != nil {
		t.Fatalf("got %d frames, err %v; want the decoder to wait", len(fs), d.Err())
	}
	if got := d.Buffered(); got != 12 {
		t.Errorf("Buffered = %d, want 12", got)
	}
}

// TestFramesDoNotAlias: frames must survive the caller reusing its read
// buffer and the decoder reusing its own.
func TestFramesDoNotAlias(t *testing.T) {
	t.Parallel()
	key := [4]byte{5, 6, 7, 8}
	buf := make([]byte, 0, 64)
	buf = AppendFrame(buf, true, 0, OpText, &key, []byte("first"))
	split := len(buf) - 2
	buf = AppendFrame(buf, true, 0, OpText, &key, []byte("second"))

	d := NewFrameDecoder(FromClient, 0)
	got := d.Feed(buf[:split])                // "first" incomplete: held internally
	got = append(got, d.Feed(buf[split:])...) // completes "first" and "second"
	want := []string{"first", "second"}
	raws := [][]byte{bytes.Clone(got[0].Raw), bytes.Clone(got[1].Raw)}

	for i := range buf {
		buf[i] = 0xEE // the caller reuses its buffer
	}
	d.Feed(AppendFrame(nil, false, 0, OpText, &key, []byte("third, pending"))[:9]) // the decoder reuses its own
	for i, f := range got {
		if string(f.Payload) != want[i] || !bytes.Equal(f.Raw, raws[i]) {
			t.Errorf("frame %d changed: payload %q raw %x", i, f.Payload, f.Raw)
		}
		// Raw and Payload share one allocation (or, unmasked, the same
		// bytes); appending to Raw must not write into Payload.
		_ = append(f.Raw, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
		if string(f.Payload) != want[i] {
			t.Errorf("frame %d: appending to Raw changed Payload to %q", i, f.Payload)
		}
	}
}

func TestZeroValueDecoder(t *testing.T) {
	t.Parallel()
	var d FrameDecoder
	fs := d.Feed(unhex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58"))
	if len(fs) != 1 || string(fs[0].Payload) != "Hello" || fs[0].Violation != "" {
		t.Fatalf("zero FrameDecoder: %+v", fs)
	}
}

func ExampleFrameDecoder() {
	d := NewFrameDecoder(FromClient, 1<<20)
	stream := []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58} // RFC 6455 §5.7
	// Bytes arrive in arbitrary chunks; a frame comes out when it is complete.
	fmt.Println(len(d.Feed(stream[:4])), d.Buffered())
	for _, f := range d.Feed(stream[4:]) {
		fmt.Printf("%v fin=%v masked=%v key=%x len=%d (%d-bit form) %q\n",
			f.Opcode, f.Fin, f.Masked, f.MaskKey, f.PayloadLen, f.LengthForm, f.Payload)
	}
	// Output:
	// 0 4
	// text fin=true masked=true key=37fa213d len=5 (7-bit form) "Hello"
}

// With the handshake unseen (AllowUnseenRSV1), RSV1 on the first frame of
// a data message breaks no rule and inflates nothing; RSV1 on a control
// frame, and RSV2, still break one.
func TestAllowUnseenRSV1(t *testing.T) {
	for _, tc := range []struct {
		name      string
		frame     []byte
		violation bool
	}{
		{"RSV1 text", AppendFrame(nil, true, 4, OpText, nil, []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), false},
		{"RSV1 ping", AppendFrame(nil, true, 4, OpPing, nil, nil), true},
		{"RSV2 text", AppendFrame(nil, true, 2, OpText, nil, []byte("hi")), true},
	} {
		d := NewFrameDecoder(FromServer, 0)
		d.AllowUnseenRSV1()
		var got []Frame
		d.Decode(tc.frame, func(f *Frame) { got = append(got, *f) })
		if len(got) != 1 {
			t.Fatalf("%s: %d frames", tc.name, len(got))
		}
		if (got[0].Violation != "") != tc.violation || got[0].Compressed {
			t.Errorf("%s: violation %q, compressed %v", tc.name, got[0].Violation, got[0].Compressed)
		}
	}
}
