package render

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"wsdemo/pkg/trace"
)

// Mermaid mode writes the trace as a Mermaid sequenceDiagram
// (https://mermaid.js.org/syntax/sequenceDiagram.html) to paste into
// Markdown or slides: a participant per actor, an arrow per message with its
// summary, and notes for connections, checks, standalone notes, errors and
// summaries. Teaching notes under arrows are long for a slide: Verbose adds
// them. Condense folds repetition as the diagram does, into a note.
//
// The participants are declared before the first arrow, in the order the
// terminal draws them (the server on the right), so the diagram is built
// whole and written when the renderer closes.

// mermaidDoc is a diagram being built.
type mermaidDoc struct {
	title string
	ids   map[string]string // actor name → participant id
	names []string          // actor names, first seen first
	lines []string
}

// Arrows: requests solid, responses dotted (the answer), WebSocket frames
// and messages with the open "async" head, as either side sends at will.
const (
	mmRequest  = "->>"
	mmResponse = "-->>"
	mmAsync    = "-)"
)

func (r *Renderer) mermaid() *mermaidDoc {
	if r.mm == nil {
		r.mm = &mermaidDoc{ids: map[string]string{}}
	}
	return r.mm
}

// mermaidEvent adds one event (already expanded) to the diagram.
func (r *Renderer) mermaidEvent(e trace.Event) {
	d := r.mermaid()
	if d.title == "" && e.Scenario != "" {
		d.title = "wsdemo " + e.Scenario
	}
	r.n++
	from, to := actorOr(e.From), actorOr(e.To)
	if text := r.cond.take(r.text); text != "" {
		d.note(d.pairOf(from, to), text)
	}
	switch e.Kind {
	case trace.KindHTTPRequest:
		d.arrow(from, mmRequest, to, e.Summary)
	case trace.KindHTTPResponse:
		d.arrow(from, mmResponse, to, e.Summary)
	case trace.KindWSFrame, trace.KindWSMessage, trace.KindSIOPacket:
		label := e.Summary
		if e.Frame != nil && e.Frame.Violation != "" {
			label += " ✗ " + e.Frame.Violation
		}
		d.arrow(from, mmAsync, to, label)
	case trace.KindCheck:
		mark := "✓ "
		if e.Check != nil && !e.Check.OK {
			mark = "✗ "
		}
		text := e.Summary
		if e.Check != nil {
			text = e.Check.Name
			if e.Check.Detail != "" {
				text += " — " + e.Check.Detail
			}
		}
		d.sideNote(from, mark+text)
	case trace.KindNote:
		text := e.Summary
		if text == "" || r.o.Verbose {
			text = strings.TrimSpace(text + "\n" + e.Note)
		}
		if from == to {
			d.sideNote(from, text)
		} else {
			d.note(d.pairOf(from, to), text)
		}
		return // its note is its text
	case trace.KindError:
		d.note(d.pairOf(from, to), "✗ "+e.Summary)
	case trace.KindSummary:
		text := e.Summary
		for _, f := range e.Fields {
			text += "\n" + f.Name + ": " + f.Value
		}
		d.note(d.pairOf(from, to), text)
	case trace.KindTCPConnect, trace.KindTCPClose:
		d.note(d.pairOf(from, to), e.Summary)
	default:
		// A kind newer than this renderer: show what we can.
		d.note(d.pairOf(from, to), "["+string(e.Kind)+"] "+e.Summary)
	}
	if r.o.Verbose && e.Note != "" {
		d.note(d.pairOf(from, to), e.Note)
	}
}

// mermaidClose writes the diagram, if anything was added to it.
func (r *Renderer) mermaidClose() error {
	d := r.mm
	if d == nil {
		return nil
	}
	if text := r.cond.take(r.text); text != "" {
		d.note(d.pairOf(trace.Client, trace.Server), text)
	}
	var b bytes.Buffer
	b.WriteString("sequenceDiagram\n")
	if d.title != "" {
		fmt.Fprintf(&b, "    title %s\n", mermaidText(d.title))
	}
	// The left actors first, in the order they appeared, the server last:
	// as the terminal draws them.
	for _, server := range []bool{false, true} {
		for _, name := range d.names {
			if (name == trace.Server) == server {
				fmt.Fprintf(&b, "    participant %s as %s\n", d.ids[name], mermaidText(strings.ToUpper(name)))
			}
		}
	}
	for _, l := range d.lines {
		b.WriteString("    ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if _, err := r.o.Out.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write Mermaid diagram: %w", err)
	}
	return nil
}

// actorOr is the actor a, or the client when an event names none.
func actorOr(a string) string {
	if a == "" {
		return trace.Client
	}
	return a
}

// id returns the participant id of an actor, declaring it on first use.
// An id is the name with every character Mermaid's grammar reserves (an
// arrow's -, >, the : before a message, , ; + and spaces) made an
// underscore, and kept apart from the keywords and from other actors'.
func (d *mermaidDoc) id(name string) string {
	if id, ok := d.ids[name]; ok {
		return id
	}
	var b strings.Builder
	for _, c := range name {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	base := b.String()
	if base == "" || mermaidKeywords[strings.ToLower(base)] || unicode.IsDigit(rune(base[0])) {
		base = "a_" + base
	}
	id := base
	for n := 2; d.taken(id); n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	d.ids[name] = id
	d.names = append(d.names, name)
	return id
}

func (d *mermaidDoc) taken(id string) bool {
	for _, v := range d.ids {
		if v == id {
			return true
		}
	}
	return false
}

// mermaidKeywords are words the sequenceDiagram grammar reads as statements
// or placements: no participant may be called one of them.
var mermaidKeywords = map[string]bool{
	"participant": true, "actor": true, "as": true, "note": true, "over": true, "left": true, "right": true,
	"of": true, "end": true, "loop": true, "alt": true, "else": true, "opt": true, "par": true, "and": true,
	"rect": true, "critical": true, "option": true, "break": true, "box": true, "create": true,
	"destroy": true, "activate": true, "deactivate": true, "autonumber": true, "off": true, "title": true,
	"links": true, "link": true, "properties": true, "details": true, "sequencediagram": true, "par_over": true,
}

func (d *mermaidDoc) arrow(from, kind, to, text string) {
	d.lines = append(d.lines, d.id(from)+kind+d.id(to)+": "+mermaidText(text))
}

// pairOf is what a note about a message between from and to spans, named
// left to right (the server is drawn on the right).
func (d *mermaidDoc) pairOf(from, to string) string {
	if from == to {
		return "over " + d.id(from)
	}
	if from == trace.Server {
		from, to = to, from
	}
	return "over " + d.id(from) + "," + d.id(to)
}

// sideNote is a note beside one actor: on the server's right, on any other
// actor's left, where the terminal draws its checks.
func (d *mermaidDoc) sideNote(actor, text string) {
	side := "left of "
	if actor == trace.Server {
		side = "right of "
	}
	d.note(side+d.id(actor), text)
}

func (d *mermaidDoc) note(where, text string) {
	d.lines = append(d.lines, "Note "+where+": "+mermaidText(text))
}

// mermaidText makes text safe after the colon of a message or note: the
// grammar ends it at # (a comment), ; (a statement separator) and a line
// break, treats %% as a comment, and the text is HTML. Those become
// Mermaid's entity codes (#35; and so on), line breaks <br/>, other control
// characters a space. The result is never empty, which the grammar would
// refuse.
func mermaidText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	for _, c := range s {
		switch {
		case c == '\n':
			b.WriteString("<br/>")
		case c == '#':
			b.WriteString("#35;")
		case c == ';':
			b.WriteString("#59;")
		case c == '%':
			b.WriteString("#37;")
		case c == '<':
			b.WriteString("#lt;")
		case c == '>':
			b.WriteString("#gt;")
		case c == '&':
			b.WriteString("#amp;")
		case unicode.IsControl(c) || c == '\u2028' || c == '\u2029':
			b.WriteByte(' ')
		default:
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "…"
	}
	return b.String()
}
