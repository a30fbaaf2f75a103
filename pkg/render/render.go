// Package render draws a scenario's trace events for people and tools: as an
// annotated sequence diagram (Pretty, with colour; Plain, the same layout
// without escape codes) or as the JSON trace format, one event per line.
//
// The diagram puts the client's lifeline on the left and the server's on the
// right, one arrow per message with the decoded fields and the teaching note
// beneath it, checks on the side of the actor that made them, and optionally
// a hex dump whose bytes are coloured by the field they belong to.
//
// render never touches the network. Render reads events from a trace.Recorder
// at its own pace (--step, --delay), so the code that emits them never waits.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/internal/theme"
	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Mode selects the output format.
type Mode int

// The output formats.
const (
	Pretty  Mode = iota // sequence diagram with colour (the caller has decided colour is wanted)
	Plain               // the same diagram without any escape code
	JSON                // the trace format: json.Marshal of each event, one per line
	Mermaid             // a Mermaid sequenceDiagram, written whole when the renderer closes (mermaid.go)
)

// Options configures a Renderer and Render.
type Options struct {
	// Out receives the output; nil discards it.
	Out io.Writer
	// In is where Step reads its keys (the learner's terminal, which Render
	// puts in raw mode while it steps); nil disables stepping.
	In *tty.Input
	// Mode is the output format.
	Mode Mode
	// Width is the terminal width in columns; 0 means 80. The diagram never
	// draws a line wider than this (widths under 40 are drawn at 40).
	Width int
	// Raw adds a hex dump of each message's exact bytes, coloured (Pretty) or
	// labelled (Plain) by field.
	Raw bool
	// Step makes Render wait for a key on In before each event that draws
	// something to read (messages, checks, notes, errors, the summary), but
	// not before TCP connection lines: Enter or space goes on, q stops
	// (Render closes the diagram and returns ErrStopped), b draws the step
	// before again, v shows a step drawn compact whole, c runs to the end, ?
	// lists the keys. On a terminal (see OutTerminal) a prompt says so, and
	// an event too tall for the screen (Height) is drawn compact: one line
	// per field, no hex dump; v shows it whole.
	Step bool
	// Height is the terminal's height in lines, for Step; 0 means 24.
	Height int
	// OutTerminal says Out is a terminal. Pretty implies it; in Plain mode
	// (NO_COLOR, --no-color) it lets the step prompt be drawn and erased:
	// that takes cursor movement, not colour, so NO_COLOR allows it.
	OutTerminal bool
	// Delay makes Render sleep between events; 0 means no pause.
	Delay time.Duration
	// Verbose shows every field and whole values; otherwise long header lists
	// are condensed and long values, bodies and hex dumps shortened.
	Verbose bool
	// Theme is the background Pretty draws for: its colours are chosen to
	// read on it. The zero value is theme.Dark.
	Theme theme.Theme
	// ServerName, if set, follows "SERVER" (in the reader's language) over
	// the right lifeline: e.g. the upstream a proxy relays to.
	ServerName string
	// Untimed says the events' times measure nothing worth showing (decode
	// reads pasted bytes: no time passed between them), so the diagram
	// draws none. Events of a saved decode trace (Scenario "decode") are
	// drawn untimed too.
	Untimed bool
	// Lang is the language of the renderer's own words and of the texts
	// events carry as trace.Msg (summaries, checks, violations), and how it
	// writes numbers; lang.English or lang.PortugueseBR, "" is English.
	// JSON is always English.
	Lang string
	// Condense folds repetition: after two events of the same shape in a
	// section (which a summary ends), the rest become "… N more like those
	// above" lines, each standing where the events it counts happened. An
	// HTTP exchange is folded or shown whole, and nothing folds across a
	// close (condense.go). Off when Verbose; never in JSON.
	Condense bool
	// Save, if set, also receives every event Render reads, in the JSON
	// trace format (what JSON mode writes), whether it is drawn or folded:
	// --save. When drawing stops early (Ctrl-C while paced, q at a step,
	// a closed pipe), Render goes on saving what the source still hands
	// out until its end, so the file holds the whole run; a Recorder ends
	// when the scenario closes it.
	Save io.Writer
	// Scenario is stamped on every event written as JSON (out or Save)
	// that has none: the command that recorded it (trace.Event.Scenario).
	Scenario string
}

// Source hands out a trace's events in order: event i, waiting until it
// exists, io.EOF after the last. *trace.Recorder is one; `wsdemo show`
// reads a saved trace through another.
type Source interface {
	Next(ctx context.Context, i int) (trace.Event, error)
}

// Render reads events 0, 1, 2 ... from rec until io.EOF and writes them in the
// chosen mode, then closes the diagram. It paces (Step, Delay) on its own side,
// so the network code that emits events never waits for the reader; JSON is
// never paced.
//
// It returns nil at EOF, ctx.Err() when ctx ends (Ctrl-C), or a write error.
func Render(ctx context.Context, rec *trace.Recorder, o Options) error {
	return RenderFrom(ctx, rec, o)
}

// RenderFrom is Render reading from any Source.
func RenderFrom(ctx context.Context, src Source, o Options) error {
	r := New(o)
	p := newPacer(o)
	defer p.stop()
	r.stepping = p.stepping()
	la := &lookahead{src: src}
	if r.stepping {
		r.tail = func() (int, bool) { return r.tailLines(la) }
	}
	err := r.drawAll(ctx, la, p)
	if err != nil && o.Save != nil && r.saveErr == nil && !errors.Is(err, io.EOF) {
		r.saveRest(la)
	}
	if err == nil && r.saveErr != nil {
		err = r.saveErr
	}
	return err
}

// saveRest saves the events not yet read once drawing has stopped early,
// until the source ends (see Options.Save).
func (r *Renderer) saveRest(la *lookahead) {
	for {
		e, err := la.next(context.Background())
		if err != nil || r.saveErr != nil {
			return
		}
		r.save(e)
	}
}

// drawAll is the loop of RenderFrom.
func (r *Renderer) drawAll(ctx context.Context, src *lookahead, p *pacer) error {
	o := r.o
	for i := 0; ; i++ {
		// Next hands out already-recorded events without looking at ctx, so
		// check it here too: Ctrl-C must stop a long backlog promptly.
		if err := ctx.Err(); err != nil {
			r.Close()
			return err
		}
		e, err := src.next(ctx)
		if errors.Is(err, io.EOF) {
			return r.Close()
		}
		if err != nil {
			r.Close()
			return err
		}
		r.save(e)
		if o.Mode != JSON {
			// Expanded before the condenser sees it: a frame's Expander
			// also gives the words its fold line would say.
			e = e.Expanded()
		}
		if r.folds(e) {
			// Counted, and drawn as one line before the next event shown:
			// no pause, no Enter for what the learner does not see.
			continue
		}
		if o.Mode != JSON && o.Mode != Mermaid && !r.joinsChecks(e, r.cond.run.total > 0) {
			// A check that continues a run of checks by one actor is part
			// of the step its run started: no Enter for each of them.
			if err := p.wait(ctx, i, e, r); err != nil {
				r.Close()
				return err
			}
		}
		if err := r.Event(e); err != nil {
			return err
		}
	}
}

// Renderer renders one event at a time. Render uses it; tests and lessons that
// embed demos can drive it directly. It is not safe for concurrent use.
type Renderer struct {
	o      Options
	text   lang.Text // says the renderer's words in o.Lang
	g      geom
	st     *styles
	left   string // the left actor named in the header
	n      int    // events drawn so far
	closed bool
	buf    bytes.Buffer
	// explained remembers the field meanings already shown, so a header
	// explained on the first request is not explained again on every other
	// one (unless Verbose): the learner reads it once, then sees what changes.
	explained map[string]bool
	// strategies holds the stats of per-strategy summaries, for the
	// comparison table (compare.go).
	strategies map[string]map[string]any
	last       trace.Event // the previous event drawn
	cond       condenser   // what Condense folded away in this section

	// prompted says a step prompt is on screen (on a terminal), the cursor
	// at its end: keys are read unechoed, so whatever is drawn next starts
	// by clearing that line, and stepping leaves no gap in the lifelines.
	prompted bool
	// stepping says Render waits at each step: steps are kept for b and v
	// (pace.go), and on a terminal an event too tall for the screen is
	// drawn compact.
	stepping bool
	compact  bool       // the event being drawn is drawn compact
	steps    []stepView // the last maxSteps steps drawn
	at       int        // the step on screen (an index in steps)
	stepN    int        // steps drawn so far
	// firstLines counts the lines drawn before the first step (the
	// header, TCP lines), which share its screen.
	firstLines   int
	promptedOnce bool   // a step prompt has been shown
	notice       string // said once in the next prompt: why a key drew nothing

	saveErr error // the first error writing Options.Save
	// tail, while stepping, measures what will be drawn after the step
	// being drawn (see tailLines).
	tail func() (lines int, known bool)
	mm   *mermaidDoc // the diagram Mermaid mode builds (mermaid.go)
}

// New returns a Renderer writing to o.Out.
func New(o Options) *Renderer {
	if o.Out == nil {
		o.Out = io.Discard
	}
	return &Renderer{
		o:    o,
		text: lang.For(o.Lang),
		g:    newGeom(o.Width),
		st:   newStyles(lipgloss.NewRenderer(o.Out), o.Theme),
	}
}

// folds reports whether Condense folds e away (it is then counted, not drawn).
func (r *Renderer) folds(e trace.Event) bool {
	return r.o.Condense && !r.o.Verbose && r.o.Mode != JSON && r.cond.fold(e, r.summaryText(e))
}

// putFolded draws the line for the events folded since the last event
// drawn: their run ends here, at the event about to be drawn (or the end).
func (r *Renderer) putFolded() bool {
	text := r.cond.take(r.text)
	if text == "" {
		return false
	}
	r.put(r.spacer())
	w := r.room(indentMeta)
	for _, l := range wrapText(text, w) {
		r.put(r.body(indentMeta, line{sty(&r.st.Meta, l)}))
	}
	r.last = trace.Event{} // what follows is not part of a run of checks
	return true
}

// Event writes one event. In the diagram modes the first event also draws the
// header, naming the left actor after that event's client side.
func (r *Renderer) Event(e trace.Event) error {
	if r.closed {
		return errors.New("render event: renderer is closed")
	}
	if r.o.Mode == JSON {
		return r.writeJSON(e)
	}
	e = e.Expanded()
	if r.o.Mode == Mermaid {
		r.mermaidEvent(e)
		return nil
	}
	r.buf.Reset()
	r.unpromptInto()
	if r.n == 0 {
		r.left = leftActor(e)
		r.put(r.header()...)
	}
	mark := r.buf.Len() // what a step keeps starts here (see record)
	folded := r.putFolded()
	joins := r.joinsChecks(e, folded)
	switch {
	case r.n == 0 && !folded:
		// Right under the header.
	case joins:
		// A run of checks by one actor reads as one list.
	default:
		r.put(r.spacer())
	}
	r.last = e
	r.n++
	if !r.stepping {
		r.put(r.drawn(e)...)
		r.remember(e)
		return r.flush()
	}
	before := string(r.buf.Bytes()[mark:]) // the fold line and spacer
	shown, full := r.stepLines(e)
	r.buf.WriteString(shown)
	if full != "" {
		full = before + full
	}
	r.record(e, before+shown, full, joins)
	r.remember(e)
	return r.flush()
}

// joinsChecks says e continues a run of checks made by one actor, drawn as
// one list (no spacer) and stepped as one step: the server's seven checks
// of a handshake are read together. A fold line drawn before e (folded)
// ends the run.
func (r *Renderer) joinsChecks(e trace.Event, folded bool) bool {
	return r.n > 0 && !folded && e.Kind == trace.KindCheck && r.last.Kind == trace.KindCheck &&
		r.last.From == e.From && r.last.Note == ""
}

// stepLines draws e for a step: whole when it fits the screen (stepRoom),
// or when it is not drawn for a terminal, or --verbose asks for everything;
// otherwise compact, and then full is the whole event, for v.
func (r *Renderer) stepLines(e trace.Event) (shown, full string) {
	if !stepped(e.Kind) || r.o.Verbose || !r.o.canPrompt() {
		return r.render(r.drawn(e)), ""
	}
	before := maps.Clone(r.explained)
	whole := r.drawn(e)
	room := r.stepRoom()
	if r.stepN == 0 && !r.promptedOnce {
		// A first step drawn before any prompt shares its screen with
		// what came before it (the header) and with the key list shown
		// once under it.
		room -= r.firstLines + bytes.Count(r.buf.Bytes(), []byte("\n")) + r.keyListHeight()
	}
	if len(whole) <= room {
		return r.render(whole), ""
	}
	r.explained = before // the compact view explains what the whole one did
	r.compact = true
	compact := r.drawn(e)
	r.compact = false
	if len(compact) >= len(whole) {
		return r.render(whole), ""
	}
	return r.render(compact), r.render(whole)
}

// render draws lines into a string, as put draws them into the buffer.
func (r *Renderer) render(ls []line) string {
	var b bytes.Buffer
	r.putTo(&b, ls...)
	return b.String()
}

// Close draws the end of the lifelines (if anything was drawn) and flushes.
// It is idempotent.
func (r *Renderer) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.o.Mode == Mermaid {
		return r.mermaidClose()
	}
	if r.o.Mode == JSON {
		return nil
	}
	r.buf.Reset()
	r.unpromptInto() // stopped (q, Ctrl-C) at a prompt: clear its line
	if r.n == 0 {
		// Nothing drawn: no lifelines to end, only the prompt's line to
		// clear, so that what is printed next starts on a clean line.
		if r.buf.Len() == 0 {
			return nil
		}
		return r.flush()
	}
	r.putFolded()
	r.put(r.spacer(), r.end())
	return r.flush()
}

// drawn is an event's lines: its diagram, and under it how many more like
// it the recorder condensed into it (repeated).
func (r *Renderer) drawn(e trace.Event) []line {
	return append(r.diagram(e), r.repeated(e)...)
}

// repeated draws, under an event that stands for a run of events like it
// (trace.Repeat: the recorder condensed a flood the renderer could not keep
// up with), how many more there were, until when, and how many bytes.
func (r *Renderer) repeated(e trace.Event) []line {
	rp := e.Repeat
	if rp == nil || rp.More <= 0 {
		return nil
	}
	text := r.text.F("… and %d more like it, until %s: they came faster than they could be drawn one by one", rp.More, r.formatTime(rp.LastTUS))
	if rp.Bytes > 0 && rp.Bytes < 1<<63 {
		text = r.text.F("… and %d more like it, until %s (%d bytes): they came faster than they could be drawn one by one", rp.More, r.formatTime(rp.LastTUS), int64(rp.Bytes))
	}
	var out []line
	for _, l := range wrapText(text, r.room(indentMeta)) {
		out = append(out, r.body(indentMeta, line{sty(&r.st.Meta, l)}))
	}
	return out
}

// summaryText is what the diagram says for e's summary: its SummaryMsg in the
// reader's language when it has one, the summary as it is otherwise (an
// HTTP start line, a frame label: the protocol's own words).
func (r *Renderer) summaryText(e trace.Event) string {
	if e.SummaryMsg.Format != "" {
		return r.text.Say(e.SummaryMsg)
	}
	return e.Summary
}

// say says m (a Check's or a Frame's Msg) in the reader's language, or
// english, the text the event carries, when there is no m.
func (r *Renderer) say(m *trace.Msg, english string) string {
	if m != nil && m.Format != "" {
		return r.text.Say(*m)
	}
	return english
}

// actor is the name of an actor in the reader's language: the two every
// demo has, the tabs of realtime, and serve's browser, numbered tabs and
// foreign page. Others are names, shown as they are.
func (r *Renderer) actor(a string) string {
	switch a {
	case trace.Client:
		return r.text.F("client")
	case trace.Server:
		return r.text.F("server")
	case "tab-a":
		return r.text.F("tab-a")
	case "tab-b":
		return r.text.F("tab-b")
	case "browser":
		return r.text.F("browser")
	case "foreign-page":
		return r.text.F("foreign-page")
	}
	if n, ok := tabNumber(a); ok {
		return r.text.F("tab-%#d", n)
	}
	return a
}

// towards says "to a" (to) or "from a" as one phrase per actor, not the
// actor's name in a "to %s": Portuguese joins the preposition to the
// article (para a aba B, da aba B, do navegador).
func (r *Renderer) towards(a string, to bool) string {
	pick := func(toMsg, fromMsg lang.Msg) string {
		if to {
			return r.text.F(toMsg)
		}
		return r.text.F(fromMsg)
	}
	switch a {
	case "tab-a":
		return pick("to tab-a", "from tab-a")
	case "tab-b":
		return pick("to tab-b", "from tab-b")
	case "browser":
		return pick("to browser", "from browser")
	case "foreign-page":
		return pick("to foreign-page", "from foreign-page")
	}
	if n, ok := tabNumber(a); ok {
		if to {
			return r.text.F("to tab-%#d", n)
		}
		return r.text.F("from tab-%#d", n)
	}
	if to {
		return r.text.F("to %s", r.actor(a))
	}
	return r.text.F("from %s", r.actor(a))
}

// tabNumber reads a numbered tab's actor name, as serve writes it: "tab-3"
// is 3 (1-9999, no leading zero).
func tabNumber(a string) (int, bool) {
	digits, ok := strings.CutPrefix(a, "tab-")
	if !ok || len(digits) == 0 || len(digits) > 4 || digits[0] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || strconv.Itoa(n) != digits {
		return 0, false
	}
	return n, true
}

// put renders lines into the buffer, styled in Pretty mode and bare in Plain.
func (r *Renderer) put(ls ...line) { r.putTo(&r.buf, ls...) }

func (r *Renderer) putTo(b *bytes.Buffer, ls ...line) {
	for _, l := range ls {
		for _, s := range l {
			if s.st == nil || r.o.Mode == Plain || s.text == "" {
				b.WriteString(s.text)
			} else {
				b.WriteString(s.st.Render(s.text))
			}
		}
		b.WriteByte('\n')
	}
}

// flush writes the buffer in one Write, so each event reaches the terminal
// whole.
func (r *Renderer) flush() error {
	if r.stepping && r.stepN == 0 {
		r.firstLines += bytes.Count(r.buf.Bytes(), []byte("\n"))
	}
	if _, err := r.o.Out.Write(r.buf.Bytes()); err != nil {
		return fmt.Errorf("write diagram: %w", err)
	}
	return nil
}
