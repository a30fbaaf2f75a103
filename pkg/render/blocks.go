package render

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/pkg/trace"
)

// The events drawn as blocks rather than arrows: checks, errors, summaries.

// check draws "✓ name — detail" against the lifeline of the actor that made
// the check, joined to it by a short tick, with the check's note beneath.
func (r *Renderer) check(e trace.Event) []line {
	st := r.checkStyle(e.Check)
	w := r.g.inner() - 4 // "─ " on the actor's side, air on the other
	head := r.checkLines(e, st, w)
	if e.From == trace.Server {
		return r.serverCheck(head, e.Note, st)
	}
	var out []line
	for i, l := range head {
		if i == 0 {
			out = append(out, r.row(sty(st, "├"), append(line{sty(st, "─ ")}, l...), r.bar()))
		} else {
			out = append(out, r.body(2, l))
		}
	}
	return append(out, r.bodies(2, r.noteLines(e.Note, w, false))...)
}

// checkStyle colours a check by its outcome.
func (r *Renderer) checkStyle(c *trace.Check) *lipgloss.Style {
	switch {
	case c == nil:
		return &r.st.CheckNone
	case c.OK:
		return &r.st.CheckOK
	}
	return &r.st.CheckFail
}

// checkLines is a check's own text wrapped to w columns behind its mark. A
// failure also says "failed:" in words: without colour (NO_COLOR, a paste
// into notes) ✗ and ✓ are one glyph apart, and a failed check is the line a
// learner must not miss.
func (r *Renderer) checkLines(e trace.Event, st *lipgloss.Style, w int) []line {
	mark, text := "•", oneLine(r.summaryText(e))
	if c := e.Check; c != nil {
		name := oneLine(r.say(c.NameMsg, c.Name))
		detail := oneLine(r.say(c.DetailMsg, c.Detail))
		switch {
		case !c.OK && detail != "":
			mark, text = "✗", r.text.F("failed: %s — %s", name, detail)
		case !c.OK:
			mark, text = "✗", r.text.F("failed: %s", name)
		case detail != "":
			mark, text = "✓", name+" — "+detail
		default:
			mark, text = "✓", name
		}
	}
	var out []line
	for i, l := range wrapText(text, w-2) {
		m := mark + " "
		if i > 0 {
			m = "  "
		}
		out = append(out, line{sty(st, m+l)})
	}
	return out
}

// serverCheck draws a check the server made against the right lifeline. The
// check's lines end at the tick whatever the note needs, so every server
// check, passed or failed, with a note or without, lines up in one column;
// the note hangs beneath, ℹ under the mark, in a column wide enough to read.
func (r *Renderer) serverCheck(head []line, note string, st *lipgloss.Style) []line {
	in := r.g.inner()
	right := in - 2 // where a check's text ends: " ─" and the tick follow
	hw := 0
	for _, l := range head {
		hw = max(hw, l.width())
	}
	var out []line
	for i, l := range head {
		content := append(line{txt(spaces(right - hw))}, l...)
		if i == 0 {
			// The tick reaches back to the text even when a wrapped line
			// below is the wider one.
			tick := " " + strings.Repeat("─", 1+hw-l.width())
			out = append(out, r.row(r.bar(), append(content, sty(st, tick)), sty(st, "┤")))
		} else {
			out = append(out, r.row(r.bar(), content, r.bar()))
		}
	}
	// A short check ("✗ failed: version is 13 — "8"") would squeeze its
	// note into a sliver under it: give the note at least two thirds of the
	// space between the lifelines, and never more than a check may take.
	nw := min(max(hw, in*2/3), in-4)
	return append(out, r.bodies(right-nw, r.noteLines(note, nw, false))...)
}

// errorEvent draws an error in red across the diagram, with its note.
func (r *Renderer) errorEvent(e trace.Event) []line {
	w := r.room(indentMeta)
	out := r.meta(e)
	// The label's width, in the reader's words, sets the hanging indent.
	label := r.text.F("✗ error:") + " "
	for i, l := range wrapText(oneLine(r.summaryText(e)), w-textWidth(label)) {
		prefix := label
		if i > 0 {
			prefix = spaces(textWidth(label))
		}
		out = append(out, r.body(indentMeta, line{sty(&r.st.Error, prefix+l)}))
	}
	return append(out, r.bodies(indentMeta, r.noteLines(e.Note, w, false))...)
}

// summary draws a titled block: a heavy rule carrying the summary, the stats
// as an aligned table, and the note.
func (r *Renderer) summary(e trace.Event) []line {
	in := r.g.inner()
	bar := &r.st.SummaryBar
	title := wrapText(oneLine(r.summaryText(e)), in-6)
	head := line{sty(bar, "━━ "), sty(&r.st.SummaryTitle, title[0]), txt(" ")}
	head = append(head, sty(bar, strings.Repeat("━", max(0, in-head.width()))))
	out := []line{r.row(sty(bar, "┝"), head, sty(bar, "┥"))}
	for _, t := range title[1:] {
		out = append(out, r.body(3, line{sty(&r.st.SummaryTitle, t)}))
	}
	w := r.room(indentDetail)
	switch {
	case r.comparable(e):
		out = append(out, r.bodies(indentDetail, r.comparison(e, w))...)
	case len(e.Fields) > 0:
		// A scenario that annotated its numbers as fields says them better
		// than the raw stats, which stay for --json readers.
		out = append(out, r.bodies(indentDetail, r.fieldTable(e.Fields, w, func(int) *lipgloss.Style { return &r.st.FieldName }))...)
	default:
		out = append(out, r.bodies(indentDetail, r.statsTable(e.Stats, w))...)
	}
	return append(out, r.bodies(indentDetail, r.noteLines(e.Note, w, false))...)
}

// statsTable lists stats by sorted key with the numbers right-aligned.
func (r *Renderer) statsTable(stats map[string]any, w int) []line {
	keys := make([]string, 0, len(stats))
	for k, v := range stats {
		// Lists and objects are for --json readers; the scenario shows the
		// same facts as Fields, which read better than a flattened value.
		switch reflect.ValueOf(v).Kind() {
		case reflect.Slice, reflect.Array, reflect.Map, reflect.Struct, reflect.Pointer:
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kw, vw := 0, 0
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = oneLine(r.formatStat(k, stats[k]))
		kw = max(kw, textWidth(oneLine(k)))
		vw = max(vw, textWidth(vals[i]))
	}
	kw = min(kw, max(w/2, w-vw-3))
	var out []line
	for i, k := range keys {
		key := padRight(truncate(oneLine(k), kw), kw)
		v := truncate(vals[i], w-kw-3)
		out = append(out, line{sty(&r.st.StatKey, key), txt("   " + spaces(vw-textWidth(v))), sty(&r.st.StatValue, v)})
	}
	return out
}

// formatStat shows integers plainly, floats to two decimals and durations as
// Go writes them, in the reader's numbers; byte counts get the reader's
// thousands separators, other integers none: a stat may be an identifier
// (a status or close code).
func (r *Renderer) formatStat(key string, v any) string {
	grouped := strings.HasSuffix(key, "bytes") || strings.HasPrefix(key, "bytes_")
	if d, ok := v.(time.Duration); ok {
		return r.text.F("%v", d)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if grouped {
			return r.text.Int(rv.Int())
		}
		return fmt.Sprint(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if grouped && rv.Uint() < 1<<63 {
			return r.text.Int(int64(rv.Uint()))
		}
		return fmt.Sprint(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return r.text.Fixed(rv.Float(), 2)
	}
	return fmt.Sprint(v)
}
