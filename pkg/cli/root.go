// Package cli is wsdemo's command tree. It turns flags into options, runs a
// scenario from pkg/demo into a trace.Recorder, renders it with pkg/render,
// and maps errors to exit codes. Nothing below this package writes to the
// process's stdout or stderr directly.
package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Main runs wsdemo with the process's arguments and streams and returns the
// exit code.
func Main() int {
	ctx, stop := context.WithCancelCause(context.Background())
	defer stop(nil)
	// The first Ctrl-C or SIGTERM closes politely (1001, going away); once
	// it has arrived, a second one gets Go's default: stop now.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			if sig, ok := s.(syscall.Signal); ok {
				stop(stoppedBy{sig})
			} else {
				stop(stoppedBy{syscall.SIGINT})
			}
		case <-ctx.Done():
		}
	}()
	// A reader that goes away (wsdemo duplex | head -1) must not kill
	// wsdemo in the middle of a demo, as Go does on a write to a closed
	// stdout unless SIGPIPE is notified: with it notified the write fails
	// with EPIPE instead, and the demo closes its WebSocket (1001) before
	// exiting 141 (see report).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ios := System()
	// net/http logs a few protocol oddities (an unsolicited response from a
	// --url server) with the log package; say they come from us.
	log.SetOutput(ios.ErrOut)
	log.SetFlags(0)
	log.SetPrefix("wsdemo: ")
	return Run(ctx, ios, os.Args[1:])
}

// Run executes one wsdemo command line and returns its exit code.
func Run(ctx context.Context, ios *IOStreams, args []string) int {
	root := NewRootCmd(ios)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && isCobraUsageError(err) {
		err = usageError{err}
	}
	path := "wsdemo"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	var stopped error
	if ctx.Err() != nil {
		stopped = context.Cause(ctx)
	}
	return report(ios.ErrOut, err, path, stopped)
}

// stoppedBy is the cause of a run stopped by a signal (Ctrl-C, SIGTERM):
// the exit code says which, 128 + its number, as a shell would.
type stoppedBy struct{ sig syscall.Signal }

func (s stoppedBy) Error() string { return "stopped by " + s.sig.String() }

// isCobraUsageError recognises the errors cobra itself returns for a command
// line it cannot parse (unknown command or flag, bad arguments).
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "bad flag syntax"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// NewRootCmd builds the whole command tree around ios. It is a function, not
// a package variable, so each test gets a fresh tree.
func NewRootCmd(ios *IOStreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "wsdemo",
		Short: "See HTTP and WebSocket for real: every byte on the wire, decoded and explained",
		Long: `wsdemo teaches the difference between HTTP and WebSocket by showing the
real thing. Each command starts a real server and a real client on your machine
(127.0.0.1), taps the TCP connection between them, decodes the exact bytes that
crossed it and draws them as an annotated sequence diagram. Nothing on screen
is scripted.

New here? Start with the lessons:  wsdemo learn`,
		Example: `  wsdemo learn                   # lessons; continues where you stopped
  wsdemo http                    # REST: stateless, the client always asks
  wsdemo http --step             # one message per Enter (for class)
  wsdemo http --json | jq .kind  # the trace as JSON lines`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{friendlierFlagError(err)} })
	root.CompletionOptions.HiddenDefaultCmd = true
	// Flag help wraps at 80 columns instead of running off the screen.
	// Template functions are global to cobra: register ours once.
	registerTemplateFuncs.Do(func() {
		cobra.AddTemplateFunc("wrappedFlagUsages", func(fs *pflag.FlagSet) string { return fs.FlagUsagesWrapped(80) })
	})
	tmpl := root.UsageTemplate()
	tmpl = strings.ReplaceAll(tmpl, ".LocalFlags.FlagUsages", "wrappedFlagUsages .LocalFlags")
	tmpl = strings.ReplaceAll(tmpl, ".InheritedFlags.FlagUsages", "wrappedFlagUsages .InheritedFlags")
	root.SetUsageTemplate(tmpl)
	g.register(root)
	root.AddCommand(
		newLearnCmd(ios, g),
		newLessonsCmd(ios, g),
		newHTTPCmd(ios, g),
		newHandshakeCmd(ios, g),
		newDuplexCmd(ios, g),
		newRealtimeCmd(ios, g),
	)
	return root
}

var registerTemplateFuncs sync.Once

// version is the module version when built from a tagged module, else "dev"
// with the VCS revision when known.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			return "dev (" + s.Value[:7] + ")"
		}
	}
	return "dev"
}

// noArgs is cobra.NoArgs as a usage error with a friendlier message.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// badDuration matches pflag's error for a duration flag it cannot parse:
// invalid argument "fast" for "--delay" flag: time: invalid duration "fast".
var badDuration = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: time: `)

// durationSyntax matches what time.ParseDuration accepts (without a sign):
// a value it refuses although it matches is one that overflows.
var durationSyntax = regexp.MustCompile(`^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$`)

// friendlierFlagError says what a duration looks like, which pflag's error
// (from time.ParseDuration) does not, and says that a well-formed duration
// too large for Go's time.Duration (about 292 years) is too long rather
// than "not a duration".
func friendlierFlagError(err error) error {
	m := badDuration.FindStringSubmatch(err.Error())
	switch {
	case m == nil:
		return err
	case durationSyntax.MatchString(strings.TrimPrefix(m[1], "+")):
		limit, ok := durationBounds[m[2]]
		if !ok {
			limit = time.Duration(math.MaxInt64)
		}
		return fmt.Errorf("%s %q is too long: at most %s", m[2], m[1], shortDuration(limit))
	}
	return fmt.Errorf("%s %q is not a duration: write a number and a unit, e.g. 500ms, 2s or 1m", m[2], m[1])
}

var errStepNeedsTerminal = errors.New("--step waits for Enter and needs a terminal on standard input")

func warnf(ios *IOStreams, format string, args ...any) {
	fmt.Fprintf(ios.ErrOut, "wsdemo: warning: "+format+"\n", args...)
}
