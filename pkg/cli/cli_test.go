package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
)

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"http", "--json"}, ExitOK, ""},
		{[]string{"http", "--bogus"}, ExitUsage, "unknown flag: --bogus"},
		{[]string{"bogus"}, ExitUsage, `unknown command "bogus"`},
		{[]string{"http", "--delay", "fast"}, ExitUsage, `--delay "fast" is not a duration: write a number and a unit, e.g. 500ms`},
		{[]string{"http", "--timeout", "0s"}, ExitUsage, "--timeout must be positive"},
		{[]string{"http", "--addr", "127.0.0.1:99999"}, ExitUsage, `--addr "127.0.0.1:99999": port must be a number from 0 to 65535`},
		// The same port in --url is the same mistake: a usage error, not a
		// network failure.
		{[]string{"handshake", "--url", "ws://127.0.0.1:99999/"}, ExitUsage, `--url "ws://127.0.0.1:99999/": port must be a number from 1 to 65535`},
		{[]string{"duplex", "--url", "ws://127.0.0.1:99999/"}, ExitUsage, `--url "ws://127.0.0.1:99999/": port must be a number from 1 to 65535`},
		{[]string{"http", "--delay", "11s"}, ExitUsage, "--delay 11s is too long: at most 10s between events"},
		{[]string{"http", "--timeout", "25h"}, ExitUsage, "--timeout 25h is too long: at most 24h"},
		// Too large for a time.Duration: pflag says "invalid duration".
		{[]string{"http", "--timeout", "9999999h"}, ExitUsage, `--timeout "9999999h" is too long: at most 24h`},
		{[]string{"duplex", "--interval", "99999999999h"}, ExitUsage, `--interval "99999999999h" is too long: at most 2562047h47m16.854775807s`},
	} {
		ios, _, _, errOut := Test()
		code := Run(context.Background(), ios, tc.args)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		if tc.err != "" && !strings.Contains(errOut.String(), "wsdemo: "+tc.err) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, errOut, tc.err)
		}
	}
}

func TestInterruptedRunExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ios, _, _, errOut := Test()
	if code := Run(ctx, ios, []string{"http"}); code != ExitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %q", code, errOut)
	}
}

// A run stopped by SIGTERM exits 143 (128 + 15), by Ctrl-C 130, and each
// says which; a closed stdout pipe exits 141 without a word.
func TestStoppedRunExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		cause error
		code  int
		say   string
	}{
		{"SIGINT", context.Canceled, stoppedBy{syscall.SIGINT}, ExitInterrupted, "wsdemo: interrupted\n"},
		{"SIGTERM", context.Canceled, stoppedBy{syscall.SIGTERM}, ExitTerminated, "wsdemo: terminated\n"},
		{"SIGTERM, whatever the scenario said", errors.New("close the WebSocket: timeout"), stoppedBy{syscall.SIGTERM}, ExitTerminated, "wsdemo: terminated\n"},
		{"closed pipe", fmt.Errorf("write diagram: %w", &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}), nil, ExitBrokenPipe, ""},
	} {
		var errOut strings.Builder
		if code := report(&errOut, tc.err, "wsdemo duplex", tc.cause, lang.For(lang.English)); code != tc.code || errOut.String() != tc.say {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", tc.name, code, errOut.String(), tc.code, tc.say)
		}
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(stoppedBy{syscall.SIGTERM})
	ios, _, _, errOut := Test()
	if code := Run(ctx, ios, []string{"http"}); code != ExitTerminated {
		t.Fatalf("Run after SIGTERM: exit %d, want 143; stderr %q", code, errOut)
	}
}

func TestNonLoopbackAddrWarns(t *testing.T) {
	ios, _, _, errOut := Test()
	g := &globalOptions{addr: "0.0.0.0:0", timeout: 1}
	if _, err := g.validate(ios); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "beyond this machine's loopback") {
		t.Fatalf("no warning: %q", errOut)
	}
}

// NO_COLOR keeps the step prompt on a terminal (it needs cursor movement,
// not colour); TERM=dumb cannot move the cursor, so it gets none.
func TestStepPromptTerminals(t *testing.T) {
	g := &globalOptions{step: true}
	for _, tc := range []struct {
		name string
		ios  IOStreams
		want bool
	}{
		{"NO_COLOR", IOStreams{StdoutTTY: true, NoColorEnv: true}, true},
		{"TERM=dumb", IOStreams{StdoutTTY: true, NoColorEnv: true, DumbTerminal: true}, false},
		{"a pipe", IOStreams{}, false},
	} {
		if got := g.renderOptions(&tc.ios).OutTerminal; got != tc.want {
			t.Errorf("%s: OutTerminal = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Each common network failure gets its hint, found through the error chain.
func TestHintFor(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("connect: %w", syscall.ECONNREFUSED), "nothing is listening there"},
		{fmt.Errorf("look up: %w", &net.DNSError{Err: "no such host", Name: "nope.invalid", IsNotFound: true}), "no such host name"},
		{fmt.Errorf("look up: %w", &net.DNSError{Err: "server misbehaving", Name: "x.example", IsTemporary: true}), "the host name could not be looked up"},
		{fmt.Errorf("read: %w", syscall.ECONNRESET), "the other side reset the connection"},
		{&demo.HandshakeError{URL: "ws://x/", Status: 404, Reason: "Not Found"}, "nothing at that path"},
		{fmt.Errorf("dial: %w", &demo.HandshakeError{URL: "ws://x/", Status: 101, Problem: "invalid Sec-WebSocket-Accept"}), "the server did not compute base64"},
		{fmt.Errorf("listen: %w", syscall.EADDRINUSE), "another program uses that port"},
		// A name that came from --addr: the hint names --addr, not --url.
		{&server.ListenError{Addr: "nope.invalid:8080", Err: &net.DNSError{Err: "no such host", Name: "nope.invalid", IsNotFound: true}}, "no such host name; check its spelling in --addr"},
		{errors.New("something else"), ""},
	} {
		if got := hintFor(lang.For(lang.English), tc.err); !strings.HasPrefix(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("hintFor(%v) = %q, want %q…", tc.err, got, tc.want)
		}
	}
}

// --lang picks the language of the notes; $LANG (IOStreams.Lang) is the
// default; a language without notes is a usage error.
func TestLangOfNotes(t *testing.T) {
	for _, tc := range []struct {
		name, iosLang string
		args          []string
		code          int
		want          string
	}{
		{"default", "", []string{"http"}, ExitOK, "HTTP rides on a TCP connection"},
		{"--lang", "", []string{"http", "--lang", "pt-BR"}, ExitOK, "O HTTP viaja sobre uma conexão TCP"},
		{"from $LANG", "pt-BR", []string{"http"}, ExitOK, "O HTTP viaja sobre uma conexão TCP"},
		{"--lang beats $LANG", "pt-BR", []string{"http", "--lang", "en"}, ExitOK, "HTTP rides on a TCP connection"},
		{"unknown", "", []string{"http", "--lang", "fr"}, ExitUsage, `--lang "fr": wsdemo speaks en, pt-BR`},
	} {
		ios, _, out, errOut := Test()
		ios.Lang = tc.iosLang
		if code := Run(context.Background(), ios, tc.args); code != tc.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tc.name, code, tc.code, errOut)
			continue
		}
		if got := out.String() + errOut.String(); !strings.Contains(strings.Join(strings.Fields(got), " "), tc.want) {
			t.Errorf("%s: output lacks %q", tc.name, tc.want)
		}
	}
}

// System reads $LANG as the shell spells it into the language wsdemo speaks.
func TestSystemReadsLANG(t *testing.T) {
	for env, want := range map[string]string{"pt_BR.UTF-8": "pt-BR", "en_US.UTF-8": "en", "fr_FR.UTF-8": "en", "": "en"} {
		t.Setenv("LANG", env)
		if got := System().Lang; got != want {
			t.Errorf("LANG=%q: Lang = %q, want %q", env, got, want)
		}
	}
}
