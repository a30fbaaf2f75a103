package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
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
// The first step is drawn before the first prompt.
// Keys act at once on a terminal; from input read a line at a time, the
// line says it (q, quit, exit).
func TestStepStopWord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   *tty.Input
		name string
		stop bool
	}{
		{tty.NewInput(strings.NewReader("q\nafter\n")), "q line", true},
		{tty.NewInput(strings.NewReader("Q\nafter\n")), "Q line", true},
		{tty.NewInput(strings.NewReader(" quit \nafter\n")), "quit", true},
		{tty.NewInput(strings.NewReader("exit\r\nafter\n")), "exit", true},
		{tty.NewInput(strings.NewReader("qq\nq!\n\nafter\n")), "qq, q!", false},
		{tty.NewInput(strings.NewReader("\n\n\nafter\n")), "Enters", false},
		{tty.FakeTerminal(strings.NewReader("qafter\n")), "q key", true},
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
			if !strings.HasSuffix(strings.TrimRight(got, "\n"), "┴") || !strings.HasSuffix(got, "\n") {
				t.Errorf("%s: the lifelines are not closed, on a line of their own:\n%q", tc.name, got)
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
	err := Render(context.Background(), steppedEvents(), Options{In: tty.NewInput(strings.NewReader("q")), Mode: Plain, Step: true})
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
// new, and the key list is shown once, before the first prompt. b at the
// first step says so in the prompt; the prompt names the step the
// learner is at, the number "back to step N" names.
func TestStepBackAndForward(t *testing.T) {
	t.Parallel()
	screen, err := stepTerminal(t, notes("n-one", "n-two", "n-three"), 24, "\rbb\r\r", Options{})
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
	var prompts []string
	for _, p := range regexp.MustCompile(`(already at the first step · )?step \d · ⏎`).FindAllString(screen, -1) {
		prompts = append(prompts, strings.TrimSpace(p))
	}
	want = "step 1 · ⏎|step 2 · ⏎|step 1 · ⏎|already at the first step · step 1 · ⏎|step 2 · ⏎"
	if got := strings.Join(prompts, "|"); got != want {
		t.Errorf("prompts %s, want %s", got, want)
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
	screen, err := stepTerminal(t, rec, 24, "v\r", Options{})
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
	if !strings.Contains(screen, "step 1 · ⏎ next · v: whole step · ? keys") {
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
		{"", "step 1 · ⏎ next · ? keys", 40},
		{"", "step 1 · ⏎ next · ? keys", 100},
		{"pt-BR", "passo 1 · ⏎ avançar · ? teclas", 40},
	} {
		var out bytes.Buffer
		r := New(Options{Out: &out, Mode: Plain, Width: tc.width, Lang: tc.words})
		r.stepping = true
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

// The first step is drawn, header and all, before the first prompt: a
// prompt alone on an empty screen tells the learner nothing. q there ends
// the diagram on a line of its own, so the shell's prompt is not glued to
// it.
func TestStepFirstStepBeforePrompt(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	rec.Emit(trace.Event{Kind: trace.KindTCPConnect, Conn: 1, From: trace.Client, To: trace.Server, Summary: "TCP connection #1 opened"})
	rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-one"})
	rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-two"})
	rec.Close()
	screen, err := stepTerminal(t, rec, 24, "q", Options{})
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("Render = %v, want ErrStopped", err)
	}
	prompt := strings.Index(screen, "⏎")
	if prompt < 0 {
		t.Fatalf("no prompt:\n%s", screen)
	}
	for _, want := range []string{"CLIENT", "TCP connection #1 opened", "n-one"} {
		if i := strings.Index(screen, want); i < 0 || i > prompt {
			t.Errorf("%q is not drawn before the first prompt:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "n-two") {
		t.Errorf("drew past the first step without a key:\n%s", screen)
	}
	if !strings.HasSuffix(screen, "┴\n") {
		t.Errorf("after q the diagram does not end on a line of its own: %q", screen[max(0, len(screen)-40):])
	}
}

// v on a step that is drawn whole says so in the prompt, rather than
// doing nothing.
func TestStepWholeSaysSo(t *testing.T) {
	t.Parallel()
	screen, err := stepTerminal(t, notes("n-one", "n-two"), 24, "v\r", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(screen, "this step is already whole · step 1 · ⏎") {
		t.Errorf("v on a whole step said nothing:\n%s", screen)
	}
	if strings.Count(screen, "this step is already whole") != 1 {
		t.Errorf("the notice is not said once:\n%s", screen)
	}
}

// A run of checks by one actor (the server's checks of a handshake) is one
// step: one Enter shows them all, and b draws them again together. A
// check by the other actor starts a new step.
func TestStepChecksOfOneActorAreOneStep(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-before"})
	for _, name := range []string{"c-method", "c-upgrade", "c-key"} {
		rec.Emit(trace.Event{Kind: trace.KindCheck, From: trace.Server, To: trace.Server, Summary: name,
			Check: &trace.Check{Name: name, OK: true}})
	}
	rec.Emit(trace.Event{Kind: trace.KindCheck, From: trace.Client, To: trace.Client, Summary: "c-accept",
		Check: &trace.Check{Name: "c-accept", OK: true}})
	rec.Emit(trace.Event{Kind: trace.KindNote, Note: "n-after"})
	rec.Close()
	screen, err := stepTerminal(t, rec, 24, "\rb\r\r\r", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Prompts: after n-before (1), after the server's checks (2), after b
	// (1 again), after Enter (2 again), after the client's check (3).
	if n := strings.Count(screen, "⏎"); n != 5 {
		t.Errorf("%d prompts, want 5:\n%s", n, screen)
	}
	back := strings.Index(screen, "↶ back to step 1")
	again := strings.Index(screen, "↷ step 2 again")
	if back < 0 || again < 0 {
		t.Fatalf("b and Enter did not replay:\n%s", screen)
	}
	for _, c := range []string{"c-method", "c-upgrade", "c-key"} {
		if strings.Count(screen[again:], c) != 1 {
			t.Errorf("step 2 drawn again lacks %s:\n%s", c, screen[again:])
		}
	}
	if strings.Count(screen[again:], "c-accept") != 1 || strings.Count(screen, "step 3 · ⏎") != 1 {
		t.Errorf("the client's check is not a step of its own:\n%s", screen)
	}
}
