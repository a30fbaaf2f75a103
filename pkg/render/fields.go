package render

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/pkg/trace"
)

// maxFields is how many fields a message shows unless Verbose. A browser's
// handshake carries a dozen headers; the ones the lesson explains (those with
// a meaning) always stay, the rest are named on one line.
const maxFields = 12

// minMeaning is the narrowest meaning column worth having beside the value;
// below it the meaning moves under the value.
const minMeaning = 22

// minValueCol is the narrowest value column worth having. On a narrow
// terminal every meaning goes under its value: a table where some meanings
// sit beside short values and others under long ones reads as a jumble.
const minValueCol = 10

// fieldTable lays out annotated fields in columns, within w columns:
//
//	Name   Value   — meaning, wrapped
//	              in its own column
//
// A value too long for its column takes the whole line and its meaning goes
// beneath it. nameSt gives the style of field i's name.
func (r *Renderer) fieldTable(fs []trace.Field, w int, nameSt func(i int) *lipgloss.Style) []line {
	if r.compact {
		return r.compactTable(fs, w, nameSt)
	}
	shown, hidden := r.condense(fs)
	nameW := 0
	for _, i := range shown {
		nameW = max(nameW, textWidth(oneLine(fs[i].Name)))
	}
	nameW = min(nameW, max(w*2/5, 8)) // "Sec-WebSocket-Extensions" whole at 80 columns
	// Only fields with a meaning use the value column, so only their values
	// size it; a long value without a meaning would just push meanings right.
	valueCap := w - nameW - 2 - 4 - minMeaning
	if valueCap < minValueCol {
		valueCap = -1 // no value column: every meaning under its value
	}
	valueW := 0
	for _, i := range shown {
		if v := textWidth(oneLine(fs[i].Value)); v <= valueCap && fs[i].Meaning != "" {
			valueW = max(valueW, v)
		}
	}

	var out []line
	for _, i := range shown {
		f := fs[i]
		name := sty(nameSt(i), padRight(truncate(oneLine(f.Name), nameW), nameW))
		nameAbove := false
		if full := oneLine(f.Name); textWidth(full) > nameW && textWidth(full) <= w {
			// A name wider than the name column (Sec-WebSocket-Version on
			// a narrow terminal) is a protocol token a learner looks up
			// and copies: whole, on a line of its own, above its value.
			out = append(out, line{sty(nameSt(i), full)})
			name, nameAbove = txt(spaces(nameW)), true
		}
		value := oneLine(f.Value)
		meaning := strings.Join(paragraphs(f.Meaning), " ")
		vw := textWidth(value)

		if meaning != "" && vw <= valueW && valueW <= valueCap {
			// Name, value and meaning side by side.
			mcol := nameW + 2 + valueW + 2
			ms := wrapText(meaning, w-mcol-2)
			out = append(out, line{name, txt("  "), sty(&r.st.FieldValue, padRight(value, valueW)),
				txt("  "), sty(&r.st.Meaning, "— "+ms[0])})
			for _, m := range ms[1:] {
				out = append(out, line{txt(spaces(mcol + 2)), sty(&r.st.Meaning, m)})
			}
			continue
		}

		room := w - nameW - 2
		var vs []string
		under := -1 // the indent of a value put on lines of its own, under the name
		if r.o.Verbose || textWidth(value) <= 3*room {
			// Short enough to show whole (three lines' width): a learner
			// may need every character (a key, a digest, the sentence of
			// a refusal's body); longer values are cut unless Verbose.
			vs = valueLines(value, room)
			// A key, a digest or a URL is compared and copied whole: when
			// its column would cut one and the width under the name
			// would not, it goes there (indented if it can be).
			if len(vs) > 1 && splitsWhole(wrapValue(value, room)) {
				for _, in := range []int{2, 0} {
					if !splitsWhole(wrapValue(value, w-in)) {
						vs, under = valueLines(value, w-in), in
						break
					}
				}
			}
		} else {
			vs = []string{truncate(value, room)}
		}
		if under >= 0 {
			if !nameAbove {
				out = append(out, line{name})
			}
			for _, v := range vs {
				out = append(out, line{txt(spaces(under)), sty(&r.st.FieldValue, v)})
			}
		} else {
			out = append(out, line{name, txt("  "), sty(&r.st.FieldValue, vs[0])})
			for _, v := range vs[1:] {
				out = append(out, line{txt(spaces(nameW + 2)), sty(&r.st.FieldValue, v)})
			}
		}
		if meaning != "" {
			// Under the value column when there is one; on a narrow terminal
			// just under the name, where the meaning has most room.
			mi := nameW + 2
			if valueCap < 0 {
				mi = 2
			}
			for j, m := range wrapText(meaning, w-mi-2) {
				prefix := "— "
				if j > 0 {
					prefix = "  "
				}
				out = append(out, line{txt(spaces(mi)), sty(&r.st.Meaning, prefix+m)})
			}
		}
	}
	if len(hidden) > 0 {
		text := r.text.F("+%d more: %s (--verbose shows all)", len(hidden), strings.Join(hidden, ", "))
		for _, l := range wrapText(text, w) {
			out = append(out, line{sty(&r.st.Meaning, l)})
		}
	}
	return out
}

// compactTable lays out fields one line each, for a step that must fit the
// screen. A value is what crossed the wire, so it keeps its line's room
// (cut only where the line ends, "…"); a meaning is cut to what is left
// beside the values, and left out where too little is (v shows it).
func (r *Renderer) compactTable(fs []trace.Field, w int, nameSt func(i int) *lipgloss.Style) []line {
	shown, hidden := r.condense(fs)
	nameW := 0
	for _, i := range shown {
		nameW = max(nameW, textWidth(oneLine(fs[i].Name)))
	}
	nameW = min(nameW, max(w*2/5, 8))
	room := w - nameW - 2
	valueCap := room - 2 - compactMeaning // values wider than this go without their meaning
	valueW := 0
	for _, i := range shown {
		if v := textWidth(oneLine(fs[i].Value)); fs[i].Meaning != "" && v <= valueCap {
			valueW = max(valueW, v)
		}
	}
	var out []line
	for _, i := range shown {
		f := fs[i]
		name := sty(nameSt(i), padRight(truncate(oneLine(f.Name), nameW), nameW))
		value := oneLine(f.Value)
		meaning := strings.Join(paragraphs(f.Meaning), " ")
		if meaning == "" || textWidth(value) > valueW {
			out = append(out, line{name, txt("  "), sty(&r.st.FieldValue, truncate(value, room))})
			continue
		}
		out = append(out, line{name, txt("  "), sty(&r.st.FieldValue, padRight(value, valueW)),
			txt("  "), sty(&r.st.Meaning, truncate("— "+meaning, room-valueW-2))})
	}
	if len(hidden) > 0 {
		text := r.text.F("+%d more: %s (--verbose shows all)", len(hidden), strings.Join(hidden, ", "))
		out = append(out, line{sty(&r.st.Meaning, truncate(text, w))})
	}
	return out
}

// compactMeaning is the narrowest meaning a compact step shows beside a
// value: less than this says too little to be worth the line's room.
const compactMeaning = 24

// explainOnce returns fs with the meanings already shown in this run
// blanked, unless Verbose.
func (r *Renderer) explainOnce(fs []trace.Field) []trace.Field {
	if r.o.Verbose {
		return fs
	}
	if r.explained == nil {
		r.explained = map[string]bool{}
	}
	out := make([]trace.Field, len(fs))
	for i, f := range fs {
		key := f.Name + "\x00" + f.Meaning
		if f.Meaning != "" && r.explained[key] {
			f.Meaning = ""
		}
		r.explained[key] = true
		out[i] = f
	}
	return out
}

// condense picks the fields to show (indices into fs, in order) and names
// the ones left out.
func (r *Renderer) condense(fs []trace.Field) (shown []int, hidden []string) {
	if r.o.Verbose || len(fs) <= maxFields {
		for i := range fs {
			shown = append(shown, i)
		}
		return shown, nil
	}
	explained := 0
	for _, f := range fs {
		if f.Meaning != "" {
			explained++
		}
	}
	spare := max(0, maxFields-explained) // unexplained fields we still have room for
	for i, f := range fs {
		switch {
		case f.Meaning != "":
			shown = append(shown, i)
		case spare > 0:
			shown = append(shown, i)
			spare--
		default:
			hidden = append(hidden, oneLine(f.Name))
		}
	}
	return shown, hidden
}

// fieldColours gives field names the colour of their bytes in the hex dump,
// so a learner can match a name to its bytes; without a dump, one colour.
func (r *Renderer) fieldColours(e trace.Event) func(i int) *lipgloss.Style {
	if !r.o.Raw || len(e.Raw) == 0 {
		return func(int) *lipgloss.Style { return &r.st.FieldName }
	}
	groups, of := groupFields(e.Fields, len(e.Raw))
	return func(i int) *lipgloss.Style {
		if g := of[i]; g >= 0 {
			return &r.st.Palette[groups[g].colour%len(r.st.Palette)]
		}
		return &r.st.FieldName
	}
}

// fallbackDetails shows what an event carries when its producer built no
// Fields: HTTP headers and body, or a frame's decoded header.
func (r *Renderer) fallbackDetails(e trace.Event, w int) []line {
	plainName := func(int) *lipgloss.Style { return &r.st.FieldName }
	switch {
	case e.HTTP != nil:
		var fs []trace.Field
		for _, h := range e.HTTP.Headers {
			fs = append(fs, trace.Field{Name: h[0], Value: h[1]})
		}
		out := r.fieldTable(fs, w, plainName)
		return append(out, r.httpBody(e.HTTP, w)...)
	case e.Frame != nil:
		return r.fieldTable(frameFields(e.Frame), w, plainName)
	}
	return nil
}

// bodyLines is how many lines of a body show unless Verbose.
const bodyLines = 4

// httpBody shows the first lines of a body (all of it when Verbose).
func (r *Renderer) httpBody(h *trace.HTTP, w int) []line {
	name := sty(&r.st.FieldName, "body")
	if h.Body == "" && h.BodyHex != "" {
		n := len(h.BodyHex) / 2
		text := r.text.F("%d bytes, not UTF-8: %s", n, h.BodyHex)
		if !r.o.Verbose {
			return []line{{name, txt("  "), sty(&r.st.FieldValue, truncate(text, w-6))}}
		}
		out := []line{{name}}
		for _, l := range valueLines(text, w-2) {
			out = append(out, line{txt("  "), sty(&r.st.FieldValue, l)})
		}
		return out
	}
	if h.Body == "" {
		return nil
	}
	ls := strings.Split(strings.TrimRight(strings.ReplaceAll(h.Body, "\r\n", "\n"), "\n"), "\n")
	if r.compact {
		return []line{{name, txt("  "), sty(&r.st.FieldValue, truncate(oneLine(strings.Join(ls, " ")), w-6))}}
	}
	out := []line{{name}}
	for i, l := range ls {
		l = oneLine(l)
		if !r.o.Verbose {
			if i == bodyLines {
				out = append(out, line{txt("  "), sty(&r.st.Meaning, r.text.F("… %d more lines", len(ls)-i))})
				break
			}
			out = append(out, line{txt("  "), sty(&r.st.FieldValue, truncate(l, w-2))})
			continue
		}
		for _, p := range valueLines(l, w-2) {
			out = append(out, line{txt("  "), sty(&r.st.FieldValue, p)})
		}
	}
	return out
}

// valueLines wraps a value for drawing, at word boundaries where it has
// them (wrapValue). The spaces a line breaks at are not drawn: at a line's
// end they are invisible anyway, and a long run of them would push the
// line past the lifeline.
func valueLines(v string, w int) []string {
	vs := wrapValue(v, w)
	for i := range vs[:len(vs)-1] {
		vs[i] = strings.TrimRight(vs[i], " ")
	}
	return vs
}

// frameFields lists a frame's decoded header when the producer gave no Fields.
func frameFields(f *trace.Frame) []trace.Field {
	bit := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	fs := []trace.Field{
		{Name: "FIN", Value: bit(f.Fin)},
		{Name: "opcode", Value: fmt.Sprintf("%d (%s)", f.Opcode, f.OpcodeName)},
		{Name: "MASK", Value: bit(f.Masked)},
		{Name: "payload length", Value: fmt.Sprint(f.PayloadLen)},
	}
	if f.RSV != 0 {
		fs = append(fs, trace.Field{Name: "RSV", Value: fmt.Sprintf("%03b", f.RSV)})
	}
	if f.MaskKey != "" {
		fs = append(fs, trace.Field{Name: "masking key", Value: f.MaskKey})
	}
	if f.CloseCode != 0 {
		fs = append(fs, trace.Field{Name: "close code", Value: fmt.Sprint(f.CloseCode)})
		if f.CloseReason != "" {
			fs = append(fs, trace.Field{Name: "close reason", Value: f.CloseReason})
		}
	} else if f.Payload != "" {
		fs = append(fs, trace.Field{Name: "payload", Value: f.Payload})
	} else if f.PayloadHex != "" {
		fs = append(fs, trace.Field{Name: "payload", Value: f.PayloadHex})
	}
	return fs
}
