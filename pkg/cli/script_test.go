package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"
)

// TestMain lets testscript run the real wsdemo binary (this test binary in
// disguise) and then checks that no test left a goroutine behind.
func TestMain(m *testing.M) {
	testscript.Main(leakChecked{m}, map[string]func(){
		"wsdemo": func() { os.Exit(Main()) },
	})
}

// leakChecked runs the tests, then fails the run if any of them left a
// goroutine behind: testscript.Main exits with what Run returns.
type leakChecked struct{ m *testing.M }

func (l leakChecked) Run() int {
	code := l.m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goleak: " + err.Error() + "\n")
			code = 1
		}
	}
	return code
}

// TestScripts runs testdata/script/*.txtar: the CLI end to end.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("WSDEMO_HOME", env.WorkDir+"/home")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// interrupt-when REGEXP CODE PROGRAM ARGS...: run PROGRAM, send it
			// SIGINT (Ctrl-C) as soon as its stdout matches REGEXP, and check
			// that it exits with CODE; its stdout and stderr are kept for
			// the stdout and stderr lines that follow. Waiting for output,
			// not for a time, holds on a loaded machine.
			"interrupt-when": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 3 {
					ts.Fatalf("usage: interrupt-when REGEXP CODE PROGRAM ARGS...")
				}
				re, err := regexp.Compile(args[0])
				ts.Check(err)
				want, err := strconv.Atoi(args[1])
				ts.Check(err)
				cmd := exec.Command(args[2], args[3:]...)
				cmd.Dir = ts.MkAbs(".")
				cmd.Env = append(os.Environ(), "WSDEMO_HOME="+ts.Getenv("WSDEMO_HOME"))
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.StdoutPipe()
				ts.Check(err)
				ts.Check(cmd.Start())
				var stdout bytes.Buffer
				sc := bufio.NewScanner(out)
				sc.Buffer(nil, 1<<20)
				sent := false
				for sc.Scan() {
					stdout.Write(append(sc.Bytes(), '\n'))
					if !sent && re.Match(sc.Bytes()) {
						ts.Check(cmd.Process.Signal(os.Interrupt))
						sent = true
					}
				}
				err = cmd.Wait()
				ts.Stdout().Write(stdout.Bytes())
				ts.Stderr().Write(stderr.Bytes())
				if !sent {
					ts.Fatalf("%s never printed a line matching %q", args[2], args[0])
				}
				if code := cmd.ProcessState.ExitCode(); code != want {
					ts.Fatalf("%s exited %d (%v), want %d", args[2], code, err, want)
				}
			},
			// portuguese FILE: FILE (stdout, say) is a pt-BR screen with no
			// English left outside the protocol's tokens and the wire's
			// data (englishIn, english_test.go). ! portuguese FILE: it has
			// some, as an English run does.
			"portuguese": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: portuguese FILE")
				}
				found := englishIn(ts.ReadFile(args[0]))
				switch {
				case neg && len(found) == 0:
					ts.Fatalf("%s has no English word", args[0])
				case !neg && len(found) > 0:
					ts.Fatalf("%s has English:\n%s", args[0], strings.Join(found, "\n"))
				}
			},
			// holdport VAR: occupy a loopback port and put its address in $VAR.
			"holdport": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: holdport VAR")
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				ts.Check(err)
				ts.Defer(func() { ln.Close() })
				ts.Setenv(args[0], ln.Addr().String())
			},
			// webapp VAR: run a small web app on loopback, the learner's own
			// server as wsdemo proxy sees one, and put its address in $VAR:
			// GET / answers a page, /ws echoes WebSocket messages,
			// compressing each with permessage-deflate when the client
			// offers it.
			"webapp": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: webapp VAR")
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				ts.Check(err)
				srv := &http.Server{Handler: webapp(), ReadHeaderTimeout: 10 * time.Second}
				done := make(chan struct{})
				go func() {
					defer close(done)
					srv.Serve(ln)
				}()
				ts.Defer(func() {
					srv.Close()
					<-done
				})
				ts.Setenv(args[0], ln.Addr().String())
			},
			// visit ADDR: browse the app behind ADDR, once ADDR accepts
			// connections (wsdemo proxy started in the background): GET /,
			// then a WebSocket to /ws offering permessage-deflate, two
			// messages echoed, and the closing handshake.
			"visit": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: visit ADDR")
				}
				ts.Check(visit(args[0]))
			},
			// freeport VAR: put a loopback address no one listens on (yet) in
			// $VAR, for a demo that must know its --addr before it starts.
			"freeport": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: freeport VAR")
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				ts.Check(err)
				ts.Setenv(args[0], ln.Addr().String())
				ts.Check(ln.Close())
			},
		},
	})
}

// webapp is the handler of the webapp command.
func webapp() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>app</title><p>hello</p>\n")
	})
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionContextTakeover, CompressionThreshold: 1})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				return // the client's close, answered by the library
			}
			if err := c.Write(ctx, typ, msg); err != nil {
				return
			}
		}
	})
	return mux
}

// visit is the visit command.
func visit(addr string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	for { // until the proxy listens
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/", nil)
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			break
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s never accepted a connection: %w", addr, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	c, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws", &websocket.DialOptions{HTTPClient: client,
		CompressionMode: websocket.CompressionContextTakeover, CompressionThreshold: 1})
	if err != nil {
		return err
	}
	defer c.CloseNow()
	for _, m := range []string{"hello, hello, hello", "hello, hello, hello again"} {
		if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			return err
		}
		if _, got, err := c.Read(ctx); err != nil || string(got) != m {
			return fmt.Errorf("echo of %q: %q, %v", m, got, err)
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, "bye"); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}
