package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"wsdemo/internal/testkit"
	"wsdemo/internal/tty"
	"wsdemo/pkg/trace"
)

func steppedEvents() *trace.Recorder {
	return notes("first-note", "second-note", "third-note")
}

func notes(ns ...string) *trace.Recorder {
	rec := trace.NewRecorder()
	for _, note := range ns {
		rec.Emit(trace.Event{Kind: trace.KindNote, Note: note})
	}
	rec.Close()
	return rec
}

// q at a step stops the demo: Render closes the diagram, returns ErrStopped
// and leaves the rest of the input to whoever reads it next (the lesson).
// Keys act at once on a terminal; from input read a line at a time, the
// line says it (q, quit, exit).
func TestStepStopWord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   *tty.Input
		name string
		stop bool
	}{
		{tty.NewInput(strings.NewReader("\nq\nafter\n")), "q line", true},
		{tty.NewInput(strings.NewReader("\nQ\nafter\n")), "Q line", true},
		{tty.NewInput(strings.NewReader("\n quit \nafter\n")), "quit", true},
		{tty.NewInput(strings.NewReader("\nexit\r\nafter\n")), "exit", true},
		{tty.NewInput(strings.NewReader("\nqq\nafter\n")), "qq", false},
		{tty.NewInput(strings.NewReader("\nq!\nafter\n")), "q!", false},
		{tty.NewInput(strings.NewReader("\n\n\nafter\n")), "Enters", false},
		{tty.FakeTerminal(strings.NewReader(" qafter\n")), "space, q key", true},
		{tty.FakeTerminal(strings.NewReader("\rxyz\r\rafter\n")), "keys that do nothing", false},
	} {
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := Render(ctx, steppedEvents(), Options{Out: &out, In: tc.in, Mode: Plain, Step: true})
		cancel()
		got := out.String()
		if tc.stop {
			if !errors.Is(err, ErrStopped) {
				t.Errorf("%s: Render = %v, want ErrStopped", tc.name, err)
			}
			if !strings.Contains(got, "first-note") || strings.Contains(got, "second-note") {
				t.Errorf("%s: drew the wrong events:\n%s", tc.name, got)
			}
			if !strings.HasSuffix(strings.TrimRight(got, "\n"), "┴") {
				t.Errorf("%s: the lifelines are not closed:\n%s", tc.name, got)
			}
			if rest, _ := tc.in.ReadLine(context.Background(), 100); rest != "after" {
				t.Errorf("%s: input left = %q, want %q", tc.name, rest, "after")
			}
			continue
		}
		if err != nil || !strings.Contains(got, "third-note") {
			t.Errorf("%s: Render = %v, want the whole demo:\n%s", tc.name, err, got)
		}
	}
}

// A last line without its newline is read as typed: q then Ctrl-D stops.
func TestStepStopWordAtEndOfInput(t *testing.T) {
	t.Parallel()
	err := Render(context.Background(), steppedEvents(), Options{In: tty.NewInput(strings.NewReader("\nq")), Mode: Plain, Step: true})
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("Render = %v, want ErrStopped", err)
	}
}

// stepTerminal renders evs at a fake 80×height terminal whose keys come from
// typed, one key at a time: it types the next key only once Render waits at
// a prompt. It returns the screen as written, and the prompts seen.
func stepTerminal(t *testing.T, evs *trace.Recorder, height int, typed string, o Options) (string, error) {
	t.Helper()
	pr, pw := io.Pipe()
	var out testkit.SyncBuffer
	o.Out, o.In, o.Mode, o.OutTerminal, o.Step, o.Height = &out, tty.FakeTerminal(pr), Plain, true, true, height
	done := make(chan error, 1)
	go func() { done <- Render(context.Background(), evs, o); pw.Close() }()
	prompts := 0
	for _, k := range typed {
		// Wait for the next prompt: a key typed ahead would act all the
		// same, but the screen is easier to check one step at a time.
		waitFor(t, done, func() bool { return strings.Count(out.String(), "⏎ ") > prompts })
		prompts++
		if _, err := io.WriteString(pw, string(k)); err != nil {
			break // Render has ended
		}
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("Render did not end; screen:\n%s", out.String())
	}
	return out.String(), err
}

func waitFor(t *testing.T, done chan error, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		select {
		case err := <-done:
			done <- err // Render ended: let the caller see it
			return
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for a prompt")
		}
		time.Sleep(time.Millisecond)
	}
}

// Keys act at once (no Enter after them): b draws the step before again,
// Enter then goes forward through what was drawn before drawing anything
// new, and the key list is shown once, before the first prompt.
func TestStepBackAndForward(t *testing.T) {
	t.Parallel()
	screen, err := stepTerminal(t, notes("n-one", "n-two", "n-three"), 24, "\r\rbb\r\r\r", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, l := range strings.Split(screen, "\n") {
		for _, w := range []string{"n-one", "n-two", "n-three", "↶ back to step 1", "↶ back to step 2", "↷ step 2 again", "↷ step 1 again"} {
			if strings.Contains(l, w) {
				order = append(order, w)
			}
		}
	}
	want := "n-one|n-two|↶ back to step 1|n-one|↷ step 2 again|n-two|n-three"
	if got := strings.Join(order, "|"); got != want {
		t.Errorf("drawn in the order %s, want %s:\n%s", got, want, screen)
	}
	if n := strings.Count(screen, "Keys: Enter or space"); n != 1 {
		t.Errorf("the key list is shown %d times, want once:\n%s", n, screen)
	}
}

// c runs to the end without another prompt; ? shows the key list again.
func TestStepRunToTheEnd(t *testing.T) {
	t.Parallel()
	screen, err := stepTerminal(t, notes("n-one", "n-two", "n-three", "n-four"), 24, "\r?c", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(screen, "n-four") {
		t.Fatalf("c did not run to the end:\n%s", screen)
	}
	if n := strings.Count(screen, "⏎ "); n != 3 {
		t.Errorf("%d prompts, want 3 (the first step, again after ?, the second)", n)
	}
	if n := strings.Count(screen, "Keys: Enter or space"); n != 2 {
		t.Errorf("the key list is shown %d times, want twice (once, then on ?)", n)
	}
	if !strings.HasSuffix(strings.TrimRight(screen, "\n"), "┴") {
		t.Errorf("the diagram is not closed:\n%s", screen)
	}
}

// tall is a message with many annotated fields: taller than a 24-line
// screen drawn whole.
func tall() trace.Event {
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /tall", Conn: 1,
		Note: "The note stays whole in the compact view."}
	for i := range 12 {
		e.Fields = append(e.Fields, trace.Field{Name: fmt.Sprintf("Header-%02d", i), Value: "some value",
			Meaning: "a meaning long enough to wrap over two lines or more of the table at eighty columns wide"})
	}
	return e
}

// A step taller than the screen is drawn compact, one line per field, with
// the prompt saying v shows it whole; v draws the whole step over the
// compact one.
func TestStepCompactAndWhole(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	rec.Emit(tall())
	rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-after"})
	rec.Close()
	screen, err := stepTerminal(t, rec, 24, "\rv\r", Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Index(screen, "#1 ") // the line above the arrow starts the step
	whole := strings.LastIndex(screen, "GET /tall")
	if first < 0 || whole < 0 || strings.Count(screen, "GET /tall") != 2 {
		t.Fatalf("the step is not drawn twice (compact, then whole):\n%s", screen)
	}
	compact, rest := screen[first:], screen[whole:]
	compact = compact[:strings.Index(compact, "⏎")]
	if n := strings.Count(compact, "\n"); n+2 > 24 {
		t.Errorf("the compact step takes %d lines:\n%s", n, compact)
	}
	if !strings.Contains(screen, "⏎ next · v: whole step · ? keys") {
		t.Errorf("the prompt of a compact step does not name v:\n%s", screen)
	}
	if !strings.Contains(compact, "Header-11") || !strings.Contains(compact, "The note stays whole in the compact view.") {
		t.Errorf("the compact step lacks a field or its note:\n%s", compact)
	}
	if !strings.Contains(rest, "or more of the table at eighty columns wide") {
		t.Errorf("v did not draw the whole step:\n%s", rest)
	}
	// Drawn over the compact view: back up its lines, then clear below.
	up := strings.Count(compact, "\n")
	if !strings.Contains(screen, fmt.Sprintf("\r\x1b[2K\x1b[%dA\r\x1b[J", up)) {
		t.Errorf("v did not go back up %d lines to draw over the compact step:\n%q", up, screen)
	}
}

// --verbose asks for everything: no compact view.
func TestStepVerboseIsNeverCompact(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	rec.Emit(tall())
	rec.Close()
	screen, err := stepTerminal(t, rec, 24, "\r", Options{Verbose: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(screen, "GET /tall") != 1 || !strings.Contains(screen, "or more of the table at eighty columns wide") {
		t.Errorf("a verbose step is not whole:\n%s", screen)
	}
}

// The prompt fits the narrowest diagram, in the reader's language.
func TestStepPrompt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		words, want string // words: the language
		width       int
	}{
		{"", string(DefaultStepPrompt), 40},
		{"", string(DefaultStepPrompt), 100},
		{"pt-BR", "⏎ avançar · ? teclas", 40},
	} {
		var out bytes.Buffer
		r := New(Options{Out: &out, Mode: Plain, Width: tc.width, Lang: tc.words})
		if err := r.Event(trace.Event{Kind: trace.KindNote, Note: "n"}); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := r.prompt(); err != nil {
			t.Fatal(err)
		}
		p := out.String()
		if strings.Contains(p, "\n") || !strings.Contains(p, tc.want) {
			t.Errorf("prompt %q at %d columns: %q, want one line with %q", tc.words, tc.width, p, tc.want)
		}
		if w := textWidth(p) + 1; w > tc.width { // + the cursor
			t.Errorf("prompt %q is %d columns with the cursor, wider than %d", p, w, tc.width)
		}
	}
}

// Keys are read unechoed: after q the cursor is still on the prompt's line,
// and closing clears that line, so no stale prompt stays on screen.
func TestStepStopClearsPrompt(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := New(Options{Out: &out, Mode: Pretty, Width: 60})
	if err := r.Event(trace.Event{Kind: trace.KindNote, Note: "n"}); err != nil {
		t.Fatal(err)
	}
	if err := r.prompt(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "\r\x1b[2K") {
		t.Errorf("after q: %q, want it to start by clearing the prompt's line", got)
	}
}

// Nothing a step draws moves the cursor up past what it drew itself: an
// Enter typed ahead used to make the next event climb over the line above
// the prompt (the lesson's "$ wsdemo http", the diagram's header).
func TestStepTypedAheadKeepsTheLinesAbove(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	in := tty.FakeTerminal(strings.NewReader("\r\r\r\r"))
	if err := Render(context.Background(), steppedEvents(), Options{Out: &out, In: in, Mode: Plain, OutTerminal: true, Step: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "\x1b[1A") {
		t.Errorf("a step moved the cursor up:\n%q", out.String())
	}
}

// A learner stepping with NO_COLOR on a terminal still sees the prompt;
// output that is not a terminal, or JSON, never gets one.
func TestCanPrompt(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want bool
	}{
		{Options{Mode: Pretty}, true},
		{Options{Mode: Plain, OutTerminal: true}, true},
		{Options{Mode: Plain}, false},
		{Options{Mode: JSON, OutTerminal: true}, false},
	} {
		if got := tc.o.canPrompt(); got != tc.want {
			t.Errorf("mode %v, out terminal %v: canPrompt = %v, want %v", tc.o.Mode, tc.o.OutTerminal, got, tc.want)
		}
	}
}

// A key that draws nothing (b at the first step, a key with no meaning)
// leaves one prompt on its line, not a second one after it.
func TestStepKeyThatDoesNothingKeepsOnePrompt(t *testing.T) {
	t.Parallel()
	screen, err := stepTerminal(t, notes("n-one", "n-two"), 24, "\rbx\r", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(screen, "? keys  │ ⏎") {
		t.Errorf("a prompt drawn after another on the same line:\n%q", screen)
	}
}

// Whether a step fits counts what will be drawn below it before the next
// step, when the scenario has already recorded it: a step followed by long
// TCP lines is drawn compact, the same step followed by nothing is whole.
func TestStepCountsTheLinesBelowIt(t *testing.T) {
	t.Parallel()
	step := tall()
	step.Fields = step.Fields[:5] // 13 lines whole, 8 compact
	tcp := trace.Event{Kind: trace.KindTCPClose, Conn: 1, From: trace.Client, To: trace.Server, Summary: "TCP connection #1 closed by the client",
		Note: "A note long enough to take three lines of the diagram at eighty columns: it says why the connection closed, and who " +
			"closed it first, and what the other side did then, which is what a TCP line's note says."}
	for _, tc := range []struct {
		name    string
		after   []trace.Event
		compact bool
	}{
		{"nothing below", nil, false},
		{"three TCP lines below", []trace.Event{tcp, tcp, tcp}, true},
	} {
		rec := trace.NewRecorder()
		rec.Emit(step)
		for _, e := range tc.after {
			rec.Emit(e)
		}
		rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-next"})
		rec.Close()
		screen, err := stepTerminal(t, rec, 24, "\r\r", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(screen, "v: whole step"); got != tc.compact {
			t.Errorf("%s: drawn compact %v, want %v:\n%s", tc.name, got, tc.compact, screen)
		}
	}
}
