package demo

import (
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The notes on permessage-deflate (RFC 7692), shared by every scenario that
// can see it: chosen from the offer and answer that crossed and from the
// sizes the decoder measured, never from what a client library was asked
// to do.

// extensionValues returns the values of every Sec-WebSocket-Extensions
// field of h, in wire order.
func extensionValues(h *trace.HTTP) []string {
	if h == nil {
		return nil
	}
	var out []string
	for _, kv := range h.Headers {
		if strings.EqualFold(kv[0], "Sec-WebSocket-Extensions") {
			out = append(out, kv[1])
		}
	}
	return out
}

// offersDeflate reports whether an offer names permessage-deflate.
func offersDeflate(offer []string) bool {
	for _, v := range offer {
		exts, _ := wire.ParseExtensions(v)
		for _, x := range exts {
			if strings.EqualFold(x.Name, wire.PermessageDeflate) {
				return true
			}
		}
	}
	return false
}

// extensionNote is the note of a 101 on what became of permessage-deflate:
// offered and accepted (and whether each side's messages may refer back to
// its earlier ones), offered and declined, or accepted in breach of a rule.
// It is no sentence at all when nobody mentioned the extension.
func extensionNote(offer, answer []string) []trace.Msg {
	agreed, ok, problems := wire.NegotiateDeflate(offer, answer)
	offered := offersDeflate(offer)
	var notes []trace.Msg
	switch {
	case ok:
		notes = append(notes, lang.M("The server accepted permessage-deflate: from here on either side may compress a data message, and says so with RSV1 on its first frame (RFC 7692 §6). Uncompressed messages can still cross, with RSV1 clear."))
		switch {
		case agreed.ServerNoContextTakeover && agreed.ClientNoContextTakeover:
			notes = append(notes, lang.M("Both sides compress each message on its own, with no reference to earlier ones (no context takeover, RFC 7692 §7.1.1): each costs about as much as it would alone, and neither side keeps a window between messages."))
		case agreed.ServerNoContextTakeover:
			notes = append(notes, lang.M("The server compresses each message on its own (server_no_context_takeover); the client's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1)."))
		case agreed.ClientNoContextTakeover:
			notes = append(notes, lang.M("The client compresses each message on its own (client_no_context_takeover); the server's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1)."))
		default:
			notes = append(notes, lang.M("Neither side agreed to compress each message on its own, so each side's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1): text that repeats can cost a few bytes the second time, if the sender's compressor looks for it."))
		}
	case offered:
		notes = append(notes, lang.M("The client offered permessage-deflate and the server's answer does not accept it: every message crosses uncompressed, and RSV1 must stay clear (RFC 6455 §5.2, §9.1)."))
	}
	if len(problems) > 0 {
		notes = append(notes, lang.M("The server's answer breaks a rule: %s.", problems[0]))
	}
	return notes
}

// compressedFrameNote explains the first compressed frame a run shows.
func compressedFrameNote() trace.Msg {
	return lang.M("RSV1 is set: this message is compressed (RFC 7692 §6). The sender ends its DEFLATE data with an empty block with no compression (BTYPE=00, RFC 1951 §3.2.4), adding one if needed, then removes that block's last 4 bytes, 00 00 ff ff (RFC 7692 §7.2.1); the receiver appends 00 00 ff ff to the message's payload and inflates it (RFC 7692 §7.2.2). The frame is shown as it crossed; the message, inflated, follows it.")
}

// compressedMessageNote compares what crossed with what the application got,
// for a compressed message: compression that did not pay, or that did. The
// zero Msg when there is nothing to compare.
func compressedMessageNote(m *trace.Message) trace.Msg {
	if m == nil || !m.Compressed || m.Violation != "" {
		return trace.Msg{}
	}
	if m.CompressedLen >= m.Length {
		return lang.M("Compression did not pay here: %d bytes crossed for a message of %d. A short message gives DEFLATE little to work with, and its block header costs bytes of its own; a sender may leave such messages uncompressed, with RSV1 clear (RFC 7692 §6).", m.CompressedLen, m.Length)
	}
	return lang.M("%d bytes crossed for a message of %d: DEFLATE replaces repeated text with references to where it appeared before (RFC 1951 §2).", m.CompressedLen, m.Length)
}
