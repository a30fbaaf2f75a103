package demo

import (
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// extensionIndent marks the fields of one Sec-WebSocket-Extensions header
// as its parts: each extension and parameter on a line of its own, under
// the header, located in Raw so --raw colours its bytes.
const extensionIndent = "  "

// extensionFields explains a Sec-WebSocket-Extensions header field part by
// part (RFC 6455 §9.1): in a request what the client offers, in a 101 what
// the server accepted, with each permessage-deflate parameter's meaning
// (RFC 7692 §7.1).
func extensionFields(m *wire.HTTPMessage, h wire.HeaderField, t lang.Text) []trace.Field {
	// The value's offset in Raw: after "Name:" and any whitespace.
	line := string(m.Raw[h.Off : h.Off+h.Len])
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return nil
	}
	start := colon + 1
	for start < len(line) && (line[start] == ' ' || line[start] == '\t') {
		start++
	}
	if !strings.HasPrefix(line[start:], h.Value) {
		return nil
	}
	base := h.Off + start
	exts, _ := wire.ParseExtensions(h.Value)
	var fs []trace.Field
	for _, x := range exts {
		deflate := strings.EqualFold(x.Name, wire.PermessageDeflate)
		fs = append(fs, trace.Field{Name: extensionIndent + x.Name, Meaning: extensionMeaning(m.IsRequest(), deflate, t),
			Off: base + x.Off, Len: len(x.Name)})
		for _, p := range x.Params {
			value := ""
			if p.HasValue {
				value = p.Value
			}
			mean := ""
			if deflate {
				mean = deflateParamMeaning(m.IsRequest(), p, t)
			}
			fs = append(fs, trace.Field{Name: extensionIndent + p.Name, Value: value, Meaning: mean, Off: base + p.Off, Len: p.Len})
		}
	}
	return fs
}

// extensionMeaning says what naming an extension means where it stands.
func extensionMeaning(request, deflate bool, t lang.Text) string {
	switch {
	case deflate && request:
		return t.F("offered: compress each message with DEFLATE, if the server agrees (RFC 7692 §7)")
	case deflate:
		return t.F("accepted: from here on, a message whose first frame has RSV1 set is compressed (RFC 7692 §6, §7)")
	case request:
		return t.F("an extension wsdemo does not decode, offered (RFC 6455 §9.1)")
	}
	return t.F("an extension wsdemo does not decode, accepted: frames that use it are shown as they crossed (RFC 6455 §9.1)")
}

// deflateParamMeaning explains one permessage-deflate parameter of an offer
// (request) or an answer (RFC 7692 §7.1).
func deflateParamMeaning(request bool, p wire.ExtensionParam, t lang.Text) string {
	bits, err := strconv.Atoi(p.Value)
	window := 0
	if err == nil && bits >= 8 && bits <= 15 {
		window = 1 << bits
	}
	switch name := strings.ToLower(p.Name); {
	case name == "server_no_context_takeover" && request:
		return t.F("asks the server to compress each message on its own, never referring back to earlier ones (RFC 7692 §7.1.1.1)")
	case name == "server_no_context_takeover":
		return t.F("the server compresses each message on its own: its messages never refer back to earlier ones (RFC 7692 §7.1.1.1)")
	case name == "client_no_context_takeover" && request:
		return t.F("the client says it will compress each message on its own (RFC 7692 §7.1.1.2)")
	case name == "client_no_context_takeover":
		return t.F("the client must compress each message on its own (RFC 7692 §7.1.1.2)")
	case name == "server_max_window_bits" && window > 0 && request:
		return t.F("asks the server for an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.1)", bits, window)
	case name == "server_max_window_bits" && window > 0:
		return t.F("the server uses an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.1)", bits, window)
	case name == "client_max_window_bits" && !p.HasValue && request:
		return t.F("the client can use a smaller LZ77 window if the server asks (RFC 7692 §7.1.2.2)")
	case name == "client_max_window_bits" && window > 0 && request:
		return t.F("the client says it will use an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.2)", bits, window)
	case name == "client_max_window_bits" && window > 0:
		return t.F("the client must use an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.2)", bits, window)
	case name == "server_max_window_bits" || name == "client_max_window_bits":
		return t.F("the window size must be a number of bits from 8 to 15 (RFC 7692 §7.1.2)")
	}
	return t.F("a parameter permessage-deflate does not define (RFC 7692 §7.1)")
}
