package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// DefaultMaxPayload is the per-frame payload cap a FrameDecoder uses when it
// is given 0 (or is a zero value): far above anything a demo sends, far below
// what would hurt the machine if a peer declared a huge length.
const DefaultMaxPayload = 16 << 20

// maxPayloadCeiling bounds any cap so that header + 2×payload (the one
// allocation a frame gets) always fits in an int, even on 32-bit platforms.
const maxPayloadCeiling = (math.MaxInt - 64) / 2

// The fatal errors Err wraps, for callers that react to the kind of failure
// (errors.Is) rather than print it.
var (
	// ErrLengthMSB: a 64-bit extended payload length had its most
	// significant bit set (RFC 6455 §5.2). The stream cannot be resynced.
	ErrLengthMSB = errors.New("64-bit payload length has its most significant bit set")
	// ErrFrameTooLarge: a frame declared more payload than the decoder's cap.
	ErrFrameTooLarge = errors.New("frame payload exceeds the decoder's limit")
)

// FrameDecoder decodes the RFC 6455 frames one side of a connection sent. It
// is streaming: Feed takes the bytes in whatever chunks the tap saw them and
// returns each frame once its last byte has arrived, so a frame split across
// reads, or several frames in one read, decode the same.
//
// Rule violations that leave the stream decodable are reported on the frame
// (Frame.Violation) and decoding goes on, because a lesson wants to show the
// broken frame and what came after it. Only a length the decoder cannot or
// will not honour is fatal: after it, Err is set and Feed returns nothing.
//
// The zero value decodes client frames with DefaultMaxPayload. A
// FrameDecoder is not safe for concurrent use; one direction of one
// connection has one decoder.
type FrameDecoder struct {
	from       Sender
	maxPayload uint64 // 0 means DefaultMaxPayload
	// pend holds the start of a frame whose last byte has not arrived yet.
	// It is reused across frames, so nothing handed out may alias it.
	pend []byte
	off  int64 // stream offset of the first byte of pend (or of the next frame)
	err  error
}

// NewFrameDecoder returns a decoder for frames sent by from. The sender
// matters because client frames must be masked and server frames must not be
// (RFC 6455 §5.1). maxPayload caps one frame's payload in bytes: a larger
// declared length is a fatal violation, so a bogus length can never make the
// decoder wait for, or allocate, gigabytes. 0 means DefaultMaxPayload; values
// too large to allocate are lowered to what an int can index.
func NewFrameDecoder(from Sender, maxPayload uint64) *FrameDecoder {
	return &FrameDecoder{from: from, maxPayload: maxPayload}
}

// Buffered reports how many bytes the decoder holds waiting for the rest of a
// frame. A non-zero value when the connection closes means the stream ended
// in the middle of a frame. It is 0 after a fatal error.
func (d *FrameDecoder) Buffered() int { return len(d.pend) }

// Err reports the fatal error that stopped decoding, or nil. The error
// wraps ErrLengthMSB or ErrFrameTooLarge and gives the stream offset of the
// offending frame.
func (d *FrameDecoder) Err() error { return d.err }

// limit is the effective payload cap.
func (d *FrameDecoder) limit() uint64 {
	switch {
	case d.maxPayload == 0:
		return DefaultMaxPayload
	case d.maxPayload > maxPayloadCeiling:
		return maxPayloadCeiling
	}
	return d.maxPayload
}

// Feed consumes the next bytes of the stream and returns the frames they
// complete, in order (nil when none). p may be any chunk of the stream,
// including empty; Feed copies what it keeps, so the caller may reuse p.
// After a fatal error the last returned frame describes it (its Violation
// names the fatal rule even if the header also broke an earlier one) and
// every later call returns nil.
func (d *FrameDecoder) Feed(p []byte) []Frame {
	var out []Frame
	d.Decode(p, func(f *Frame) { out = append(out, *f) })
	return out
}

// Decode is Feed without the slice: it calls emit with each frame p
// completes, in order, before returning. Each *Frame is new, so emit may
// keep it. The tap decodes this way, one allocation fewer per frame.
func (d *FrameDecoder) Decode(p []byte, emit func(*Frame)) {
	for d.err == nil {
		var (
			f      Frame
			n      int
			status parseStatus
		)
		if len(d.pend) > 0 {
			// Complete the pending frame, taking from p only what it needs so
			// that the following frames take the copy-free path below.
			f, n, status = d.parse(d.pend)
			if status == needMore {
				if len(p) == 0 {
					return
				}
				take := min(n-len(d.pend), len(p))
				d.pend = append(d.pend, p[:take]...)
				p = p[take:]
				continue // the header may be complete now: parse again
			}
			d.off += int64(n)
			d.pend = d.pend[:0]
			if cap(d.pend) > 1<<20 {
				d.pend = nil // don't pin a huge frame's buffer for the connection's life
			}
		} else {
			if len(p) == 0 {
				return
			}
			f, n, status = d.parse(p)
			if status == needMore {
				d.pend = append(d.pend, p...)
				return
			}
			d.off += int64(n)
			p = p[n:]
		}
		if status == fatal {
			d.pend = nil
		}
		emit(&f)
	}
}

type parseStatus int

const (
	needMore parseStatus = iota // n is the total length b must reach for progress
	complete                    // f is a frame of n bytes
	fatal                       // f describes a fatal violation in its first n bytes; d.err is set
)

// parse decodes the frame at the start of b. It needs the header to decide
// anything, then the whole frame; when b is too short it says how long b
// must be for the next step. It never looks past the frame, so parsing the
// same bytes always gives the same answer however they were chunked.
func (d *FrameDecoder) parse(b []byte) (Frame, int, parseStatus) {
	if len(b) < 2 {
		return Frame{}, 2, needMore
	}
	b0, b1 := b[0], b[1]
	var f Frame
	f.Fin = b0&0x80 != 0
	f.RSV = b0 >> 4 & 0x7
	f.Opcode = Opcode(b0 & 0xF)
	f.Masked = b1&0x80 != 0

	h := 2
	switch b1 & 0x7F {
	case 126:
		f.LengthForm = 16
		h += 2
	case 127:
		f.LengthForm = 64
		h += 8
	default:
		f.LengthForm = 7
	}
	extEnd := h
	if f.Masked {
		h += 4
	}
	if len(b) < h {
		return Frame{}, h, needMore
	}
	switch f.LengthForm {
	case 7:
		f.PayloadLen = uint64(b1 & 0x7F)
	case 16:
		f.PayloadLen = uint64(binary.BigEndian.Uint16(b[2:]))
	case 64:
		f.PayloadLen = binary.BigEndian.Uint64(b[2:])
	}
	if f.Masked {
		copy(f.MaskKey[:], b[extEnd:h])
	}
	f.HeaderLen = h

	// Fatal: the length cannot be honoured, so the frame's end, and with it
	// every later frame boundary, is unknown or not worth waiting for.
	var fatalErr error
	switch {
	case f.LengthForm == 64 && f.PayloadLen>>63 != 0:
		f.Violation, f.ViolationMsg = lang.Both("the 64-bit payload length has its most significant bit set (RFC 6455 §5.2)")
		fatalErr = ErrLengthMSB
	case f.PayloadLen > d.limit():
		f.Violation, f.ViolationMsg = lang.Both("declared payload length %d exceeds this decoder's limit of %d bytes, so decoding stops (RFC 6455 §10.4 lets endpoints limit frame size)", f.PayloadLen, d.limit())
		fatalErr = ErrFrameTooLarge
	}
	if fatalErr != nil {
		f.Raw = append([]byte(nil), b[:h]...)
		d.err = fmt.Errorf("websocket frame from %s at stream offset %d: %w", d.from, d.off, fatalErr)
		return f, h, fatal
	}

	n := int(f.PayloadLen) // fits: PayloadLen ≤ limit ≤ maxPayloadCeiling
	total := h + n
	if len(b) < total {
		return Frame{}, total, needMore
	}

	// One allocation holds Raw and then Payload. Raw is capped with a full
	// slice expression so an append to it cannot overwrite Payload.
	buf := make([]byte, total+n)
	copy(buf, b[:total])
	f.Raw = buf[:total:total]
	f.Payload = buf[total:]
	if f.Masked {
		maskBytes(f.Payload, f.Raw[h:], f.MaskKey)
	} else {
		copy(f.Payload, f.Raw[h:])
	}
	if f.Opcode == OpClose && n >= 2 {
		f.CloseCode = int(binary.BigEndian.Uint16(f.Payload))
		f.CloseReason = string(f.Payload[2:])
	}
	if m := d.violation(&f); m.Format != "" {
		f.Violation, f.ViolationMsg = lang.Trace.Say(m), m
	}
	return f, total, complete
}

// violation returns the first non-fatal rule a complete frame breaks, in the
// order a reader meets the fields on the wire (first byte, second byte,
// extended length, payload), or the zero Msg.
func (d *FrameDecoder) violation(f *Frame) trace.Msg {
	if f.RSV != 0 {
		// The decoder is not told about extensions: wsdemo's demos negotiate
		// none (coder/websocket defaults to CompressionDisabled), so a set RSV
		// bit always means a peer broke the rule.
		return rsvViolation(f.RSV)
	}
	if f.Opcode.reserved() {
		return lang.M("opcode 0x%X is reserved for future use (RFC 6455 §5.2)", uint8(f.Opcode))
	}
	if f.Opcode.IsControl() && !f.Fin {
		return lang.M("control frames must not be fragmented, but this %s frame has FIN clear (RFC 6455 §5.5)", f.Opcode.String())
	}
	if d.from == FromClient && !f.Masked {
		return lang.M("client frames must be masked (RFC 6455 §5.1)")
	}
	if d.from == FromServer && f.Masked {
		return lang.M("server frames must not be masked (RFC 6455 §5.1)")
	}
	if f.Opcode.IsControl() && f.PayloadLen > 125 {
		return lang.M("control frames carry at most 125 payload bytes, but this %s frame has %d (RFC 6455 §5.5)", f.Opcode.String(), f.PayloadLen)
	}
	if (f.LengthForm == 16 && f.PayloadLen < 126) || (f.LengthForm == 64 && f.PayloadLen <= 0xFFFF) {
		return lang.M("payload length %d is sent in the %#d-bit form where a shorter one fits; the minimal number of bytes must be used (RFC 6455 §5.2)", f.PayloadLen, f.LengthForm)
	}
	if f.Opcode == OpClose {
		switch {
		case len(f.Payload) == 1:
			return lang.M("a close payload of 1 byte is invalid: a close body starts with a 2-byte status code (RFC 6455 §5.5.1)")
		case len(f.Payload) >= 2 && !ValidCloseCodeOnWire(f.CloseCode):
			return closeCodeViolation(f.CloseCode)
		case len(f.Payload) > 2 && !utf8.ValidString(f.CloseReason):
			return lang.M("the close reason is not valid UTF-8 (RFC 6455 §5.5.1)")
		}
	}
	return trace.Msg{}
}

// rsvViolation names the set RSV bits: one sentence for each combination,
// so that a translation agrees with one bit or several.
func rsvViolation(rsv uint8) trace.Msg {
	switch rsv & 7 {
	case 4:
		return lang.M("RSV1 is set but no extension was negotiated (RFC 6455 §5.2)")
	case 2:
		return lang.M("RSV2 is set but no extension was negotiated (RFC 6455 §5.2)")
	case 1:
		return lang.M("RSV3 is set but no extension was negotiated (RFC 6455 §5.2)")
	case 6:
		return lang.M("RSV1 and RSV2 are set but no extension was negotiated (RFC 6455 §5.2)")
	case 5:
		return lang.M("RSV1 and RSV3 are set but no extension was negotiated (RFC 6455 §5.2)")
	case 3:
		return lang.M("RSV2 and RSV3 are set but no extension was negotiated (RFC 6455 §5.2)")
	}
	return lang.M("RSV1, RSV2 and RSV3 are set but no extension was negotiated (RFC 6455 §5.2)")
}

// closeCodeViolation explains why code may not appear in a close frame.
func closeCodeViolation(code int) trace.Msg {
	switch {
	case code == 1005 || code == 1006 || code == 1015:
		return lang.M("close code %#d (%s) is reserved for reporting locally and must never be sent in a close frame (RFC 6455 §7.4.1)", code, CloseCodeName(code))
	case code == 1004:
		return lang.M("close code 1004 is invalid: it is reserved, and no meaning is defined for it (RFC 6455 §7.4.1)")
	case code < 1000:
		return lang.M("close code %#d is invalid: codes below 1000 are not used (RFC 6455 §7.4.2)", code)
	case code < 3000:
		return lang.M("close code %#d is invalid: 1016-2999 are reserved for future revisions of the protocol (RFC 6455 §7.4.2)", code)
	}
	return lang.M("close code %#d is invalid: status codes end at 4999 (RFC 6455 §7.4.2)", code)
}
