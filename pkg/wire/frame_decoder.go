package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// DefaultKeep is how many payload bytes of one frame a FrameDecoder keeps
// (in Frame.Payload, and after the header in Frame.Raw) when it is given 0,
// how many bytes of one message a MessageAssembler keeps, and how many body
// bytes of one HTTP message an HTTPDecoder keeps. The rest is counted and
// checked, not kept.
//
// 32 KiB holds every frame, message and body a demo sends whole (all but
// duplex --too-big's 64 KiB + 1), is far more than a screen shows, and
// bounds what one frame can cost whatever its declared length: one
// allocation of its Raw, at most 32 KiB and a header, less than a WebSocket
// library spends to read a 64 KiB message once.
const DefaultKeep = 32 << 10

// maxHeaderLen is the longest frame header: 2 bytes, 8 of extended length
// and 4 of masking key (§5.2).
const maxHeaderLen = 14

// ErrLengthMSB is the fatal error Err wraps when a 64-bit extended payload
// length had its most significant bit set (RFC 6455 §5.2): such a frame
// would never end, so the stream cannot be resynced.
//
// It is the only fatal error. The decoder streams a payload without holding
// it, so no declared length, however large, costs memory: a decoding cap
// would only hide frames that really crossed (an endpoint's own limit, RFC
// 6455 §10.4, is the endpoint's business, and the trace shows what it did).
var ErrLengthMSB = errors.New("64-bit payload length has its most significant bit set")

// FrameDecoder decodes the RFC 6455 frames one side of a connection sent. It
// is streaming: Feed takes the bytes in whatever chunks the tap saw them and
// returns each frame once its last byte has arrived, so a frame split across
// reads, or several frames in one read, decode the same.
//
// Memory is bounded whatever the peer sends: a frame's payload streams
// through the decoder, which keeps its header and only the first bytes of
// its payload (see DefaultKeep and Frame.Truncated) while it counts the
// rest, checks UTF-8 in text messages (§8.1) and unmasks as it goes.
//
// Rule violations that leave the stream decodable are reported on the frame
// (Frame.Violation) and decoding goes on, because a lesson wants to show the
// broken frame and what came after it. Only a length that can never end
// (ErrLengthMSB) is fatal: after it, Err is set and Feed returns nothing.
//
// The zero value decodes client frames, keeping DefaultKeep bytes of each. A
// FrameDecoder is not safe for concurrent use; one direction of one
// connection has one decoder.
type FrameDecoder struct {
	from Sender
	keep int // payload bytes kept per frame; 0 means DefaultKeep

	// The header of the next frame while it arrives in pieces.
	hdr  [maxHeaderLen]byte
	nhdr int
	// inFrame says that the header of frame is complete and its payload is
	// arriving; got counts its payload bytes so far, kept or not, and kept
	// those kept. Its Raw (header and kept payload as sent) goes into
	// bytes new for every frame: rawLen bytes at rawOff in block, or big for
	// a large frame. A masked frame's unmasked payload goes into plain,
	// which the decoder reuses. Raw and Payload are sliced only when the
	// frame is handed out: while the collector runs, every pointer written
	// costs a write barrier, and a frame's bytes cost none this way.
	inFrame        bool
	got            uint64
	kept           int
	rawOff, rawLen int
	big            []byte
	plain          []byte

	// UTF-8 validation of the text message the frames belong to (§8.1),
	// following the fragmentation rules of §5.4 as MessageAssembler does:
	// a text or binary frame starts a message, a continuation frame
	// continues an open one, control and reserved frames leave it alone.
	msgOpen, msgText bool // a fragmented message is open, and it is text
	msgCompressed    bool // the open message is compressed (permessage-deflate)
	checkText        bool // cur belongs to a text message
	text             utf8Stream
	scratch          []byte // unmasks payload bytes past the kept prefix for the check

	off int64 // stream offset of the next frame's first byte
	err error

	// inf inflates compressed messages when permessage-deflate is in use
	// (EnableDeflate); nil otherwise.
	inf *inflater
	// rsv1Unknown: RSV1 may belong to an extension agreed in a handshake
	// the decoder did not see (AllowUnseenRSV1).
	rsv1Unknown bool

	// frame is the one Frame Decode hands out, again and again: a Frame
	// on the heap per frame would cost more than the bytes it describes.
	frame Frame
	// The kept bytes of small frames are carved out of shared blocks, so
	// a stream of small frames costs a fraction of an allocation per
	// frame; blockOff is where the free part of block starts. A block is
	// never reused: bytes handed out stay valid for whoever keeps them.
	block    []byte
	blockOff int
}

// Kept bytes up to smallFrameBytes come from shared blocks of byteBlock
// bytes; larger ones get their own allocation.
const (
	byteBlock       = 16 << 10
	smallFrameBytes = 1 << 10
)

// NewFrameDecoder returns a decoder for frames sent by from. The sender
// matters because client frames must be masked and server frames must not be
// (RFC 6455 §5.1). keep caps the payload bytes kept of each frame (0 means
// DefaultKeep, and less than 125 means 125, the most a control frame may
// carry, §5.5); the rest of a longer payload is counted and checked, not
// kept, and the frame says it was cut (Frame.Truncated).
func NewFrameDecoder(from Sender, keep int) *FrameDecoder {
	return &FrameDecoder{from: from, keep: max(keep, 0)}
}

// EnableDeflate tells the decoder that permessage-deflate (RFC 7692) is in
// use on the connection: RSV1 on the first frame of a text or binary
// message then says the message is compressed (RFC 7692 §6) rather than
// breaking a rule, and the decoder inflates it as its frames stream past
// (RFC 7692 §7.2.2), keeping the first bytes of what it inflates to and
// counting the rest (Frame.Compressed, Frame.InflatedLen, Frame.Inflated).
// noContextTakeover says this side agreed to compress each message on its
// own (server_no_context_takeover for the server's frames,
// client_no_context_takeover for the client's, RFC 7692 §7.1.1); otherwise
// a message may refer back to the ones before it.
//
// Call it before the first frame; a compressed message's text is checked
// for UTF-8 once inflated, not as it crosses.
func (d *FrameDecoder) EnableDeflate(noContextTakeover bool) {
	d.inf = newInflater(noContextTakeover, int(d.keepLimit()))
}

// AllowUnseenRSV1 tells the decoder that the opening handshake is unknown
// (bytes pasted without it): RSV1 on the first frame of a text or binary
// message may then mark a message compressed by an extension that
// handshake agreed (permessage-deflate, RFC 7692 §6), so it breaks no rule
// of its own; the decoder neither calls it a violation nor inflates the
// payload, which it shows as it crossed. RSV1 elsewhere, and RSV2 and
// RSV3, still break RFC 6455 §5.2. Call it before the first frame, and
// not with EnableDeflate.
func (d *FrameDecoder) AllowUnseenRSV1() { d.rsv1Unknown = true }

// Buffered reports how many bytes of an unfinished frame have arrived: its
// header so far, or its header and the payload bytes so far (of which the
// decoder keeps at most the header and the kept prefix). A non-zero value
// when the connection closes means the stream ended in the middle of a
// frame. It is 0 after a fatal error.
func (d *FrameDecoder) Buffered() int {
	if d.inFrame {
		return d.frame.HeaderLen + int(d.got)
	}
	return d.nhdr
}

// Partial returns the frame whose bytes are still arriving, as far as they
// arrived: its header fields, and in Raw and Payload the kept bytes so far
// (PayloadLen is what the header declares, not what arrived). It returns
// nil between frames and while the header itself is incomplete; Buffered
// then counts the header bytes. The frame is the decoder's own: it changes
// with the next Feed, so copy what you keep.
func (d *FrameDecoder) Partial() *Frame {
	if !d.inFrame {
		return nil
	}
	d.slice()
	return &d.frame
}

// Err reports the fatal error that stopped decoding, or nil. The error
// wraps ErrLengthMSB and gives the stream offset of the offending frame.
func (d *FrameDecoder) Err() error { return d.err }

// keepLimit is the effective number of payload bytes kept per frame.
func (d *FrameDecoder) keepLimit() uint64 {
	if d.keep == 0 {
		return DefaultKeep
	}
	return uint64(max(d.keep, maxControlPayload))
}

// maxControlPayload is the largest payload a control frame may have (§5.5).
// The decoder always keeps at least this much, so a close frame's code and
// reason, and a ping's or pong's payload, are whole whenever the frame keeps
// the rule.
const maxControlPayload = 125

// Feed consumes the next bytes of the stream and returns the frames they
// complete, in order (nil when none). p may be any chunk of the stream,
// including empty; Feed copies what it keeps, so the caller may reuse p.
// After a fatal error the last returned frame describes it (its Violation
// names the fatal rule even if the header also broke an earlier one) and
// every later call returns nil.
func (d *FrameDecoder) Feed(p []byte) []Frame {
	var out []Frame
	d.Decode(p, func(f *Frame) {
		fr := *f
		if f.Masked && f.Payload != nil {
			fr.Payload = bytes.Clone(f.Payload) // out of the lent buffer
		}
		out = append(out, fr)
	})
	return out
}

// Decode is Feed without the slice: it calls emit with each frame p
// completes, in order, before returning. The tap decodes this way.
//
// What emit gets is lent, not given, except Raw: the *Frame is the decoder's
// own and is reused for the next frame, and so is the buffer a masked
// frame's Payload is unmasked into. To keep a frame, copy the Frame (a
// plain assignment) and its Payload; Raw is new for every frame and may be
// kept as it is. Feed does the copying. Lending saves a heap Frame and a
// second copy of every masked payload per frame, which on the tap's path
// cost more than the rest of the decoding.
func (d *FrameDecoder) Decode(p []byte, emit func(*Frame)) {
	for d.err == nil {
		if !d.inFrame {
			var hdr []byte
			if d.nhdr == 0 && len(p) >= 2 && len(p) >= headerLen(p[1]) {
				// The whole header is here: read it in place.
				n := headerLen(p[1])
				hdr, p = p[:n], p[n:]
			} else {
				need := 2
				if d.nhdr >= 2 {
					need = headerLen(d.hdr[1])
				}
				for d.nhdr < need && len(p) > 0 {
					n := copy(d.hdr[d.nhdr:need], p)
					d.nhdr += n
					p = p[n:]
					if d.nhdr == 2 {
						need = headerLen(d.hdr[1])
					}
				}
				if d.nhdr < need {
					return // p is used up inside the header
				}
				hdr = d.hdr[:need]
				d.nhdr = 0
			}
			if !d.begin(hdr) {
				d.inFrame = false
				emit(&d.frame) // the fatal frame, header only
				return
			}
		}
		p = p[d.payload(p):]
		if d.got < d.frame.PayloadLen {
			return // p is used up inside the payload
		}
		emit(d.finish())
	}
}

// headerLen is the header length a frame's second byte implies (§5.2).
func headerLen(b1 byte) int {
	n := 2
	switch b1 & 0x7F {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b1&0x80 != 0 {
		n += 4
	}
	return n
}

// begin starts a frame from its complete header and makes room for the
// payload bytes it will keep. It returns false for a fatal header, which it
// leaves in d.frame with d.err set.
func (d *FrameDecoder) begin(hdr []byte) bool {
	f := &d.frame
	b0, b1 := hdr[0], hdr[1]
	h := len(hdr)
	// Every field is set, none left from the previous frame; the pointer
	// fields only when they change, as each pointer write costs a write
	// barrier while the collector runs.
	f.Fin = b0&0x80 != 0
	f.RSV = b0 >> 4 & 0x7
	f.Opcode = Opcode(b0 & 0xF)
	f.Masked = b1&0x80 != 0
	f.HeaderLen = h
	switch b1 & 0x7F {
	case 126:
		f.LengthForm = 16
		f.PayloadLen = uint64(binary.BigEndian.Uint16(hdr[2:]))
	case 127:
		f.LengthForm = 64
		f.PayloadLen = binary.BigEndian.Uint64(hdr[2:])
	default:
		f.LengthForm = 7
		f.PayloadLen = uint64(b1 & 0x7F)
	}
	f.MaskKey = [4]byte{}
	if f.Masked {
		f.MaskKey = [4]byte(hdr[h-4:])
	}
	f.Truncated, f.InvalidUTF8, f.CloseCode = false, false, 0
	f.Compressed, f.InflatedLen = false, 0
	if f.Inflated != nil {
		f.Inflated = nil
	}
	if f.CloseReason != "" {
		f.CloseReason = ""
	}
	if f.Violation != "" {
		f.Violation, f.ViolationMsg = "", trace.Msg{}
	}
	d.inFrame, d.got, d.kept = true, 0, 0

	if f.LengthForm == 64 && f.PayloadLen>>63 != 0 {
		// Fatal: the frame would end past 2^63 bytes, so neither its end
		// nor any later frame boundary will ever be seen.
		raw := d.alloc(h)
		copy(raw, hdr)
		f.Raw, f.Payload = raw, nil
		f.Violation, f.ViolationMsg = lang.Both("the 64-bit payload length has its most significant bit set (RFC 6455 §5.2)")
		d.err = fmt.Errorf("websocket frame from %s at stream offset %d: %w", d.from, d.off, ErrLengthMSB)
		return false
	}

	// One allocation holds Raw: the header and the kept payload as sent.
	// An unmasked frame's Payload is the tail of Raw; a masked one's is
	// unmasked into plain, which is reused.
	k := int(min(f.PayloadLen, d.keepLimit()))
	copy(d.alloc(h+k), hdr)
	if f.Masked && cap(d.plain) < k {
		// Grown by doubling, so payloads of growing sizes cost a few
		// allocations in all, never more than the kept prefix.
		d.plain = make([]byte, min(max(k, 2*cap(d.plain), 256), int(d.keepLimit())))
	}

	if d.inf != nil {
		switch f.Opcode {
		case OpText, OpBinary:
			if f.RSV&4 != 0 {
				f.Compressed = true
				d.inf.begin(f.Opcode == OpText) // abandons a message left open, if any
			} else if d.msgOpen && d.msgCompressed {
				d.inf.abort() // a new message interrupts the open one (§5.4)
			}
		case OpContinuation:
			f.Compressed = d.msgOpen && d.msgCompressed
		}
	}

	switch {
	case f.Compressed:
		// Compressed bytes are no text; what they inflate to is checked.
		d.checkText = false
	case f.Opcode == OpText:
		d.checkText = true
		d.text.reset()
	case f.Opcode == OpContinuation:
		d.checkText = d.msgOpen && d.msgText
	default:
		d.checkText = false
	}
	return true
}

// raw is the current frame's Raw region: header and room for the kept
// payload.
func (d *FrameDecoder) raw() []byte {
	if d.big != nil {
		return d.big
	}
	return d.block[d.rawOff : d.rawOff+d.rawLen : d.rawOff+d.rawLen]
}

// slice points the frame's Raw and Payload at the bytes kept so far. Both
// are capped, so appending to either reallocates instead of writing into
// something else.
func (d *FrameDecoder) slice() {
	f, h, n := &d.frame, d.frame.HeaderLen, d.kept
	f.Raw = d.raw()[: h+n : h+n]
	if f.Masked {
		f.Payload = d.plain[:n:n]
	} else {
		f.Payload = f.Raw[h:]
	}
}

// payload takes the bytes of the frame's payload at the start of p and returns
// how many it took: it keeps those that fit the kept prefix, checks UTF-8
// in a text message, and only counts the rest.
func (d *FrameDecoder) payload(p []byte) int {
	f := &d.frame
	n := int(min(uint64(len(p)), f.PayloadLen-d.got))
	p = p[:n]
	h := f.HeaderLen
	raw := d.raw()
	if room := len(raw) - h - d.kept; room > 0 {
		kept := p[:min(room, len(p))]
		at := d.kept
		copy(raw[h+at:], kept)
		plain := raw[h+at : h+at+len(kept)]
		switch {
		case f.Masked && d.checkText:
			plain = d.plain[at : at+len(kept)]
			ascii := maskASCII(plain, kept, keyAt(f.MaskKey, d.got))
			if !ascii || d.text.st != utf8Ground {
				d.text.write(plain) // ASCII between characters is valid as it is
			}
		case f.Masked:
			plain = d.plain[at : at+len(kept)]
			maskAt(plain, kept, f.MaskKey, d.got)
		case d.checkText:
			d.text.write(plain)
		}
		if f.Compressed {
			d.inf.write(plain)
		}
		d.kept += len(kept)
		d.got += uint64(len(kept))
		p = p[len(kept):]
	}
	if len(p) > 0 && d.checkText && !d.text.bad {
		d.checkBeyondKept(p)
	}
	if len(p) > 0 && f.Compressed {
		d.inflateBeyondKept(p)
	}
	d.got += uint64(len(p))
	return n
}

// checkBeyondKept checks the UTF-8 of payload bytes that are not kept,
// unmasking them through a small scratch buffer when need be.
func (d *FrameDecoder) checkBeyondKept(p []byte) {
	f := &d.frame
	if !f.Masked {
		d.text.write(p)
		return
	}
	if d.scratch == nil {
		d.scratch = make([]byte, 4<<10)
	}
	pos := d.got
	for len(p) > 0 && !d.text.bad {
		c := p[:min(len(p), len(d.scratch))]
		maskAt(d.scratch, c, f.MaskKey, pos)
		d.text.write(d.scratch[:len(c)])
		pos += uint64(len(c))
		p = p[len(c):]
	}
}

// inflateBeyondKept feeds the inflater compressed payload bytes that are not
// kept, unmasking them through the scratch buffer when need be.
func (d *FrameDecoder) inflateBeyondKept(p []byte) {
	f := &d.frame
	if !f.Masked {
		d.inf.write(p)
		return
	}
	if d.scratch == nil {
		d.scratch = make([]byte, 4<<10)
	}
	pos := d.got
	for len(p) > 0 {
		c := p[:min(len(p), len(d.scratch))]
		maskAt(d.scratch, c, f.MaskKey, pos)
		d.inf.write(d.scratch[:len(c)])
		pos += uint64(len(c))
		p = p[len(c):]
	}
}

// finish completes the frame once its last payload byte has arrived.
func (d *FrameDecoder) finish() *Frame {
	d.slice()
	f := &d.frame
	d.inFrame = false
	d.off += int64(f.HeaderLen) + int64(f.PayloadLen)
	f.Truncated = uint64(len(f.Payload)) < f.PayloadLen
	if f.Opcode == OpClose && len(f.Payload) >= 2 {
		f.CloseCode = int(binary.BigEndian.Uint16(f.Payload))
		f.CloseReason = string(f.Payload[2:])
	}
	if m := d.violation(f); m.Format != "" {
		// begin left them zero, and a write costs a barrier
		f.Violation, f.ViolationMsg = lang.Trace.Say(m), m
	}

	if d.checkText && (d.text.bad || f.Fin && !d.text.complete()) {
		f.InvalidUTF8 = true
	}
	if f.Compressed {
		if f.Fin {
			res, last := d.inf.end()
			f.InflatedLen, f.Inflated = last, &res
		} else {
			f.InflatedLen = d.inf.took()
		}
	}
	switch {
	case f.Opcode == OpText || f.Opcode == OpBinary:
		d.msgOpen, d.msgText = !f.Fin, f.Opcode == OpText
		d.msgCompressed = f.Compressed
	case f.Opcode == OpContinuation && d.msgOpen:
		d.msgOpen = !f.Fin
	}
	return f
}

// release lets go of the buffers a decoder keeps between frames, for a
// stream that has ended: a connection closed long ago should not pin them.
func (d *FrameDecoder) release() {
	if d.inf != nil {
		d.inf.abort()
	}
	d.block, d.big, d.plain, d.scratch, d.inFrame = nil, nil, nil, nil, false
	d.frame = Frame{}
}

// alloc makes the current frame's Raw region size bytes long, from the
// current block when they are few, and returns it. Its capacity is its
// length: nothing can append past it into a neighbour.
func (d *FrameDecoder) alloc(size int) []byte {
	if size > smallFrameBytes {
		d.big = make([]byte, size)
		return d.big
	}
	if d.big != nil {
		d.big = nil
	}
	if len(d.block)-d.blockOff < size {
		d.block, d.blockOff = make([]byte, byteBlock), 0
	}
	d.rawOff, d.rawLen = d.blockOff, size
	d.blockOff += size
	return d.raw()
}

// violation returns the first non-fatal rule a complete frame breaks, in the
// order a reader meets the fields on the wire (first byte, second byte,
// extended length, payload), or the zero Msg. It is a Msg (package lang):
// the key and arguments of one whole sentence, said in the reader's
// language on screen and in English in the trace.
func (d *FrameDecoder) violation(f *Frame) trace.Msg {
	if rsv := f.RSV; rsv != 0 {
		// permessage-deflate (EnableDeflate) gives RSV1 a meaning on the
		// first frame of a data message, and on no other frame; no
		// extension wsdemo decodes gives RSV2 or RSV3 one.
		if (d.inf != nil || d.rsv1Unknown) && rsv&4 != 0 {
			switch {
			case f.Opcode.IsControl():
				return lang.M("RSV1 is set on a %s frame, but permessage-deflate compresses data messages only: a control frame must have it clear (RFC 7692 §6)", f.Opcode.String())
			case f.Opcode == OpContinuation:
				return lang.M("RSV1 is set on a continuation frame: permessage-deflate sets it on the first frame of a compressed message only (RFC 7692 §6)")
			}
			rsv &^= 4
		}
		switch {
		case rsv != 0 && d.inf != nil:
			return deflateRSVViolation(rsv)
		case rsv != 0:
			return rsvViolation(rsv)
		}
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
	if f.Opcode.IsControl() && f.PayloadLen > maxControlPayload {
		return lang.M("control frames carry at most 125 payload bytes, but this %s frame has %d (RFC 6455 §5.5)", f.Opcode.String(), f.PayloadLen)
	}
	if (f.LengthForm == 16 && f.PayloadLen < 126) || (f.LengthForm == 64 && f.PayloadLen <= 0xFFFF) {
		return lang.M("payload length %d is sent in the %#d-bit form where a shorter one fits; the minimal number of bytes must be used (RFC 6455 §5.2)", f.PayloadLen, f.LengthForm)
	}
	if f.Opcode == OpClose {
		switch {
		case f.PayloadLen == 1:
			return lang.M("a close payload of 1 byte is invalid: a close body starts with a 2-byte status code (RFC 6455 §5.5.1)")
		case f.PayloadLen >= 2 && !ValidCloseCodeOnWire(f.CloseCode):
			return closeCodeViolation(f.CloseCode)
		case f.PayloadLen > 2 && !utf8.ValidString(f.CloseReason):
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

// deflateRSVViolation names the set RSV2 and RSV3 bits of a frame on a
// connection that negotiated permessage-deflate, which defines RSV1 only.
func deflateRSVViolation(rsv uint8) trace.Msg {
	switch rsv & 3 {
	case 2:
		return lang.M("RSV2 is set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)")
	case 1:
		return lang.M("RSV3 is set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)")
	}
	return lang.M("RSV2 and RSV3 are set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)")
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
