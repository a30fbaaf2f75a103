//go:build linux

package cli

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"wsdemo/internal/testkit"
)

// These tests run the real wsdemo on a pseudo-terminal of 80×24, as a
// teacher runs it in class: keys act as they are pressed (raw mode, no
// Enter), and the terminal is left as it was found whichever way wsdemo
// ends.

// ptyRun is wsdemo running on a pseudo-terminal.
type ptyRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	ptmx   *os.File // the terminal's side: what wsdemo draws, where keys are typed
	tty    *os.File // wsdemo's side: its stdin, stdout and stderr
	screen *testkit.SyncBuffer
	before *unix.Termios
}

func startOnPTY(t *testing.T, args ...string) *ptyRun {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wsdemoBinary(t), args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// NO_COLOR: plain text to match, and no question about the background
	// colour for the terminal to answer.
	cmd.Env = append(os.Environ(), "TERM=xterm", "NO_COLOR=1", "LANG=C", "WSDEMO_HOME="+filepath.Join(t.TempDir(), "home"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &ptyRun{t: t, cmd: cmd, ptmx: ptmx, tty: tty, screen: &testkit.SyncBuffer{}, before: before}
	go io.Copy(r.screen, ptmx)
	return r
}

// waitFor waits until what wsdemo drew after position from contains s, and
// returns the position after it.
func (r *ptyRun) waitFor(from int, s string) int {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		all := r.screen.String()
		if from <= len(all) {
			if i := strings.Index(all[from:], s); i >= 0 {
				return from + i + len(s)
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no %q on the screen after byte %d:\n%s", s, from, all)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitForEither waits until what wsdemo drew after position from contains
// a or b, and returns the one that came first.
func (r *ptyRun) waitForEither(from int, a, b string) string {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		all := r.screen.String()
		if from <= len(all) {
			ia, ib := strings.Index(all[from:], a), strings.Index(all[from:], b)
			switch {
			case ia >= 0 && (ib < 0 || ia < ib):
				return a
			case ib >= 0:
				return b
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("neither %q nor %q on the screen after byte %d:\n%s", a, b, from, all)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// press types keys, with no Enter unless they hold one.
func (r *ptyRun) press(keys string) {
	r.t.Helper()
	if _, err := io.WriteString(r.ptmx, keys); err != nil {
		r.t.Fatal(err)
	}
}

// end waits for wsdemo to exit, returns its status, and checks the
// terminal is as it was before wsdemo started: cooked, echoing, with
// signals from the keyboard.
func (r *ptyRun) end() int {
	r.t.Helper()
	code := exitCode(r.t, r.cmd, 20*time.Second)
	after, err := unix.IoctlGetTermios(int(r.tty.Fd()), unix.TCGETS)
	if err != nil {
		r.t.Fatal(err)
	}
	if after.Lflag != r.before.Lflag || after.Iflag != r.before.Iflag || after.Oflag != r.before.Oflag || after.Cc != r.before.Cc {
		r.t.Errorf("the terminal was not restored: lflag %#x iflag %#x oflag %#x, were %#x %#x %#x",
			after.Lflag, after.Iflag, after.Oflag, r.before.Lflag, r.before.Iflag, r.before.Oflag)
	}
	if after.Lflag&unix.ICANON == 0 || after.Lflag&unix.ECHO == 0 {
		r.t.Errorf("the terminal is left without line editing or echo")
	}
	return code
}

// Space goes on without Enter, b draws the step before again, q stops,
// and the terminal is restored.
func TestPTYStepKeys(t *testing.T) {
	r := startOnPTY(t, "http", "--step")
	// The key list is shown once. The first step comes before any prompt
	// when it fits the first screen with the TCP line and the key list;
	// whether it does depends on how much of the run is known by then
	// (TCP lines to come are given room), so either way is right.
	if r.waitForEither(0, "GET /api/notes", "⏎ first step") == "⏎ first step" {
		r.press(" ")
	}
	at := r.waitFor(0, "GET /api/notes")
	r.waitFor(0, "Keys: Enter or space")
	at = r.waitFor(at, "step 1 · ⏎ next")
	r.press(" ")
	at = r.waitFor(at, "✓ authorization")
	at = r.waitFor(at, "⏎ next")
	r.press("b")
	at = r.waitFor(at, "↶ back to step 1")
	at = r.waitFor(at, "GET /api/notes")
	at = r.waitFor(at, "⏎ next")
	r.press("q")
	if code := r.end(); code != ExitOK {
		t.Errorf("q: exit %d, want 0", code)
	}
	end := r.waitFor(at, "┴") // the output may still be on its way
	if rest := r.screen.String()[at:end]; strings.Contains(rest, "POST") {
		t.Errorf("after q: %q, want the lifelines closed and nothing more", rest)
	}
}

// c runs to the end without another stop.
func TestPTYStepRunsToTheEnd(t *testing.T) {
	r := startOnPTY(t, "http", "--step")
	at := r.waitFor(0, "⏎ ")
	r.press("c")
	r.waitFor(at, "5 requests, 5 responses over 1 TCP connection")
	if code := r.end(); code != ExitOK {
		t.Errorf("exit %d, want 0", code)
	}
	r.waitFor(0, "┴")
	if n := strings.Count(r.screen.String(), "⏎ "); n != 1 {
		t.Errorf("%d prompts, want only the one c answered", n)
	}
}

// Ctrl-C at a step arrives as a byte in raw mode: wsdemo stops as on
// SIGINT (exit 130, the WebSocket closed with 1001, which the saved trace
// shows) and restores the terminal.
func TestPTYStepCtrlC(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "run.jsonl")
	r := startOnPTY(t, "duplex", "--step", "--save", saved)
	at := r.waitFor(0, "⏎ ")
	r.press(" ")
	r.waitFor(at, "⏎ next")
	r.press("\x03")
	if code := r.end(); code != ExitInterrupted {
		t.Errorf("Ctrl-C: exit %d, want 130", code)
	}
	r.waitFor(0, "wsdemo: interrupted")
	b, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"close_code":1001`) {
		t.Errorf("the saved trace has no close with 1001:\n%s", b)
	}
}

// duplex -i on a terminal: a push arriving while a line is half typed is
// drawn above the prompt, and the prompt comes back with the half line;
// ↑ recalls the last line; Ctrl-D on an empty line closes with 1000.
func TestPTYDuplexInteractivePrompt(t *testing.T) {
	r := startOnPTY(t, "duplex", "-i", "--interval", "200ms")
	at := r.waitFor(0, "connected: type a message")
	r.press("hel")
	at = r.waitFor(at, "> hel")
	// The next push, and after it the prompt with what was typed.
	at = r.waitFor(at, "from another tab")
	at = r.waitFor(at, "\x1b[2K> hel")
	r.press("lo\r")
	at = r.waitFor(at, `TEXT "hello" (masked)`)
	r.press("\x1b[A") // ↑
	at = r.waitFor(at, "> hello")
	r.press("\r")
	r.waitFor(at, `TEXT "hello" (masked)`)
	r.press("\x04") // Ctrl-D
	if code := r.end(); code != ExitOK {
		t.Errorf("exit %d, want 0", code)
	}
	r.waitFor(0, `CLOSE 1000 "end of input" (masked)`)
}

// In a lesson, the demo steps with the same keys, and q at a step stops the
// demo, not the lesson. An Enter typed ahead at "[Enter] run" (two at
// once) is the first step's key: it used to leave the cursor where the
// drawing did not expect it, and the next event climbed over the lesson's
// "$ wsdemo http" line and the diagram's header.
func TestPTYLessonDemoStepsAndTypedAhead(t *testing.T) {
	r := startOnPTY(t, "learn", "1")
	at := 0
	for i := 0; ; i++ {
		at = r.waitFor(at, "[q] quit > ") // every prompt of the lesson ends so
		if strings.HasSuffix(strings.TrimRight(r.screen.String(), " "), "[Enter] run wsdemo http  [s] skip  [q] quit >") {
			break
		}
		if i == 20 {
			t.Fatalf("no demo in lesson 1:\n%s", r.screen.String())
		}
		r.press("\r")
	}
	r.press("\r\r") // run it, and an Enter typed ahead
	at = r.waitFor(at, "$ wsdemo http\r\nCLIENT")
	at = r.waitFor(at, "GET /api/notes")
	at = r.waitFor(at, "⏎ next")
	r.press("q")
	at = r.waitFor(at, "Demo stopped. Run it again any time: wsdemo http")
	at = r.waitFor(at, "[q] quit > ")
	r.press("q\r")
	r.waitFor(at, "Stopped. Continue where you stopped with: wsdemo learn")
	if code := r.end(); code != ExitOK {
		t.Errorf("exit %d, want 0", code)
	}
	if s := r.screen.String(); strings.Contains(s, "\x1b[1A") {
		t.Errorf("the cursor was moved up over what the lesson wrote:\n%q", s)
	}
}
