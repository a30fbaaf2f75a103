package render_test

import (
	"encoding/hex"
	"fmt"
	"strings"

	"wsdemo/pkg/trace"
)

// fixtures is a scenario as a demo would record it: REST calls, a refused
// POST, a browser tab's WebSocket handshake, frames, checks, a note, an error
// and a summary. Times and ports are fixed so golden files never change by
// themselves.
func fixtures() []trace.Event {
	evs := []trace.Event{
		{Conn: 1, From: "client", To: "server", Kind: trace.KindTCPConnect, TUS: 112,
			Summary: "TCP connection #1 opened (127.0.0.1:54321 → 127.0.0.1:8080)"},

		httpEvent(trace.Event{Conn: 1, From: "client", To: "server", Kind: trace.KindHTTPRequest, TUS: 341,
			Summary: "GET /api/notes",
			Note:    "In HTTP the client always speaks first: the server cannot send anything until it is asked (RFC 9112 §3)."},
			"GET /api/notes HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n"),

		httpEvent(trace.Event{Conn: 1, From: "server", To: "client", Kind: trace.KindHTTPResponse, TUS: 1287,
			Summary: "200 OK (29-byte JSON)",
			Note:    "One request, one response. The connection stays open (keep-alive), but the server still only answers."},
			withLength("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Tue, 03 Mar 2026 10:00:00 GMT\r\nContent-Length: %d\r\n\r\n", `[{"id":1,"text":"buy milk"}]`+"\n")),

		httpEvent(trace.Event{Conn: 1, From: "client", To: "server", Kind: trace.KindHTTPRequest, TUS: 2410,
			Summary: "POST /api/notes (JSON body)"},
			withLength("POST /api/notes HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: %d\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n", `{"text":"call mum"}`)),

		{Conn: 1, From: "server", To: "server", Kind: trace.KindCheck, TUS: 2533,
			Summary: "session cookie missing",
			Check:   &trace.Check{Name: "session cookie", OK: false, Detail: "no cookie named sid: creating notes needs a login"}},

		// No Fields: the renderer falls back to the HTTP headers and body.
		{Conn: 1, From: "server", To: "client", Kind: trace.KindHTTPResponse, TUS: 2702,
			Summary: "401 Unauthorized",
			HTTP: &trace.HTTP{Proto: "HTTP/1.1", Status: 401, Reason: "Unauthorized", Headers: [][2]string{
				{"Content-Type", "text/plain; charset=utf-8"},
				{"X-Content-Type-Options", "nosniff"},
				{"Date", "Tue, 03 Mar 2026 10:00:00 GMT"},
				{"Content-Length", "27"},
			}, Body: "unauthorized: log in first\n"},
			Note: "The server says no, but only because it was asked: HTTP has no way for it to speak first."},

		{Conn: 1, From: "server", To: "client", Kind: trace.KindTCPClose, TUS: 3015,
			Summary: "TCP connection #1 closed by the server",
			TCP:     &trace.TCPEnd{How: trace.TCPEndFIN, First: true, Waiting: true},
			Note:    "The server closed the TCP connection first, after its response: a server that receives Connection: close must start closing the connection once it has sent its response (RFC 9112 §9.6)."},

		{Conn: 1, From: "client", To: "server", Kind: trace.KindTCPClose, TUS: 3021,
			Summary: "TCP connection #1: the client's FIN followed",
			TCP:     &trace.TCPEnd{How: trace.TCPEndFIN}},

		{Conn: 2, From: "tab-b", To: "server", Kind: trace.KindTCPConnect, TUS: 10120,
			Summary: "TCP connection #2 opened (127.0.0.1:54330 → 127.0.0.1:8080)"},

		httpEvent(trace.Event{Conn: 2, From: "tab-b", To: "server", Kind: trace.KindHTTPRequest, TUS: 10388,
			Summary: "GET /ws (Upgrade: websocket)",
			Note:    "A WebSocket starts life as an ordinary HTTP request asking to switch protocols (RFC 6455 §4.1)."},
			"GET /ws HTTP/1.1\r\n"+
				"Host: 127.0.0.1:8080\r\n"+
				"Connection: Upgrade\r\n"+
				"Pragma: no-cache\r\n"+
				"Cache-Control: no-cache\r\n"+
				"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\r\n"+
				"Upgrade: websocket\r\n"+
				"Origin: http://127.0.0.1:8080\r\n"+
				"Sec-WebSocket-Version: 13\r\n"+
				"Accept-Encoding: gzip, deflate, br\r\n"+
				"Accept-Language: en-US,en;q=0.9,pt-BR;q=0.8\r\n"+
				"Cookie: sid=4f2a9c\r\n"+
				"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"+
				"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"),

		{Conn: 2, From: "server", To: "server", Kind: trace.KindCheck, TUS: 10502,
			Summary: "Origin allowed",
			Check:   &trace.Check{Name: "Origin allowed", OK: true, Detail: "http://127.0.0.1:8080 is this server's own page"}},

		withDerived(httpEvent(trace.Event{Conn: 2, From: "server", To: "tab-b", Kind: trace.KindHTTPResponse, TUS: 10688,
			Summary: "101 Switching Protocols",
			Note:    "After this response the same TCP connection stops carrying HTTP and carries WebSocket frames."},
			"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
			trace.Field{Name: "accept = ", Value: "base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))",
				Meaning: "proves the server read this handshake (RFC 6455 §4.2.2)"}),

		{Conn: 2, From: "tab-b", To: "tab-b", Kind: trace.KindCheck, TUS: 10702,
			Summary: "Sec-WebSocket-Accept matches",
			Check:   &trace.Check{Name: "Sec-WebSocket-Accept matches", OK: true, Detail: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}},

		maskedHello(),

		{Conn: 2, From: "server", To: "tab-b", Kind: trace.KindWSMessage, TUS: 11342,
			Summary: `TEXT "Hello from tab-a" (pushed)`,
			Note:    "The server sent this without being asked: tab-a typed, the server pushed it to tab-b."},

		{Kind: trace.KindNote, TUS: 11400,
			Summary: "no request needed",
			Note:    "Notice what did not happen: tab-b never asked. Both sides may send at any time over the one connection that stayed open."},

		// No Fields and a broken rule: the renderer decodes the Frame itself.
		{Conn: 2, From: "server", To: "tab-b", Kind: trace.KindWSFrame, TUS: 11950,
			Summary: "BINARY 3 bytes, RSV1 set",
			Raw:     mustHex("c203010203"),
			Frame: &trace.Frame{Fin: true, RSV: 4, Opcode: 2, OpcodeName: "binary", PayloadLen: 3, HeaderLen: 2,
				PayloadHex: "010203", Violation: "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)"}},

		closeFrame(),

		{Conn: 2, From: "tab-b", To: "server", Kind: trace.KindError, TUS: 12990,
			Summary: "read tcp 127.0.0.1:54330->127.0.0.1:8080: connection reset by peer",
			Note:    "The tab went away without a closing handshake; the server learns only when a read fails."},

		{Conn: 2, From: "tab-b", To: "server", Kind: trace.KindTCPClose, TUS: 13004,
			Summary: "TCP connection #2 closed by tab-b",
			TCP:     &trace.TCPEnd{How: trace.TCPEndFIN, First: true}},

		{Conn: 2, From: "server", To: "tab-b", Kind: trace.KindTCPClose, TUS: 1013010,
			Summary: "TCP connection #2: no FIN from the server within 1.00 s; the tap stopped waiting",
			TCP:     &trace.TCPEnd{How: trace.TCPEndOpen},
			Note:    "The server had not closed its end of the connection 1000 ms after the client's FIN, when wsdemo stopped waiting for it."},

		{Kind: trace.KindSummary, TUS: 1013100,
			Summary: "2 HTTP round trips, then 1 WebSocket carrying 4 frames",
			Stats: map[string]any{
				"http_requests":       3,
				"ws_frames":           4,
				"sent_bytes":          int64(1834),
				"received_bytes":      123456,
				"handshake_ms":        0.3,
				"mean_latency_ms":     0.94612,
				"push_without_asking": true,
			},
			Note: "HTTP needed a request for every answer; the WebSocket let the server speak first."},
	}
	for i := range evs {
		evs[i].Seq = i + 1
	}
	return evs
}

func withLength(head, body string) string { return fmt.Sprintf(head, len(body)) + body }

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// meanings are what the producer would say about each part of an HTTP message.
var meanings = map[string]string{
	"method":                   "what the client asks for (RFC 9110 §9)",
	"target":                   "which resource",
	"version":                  "HTTP/1.1: text, one message at a time",
	"status":                   "the outcome, as a number",
	"reason":                   "the outcome, for humans",
	"Host":                     "which site; required in HTTP/1.1",
	"Content-Length":           "body size in bytes: where this message ends",
	"Content-Type":             "how to read the body",
	"Connection":               "Upgrade: this hop should switch protocol",
	"Upgrade":                  "the protocol to switch to",
	"Origin":                   "the page that opened the socket; servers must check it",
	"Sec-WebSocket-Version":    "13 is the only version (RFC 6455 §4.1)",
	"Sec-WebSocket-Key":        "16 random bytes, base64; the server must answer it",
	"Sec-WebSocket-Extensions": "offers compression; the server may decline",
	"Sec-WebSocket-Accept":     "base64(SHA-1(key + GUID)): the answer to the key",
	"Cookie":                   "the handshake is HTTP, so cookies ride along",
	"body":                     "the representation itself",
}

// httpEvent fills e.HTTP, Raw and Fields from a raw HTTP/1.1 message the way
// the wire decoder does: start-line parts, one field per header line and the
// body, each with its byte range.
func httpEvent(e trace.Event, raw string) trace.Event {
	e.Raw = []byte(raw)
	head, body, _ := strings.Cut(raw, "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	h := &trace.HTTP{Body: body}
	field := func(name, value string, off int) {
		e.Fields = append(e.Fields, trace.Field{Name: name, Value: value, Meaning: meanings[name], Off: off, Len: len(value)})
	}
	parts := strings.SplitN(lines[0], " ", 3)
	names := []string{"method", "target", "version"}
	if strings.HasPrefix(lines[0], "HTTP/") {
		names = []string{"version", "status", "reason"}
		h.Proto, h.Reason = parts[0], parts[2]
		fmt.Sscan(parts[1], &h.Status)
	} else {
		h.Method, h.Target, h.Proto = parts[0], parts[1], parts[2]
	}
	off := 0
	for i, p := range parts {
		field(names[i], p, off)
		off += len(p) + 1
	}
	off = len(lines[0]) + 2
	for _, l := range lines[1:] {
		name, value, _ := strings.Cut(l, ": ")
		h.Headers = append(h.Headers, [2]string{name, value})
		e.Fields = append(e.Fields, trace.Field{Name: name, Value: value, Meaning: meanings[name], Off: off, Len: len(l)})
		off += len(l) + 2
	}
	if body != "" {
		field("body", body, len(head)+4)
	}
	e.HTTP = h
	return e
}

func withDerived(e trace.Event, f trace.Field) trace.Event {
	e.Fields = append(e.Fields, f)
	return e
}

// maskedHello is RFC 6455 §5.7's masked "Hello", sent by tab-b.
func maskedHello() trace.Event {
	return trace.Event{Conn: 2, From: "tab-b", To: "server", Kind: trace.KindWSFrame, TUS: 11021,
		Summary: `TEXT "Hello" (masked)`,
		Raw:     mustHex("818537fa213d7f9f4d5158"),
		Note:    "Every frame a client sends is masked with a fresh random key (RFC 6455 §5.3).",
		Frame: &trace.Frame{Fin: true, Opcode: 1, OpcodeName: "text", Masked: true, MaskKey: "37fa213d",
			PayloadLen: 5, HeaderLen: 6, Payload: "Hello"},
		Fields: []trace.Field{
			{Name: "FIN", Value: "1", Meaning: "last fragment: this frame is the whole message", Off: 0, Len: 1},
			{Name: "RSV1-3", Value: "000", Meaning: "no extension bit set", Off: 0, Len: 1},
			{Name: "opcode", Value: "0x1 text", Meaning: "the payload is UTF-8 text", Off: 0, Len: 1},
			{Name: "MASK", Value: "1", Meaning: "masked: client frames always are", Off: 1, Len: 1},
			{Name: "payload length", Value: "5", Meaning: "7-bit length (0-125 fits in the same byte)", Off: 1, Len: 1},
			{Name: "masking key", Value: "37 fa 21 3d", Meaning: "4 random bytes chosen for this frame", Off: 2, Len: 4},
			{Name: "payload", Value: "7f 9f 4d 51 58", Meaning: "as sent: each byte XOR key[i % 4]", Off: 6, Len: 5},
			{Name: "unmasked", Value: `"Hello"`, Meaning: "what the server reads"},
		},
	}
}

// closeFrame is the server's close frame: 1000, reason "done", unmasked.
func closeFrame() trace.Event {
	return trace.Event{Conn: 2, From: "server", To: "tab-b", Kind: trace.KindWSFrame, TUS: 12410,
		Summary: `CLOSE 1000 "done"`,
		Raw:     mustHex("880603e8646f6e65"),
		Note:    "Either side may start the closing handshake; the other answers with its own close frame (RFC 6455 §5.5.1).",
		Frame: &trace.Frame{Fin: true, Opcode: 8, OpcodeName: "close", PayloadLen: 6, HeaderLen: 2,
			CloseCode: 1000, CloseReason: "done"},
		Fields: []trace.Field{
			{Name: "FIN", Value: "1", Meaning: "control frames are never fragmented", Off: 0, Len: 1},
			{Name: "opcode", Value: "0x8 close", Meaning: "start of the closing handshake", Off: 0, Len: 1},
			{Name: "MASK", Value: "0", Meaning: "server frames are never masked", Off: 1, Len: 1},
			{Name: "payload length", Value: "6", Off: 1, Len: 1},
			{Name: "close code", Value: "1000", Meaning: "normal closure (RFC 6455 §7.4.1)", Off: 2, Len: 2},
			{Name: "close reason", Value: `"done"`, Meaning: "UTF-8, for humans; may be empty", Off: 4, Len: 4},
		},
	}
}
