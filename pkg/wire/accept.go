package wire

import (
	"crypto/sha1"
	"encoding/base64"

	"wsdemo/pkg/lang"
)

// AcceptGUID is the fixed GUID of RFC 6455 §1.3 and §4.2.2 that a server
// appends to the client's Sec-WebSocket-Key before hashing. It is a constant
// no non-WebSocket server would know, which is the point: a correct
// Sec-WebSocket-Accept proves the server understood the WebSocket handshake
// rather than being an HTTP server that echoed headers back.
const AcceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// AcceptSteps returns each step of computing Sec-WebSocket-Accept (RFC 6455
// §4.2.2 step 5, example in §1.3) so a lesson can show them one by one: the
// key with AcceptGUID appended, the SHA-1 digest of that string, and the
// base64 encoding of the digest, which is the header value.
//
// key is used exactly as given, as the RFC says: the server does not decode
// the base64 key, it hashes its text.
func AcceptSteps(key string) (concatenated string, sha1sum [20]byte, accept string) {
	concatenated = key + AcceptGUID
	sha1sum = sha1.Sum([]byte(concatenated))
	accept = base64.StdEncoding.EncodeToString(sha1sum[:])
	return concatenated, sha1sum, accept
}

// AcceptKey returns the Sec-WebSocket-Accept value a server must answer to
// the Sec-WebSocket-Key key (RFC 6455 §4.2.2 step 5).
func AcceptKey(key string) string {
	_, _, accept := AcceptSteps(key)
	return accept
}

// closeCode is one row of the close status code table.
type closeCode struct{ name, meaning lang.Msg }

// closeCodes are the codes RFC 6455 §7.4.1 defines, plus 1012-1014, which
// the IANA "WebSocket Close Code Number Registry" added later and browsers
// send; without them a learner would see a real server's "try again later"
// called invalid.
var closeCodes = map[int]closeCode{
	1000: {"normal closure", "the purpose for which the connection was established has been fulfilled (RFC 6455 §7.4.1)"},
	1001: {"going away", "an endpoint is going away, such as a server going down or a browser navigating away from a page (RFC 6455 §7.4.1)"},
	1002: {"protocol error", "an endpoint is closing the connection because of a protocol error (RFC 6455 §7.4.1)"},
	1003: {"unsupported data", "an endpoint received a type of data it cannot accept, e.g. binary data when it only understands text (RFC 6455 §7.4.1)"},
	1004: {"reserved", "reserved: no meaning is defined for it yet, one might be in the future (RFC 6455 §7.4.1)"},
	1005: {"no status received", "reserved for reporting locally that a close frame carried no status code; never sent in a close frame (RFC 6455 §7.4.1)"},
	1006: {"abnormal closure", "reserved for reporting locally that the connection closed without a close frame; never sent in a close frame (RFC 6455 §7.4.1)"},
	1007: {"invalid frame payload data", "an endpoint received data inconsistent with the message type, e.g. invalid UTF-8 in a text message (RFC 6455 §7.4.1)"},
	1008: {"policy violation", "an endpoint received a message that violates its policy; the generic code when no more specific one fits (RFC 6455 §7.4.1)"},
	1009: {"message too big", "an endpoint received a message too big for it to process (RFC 6455 §7.4.1)"},
	1010: {"mandatory extension", "the client expected the server to negotiate an extension, and the server's handshake did not (RFC 6455 §7.4.1)"},
	1011: {"internal error", "the server met an unexpected condition that kept it from fulfilling the request (RFC 6455 §7.4.1)"},
	1012: {"service restart", "the server is restarting; the client may reconnect (IANA WebSocket Close Code Number Registry)"},
	1013: {"try again later", "the server is overloaded or otherwise temporarily unable to serve; the client may reconnect later (IANA WebSocket Close Code Number Registry)"},
	1014: {"bad gateway", "a gateway or proxy received an invalid response from the upstream server, like HTTP 502 (IANA WebSocket Close Code Number Registry)"},
	1015: {"TLS handshake failure", "reserved for reporting locally that the TLS handshake failed; never sent in a close frame (RFC 6455 §7.4.1)"},
}

// CloseCodeName returns a short lower-case name for a close status code:
// the §7.4.1 (and IANA) names for 1000-1015, and for every other code the
// name of its §7.4.2 range, so a renderer never shows a bare number. It is
// a lang.Msg: Text.F says it (and says it as an argument) in the reader's
// language.
func CloseCodeName(code int) lang.Msg { return describeCloseCode(code).name }

// CloseCodeMeaning returns one sentence, citing its source, explaining what
// a close status code means, for the teaching line under a close frame.
func CloseCodeMeaning(code int) lang.Msg { return describeCloseCode(code).meaning }

// describeCloseCode is the name and meaning of a named code, or of the
// §7.4.2 range any other code falls in.
func describeCloseCode(code int) closeCode {
	if c, ok := closeCodes[code]; ok {
		return c
	}
	switch {
	case code < 0 || code > 4999:
		return closeCode{"undefined", "outside the status code ranges the protocol defines, which end at 4999 (RFC 6455 §7.4.2)"}
	case code < 1000:
		return closeCode{"not used", "codes 0-999 are not used (RFC 6455 §7.4.2)"}
	case code < 3000:
		return closeCode{"reserved for the protocol", "codes 1000-2999 are reserved for the protocol, its revisions and extensions, and this one is unassigned (RFC 6455 §7.4.2)"}
	case code < 4000:
		return closeCode{"registered for libraries and frameworks", "codes 3000-3999 are for libraries, frameworks and applications, registered with IANA; the protocol leaves their meaning to them (RFC 6455 §7.4.2)"}
	}
	return closeCode{"private use", "codes 4000-4999 are for private use by applications that agree on their meaning in advance (RFC 6455 §7.4.2)"}
}

// ValidCloseCodeOnWire reports whether code may appear in a close frame:
// 1000-1003, 1007-1014 and 3000-4999. 1005, 1006 and 1015 exist only to
// report conditions locally, and §7.4.1 says they MUST NOT be set in a close
// frame; below 1000, 1004, 1016-2999 and above 4999 carry no meaning the RFC
// defines (1004 is "Reserved", §7.4.1; the ranges are §7.4.2), so a frame
// that sends one signals nothing a receiver can act on. 1012-1014 count as
// valid because IANA registered them, as browsers and the Autobahn test
// suite agree.
func ValidCloseCodeOnWire(code int) bool {
	switch {
	case code >= 3000 && code <= 4999:
		return true
	case code == 1004 || code == 1005 || code == 1006 || code == 1015:
		return false
	}
	_, ok := closeCodes[code]
	return ok
}
