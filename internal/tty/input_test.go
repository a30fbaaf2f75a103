package tty

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// chunks reads r n bytes at a time: lines span several reads.
type chunks struct {
	r io.Reader
	n int
}

func (c chunks) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

func TestReadLine(t *testing.T) {
	t.Parallel()
	const limit = 20
	for _, tc := range []struct {
		in    string
		lines []string // "!N" is a line refused for its length N
	}{
		{"a\nb\n", []string{"a", "b"}},
		{"crlf\r\nlast without newline", []string{"crlf", "last without newline"}},
		{"\n\n", []string{"", ""}},
		{strings.Repeat("x", limit) + "\r\n", []string{strings.Repeat("x", limit)}},
		{strings.Repeat("x", limit+1) + "\nnext\n", []string{"!21", "next"}},
		{strings.Repeat("y", 100) + "\nnext", []string{"!100", "next"}},
		{strings.Repeat("z", 100), []string{"!100"}},
	} {
		for _, size := range []int{1, 7, 512} {
			in := NewInput(chunks{strings.NewReader(tc.in), size})
			var got []string
			for {
				line, err := in.ReadLine(context.Background(), limit)
				var long LineTooLongError
				switch {
				case errors.As(err, &long):
					got = append(got, "!"+strconv.Itoa(long.N))
					continue
				case err != nil:
					if !errors.Is(err, io.EOF) {
						t.Errorf("%.30q: %v", tc.in, err)
					}
				default:
					got = append(got, line)
					continue
				}
				break
			}
			if strings.Join(got, "|") != strings.Join(tc.lines, "|") {
				t.Errorf("%.30q in reads of %d: lines %q, want %q", tc.in, size, got, tc.lines)
			}
		}
	}
}

// A read cut short by its context is not lost: the next reader gets what it
// brings, and nothing is read twice.
func TestReadInFlightGoesToTheNextReader(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	in := NewInput(pr)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := in.ReadLine(ctx, 100)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the read start (either way the test holds)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadLine after cancel = %v", err)
	}
	go func() { io.WriteString(pw, "one\ntwo\n"); pw.Close() }()
	for _, want := range []string{"one", "two"} {
		line, err := in.ReadLine(context.Background(), 100)
		if err != nil || line != want {
			t.Fatalf("ReadLine = %q, %v; want %q", line, err, want)
		}
	}
	if _, err := in.ReadLine(context.Background(), 100); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last line: %v, want EOF", err)
	}
}

// Keys read from a terminal in raw mode act at once: each byte (or escape
// sequence) is a key, whatever the reads' boundaries.
func TestReadKey(t *testing.T) {
	t.Parallel()
	typed := "q \r\n\x1b[A\x1b[B\x1b[C\x1b[D\x1bOH\x1b[F\x1b[3~\x1b[1;5D\x01\x05\x15\x17\x0b\x7f\x04é\x1b"
	want := []Key{
		{Code: KeyRune, Rune: 'q'}, {Code: KeyRune, Rune: ' '}, {Code: KeyEnter},
		{Code: KeyUp}, {Code: KeyDown}, {Code: KeyRight}, {Code: KeyLeft}, {Code: KeyHome}, {Code: KeyEnd},
		{Code: KeyDelete}, {Code: KeyLeft}, {Code: KeyHome}, {Code: KeyEnd}, {Code: KeyKillLine},
		{Code: KeyKillWord}, {Code: KeyKillEnd}, {Code: KeyBackspace}, {Code: KeyEOF},
		{Code: KeyRune, Rune: 'é'}, {Code: KeyEsc},
	}
	for _, r := range []io.Reader{strings.NewReader(typed), iotest.HalfReader(strings.NewReader(typed))} {
		in := FakeTerminal(r)
		var got []Key
		for {
			k, err := in.ReadKey(context.Background())
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatal(err)
				}
				break
			}
			got = append(got, k)
		}
		if len(got) != len(want) {
			t.Fatalf("keys %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("key %d = %+v, want %+v", i, got[i], want[i])
			}
		}
	}
}

// Ctrl-C read as a byte is the interrupt: the hook runs, the reader gets
// ErrInterrupted, and raw mode cannot come back.
func TestCtrlCInterrupts(t *testing.T) {
	t.Parallel()
	in := FakeTerminal(strings.NewReader("\x03after"))
	called := false
	in.SetInterrupt(func() { called = true })
	if _, err := in.ReadKey(context.Background()); !errors.Is(err, ErrInterrupted) || !called {
		t.Fatalf("ReadKey = %v, hook called %v; want ErrInterrupted and the hook", err, called)
	}
	if !in.interrupted {
		t.Error("the input does not remember the interrupt")
	}
}

// Input that is not key by key (a pipe, a terminal whose mode could not be
// set) gives a whole line as one key: an empty line is Enter, and a word is
// matched by Is.
func TestReadKeyFromLines(t *testing.T) {
	t.Parallel()
	in := NewInput(strings.NewReader("\n q \nquit\nqq\n" + strings.Repeat("x", 1000) + "\n"))
	var got []Key
	for {
		k, err := in.ReadKey(context.Background())
		if err != nil {
			break
		}
		got = append(got, k)
	}
	if len(got) != 5 || got[0].Code != KeyEnter || !got[1].Is('q') || !got[2].Is('q', "quit") || got[3].Is('q', "quit") || got[4].Is('x') {
		t.Errorf("keys %+v", got)
	}
}

// The prompt stays pinned below the output: a write through its Writer
// clears the prompt's line, writes, and draws the prompt and the partial
// line again, the cursor where it was.
func TestPromptSurvivesOutput(t *testing.T) {
	t.Parallel()
	var screen bytes.Buffer
	p := NewPrompt(&screen, 40, "> ")
	pr, pw := io.Pipe()
	in := FakeTerminal(pr)
	done := make(chan string, 1)
	go func() {
		line, _ := p.ReadLine(context.Background(), in, 100)
		done <- line
	}()
	io.WriteString(pw, "hel")
	waitFor(t, func() bool { return p.Line() == "hel" })
	io.WriteString(pw, "\x1b[D") // ← : the cursor after "he"
	waitFor(t, func() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.cursor == 2 })
	screen.Reset()
	io.WriteString(p.Writer(&screen), "│ ◀── TEXT \"pushed\" ──┤\n")
	if got, want := screen.String(), "\r\x1b[2K│ ◀── TEXT \"pushed\" ──┤\n\r\x1b[2K> hel\r\x1b[4C"; got != want {
		t.Errorf("a push while typing drew %q, want %q", got, want)
	}
	io.WriteString(pw, "\x05p\r") // Ctrl-E, then the last letter
	if line := <-done; line != "help" {
		t.Errorf("line %q, want %q", line, "help")
	}
	pw.Close()
}

// Line editing and history, key by key.
func TestPromptEditing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ keys, want string }{
		{"abc\x7f\r", "ab"},                        // Backspace
		{"bc\x01a\r", "abc"},                       // Ctrl-A, then type at the start
		{"ac\x1b[Db\x05d\r", "abcd"},               // ←, type, Ctrl-E
		{"one two\x17three\r", "one three"},        // Ctrl-W deletes the word before
		{"one two\x15x\r", "x"},                    // Ctrl-U deletes to the start
		{"abc\x01\x1b[3~\r", "bc"},                 // Delete under the cursor
		{"abc\x1b[D\x1b[D\x0b\r", "a"},             // Ctrl-K deletes to the end
		{"first\rsecond\r\x1b[A\x1b[A\r", "first"}, // ↑↑ recalls the line before the last
		{"first\rdraft\x1b[A\x1b[B\r", "draft"},    // ↓ comes back to the line being typed
	} {
		p := NewPrompt(io.Discard, 80, "> ")
		in := FakeTerminal(strings.NewReader(tc.keys))
		var last string
		for {
			line, err := p.ReadLine(context.Background(), in, 100)
			if err != nil {
				break
			}
			last = line
		}
		if last != tc.want {
			t.Errorf("%q: last line %q, want %q", tc.keys, last, tc.want)
		}
	}
}

// Ctrl-D on an empty line ends the input; in a line, it deletes.
func TestPromptCtrlD(t *testing.T) {
	t.Parallel()
	p := NewPrompt(io.Discard, 80, "> ")
	in := FakeTerminal(strings.NewReader("ab\x01\x04\r\x04"))
	if line, err := p.ReadLine(context.Background(), in, 100); line != "b" || err != nil {
		t.Fatalf("ReadLine = %q, %v", line, err)
	}
	if _, err := p.ReadLine(context.Background(), in, 100); !errors.Is(err, io.EOF) {
		t.Fatalf("Ctrl-D on an empty line: %v, want EOF", err)
	}
}

// A line wider than the terminal scrolls sideways: the prompt line never
// wraps, and the cursor stays in view.
func TestPromptLongLine(t *testing.T) {
	t.Parallel()
	var screen bytes.Buffer
	p := NewPrompt(&screen, 20, "> ")
	in := FakeTerminal(strings.NewReader(strings.Repeat("abcdefghij", 5)))
	p.ReadLine(context.Background(), in, 100) // ends at EOF
	last := screen.String()[strings.LastIndex(screen.String(), "\r\x1b[2K"):]
	shown := strings.SplitN(strings.TrimPrefix(last, "\r\x1b[2K"), "\r", 2)[0]
	if len(shown) > 19 || !strings.HasPrefix(shown, "> ") || !strings.HasSuffix(shown, "hij") {
		t.Errorf("the long line is drawn as %q: want at most 19 columns ending at the cursor", shown)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	help := "  /close [code] [why]  start the closing handshake, e.g. /close 1000 bye"
	got := Wrap(help, 50)
	want := []string{
		"  /close [code] [why]  start the closing",
		"                       handshake, e.g. /close 1000",
		"                       bye",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	// A first column past the middle (the Portuguese help) still hangs.
	got = Wrap("  /close [cód] [motivo]  inicia o handshake de fechamento, por exemplo /close 1000 bye", 49)
	if len(got) < 2 || !strings.HasPrefix(got[1], strings.Repeat(" ", 25)+"f") {
		t.Errorf("Wrap at 49 = %q: the continuation does not line up with the second column", got)
	}
	for _, l := range Wrap("connected: type a message and press Enter; /help lists commands; Ctrl-D closes", 40) {
		if len(l) > 40 {
			t.Errorf("line %q is wider than 40", l)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

// A paste longer than the limit is not kept past it (the memory a line
// takes is bounded), and Enter reports how long it was instead of sending a
// cut line; the next line is read as usual.
func TestPromptLineOverTheLimit(t *testing.T) {
	t.Parallel()
	p := NewPrompt(io.Discard, 80, "> ")
	in := FakeTerminal(strings.NewReader(strings.Repeat("é", 30) + "\rnext\r"))
	_, err := p.ReadLine(context.Background(), in, 20)
	var long LineTooLongError
	if !errors.As(err, &long) || long.N != 60 || long.Limit != 20 {
		t.Fatalf("ReadLine = %v, want a LineTooLongError of 60 bytes", err)
	}
	if line, err := p.ReadLine(context.Background(), in, 20); line != "next" || err != nil {
		t.Fatalf("the next line: %q, %v", line, err)
	}
}

// Once the session is over (Close), the prompt is not drawn again, even by
// a reader that was still waiting for a key.
func TestPromptClosed(t *testing.T) {
	t.Parallel()
	var screen bytes.Buffer
	p := NewPrompt(&screen, 80, "> ")
	p.Close()
	if _, err := p.ReadLine(context.Background(), FakeTerminal(strings.NewReader("late\r")), 100); !errors.Is(err, io.EOF) {
		t.Errorf("ReadLine after Close = %v, want EOF", err)
	}
	if screen.Len() != 0 {
		t.Errorf("drew %q after Close", screen.String())
	}
}
