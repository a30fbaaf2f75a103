package lesson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"wsdemo/internal/theme"
	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
)

// DemoFunc runs one wsdemo command in-process, e.g. args = ["http"] or
// ["realtime","--only","poll"], writing its output to out. The CLI supplies
// the real one (paced when the lesson is interactive, unpaced otherwise);
// tests supply fakes. It returns ErrDemoStopped when the learner stopped the
// demo midway (q at a step).
type DemoFunc func(ctx context.Context, args []string, out io.Writer) error

// ErrDemoStopped is what a DemoFunc returns when the learner stopped the
// demo before its end, with everything it started shut down. The lesson
// says so and goes on, as after a demo that ran to the end: q inside a demo
// stops the demo, q at the lesson's own prompts stops the lesson.
var ErrDemoStopped = errors.New("demo stopped by the learner")

// RunOptions are the inputs of Run.
type RunOptions struct {
	// In is where the learner's answers and Enters come from, a line at a
	// time: the one reader of stdin, shared with the demos the lesson runs
	// and with Learn's own prompts; nil is at EOF.
	In       *tty.Input
	Out, Err io.Writer // nil discards

	// Interactive: show one section at a time and wait for Enter, ask the
	// quizzes. Otherwise (stdin piped or at EOF) print the whole lesson as
	// plain text, run the demos, print each question with its answer.
	Interactive bool
	Color       bool        // colour the rendered text (interactive only)
	Theme       theme.Theme // the background the colours are for
	Width       int         // columns for wrapping; 0 means DefaultWidth
	// Program is the command that starts wsdemo as the learner can type it
	// ("wsdemo", or "go run ./cmd/wsdemo"): every command the runner names
	// (demos, hints, commands in the lesson text) starts with it. Empty is
	// "wsdemo".
	Program string

	Demo DemoFunc // runs the inline demos; nil prints the command instead
	// ValidateDemoArgs, if set, is asked before each demo runs; a demo it
	// rejects is reported and skipped.
	ValidateDemoArgs func(args []string) error

	// Store is where an interactive run keeps its place (at each section,
	// demo and quiz) and marks the lesson done at its end; nil saves
	// nothing. A run that is not interactive (piped, or input that ends)
	// prints the lesson and marks nothing.
	Store *Store
	// Learner seeds the order of each quiz's options: the same learner sees
	// the same order every time. Empty takes the Store's learner id; with
	// no Store either, options keep the order they were written in.
	Learner string
	// From is the block to start at (a place kept by the Store); 0 is the
	// beginning.
	From int
	// Lang is the language of the runner's own words (headers, prompts,
	// quiz feedback), a language as lang.Match returns it; empty or any
	// other means English. Messages to Err stay English.
	Lang string

	Lesson *Lesson // the lesson to run
	Total  int     // how many lessons there are, for "Lesson 3 of 10"; 0 omits it
}

// Result says how a run ended.
type Result struct {
	// Completed is true when the run reached the end of the lesson and
	// false when the learner quit first.
	Completed bool
	// Taken is true when the learner went through the whole lesson on a
	// terminal: the lesson is then marked done.
	Taken bool
}

// errQuit ends a run early when the learner types q.
var errQuit = errors.New("quit")

// Run shows one lesson. Interactive runs wait for Enter between sections,
// before each demo and after each answer, so nothing unread scrolls away;
// quizzes take an answer by number and a wrong answer can be retried. If the
// input reaches EOF mid-lesson, the rest is shown as in a non-interactive
// run. At the end the lesson's summary has been shown and the lesson is
// marked done.
//
// Run returns an error only when ctx ends (the learner pressed Ctrl-C) or
// when o has no Lesson; a failing demo is reported and the lesson goes on.
func Run(ctx context.Context, o RunOptions) (Result, error) {
	if o.Lesson == nil {
		return Result{}, errors.New("run lesson: no lesson given")
	}
	r := newRunner(o)
	err := r.run(ctx)
	if errors.Is(err, errQuit) {
		r.printf("\n")
		r.sayLine("Stopped. Continue where you stopped with: %s", unbroken(r.command("learn")))
		return Result{}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return Result{Completed: true, Taken: r.interactive}, nil
}

type runner struct {
	o           RunOptions
	out, err    io.Writer
	interactive bool
	md          *markdown
	in          *tty.Input
	say         lang.Text // the runner\'s own words, in o.Lang
	prog        string    // see RunOptions.Program
	learner     string    // seeds the quizzes' order; "" keeps it

	quizNum, quizTotal int
	skipNext           bool // the learner typed s before a demo
	toldNotesLanguage  bool // the diagrams' languages have been said
	width              int  // columns the runner's own lines wrap at

	werr error // the first failed write to out
}

// diagramsLanguage is said once a lesson, before its first demo, in any
// language but English: the diagrams speak the learner's language, except
// the protocol's own words (header and field names, methods, opcodes),
// which stay as the protocol spells them.
const diagramsLanguage lang.Msg = "(Diagrams: explanations in your language; the protocol's own names and labels in English.)"

func newRunner(o RunOptions) *runner {
	r := &runner{o: o, out: o.Out, err: o.Err, interactive: o.Interactive, say: lang.For(o.Lang)}
	if r.out == nil {
		r.out = io.Discard
	}
	if r.err == nil {
		r.err = io.Discard
	}
	width := o.Width
	if width <= 0 {
		width = DefaultWidth
	}
	if width < 20 {
		width = 20
	}
	r.width = width
	r.prog = o.Program
	if r.prog == "" {
		r.prog = "wsdemo"
	}
	r.md = newMarkdown(width, o.Interactive && o.Color, o.Theme, r.prog)
	r.in = o.In
	r.learner = o.Learner
	if r.learner == "" && o.Store != nil {
		r.learner = o.Store.Learner()
	}
	r.quizTotal = len(o.Lesson.Quizzes())
	return r
}

// command returns a wsdemo command line as the learner can type it:
// command("learn", "2") is "wsdemo learn 2" or "go run ./cmd/wsdemo learn 2".
func (r *runner) command(args ...string) string {
	return commandLine(r.prog, args)
}

// printf writes to the lesson's output. The first write that fails (a
// closed pipe: wsdemo learn 1 | head) is kept, and run stops at it rather
// than print the rest of the lesson to nobody.
func (r *runner) printf(format string, args ...any) {
	if _, err := fmt.Fprintf(r.out, format, args...); err != nil && r.werr == nil {
		r.werr = err
	}
}

// sayLine prints one of the runner's own messages (not Markdown) on its own
// line, wrapped between words to the width, so a narrow terminal does not
// break it mid-word.
func (r *runner) sayLine(format lang.Msg, args ...any) {
	r.printf("%s\n", strings.Join(wrapWords(r.say.F(format, args...), r.width), "\n"))
}

// ask prints a prompt (it ends with "> " and waits on that line), wrapped
// to the width between its key groups ("[Enter] run …", "[q] quit"), which
// are two spaces apart: a group, and the command in it, is never broken.
func (r *runner) ask(prompt string) {
	r.printf("%s ", strings.Join(wrapGroups(strings.TrimSuffix(prompt, " "), r.width-1), "\n"))
}

func (r *runner) run(ctx context.Context) error {
	l := r.o.Lesson
	r.header(l)
	from := r.o.From
	if from < 0 || from >= len(l.Blocks) {
		from = 0
	}
	if from > 0 {
		for _, b := range l.Blocks[:from] {
			if b.Kind == Quiz {
				r.quizNum++
			}
		}
		r.sayLine("Continuing where you stopped: %s", l.SectionTitle(from))
		if l.Blocks[from].Kind != Text {
			if err := r.pause(ctx, from, l.Blocks[from]); err != nil {
				return err
			}
		} else {
			r.printf("\n")
		}
	}
	for i := from; i < len(l.Blocks); i++ {
		b := l.Blocks[i]
		if err := ctx.Err(); err != nil {
			return err
		}
		r.keepPlace(i)
		if r.werr != nil {
			return fmt.Errorf("write lesson: %w", r.werr)
		}
		switch b.Kind {
		case Text:
			r.printf("%s", r.md.render(b.Text))
		case Demo:
			if err := r.demo(ctx, b); err != nil {
				return err
			}
		case Quiz:
			if err := r.quiz(ctx, b.Quiz); err != nil {
				return err
			}
		}
		// A section that is only a heading ("## Check yourself") belongs to
		// what follows it: no waiting in between.
		switch {
		case i+1 == len(l.Blocks):
		case r.interactive && b.Kind == Text && headingOnly(b.Text):
			r.printf("\n")
		default:
			if err := r.pause(ctx, i+1, l.Blocks[i+1]); err != nil {
				return err
			}
		}
	}
	r.finish(l)
	return nil
}

// keepPlace records, in an interactive run, that the learner is at block i:
// quitting (or Ctrl-C) there and coming back resumes there.
func (r *runner) keepPlace(i int) {
	if r.interactive && r.o.Store != nil {
		r.o.Store.SetPosition(Position{Lesson: r.o.Lesson.Slug, Block: i, Section: r.o.Lesson.SectionTitle(i)})
	}
}

// headingOnly reports whether a section holds nothing but its heading.
func headingOnly(text string) bool {
	return !strings.Contains(strings.TrimSpace(text), "\n") && headingLevel(text) > 0
}

func (r *runner) header(l *Lesson) {
	parts := []string{r.say.F("Lesson %d", l.Number)}
	if r.o.Total > 0 {
		parts[0] = r.say.F("Lesson %d of %d", l.Number, r.o.Total)
	}
	parts = append(parts, r.say.F("about %d minutes", l.Minutes))
	if r.interactive {
		parts = append(parts, r.say.F("Enter to go on, q to quit"))
	}
	// Broken between its parts, never inside one, on a narrow terminal.
	r.printf("%s\n\n", strings.Join(wrapAt(strings.Join(parts, " · "), " · ", r.width-1), "\n"))
}

// pause waits for Enter before block i, next. In a non-interactive run it
// only leaves a blank line. Before a demo, "s" skips it. q quits, and the
// place kept is block i: the learner has read everything before it.
func (r *runner) pause(ctx context.Context, i int, next Block) error {
	if !r.interactive {
		r.printf("\n")
		return nil
	}
	var prompt string
	switch next.Kind {
	case Demo:
		prompt = r.say.F("[Enter] run %s  [s] skip  [q] quit > ", r.command(next.Args...))
	case Quiz:
		prompt = r.say.F("[Enter] quiz: question %d of %d  [q] quit > ", r.quizNum+1, r.quizTotal)
	default:
		prompt = r.say.F("[Enter] continue  [q] quit > ")
	}
	r.printf("\n")
	r.ask(prompt)
	line, err := r.readLine(ctx)
	if err != nil {
		return err
	}
	if !r.interactive {
		return nil // input ended: toPlain has said so and left a blank line
	}
	r.printf("\n")
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "q", "quit", "exit":
		r.keepPlace(i)
		return errQuit
	case "s", "skip":
		if next.Kind == Demo {
			r.skipNext = true
		}
	}
	return nil
}

// readLine reads one line of input. At EOF the run stops being interactive:
// the rest of the lesson is printed without waiting.
func (r *runner) readLine(ctx context.Context) (string, error) {
	if r.in == nil {
		r.toPlain()
		return "", nil
	}
	line, err := readAnswer(ctx, r.in)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		// EOF, or input that cannot be read: never a reason to fail.
		r.toPlain()
		return "", nil
	}
	return line, nil
}

// readChoice reads a quiz answer. On a terminal one key is the answer (a
// digit, h, a or q), taken as it is pressed, without Enter, and echoed;
// input that is not a terminal (a pipe, a file) is read a line at a time,
// as are quizzes of more than nine options, whose numbers take two keys.
func (r *runner) readChoice(ctx context.Context, n int) (string, error) {
	if r.in == nil || !r.in.Terminal() || n > 9 {
		return r.readLine(ctx)
	}
	restore := r.in.Raw()
	defer restore()
	if !r.in.KeysAtOnce() { // the terminal could not be set: lines it is
		return r.readLine(ctx)
	}
	for {
		k, err := r.in.ReadKey(ctx)
		if err != nil || k.Code == tty.KeyEOF {
			r.printf("\n")
			if err != nil && (ctx.Err() != nil || errors.Is(err, tty.ErrInterrupted)) {
				return "", err
			}
			r.toPlain() // the input ended
			return "", nil
		}
		if k.Code == tty.KeyRune {
			r.printf("%c\n", k.Rune)
			return string(k.Rune), nil
		}
		// Enter (typed by habit after a digit), arrows, Tab and the like
		// answer nothing: wait for a key that does.
	}
}

func (r *runner) toPlain() {
	if !r.interactive {
		return
	}
	r.interactive = false
	r.printf("\n")
	r.sayLine("(No more input: showing the rest of the lesson without stopping.)")
	r.printf("\n")
}

func (r *runner) demo(ctx context.Context, b Block) error {
	cmd := r.command(b.Args...)
	if r.skipNext {
		r.skipNext = false
		r.sayLine("Skipped. Run it yourself any time: %s", unbroken(cmd))
		return nil
	}
	if v := r.o.ValidateDemoArgs; v != nil {
		if err := v(append([]string(nil), b.Args...)); err != nil {
			fmt.Fprintf(r.err, "wsdemo: lesson %s: demo %q is not a valid command: %v\n", r.o.Lesson.File, cmd, err)
			r.sayLine("(This demo could not run: %s)", unbroken(cmd))
			return nil
		}
	}
	if r.o.Demo == nil {
		r.printf("$ %s\n", cmd)
		r.sayLine("(The demo is not available here. Run it yourself: %s)", unbroken(cmd))
		return nil
	}
	if !r.toldNotesLanguage && r.say.Lang() != lang.English {
		r.toldNotesLanguage = true
		r.sayLine(diagramsLanguage)
	}
	r.printf("$ %s\n", cmd)
	err := r.o.Demo(ctx, append([]string(nil), b.Args...), r.out)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, ErrDemoStopped) {
		r.sayLine("Demo stopped. Run it again any time: %s", unbroken(cmd))
		return nil
	}
	if errors.Is(err, syscall.EPIPE) {
		return err // the reader went away: the lesson stops with the demo
	}
	if err != nil {
		fmt.Fprintf(r.err, "wsdemo: demo %q failed: %v\n", cmd, err)
		r.sayLine("(The demo did not finish. The lesson goes on; try it again later with: %s)", unbroken(cmd))
	}
	return nil
}

func (r *runner) quiz(ctx context.Context, q *QuizBlock) error {
	r.quizNum++
	order := r.order(q)
	if !r.interactive {
		r.quizPlain(q, order)
		return nil
	}
	var md strings.Builder
	fmt.Fprintf(&md, "%s %s\n\n", r.strong(r.say.F("Question %d of %d.", r.quizNum, r.quizTotal)), q.Question)
	for i, k := range order {
		fmt.Fprintf(&md, "%d. %s\n", i+1, q.Options[k].Text)
	}
	r.printf("%s", r.md.render(md.String()))

	n := len(q.Options)
	wrong := 0
	for {
		prompt := r.say.F("Your answer [1-%d]  [h] hint  [q] quit > ", n)
		if wrong >= 2 {
			prompt = r.say.F("Your answer [1-%d]  [a] show the answer  [h] hint  [q] quit > ", n)
		}
		r.printf("\n")
		r.ask(prompt)
		line, err := r.readChoice(ctx, n)
		if err != nil {
			return err
		}
		if !r.interactive { // input ended: show the answer and go on
			r.answerPlain(q, order)
			return nil
		}
		t := strings.ToLower(strings.TrimSpace(line))
		switch t {
		case "q", "quit", "exit":
			return errQuit
		case "h", "hint", "?":
			if q.Hint != "" {
				r.printf("%s", r.md.render(r.say.F("Hint:")+" "+q.Hint))
			} else {
				r.printf("%s", r.md.render(r.say.F("No hint for this one. Read each option slowly and ask: is this always true?")))
			}
			continue
		case "":
			r.sayLine("Type the number of your answer, from 1 to %d.", n)
			continue
		case "a", "answer":
			if wrong >= 2 {
				shown := slices.Index(order, q.Answer()) + 1
				o := q.Options[q.Answer()]
				r.printf("\n%s", r.md.render(r.say.F("The answer: %d) %s", shown, o.Text)+"\n\n✓ "+o.Why))
				return nil
			}
		}
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(t, ")"), "."))
		if err != nil || k < 1 || k > n {
			r.sayLine("%q is not one of the answers: type a number from 1 to %d.", line, n)
			continue
		}
		o := q.Options[order[k-1]]
		if o.Right {
			r.printf("\n%s", r.md.render("✓ "+r.strong(r.say.F("Right."))+" "+o.Why))
			return nil
		}
		wrong++
		next := r.say.F("Try another answer.")
		if wrong >= 2 {
			next = r.say.F("Try another answer, or type a to see the right one and why.")
		}
		r.printf("\n%s", r.md.render("✗ "+r.strong(r.say.F("Not quite."))+" "+o.Why+"\n\n"+next))
	}
}

// order returns the order to show q's options in: order[i] is the index in
// q.Options of the option shown as number i+1. It is drawn for the learner,
// and the same every time for the same learner and quiz (a retry, a resumed
// lesson and a piped copy agree), and in every language, since translations
// keep their options in the same order. Without a learner it is the
// authored order.
//
// The right answer's place is dealt per lesson: the lesson's quizzes take
// the places of one shuffled deal (0, 1, 2 ... in some order, wrapped to
// each quiz's number of options), so one learner's right answers spread
// over the places instead of piling up where chance, or the author, put
// them. The other options are shuffled around it.
func (r *runner) order(q *QuizBlock) []int {
	n := len(q.Options)
	order := make([]int, 0, n)
	if r.learner == "" || r.quizNum < 1 {
		for i := range n {
			order = append(order, i)
		}
		return order
	}
	base := r.learner + "/" + r.o.Lesson.Slug
	deal := make([]int, max(len(r.o.Lesson.Quizzes()), r.quizNum))
	for i := range deal {
		deal[i] = i
	}
	shuffle(deal, base)
	place := deal[r.quizNum-1] % n
	answer := q.Answer()
	others := make([]int, 0, n)
	for i := range n {
		if i != answer {
			others = append(others, i)
		}
	}
	shuffle(others, base+"/"+strconv.Itoa(r.quizNum))
	order = append(order, others[:place]...)
	order = append(order, answer)
	return append(order, others[place:]...)
}

// strong marks s as bold Markdown when there is colour to show it; plain
// output would print the asterisks.
func (r *runner) strong(s string) string {
	if r.o.Color {
		return "**" + s + "**"
	}
	return s
}

// quizPlain prints a question with its options and the right answer.
func (r *runner) quizPlain(q *QuizBlock, order []int) {
	r.hanging(r.say.F("Question %d of %d:", r.quizNum, r.quizTotal)+" ", q.Question, "")
	for i, k := range order {
		r.hanging(fmt.Sprintf("  %d) ", i+1), q.Options[k].Text, "     ")
	}
	r.answerPlain(q, order)
}

func (r *runner) answerPlain(q *QuizBlock, order []int) {
	k := q.Answer()
	if k < 0 {
		return
	}
	o := q.Options[k]
	r.hanging(fmt.Sprintf("%s %d) ", r.say.F("Answer:"), slices.Index(order, k)+1), o.Text, "")
	r.hanging("  "+r.say.F("Why:")+" ", o.Why, "  ")
}

// hanging prints head and then s, wrapped to the width between words, the
// lines after the first indented by indent.
func (r *runner) hanging(head, s, indent string) {
	r.printf("%s\n", strings.Join(wrapHanging(head, s, indent, r.width), "\n"))
}

func (r *runner) finish(l *Lesson) {
	r.printf("\n")
	if !r.interactive {
		// Printed, not taken: nothing is marked (learn 3 > notes.txt).
		r.sayLine("(Printed only: a lesson counts as done when you go through it on a terminal, with %s.)", unbroken(r.command("learn", strconv.Itoa(l.Number))))
		return
	}
	r.sayLine("✓ Lesson %d done: %s", l.Number, l.Title)
	if r.o.Store != nil {
		r.o.Store.MarkDone(l.Slug)
	}
}

// maxAnswer bounds a line the learner types at a prompt: an answer is a
// number or a word; a longer line (a paste) is no answer, and is dropped.
const maxAnswer = 4 << 10

// readAnswer reads one line from in. A line too long to be an answer reads
// as an empty one.
func readAnswer(ctx context.Context, in *tty.Input) (string, error) {
	line, err := in.ReadLine(ctx, maxAnswer)
	var long tty.LineTooLongError
	if errors.As(err, &long) {
		return "", nil
	}
	if err != nil && !errors.Is(err, io.EOF) && ctx.Err() == nil {
		return "", fmt.Errorf("read input: %w", err)
	}
	return line, err
}
