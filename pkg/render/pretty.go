package render

import (
	"github.com/charmbracelet/lipgloss"

	"strconv"
	"strings"

	"wsdemo/pkg/trace"
)

// minWidth is the narrowest diagram we draw; below it labels and fields would
// be cut to nothing.
const minWidth = 40

// Indents inside the lifelines, in columns after the left bar.
const (
	indentMeta   = 1 // "#1  +0.4ms", standalone notes, errors, hex dumps
	indentDetail = 3 // fields and notes under an arrow, summary tables
)

// geom is the diagram's geometry: lifeline columns for a terminal width.
type geom struct {
	width  int
	lx, rx int // columns of the left and right lifelines
}

func newGeom(w int) geom {
	if w <= 0 {
		w = 80
	}
	w = max(w, minWidth)
	// Two columns left of the left bar centre "CLIENT" over it; the right
	// bar sits as far right while leaving room to centre "SERVER".
	return geom{width: w, lx: 2, rx: w - 3}
}

// inner is the number of columns strictly between the lifelines.
func (g geom) inner() int { return g.rx - g.lx - 1 }

// leftActor names the left lifeline after the first event's non-server actor.
func leftActor(e trace.Event) string {
	for _, a := range []string{e.From, e.To} {
		if a != "" && a != trace.Server {
			return a
		}
	}
	return trace.Client
}

// header draws the actor names centred over their lifelines.
func (r *Renderer) header() []line {
	left := truncate(strings.ToUpper(oneLine(r.actor(r.left))), r.g.width/2-1)
	right := strings.ToUpper(r.actor(trace.Server))
	if r.o.ServerName != "" {
		right = truncate(right+" "+oneLine(r.o.ServerName), r.g.width/2-1)
	}
	ls := max(0, r.g.lx-(textWidth(left)-1)/2)
	rs := min(r.g.rx-(textWidth(right)-1)/2, r.g.width-textWidth(right))
	gap := rs - ls - textWidth(left)
	hl := line{txt(spaces(ls)), sty(&r.st.Actor, left), txt(spaces(gap)), sty(&r.st.Actor, right)}
	return []line{hl, r.spacer()}
}

// row draws one diagram line: the left bar, content padded to the space
// between the lifelines, and the right bar. Content too wide is cut.
func (r *Renderer) row(left seg, content line, right seg) line {
	in := r.g.inner()
	content = fitLine(content, in)
	l := line{txt(spaces(r.g.lx)), left}
	l = append(l, content...)
	if pad := in - content.width(); pad > 0 {
		l = append(l, txt(spaces(pad)))
	}
	return append(l, right)
}

func (r *Renderer) bar() seg { return sty(&r.st.Lifeline, "│") }

// body draws content between plain lifelines, indented.
func (r *Renderer) body(indent int, content line) line {
	return r.row(r.bar(), append(line{txt(spaces(indent))}, content...), r.bar())
}

// bodies draws each content line with the same indent.
func (r *Renderer) bodies(indent int, ls []line) []line {
	out := make([]line, len(ls))
	for i, l := range ls {
		out[i] = r.body(indent, l)
	}
	return out
}

// room is the width available to content at an indent, keeping one column
// of air before the right bar.
func (r *Renderer) room(indent int) int { return r.g.inner() - indent - 1 }

func (r *Renderer) spacer() line { return r.row(r.bar(), nil, r.bar()) }

func (r *Renderer) end() line {
	return r.row(sty(&r.st.Lifeline, "┴"), nil, sty(&r.st.Lifeline, "┴"))
}

// diagram draws one event (without the spacer before it).
func (r *Renderer) diagram(e trace.Event) []line {
	switch e.Kind {
	case trace.KindTCPConnect, trace.KindTCPClose:
		return r.tcp(e)
	case trace.KindHTTPRequest, trace.KindHTTPResponse, trace.KindWSFrame, trace.KindWSMessage, trace.KindSIOPacket:
		return r.message(e)
	case trace.KindCheck:
		return r.check(e)
	case trace.KindError:
		return r.errorEvent(e)
	case trace.KindSummary:
		return r.summary(e)
	case trace.KindNote:
		return r.note(e)
	default:
		// A kind newer than this renderer: show what we can rather than nothing.
		text := "[" + oneLine(string(e.Kind)) + "] " + oneLine(r.summaryText(e))
		ls := r.noteLines(strings.TrimSpace(text+"\n"+e.Note), r.room(indentMeta), true)
		return r.bodies(indentMeta, ls)
	}
}

// rightward says whether a message travels from the left lifeline to the right.
func rightward(e trace.Event) bool { return e.From != trace.Server }

// tcp draws a dotted line joining both lifelines: a connection belongs to both.
func (r *Renderer) tcp(e trace.Event) []line {
	in := r.g.inner()
	st := &r.st.TCP
	text := oneLine(r.summaryText(e))
	chunks := wrapText(text, in-6)
	first := line{sty(st, "┄┄ "), sty(st, chunks[0]), txt(" ")}
	first = append(first, sty(st, strings.Repeat("┄", max(0, in-first.width()))))
	out := []line{r.row(sty(st, "├"), first, sty(st, "┤"))}
	for _, c := range chunks[1:] {
		out = append(out, r.body(3, line{sty(st, c)}))
	}
	return append(out, r.bodies(indentDetail, r.noteLines(e.Note, r.room(indentDetail), false))...)
}

// note draws a step that is not a message: its summary as a heading (the
// actor's own words, e.g. "server computes Sec-WebSocket-Accept = ..."), the
// fields of a computation it shows, and the teaching note.
func (r *Renderer) note(e trace.Event) []line {
	w := r.room(indentMeta)
	var out []line
	if e.Summary != "" && e.Summary != e.Note {
		heading := r.summaryText(e)
		if e.From != "" && e.From == e.To {
			heading = r.text.F("%s: %s", r.actor(e.From), heading) // a local step: say whose
		}
		for _, l := range wrapText(oneLine(heading), w) {
			out = append(out, line{sty(&r.st.Label, l)})
		}
	}
	if len(e.Fields) > 0 {
		out = append(out, r.fieldTable(r.explainOnce(e.Fields), w-2, func(int) *lipgloss.Style { return &r.st.FieldName })...)
	}
	out = append(out, r.noteLines(e.Note, w, true)...)
	return r.bodies(indentMeta, out)
}

// message draws an arrow for a request, response, frame or message, then its
// fields, any rule the frame broke, the hex dump and the teaching note.
func (r *Renderer) message(e trace.Event) []line {
	out := append(r.meta(e), r.arrow(e))
	w := r.room(indentDetail)
	var details []line
	if len(e.Fields) > 0 {
		details = r.fieldTable(r.explainOnce(e.Fields), w, r.fieldColours(e))
	} else {
		details = r.fallbackDetails(e, w)
	}
	if e.Frame != nil && e.Frame.Violation != "" {
		for i, l := range wrapText(oneLine(r.text.F("breaks a rule: %s", r.say(e.Frame.ViolationMsg, e.Frame.Violation))), w-2) {
			mark := "✗ "
			if i > 0 {
				mark = "  "
			}
			details = append(details, line{sty(&r.st.CheckFail, mark+l)})
		}
	}
	out = append(out, r.bodies(indentDetail, details)...)
	if r.o.Raw && len(e.Raw) > 0 && !r.compact { // compact: v shows the bytes
		out = append(out, r.bodies(indentMeta, r.hexDump(e.Raw, e.Fields, r.room(indentMeta)))...)
	}
	out = append(out, r.bodies(indentDetail, r.noteLines(e.Note, w, false))...)
	return out
}

// meta draws the connection number and time above the arrow's tail: none
// when there is neither (an untimed event on no connection).
func (r *Renderer) meta(e trace.Event) []line {
	var parts []string
	right := !rightward(e)
	// Name the client-side actor when it is not the one the header shows,
	// e.g. a second browser tab talking to the same server.
	if a := leftActor(e); a != r.left {
		parts = append(parts, oneLine(r.towards(a, right)))
	}
	if e.Conn > 0 {
		parts = append(parts, "#"+strconv.Itoa(e.Conn)) // an identifier: never grouped
	}
	if !r.o.Untimed && e.Scenario != "decode" {
		parts = append(parts, r.formatTime(e.TUS))
	}
	if len(parts) == 0 {
		return nil
	}
	text := truncate(strings.Join(parts, "  "), r.room(indentMeta))
	indent := indentMeta
	if right {
		indent = r.g.inner() - textWidth(text) - 1
	}
	return []line{r.body(indent, line{sty(&r.st.Meta, text)})}
}

// arrow draws "├──── label ────▶│" or "│◀──── label ────┤"; whole messages
// (reassembled from frames) get a double shaft to tell them from frames.
func (r *Renderer) arrow(e trace.Event) line {
	shaft, openL, openR := "─", "├", "┤"
	if e.Kind == trace.KindWSMessage {
		shaft, openL, openR = "═", "╞", "╡"
	}
	st := &r.st.ArrowOut
	if !rightward(e) {
		st = &r.st.ArrowIn
	}
	length := r.g.inner() - 1 // one column for the head
	label := truncate(oneLine(r.summaryText(e)), length-8)
	var content line
	if label == "" {
		content = line{sty(st, strings.Repeat(shaft, length))}
	} else {
		dashes := length - textWidth(label) - 2
		content = line{
			sty(st, strings.Repeat(shaft, dashes/2)), txt(" "),
			sty(&r.st.Label, label),
			txt(" "), sty(st, strings.Repeat(shaft, dashes-dashes/2)),
		}
	}
	if rightward(e) {
		return r.row(sty(st, openL), append(content, sty(st, "▶")), r.bar())
	}
	return r.row(r.bar(), append(line{sty(st, "◀")}, content...), sty(st, openR))
}

// noteLines wraps a teaching note behind an ℹ. Standalone notes (notes that
// are events of their own) are set apart in italics.
func (r *Renderer) noteLines(note string, w int, standalone bool) []line {
	ps := wrapParagraphs(note, w-2)
	out := make([]line, 0, len(ps))
	textSt := &r.st.NoteText
	if !standalone {
		textSt = nil
	}
	for i, p := range ps {
		mark := sty(&r.st.NoteMark, "ℹ ")
		if i > 0 {
			mark = txt("  ")
		}
		out = append(out, line{mark, sty(textSt, p)})
	}
	return out
}

// Aside draws text between the diagram's lifelines, in the colour of the
// diagram's own remarks, for what a demo says to the learner while its
// diagram is being drawn (duplex -i's "connected: type a message", its
// hints): printed as a plain line it would cut the lifelines, and read as
// if it were printed over the diagram. Each line of text is wrapped to the
// room between the lifelines, keeping its spaces (a table of commands stays
// a table). A blank line between the lifelines comes first, as before an
// event.
func Aside(o Options, text string) string {
	r := New(o)
	w := r.room(indentMeta)
	ls := []line{r.spacer()}
	for _, para := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		for _, l := range asideLines(para, w) {
			ls = append(ls, r.body(indentMeta, line{sty(&r.st.Meta, l)}))
		}
	}
	return r.render(ls)
}

// asideLines wraps one line of an aside to w columns. A line laid out as
// two columns ("  /ping [text]      a ping; …") wraps its second column
// under itself; any other keeps its spaces and wraps between words.
func asideLines(s string, w int) []string {
	if textWidth(s) <= w {
		return []string{s}
	}
	lead := len(s) - len(strings.TrimLeft(s, " "))
	if gap := strings.Index(s[lead:], "  "); gap > 0 {
		col := lead + gap + len(s[lead+gap:]) - len(strings.TrimLeft(s[lead+gap:], " "))
		if cw := textWidth(s[:col]); cw <= w*2/3 && col < len(s) {
			var out []string
			for i, l := range wrapText(s[col:], w-cw) {
				head := spaces(cw)
				if i == 0 {
					head = s[:col]
				}
				out = append(out, head+l)
			}
			return out
		}
	}
	return valueLines(s, w)
}
