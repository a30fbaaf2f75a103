package cli

import (
	"net"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"
)

// TestMain lets testscript run the real wsdemo binary (this test binary in
// disguise) and then checks that no test left a goroutine behind.
func TestMain(m *testing.M) {
	code := testscript.RunMain(m, map[string]func() int{
		"wsdemo": Main,
	})
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goleak: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
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
