package gobwas

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/gobwas/ws"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/wire"
)

// Each benchmark has three sub-benchmarks on the same reads: impl=wsdemo
// (wire.FrameDecoder.Decode, the tap's path: it keeps each frame's Raw, up
// to wire.DefaultKeep payload bytes, unmasks into a buffer it lends, and
// checks UTF-8 in text), impl=gobwas (ws.ReadHeader, then the payload read
// and unmasked with ws.Cipher), and impl=alternating, which runs one of
// each in turn and reports their time ratio (wsdemo-speed: gobwas's time
// over wsdemo's, above 1 when wsdemo is faster). On a shared machine whose
// load changes from second to second the ratio is the figure to quote:
// both sides see the same load.
//
//	go test -bench /impl=alternating -count 8
//	go test -bench '/impl=(wsdemo|gobwas)' -count 10 | tee out.txt && benchstat -col /impl out.txt

// readsReader hands out reads one by one, as a connection does: gobwas
// sees the same boundaries as wsdemo's decoder.
type readsReader struct {
	reads [][]byte
	cur   []byte
}

func (r *readsReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if len(r.reads) == 0 {
			return 0, io.EOF
		}
		r.cur, r.reads = r.reads[0], r.reads[1:]
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// compare runs both decoders on reads, which hold frames frames.
// gobwasCopies says whether gobwas copies each payload into a new slice
// (as the single-frame rows measured it) or reuses one buffer (the
// stream row).
func compare(b *testing.B, frames int, gobwasCopies bool, reads ...[]byte) {
	size := 0
	for _, r := range reads {
		size += len(r)
	}
	d := wire.NewFrameDecoder(wire.FromClient, 0)
	n := 0
	count := func(*wire.Frame) { n++ }
	ours := func() {
		for _, r := range reads {
			d.Decode(r, count)
		}
	}
	var buf []byte
	rr := &readsReader{}
	theirs := func() {
		rr.reads, rr.cur = reads, nil
		for range frames {
			h, err := ws.ReadHeader(rr)
			if err != nil {
				b.Fatal(err)
			}
			if gobwasCopies || cap(buf) < int(h.Length) {
				buf = make([]byte, h.Length)
			}
			p := buf[:h.Length]
			if _, err := io.ReadFull(rr, p); err != nil {
				b.Fatal(err)
			}
			ws.Cipher(p, h.Mask, 0)
		}
	}
	for _, impl := range []struct {
		name string
		run  func()
	}{{"wsdemo", ours}, {"gobwas", theirs}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				impl.run()
			}
		})
	}
	b.Run("impl=alternating", func(b *testing.B) {
		// Batches long enough that reading the clock costs nothing.
		batch := max(1, 64<<10/size)
		var tOurs, tTheirs time.Duration
		for b.Loop() {
			t0 := time.Now()
			for range batch {
				ours()
			}
			t1 := time.Now()
			for range batch {
				theirs()
			}
			tOurs += t1.Sub(t0)
			tTheirs += time.Since(t1)
		}
		b.ReportMetric(tTheirs.Seconds()/tOurs.Seconds(), "wsdemo-speed")
		b.ReportMetric(float64(size*batch*b.N)/tOurs.Seconds()/1e9, "wsdemo-GB/s")
		b.ReportMetric(float64(size*batch*b.N)/tTheirs.Seconds()/1e9, "gobwas-GB/s")
	})
	if n%frames != 0 {
		b.Fatalf("wsdemo decoded %d frames, not a multiple of %d", n, frames)
	}
}

// BenchmarkMaskedFrame64K: one masked 64 KiB frame in one read.
func BenchmarkMaskedFrame64K(b *testing.B) {
	compare(b, 1, true, testkit.Masked64K())
}

// BenchmarkMaskedFrame125: one masked 125-byte text frame.
func BenchmarkMaskedFrame125(b *testing.B) {
	compare(b, 1, true, testkit.Masked125())
}

// BenchmarkStreamRandomChunks: 1000 small masked frames in reads of random
// sizes.
func BenchmarkStreamRandomChunks(b *testing.B) {
	_, reads := testkit.SmallFrameStream()
	compare(b, 1000, false, reads...)
}

// TestSameFrames checks that both decoders see the same payloads, so the
// benchmarks compare the same work.
func TestSameFrames(t *testing.T) {
	stream, reads := testkit.SmallFrameStream()
	var ours [][]byte
	d := wire.NewFrameDecoder(wire.FromClient, 0)
	for _, r := range reads {
		d.Decode(r, func(f *wire.Frame) { ours = append(ours, bytes.Clone(f.Payload)) }) // Payload is lent for the call only
	}
	rr := bytes.NewReader(stream)
	for i := range 1000 {
		h, err := ws.ReadHeader(rr)
		if err != nil {
			t.Fatal(err)
		}
		p := make([]byte, h.Length)
		io.ReadFull(rr, p)
		ws.Cipher(p, h.Mask, 0)
		if !bytes.Equal(p, ours[i]) {
			t.Fatalf("frame %d: gobwas %q, wsdemo %q", i, p, ours[i])
		}
	}
	if len(ours) != 1000 {
		t.Fatalf("wsdemo decoded %d frames", len(ours))
	}
}
