package demo

import (
	"fmt"
	"time"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// tcpEnding is what the tap observed of how one TCP connection ended: who
// ended its byte stream first, and how and when the other side followed.
// Notes that say who closed a connection are chosen from it, never from
// what a scenario expects or from an event's words.
type tcpEnding struct {
	// First is the side whose FIN came first, or that reset the connection.
	First wire.Sender
	// FirstKind is wiretap.FIN or wiretap.Reset; 0 while the connection is
	// open.
	FirstKind wiretap.EndKind
	// FirstWaiting says the first FIN was found already waiting, unread,
	// when the local side closed: it came first, at a moment nobody saw.
	FirstWaiting bool
	// Then is what became of the other side's stream: FIN, Reset,
	// StillOpen (it had not ended when the tap stopped waiting) or NotSeen;
	// 0 while not known, and for good after a first reset.
	Then wiretap.EndKind
	// After is the time from the first end to Then, as observed; Gap says
	// what it is worth.
	After time.Duration
	Gap   gapKind

	firstAt time.Time
}

// gapKind says what tcpEnding.After is worth.
type gapKind int

const (
	gapUnknown gapKind = iota // the first FIN was found waiting: only the order is known
	gapExact                  // both ends were observed as they happened
	gapAtMost                 // the second FIN was found waiting: it came within After
)

// add records one end the tap reported.
func (f *tcpEnding) add(e wiretap.End) {
	if e.First {
		f.First, f.FirstKind, f.FirstWaiting, f.firstAt = e.Side, e.Kind, e.Waiting, e.At
		return
	}
	f.Then, f.After = e.Kind, e.At.Sub(f.firstAt)
	switch {
	case f.FirstWaiting:
		f.Gap = gapUnknown
	case e.Waiting:
		f.Gap = gapAtMost
	default:
		f.Gap = gapExact
	}
}

// closed reports whether the first end is known.
func (f tcpEnding) closed() bool { return f.FirstKind != 0 }

// follower is the side that did not end first.
func (f tcpEnding) follower() wire.Sender { return f.First.Peer() }

// tcpEndHow is the trace format's name for an end.
func tcpEndHow(k wiretap.EndKind) string {
	switch k {
	case wiretap.FIN:
		return trace.TCPEndFIN
	case wiretap.Reset:
		return trace.TCPEndReset
	case wiretap.StillOpen:
		return trace.TCPEndOpen
	}
	return trace.TCPEndUnseen
}

// closeSummary is the one-line summary of a tcp.close event: the first end
// says who closed the connection, the second how the other side followed.
// who names a side ("the client", "tab-b").
func (f tcpEnding) closeSummary(conn int, e wiretap.End, who func(wire.Sender) string) string {
	if e.First {
		if e.Kind == wiretap.Reset {
			return fmt.Sprintf("TCP connection #%d reset by %s", conn, who(e.Side))
		}
		return fmt.Sprintf("TCP connection #%d closed by %s", conn, who(e.Side))
	}
	gap := fmt.Sprintf(" %s later", fmtGap(f.After))
	switch f.Gap {
	case gapUnknown:
		gap = ""
	case gapAtMost:
		gap = fmt.Sprintf(", within %s", fmtGap(f.After))
	}
	switch e.Kind {
	case wiretap.FIN:
		return fmt.Sprintf("TCP connection #%d: %s's FIN followed%s", conn, who(e.Side), gap)
	case wiretap.Reset:
		return fmt.Sprintf("TCP connection #%d: then %s reset it%s", conn, who(e.Side), gap)
	case wiretap.StillOpen:
		return fmt.Sprintf("TCP connection #%d: no FIN from %s within %s; the tap stopped waiting", conn, who(e.Side), fmtGap(f.After))
	}
	return fmt.Sprintf("TCP connection #%d: %s's end was not seen (the tap could not wait for it)", conn, who(e.Side))
}

// fmtGap writes a short duration the way the summaries do: 0.41 ms, 1.00 s.
func fmtGap(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.2f ms", ms(d))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
