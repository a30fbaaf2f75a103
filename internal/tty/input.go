// Package tty is wsdemo's side of the learner's terminal: the one reader of
// standard input, which hands out lines (a lesson's answers, a piped
// duplex -i session) or single key presses (the steps of a demo, the line
// editor of duplex -i), putting the terminal in raw mode while keys are read
// and restoring it on every way out; and a prompt line pinned below the
// output (Prompt).
//
// One reader owns stdin because several parts of wsdemo read it in turn (a
// lesson's prompts, then a demo's steps, then the lesson again): each with a
// buffered reader of its own, one would swallow what the next should get.
// Only pkg/cli creates an Input, over the process's stdin; everything below
// it is handed one.
package tty

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"golang.org/x/term"
)

// ErrInterrupted is what ReadKey returns when the learner pressed Ctrl-C
// while the terminal was in raw mode, where Ctrl-C is a byte (0x03) and not
// a signal: the Input has restored the terminal and called its interrupt
// hook (SetInterrupt), which stops the run as SIGINT would.
var ErrInterrupted = errors.New("interrupted")

// LineTooLongError is a line longer than ReadLine's limit: it was read to
// its end and dropped. N is its length in bytes, without the line ending.
type LineTooLongError struct{ N, Limit int }

func (e LineTooLongError) Error() string {
	return fmt.Sprintf("a line of %d bytes, over the limit of %d", e.N, e.Limit)
}

// Input is the single reader of standard input. It reads only when a caller
// asks, and a read still in flight when that caller gives up (its context
// ended) is handed to the next caller, so no byte is lost or read twice.
// Callers take turns: a call waits until the one before it returns.
type Input struct {
	r  io.Reader
	fd int // the terminal's file descriptor; -1 when r is not a terminal
	// keys says bytes arrive as they are typed, without the terminal's line
	// discipline: a terminal in raw mode, or a fake one (FakeTerminal).
	keys bool
	fake bool // a FakeTerminal: keys always, and no terminal to set

	turn chan struct{} // held by the caller being served

	// Guarded by turn.
	buf     []byte          // read and not yet handed out
	pending chan readResult // a Read in flight, if any
	err     error           // what ended r (io.EOF at its end)
	skipped int             // bytes of a too-long line dropped so far

	mu          sync.Mutex // guards what follows: Restore comes from other goroutines
	saved       *term.State
	depth       int // Raw calls not yet undone
	interrupted bool
	onInterrupt func()
}

type readResult struct {
	b   []byte
	err error
}

// NewInput reads r, which is not a terminal (a pipe, a file, a test's
// buffer): lines as they come, and a "key" is a whole line (ReadKey).
func NewInput(r io.Reader) *Input { return newInput(r, -1) }

// NewTerminalInput reads r, the terminal open as file descriptor fd
// (os.Stdin): Raw switches it to raw mode, where each key press arrives
// alone and unechoed.
func NewTerminalInput(r io.Reader, fd int) *Input { return newInput(r, fd) }

// FakeTerminal reads r as a terminal in raw mode would deliver it: every
// byte a key press (Enter is \r or \n, Ctrl-C is 0x03, arrows are escape
// sequences). Tests type into it.
func FakeTerminal(r io.Reader) *Input {
	in := newInput(r, -1)
	in.keys, in.fake = true, true
	return in
}

func newInput(r io.Reader, fd int) *Input {
	in := &Input{r: r, fd: fd, turn: make(chan struct{}, 1)}
	if r == nil {
		in.err = io.EOF
	}
	return in
}

// Terminal reports whether the input is a terminal (a fake one included),
// where keys can be read one at a time.
func (in *Input) Terminal() bool { return in != nil && (in.fd >= 0 || in.fake) }

// KeysAtOnce reports whether key presses arrive as typed, without waiting
// for Enter and without echo: a terminal in raw mode (see Raw), or a fake
// one. Otherwise ReadKey returns whole lines.
func (in *Input) KeysAtOnce() bool {
	if in == nil {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.keys
}

// SetInterrupt sets what Ctrl-C read as a key does, after the terminal has
// been restored: the CLI stops the run there, as SIGINT would.
func (in *Input) SetInterrupt(f func()) {
	in.mu.Lock()
	in.onInterrupt = f
	in.mu.Unlock()
}

// Raw puts a terminal in raw mode, as golang.org/x/term's MakeRaw does but
// keeping output processing (so "\n" still starts a new line), until the
// returned function is called. Calls nest: the terminal goes back to how it
// was when the outermost is undone. On anything but a terminal, and after
// an interrupt, it does nothing. If the terminal cannot be set, ReadKey
// goes on reading whole lines.
func (in *Input) Raw() (restore func()) {
	if in == nil {
		return func() {}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.fd < 0 || in.interrupted {
		return func() {}
	}
	in.depth++
	if in.depth == 1 {
		if st, err := makeRaw(in.fd); err == nil {
			in.saved, in.keys = st, true
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			in.mu.Lock()
			defer in.mu.Unlock()
			in.depth--
			if in.depth == 0 {
				in.restoreLocked()
			}
		})
	}
}

// Restore puts the terminal back as it was before Raw, at once, whatever
// is still reading: for the ways out that do not unwind (a signal, the end
// of Main). It is safe to call at any time, from any goroutine.
func (in *Input) Restore() {
	if in == nil {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.restoreLocked()
}

func (in *Input) restoreLocked() {
	if in.saved != nil {
		_ = term.Restore(in.fd, in.saved)
		in.saved = nil
	}
	if !in.fake {
		in.keys = false
	}
}

// interrupt handles Ctrl-C read as a byte: restore the terminal for good
// (a second Ctrl-C is then the terminal's own SIGINT, which stops the
// process at once), then tell the CLI.
func (in *Input) interrupt() {
	in.mu.Lock()
	in.restoreLocked()
	in.interrupted = true
	f := in.onInterrupt
	in.mu.Unlock()
	if f != nil {
		f()
	}
}

// take waits for the caller's turn.
func (in *Input) take(ctx context.Context) error {
	select {
	case in.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (in *Input) give() { <-in.turn }

// fill reads once more into buf, waiting until the read returns or ctx
// ends. A read cut short by ctx stays pending for the next fill. It returns
// ctx's error, or nil once something (bytes, or the end of r) has arrived.
func (in *Input) fill(ctx context.Context) error {
	if in.err != nil {
		return nil
	}
	if in.pending == nil {
		ch := make(chan readResult, 1)
		in.pending = ch
		r := in.r
		go func() {
			b := make([]byte, 512)
			n, err := r.Read(b)
			if n == 0 && err == nil {
				err = io.ErrNoProgress
			}
			ch <- readResult{b[:n], err}
		}()
	}
	select {
	case res := <-in.pending:
		in.pending = nil
		in.buf = append(in.buf, res.b...)
		if res.err != nil && !errors.Is(res.err, io.ErrNoProgress) {
			in.err = res.err
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ReadLine reads one line, without its \n or \r\n. A line longer than limit
// bytes is read to its end and dropped: it returns a LineTooLongError, and
// the next call reads the next line. A last line without \n is a line; after
// it, io.EOF. The terminal's line discipline (cooked mode) echoes and edits
// the line as it is typed.
func (in *Input) ReadLine(ctx context.Context, limit int) (string, error) {
	if in == nil {
		return "", io.EOF
	}
	if err := in.take(ctx); err != nil {
		return "", err
	}
	defer in.give()
	for {
		if i := bytes.IndexByte(in.buf, '\n'); i >= 0 {
			return in.cut(i, i+1, limit)
		}
		if len(in.buf) > limit+1 { // +1: a \r that may end it
			// Too long already: drop what came, count it, read on to its end.
			in.skipped += len(in.buf)
			in.buf = in.buf[:0]
		}
		if in.err != nil {
			if len(in.buf) > 0 || in.skipped > 0 {
				return in.cut(len(in.buf), len(in.buf), limit)
			}
			return "", in.err
		}
		if err := in.fill(ctx); err != nil {
			return "", err
		}
	}
}

// cut hands out buf[:end] as a line and drops buf[:next].
func (in *Input) cut(end, next, limit int) (string, error) {
	line := bytes.TrimSuffix(in.buf[:end], []byte("\r"))
	n := in.skipped + len(line)
	s := string(line)
	in.buf = in.buf[next:]
	in.skipped = 0
	if n > limit {
		return "", LineTooLongError{N: n, Limit: limit}
	}
	return s, nil
}

// maxKeyLine bounds a line read as a key (KeyLine): enough for a word such
// as "quit", never a memory sink for a long paste.
const maxKeyLine = 256

// ReadKey reads one key press. When keys arrive at once (KeysAtOnce) it
// decodes them: printable characters, Enter, the arrows and editing keys,
// Ctrl-D (KeyEOF). Ctrl-C restores the terminal, calls the interrupt hook
// and returns ErrInterrupted. Otherwise the input comes a line at a time,
// and the key is the whole line (KeyLine, its Text trimmed of spaces). At
// the end of the input it returns io.EOF.
func (in *Input) ReadKey(ctx context.Context) (Key, error) {
	if !in.KeysAtOnce() {
		line, err := in.ReadLine(ctx, maxKeyLine)
		var long LineTooLongError
		switch {
		case errors.As(err, &long):
			return Key{Code: KeyLine, Text: "?"}, nil // not a word any caller knows
		case err != nil:
			return Key{}, err
		}
		return lineKey(line), nil
	}
	if err := in.take(ctx); err != nil {
		return Key{}, err
	}
	defer in.give()
	for {
		if len(in.buf) > 0 {
			k, n, ok := decodeKey(in.buf, in.err != nil)
			if ok {
				in.buf = in.buf[n:]
				if k.Code == keyInterrupt {
					in.interrupt()
					return Key{}, ErrInterrupted
				}
				return k, nil
			}
		}
		if in.err != nil {
			if len(in.buf) > 0 { // an incomplete sequence at the very end
				in.buf = in.buf[:0]
			}
			return Key{}, in.err
		}
		if err := in.fill(ctx); err != nil {
			return Key{}, err
		}
	}
}

// Pending reports whether something already typed is waiting to be read: a
// caller that draws after each key can skip drawing while keys are queued.
func (in *Input) Pending() bool {
	select {
	case in.turn <- struct{}{}:
		defer in.give()
		return len(in.buf) > 0
	default:
		return false
	}
}

// lineKey is a line read as a key: an empty line is Enter.
func lineKey(line string) Key {
	t := trimSpace(line)
	if t == "" {
		return Key{Code: KeyEnter}
	}
	return Key{Code: KeyLine, Text: t}
}

func trimSpace(s string) string {
	start, end := 0, len(s)
	for start < end && (s[start] == ' ' || s[start] == '\t' || s[start] == '\r') {
		start++
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\r') {
		end--
	}
	return s[start:end]
}
