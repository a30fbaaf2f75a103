package demo

import (
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// DefaultTimeout bounds every network wait of a scenario unless its options
// say otherwise.
const DefaultTimeout = 10 * time.Second

// Common holds the options every scenario shares.
type Common struct {
	// Addr is where the demo server listens: host:port, port 0 lets the OS
	// pick. "" means 127.0.0.1:0.
	Addr string
	// Timeout bounds each network step; 0 means DefaultTimeout.
	Timeout time.Duration
	// Lang is the language of the teaching notes and meanings (lang.English
	// or lang.PortugueseBR); "" means English.
	Lang string
	// RTT, if positive, simulates distance: every tapped connection behaves
	// as if its two ends were a round trip of RTT apart (wiretap.Delay). See
	// Validate for its limits.
	RTT time.Duration
}

// text is the translator of the scenario's notes.
func (c Common) text() lang.Text { return lang.For(c.Lang) }

func (c Common) addr() string {
	if c.Addr == "" {
		return "127.0.0.1:0"
	}
	return c.Addr
}

func (c Common) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// note records a teaching note that is not tied to a message: its summary
// is said in English in the JSON trace and in the reader's language on
// screen, its sentences in t's language.
func note(rec *trace.Recorder, t lang.Text, summary trace.Msg, sentences ...trace.Msg) {
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote,
		Summary: lang.Trace.Say(summary), SummaryMsg: summary}
	t.SetNote(&e, sentences...)
	rec.Emit(e)
}

// ms converts a duration to milliseconds with microsecond precision, the
// unit of the summaries.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pendingNotes carries the teaching note for the next event of a kind: the
// scenario knows what it is about to send, the tap knows what actually
// crossed, and the note joins them when the decoded event is recorded.
type pendingNotes struct {
	mu   sync.Mutex
	next map[trace.Kind]trace.Msg
}

func (p *pendingNotes) set(kind trace.Kind, note trace.Msg) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next == nil {
		p.next = map[trace.Kind]trace.Msg{}
	}
	p.next[kind] = note
}

func (p *pendingNotes) take(kind trace.Kind) trace.Msg {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.next[kind]
	delete(p.next, kind)
	return n
}

// goingAwayWait bounds the 1001 close after Ctrl-C, so that wsdemo exits
// within about a second even when the server does not answer.
const goingAwayWait = time.Second

// hurryGrace is how long, after the 1001 close of a Ctrl-C, the tap still
// watches for the peer's FIN: enough for a peer that answers, short enough
// to exit promptly when it does not.
const hurryGrace = 100 * time.Millisecond

// hurryCloses gives the peer hurryGrace to answer the closes of a Ctrl-C,
// then stops the tap waiting for it: a peer that has not closed by then is
// reported as still open.
func hurryCloses(tr *tracer, tap *wiretap.Tap) {
	tr.waitClosed(hurryGrace)
	tap.Hurry()
}

// grouped is a count that the language formatting it groups (4,601 in
// English, 4.601 in Portuguese), as the renderer's tables do, so a number
// reads the same in a table and in a sentence next to it.
func grouped(n int) lang.Count { return lang.Count(n) }
