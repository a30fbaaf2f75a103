package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

func TestProxyUsageErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		args []string
		code int
		err  string
		hint string
	}{
		{[]string{"proxy"}, ExitUsage, "proxy needs --to: the address of your own server", "proxy --to 127.0.0.1:3000"},
		{[]string{"proxy", "--to", "3000"}, ExitUsage, `--to "3000" is not HOST:PORT`, "--to 127.0.0.1:3000"},
		{[]string{"proxy", "--to", "localhost"}, ExitUsage, `--to "localhost" is not HOST:PORT (for example 127.0.0.1:3000)`, ""},
		{[]string{"proxy", "--to", "127.0.0.1:70000"}, ExitUsage, `--to "127.0.0.1:70000": the port must be a number from 1 to 65535`, ""},
		{[]string{"proxy", "--to", "127.0.0.1:0"}, ExitUsage, `--to "127.0.0.1:0": the port must be a number from 1 to 65535`, ""},
		{[]string{"proxy", "--to", ":3000", "--listen", "nonsense"}, ExitUsage, `--listen "nonsense" is not HOST:PORT`, ""},
		{[]string{"proxy", "--to", "127.0.0.1:8080"}, ExitUsage, "--to and --listen are both 127.0.0.1:8080", ""},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--addr", "127.0.0.1:0"}, ExitUsage, "--addr sets where a demo server listens", ""},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--rtt", "100ms"}, ExitUsage, "--rtt simulates distance", ""},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--delay", "1s"}, ExitUsage, "proxy draws traffic as it happens; it cannot be combined with --step or --delay", ""},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--listen", busy.Addr().String()}, ExitFailure,
			"listen on " + busy.Addr().String() + ": address already in use", "another program listens on " + busy.Addr().String() + "; stop it, or choose another address with --listen"},
	} {
		ios, _, _, errOut := Test()
		code := Run(context.Background(), ios, tc.args)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		if !strings.Contains(errOut.String(), "wsdemo: "+tc.err) || tc.hint != "" && !strings.Contains(errOut.String(), "hint: ") || !strings.Contains(errOut.String(), tc.hint) {
			t.Errorf("%v: stderr %q, want %q and hint %q", tc.args, errOut, tc.err, tc.hint)
		}
	}
}

// The whole command against an upstream that is down: one error event per
// refused connection in --json, the hint once on stderr, and the stop (the
// context's cancellation, as Ctrl-C does) exits 130.
func TestProxyCommandUpstreamDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := free.Addr().String()
	free.Close()

	ios, _, out, errOut := Test()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- Run(ctx, ios, []string{"proxy", "--to", down, "--listen", listen, "--json"}) }()
	var c net.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err = net.Dial("tcp", listen); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the proxy never listened: %v", err)
	}
	for i := range 2 {
		if i > 0 {
			if c, err = net.Dial("tcp", listen); err != nil {
				t.Fatal(err)
			}
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		io.ReadAll(c) // until the proxy closes it
		c.Close()
	}
	cancel()
	if got := <-code; got != ExitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %q", got, errOut)
	}
	var refused int
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var e trace.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("not a JSON line: %q", sc.Text())
		}
		if e.Kind == trace.KindError && strings.Contains(e.Summary, down+" refused the connection") {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("%d refusal events in\n%s", refused, out)
	}
	if n := strings.Count(errOut.String(), "wsdemo: nothing listens on "+down+": start your app first\n"); n != 1 {
		t.Errorf("the hint %d times in stderr %q", n, errOut)
	}
}

func TestProxyDefaults(t *testing.T) {
	if demo.DefaultProxyListen != "127.0.0.1:8080" {
		t.Fatalf("the README promises 127.0.0.1:8080, not %s", demo.DefaultProxyListen)
	}
}

// sharedScreen is one terminal that stdout and stderr both write to.
type sharedScreen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sharedScreen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *sharedScreen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// With stdout and stderr on one screen, the hint about the upstream does
// not land inside the diagram: the diagram's note says it, and stderr gets
// it once the diagram is done, after the summary.
func TestProxyHintOutsideTheDiagram(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := free.Addr().String()
	free.Close()

	ios, _, _, _ := Test()
	screen := &sharedScreen{}
	ios.Out, ios.ErrOut, ios.Width = screen, screen, 1000 // no wrapping
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- Run(ctx, ios, []string{"proxy", "--to", down, "--listen", listen}) }()
	var c net.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err = net.Dial("tcp", listen); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the proxy never listened: %v", err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.ReadAll(c)
	c.Close()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(screen.String(), "Hint: nothing listens on "+down) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if got := <-code; got != ExitInterrupted {
		t.Fatalf("exit %d, want 130; screen %q", got, screen)
	}
	out := screen.String()
	hint := "wsdemo: nothing listens on " + down + ": start your app first\n"
	i, s := strings.Index(out, hint), strings.Index(out, "proxy stopped:")
	if i < 0 || s < 0 || i < s || strings.Count(out, hint) != 1 {
		t.Errorf("the hint at %d, the summary at %d, in\n%s", i, s, out)
	}
	if !strings.Contains(out, "Hint: nothing listens on "+down+": start your app first.") {
		t.Errorf("the diagram does not give the hint:\n%s", out)
	}
}
