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
		e.Note = duplexConnectNote(t, a.setup)
	case trace.KindHTTPRequest:
		e.Note = duplexRequestNote(t)
		if !a.d.opts.Verbose {
			e.Fields = shortHandshake(e.Fields, true)
		}
	case trace.KindHTTPResponse:
		a.handshakeChecks(e.Conn)
		e.Note = duplexResponseNote(t, facts.status)
		if !a.d.opts.Verbose {
			e.Fields = shortHandshake(e.Fields, false)
		}
	case trace.KindWSFrame:
		a.frame(e, facts, moments)
	case trace.KindTCPClose:
		e.Note = wsCloseNote(t, facts.closing(), a.d.tracer.ending(e.Conn), e.TCP != nil && e.TCP.First)
	}
}

// frame notes a frame's moments after any note it has (a broken rule), and
// without --verbose trims its fields when they are built.
func (a *duplexAnnotator) frame(e *trace.Event, facts connFacts, moments []said) {
	if e.Frame == nil {
		return
	}
	notes := []string{e.Note}
	for _, x := range moments {
		if s := duplexFrameNote(a.text, a.setup, facts, x); s != "" {
			notes = append(notes, s)
		}
	}
	e.Note = strings.TrimSpace(strings.Join(notes, " "))
	if a.d.opts.Verbose {
		return
	}
	keepRSV := !a.clearRSVShown
	if e.Frame.RSV == 0 {
		a.clearRSVShown = true
	}
	e.Expander = compacted(e.Expander, a.text, keepRSV)
}

// compacted is an Expander that builds a frame's fields with fields, then
// trims them (compactFrame).
func compacted(fields trace.Expander, t lang.Text, keepClearRSV bool) trace.Expander {
	return trace.ExpandFunc(func(ev *trace.Event) {
		if fields != nil {
			fields.Expand(ev)
		}
		compactFrame(t, ev, keepClearRSV)
	})
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
	for _, e := range a.d.checks.Events() {
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
			e.Note = a.text.F("--verbose shows each check and every header; wsdemo handshake goes through them step by step.")
		}
		a.d.rec.Emit(e)
	}
}
