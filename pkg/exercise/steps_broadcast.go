package exercise

import (
	"bytes"
	"context"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// broadcastSteps are the checks of the broadcast exercise: two clients, the
// two tabs of the Google Docs example, and a server that relays between
// them.
func broadcastSteps() []*step {
	return []*step{
		{
			name:  "second-client",
			title: "a second client connects too",
			does:  "Opens a second WebSocket, client B, beside the first (client A), with the same handshake, then gives the server 0.3 s to add it to its clients before anything is sent.",
			rule:  "a server accepts many WebSocket connections at once, each on its own TCP connection, each with its own handshake (RFC 6455 §4.2.2)",
			hint:  "keep every open connection in a set (ws keeps wss.clients for you), and remove it when it closes",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				if _, f := s.mainWS(ctx); f != nil {
					return trace.Msg{}, f
				}
				_, ok, f := s.openSecond(ctx)
				return ok, f
			},
		},
		{
			name:  "broadcast-a-to-b",
			title: "a message from client A reaches client B",
			does:  "Client A sends a text message; client B must receive the same text within 2 s.",
			rule:  "once open, the server may send to any client at any time, without being asked (RFC 6455 §1.2, §5.6)",
			hint:  "when a message arrives on one connection, write it to every other open connection",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.relay(ctx, false, []byte("from A: "+s.nonce))
			},
		},
		{
			name:  "broadcast-b-to-a",
			title: "a message from client B reaches client A",
			does:  "Client B sends a text message; client A must receive the same text within 2 s.",
			rule:  "once open, the server may send to any client at any time, without being asked (RFC 6455 §1.2, §5.6)",
			hint:  "every connection is read and relayed the same way: the first client is not special",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.relay(ctx, true, []byte("from B: "+s.nonce))
			},
		},
		{
			name:  "no-echo-to-sender",
			title: "the sender does not get its own message back",
			does:  "Client A sends one more text message; once client B has it, the check waits 1 s more and expects client A never to have received it.",
			rule:  "the server decides who receives what: a broadcast to the others leaves the sender out, as the task asks (RFC 6455 §1.2 leaves what the messages mean to the application)",
			hint:  "skip the connection the message came from when you relay it",
			run:   noEchoToSender,
		},
	}
}

// openSecond opens broadcast's client B, or gives the one already open.
func (s *session) openSecond(ctx context.Context) (*wsClient, trace.Msg, *failure) {
	if s.second != nil && !s.second.isEnded() {
		return s.second, passed("client B's WebSocket is still open"), nil
	}
	c, ok, f := s.openJudged(ctx, s.target.Origin())
	if f != nil {
		return c, ok, f
	}
	s.second = c
	// A server adds a connection to its clients once the 101 has gone
	// out, a moment after the client has it: a message sent at once
	// could find it not yet there, in a server that is right.
	// A patient run (Options.Wait, as the tests on a loaded machine ask)
	// gives the server as much more time to do it.
	if err := sleep(ctx, max(registerWait, s.wait/10)); err != nil {
		return nil, trace.Msg{}, &failure{err: err}
	}
	return c, passed("client B is connected as well: 101 Switching Protocols"), nil
}

// registerWait is how long broadcast waits, after client B's handshake,
// before it sends anything.
const registerWait = 300 * time.Millisecond

// pair gives clients A and B, opening what is not open.
func (s *session) pair(ctx context.Context) (a, b *wsClient, f *failure) {
	if a, f = s.mainWS(ctx); f != nil {
		return nil, nil, f
	}
	if b, _, f = s.openSecond(ctx); f != nil {
		return nil, nil, f
	}
	return a, b, nil
}

// relay sends payload from one client and expects it at the other; fromB
// sends from B to A.
func (s *session) relay(ctx context.Context, fromB bool, payload []byte) (trace.Msg, *failure) {
	a, b, f := s.pair(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	from, to := a, b
	if fromB {
		from, to = b, a
	}
	return s.delivered(ctx, from, to, fromB, payload)
}

// delivered sends payload from one client and waits for it at the other.
func (s *session) delivered(ctx context.Context, from, to *wsClient, fromB bool, payload []byte) (trace.Msg, *failure) {
	sent := time.Now()
	if err := from.send(wire.OpText, payload); err != nil {
		return trace.Msg{}, sendFailed(err)
	}
	in, skipped, err := to.await(ctx, s.wait, func(in inbound) bool {
		return isClose(in) || (isData(in) && bytes.Equal(in.msg.Payload, payload))
	})
	receiver := lang.Msg("client B")
	if fromB {
		receiver = "client A"
	}
	if err != nil {
		if f := ended(err); f != nil {
			return trace.Msg{}, f
		}
		for _, o := range skipped {
			if isData(o) {
				return trace.Msg{}, fail("%s got another message, %s, but not this one within 2 s", receiver, short(o.msg.Opcode, o.msg.Payload, o.msg.Length))
			}
		}
		return trace.Msg{}, fail("%s got nothing within 2 s", receiver)
	}
	if isClose(in) {
		return trace.Msg{}, closedInstead(in.frame)
	}
	return passed("%s got the same text, %v after it was sent", receiver, lang.Span(in.at.Sub(sent))), nil
}

func noEchoToSender(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, b, f := s.pair(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	payload := []byte("from A, for the others only: " + s.nonce)
	if _, f := s.delivered(ctx, a, b, false, payload); f != nil {
		return trace.Msg{}, f
	}
	if err := sleep(ctx, quietWait); err != nil {
		return trace.Msg{}, &failure{err: err}
	}
	if a.got(payload) {
		return trace.Msg{}, fail("client A got its own message back")
	}
	return passed("client B got it; client A, the sender, did not in the next %v", quietWait), nil
}
