package demo

import (
	"time"

	"wsdemo/pkg/lang"

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
// actor names a side ("client", "server", "tab-b"). Each case has a whole
// sentence per side, so that a translation can say "pelo cliente" and "da
// aba B"; an actor without its own sentences is named as it is.
func (f tcpEnding) closeSummary(conn int, e wiretap.End, actor func(wire.Sender) string) trace.Msg {
	return closeSummaryOf(conn, actor(e.Side), closeCaseOf(f, e), f.After)
}

// closeSummaryOf is case c's sentence for the actor name, with the time
// the other side took (after) where the case gives one.
func closeSummaryOf(conn int, name string, c closeCase, after time.Duration) trace.Msg {
	args := []any{conn}
	table, ok := closeSummaries[name]
	if !ok {
		table, args = &closeSummariesNamed, append(args, name)
	}
	if closeCaseTimed[c] {
		args = append(args, lang.Span(after))
	}
	return lang.M(table[c], args...)
}

// closeSummaries are the sentences of closeSummary, by actor and case: the
// connection's number, then (closeCaseTimed) the time the other side took.
var closeSummaries = map[string]*[closeCases]lang.Msg{
	trace.Client: {
		closeFirstReset:  "TCP connection #%#d reset by the client",
		closeFirstFIN:    "TCP connection #%#d closed by the client",
		closeFinLater:    "TCP connection #%#d: the client's FIN followed %v later",
		closeFinWithin:   "TCP connection #%#d: the client's FIN followed, within %v",
		closeFin:         "TCP connection #%#d: the client's FIN followed",
		closeResetLater:  "TCP connection #%#d: then the client reset it %v later",
		closeResetWithin: "TCP connection #%#d: then the client reset it, within %v",
		closeReset:       "TCP connection #%#d: then the client reset it",
		closeOpen:        "TCP connection #%#d: no FIN from the client within %v; the tap stopped waiting",
		closeUnseen:      "TCP connection #%#d: the client's end was not seen (the tap could not wait for it)",
	},
	trace.Server: {
		closeFirstReset:  "TCP connection #%#d reset by the server",
		closeFirstFIN:    "TCP connection #%#d closed by the server",
		closeFinLater:    "TCP connection #%#d: the server's FIN followed %v later",
		closeFinWithin:   "TCP connection #%#d: the server's FIN followed, within %v",
		closeFin:         "TCP connection #%#d: the server's FIN followed",
		closeResetLater:  "TCP connection #%#d: then the server reset it %v later",
		closeResetWithin: "TCP connection #%#d: then the server reset it, within %v",
		closeReset:       "TCP connection #%#d: then the server reset it",
		closeOpen:        "TCP connection #%#d: no FIN from the server within %v; the tap stopped waiting",
		closeUnseen:      "TCP connection #%#d: the server's end was not seen (the tap could not wait for it)",
	},
	tabB: {
		closeFirstReset:  "TCP connection #%#d reset by tab-b",
		closeFirstFIN:    "TCP connection #%#d closed by tab-b",
		closeFinLater:    "TCP connection #%#d: tab-b's FIN followed %v later",
		closeFinWithin:   "TCP connection #%#d: tab-b's FIN followed, within %v",
		closeFin:         "TCP connection #%#d: tab-b's FIN followed",
		closeResetLater:  "TCP connection #%#d: then tab-b reset it %v later",
		closeResetWithin: "TCP connection #%#d: then tab-b reset it, within %v",
		closeReset:       "TCP connection #%#d: then tab-b reset it",
		closeOpen:        "TCP connection #%#d: no FIN from tab-b within %v; the tap stopped waiting",
		closeUnseen:      "TCP connection #%#d: tab-b's end was not seen (the tap could not wait for it)",
	},
	browserActor: { // serve: the tap is the server's, its peer a browser
		closeFirstReset:  "TCP connection #%#d reset by the browser",
		closeFirstFIN:    "TCP connection #%#d closed by the browser",
		closeFinLater:    "TCP connection #%#d: the browser's FIN followed %v later",
		closeFinWithin:   "TCP connection #%#d: the browser's FIN followed, within %v",
		closeFin:         "TCP connection #%#d: the browser's FIN followed",
		closeResetLater:  "TCP connection #%#d: then the browser reset it %v later",
		closeResetWithin: "TCP connection #%#d: then the browser reset it, within %v",
		closeReset:       "TCP connection #%#d: then the browser reset it",
		closeOpen:        "TCP connection #%#d: no FIN from the browser within %v; the tap stopped waiting",
		closeUnseen:      "TCP connection #%#d: the browser's end was not seen (the tap could not wait for it)",
	},
}

// closeSummariesNamed are the sentences for any other actor, named as it
// is after the connection's number.
var closeSummariesNamed = [closeCases]lang.Msg{
	closeFirstReset:  "TCP connection #%#d reset by %s",
	closeFirstFIN:    "TCP connection #%#d closed by %s",
	closeFinLater:    "TCP connection #%#d: %s's FIN followed %v later",
	closeFinWithin:   "TCP connection #%#d: %s's FIN followed, within %v",
	closeFin:         "TCP connection #%#d: %s's FIN followed",
	closeResetLater:  "TCP connection #%#d: then %s reset it %v later",
	closeResetWithin: "TCP connection #%#d: then %s reset it, within %v",
	closeReset:       "TCP connection #%#d: then %s reset it",
	closeOpen:        "TCP connection #%#d: no FIN from %s within %v; the tap stopped waiting",
	closeUnseen:      "TCP connection #%#d: %s's end was not seen (the tap could not wait for it)",
}

// closeCaseTimed says which cases' sentences give a time.
var closeCaseTimed = [closeCases]bool{closeFinLater: true, closeFinWithin: true, closeResetLater: true, closeResetWithin: true, closeOpen: true}

// closeCase is which sentence a tcp.close summary is: the first end (FIN or
// reset), or how the other side followed and what is known of when.
type closeCase int

const (
	closeFirstFIN closeCase = iota
	closeFirstReset
	closeFinLater  // a FIN, both ends seen as they happened
	closeFinWithin // a FIN found waiting: within the time given
	closeFin       // a FIN after a first one found waiting: no time known
	closeResetLater
	closeResetWithin
	closeReset
	closeOpen   // the tap stopped waiting for this side
	closeUnseen // this side's end could not be waited for

	closeCases // how many there are
)

func closeCaseOf(f tcpEnding, e wiretap.End) closeCase {
	if e.First {
		if e.Kind == wiretap.Reset {
			return closeFirstReset
		}
		return closeFirstFIN
	}
	switch e.Kind {
	case wiretap.FIN:
		return [...]closeCase{gapUnknown: closeFin, gapExact: closeFinLater, gapAtMost: closeFinWithin}[f.Gap]
	case wiretap.Reset:
		return [...]closeCase{gapUnknown: closeReset, gapExact: closeResetLater, gapAtMost: closeResetWithin}[f.Gap]
	case wiretap.StillOpen:
		return closeOpen
	}
	return closeUnseen
}
