package exercise

import (
	"context"
	"net"
	"net/http"
	"strconv"

	"wsdemo/pkg/trace"
)

// foreignOrigin is the origin of a hostile page.
const foreignOrigin = "http://evil.example"

// originSteps are the checks of the origin exercise: the defence against
// cross-site WebSocket hijacking.
func originSteps() []*step {
	return []*step{
		{
			name:  "origin-foreign",
			title: "a handshake from a foreign origin is refused with 403",
			does:  "Sends an opening handshake with Origin: http://evil.example and expects 403 Forbidden: no 101, so no WebSocket and no frame.",
			rule:  "a server that only serves pages of its own origin refuses a handshake from another with an HTTP error such as 403 Forbidden (RFC 6455 §10.2, §4.2.2)",
			hint:  "compare Origin with the server's own origin before accepting: coder/websocket does it in Accept (unless InsecureSkipVerify or OriginPatterns let it in); with ws, refuse in verifyClient with cb(false, 403)",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refused(ctx, foreignOrigin)
			},
		},
		{
			name:  "origin-other-port",
			title: "the same host on another port is another origin: refused",
			does:  "Sends an opening handshake whose Origin has the server's scheme and host but another port, and expects 403 Forbidden.",
			rule:  "two origins are the same only when scheme, host and port all match (RFC 6454 §5); any other origin is refused (RFC 6455 §10.2)",
			hint:  "compare the whole origin, port included (http:// + the Host header), not only the host name",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refused(ctx, s.otherPortOrigin())
			},
		},
		{
			name:  "origin-own",
			title: "the server's own origin is accepted",
			does:  "Sends an opening handshake with Origin: http:// and the host and port of --url, as a page the server itself served would, and expects 101 Switching Protocols.",
			rule:  "a page's own origin is scheme, host and port of the URL it came from (RFC 6454 §6.2); the server accepts its own pages (RFC 6455 §4.2.2)",
			hint:  "the server's own origin is http:// followed by the Host header of the request: accept that one",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.accepted(ctx, s.target.Origin())
			},
		},
		{
			name:  "origin-absent",
			title: "a handshake without Origin is accepted",
			does:  "Sends an opening handshake with no Origin header, as a program that is not a browser may, and expects 101 Switching Protocols.",
			rule:  "browsers always send Origin (RFC 6455 §4.1); other clients may send none, and Origin protects browser users only (RFC 6455 §10.2), so the task accepts a handshake without it, as coder/websocket does",
			hint:  "refuse only an Origin that is present and foreign: in ws, req.headers.origin is undefined then",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.accepted(ctx, "")
			},
		},
	}
}

// otherPortOrigin is the server's own origin with another port.
func (s *session) otherPortOrigin() string {
	host, port, err := net.SplitHostPort(s.target.Addr)
	if err != nil {
		return foreignOrigin
	}
	n, _ := strconv.Atoi(port)
	other := n + 1
	if other > 65535 {
		other = n - 1
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(other))
}

// refused sends a handshake from origin and expects 403.
func (s *session) refused(ctx context.Context, origin string) (trace.Msg, *failure) {
	o, f := s.openWS(ctx, origin)
	if f != nil {
		return trace.Msg{}, f
	}
	switch code := o.resp.StatusCode; {
	case code == http.StatusSwitchingProtocols:
		// A WebSocket the check did not want: close it politely.
		o.client.finish(quietWait)
		return trace.Msg{}, fail("it answered 101 Switching Protocols to the origin %s: a page from there could now use the connection", origin)
	case code != http.StatusForbidden:
		return trace.Msg{}, fail("it answered %s to the origin %s, not 403 Forbidden", o.resp.Status, origin)
	}
	return passed("403 Forbidden for %s, and no WebSocket", origin), nil
}

// accepted sends a handshake from origin ("" sends none) and expects a
// correct 101; the WebSocket is then closed.
func (s *session) accepted(ctx context.Context, origin string) (trace.Msg, *failure) {
	c, ok, f := s.openJudged(ctx, origin)
	if f != nil {
		return trace.Msg{}, f
	}
	c.finish(quietWait)
	return ok, nil
}
