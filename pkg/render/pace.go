package render

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// ErrStopped is what Render returns when the learner typed q (or quit, or
// exit) at a step instead of pressing Enter: stop the demo here. The caller
// then stops the scenario; it is the learner's choice, not a failure.
var ErrStopped = errors.New("demo stopped")

// DefaultStepPrompt is the line Pretty shows on a terminal while Step waits,
// said in Options.Lang. The narrowest diagram leaves it 34 columns.
const DefaultStepPrompt lang.Msg = "⏎ Enter: next step · q: stop demo"

// stopWords are the lines that stop a stepped demo: the words that quit
// everywhere else in wsdemo (a lesson's prompts).
var stopWords = []string{"q", "quit", "exit"}

// pacer holds Render back between events: Delay sleeps, Step waits for Enter.
// Both honour ctx, so Ctrl-C ends a paused demo at once.
type pacer struct {
	delay time.Duration
	in    io.Reader
	// echo says In is a terminal that echoes the Enter press and Out a
	// terminal too, so a prompt can be shown and drawn over afterwards.
	echo bool

	want  chan struct{}   // asks the reader goroutine for one line
	lines chan lineResult // its answer: a line, or why there is none
	eof   bool            // In is exhausted: no Enter will ever come
	// newline says the last line read ended with Enter, whose echo moved
	// the cursor below the prompt (q then Ctrl-D does not).
	newline bool
}

func newPacer(o Options) *pacer {
	p := &pacer{delay: o.Delay}
	if o.Step && o.In != nil {
		p.in = o.In
		if f, ok := o.In.(*os.File); ok && o.canPrompt() && term.IsTerminal(int(f.Fd())) {
			p.echo = true
		}
	}
	return p
}

// canPrompt says the output is a terminal where a step prompt can be drawn
// and erased: always in Pretty mode, in Plain mode when Out is a terminal
// (NO_COLOR takes away colour, not the prompt), never in JSON.
func (o Options) canPrompt() bool {
	return o.Mode == Pretty || (o.Mode == Plain && o.OutTerminal)
}

// stepped says whether an event waits for Enter. TCP lines are scenery; the
// learner steps through the things worth reading.
func stepped(k trace.Kind) bool {
	return k != trace.KindTCPConnect && k != trace.KindTCPClose
}

// wait paces event i of kind k. When a terminal will echo the Enter press it
// first calls prompt, so the learner knows the demo is waiting. A stop word
// instead of Enter returns ErrStopped.
func (p *pacer) wait(ctx context.Context, i int, k trace.Kind, prompt func() error) error {
	if p.delay > 0 && i > 0 {
		t := time.NewTimer(p.delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	if p.in == nil || !stepped(k) {
		return nil
	}
	if p.eof {
		// In has ended (Ctrl-D, or a closed pipe): no Enter can come any
		// more, so the rest is drawn unpaced rather than hanging.
		return nil
	}
	if p.echo {
		if err := prompt(); err != nil {
			return err
		}
	}
	if p.want == nil {
		p.want = make(chan struct{})
		p.lines = make(chan lineResult, 1) // buffered: an answer after Render returned must not block
		go readLines(p.in, p.want, p.lines)
	}
	select {
	case p.want <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case res := <-p.lines:
		if res.err != nil {
			p.eof = true // see above: go on unpaced
		}
		p.newline = res.err == nil
		for _, w := range stopWords {
			if strings.EqualFold(strings.TrimSpace(res.line), w) {
				return ErrStopped
			}
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop ends the reader goroutine once its current read (if any) returns.
func (p *pacer) stop() {
	if p.want != nil {
		close(p.want)
	}
}

// readLines reads one line from in per request on want. It reads a byte at a
// time and only on request, so it never swallows input meant for whoever
// reads In after the demo (a lesson's quiz). A read already blocked when
// Render returns ends with the next line or EOF; an io.Reader offers no way
// to cancel it sooner.
func readLines(in io.Reader, want <-chan struct{}, lines chan<- lineResult) {
	for range want {
		res := readLine(in)
		lines <- res
		if res.err != nil {
			return
		}
	}
}

// lineResult is one line read for a step (without its newline), or the
// error that ended the input. A last line without its newline comes with
// its text and the error.
type lineResult struct {
	line string
	err  error
}

// maxStepLine bounds what a step keeps of a line: enough to recognise a
// stop word, never a memory sink for a long paste.
const maxStepLine = 64

func readLine(in io.Reader) lineResult {
	var b [1]byte
	var line []byte
	got := false
	for {
		n, err := in.Read(b[:])
		if n == 1 {
			if b[0] == '\n' {
				return lineResult{line: string(line)}
			}
			got = true
			if len(line) < maxStepLine {
				line = append(line, b[0])
			}
		}
		if err != nil {
			if got && err == io.EOF {
				// A last line without its newline still counts, and
				// nothing more can come.
				return lineResult{line: string(line), err: err}
			}
			return lineResult{err: err}
		}
	}
}
