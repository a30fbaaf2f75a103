package wire

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
)

// fuzzSeeds are the streams FuzzFrameDecoder starts from: the RFC 6455 §5.7
// vectors, the Autobahn edge lengths, every rule the decoder checks, fatal
// lengths, and truncations of them.
func fuzzSeeds() [][]byte {
	h := func(s string) []byte {
		b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		if err != nil {
			panic(err)
		}
		return b
	}
	key := &[4]byte{0x37, 0xfa, 0x21, 0x3d}
	seeds := [][]byte{
		h("81 05 48656c6c6f"),                                       // §5.7 unmasked text
		h("81 85 37fa213d 7f9f4d5158"),                              // §5.7 masked text
		h("01 03 48656c 80 02 6c6f"),                                // §5.7 fragmented
		h("89 05 48656c6c6f"),                                       // §5.7 unmasked ping
		h("8a 85 37fa213d 7f9f4d5158"),                              // §5.7 masked pong
		append(h("82 7e 0100"), make([]byte, 256)...),               // §5.7 256 bytes
		append(h("82 7f 0000000000010000"), make([]byte, 65536)...), // §5.7 64 KiB
		h("82 7f 8000000000000000"),                                 // MSB set: fatal
		h("82 ff ffffffffffffffff 01020304"),                        // all ones, masked: fatal
		h("82 7f 0000000000011171"),                                 // 70001 declared, few arrive
		h("82 7e 0005 0102030405"),                                  // non-minimal 16-bit
		h("82 7f 0000000000000005 0102030405"),                      // non-minimal 64-bit
		append(h("82 7f 000000000000ffff"), make([]byte, 65535)...), // non-minimal 64-bit at the edge
		h("88 7e 0002 03e8"),                                        // non-minimal close
		h("89 7f 00000000000000c8"),                                 // truncated oversized ping
		{},
		{0x81},
		{0x81, 0xFE, 0x00},
	}
	for _, n := range []int{0, 1, 2, 125, 126, 127, 128, 65535, 65536} {
		p := make([]byte, n)
		seeds = append(seeds,
			AppendFrame(nil, true, 0, OpBinary, nil, p),
			AppendFrame(nil, true, 0, OpText, key, p))
	}
	for rsv := uint8(1); rsv < 8; rsv++ {
		seeds = append(seeds, AppendFrame(nil, true, rsv, OpText, key, []byte("rsv")))
	}
	for _, op := range []Opcode{0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF} {
		seeds = append(seeds, AppendFrame(nil, true, 0, op, key, []byte("op")))
	}
	seeds = append(seeds,
		AppendFrame(nil, false, 0, OpPing, key, []byte("fragmented ping")),
		AppendFrame(nil, false, 0, OpClose, nil, ClosePayload(1000, "")),
		AppendFrame(nil, true, 0, OpPing, key, make([]byte, 126)),
		AppendFrame(nil, true, 0, OpPong, nil, make([]byte, 300)),
		AppendFrame(nil, true, 0, OpClose, key, nil),
		AppendFrame(nil, true, 0, OpClose, key, []byte{0x03}),
		AppendFrame(nil, true, 0, OpClose, key, ClosePayload(1000, "\xff\xfe")),
		AppendFrame(nil, true, 0, OpContinuation, key, []byte("orphan")),
		append(AppendFrame(nil, false, 0, OpText, key, []byte("a")), AppendFrame(nil, true, 0, OpBinary, key, []byte("b"))...),
		splitStream(),
	)
	for _, code := range []int{0, 999, 1000, 1004, 1005, 1006, 1013, 1015, 1016, 2999, 3000, 4999, 5000} {
		seeds = append(seeds, AppendFrame(nil, true, 0, OpClose, key, ClosePayload(code, "why")))
	}
	// Truncations: a frame cut inside its header and inside its payload.
	whole := AppendFrame(nil, true, 0, OpText, key, []byte("truncated here"))
	for _, n := range []int{1, 2, 5, 6, 7, len(whole) - 1} {
		seeds = append(seeds, whole[:n])
	}
	return seeds
}

// FuzzFrameDecoder checks that the decoder never panics, that every frame it
// returns is self-consistent, that how the stream is chunked never changes
// what comes out, and that a decoder keeping only a prefix of each payload
// reports the same frames cut to that prefix: same fields, same verdicts,
// exact prefix, Truncated set exactly when bytes were dropped.
func FuzzFrameDecoder(f *testing.F) {
	for i, s := range fuzzSeeds() {
		f.Add(s, uint(i*7), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint, client bool) {
		from := FromServer
		if client {
			from = FromClient
		}
		// Keeping len(data) bytes keeps every payload that can complete.
		full := max(len(data), 1)
		want, dw := feedChunks(from, full, data)
		checkFrames(t, data, want, dw)

		at := int(split % uint(len(data)+1))
		got, ds := feedChunks(from, full, data[:at], data[at:])
		compareRuns(t, "split at "+strconv.Itoa(at), want, dw, got, ds)

		// The streaming path: keep a short prefix, in the same two chunks.
		keep := maxControlPayload + int(split%256)
		var cut []Frame
		for _, fr := range want {
			cut = append(cut, cutFrame(fr, keep))
		}
		got, ds = feedChunks(from, keep, data[:at], data[at:])
		compareRuns(t, "keeping "+strconv.Itoa(keep)+", split at "+strconv.Itoa(at), cut, dw, got, ds)

		if len(data) <= 512 {
			chunks := make([][]byte, len(data))
			for i := range data {
				chunks[i] = data[i : i+1]
			}
			got, db := feedChunks(from, full, chunks...)
			compareRuns(t, "byte by byte", want, dw, got, db)
			got, db = feedChunks(from, keep, chunks...)
			compareRuns(t, "byte by byte keeping "+strconv.Itoa(keep), cut, dw, got, db)
		}

		// Messages assembled from cut frames agree with those from whole
		// ones on everything but the bytes kept, which are a prefix.
		a, b := MessageAssembler{Keep: full}, MessageAssembler{Keep: keep}
		for i := range want {
			m, done, va := a.Add(&want[i])
			mc, donec, vb := b.Add(&cut[i])
			if done && m.Frames < 1 {
				t.Fatalf("message with %d frames", m.Frames)
			}
			if done != donec || lang.Trace.Say(va) != lang.Trace.Say(vb) || m.Length != mc.Length || m.Frames != mc.Frames || m.Violation != mc.Violation ||
				!bytes.HasPrefix(m.Payload, mc.Payload) || mc.Truncated != (uint64(len(mc.Payload)) < mc.Length) {
				t.Fatalf("frame %d: message %+v from whole frames, %+v from cut ones", i, m, mc)
			}
			if done && uint64(len(m.Payload)) != m.Length {
				t.Fatalf("frame %d: whole frames gave a message of %d bytes, length %d", i, len(m.Payload), m.Length)
			}
		}
	})
}

// cutFrame is what a decoder keeping keep payload bytes reports for the
// frame f a decoder keeping everything reported.
func cutFrame(f Frame, keep int) Frame {
	if f.Payload == nil || len(f.Payload) <= keep { // a fatal frame, or nothing to cut
		return f
	}
	f.Raw = f.Raw[:f.HeaderLen+keep]
	f.Payload = f.Payload[:keep]
	f.Truncated = true
	if f.Opcode == OpClose && keep >= 2 {
		f.CloseReason = string(f.Payload[2:])
	}
	return f
}

// compareRuns fails unless two decodings of the same stream agree.
func compareRuns(t *testing.T, how string, want []Frame, dw *FrameDecoder, got []Frame, dg *FrameDecoder) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %d frames differ from the %d of feeding whole", how, len(got), len(want))
	}
	if (dg.Err() == nil) != (dw.Err() == nil) || dg.Err() != nil && dg.Err().Error() != dw.Err().Error() {
		t.Fatalf("%s: Err %v, whole gave %v", how, dg.Err(), dw.Err())
	}
	if dg.Buffered() != dw.Buffered() {
		t.Fatalf("%s: Buffered %d, whole gave %d", how, dg.Buffered(), dw.Buffered())
	}
}

// checkFrames checks the invariants every decoded frame must satisfy.
func checkFrames(t *testing.T, data []byte, frames []Frame, d *FrameDecoder) {
	t.Helper()
	consumed := 0
	for i, f := range frames {
		if !bytes.Equal(f.Raw, data[consumed:consumed+len(f.Raw)]) {
			t.Fatalf("frame %d: Raw is not the next bytes of the stream", i)
		}
		consumed += len(f.Raw)
		fatal := d.Err() != nil && i == len(frames)-1
		if fatal {
			if f.Violation == "" || f.Payload != nil || len(f.Raw) != f.HeaderLen {
				t.Fatalf("fatal frame: violation %q, payload %v, Raw %d bytes, HeaderLen %d", f.Violation, f.Payload, len(f.Raw), f.HeaderLen)
			}
		} else if uint64(len(f.Payload)) != f.PayloadLen || len(f.Raw) != f.HeaderLen+len(f.Payload) || f.Truncated {
			t.Fatalf("frame %d: HeaderLen %d PayloadLen %d, but %d raw and %d payload bytes",
				i, f.HeaderLen, f.PayloadLen, len(f.Raw), len(f.Payload))
		}
		// The spans tile Raw from its first byte to its last.
		off := 0
		for _, s := range f.Spans() {
			if s.Off != off || s.Len <= 0 {
				t.Fatalf("frame %d: spans %v do not tile Raw", i, f.Spans())
			}
			off += s.Len
		}
		if off != len(f.Raw) {
			t.Fatalf("frame %d: spans %v cover %d of %d bytes", i, f.Spans(), off, len(f.Raw))
		}
		if f.Violation != "" && !strings.Contains(f.Violation, "RFC 6455 §") {
			t.Fatalf("frame %d: violation %q cites no section", i, f.Violation)
		}
		// A frame in the minimal length form re-encodes to its exact bytes.
		minimal := f.LengthForm == 7 || f.LengthForm == 16 && f.PayloadLen >= 126 || f.LengthForm == 64 && f.PayloadLen > 0xFFFF
		if !fatal && minimal {
			var mask *[4]byte
			if f.Masked {
				mask = &f.MaskKey
			}
			if re := AppendFrame(nil, f.Fin, f.RSV, f.Opcode, mask, f.Payload); !bytes.Equal(re, f.Raw) {
				t.Fatalf("frame %d: re-encodes to %x, was %x", i, re, f.Raw)
			}
		}
	}
	if d.Err() == nil && consumed+d.Buffered() != len(data) {
		t.Fatalf("%d bytes in frames + %d buffered != %d fed", consumed, d.Buffered(), len(data))
	}
}
