package lang

import (
	"strings"

	"wsdemo/pkg/trace"
)

// A teaching note is one or more whole sentences, each a trace.Msg made
// with M (a constant key and its arguments). SetNote and AddNote put them
// on an event twice: as text in the run's language (trace.Event.Note), and
// as the sentences themselves (Event.NoteMsgs), which the JSON trace keeps
// so that `wsdemo show --lang` can say the note again in another language.
// A note written to Event.Note directly has no sentences: a saved trace
// shows it as it was said.

// SetNote makes ms the note of e, replacing any it had. Zero Msgs are
// skipped, so a function that finds nothing to say may return one.
func (t Text) SetNote(e *trace.Event, ms ...trace.Msg) {
	e.Note, e.NoteMsgs = "", nil
	t.AddNote(e, ms...)
}

// AddNote appends ms to the note of e, after a space.
func (t Text) AddNote(e *trace.Event, ms ...trace.Msg) {
	for _, m := range ms {
		if m.Format == "" {
			continue
		}
		if s := t.Say(m); e.Note == "" {
			e.Note = s
		} else {
			e.Note += " " + s
		}
		e.NoteMsgs = append(e.NoteMsgs, m)
	}
}

// Sentences says ms in t's language, one after another, as SetNote makes
// them a note.
func (t Text) Sentences(ms ...trace.Msg) string {
	var b strings.Builder
	for _, m := range ms {
		if m.Format == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Say(m))
	}
	return b.String()
}
