package testkit

import (
	"encoding/hex"
	"testing"
	"unicode/utf8"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// CheckFrameMatchesRaw decodes a ws.frame event's raw bytes again with a
// fresh wire.FrameDecoder and fails t unless every key of its frame object
// says what the bytes say, the bytes are exactly one frame breaking no rule,
// and every field lies inside them. It works on events as recorded and as
// read back from --json.
func CheckFrameMatchesRaw(t testing.TB, e trace.Event) {
	t.Helper()
	from := wire.FromClient
	if e.From == trace.Server {
		from = wire.FromServer
	}
	dec := wire.NewFrameDecoder(from, 0)
	fs := dec.Feed(e.Raw)
	var f wire.Frame
	switch p := dec.Partial(); {
	case len(fs) == 1 && dec.Buffered() == 0 && dec.Err() == nil:
		f = fs[0]
	case len(fs) == 0 && p != nil && len(e.Raw) == p.HeaderLen+wire.DefaultKeep && p.PayloadLen > wire.DefaultKeep:
		// A frame the tap's decoder cut to its kept prefix (raw_truncated):
		// the raw bytes are its header and its first DefaultKeep payload
		// bytes, and the fields must say what the header says.
		f = *p
		f.Violation = e.Frame.Violation // judged on bytes that were not kept
	default:
		t.Fatalf("seq %d: raw %.64x… (%d bytes) decodes to %d frames, %d bytes left over", e.Seq, []byte(e.Raw), len(e.Raw), len(fs), dec.Buffered())
	}
	got := e.Frame
	want := trace.Frame{Fin: f.Fin, RSV: int(f.RSV), Opcode: int(f.Opcode), OpcodeName: f.Opcode.String(),
		Masked: f.Masked, PayloadLen: f.PayloadLen, HeaderLen: f.HeaderLen,
		CloseCode: f.CloseCode, CloseReason: f.CloseReason, Violation: f.Violation}
	if f.Masked {
		want.MaskKey = hex.EncodeToString(f.MaskKey[:])
	}
	if !(f.Opcode == wire.OpClose && len(f.Payload) >= 2) && len(f.Payload) > 0 {
		if utf8.Valid(f.Payload) {
			want.Payload = string(f.Payload)
		} else {
			want.PayloadHex = hex.EncodeToString(f.Payload)
		}
	}
	if got == nil || *got != want {
		t.Fatalf("seq %d %s: frame %+v, raw says %+v", e.Seq, e.Summary, got, want)
	}
	if got.Violation != "" {
		t.Errorf("seq %d: violation %q", e.Seq, got.Violation)
	}
	for _, fl := range e.Expanded().Fields {
		if fl.Off < 0 || fl.Off+fl.Len > len(e.Raw) {
			t.Errorf("seq %d: field %s [%d,+%d) outside %d raw bytes", e.Seq, fl.Name, fl.Off, fl.Len, len(e.Raw))
		}
	}
}
