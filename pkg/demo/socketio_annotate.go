package demo

import (
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// sioAnnotator is the tracer's Annotator for the socketio scenario: it
// hands each event to the facts, says the moments they find with the
// socketio sentence table (socketio_notes.go), and shapes the fields: a
// packet's layers, a POST's meaning, and without --verbose a frame after
// the first of each direction cut to its length, since its packet follows
// with the rest. Everything is decided here, as the event is made.
type sioAnnotator struct {
	facts   *sioFacts
	text    lang.Text
	builtIn bool
	verbose bool

	mu sync.Mutex // the tap serialises annotate; this keeps it so for the race detector
	// frameShown: a frame from each side was shown whole once.
	frameShown [2]bool
}

func newSIOAnnotator(t lang.Text, builtIn, verbose bool, since func() time.Duration) *sioAnnotator {
	return &sioAnnotator{facts: newSIOFacts(since), text: t, builtIn: builtIn, verbose: verbose}
}

// annotate is the tracer's Annotator.
func (a *sioAnnotator) annotate(e *trace.Event) {
	moments := a.facts.observe(e)
	a.mu.Lock()
	defer a.mu.Unlock()
	switch e.Kind {
	case trace.KindHTTPRequest:
		if e.HTTP != nil && e.HTTP.Method == "POST" {
			setMeanings(a.text, e.Fields, sioPOST)
		}
	case trace.KindWSFrame:
		from := senderOf(e)
		if sf, ok := e.Expander.(*shownFrame); ok && !a.verbose && a.frameShown[from] {
			e.Expander = sioFrame{sf, a.text}
		}
		a.frameShown[from] = true
	case trace.KindSIOPacket:
		e.Expander = fieldsOf(sioFields(e.SIO, a.text))
	}
	for _, x := range moments {
		// After any note the tracer set (a frame that breaks a rule).
		a.text.AddNote(e, sioNote(a.builtIn, x)...)
	}
}
