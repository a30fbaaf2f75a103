package cli

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/spf13/cobra"
)

// lineWatch is an io.Writer that says when what was written matches.
type lineWatch struct {
	mu   sync.Mutex
	buf  strings.Builder
	re   *regexp.Regexp
	seen chan string
}

func (w *lineWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := w.re.FindStringSubmatch(w.buf.String()); m != nil && w.seen != nil {
		w.seen <- m[1]
		w.seen = nil
	}
	return len(p), nil
}

func (w *lineWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// serveCmd runs `wsdemo serve` with args and opener (for --open) until ctx
// ends, and returns the page's URL and a func that waits for the exit code.
func serveCmd(t *testing.T, ctx context.Context, opener func(string) error, args ...string) (string, *lineWatch, func() int) {
	t.Helper()
	ios, _, out, _ := Test()
	errOut := &lineWatch{re: regexp.MustCompile(`serving (http://\S+/):`), seen: make(chan string, 1)}
	seen := errOut.seen
	ios.ErrOut = errOut
	g := &globalOptions{}
	root := &cobra.Command{Use: "wsdemo", SilenceUsage: true, SilenceErrors: true}
	g.register(root)
	root.AddCommand(newServeCmdWith(ios, g, opener))
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan int, 1)
	go func() {
		err := root.ExecuteContext(ctx)
		done <- report(io.Discard, err, "wsdemo serve", nil)
	}()
	select {
	case url := <-seen:
		return url, errOut, func() int {
			select {
			case code := <-done:
				return code
			case <-time.After(10 * time.Second):
				t.Fatalf("serve did not stop; stdout so far:\n%s", out)
				return -1
			}
		}
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errOut)
	case <-time.After(10 * time.Second):
		t.Fatal("serve never said where the page is")
	}
	return "", nil, nil
}

// Ctrl-C closes every browser's WebSocket with 1001 (going away) and exits
// 130.
func TestServeCtrlCClosesWebSocketsWith1001(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, _, wait := serveCmd(t, ctx, nil, "--json")
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	ws, _, err := websocket.Dial(wctx, "ws"+strings.TrimPrefix(url, "http")+"docs/shared/ws?tab=1",
		&websocket.DialOptions{HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(url, "/")}}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	cancel()
	_, _, err = ws.Read(wctx)
	if code := websocket.CloseStatus(err); code != websocket.StatusGoingAway {
		t.Errorf("the WebSocket ended with %v (%v), want 1001", code, err)
	}
	if code := wait(); code != ExitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
}

// --open uses the system's opener; when there is none, wsdemo says so and
// names the URL to open by hand, and goes on serving.
func TestServeOpen(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		warn string
	}{
		{"opened", nil, ""},
		{"no opener", errors.New("no browser could be opened: xdg-open not found"), "wsdemo: warning: --open: no browser could be opened: xdg-open not found; open http://127.0.0.1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opened := make(chan string, 1)
			url, errOut, wait := serveCmd(t, ctx, func(u string) error { opened <- u; return tc.err }, "--open")
			if got := <-opened; got != url {
				t.Errorf("opened %q, the page is %q", got, url)
			}
			cancel()
			if code := wait(); code != ExitInterrupted {
				t.Errorf("exit %d", code)
			}
			if got := errOut.String(); (tc.warn == "") != !strings.Contains(got, "warning") || !strings.Contains(got, tc.warn) {
				t.Errorf("stderr %q, want %q", got, tc.warn)
			}
		})
	}
}
