package exercise

import (
	"context"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// pushGrace is added to the push checks' 2 s, for a machine busy enough
// that a timer fires late: it only ever passes a server that was slow by
// less, never fails one that kept to 2 s.
const pushGrace = 500 * time.Millisecond

// pushMore is how many messages push-keeps waits for after the first.
const pushMore = 2

// pushSteps are the checks of the push exercise: a server that speaks first.
func pushSteps() []*step {
	return []*step{
		{
			name:  "push-first",
			title: "the server sends a message on its own within 2 s",
			does:  "Opens a WebSocket (or keeps the one open) and sends nothing; expects a data message from the server within 2 s of the handshake (half a second more is allowed for a busy machine).",
			rule:  "once the handshake is done, either side may send a message at any time, without being asked (RFC 6455 §1.2, §5.6)",
			hint:  "send from the handler as soon as the connection is open (coder/websocket: right after Accept; ws: in the 'connection' handler), not in answer to a message",
			run:   pushFirst,
		},
		{
			name:  "push-keeps",
			title: "the server keeps pushing while the client sends nothing",
			does:  "Goes on sending nothing and expects 2 more data messages, none of them more than 2 s after the one before (half a second more is allowed for a busy machine).",
			rule:  "the connection stays open for both sides until one closes it: the server may go on sending for as long as it lasts (RFC 6455 §1.2, §5.6)",
			hint:  "push on a timer (a time.Ticker; setInterval) for as long as the connection is open, and stop the timer when it closes",
			run:   pushKeeps,
		},
	}
}

// awaitPush waits until deadline for a data message the server sends on
// its own; close frames and the end of the connection stop the wait.
func (s *session) awaitPush(ctx context.Context, c *wsClient, deadline time.Time) (inbound, *failure, bool) {
	in, _, err := c.await(ctx, time.Until(deadline), func(in inbound) bool { return isData(in) || isClose(in) })
	if err != nil {
		if f := ended(err); f != nil {
			return inbound{}, f, false
		}
		return inbound{}, nil, false
	}
	if isClose(in) {
		return inbound{}, closedInstead(in.frame), false
	}
	return in, nil, true
}

func pushFirst(ctx context.Context, s *session) (trace.Msg, *failure) {
	c, f := s.mainWS(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	in, f, ok := s.awaitPush(ctx, c, c.opened.Add(answerWait+pushGrace))
	if f != nil {
		return trace.Msg{}, f
	}
	if !ok {
		return trace.Msg{}, fail("nothing came from the server within 2 s of the handshake")
	}
	s.lastPush = in.at
	return passed("a %s message, %s, %v after the handshake", opName(in.msg.Opcode), short(in.msg.Opcode, in.msg.Payload, in.msg.Length), lang.Span(in.at.Sub(c.opened))), nil
}

func pushKeeps(ctx context.Context, s *session) (trace.Msg, *failure) {
	c, f := s.mainWS(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	last := s.lastPush
	if last.IsZero() {
		last = time.Now()
	}
	var longest time.Duration
	for n := 1; n <= pushMore; n++ {
		in, f, ok := s.awaitPush(ctx, c, last.Add(answerWait+pushGrace))
		if f != nil {
			return trace.Msg{}, f
		}
		if !ok {
			if n == 1 {
				return trace.Msg{}, fail("after its first message, nothing more came from the server for 2 s")
			}
			return trace.Msg{}, fail("after %d more messages, nothing more came from the server for 2 s", n-1)
		}
		longest = max(longest, in.at.Sub(last))
		last = in.at
	}
	s.lastPush = last
	return passed("%d more messages, at most %v apart, while the client sent nothing", pushMore, lang.Span(longest)), nil
}
