package cli

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/spf13/cobra"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/lang"
)

// echoServer is the echo exercise done right (asBinary: every echo sent as
// binary, which fails its second check), on coder/websocket.
func echoServer(asBinary bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(1 << 20)
		for {
			typ, msg, err := c.Read(context.Background())
			if err != nil {
				return
			}
			if asBinary {
				typ = websocket.MessageBinary
			}
			if c.Write(context.Background(), typ, msg) != nil {
				return
			}
		}
	})
}

// serveAt serves h at addr (a listener the test can stop and start again,
// as a learner restarts a server), returning a stop function.
func serveAt(t *testing.T, addr string, h http.Handler) (stop func()) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger a moment after a stop
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	var wg sync.WaitGroup
	wg.Go(func() { _ = srv.Serve(ln) })
	var once sync.Once
	stop = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_ = srv.Shutdown(ctx)
			_ = srv.Close()
			wg.Wait()
		})
	}
	t.Cleanup(stop)
	return stop
}

// runF sees the options a command line settles on, without a network.
func TestCheckOptions(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		slug  string
		addr  string
		path  string
		watch bool
	}{
		{[]string{"check", "echo"}, "echo", "127.0.0.1:8080", "/", false},
		{[]string{"check", "2", "--url", "ws://localhost:9000/ws", "--watch"}, "echo", "localhost:9000", "/ws", true},
		{[]string{"check", "rest"}, "rest", "127.0.0.1:8080", "/", false},
		{[]string{"check", "rest", "--url", "http://127.0.0.1/api/"}, "rest", "127.0.0.1:80", "/api/", false},
	} {
		ios, _, _, _ := Test()
		root := &cobra.Command{Use: "wsdemo", SilenceErrors: true, SilenceUsage: true}
		var got *CheckOptions
		g := &globalOptions{}
		g.register(root, lang.For(lang.English))
		root.AddCommand(NewCmdCheck(ios, g, func(o *CheckOptions) error { got = o; return nil }))
		root.SetArgs(tc.args)
		if _, err := root.ExecuteC(); err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if got == nil || got.Exercise.Slug != tc.slug || got.Target.Addr != tc.addr || got.Target.Path != tc.path || got.Watch != tc.watch {
			t.Errorf("%v: options %+v", tc.args, got)
		}
	}
}

func TestCheckUsageErrors(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	for _, tc := range []struct {
		args []string
		err  string
		hint string
	}{
		{[]string{"check", "nope"}, `no exercise is named "nope"; the exercises are rest, echo, push, broadcast, origin, robust`, "exercises lists them"},
		{[]string{"check"}, "check needs one exercise to check: rest, echo", "for example:"},
		{[]string{"check", "echo", "--url", "echo.example"}, `--url: "echo.example" has no scheme; write it as ws://echo.example`, "the task's server listens at ws://127.0.0.1:8080/"},
		{[]string{"check", "echo", "--url", "wss://127.0.0.1:8080/"}, "--url: \"wss://127.0.0.1:8080/\": the checks talk to a server on your machine without TLS; use ws:// or http://", ""},
		{[]string{"check", "echo", "--url", "ws://127.0.0.1:99999/"}, "--url: \"ws://127.0.0.1:99999/\": the port must be a number from 1 to 65535", ""},
		{[]string{"check", "echo", "--addr", "127.0.0.1:9"}, "--addr is for the demos' own server", ""},
		{[]string{"check", "echo", "--watch", "--save", "x.jsonl"}, "--save keeps the trace of one run", ""},
		{[]string{"exercise", "nope"}, `no exercise is named "nope"`, ""},
	} {
		ios, _, _, errOut := Test()
		if code := Run(context.Background(), ios, tc.args); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, code, errOut)
		}
		if !strings.Contains(errOut.String(), "wsdemo: "+tc.err) || !strings.Contains(errOut.String(), tc.hint) {
			t.Errorf("%v: stderr %q lacks %q / %q", tc.args, errOut, tc.err, tc.hint)
		}
	}
}

// A server that is not running: one clear line and what to do, exit 1.
func TestCheckServerDown(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	addr := testkit.FreeAddr(t)
	ios, _, out, errOut := Test()
	if code := Run(context.Background(), ios, []string{"check", "echo", "--url", "ws://" + addr + "/"}); code != ExitFailure {
		t.Fatalf("exit %d, want 1", code)
	}
	want := "wsdemo: nothing is listening at " + addr + ": your server is not running there\n" +
		"hint: start your server first (wsdemo exercise echo says how), or add --watch to wait for it\n"
	if errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if strings.Contains(out.String(), "check 1") {
		t.Errorf("a check was drawn for a server that is down:\n%s", out)
	}
}

// A passing run exits 0 and records the pass; a failing one exits 1 after
// the failing exchange's bytes, the rule and a hint.
func TestCheckPassAndFail(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	addr := testkit.FreeAddr(t)
	stop := serveAt(t, addr, echoServer(true))
	ios, _, out, errOut := Test()
	if code := Run(context.Background(), ios, []string{"check", "echo", "--url", "ws://" + addr + "/"}); code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr %q", code, errOut)
	}
	for _, want := range []string{
		"✗ failed: a text message comes back as the same text",
		"The exchange that failed, byte by byte:",
		"0000  82 ",
		"✗ echo: check 2 of 7 failed: a text message comes back as the same text",
		"The rule: a text frame carries UTF-8 text (opcode 0x1)",
		"Hint: read a message and write it back with the type you read",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if got := errOut.String(); got != "wsdemo: exercise echo: check 2 of 7 failed (echo-text)\n" {
		t.Errorf("stderr %q", got)
	}
	stop()

	serveAt(t, addr, echoServer(false))
	ios, _, out, errOut = Test()
	if code := Run(context.Background(), ios, []string{"check", "echo", "--url", "ws://" + addr + "/"}); code != ExitOK {
		t.Fatalf("exit %d, want 0; stderr %q\n%s", code, errOut, out)
	}
	if !strings.Contains(out.String(), "✓ echo: all 7 checks pass.") || !strings.Contains(out.String(), "Next: wsdemo exercise rest (after lesson 1)") {
		t.Errorf("stdout:\n%s", out)
	}
	ios, _, out, _ = Test()
	if code := Run(context.Background(), ios, []string{"exercises"}); code != ExitOK {
		t.Fatal(code)
	}
	if !strings.Contains(out.String(), "Exercises: 1 of 7 passed") || !strings.Contains(out.String(), "2. echo       passed") {
		t.Errorf("exercises:\n%s", out)
	}
}

// In Portuguese, the run says nothing in English but the protocol's words
// and the wire's bytes.
func TestCheckSpeaksPortuguese(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	addr := testkit.FreeAddr(t)
	serveAt(t, addr, echoServer(true))
	ios, _, out, errOut := Test()
	Run(context.Background(), ios, []string{"check", "echo", "--url", "ws://" + addr + "/", "--lang", "pt-BR"})
	if found := englishIn(out.String() + errOut.String()); len(found) > 0 {
		t.Errorf("English in a pt-BR run:\n%s", strings.Join(found, "\n"))
	}
	if !strings.Contains(out.String(), "A troca que falhou, byte a byte:") {
		t.Errorf("stdout:\n%s", out)
	}
}

// --watch checks, waits while the server is down, checks again when it is
// back, and stops on Ctrl-C with 130.
func TestCheckWatchesRestarts(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	addr := testkit.FreeAddr(t)
	stop := serveAt(t, addr, echoServer(false))
	ios, _, _, _ := Test()
	out := &testkit.SyncBuffer{}
	ios.Out = out
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- Run(ctx, ios, []string{"check", "echo", "--watch", "--url", "ws://" + addr + "/"}) }()
	waitFor := func(what string, n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(out.String(), what) < n {
			if time.Now().After(deadline) {
				t.Fatalf("no %d× %q in:\n%s", n, what, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("✓ echo: all 7 checks pass.", 1)
	waitFor("Watching "+addr, 1)
	stop()
	waitFor("Your server at "+addr+" stopped; waiting for it to come back", 1)
	serveAt(t, addr, echoServer(true))
	waitFor("✗ echo: check 2 of 7 failed", 1)
	waitFor("Watching "+addr, 2)
	cancel()
	select {
	case c := <-code:
		if c != ExitInterrupted {
			t.Errorf("exit %d, want 130", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop on Ctrl-C")
	}
}

// exercise prints the task with its checks listed from the checks.
func TestExercisePrintsTask(t *testing.T) {
	ios, _, out, _ := Test()
	if code := Run(context.Background(), ios, []string{"exercise", "echo"}); code != ExitOK {
		t.Fatal(code)
	}
	for _, want := range []string{"# A WebSocket echo server", "1. **The opening handshake is accepted** (`handshake`).", "7. **A close frame is answered by a close frame** (`close`).", "github.com/coder/websocket", "wsdemo check echo"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "```checks") {
		t.Error("the checks block was not replaced")
	}
}
