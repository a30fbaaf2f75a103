package sioclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"wsdemo/pkg/wire"
)

// Problem says how the answer to the handshake fell short.
type Problem int

// The ways a server's answer to the Engine.IO handshake request is not an
// Engine.IO v4 open packet.
const (
	// NotFound: 404, nothing at that path.
	NotFound Problem = iota + 1
	// Refused: 403, or Engine.IO's error 4 "Forbidden": the server refused
	// the request (its Origin, its credentials: allowRequest).
	Refused
	// EngineIOError: another error of Engine.IO's, with its code and
	// message (400 {"code":N,"message":...}).
	EngineIOError
	// HTTPStatus: another status than 200.
	HTTPStatus
	// NotEngineIO: 200, but the body is no open packet (a web page, say).
	NotEngineIO
	// EIO3: the body is Engine.IO v3's: packets counted by length
	// ("96:0{...}"), the protocol of Socket.IO 1 and 2.
	EIO3
	// CORS: the request carried an Origin, and the answer does not allow it
	// (Access-Control-Allow-Origin): a browser page of that origin could
	// not read it.
	CORS
)

// HandshakeError is a server's answer to the Engine.IO handshake that
// opens no session.
type HandshakeError struct {
	URL     string // the request
	Problem Problem
	Status  int    // the response's status code
	Reason  string // its reason phrase, "Not Found"
	// Code and Message are Engine.IO's error, when the body is one
	// ({"code":4,"message":"Forbidden"}); Code is -1 otherwise.
	Code    int
	Message string
	// Body is the start of the response body, as text.
	Body string
	// Origin is the Origin the request carried, AllowOrigin the
	// Access-Control-Allow-Origin of the answer ("" when absent): CORS.
	Origin, AllowOrigin string
	// Detail is the rule a body that is no open packet breaks.
	Detail string
}

func (e *HandshakeError) Error() string {
	switch e.Problem {
	case NotFound:
		return fmt.Sprintf("%s answered %d %s: nothing is there, so no Socket.IO server at that path", e.URL, e.Status, e.Reason)
	case Refused:
		if e.Code >= 0 {
			return fmt.Sprintf("the server refused the Engine.IO handshake: %d %s, Engine.IO error %d %q", e.Status, e.Reason, e.Code, e.Message)
		}
		return fmt.Sprintf("the server refused the Engine.IO handshake: %d %s", e.Status, e.Reason)
	case EngineIOError:
		return fmt.Sprintf("the server answered the Engine.IO handshake with %d %s, Engine.IO error %d %q", e.Status, e.Reason, e.Code, e.Message)
	case HTTPStatus:
		return fmt.Sprintf("the server answered the Engine.IO handshake with %d %s, not an open packet", e.Status, e.Reason)
	case EIO3:
		return "this server speaks Engine.IO v3 (Socket.IO v2): wsdemo speaks v4, the protocol of Socket.IO 3 and later"
	case CORS:
		if e.AllowOrigin == "" {
			return fmt.Sprintf("the server's answer has no Access-Control-Allow-Origin for Origin %s: a page from that origin could not read it (CORS)", e.Origin)
		}
		return fmt.Sprintf("the server allows Origin %s, not %s: a page from %s could not read its answer (CORS)", e.AllowOrigin, e.Origin, e.Origin)
	}
	if e.Detail != "" {
		return fmt.Sprintf("not a Socket.IO server: the answer to the Engine.IO handshake is no open packet (%s)", e.Detail)
	}
	return fmt.Sprintf("not a Socket.IO server: the answer to the Engine.IO handshake is no open packet, it starts %q", e.Body)
}

// ConnectError is the server's refusal of Socket.IO's CONNECT: a
// CONNECT_ERROR packet, "44{...}" on the wire (Socket.IO v5, "Connection
// to a namespace"), as a server's middleware sends (next(new Error(...))).
type ConnectError struct {
	Message string          // its "message", when it has one
	Data    json.RawMessage // the packet's data as sent
}

func (e *ConnectError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("the server refused Socket.IO's CONNECT: %q (CONNECT_ERROR 44%s)", e.Message, e.Data)
	}
	return fmt.Sprintf("the server refused Socket.IO's CONNECT (CONNECT_ERROR 44%s)", e.Data)
}

// eio3Payload matches the start of an Engine.IO v3 long-polling payload:
// each packet counted by its length and a colon ("96:0{...}"), which v4
// replaced by the record separator (Engine.IO v4, "History", "From v3 to
// v4"). Compiled on first use: every command would pay for it otherwise.
var eio3Payload = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+:[0-9]`) })

// checkHandshake judges the answer to the handshake's GET: it must be 200
// with an open packet first in its body, and allow the request's Origin,
// if it had one.
func checkHandshake(target string, res *http.Response, body []byte, origin string) error {
	if res.StatusCode != http.StatusOK {
		return statusError(target, res, body)
	}
	if eio3Payload().Match(body) {
		return &HandshakeError{URL: target, Problem: EIO3, Status: res.StatusCode, Reason: reason(res), Code: -1, Body: clip(body)}
	}
	var first *wire.EIOPacket
	wire.DecodeEIOPayload(body, false, func(p *wire.EIOPacket) {
		if first == nil {
			first = p
		}
	})
	if first == nil || first.Open == nil {
		e := &HandshakeError{URL: target, Problem: NotEngineIO, Status: res.StatusCode, Reason: reason(res), Code: -1, Body: clip(body)}
		if first != nil && first.Type == wire.EIOOpen {
			e.Detail = first.Violations()
		}
		return e
	}
	if origin != "" {
		allow := res.Header.Get("Access-Control-Allow-Origin")
		if allow != "*" && allow != origin {
			return &HandshakeError{URL: target, Problem: CORS, Status: res.StatusCode, Reason: reason(res), Code: -1, Origin: origin, AllowOrigin: allow}
		}
	}
	return nil
}

// statusError classifies an answer other than 200 (or 101 to a WebSocket
// handshake).
func statusError(target string, res *http.Response, body []byte) error {
	e := &HandshakeError{URL: target, Status: res.StatusCode, Reason: reason(res), Code: -1, Body: clip(body)}
	var eio struct {
		Code    *int   `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(bytes.TrimSpace(body), &eio) == nil && eio.Code != nil {
		e.Code, e.Message = *eio.Code, eio.Message
	}
	switch {
	case res.StatusCode == http.StatusNotFound:
		e.Problem = NotFound
	case res.StatusCode == http.StatusForbidden || e.Code == 4:
		e.Problem = Refused
	case e.Code >= 0:
		e.Problem = EngineIOError
	default:
		e.Problem = HTTPStatus
	}
	return e
}

// reason is the response's reason phrase: "Not Found" of "404 Not Found".
func reason(res *http.Response) string {
	_, r, _ := strings.Cut(res.Status, " ")
	if r == "" {
		r = http.StatusText(res.StatusCode)
	}
	return r
}
