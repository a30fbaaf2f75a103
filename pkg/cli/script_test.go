package cli

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

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
