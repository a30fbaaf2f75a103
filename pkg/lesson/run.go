package lesson

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"syscall"
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
	In       io.Reader // the learner's answers and Enters; nil is at EOF
	Out, Err io.Writer // nil discards

	// Interactive: show one section at a time and wait for Enter, ask the
	// quizzes. Otherwise (stdin piped or at EOF) print the whole lesson as
	// plain text, run the demos, print each question with its answer.
	Interactive bool
	Color       bool // colour the rendered text (interactive only)
	Width       int  // columns for wrapping; 0 means DefaultWidth
	// Style is a glamour standard style ("dark", "light", "notty", ...)
	// for interactive runs with Color. Empty picks dark or light from the
	// terminal's background.
	Style string

	Demo DemoFunc // runs the inline demos; nil prints the command instead
	// ValidateDemoArgs, if set, is asked before each demo runs; a demo it
	// rejects is reported and skipped.
	ValidateDemoArgs func(args []string) error

	Store *Store // where the lesson is marked done; nil saves nothing
	// Lang is the language of the runner's own words (headers, prompts,
	// quiz feedback; see words.go), matched as loosely as Load matches
	// lesson directories. Empty or unknown means English. Messages to Err
	// stay English.
	Lang string

	Lesson *Lesson // the lesson to run
	Total  int     // how many lessons there are, for "Lesson 3 of 10"; 0 omits it
}

// Result says how a run ended.
type Result struct {
	// Completed is true when the learner reached the end (the lesson is then
	// marked done) and false when they quit first.
	Completed bool
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
		r.printf("\n"+r.say.stopped+"\n", o.Lesson.Number)
		return Result{}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return Result{Completed: true}, nil
}

type runner struct {
	o           RunOptions
	out, err    io.Writer
	interactive bool
	md          markdown
	in          *lineReader
	say         *words // the runner's phrases, in o.Lang

	quizNum, quizTotal int
	skipNext           bool // the learner typed s before a demo
	toldNotesLanguage  bool // notesInEnglish has been said
	width              int  // columns the runner's own lines wrap at

	werr error // the first failed write to out
}

func newRunner(o RunOptions) *runner {
	r := &runner{o: o, out: o.Out, err: o.Err, interactive: o.Interactive, say: wordsFor(o.Lang)}
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
	if o.Interactive {
		r.md = &glamourMarkdown{out: r.out, warn: r.err, color: o.Color, style: o.Style, width: width}
	} else {
		r.md = plainMarkdown{}
	}
	if o.In != nil {
		r.in = &lineReader{r: bufio.NewReader(o.In)}
	}
	r.quizTotal = len(o.Lesson.Quizzes())
	return r
}

// printf writes to the lesson's output. The first write that fails (a
// closed pipe: wsdemo learn 1 | head) is kept, and run stops at it rather
// than print the rest of the lesson to nobody.
func (r *runner) printf(format string, args ...any) {
	if _, err := fmt.Fprintf(r.out, format, args...); err != nil && r.werr == nil {
		r.werr = err
	}
}

// sayLine prints one of the runner's own messages (not Markdown, which
// glamour wraps) on its own line, wrapped between words to the width, so a
// narrow terminal does not break it mid-word.
func (r *runner) sayLine(format string, args ...any) {
	r.printf("%s\n", strings.Join(wrapWords(fmt.Sprintf(format, args...), r.width), "\n"))
}

func (r *runner) run(ctx context.Context) error {
	l := r.o.Lesson
	r.header(l)
	for i, b := range l.Blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
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
		if i+1 < len(l.Blocks) && !(r.interactive && b.Kind == Text && headingOnly(b.Text)) {
			if err := r.pause(ctx, l.Blocks[i+1]); err != nil {
				return err
			}
		}
	}
	r.finish(l)
	return nil
}

// headingOnly reports whether a section holds nothing but its heading.
func headingOnly(text string) bool {
	return !strings.Contains(strings.TrimSpace(text), "\n") && headingLevel(text) > 0
}

func (r *runner) header(l *Lesson) {
	parts := []string{fmt.Sprintf(r.say.lesson, l.Number)}
	if r.o.Total > 0 {
		parts[0] = fmt.Sprintf(r.say.lessonOf, l.Number, r.o.Total)
	}
	parts = append(parts, fmt.Sprintf(r.say.aboutMinutes, l.Minutes))
	if r.interactive {
		parts = append(parts, r.say.keys)
	}
	r.printf("%s\n\n", strings.Join(parts, " · "))
}

// pause waits for Enter before the next block. In a non-interactive run it
// only leaves a blank line. Before a demo, "s" skips it.
func (r *runner) pause(ctx context.Context, next Block) error {
	if !r.interactive {
		r.printf("\n")
		return nil
	}
	var prompt string
	switch next.Kind {
	case Demo:
		prompt = fmt.Sprintf(r.say.promptDemo, Command(next.Args))
	case Quiz:
		prompt = r.say.promptQuestion
	default:
		prompt = r.say.promptContinue
	}
	r.printf("\n%s", prompt)
	line, err := r.readLine(ctx)
	if err != nil {
		return err
	}
	r.printf("\n")
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "q", "quit", "exit":
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
	line, err := r.in.next(ctx)
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

func (r *runner) toPlain() {
	if !r.interactive {
		return
	}
	r.interactive = false
	r.printf("\n%s\n\n", r.say.noMoreInput)
}

func (r *runner) demo(ctx context.Context, b Block) error {
	cmd := Command(b.Args)
	if r.skipNext {
		r.skipNext = false
		r.sayLine(r.say.demoSkipped, cmd)
		return nil
	}
	if v := r.o.ValidateDemoArgs; v != nil {
		if err := v(append([]string(nil), b.Args...)); err != nil {
			fmt.Fprintf(r.err, "wsdemo: lesson %s: demo %q is not a valid command: %v\n", r.o.Lesson.File, cmd, err)
			r.printf(r.say.demoInvalid+"\n", cmd)
			return nil
		}
	}
	if r.o.Demo == nil {
		r.printf("$ %s\n", cmd)
		r.printf(r.say.demoUnavailable+"\n", cmd)
		return nil
	}
	if !r.toldNotesLanguage && r.say.notesInEnglish != "" {
		r.toldNotesLanguage = true
		r.sayLine("%s", r.say.notesInEnglish)
	}
	r.printf("$ %s\n", cmd)
	err := r.o.Demo(ctx, append([]string(nil), b.Args...), r.out)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, ErrDemoStopped) {
		r.sayLine(r.say.demoStopped, cmd)
		return nil
	}
	if errors.Is(err, syscall.EPIPE) {
		return err // the reader went away: the lesson stops with the demo
	}
	if err != nil {
		fmt.Fprintf(r.err, "wsdemo: demo %q failed: %v\n", cmd, err)
		r.sayLine(r.say.demoFailed, cmd)
	}
	return nil
}

func (r *runner) quiz(ctx context.Context, q *QuizBlock) error {
	r.quizNum++
	if !r.interactive {
		r.quizPlain(q)
		return nil
	}
	var md strings.Builder
	fmt.Fprintf(&md, "%s %s\n\n", r.strong(fmt.Sprintf(r.say.question+".", r.quizNum, r.quizTotal)), q.Question)
	for i, o := range q.Options {
		fmt.Fprintf(&md, "%d. %s\n", i+1, o.Text)
	}
	r.printf("%s", r.md.render(md.String()))

	n := len(q.Options)
	prompt := fmt.Sprintf(r.say.promptAnswer, n)
	for {
		r.printf("\n%s", prompt)
		line, err := r.readLine(ctx)
		if err != nil {
			return err
		}
		if !r.interactive { // input ended: show the answer and go on
			r.answerPlain(q)
			return nil
		}
		t := strings.ToLower(strings.TrimSpace(line))
		switch t {
		case "q", "quit", "exit":
			return errQuit
		case "h", "hint", "?":
			if q.Hint != "" {
				r.printf("%s", r.md.render(r.say.hint+" "+q.Hint))
			} else {
				r.printf("%s", r.md.render(r.say.noHint))
			}
			continue
		case "":
			r.printf(r.say.typeNumber+"\n", n)
			continue
		}
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(t, ")"), "."))
		if err != nil || k < 1 || k > n {
			r.printf(r.say.notAnAnswer+"\n", line, n)
			continue
		}
		o := q.Options[k-1]
		if o.Right {
			r.printf("\n%s", r.md.render("✓ "+r.strong(r.say.right)+" "+o.Why))
			return nil
		}
		r.printf("\n%s", r.md.render("✗ "+r.strong(r.say.notQuite)+" "+o.Why+"\n\n"+r.say.tryAgain))
	}
}

// strong marks s as bold Markdown when there is colour to show it; without
// colour, glamour would print the asterisks.
func (r *runner) strong(s string) string {
	if r.o.Color {
		return "**" + s + "**"
	}
	return s
}

// quizPlain prints a question with its options and the right answer.
func (r *runner) quizPlain(q *QuizBlock) {
	r.printf(r.say.question+": %s\n", r.quizNum, r.quizTotal, q.Question)
	for i, o := range q.Options {
		r.printf("  %d) %s\n", i+1, o.Text)
	}
	r.answerPlain(q)
}

func (r *runner) answerPlain(q *QuizBlock) {
	k := q.Answer()
	if k < 0 {
		return
	}
	o := q.Options[k]
	r.printf("%s %d) %s\n  %s %s\n", r.say.answer, k+1, o.Text, r.say.why, o.Why)
}

func (r *runner) finish(l *Lesson) {
	r.printf("\n✓ "+r.say.lessonDone+"\n", l.Number, l.Title)
	if r.o.Store != nil {
		r.o.Store.MarkDone(l.Slug)
	}
}

// lineReader reads lines from the learner without letting a blocked read
// outlive a cancelled context: the read runs in a goroutine, and a read
// still in flight when ctx ends is picked up by the next call. It reads only
// when asked, so it never swallows input meant for someone else.
type lineReader struct {
	r       *bufio.Reader
	pending chan lineResult
	eof     bool
}

type lineResult struct {
	line string
	err  error
}

func (lr *lineReader) next(ctx context.Context) (string, error) {
	if lr.eof {
		return "", io.EOF
	}
	if lr.pending == nil {
		ch := make(chan lineResult, 1)
		lr.pending = ch
		go func() {
			s, err := lr.r.ReadString('\n')
			ch <- lineResult{s, err}
		}()
	}
	select {
	case res := <-lr.pending:
		lr.pending = nil
		if res.err != nil {
			lr.eof = true
			if res.line != "" && errors.Is(res.err, io.EOF) {
				return strings.TrimRight(res.line, "\r\n"), nil // a last line without newline
			}
			if errors.Is(res.err, io.EOF) {
				return "", io.EOF
			}
			return "", fmt.Errorf("read input: %w", res.err)
		}
		return strings.TrimRight(res.line, "\r\n"), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
