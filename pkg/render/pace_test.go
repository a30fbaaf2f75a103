package render

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

func steppedEvents() *trace.Recorder {
	rec := trace.NewRecorder()
	for _, note := range []string{"first-note", "second-note", "third-note"} {
		rec.Emit(trace.Event{Kind: trace.KindNote, Note: note})
	}
	rec.Close()
	return rec
}

// q at a step stops the demo: Render closes the diagram, returns ErrStopped
// and leaves the rest of the input to whoever reads it next (the lesson).
func TestStepStopWord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		stop bool
	}{
		{"\nq\nafter\n", true},
		{"\nQ\nafter\n", true},
		{"\n quit \nafter\n", true},
		{"\nexit\r\nafter\n", true},
		{"\nqq\nafter\n", false},
		{"\nq!\nafter\n", false},
		{"\n\n\nafter\n", false},
	} {
		in := strings.NewReader(tc.in)
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := Render(ctx, steppedEvents(), Options{Out: &out, In: in, Mode: Plain, Step: true})
		cancel()
		got := out.String()
		if tc.stop {
			if !errors.Is(err, ErrStopped) {
				t.Errorf("%q: Render = %v, want ErrStopped", tc.in, err)
			}
			if !strings.Contains(got, "first-note") || strings.Contains(got, "second-note") {
				t.Errorf("%q: drew the wrong events:\n%s", tc.in, got)
			}
			if !strings.HasSuffix(strings.TrimRight(got, "\n"), "┴") {
				t.Errorf("%q: the lifelines are not closed:\n%s", tc.in, got)
			}
			rest := make([]byte, 64)
			n, _ := in.Read(rest)
			if string(rest[:n]) != "after\n" {
				t.Errorf("%q: input left = %q, want %q", tc.in, rest[:n], "after\n")
			}
			continue
		}
		if err != nil || !strings.Contains(got, "third-note") {
			t.Errorf("%q: Render = %v, want the whole demo:\n%s", tc.in, err, got)
		}
	}
}

// A last line without its newline is read as typed: q then Ctrl-D stops.
func TestStepStopWordAtEndOfInput(t *testing.T) {
	t.Parallel()
	err := Render(context.Background(), steppedEvents(), Options{In: strings.NewReader("\nq"), Mode: Plain, Step: true})
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("Render = %v, want ErrStopped", err)
	}
}

// Whether the stop word ended with Enter decides if the cursor must move back
// up to the prompt: q then Ctrl-D leaves it on the prompt's line.
func TestStepStopRemembersTheNewline(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"q\n": true, "q": false} {
		p := newPacer(Options{In: strings.NewReader(in), Mode: Plain, Step: true})
		err := p.wait(context.Background(), 0, trace.KindNote, func() error { return nil })
		p.stop()
		if !errors.Is(err, ErrStopped) || p.newline != want {
			t.Errorf("%q: wait = %v, newline %v; want ErrStopped, newline %v", in, err, p.newline, want)
		}
	}
}

// The prompt names both keys, in the reader's language, and fits the
// narrowest diagram with room for the echo.
func TestStepPrompt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		words, want string // words: the language
		width       int
	}{
		{"", string(DefaultStepPrompt), 40},
		{"", string(DefaultStepPrompt), 100},
		{"pt-BR", "⏎ Enter: avançar · q: parar a demo", 40},
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
		if w := textWidth(p) + 1; w > tc.width { // + the echo of q
			t.Errorf("prompt %q is %d columns with the echo, wider than %d", p, w, tc.width)
		}
	}
	if p := string(DefaultStepPrompt); !strings.Contains(p, "Enter") || !strings.Contains(p, "q") {
		t.Errorf("DefaultStepPrompt %q does not name Enter and q", DefaultStepPrompt)
	}
}

// After q the terminal's echo left the cursor under the prompt: closing goes
// back up and clears the prompt's line, so no stale prompt stays on screen.
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
	r.answered()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "\x1b[1A\r\x1b[2K") {
		t.Errorf("after q: %q, want it to start by going up and clearing the prompt's line", got)
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
