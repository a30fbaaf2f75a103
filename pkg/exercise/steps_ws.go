package exercise

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// wsSteps are the checks of the echo exercise, and the handshake every
// WebSocket exercise starts with.
func wsSteps() []*step {
	return []*step{
		{
			name:  "handshake",
			title: "the opening handshake is accepted",
			does:  "Sends an opening handshake as a browser page of the server's own origin would (GET with Upgrade: websocket, Connection: Upgrade, a random Sec-WebSocket-Key, Sec-WebSocket-Version: 13 and Origin) and expects 101 Switching Protocols with the right Sec-WebSocket-Accept.",
			rule:  "a server that accepts the handshake answers 101 with Upgrade: websocket, Connection: Upgrade and Sec-WebSocket-Accept, the base64 of the SHA-1 of the key followed by the GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11 (RFC 6455 §4.2.2)",
			hint:  "let a WebSocket library answer the handshake (coder/websocket's Accept, Node's ws) rather than writing it by hand, and check that the path in --url is where your server accepts WebSockets",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				_, ok, f := s.openMain(ctx)
				return ok, f
			},
		},
		{
			name:  "echo-text",
			title: "a text message comes back as the same text",
			does:  "Sends the text message \"hello, echo: olá 👋\" (with a few letters of its own after it) and waits up to 2 s for a text message with the same bytes.",
			rule:  "a text frame carries UTF-8 text (opcode 0x1) and a binary frame any bytes (opcode 0x2); an echo sends the message back with the same opcode (RFC 6455 §5.6)",
			hint:  "read a message and write it back with the type you read: in coder/websocket, the MessageType Read returned; in Node's ws, send(data, { binary: isBinary })",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.echo(ctx, wire.OpText, []byte("hello, echo: olá 👋 "+s.nonce), 1)
			},
		},
		{
			name:  "echo-binary",
			title: "a binary message comes back as the same bytes",
			does:  "Sends a binary message of 8 bytes that are not valid UTF-8 (00 ff 80 7f 77 73 c3 28) and waits up to 2 s for a binary message with the same bytes.",
			rule:  "a text frame carries UTF-8 text (opcode 0x1) and a binary frame any bytes (opcode 0x2); an echo sends the message back with the same opcode (RFC 6455 §5.6)",
			hint:  "do not turn the message into a string: bytes that are not UTF-8 would change; write back the bytes and the type you read",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.echo(ctx, wire.OpBinary, []byte{0x00, 0xff, 0x80, 0x7f, 'w', 's', 0xc3, 0x28}, 1)
			},
		},
		{
			name:  "echo-long",
			title: "a message of 70,000 bytes comes back whole",
			does:  "Sends a text message of 70,000 bytes in one frame, whose length needs the 64-bit form (127 and 8 bytes), and waits up to 2 s for the same 70,000 bytes as a text message, in as many frames as the server likes.",
			rule:  "a payload over 65,535 bytes has its length in the 8 bytes after the value 127 (RFC 6455 §5.2); how long a message may be is the receiver's choice, and this task asks for 70,000 bytes (RFC 6455 §10.4)",
			hint:  "coder/websocket reads at most 32,768 bytes of a message unless you call c.SetReadLimit (e.g. 1 << 20); Node's ws takes up to 100 MiB by default",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.echo(ctx, wire.OpText, pattern(70000), 1)
			},
		},
		{
			name:  "echo-fragmented",
			title: "a message in three fragments comes back as one message",
			does:  "Sends the text message \"fragmented message\" in three frames (a text frame with FIN 0, a continuation frame with FIN 0, a continuation frame with FIN 1) and waits up to 2 s for the whole message back.",
			rule:  "the receiver joins the fragments of a message, FIN 0 until the last, into one message; frame boundaries carry no meaning of their own (RFC 6455 §5.4)",
			hint:  "read whole messages (coder/websocket's Read, ws's 'message' event): the library joins the fragments, and the echo is the whole message",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.echo(ctx, wire.OpText, []byte("fragmented message "+s.nonce), 3)
			},
		},
		{
			name:  "ping-pong",
			title: "a ping is answered by a pong with the same payload",
			does:  "Sends a ping frame with the payload \"are you there?\" (and a few letters of its own) and waits up to 2 s for a pong with the same payload.",
			rule:  "an endpoint that receives a ping sends back a pong with the same application data, as soon as it can (RFC 6455 §5.5.2, §5.5.3)",
			hint:  "WebSocket libraries answer pings on their own while your code reads: coder/websocket while Read waits, Node's ws always; make sure your server keeps reading",
			run:   pingPong,
		},
		{
			name:  "close",
			title: "a close frame is answered by a close frame",
			does:  "Sends a close frame with status 1000 (normal closure) and waits up to 2 s for the server's close frame. Who then closes TCP first is not checked.",
			rule:  "an endpoint that receives a close frame, and has not sent one, sends one back, usually with the same status code, and then the TCP connection closes (RFC 6455 §5.5.1, §7.4.1)",
			hint:  "a library answers the close for you when your code reads (coder/websocket's Read returns a CloseError after answering; ws emits 'close'): stop your own loops and timers then",
			run:   closeHandshake,
		},
	}
}

// openMain opens the WebSocket the checks use from step to step, or gives
// the one already open. The handshake is judged either way.
func (s *session) openMain(ctx context.Context) (*wsClient, trace.Msg, *failure) {
	if s.main != nil && !s.main.isEnded() {
		return s.main, passed("the WebSocket opened earlier is still open"), nil
	}
	c, ok, f := s.openJudged(ctx, s.target.Origin())
	if f == nil {
		s.main = c
	}
	return c, ok, f
}

// mainWS is openMain for a step that needs a WebSocket.
func (s *session) mainWS(ctx context.Context) (*wsClient, *failure) {
	c, _, f := s.openMain(ctx)
	return c, f
}

// openJudged opens a WebSocket and judges the server's answer.
func (s *session) openJudged(ctx context.Context, origin string) (*wsClient, trace.Msg, *failure) {
	o, f := s.openWS(ctx, origin)
	if f != nil {
		return nil, trace.Msg{}, f
	}
	ok, f := s.judgeOpening(o, origin)
	if f != nil {
		if o.client != nil {
			// RFC 6455 §4.1: a client fails a connection whose 101 is wrong.
			o.client.drop()
		}
		return nil, trace.Msg{}, f
	}
	return o.client, ok, nil
}

// judgeOpening checks the server's answer to a handshake as RFC 6455 §4.1
// asks a client to.
func (s *session) judgeOpening(o *opening, origin string) (trace.Msg, *failure) {
	r := o.resp
	if r.StatusCode != http.StatusSwitchingProtocols {
		switch r.StatusCode {
		case http.StatusNotFound:
			return trace.Msg{}, fail("it answered %s: nothing is at %s", r.Status, s.target.Path).
				because("the path in --url must be the one your server accepts WebSockets at (the task says which)")
		case http.StatusForbidden:
			if origin != "" {
				return trace.Msg{}, fail("it answered %s to a handshake from the server's own origin, %s", r.Status, origin).
					because("a server refuses foreign origins, never its own: compare the Origin with http:// and the Host header the request carries")
			}
			return trace.Msg{}, fail("it answered %s to a handshake without Origin", r.Status).
				because("a client that is not a browser page sends no Origin, and the task asks you to accept it")
		}
		return trace.Msg{}, fail("it answered %s, not 101 Switching Protocols", r.Status)
	}
	if v := r.Header.Get("Upgrade"); !strings.EqualFold(strings.TrimSpace(v), "websocket") {
		return trace.Msg{}, fail("the 101 says Upgrade: %q, not websocket", v)
	}
	if v := strings.Join(r.Header.Values("Connection"), ","); !wire.HasToken(v, "upgrade") {
		return trace.Msg{}, fail("the 101 says Connection: %q, without the token Upgrade", v)
	}
	want := wire.AcceptKey(o.key)
	switch got := r.Header.Get("Sec-WebSocket-Accept"); {
	case got == "":
		return trace.Msg{}, fail("the 101 has no Sec-WebSocket-Accept header")
	case got != want:
		return trace.Msg{}, fail("Sec-WebSocket-Accept is %q; for the key %q it must be %q", got, o.key, want)
	}
	if v := r.Header.Get("Sec-WebSocket-Extensions"); v != "" {
		return trace.Msg{}, fail("the 101 turns on the extension %q, which the client did not offer", v).
			because("a server may only choose an extension the client offered (RFC 6455 §9.1): turn compression off, or let your library negotiate it")
	}
	if v := r.Header.Get("Sec-WebSocket-Protocol"); v != "" {
		return trace.Msg{}, fail("the 101 chooses the subprotocol %q, which the client did not offer", v).
			because("a server may only choose a subprotocol the client offered (RFC 6455 §4.2.2)")
	}
	return passed("101 Switching Protocols; Sec-WebSocket-Accept is %s, as computed from the key", want), nil
}

// pattern is n bytes of readable ASCII, so that a long message shows as
// text where the diagram shows its start.
func pattern(n int) []byte {
	const abc = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = abc[i%len(abc)]
	}
	return b
}

// sendMessage sends payload as one message of type op, in frames pieces
// (1: one frame).
func (c *wsClient) sendMessage(op wire.Opcode, payload []byte, frames int) error {
	if frames <= 1 || len(payload) < frames {
		return c.send(op, payload)
	}
	size := len(payload) / frames
	for i := 0; i < frames; i++ {
		part := payload[i*size : (i+1)*size]
		if i == frames-1 {
			part = payload[i*size:]
		}
		fop := wire.OpContinuation
		if i == 0 {
			fop = op
		}
		if err := c.writeFrame(i == frames-1, fop, part, true); err != nil {
			return err
		}
	}
	return nil
}

// sendFailed explains a message the client could not write.
func sendFailed(err error) *failure {
	if isReset(err) {
		return fail("the server reset the connection (a TCP RST) while the client was sending")
	}
	return fail("the client could not send its message: %s", err.Error())
}

// echo sends a message and expects it back, same type, same bytes.
func (s *session) echo(ctx context.Context, op wire.Opcode, payload []byte, frames int) (trace.Msg, *failure) {
	c, f := s.mainWS(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	return s.echoOn(ctx, c, op, payload, frames)
}

// echoOn is echo on a given connection.
func (s *session) echoOn(ctx context.Context, c *wsClient, op wire.Opcode, payload []byte, frames int) (trace.Msg, *failure) {
	sent := time.Now()
	if err := c.sendMessage(op, payload, frames); err != nil {
		return trace.Msg{}, sendFailed(err)
	}
	in, skipped, err := c.await(ctx, s.wait, func(in inbound) bool {
		return isClose(in) || (isData(in) && bytes.Equal(in.msg.Payload, payload) && in.msg.Length == uint64(len(payload)))
	})
	if err != nil {
		return trace.Msg{}, s.noEcho(err, op, payload, skipped)
	}
	if isClose(in) {
		return trace.Msg{}, closedInstead(in.frame)
	}
	if in.msg.Opcode != op {
		return trace.Msg{}, fail("the same bytes came back as a %s message, not a %s message", opName(in.msg.Opcode), opName(op))
	}
	if in.msg.Frames > 1 {
		return passed("the same %d bytes came back as one %s message in %d frames, %v after it was sent", len(payload), opName(op), in.msg.Frames, lang.Span(in.at.Sub(sent))), nil
	}
	return passed("the same %d bytes came back as a %s message, %v after it was sent", len(payload), opName(op), lang.Span(in.at.Sub(sent))), nil
}

// noEcho explains an echo that did not come: what came instead, or how
// the connection ended.
func (s *session) noEcho(err error, op wire.Opcode, payload []byte, skipped []inbound) *failure {
	if f := ended(err); f != nil {
		return f
	}
	for _, in := range skipped {
		if !isData(in) {
			continue
		}
		m := in.msg
		if m.Length == uint64(len(payload)) {
			return fail("a %s message of the same length came back, but its bytes differ from those sent", opName(m.Opcode))
		}
		return fail("nothing came back within 2 s but another message: a %s message, %s", opName(m.Opcode), short(m.Opcode, m.Payload, m.Length))
	}
	return fail("nothing came back within 2 s")
}

// ended explains an await that stopped for another reason than a timeout,
// or returns nil for a timeout.
func ended(err error) *failure {
	var e *endedError
	switch {
	case errors.Is(err, errTimeout):
		return nil
	case errors.As(err, &e) && errors.Is(e.Err, io.EOF):
		return fail("the server closed the TCP connection without a close frame")
	case errors.As(err, &e) && isReset(e.Err):
		return fail("the server reset the connection (a TCP RST) without a close frame")
	case errors.As(err, &e) && errors.Is(e.Err, wire.ErrLengthMSB):
		return fail("the server sent a frame whose 64-bit length has its most significant bit set (RFC 6455 §5.2): nothing after it can be read")
	case errors.As(err, &e):
		return fail("the connection failed: %s", e.Err.Error())
	}
	return &failure{err: err}
}

// closedInstead explains a close frame that came where an answer was due.
func closedInstead(f *wire.Frame) *failure {
	switch {
	case f.CloseCode == 1009:
		return fail("the server closed the WebSocket with %#d (%s) instead of answering", f.CloseCode, wire.CloseCodeName(f.CloseCode)).
			because("coder/websocket reads at most 32,768 bytes of a message unless you call c.SetReadLimit (e.g. 1 << 20); Node's ws takes up to 100 MiB by default")
	case f.CloseCode != 0:
		return fail("the server closed the WebSocket with %#d (%s) instead of answering", f.CloseCode, wire.CloseCodeName(f.CloseCode))
	}
	return fail("the server sent a close frame instead of answering")
}

func pingPong(ctx context.Context, s *session) (trace.Msg, *failure) {
	c, f := s.mainWS(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	payload := []byte("are you there? " + s.nonce)
	sent := time.Now()
	if err := c.writeFrame(true, wire.OpPing, payload, true); err != nil {
		return trace.Msg{}, sendFailed(err)
	}
	in, skipped, err := c.await(ctx, s.wait, func(in inbound) bool {
		return isClose(in) || (in.frame != nil && in.frame.Opcode == wire.OpPong && bytes.Equal(in.frame.Payload, payload))
	})
	if err != nil {
		if f := ended(err); f != nil {
			return trace.Msg{}, f
		}
		for _, o := range skipped {
			if o.frame != nil && o.frame.Opcode == wire.OpPong {
				return trace.Msg{}, fail("a pong came, but with the payload %q, not the ping's", string(o.frame.Payload))
			}
		}
		return trace.Msg{}, fail("no pong within 2 s")
	}
	if isClose(in) {
		return trace.Msg{}, closedInstead(in.frame)
	}
	return passed("a pong with the same %d bytes, %v after the ping", len(payload), lang.Span(in.at.Sub(sent))), nil
}

func closeHandshake(ctx context.Context, s *session) (trace.Msg, *failure) {
	c, f := s.mainWS(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	if err := c.sendClose(1000, "bye"); err != nil {
		return trace.Msg{}, sendFailed(err)
	}
	in, _, err := c.await(ctx, s.wait, isClose)
	if err != nil {
		if f := ended(err); f != nil {
			return trace.Msg{}, f
		}
		return trace.Msg{}, fail("no close frame came back within 2 s")
	}
	fr := in.frame
	if fr.Violation != "" {
		return trace.Msg{}, fail("the server's close frame breaks a rule: %s", fr.ViolationMsg)
	}
	// The closing handshake is over: wait briefly for the server to close
	// TCP, as RFC 6455 §7.1.1 prefers, then close our side either way.
	c.finish(quietWait)
	s.main = nil
	if fr.CloseCode == 0 {
		return passed("a close frame with no status code came back"), nil
	}
	return passed("a close frame with %#d (%s) came back", fr.CloseCode, wire.CloseCodeName(fr.CloseCode)), nil
}

// isEnded reports whether the server's side of c has ended.
func (c *wsClient) isEnded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended != nil || c.closeSent
}
