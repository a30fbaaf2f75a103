//go:build unix

package cli

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// closeRecorder is a WebSocket echo server that remembers the status of
// every close frame it receives, so a test can see what wsdemo sent even
// when wsdemo's own output is gone.
type closeRecorder struct {
	*httptest.Server
	mu     sync.Mutex
	codes  []websocket.StatusCode
	closed chan struct{} // gets a value when a connection ends
}

func newCloseRecorder(t *testing.T) *closeRecorder {
	r := &closeRecorder{closed: make(chan struct{}, 8)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c, err := websocket.Accept(w, req, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, msg, err := c.Read(context.Background())
			if err != nil {
				r.mu.Lock()
				r.codes = append(r.codes, websocket.CloseStatus(err))
				r.mu.Unlock()
				r.closed <- struct{}{}
				return
			}
			_ = c.Write(context.Background(), typ, msg)
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *closeRecorder) url() string { return "ws" + strings.TrimPrefix(r.URL, "http") + "/" }

// waitClose waits for a connection to end and returns the status of the
// close frame the server received (-1: none).
func (r *closeRecorder) waitClose(t *testing.T) websocket.StatusCode {
	t.Helper()
	select {
	case <-r.closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the connection did not end")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.codes[len(r.codes)-1]
}

// wsdemoBinary is the real wsdemo, as testscript put it in $PATH.
func wsdemoBinary(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("wsdemo")
	if err != nil {
		t.Fatalf("wsdemo is not in $PATH (TestMain puts it there): %v", err)
	}
	return path
}

// exitCode waits for cmd and returns its exit status; a process killed by
// a signal (SIGPIPE, say) fails the test, as it shows no status of its own.
func exitCode(t *testing.T, cmd *exec.Cmd, within time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(within):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("wsdemo did not exit within %v", within)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("wsdemo was killed by %v instead of exiting", ws.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

// SIGTERM, as a service manager or kill sends it, stops a demo as Ctrl-C
// does (its WebSocket closed with 1001, going away) and exits 143.
func TestSIGTERMClosesWithGoingAwayAndExits143(t *testing.T) {
	srv := newCloseRecorder(t)
	cmd := exec.Command(wsdemoBinary(t), "duplex", "-i", "--url", srv.url(), "--timeout", "2s")
	stdin, err := cmd.StdinPipe() // kept open: the session waits for input
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var said []string
	for sc.Scan() {
		said = append(said, sc.Text())
		if strings.HasPrefix(sc.Text(), "connected:") {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		said = append(said, sc.Text())
	}
	if code := exitCode(t, cmd, 2*time.Second+5*time.Second); code != ExitTerminated {
		t.Errorf("exit %d, want 143; stderr %q", code, said)
	}
	if got := srv.waitClose(t); got != websocket.StatusGoingAway {
		t.Errorf("the server received close status %d, want 1001 (going away)", got)
	}
	if last := said[len(said)-1]; last != "wsdemo: terminated" {
		t.Errorf("stderr ends %q, want \"wsdemo: terminated\"", last)
	}
}

// A reader that goes away (wsdemo duplex | head -20) stops the demo: its
// WebSocket is closed with 1001 before wsdemo exits, quietly, with 141
// (128 + SIGPIPE), rather than being killed by SIGPIPE mid-conversation.
func TestClosedStdoutClosesWithGoingAwayAndExits141(t *testing.T) {
	srv := newCloseRecorder(t)
	cmd := exec.Command(wsdemoBinary(t), "duplex", "--url", srv.url(), "--interval", "300ms", "--timeout", "2s")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Read until the WebSocket is open (before it, a stopped dial has no
	// WebSocket to close), then go away as head does.
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no 101 in the output: %v", err)
		}
		if strings.Contains(line, "101 Switching Protocols") {
			break
		}
	}
	stdout.Close()
	if code := exitCode(t, cmd, 2*time.Second+5*time.Second); code != ExitBrokenPipe {
		t.Errorf("exit %d, want 141; stderr %q", code, stderr.String())
	}
	if got := srv.waitClose(t); got != websocket.StatusGoingAway {
		t.Errorf("the server received close status %d, want 1001 (going away)", got)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q, want nothing", stderr.String())
	}
}
