package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/spf13/cobra"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
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
// ends, and returns the page's URL, its stderr, a func that waits for the
// exit code, and its stdout (to read once it has exited).
func serveCmd(t *testing.T, ctx context.Context, opener func(string) error, args ...string) (string, *lineWatch, func() int, *bytes.Buffer) {
	t.Helper()
	ios, _, out, _ := Test()
	errOut := &lineWatch{re: regexp.MustCompile(`serving (http://\S+/):`), seen: make(chan string, 1)}
	seen := errOut.seen
	ios.ErrOut = errOut
	g := &globalOptions{}
	root := &cobra.Command{Use: "wsdemo", SilenceUsage: true, SilenceErrors: true}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		g.command = cmd.Name() // as NewRootCmd: --save names the scenario
		return nil
	}
	g.register(root, lang.For(lang.English))
	root.AddCommand(newServeCmdWith(ios, g, opener, nil))
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan int, 1)
	go func() {
		err := root.ExecuteContext(ctx)
		done <- report(io.Discard, err, "wsdemo serve", nil, lang.For(lang.English))
	}()
	select {
	case url := <-seen:
		return url, errOut, func() int {
			select {
			case code := <-done:
				return code
			case <-time.After(10 * time.Second):
				t.Fatalf("serve did not stop")
				return -1
			}
		}, out
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errOut)
	case <-time.After(10 * time.Second):
		t.Fatal("serve never said where the page is")
	}
	return "", nil, nil, nil
}

// Ctrl-C closes every browser's WebSocket with 1001 (going away) and exits
// 130.
func TestServeCtrlCClosesWebSocketsWith1001(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, _, wait, _ := serveCmd(t, ctx, nil, "--json")
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
			url, errOut, wait, _ := serveCmd(t, ctx, func(u string) error { opened <- u; return tc.err }, "--open")
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

// runServe runs `wsdemo serve` with args while testkit.PlayBrowser walks the
// page's paths (a Go client in a browser's place), then stops it as Ctrl-C
// does, and returns what it drew.
func runServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, errOut, wait, out := serveCmd(t, ctx, nil, args...)
	pctx, pcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer pcancel()
	if err := testkit.PlayBrowser(pctx, url); err != nil {
		t.Errorf("the Go client in the browser's place: %v", err)
	}
	cancel()
	if code := wait(); code != ExitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %s", code, errOut)
	}
	return out.String()
}

// serve --save: show draws the saved trace exactly as serve drew it: the
// tabs as actors, the browsers' meanings, the long poll's held time, the
// summary's rows.
func TestServeShowRedrawsWhatItDrew(t *testing.T) {
	for _, c := range []struct{ run, show []string }{
		{nil, nil},
		{[]string{"--raw", "-v"}, []string{"--raw", "-v"}},
	} {
		t.Run(strings.Join(c.run, " "), func(t *testing.T) {
			t.Parallel()
			saved := filepath.Join(t.TempDir(), "serve.jsonl")
			live := runServe(t, append(c.run, "--save", saved)...)
			for _, want := range []string{"from tab-1", "held ", "served 2 tabs on "} {
				if !strings.Contains(live, want) {
					t.Errorf("serve drew no %q:\n%s", want, live)
				}
			}
			code, replay, errOut := runCLI(t, append([]string{"show", saved}, c.show...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("show: exit %d, %s", code, errOut)
			}
			if replay != live {
				t.Errorf("show draws\n%s\nserve drew\n%s", replay, live)
			}
		})
	}
}

// A serve trace is drawn in the other language as a run in that language
// draws it. Recorded in pt-BR, shown --lang en and saved from there (an
// English trace), then shown --lang pt-BR: the pt-BR run's drawing, byte
// for byte; the English in between has no Portuguese word left. Recorded
// in English, shown --lang pt-BR: no English word left (englishIn), and
// said back in English, the English run's drawing. Each run is compared
// with its own trace said twice: two runs' traffic differs (which of a
// long poll and an edit comes first, the connections a client reuses).
func TestServeShowSaysItInTheOtherLanguage(t *testing.T) {
	portuguese := regexp.MustCompile(`\b(não|é|são|conexão|requisição|mensagem|então|também|quando|nenhum|já|aba|abas)\b|ção\b`)
	for _, c := range []struct {
		rec, other string
		want       []string // in the drawing said in the other language
	}{
		{"en", "pt-BR", []string{"requisições da aba 1", "2 abas servidas em", "página estrangeira: o site estrangeiro",
			"O servidor manda um ping (RFC 6455 §5.5.2): uma vez quando o WebSocket abre, e depois a cada 15s"}},
		{"pt-BR", "en", []string{"carried tab-1's requests", "served 2 tabs on", "the foreign site at",
			"The server pings (RFC 6455 §5.5.2): once when the WebSocket opens, then every 15s"}},
	} {
		t.Run(c.rec, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			saved, said := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "said.jsonl")
			live := runServe(t, "--lang", c.rec, "--save", saved)
			code, other, errOut := runCLI(t, "show", saved, "--lang", c.other, "--save", said)
			if code != 0 || errOut != "" {
				t.Fatalf("show --lang %s: exit %d, %s", c.other, code, errOut)
			}
			if c.other == "pt-BR" {
				if words := englishIn(other); len(words) > 0 {
					t.Errorf("English in show --lang pt-BR of an English serve trace:\n%s\n\n%s", strings.Join(words, "\n"), other)
				}
			} else if w := portuguese.FindString(other); w != "" {
				t.Errorf("show --lang en of a pt-BR serve trace says %q:\n%s", w, other)
			}
			flat := strings.Join(strings.Fields(strings.ReplaceAll(other, "│", " ")), " ")
			for _, want := range c.want {
				if !strings.Contains(flat, want) {
					t.Errorf("show --lang %s drew no %q:\n%s", c.other, want, other)
				}
			}
			code, back, errOut := runCLI(t, "show", said, "--lang", c.rec)
			if code != 0 || back != live {
				t.Errorf("said in %s and back (exit %d, %s), show draws\n%s\nthe %s run drew\n%s", c.other, code, errOut, back, c.rec, live)
			}
		})
	}
}

// With --lang pt-BR every word serve writes about the browsers' traffic is
// Portuguese but the protocol's tokens and the wire's data (englishIn, as
// testdata/script/pt_br.txtar checks the other demos); in English the
// checker finds English, so it can fail.
func TestServeSpeaksPortuguese(t *testing.T) {
	t.Parallel()
	pt := runServe(t, "--lang", "pt-BR")
	if words := englishIn(pt); len(words) > 0 {
		t.Errorf("English in serve --lang pt-BR:\n%s\n\n%s", strings.Join(words, "\n"), pt)
	}
	for _, want := range []string{"NAVEGADOR", "da aba 1", "requisições da aba 1", "2 abas servidas em", "página estrangeira: o site estrangeiro"} {
		if !strings.Contains(strings.Join(strings.Fields(pt), " "), want) {
			t.Errorf("serve --lang pt-BR drew no %q", want)
		}
	}
	if words := englishIn(runServe(t)); len(words) == 0 {
		t.Error("the checker found no English in serve's English run")
	}
}

// The default port taken (often by a serve left running elsewhere): the
// hint names the command that picks a free one, as the learner types it.
func TestServeDefaultPortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", demo.DefaultServeAddr)
	if err == nil {
		defer ln.Close()
	} else if !errors.Is(err, syscall.EADDRINUSE) {
		t.Skipf("cannot hold %s: %v", demo.DefaultServeAddr, err)
	} // else someone else holds it: the same case
	code, _, errOut := runCLI(t, "serve")
	want := "hint: is another " + command("serve") + " still running? " + command("serve", "--addr", "127.0.0.1:0") + " lets the system pick a free port\n"
	if code != ExitFailure || !strings.Contains(errOut, "address already in use") || !strings.HasSuffix(errOut, want) {
		t.Errorf("exit %d, stderr %q\nwant exit 1 and the hint %q", code, errOut, want)
	}
}
