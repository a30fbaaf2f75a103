package render

import (
	"fmt"
	"strings"

	"wsdemo/pkg/trace"
)

// Condensing (Options.Condense, off when Verbose): a scenario that repeats
// itself (forty polls, twenty edits) shows the first two events of each
// shape and folds the rest into one line at the end of the section, e.g.
// "… 38 more like those above: 19 × GET /docs/d2, 19 × 304 Not Modified".
// A section ends at a summary. Errors, summaries, failed checks and frames
// that break a rule are never folded: they are the news.

// keepPerShape is how many events of one shape a section shows.
const keepPerShape = 2

type condenser struct {
	seen   map[string]int // shape → events of that shape in this section
	order  []string       // shapes folded, in the order first folded
	folded map[string]int // shape → events folded
	label  map[string]string
	last   map[string]string // the summary of the last event folded, per shape
}

// shape is what repeats: the same kind of event between the same actors,
// with a summary that differs only in its numbers and quoted text.
func shape(e trace.Event) string {
	var b strings.Builder
	b.WriteString(string(e.Kind) + "|" + e.From + "|" + e.To + "|")
	digits, quoted, escaped := false, false, false
	for _, c := range e.Summary {
		if quoted {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				quoted = false
				b.WriteRune(c)
			}
			continue
		}
		if c == '"' {
			quoted = true
			b.WriteString(`"…`)
			continue
		}
		if c >= '0' && c <= '9' {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(c)
	}
	return b.String()
}

func foldable(e trace.Event) bool {
	switch {
	case e.Kind == trace.KindSummary, e.Kind == trace.KindError:
		return false
	case e.Check != nil && !e.Check.OK:
		return false
	case e.Frame != nil && e.Frame.Violation != "":
		return false
	}
	return true
}

// fold reports whether e is folded away, counting it if so.
func (c *condenser) fold(e trace.Event) bool {
	if !foldable(e) {
		return false
	}
	if c.seen == nil {
		c.seen, c.folded, c.label, c.last = map[string]int{}, map[string]int{}, map[string]string{}, map[string]string{}
	}
	s := shape(e)
	c.seen[s]++
	if c.seen[s] <= keepPerShape {
		return false
	}
	if c.folded[s] == 0 {
		c.order = append(c.order, s)
		c.label[s] = oneLine(e.Summary)
	}
	c.folded[s]++
	c.last[s] = oneLine(e.Summary)
	return true
}

// take returns the line for what was folded since the last take ("" if
// nothing) and starts a new section.
func (c *condenser) take() string {
	if len(c.order) == 0 {
		c.seen = nil
		return ""
	}
	total := 0
	parts := make([]string, 0, len(c.order))
	for _, s := range c.order {
		total += c.folded[s]
		label := c.label[s]
		if last := c.last[s]; last != label {
			label += " … " + last // first and last: what varied, and how far
		}
		parts = append(parts, fmt.Sprintf("%d × %s", c.folded[s], label))
	}
	*c = condenser{}
	return fmt.Sprintf("… %d more like those above: %s (--verbose shows all)", total, strings.Join(parts, ", "))
}
