package exercise

import (
	"context"
	"errors"
	"io"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// Limit is the largest message the robust exercise's server accepts, as
// its task announces: 64 KiB.
const Limit = 64 << 10

// robustSteps are the checks of the robust exercise: an echo server that
// refuses broken input with the right close code and stays up.
func robustSteps() []*step {
	return []*step{
		{
			name:  "limit-accepts",
			title: "a message of exactly 64 KiB is still echoed",
			does:  "Sends a binary message of 65,536 bytes, the announced limit, and waits up to 2 s for the same bytes back.",
			rule:  "a receiver chooses how large a message it accepts (RFC 6455 §10.4); the task announces 65,536 bytes, so a message of that size is within the limit",
			hint:  "the limit is the largest message accepted, not the first one refused: coder/websocket's c.SetReadLimit(65536); ws's maxPayload: 65536",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.echo(ctx, wire.OpBinary, pattern(Limit), 1)
			},
		},
		{
			name:  "bad-utf8",
			title: "invalid UTF-8 in a text message is refused with close 1007",
			does:  "On a new WebSocket, sends a text message whose bytes are not UTF-8 (62 61 64 3a 20 c3 28) and expects a close frame with 1007 within 2 s.",
			rule:  "a text message must be valid UTF-8, and an endpoint that receives one that is not fails the connection (RFC 6455 §8.1); 1007 says the data did not match the message's type (RFC 6455 §7.4.1)",
			hint:  "coder/websocket does not check UTF-8: check utf8.Valid on each text message and c.Close(websocket.StatusInvalidFramePayloadData, ...); Node's ws does it for you",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refusal(ctx, 1007, func(c *wsClient) error {
					return c.send(wire.OpText, []byte{'b', 'a', 'd', ':', ' ', 0xc3, 0x28})
				})
			},
		},
		{
			name:  "unmasked",
			title: "an unmasked frame from the client is refused with close 1002",
			does:  "On a new WebSocket, sends a text frame without a mask (MASK bit 0) and expects a close frame with 1002 within 2 s.",
			rule:  "a client masks every frame, and a server closes the connection on a frame that is not masked; it may send 1002 (protocol error) first (RFC 6455 §5.1), and this task asks for that close frame, so the client learns why",
			hint:  "coder/websocket drops the connection without a close frame here: when Read fails with an error that is not a CloseError, call c.Close(websocket.StatusProtocolError, ...); Node's ws sends 1002 for you",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refusal(ctx, 1002, func(c *wsClient) error {
					return c.writeFrame(true, wire.OpText, []byte("unmasked"), false)
				})
			},
		},
		{
			name:  "too-big",
			title: "a message over 64 KiB is refused with close 1009",
			does:  "On a new WebSocket, sends a binary message of 65,537 bytes, one more than the announced limit, and expects a close frame with 1009 within 2 s.",
			rule:  "an endpoint may refuse a message too big for it (RFC 6455 §10.4); it says so with 1009, message too big (RFC 6455 §7.4.1)",
			hint:  "set the limit in the library (coder/websocket: c.SetReadLimit(65536); ws: maxPayload: 65536): it then closes with 1009 on its own",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refusal(ctx, 1009, func(c *wsClient) error {
					return c.send(wire.OpBinary, pattern(Limit+1))
				})
			},
		},
		{
			name:  "reserved-opcode",
			title: "a frame with a reserved opcode is refused with close 1002",
			does:  "On a new WebSocket, sends a frame with opcode 0x3, which RFC 6455 leaves unused, and expects a close frame with 1002 within 2 s.",
			rule:  "opcodes 0x3-0x7 and 0xB-0xF are reserved, and an endpoint that receives one fails the connection (RFC 6455 §5.2), with 1002, protocol error (RFC 6455 §7.4.1)",
			hint:  "WebSocket libraries refuse reserved opcodes with 1002 on their own while your code reads: keep reading, and do not swallow the error",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.refusal(ctx, 1002, func(c *wsClient) error {
					return c.writeFrame(true, wire.Opcode(0x3), []byte("?"), true)
				})
			},
		},
		{
			name:  "still-up",
			title: "the server is still up for the next client",
			does:  "Opens a new WebSocket after all that and expects its text message to come back, as from any client.",
			rule:  "what one client sends fails that client's connection only (RFC 6455 §7.1.7); a server treats every input as untrusted and goes on serving the others (RFC 6455 §10.7)",
			hint:  "a broken frame is an error on one connection: handle it there, and never let it stop the process (no panic, no os.Exit, no unhandled 'error' event in Node)",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				c, _, f := s.openJudged(ctx, s.target.Origin())
				if f != nil {
					return trace.Msg{}, f
				}
				ok, f := s.echoOn(ctx, c, wire.OpText, []byte("still here? "+s.nonce), 1)
				c.finish(quietWait)
				return ok, f
			},
		},
	}
}

// refusal opens a new WebSocket, sends something broken with send, and
// expects the server to close with code.
func (s *session) refusal(ctx context.Context, code int, send func(c *wsClient) error) (trace.Msg, *failure) {
	c, _, f := s.openJudged(ctx, s.target.Origin())
	if f != nil {
		return trace.Msg{}, f
	}
	defer c.finish(quietWait)
	sent := time.Now()
	// A server may close before it has read all of a long message: the
	// write may then fail, and what it sent before is still read.
	_ = send(c)
	in, _, err := c.await(ctx, s.wait, func(in inbound) bool { return isClose(in) || isData(in) })
	if err != nil {
		var e *endedError
		if errors.As(err, &e) && (errors.Is(e.Err, io.EOF) || isReset(e.Err)) {
			return trace.Msg{}, fail("the server ended the TCP connection without a close frame: the client cannot tell why")
		}
		if f := ended(err); f != nil {
			return trace.Msg{}, f
		}
		return trace.Msg{}, fail("no close frame within 2 s: the server let it pass")
	}
	if isData(in) {
		return trace.Msg{}, fail("the server answered with a %s message instead of closing: it took the input as valid", opName(in.msg.Opcode))
	}
	switch got := in.frame.CloseCode; {
	case got == code:
		return passed("a close frame with %#d (%s), %v after", code, wire.CloseCodeName(code), lang.Span(in.at.Sub(sent))), nil
	case got == 0:
		return trace.Msg{}, fail("the server's close frame has no status code; the task asks for %#d (%s)", code, wire.CloseCodeName(code))
	default:
		return trace.Msg{}, fail("the server closed with %#d (%s), not %#d (%s)", got, wire.CloseCodeName(got), code, wire.CloseCodeName(code))
	}
}
