package demo

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// sioEvent builds the sio.packet event of one decoded Engine.IO packet: the
// trace format's sio object and a one-line summary naming the layers, e.g.
// `EVENT 42["chat","hi"]`. The caller sets Conn, From and To, and adds the
// scenario's note. Raw is the packet's bytes as they crossed (cut when the
// packet was: RawTruncated).
func sioEvent(p *wire.EIOPacket) trace.Event {
	s := &trace.SIO{Transport: p.Transport.String(), EIOType: int(p.Type), EIOName: p.Type.String(),
		Binary: p.Binary, Violation: p.Violations()}
	if p.Binary && p.Data != nil {
		s.DataHex = hex.EncodeToString(p.Data)
	}
	if !p.Binary || p.Base64 {
		s.Raw = packetText(p.Raw, p.Truncated)
	}
	if a := p.Attachment; a != nil {
		n := a.Num
		s.Attachment = &n
	}
	if q := p.SIO; q != nil {
		t := int(q.Type)
		s.SIOType, s.SIOName = &t, q.Type.String()
		s.Nsp = q.Nsp // "" when the packet broke a rule before its namespace
		if q.HasAckID {
			id := q.AckID
			s.AckID = &id
		}
		if q.Type.IsBinary() && q.Nsp != "" {
			n := q.Attachments
			s.Attachments = &n
		}
		if q.Data != nil && !p.Truncated && json.Valid(q.Data) {
			s.Data = json.RawMessage(q.Data)
		}
	}
	e := trace.Event{Kind: trace.KindSIOPacket, Summary: sioSummary(p), Raw: p.Raw, RawTruncated: p.Truncated, SIO: s}
	if a := p.Attachment; p.Binary && a != nil && p.Violations() == "" {
		// Words of wsdemo's around the protocol's: said in the reader's
		// language.
		// The attachment's own size; over long-polling the wire holds b
		// and its base64, longer (Engine.IO v4, "Packet encoding").
		size := attachmentSize(p)
		quoted := string(appendQuoteShort(nil, a.Event, quoteMax))
		switch {
		case p.Base64 && a.Event != "":
			e.SummaryMsg = lang.M("BINARY attachment %#d of %s %s, %d bytes (b + base64: %d bytes on the wire)", a.Num, a.Of.String(), quoted, size, p.Len)
		case p.Base64:
			e.SummaryMsg = lang.M("BINARY attachment %#d of %s, %d bytes (b + base64: %d bytes on the wire)", a.Num, a.Of.String(), size, p.Len)
		case a.Event != "":
			e.SummaryMsg = lang.M("BINARY attachment %#d of %s %s, %d bytes", a.Num, a.Of.String(), quoted, size)
		default:
			e.SummaryMsg = lang.M("BINARY attachment %#d of %s, %d bytes", a.Num, a.Of.String(), size)
		}
		e.Summary = lang.Trace.Say(e.SummaryMsg)
	}
	return e
}

// sioSummary is the arrow label of a packet: the name of its top layer
// (Socket.IO's when it carries one), then the packet as sent, so a learner
// sees which digit belongs to which layer; a binary packet says whose
// attachment it is.
func sioSummary(p *wire.EIOPacket) string {
	b := make([]byte, 0, 64)
	switch {
	case p.SIO != nil:
		b = append(b, p.SIO.Type.String()...)
	case p.Binary:
		b = append(b, "BINARY"...)
	default:
		b = append(b, upper(p.Type.String())...)
	}
	switch {
	case p.Binary && p.Attachment != nil:
		a := p.Attachment
		b = append(b, " attachment "...)
		b = strconv.AppendInt(b, int64(a.Num), 10)
		b = append(b, " of "...)
		b = append(b, a.Of.String()...)
		if a.Event != "" {
			b = appendQuoteShort(append(b, ' '), a.Event, quoteMax)
		}
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(p.Len), 10)
		b = append(b, " bytes"...)
	case p.Binary && !p.Base64:
		b = strconv.AppendInt(append(b, ' '), int64(p.Len), 10)
		b = append(b, " bytes"...)
	case len(p.Raw) > 0:
		b = append(b, ' ')
		b = appendPacketText(b, p.Raw, p.Truncated)
	}
	if p.Violations() != "" {
		b = append(b, " (VIOLATION)"...)
	}
	return string(b)
}

// packetText returns raw as a string when it is UTF-8 text, "" otherwise. A
// cut packet may end in the middle of a character: that part is dropped.
func packetText(raw []byte, cut bool) string {
	if cut {
		raw = wholeRunes(raw)
	}
	if !utf8.Valid(raw) {
		return ""
	}
	return string(raw)
}

// appendPacketText appends a packet's text, shortened to quoteMax runes:
// as is when it is printable, Go-quoted when it holds control characters
// or bytes that are not UTF-8, so the label stays one honest line.
func appendPacketText(b, raw []byte, cut bool) []byte {
	if cut {
		raw = wholeRunes(raw)
	}
	n, plain, i := 0, true, 0
	for i < len(raw) && n < quoteMax {
		r, size := utf8.DecodeRune(raw[i:])
		if r < 0x20 || r == 0x7f || (r == utf8.RuneError && size == 1) {
			plain = false
		}
		i += size
		n++
	}
	if !plain {
		b = appendQuoteShort(b, string(raw), quoteMax)
		if cut && !bytes.HasSuffix(b, []byte("…")) {
			b = append(b, "…"...)
		}
		return b
	}
	b = append(b, raw[:i]...)
	if i < len(raw) || cut {
		b = append(b, "…"...)
	}
	return b
}

// wholeRunes drops the end of b when it stops in the middle of a UTF-8
// character, as a prefix cut at a byte count may.
func wholeRunes(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// upper is strings.ToUpper for the ASCII type names.
func upper(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return b
}

// attachmentSize is the size of a binary packet's data: the message's
// bytes over WebSocket, the decoded base64 of a long-polling "b" packet
// (at most that when the packet was kept cut).
func attachmentSize(p *wire.EIOPacket) int {
	switch {
	case !p.Truncated:
		return len(p.Data)
	case p.Base64:
		return base64.StdEncoding.DecodedLen(p.Len - 1)
	}
	return p.Len
}
