package demo

import (
	"strings"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

// duplexAnnotator is the tracer's Annotator for the duplex scenario: it
// hands each event to the facts, says the moments they find with the
// duplex sentence table (duplex_notes.go), and does what the story needs
// around them: the handshake kept short without --verbose, the server's
// checks shown before its answer. Everything is decided here, as the event
// is made; the Expander only builds the frame's fields later.
type duplexAnnotator struct {
	d     *duplex
	setup duplexSetup
	text  lang.Text

	mu          sync.Mutex // the tap serialises annotate; this keeps it so for the race detector
	checksShown bool
	// clearRSVShown: a frame's clear RSV1-3 row has been kept once.
	clearRSVShown bool
}

func newDuplexAnnotator(d *duplex) *duplexAnnotator {
	return &duplexAnnotator{d: d, text: d.opts.text(),
		setup: duplexSetup{builtIn: d.builtIn, wss: strings.HasPrefix(d.opts.URL, "wss:"), pushEvery: d.pushEvery}}
}

// annotate is the tracer's Annotator.
func (a *duplexAnnotator) annotate(e *trace.Event) {
	moments, facts := a.d.facts.observe(e)
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.text
	switch e.Kind {
	case trace.KindTCPConnect:
		t.SetNote(e, duplexConnectNote(a.setup)...)
	case trace.KindHTTPRequest:
		t.SetNote(e, duplexRequestNote(facts.offer)...)
		if !a.d.opts.Verbose {
			e.Fields = shortHandshake(e.Fields, true)
		}
	case trace.KindHTTPResponse:
		a.handshakeChecks(e.Conn)
		t.SetNote(e, duplexResponseNote(facts.status, facts.offer, extensionValues(e.HTTP))...)
		if !a.d.opts.Verbose {
			e.Fields = shortHandshake(e.Fields, false)
		}
	case trace.KindWSFrame:
		a.frame(e, facts, moments)
	case trace.KindWSMessage:
		a.say(e, facts, moments)
	case trace.KindTCPClose:
		t.SetNote(e, wsCloseNote(facts.closing(), a.d.tracer.ending(e.Conn), e.TCP != nil && e.TCP.First)...)
	}
}

// say adds the sentences of an event's moments to its note, after any it
// has (a broken rule).
func (a *duplexAnnotator) say(e *trace.Event, facts connFacts, moments []said) {
	for _, x := range moments {
		a.text.AddNote(e, duplexFrameNote(a.setup, facts, x)...)
	}
}

// frame notes a frame's moments, and without --verbose has its fields
// trimmed when they are built (shownFrame.Expand), as decided here: nothing
// of the annotator's state is needed on the reader's goroutine.
func (a *duplexAnnotator) frame(e *trace.Event, facts connFacts, moments []said) {
	if e.Frame == nil {
		return
	}
	a.say(e, facts, moments)
	sf, ok := e.Expander.(*shownFrame)
	if !ok || a.d.opts.Verbose {
		return
	}
	sf.compact = true
	sf.showRSV = e.Frame.RSV != 0 || !a.clearRSVShown
	if e.Frame.RSV == 0 {
		a.clearRSVShown = true
	}
}

// handshakeChecks records, once, the checks the built-in server made before
// answering (kept apart in d.checks without --verbose) as two check events:
// what RFC 6455 §4.2.1 requires of every handshake, and this server's own
// policy (server.PolicyCheck), so a learner never reads the Origin
// allow-list or the cookie as a rule of the RFC. They are emitted from the
// annotator of the response, so they land just before the response they
// led to.
func (a *duplexAnnotator) handshakeChecks(conn int) {
	if a.d.checks == nil || a.checksShown {
		return
	}
	a.checksShown = true
	var rfc, policy []*trace.Check
	checks := a.d.checks.Drain()
	// What the server reports after the handshake is not shown without
	// --verbose: closing lets it go rather than keep it for nobody.
	a.d.checks.Close()
	for _, e := range checks {
		if e.Kind != trace.KindCheck || e.Check == nil {
			continue
		}
		if server.PolicyCheck(e.Check.Name) {
			policy = append(policy, e.Check)
		} else {
			rfc = append(rfc, e.Check)
		}
	}
	var groups []*trace.Check
	if len(rfc) > 0 {
		groups = append(groups, checkGroup("the handshake RFC 6455 §4.2.1 requires", rfc))
	}
	if len(policy) > 0 {
		groups = append(groups, checkGroup("this server's own policy", policy))
	}
	for i, c := range groups {
		e := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindCheck,
			Summary: c.Name + ": " + c.Detail, Check: c}
		e.SummaryMsg = lang.M("%s: %s", *c.NameMsg, *c.DetailMsg)
		if i == len(groups)-1 {
			a.text.SetNote(&e, lang.M("--verbose shows each check and every header; wsdemo handshake goes through them step by step."))
		}
		a.d.rec.Emit(e)
	}
}
