package render

import (
	"context"
	"errors"
	"io"
	"maps"
	"strconv"
	"strings"
	"time"

	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// ErrStopped is what Render returns when the learner pressed q (or typed
// quit, or exit) at a step instead of going on: stop the demo here. The
// caller then stops the scenario; it is the learner's choice, not a failure.
var ErrStopped = errors.New("demo stopped")

// The step prompt and the key list, said in Options.Lang. The prompt is
// short, and names v only when the step on screen is shown compact; the key
// list is shown once, above the first prompt, and again on ?.
const (
	// DefaultStepPrompt is the prompt of a step: its number (the one b's
	// "back to step N" names), and the keys.
	DefaultStepPrompt lang.Msg = "step %d · ⏎ next · ? keys"
	// stepPromptCompact is the prompt of a step shown compact.
	stepPromptCompact lang.Msg = "step %d · ⏎ next · v: whole step · ? keys"
	// stepPromptFirst is the prompt under what comes before the first
	// step (a TCP connection opened): no step is on screen yet.
	stepPromptFirst lang.Msg = "⏎ first step · ? keys"
	// atFirstStep and alreadyWhole say, in the prompt, why b or v drew
	// nothing.
	atFirstStep  lang.Msg = "already at the first step"
	alreadyWhole lang.Msg = "this step is already whole"
	// stepKeys lists the keys; each acts at once, without Enter.
	stepKeys lang.Msg = "Keys: Enter or space: next step · b: back one step · v: the whole step · c: run to the end · q: stop the demo · ?: these keys"
	// stepBack and stepAgain mark a step drawn again (b, then Enter).
	stepBack  lang.Msg = "↶ back to step %d"
	stepAgain lang.Msg = "↷ step %d again"
	// stepWhole marks the whole step drawn below its compact view (v) when
	// the compact one cannot be drawn over.
	stepWhole lang.Msg = "step %d, whole:"
)

// maxSteps is how many drawn steps b can go back through.
const maxSteps = 50

// pacer holds Render back between events: Delay sleeps, Step waits for a
// key. Both honour ctx, so Ctrl-C ends a paused demo at once.
type pacer struct {
	delay time.Duration
	in    *tty.Input
	// prompting says a prompt can be drawn and erased: Out is a terminal.
	prompting bool
	restore   func() // puts the terminal back out of raw mode
	cont      bool   // c: run to the end without stopping
	eof       bool   // In is exhausted: no key will ever come
	told      bool   // the key list has been shown
}

func newPacer(o Options) *pacer {
	p := &pacer{delay: o.Delay}
	if o.Step && o.In != nil {
		p.in = o.In
		p.prompting = o.canPrompt()
		// Raw from the start: keys act without Enter, and a key typed
		// while events are being drawn is not echoed among them.
		p.restore = o.In.Raw()
	}
	return p
}

// canPrompt says the output is a terminal where a step prompt can be drawn
// and erased: always in Pretty mode, in Plain mode when Out is a terminal
// (NO_COLOR takes away colour, not the prompt), never in JSON.
func (o Options) canPrompt() bool {
	return o.Mode == Pretty || (o.Mode == Plain && o.OutTerminal)
}

// stepped says whether an event waits for a key. TCP lines are scenery; the
// learner steps through the things worth reading.
func stepped(k trace.Kind) bool {
	return k != trace.KindTCPConnect && k != trace.KindTCPClose
}

// stepping says Render waits at each step.
func (p *pacer) stepping() bool { return p.in != nil }

// wait paces event i of kind k: it sleeps Delay, then at a step reads keys
// until one says go on (r.keys).
func (p *pacer) wait(ctx context.Context, i int, e trace.Event, r *Renderer) error {
	k := e.Kind
	if p.delay > 0 && i > 0 {
		t := time.NewTimer(p.delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	if p.in == nil || !stepped(k) || p.cont || p.eof {
		return nil
	}
	if r.stepN == 0 && (r.n == 0 || !p.prompting || r.firstStepFits(e)) {
		// The first step is drawn before any prompt, header and all: a
		// prompt on an empty screen (or under one TCP line) says little.
		// When it would not fit on one screen with what is above it and
		// the key list below it, the prompt comes first and leaves it
		// the whole screen.
		return nil
	}
	return r.keys(ctx, p)
}

// stop puts the terminal back as it was.
func (p *pacer) stop() {
	if p.restore != nil {
		p.restore()
		p.restore = nil
	}
}

// keys reads keys at a step until one says go on (Enter, space, c) or stop
// (q); b, v and ? draw and wait again.
func (r *Renderer) keys(ctx context.Context, p *pacer) error {
	if p.prompting && !p.told && r.n > 0 {
		p.told = true
		r.keyList()
	}
	for {
		if p.prompting {
			if err := r.prompt(); err != nil {
				return err
			}
		}
		k, err := p.in.ReadKey(ctx)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, tty.ErrInterrupted) {
				return err
			}
			// The input ended (Ctrl-D on a line, a closed pipe): no key can
			// come any more, so the rest is drawn unpaced, not hung.
			p.eof = true
			return r.unprompt()
		}
		switch {
		case k.Code == tty.KeyEnter || k.Is(' ', "next", "n"):
			if r.stepsAhead() {
				r.replay(+1)
				continue
			}
			return r.unprompt()
		case k.Is('q', "quit", "exit"):
			return ErrStopped
		case k.Is('c', "continue") || k.Code == tty.KeyEOF:
			p.cont = true
			return r.unprompt()
		case k.Is('b', "back"):
			if !r.replay(-1) {
				r.notice = r.text.F(atFirstStep)
			}
		case k.Is('v', "view"):
			if !r.expand(p.prompting) {
				r.notice = r.text.F(alreadyWhole)
			}
		case k.Is('?', "help", "keys") || k.Is('h'):
			r.keyList()
		}
		// Any other key does nothing: the prompt says where the keys are.
	}
}

// stepView is one step as drawn, kept so b can draw it again and v can show
// it whole: the stepped event's lines and those of the unstepped events
// drawn after it (a TCP close), each with the spacer (or fold line) drawn
// before it.
type stepView struct {
	n     int    // the step's number, from 1
	shown string // the event's lines as drawn (compact when full is set)
	full  string // the whole event, when shown is compact
	tail  string // what was drawn after it before the next step
	whole bool   // v has shown it whole: b and Enter draw it so
	// below counts the lines drawn after it that are not its own (the key
	// list), when it is the step drawn last; -1 when another step (or its
	// replay) was drawn after it: then v cannot draw over it.
	below int
}

func (s *stepView) block() string {
	if s.whole && s.full != "" {
		return s.full
	}
	return s.shown
}

// stepsAhead says b went back and Enter has steps to draw again before the
// next new one.
func (r *Renderer) stepsAhead() bool { return r.at < len(r.steps)-1 }

// replay draws the step before (dir -1) or after (+1) the one on screen
// again, below, with a line saying which. It reports false, drawing
// nothing, when there is no such step.
func (r *Renderer) replay(dir int) bool {
	i := r.at + dir
	if i < 0 || i >= len(r.steps) {
		return false
	}
	r.at = i
	s := &r.steps[i]
	words := r.text.F(stepAgain, s.n)
	if dir < 0 {
		words = r.text.F(stepBack, s.n)
	}
	r.buf.Reset()
	r.unpromptInto()
	r.put(r.spacer(), r.body(indentMeta, line{sty(&r.st.Meta, words)}))
	r.buf.WriteString(s.block())
	r.buf.WriteString(s.tail)
	r.onScreen(i)
	r.flush()
	return true
}

// expand shows the step on screen whole (v). When its compact view is the
// last thing on screen and the whole fits, it is drawn over the compact one;
// otherwise the whole step is drawn below, with a line saying so. It
// reports false, drawing nothing, when the step is already whole.
func (r *Renderer) expand(inPlace bool) bool {
	if r.at < 0 || r.at >= len(r.steps) {
		return false
	}
	s := &r.steps[r.at]
	if s.full == "" || s.whole {
		return false // already whole
	}
	s.whole = true
	r.buf.Reset()
	r.unpromptInto()
	up := strings.Count(s.shown, "\n") + strings.Count(s.tail, "\n") + s.below
	if inPlace && s.below >= 0 && up < r.height() {
		// Back to the first line of the compact view, and clear below.
		r.buf.WriteString("\x1b[" + strconv.Itoa(up) + "A\r\x1b[J")
	} else {
		r.put(r.spacer(), r.body(indentMeta, line{sty(&r.st.Meta, r.text.F(stepWhole, s.n))}))
	}
	r.buf.WriteString(s.full)
	r.buf.WriteString(s.tail)
	r.onScreen(r.at)
	r.flush()
	return true
}

// onScreen notes that step i was drawn last.
func (r *Renderer) onScreen(i int) {
	for j := range r.steps {
		r.steps[j].below = -1
	}
	r.steps[i].below = 0
}

// keyList draws the keys a step takes.
// firstStepFits reports whether e, drawn as the first step would be, fits
// one screen with what was drawn before it, the key list and the prompt.
func (r *Renderer) firstStepFits(e trace.Event) bool {
	before := r.explained
	r.explained = maps.Clone(before)
	n := len(r.drawn(e))
	r.explained = maps.Clone(before)
	r.compact = true
	n = min(n, len(r.drawn(e)))
	r.compact = false
	r.explained = before
	return r.firstLines+1+n+r.keyListHeight() <= r.stepRoom()
}

// keyListHeight is how many lines keyList draws.
func (r *Renderer) keyListHeight() int {
	return 1 + len(wrapText(r.text.F(stepKeys), r.room(indentMeta)))
}

func (r *Renderer) keyList() {
	r.buf.Reset()
	r.unpromptInto()
	w := r.room(indentMeta)
	ls := wrapText(r.text.F(stepKeys), w)
	r.put(r.spacer())
	for _, l := range ls {
		r.put(r.body(indentMeta, line{sty(&r.st.Meta, l)}))
	}
	if r.at >= 0 && r.at < len(r.steps) && r.steps[r.at].below >= 0 {
		r.steps[r.at].below += 1 + len(ls)
	}
	r.flush()
}

// prompt tells the learner the demo waits for a key. Render calls it only
// when Out is a terminal, where the prompt can be erased again.
func (r *Renderer) prompt() error {
	r.buf.Reset()
	r.unpromptInto() // a key that drew nothing (b at the first step): the prompt again, in place
	msg := DefaultStepPrompt
	n := r.stepN
	if r.at >= 0 && r.at < len(r.steps) {
		n = r.steps[r.at].n
		if r.steps[r.at].full != "" && !r.steps[r.at].whole {
			msg = stepPromptCompact
		}
	}
	words := r.text.F(msg, n)
	if n == 0 {
		words = r.text.F(stepPromptFirst)
	}
	r.promptedOnce = true
	if r.notice != "" {
		// Said once, in the prompt: a key that drew nothing says why,
		// and the diagram gets no line for it.
		words = r.notice + " · " + words
		r.notice = ""
	}
	words = truncate(words, r.g.width-r.g.lx-3)
	r.put(line{txt(spaces(r.g.lx)), r.bar(), txt(" "), sty(&r.st.Meta, words)})
	r.buf.Truncate(r.buf.Len() - 1) // stay on this line, the cursor after the words
	r.prompted = true
	return r.flush()
}

// unprompt clears the prompt's line, if a prompt is on screen.
func (r *Renderer) unprompt() error {
	if !r.prompted {
		return nil
	}
	r.buf.Reset()
	r.unpromptInto()
	return r.flush()
}

// unpromptInto starts the buffer by clearing the prompt's line: keys are
// read in raw mode, unechoed, so the cursor is still on it.
func (r *Renderer) unpromptInto() {
	if r.prompted {
		r.buf.WriteString("\r\x1b[2K")
		r.prompted = false
	}
}

// record keeps what Event just drew for b and v: a stepped event starts a
// new step, unless it joins a run of checks (joins), which is one step;
// anything else belongs to the step before it.
func (r *Renderer) record(e trace.Event, shown, full string, joins bool) {
	if joins && len(r.steps) > 0 && r.steps[len(r.steps)-1].tail == "" {
		s := &r.steps[len(r.steps)-1]
		if s.full != "" {
			s.full += shown
		}
		s.shown += shown
		return
	}
	if !stepped(e.Kind) && len(r.steps) > 0 {
		s := &r.steps[len(r.steps)-1]
		s.tail += shown
		return
	}
	if !stepped(e.Kind) {
		return // scenery before the first step
	}
	r.stepN++
	if len(r.steps) == maxSteps {
		r.steps = append(r.steps[:0], r.steps[1:]...)
	}
	r.steps = append(r.steps, stepView{n: r.stepN, shown: shown, full: full})
	r.at = len(r.steps) - 1
	r.onScreen(r.at)
}

// lookahead reads a Source in order, and can look at the events after the
// next one that are already there, without waiting for any: what a step
// will have drawn below it (a TCP close) decides whether it fits the screen.
// Each event is read from the source once.
type lookahead struct {
	src   Source
	read  int           // events read from src
	ahead []trace.Event // read from src, not yet handed out by next
}

// next hands out the next event, waiting for it (Source.Next).
func (l *lookahead) next(ctx context.Context) (trace.Event, error) {
	if len(l.ahead) > 0 {
		e := l.ahead[0]
		l.ahead = l.ahead[1:]
		return e, nil
	}
	e, err := l.src.Next(ctx, l.read)
	if err == nil {
		l.read++
	}
	return e, err
}

// peek returns the k-th event after those next has handed out if it is
// already there; ok is false when it is not yet (or the source has ended:
// end).
func (l *lookahead) peek(k int) (e trace.Event, ok, end bool) {
	for len(l.ahead) <= k {
		now, cancel := context.WithCancel(context.Background())
		cancel() // do not wait: a Source hands out what it has without looking at ctx
		e, err := l.src.Next(now, l.read)
		if err != nil {
			return trace.Event{}, false, errors.Is(err, io.EOF)
		}
		l.read++
		l.ahead = append(l.ahead, e)
	}
	return l.ahead[k], true, false
}

// tailLines measures the unstepped events (TCP lines) that follow the event
// being drawn, up to the next step: the lines they will take, and whether
// that is all of them. Events the scenario has not recorded yet are not
// known.
func (r *Renderer) tailLines(la *lookahead) (int, bool) {
	lines := 0
	for k := 0; k < 16; k++ {
		e, ok, end := la.peek(k)
		switch {
		case end:
			return lines + 2, true // and the end of the lifelines, with its spacer (Close)
		case !ok || e.Expander != nil:
			return lines, false // not there yet, or not to be expanded twice
		case stepped(e.Kind):
			return lines, true
		}
		lines += 1 + len(r.diagram(e)) // TCP lines draw without changing the renderer
	}
	return lines, false
}

// height is the terminal's height in lines (24 when unknown).
func (r *Renderer) height() int {
	if r.o.Height > 0 {
		return r.o.Height
	}
	return 24
}

// stepRoom is how many lines a step's event may take before it is shown
// compact: the screen less the prompt, the spacer above the event, and what
// will be drawn below it before the next step: the TCP lines already
// recorded, and when the scenario has not got that far yet, room for the
// most a connection's end takes (its close with a note, then the other
// side's FIN).
func (r *Renderer) stepRoom() int {
	tail, known := 0, false
	if r.tail != nil {
		tail, known = r.tail()
	}
	if !known {
		tail = max(tail, unknownTail)
	}
	return r.height() - 1 - 1 - tail
}

// unknownTail is the room kept below a step for TCP lines not yet recorded.
const unknownTail = 7
