package demo

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// headerMeanings explains the headers a learner meets in the demos, each with
// the section that defines it.
var headerMeanings = map[string]lang.Msg{
	"host":                     "the host (and port) this request is for; required in every HTTP/1.1 request (RFC 9112 §3.2)",
	"user-agent":               "the client program (RFC 9110 §10.1.5)",
	"authorization":            "the client's credentials, carried by this request (RFC 9110 §11.6.2)",
	"www-authenticate":         "how to authenticate: a scheme and its parameters; Bearer asks for a token (RFC 9110 §11.6.1, RFC 6750 §3)",
	"content-type":             "the format of the body (RFC 9110 §8.3)",
	"content-length":           "body size in bytes: tells the reader where this message ends (RFC 9112 §6.2)",
	"transfer-encoding":        "the codings applied to the body; chunked: it comes in pieces, each with its size (RFC 9112 §6.1, §7.1)",
	"location":                 "the URL of the resource just created (RFC 9110 §10.2.2)",
	"date":                     "when the server made the response (RFC 9110 §6.6.1)",
	"connection":               "options for this connection only: close, or Upgrade (RFC 9110 §7.6.1)",
	"accept":                   "formats the client can read (RFC 9110 §12.5.1)",
	"accept-encoding":          "compressions the client can read (RFC 9110 §12.5.3)",
	"upgrade":                  "asks to switch this connection to another protocol (RFC 9110 §7.8)",
	"origin":                   "the origin (scheme, host, port) of the page that opened this connection (RFC 6454 §7; RFC 6455 §10.2)",
	"cookie":                   "state a server stored in the browser with Set-Cookie, sent back to the host (or domain) it belongs to (RFC 6265 §5.4)",
	"sec-websocket-key":        "16 random bytes, base64: lets the server prove it understood the WebSocket request (RFC 6455 §4.1)",
	"sec-websocket-version":    "the WebSocket protocol version; 13 is RFC 6455 (RFC 6455 §4.1)",
	"sec-websocket-accept":     "base64(SHA-1(key + GUID)): the server's proof (RFC 6455 §4.2.2)",
	"sec-websocket-protocol":   "subprotocols: a request lists those the client can speak, by preference; a 101 names the one the server chose (RFC 6455 §1.9, §4.1 item 10, §4.2.2)",
	"sec-websocket-extensions": "extensions such as compression (RFC 6455 §9)",
	"x-user":                   "a made-up header of this demo: who is writing",
}

// statusMeanings explains the status codes the demos produce.
var statusMeanings = map[int]lang.Msg{
	101: "the server switches this connection to the protocol in Upgrade (RFC 9110 §15.2.2)",
	200: "success; the body is the answer (RFC 9110 §15.3.1)",
	201: "a new resource was created; Location names it (RFC 9110 §15.3.2)",
	204: "success, and no body (RFC 9110 §15.3.5)",
	400: "the request was malformed (RFC 9110 §15.5.1)",
	401: "no valid credentials in this request (RFC 9110 §15.5.2)",
	403: "understood, and refused (RFC 9110 §15.5.4)",
	404: "no such resource (RFC 9110 §15.5.5)",
	405: "this method is not allowed here (RFC 9110 §15.5.6)",
	426: "the client must switch protocols first (RFC 9110 §15.5.22)",
}

var methodMeanings = map[string]lang.Msg{
	"GET":  "read a resource; safe: it asks for no change (RFC 9110 §9.2.1, §9.3.1)",
	"POST": "send data for the server to process: here, create a note (RFC 9110 §9.3.3)",
	"HEAD": "like GET, without the body (RFC 9110 §9.3.2)",
}

// httpEvent builds the trace event of one HTTP message: summary, the http
// object of the trace format, and fields locating each part in Raw.
func httpEvent(m *wire.HTTPMessage, t lang.Text) trace.Event {
	h := &trace.HTTP{Proto: m.Proto, Headers: make([][2]string, 0, len(m.Headers))}
	for _, f := range m.Headers {
		h.Headers = append(h.Headers, [2]string{f.Name, f.Value})
	}
	if len(m.Body) > 0 {
		if utf8.Valid(m.Body) {
			h.Body = string(m.Body)
		} else {
			h.BodyHex = fmt.Sprintf("%x", m.Body)
		}
	}
	e := trace.Event{Raw: m.Raw, RawTruncated: m.Truncated, HTTP: h}
	startLen := len(m.StartLine)
	if m.IsRequest() {
		e.Kind = trace.KindHTTPRequest
		h.Method, h.Target = m.Method, m.Target
		e.Summary = m.Method + " " + m.Target
		e.Fields = append(e.Fields,
			trace.Field{Name: "method", Value: m.Method, Meaning: meaning(t, methodMeanings[m.Method]), Off: 0, Len: len(m.Method)},
			trace.Field{Name: "target", Value: m.Target, Meaning: t.F("the resource, as path and query"), Off: len(m.Method) + 1, Len: len(m.Target)},
			trace.Field{Name: "version", Value: m.Proto, Off: startLen - len(m.Proto), Len: len(m.Proto)})
	} else {
		e.Kind = trace.KindHTTPResponse
		h.Status, h.Reason = m.Status, m.Reason
		e.Summary = strings.TrimSpace(strconv.Itoa(m.Status) + " " + m.Reason)
		e.Fields = append(e.Fields,
			trace.Field{Name: "version", Value: m.Proto, Off: 0, Len: len(m.Proto)},
			trace.Field{Name: "status", Value: e.Summary, Meaning: meaning(t, statusMeanings[m.Status]), Off: len(m.Proto) + 1, Len: startLen - len(m.Proto) - 1})
	}
	for _, f := range m.Headers {
		e.Fields = append(e.Fields, trace.Field{Name: f.Name, Value: f.Value,
			Meaning: meaning(t, headerMeaning(m, strings.ToLower(f.Name))), Off: f.Off, Len: f.Len})
		if strings.EqualFold(f.Name, "Sec-WebSocket-Extensions") {
			e.Fields = append(e.Fields, extensionFields(m, f, t)...)
		}
	}
	if n := m.BodyLen(); n > 0 {
		value := h.Body
		if value == "" {
			value = h.BodyHex
		}
		meaning := t.F("%d bytes", m.BodyLength) // all of them, not only those kept
		if m.Chunked {
			meaning = t.F("%d bytes, in chunks (%d on the wire)", m.BodyLength, n)
		}
		e.Fields = append(e.Fields, trace.Field{Name: "body", Value: value, Meaning: meaning, Off: m.HeadLen, Len: n})
	}
	return e
}

// headerMeaning is the meaning of the header name (lower case) in m. Upgrade
// means different things by where it stands (RFC 9110 §7.8): a request
// offers to switch, a 101 names the protocol the connection switches to, a
// 426 the one the server requires, any other response what it could switch
// to.
func headerMeaning(m *wire.HTTPMessage, name string) lang.Msg {
	if name != "upgrade" || m.IsRequest() {
		return headerMeanings[name]
	}
	switch m.Status {
	case 101:
		return "the protocol this connection switches to, right after this response (RFC 9110 §7.8, RFC 6455 §4.2.2)"
	case 426:
		return "the protocol the client must switch to first (RFC 9110 §7.8, §15.5.22)"
	}
	return "protocols this server could switch this connection to, if asked (RFC 9110 §7.8)"
}

// meaning translates a meaning looked up in one of the maps above; a name
// the map does not explain keeps no meaning.
func meaning(t lang.Text, en lang.Msg) string {
	if en == "" {
		return ""
	}
	return t.F(en)
}
