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

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
)

// Main runs wsdemo with the process's arguments and streams and returns the
// exit code.
func Main() int {
	ios := System()
	// net/http logs a few protocol oddities (an unsolicited response from a
	// --url server) with the log package; say they come from us.
	log.SetOutput(ios.ErrOut)
	log.SetFlags(0)
	log.SetPrefix("wsdemo: ")
	// The terminal goes back as it was whatever way wsdemo ends: a demo
	// stepped in raw mode restores it itself, even when it panics; this
	// covers a return that skipped that (and a signal: see signals).
	defer ios.Input().Restore()
	sig := &signals{restore: ios.Input().Restore}
	defer sig.stop()
	return run(context.Background(), ios, os.Args[1:], sig)
}

// Run executes one wsdemo command line and returns its exit code.
func Run(ctx context.Context, ios *IOStreams, args []string) int {
	return run(ctx, ios, args, nil)
}

// run is Run; with sig, Ctrl-C and SIGTERM are caught (see signals).
//
// Ctrl-C pressed while keys are read in raw mode (a step, duplex -i)
// arrives as a byte, not as SIGINT: the Input restores the terminal and
// calls its interrupt hook, which stops the run as SIGINT does (exit 130,
// WebSockets closed with 1001).
func run(ctx context.Context, ios *IOStreams, args []string, sig *signals) int {
	return runWith(ctx, ios, args, sig, runHooks{})
}

// runWith is run with the scenarios' run replaced by hooks (see runHooks).
func runWith(ctx context.Context, ios *IOStreams, args []string, sig *signals, hooks runHooks) int {
	ctx, interrupt := context.WithCancelCause(ctx)
	defer interrupt(nil)
	ios.Input().SetInterrupt(func() { interrupt(stoppedBy{syscall.SIGINT}) })
	ios.cliLang = cliLanguage(ios.Lang, args)
	root := newRootCmd(ios, hooks)
	if sig != nil {
		pre := root.PersistentPreRunE
		root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
			cmd.SetContext(sig.notify(cmd.Context()))
			return pre(cmd, args)
		}
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && isCobraUsageError(err) {
		err = usageError{sayCobra(err)}
	}
	path := "wsdemo"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	return report(ios.ErrOut, err, path, stopCause(ctx, sig), lang.For(ios.cliLang))
}

// cliLanguage is the language of what the command line says before and
// around a command (its help, its usage errors, "interrupted"): --lang if
// args give a language wsdemo speaks, else env (IOStreams.Lang). It is
// read before cobra parses the flags, because the help texts are built
// with the command tree.
func cliLanguage(env string, args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, known := lang.Match(v); known {
				return l
			}
		}
	}
	return env
}

// stopCause is why the run was stopped early: the signal that arrived (a
// stoppedBy), else the cause of a cancelled ctx, else nil.
func stopCause(ctx context.Context, sig *signals) error {
	if c := sig.cause(); c != nil {
		return c
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// stoppedBy is the cause of a run stopped by a signal (Ctrl-C, SIGTERM):
// the exit code says which, 128 + its number, as a shell would.
type stoppedBy struct{ sig syscall.Signal }

func (s stoppedBy) Error() string { return "stopped by " + s.sig.String() }

// signals catches Ctrl-C and SIGTERM for the command being run, from the
// moment it runs: help, --version and usage errors never need it, and
// setting it up costs every start two goroutines (so two threads) and
// about 1.5 ms, a tenth of what an empty Go program takes to start.
//
// The first Ctrl-C or SIGTERM closes politely (1001, going away); once it
// has arrived, a second one gets Go's default: stop now.
type signals struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	// restore puts the terminal back out of raw mode as soon as a signal
	// arrives: a second one stops the process at once, with no time to.
	restore func()
}

func (s *signals) notify(parent context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	s.ctx, s.cancel = ctx, cancel
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case v := <-sigs:
			signal.Stop(sigs)
			if s.restore != nil {
				s.restore()
			}
			n, ok := v.(syscall.Signal)
			if !ok {
				n = syscall.SIGINT
			}
			cancel(stoppedBy{n})
		case <-ctx.Done():
			signal.Stop(sigs)
		}
	}()
	// A reader that goes away (wsdemo duplex | head -1) must not kill
	// wsdemo in the middle of a demo, as Go does on a write to a closed
	// stdout unless SIGPIPE is notified: with it notified the write fails
	// with EPIPE instead, and the demo closes its WebSocket (1001) before
	// exiting 141 (see report).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	return ctx
}

// cause is the stoppedBy of the signal that arrived, or nil (also on a nil
// *signals, or before notify).
func (s *signals) cause() error {
	if s == nil || s.ctx == nil || s.ctx.Err() == nil {
		return nil
	}
	var by stoppedBy
	if c := context.Cause(s.ctx); errors.As(c, &by) {
		return c
	}
	return nil
}

func (s *signals) stop() {
	if s.cancel != nil {
		s.cancel(nil)
	}
}

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
func NewRootCmd(ios *IOStreams) *cobra.Command { return newRootCmd(ios, runHooks{}) }

// newRootCmd is NewRootCmd with the scenario commands' run replaced by
// hooks (see runHooks).
func newRootCmd(ios *IOStreams, hooks runHooks) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "wsdemo",
		Short: ios.say().F("See HTTP and WebSocket for real: every byte on the wire, decoded and explained"),
		Long: ios.say().F(`wsdemo teaches the difference between HTTP and WebSocket by showing the
real thing. Each command starts a real server and a real client on your machine
(127.0.0.1), taps the TCP connection between them, decodes the exact bytes that
crossed it and draws them as an annotated sequence diagram. Nothing on screen
is scripted.

New here? Start with the lessons:  %s`, command("learn")),
		Example: ios.say().F(`  wsdemo learn                   # lessons; continues where you stopped
  wsdemo http                    # REST: stateless, the client always asks
  wsdemo http --step             # one message per Enter (for class)
  wsdemo http --json | jq .kind  # the trace as JSON lines
  wsdemo http --save run.jsonl   # draw it, and keep the trace for show
  wsdemo show run.jsonl --step   # draw it again, with no network
  wsdemo decode 81 02 48 69      # decode bytes you paste`),
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{sayCobra(friendlierFlagError(err))} })
	root.CompletionOptions.HiddenDefaultCmd = true
	// Flag help wraps at 80 columns instead of running off the screen.
	// Template functions are global to cobra: register ours once.
	registerTemplateFuncs.Do(func() {
		cobra.AddTemplateFunc("wrappedFlagUsages", func(fs *pflag.FlagSet) string { return fs.FlagUsagesWrapped(80) })
		cobra.AddTemplateFunc("asTyped", asTyped)
		// replaceAll lets a template say cobra's and pflag's own words
		// (" [flags]", "(default ...)") in the tree's language: funcs are
		// global, so the words are arguments written into each template.
		cobra.AddTemplateFunc("replaceAll", func(old, said, s string) string { return strings.ReplaceAll(s, old, said) })
	})
	tmpl := root.UsageTemplate()
	// Usage lines and examples name the command as the learner can type it
	// (go run ./cmd/wsdemo ... before it is installed): see Program.
	for _, field := range []string{".UseLine", ".CommandPath", ".Example"} {
		tmpl = strings.ReplaceAll(tmpl, "{{"+field+"}}", "{{asTyped "+field+"}}")
	}
	tmpl = strings.ReplaceAll(tmpl, ".LocalFlags.FlagUsages", "wrappedFlagUsages .LocalFlags")
	tmpl = strings.ReplaceAll(tmpl, ".InheritedFlags.FlagUsages", "wrappedFlagUsages .InheritedFlags")
	say := ios.say()
	for _, w := range []struct{ field, en, said string }{
		{"asTyped .UseLine", "[flags]", say.F("[flags]")},
		// No space after it: a value that wraps starts the next line.
		{"wrappedFlagUsages .LocalFlags", "(default", say.F("(default")},
		{"wrappedFlagUsages .InheritedFlags", "(default", say.F("(default")},
	} {
		tmpl = strings.ReplaceAll(tmpl, "{{"+w.field, fmt.Sprintf("{{%s | replaceAll %q %q", w.field, w.en, w.said))
	}
	root.SetUsageTemplate(translateTemplate(tmpl, say))
	g.register(root, ios.say())
	// cobra's own --help flag and help command, in the same language.
	root.InitDefaultHelpFlag()
	root.Flags().Lookup("help").Usage = ios.say().F("help for %s", root.Name())
	// The command being run names the scenario of a saved trace.
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		g.command = cmd.Name()
		return nil
	}
	root.AddCommand(
		newLearnCmd(ios, g),
		newLessonsCmd(ios, g),
		newHTTPCmd(ios, g, hooks.http),
		newHandshakeCmd(ios, g, hooks.handshake),
		newDuplexCmd(ios, g, hooks.duplex),
		newRealtimeCmd(ios, g, hooks.realtime),
		newSocketIOCmd(ios, g, hooks.socketio),
		newServeCmd(ios, g, hooks.serve),
		newProxyCmd(ios, g, hooks.proxy),
		newShowCmd(ios, g),
		newDecodeCmd(ios, g),
		newExercisesCmd(ios, g),
		newExerciseCmd(ios, g),
		NewCmdCheck(ios, g, nil),
	)
	// cobra's help command, made now so that it speaks the language too.
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Use = "help " + ios.say().F("[command]")
			c.Short = ios.say().F("Help about any command")
			c.Long = ios.say().F("Help provides help for any command in the application.\nSimply type %s help [path to command] for full details.", root.DisplayName())
			// cobra's own words for a topic it does not know, in the
			// language; the rest is cobra's help command as it is.
			run := c.Run
			c.Run = func(hc *cobra.Command, args []string) {
				if found, _, err := hc.Root().Find(args); found == nil || err != nil {
					hc.Println(ios.say().F("Unknown help topic %q", strings.Join(args, " ")))
					cobra.CheckErr(hc.Root().Usage())
					return
				}
				run(hc, args)
			}
		}
		c.InitDefaultHelpFlag()
		c.Flags().Lookup("help").Usage = ios.say().F("help for %s", c.Name())
	}
	registerCompletions(root, ios, g)
	return root
}

var registerTemplateFuncs sync.Once

// translateTemplate says the headings and the last line of cobra's usage
// template in t's language.
func translateTemplate(tmpl string, t lang.Text) string {
	for _, h := range []struct{ en, said string }{
		{"Usage:", t.F("Usage:")},
		{"Aliases:", t.F("Aliases:")},
		{"Examples:", t.F("Examples:")},
		{"Available Commands:", t.F("Available Commands:")},
		{"Additional Commands:", t.F("Additional Commands:")},
		{"Global Flags:", t.F("Global Flags:")},
		{"Flags:", t.F("Flags:")},
		{"Additional help topics:", t.F("Additional help topics:")},
		{"[command]", t.F("[command]")},
		{"for more information about a command.", t.F("for more information about a command.")},
	} {
		tmpl = strings.ReplaceAll(tmpl, h.en, h.said)
	}
	return tmpl
}

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
// It is compiled on first use, not at start-up: every command would pay
// for it.
var badDuration = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: time: `)
})

// durationSyntax matches what time.ParseDuration accepts (without a sign):
// a value it refuses although it matches is one that overflows.
var durationSyntax = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$`)
})

// friendlierFlagError says what a duration looks like, which pflag's error
// (from time.ParseDuration) does not, and says that a well-formed duration
// too large for Go's time.Duration (about 292 years) is too long rather
// than "not a duration".
func friendlierFlagError(err error) error {
	m := badDuration().FindStringSubmatch(err.Error())
	switch {
	case m == nil:
		return err
	case durationSyntax().MatchString(strings.TrimPrefix(m[1], "+")):
		limit, ok := durationBounds[m[2]]
		if !ok {
			limit = time.Duration(math.MaxInt64)
		}
		return lang.Errorf("%s %q is too long: at most %s", m[2], m[1], demo.ShortDuration(limit))
	}
	return lang.Errorf("%s %q is not a duration: write a number and a unit, e.g. 500ms, 2s or 1m", m[2], m[1])
}

var errStepNeedsTerminal = lang.Errorf("--step waits for a key press and needs a terminal on standard input")

func warnf(ios *IOStreams, format string, args ...any) {
	fmt.Fprintf(ios.ErrOut, "wsdemo: warning: "+format+"\n", args...)
}
