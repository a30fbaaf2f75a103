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
	"content-type":             "the format of the body (RFC 9110 §8.3)",
	"content-length":           "body size in bytes: tells the reader where this message ends (RFC 9112 §6.2)",
	"transfer-encoding":        "the codings applied to the body; chunked: it comes in pieces, each with its size (RFC 9112 §6.1, §7.1)",
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

// foreignMeanings replace those above for traffic that is not wsdemo's own
// (proxy, decode): meanings that hold for any server and any client.
var foreignMeanings = map[string]lang.Msg{
	"POST":   "send data for the server to process, as this resource defines (RFC 9110 §9.3.3)",
	"cookie": "state a server set with Set-Cookie, sent back to the host (or domain) it belongs to (RFC 6265 §5.4)",
	"x-user": "",
	"201":    "a new resource was created; Location, if present, names it, or else the target does (RFC 9110 §15.3.2)",
}

var methodMeanings = map[string]lang.Msg{
	"GET":  "read a resource; safe: it asks for no change (RFC 9110 §9.2.1, §9.3.1)",
	"POST": "send data for the server to process: here, create a note (RFC 9110 §9.3.3)",
	"HEAD": "like GET, without the body (RFC 9110 §9.3.2)",
}

// httpEvent builds the trace event of one HTTP message: summary, the http
// object of the trace format, and fields locating each part in Raw. Its
// meanings may tell wsdemo's own story (POST creates a note): see
// foreignHTTPEvent for anyone else's traffic.
func httpEvent(m *wire.HTTPMessage, t lang.Text) trace.Event {
	return httpEventOf(m, t, false)
}

// foreignHTTPEvent is httpEvent for traffic that is not wsdemo's own (a
// learner's app through the proxy, pasted bytes): its meanings hold for
// any server.
func foreignHTTPEvent(m *wire.HTTPMessage, t lang.Text) trace.Event {
	return httpEventOf(m, t, true)
}

// knownMeaning is the meaning of key from the table, replaced by
// foreignMeanings' when foreign.
func knownMeaning[K comparable](table map[K]lang.Msg, key K, foreignKey string, foreign bool) lang.Msg {
	if foreign {
		if m, ok := foreignMeanings[foreignKey]; ok {
			return m
		}
	}
	return table[key]
}

func httpEventOf(m *wire.HTTPMessage, t lang.Text, foreign bool) trace.Event {
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
			trace.Field{Name: "method", Value: m.Method, Meaning: meaning(t, knownMeaning(methodMeanings, m.Method, m.Method, foreign)), Off: 0, Len: len(m.Method)},
			trace.Field{Name: "target", Value: m.Target, Meaning: t.F("the resource, as path and query"), Off: len(m.Method) + 1, Len: len(m.Target)},
			trace.Field{Name: "version", Value: m.Proto, Off: startLen - len(m.Proto), Len: len(m.Proto)})
	} else {
		e.Kind = trace.KindHTTPResponse
		h.Status, h.Reason = m.Status, m.Reason
		e.Summary = strings.TrimSpace(strconv.Itoa(m.Status) + " " + m.Reason)
		e.Fields = append(e.Fields,
			trace.Field{Name: "version", Value: m.Proto, Off: 0, Len: len(m.Proto)},
			trace.Field{Name: "status", Value: e.Summary, Meaning: meaning(t, knownMeaning(statusMeanings, m.Status, strconv.Itoa(m.Status), foreign)), Off: len(m.Proto) + 1, Len: startLen - len(m.Proto) - 1})
	}
	for _, f := range m.Headers {
		e.Fields = append(e.Fields, trace.Field{Name: f.Name, Value: f.Value,
			Meaning: headerMeaning(t, m, f, foreign), Off: f.Off, Len: f.Len})
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

// headerMeaning is the meaning of header f in m, in t's language. Some
// mean different things by where they stand: Upgrade (RFC 9110 §7.8) in a
// request offers to switch, in a 101 names the protocol the connection
// switches to, in a 426 the one the server requires, in any other response
// what it could switch to; Location (RFC 9110 §10.2.2) names the resource
// a 201 created, or a 3xx's redirect target. WWW-Authenticate names the
// scheme it asks for (RFC 9110 §11.6.1). Content-Length announces no body
// in a 304 or a response to HEAD (RFC 9110 §8.6).
func headerMeaning(t lang.Text, m *wire.HTTPMessage, f wire.HeaderField, foreign bool) string {
	name := strings.ToLower(f.Name)
	switch {
	case name == "upgrade" && !m.IsRequest():
		switch m.Status {
		case 101:
			return t.F("the protocol this connection switches to, right after this response (RFC 9110 §7.8, RFC 6455 §4.2.2)")
		case 426:
			return t.F("the protocol the client must switch to first (RFC 9110 §7.8, §15.5.22)")
		}
		return t.F("protocols this server could switch this connection to, if asked (RFC 9110 §7.8)")
	case name == "location" && !m.IsRequest():
		return locationMeaning(t, m.Status)
	case name == "www-authenticate" && !m.IsRequest():
		return authMeaning(t, f.Value)
	case name == "content-length" && m.Status == 304:
		return t.F("the length the body would have in a 200 response; a 304 has no body, so this announces none (RFC 9110 §8.6, §15.4.5)")
	case name == "content-length" && !m.IsRequest() && m.Answers == "HEAD":
		return t.F("the length the body would have in a response to GET; a response to HEAD has no body, so this announces none (RFC 9110 §8.6, §9.3.2)")
	}
	return meaning(t, knownMeaning(headerMeanings, name, name, foreign))
}

// locationMeaning is the meaning of Location in a response with status:
// the resource a 201 created, a 3xx's redirect target, or else only a URL
// the response refers to (RFC 9110 §10.2.2).
func locationMeaning(t lang.Text, status int) string {
	switch {
	case status == 201:
		return t.F("the URL of the resource just created (RFC 9110 §10.2.2)")
	case status >= 300 && status < 400:
		return t.F("where to send the request instead: the redirect's target (RFC 9110 §10.2.2, §15.4)")
	}
	return t.F("a URL this response refers to (RFC 9110 §10.2.2)")
}

// authMeaning is the meaning of a WWW-Authenticate whose value is v: the
// scheme of its first challenge, which a client answers with
// Authorization (RFC 9110 §11.6.1), and where that scheme is defined.
func authMeaning(t lang.Text, v string) string {
	scheme, _, _ := strings.Cut(strings.TrimSpace(v), " ")
	scheme = strings.TrimSuffix(scheme, ",")
	switch strings.ToLower(scheme) {
	case "bearer":
		return t.F("how to authenticate: the Bearer scheme, a token in Authorization (RFC 9110 §11.6.1, RFC 6750 §3)")
	case "basic":
		return t.F("how to authenticate: the Basic scheme, a user name and password in Authorization (RFC 9110 §11.6.1, RFC 7617)")
	case "":
		return t.F("how to authenticate: a challenge the client answers with Authorization (RFC 9110 §11.6.1)")
	}
	return t.F("how to authenticate: the %s scheme, answered with Authorization (RFC 9110 §11.6.1)", scheme)
}

// meaning translates a meaning looked up in one of the maps above; a name
// the map does not explain keeps no meaning.
func meaning(t lang.Text, en lang.Msg) string {
	if en == "" {
		return ""
	}
	return t.F(en)
}
