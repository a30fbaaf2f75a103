package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"wsdemo/internal/theme"
	"wsdemo/lessons"
	"wsdemo/pkg/demo"
	"wsdemo/pkg/lesson"
	"wsdemo/pkg/render"
)

// learnOptions are the flags of `wsdemo learn` and `wsdemo lessons`.
type learnOptions struct {
	reset bool
	yes   bool
	list  bool
}

func newLearnCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	opts := &learnOptions{}
	cmd := &cobra.Command{
		Use:   "learn [N|name]",
		Short: ios.say().F("Guided lessons in the terminal, with live demos and quizzes"),
		Long: ios.say().F(`Lessons that explain HTTP and WebSocket in plain words and run the demos inline.

Without an argument, learn continues where you stopped (at the section, demo
or quiz), else at the first lesson you have not finished. Progress is saved in
$WSDEMO_HOME (default: your user config directory, wsdemo/). On a terminal you
read one section at a time and press Enter to go on, and a lesson is marked
done at its end; piped, the whole lesson is printed, the demos run, each quiz
shows its answer, and nothing is marked.`),
		Example: ios.say().F(`  wsdemo learn                # continue where you stopped
  wsdemo learn 4              # lesson 4
  wsdemo learn handshake      # the lesson whose name contains "handshake"
  wsdemo learn --reset        # forget all progress (asks first)
  wsdemo learn --reset 4      # mark lesson 4 as not done
  wsdemo learn 1 > lesson1.txt  # print a whole lesson, demos included
  wsdemo learn --lang pt-BR   # as lições em português`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("learn takes at most one lesson (a number or a name), got %q", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := demoFlagsUnused(cmd); err != nil {
				return err
			}
			if opts.yes && !opts.reset {
				return usageErrorf("--yes answers the question --reset asks; without --reset there is none")
			}
			target := ""
			if len(args) == 1 {
				target = args[0]
			}
			return runLearn(cmd.Context(), ios, g, opts, target)
		},
	}
	cmd.Flags().BoolVar(&opts.reset, "reset", false, ios.say().F("mark the lesson (or, without one, every lesson) as not done"))
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, ios.say().F("with --reset: do not ask first"))
	hideDemoFlagsInHelp(cmd)
	return cmd
}

func newLessonsCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	opts := &learnOptions{list: true}
	cmd := &cobra.Command{
		Use:     "lessons",
		Short:   ios.say().F("List the lessons: what you have done and what comes next"),
		Example: ios.say().F("  wsdemo lessons\n  wsdemo lessons --lang pt-BR   # em português\n  wsdemo learn                  # start the next one"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := demoFlagsUnused(cmd); err != nil {
				return err
			}
			return runLearn(cmd.Context(), ios, g, opts, "")
		},
	}
	hideDemoFlagsInHelp(cmd)
	return cmd
}

func runLearn(ctx context.Context, ios *IOStreams, g *globalOptions, opts *learnOptions, target string) error {
	lang, err := g.language(ios)
	if err != nil {
		return err
	}
	all, err := lesson.Load(lessons.FS, lang)
	if err != nil {
		return fmt.Errorf("load lessons: %w", err)
	}
	// Interactive only when a person can answer: stdin and stdout are
	// terminals. Piped or at end of input, the lesson prints whole.
	interactive := ios.CanPrompt()
	colour := interactive && g.colour(ios)
	// The theme is settled (the terminal asked) now, before the lesson or
	// any demo reads stdin: the terminal answers on it.
	if err := g.resolveTheme(ios, colour); err != nil {
		return err
	}
	lo := lesson.LearnOptions{
		RunOptions: lesson.RunOptions{
			In: ios.Input(), Out: ios.Out, Err: ios.ErrOut,
			Interactive:      interactive,
			Color:            colour,
			Theme:            g.bg,
			Program:          Program(),
			Width:            ios.Width,
			Demo:             lessonDemo(ios, interactive, lang, g.bg),
			ValidateDemoArgs: validateDemoArgs,
			Store:            lesson.OpenStore("", ios.ErrOut),
			Lang:             lang,
		},
		Lessons: all,
		Target:  target,
		Reset:   opts.reset,
		Yes:     opts.yes,
		List:    opts.list,
	}
	err = lesson.Learn(ctx, lo)
	if errors.Is(err, lesson.ErrNoSuchLesson) {
		// A lesson that does not exist is a mistake in the call: exit 2.
		return usageError{withHint(err, command("lessons")+" lists them")}
	}
	return err
}

// demoFlagsUnused refuses the demo commands' flags on learn and lessons,
// where they would silently do nothing: lessons pace their own demos.
// --no-color still applies (to the lesson text).
func demoFlagsUnused(cmd *cobra.Command) error {
	for _, name := range demoOnlyFlags {
		if cmd.Flags().Changed(name) {
			return usageErrorf("--%s is a flag of the demo commands (http, handshake, duplex, realtime); %s does not use it", name, cmd.Name())
		}
	}
	return nil
}

// demoOnlyFlags are the global flags learn and lessons refuse.
var demoOnlyFlags = []string{"json", "step", "delay", "raw", "verbose", "addr", "timeout", "save"}

// hideDemoFlagsInHelp leaves the flags learn and lessons refuse out of their
// --help, which would otherwise list them as usable global flags.
func hideDemoFlagsInHelp(cmd *cobra.Command) {
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		flags := c.Root().PersistentFlags()
		for _, name := range demoOnlyFlags {
			if f := flags.Lookup(name); f != nil && !f.Hidden {
				f.Hidden = true
				defer func() { f.Hidden = false }()
			}
		}
		c.Root().HelpFunc()(c, args)
	})
}

// lessonDemo runs an inline demo in-process through the same command tree,
// writing to the lesson's output. On a terminal it steps (Enter advances,
// q stops the demo, and the prompt says so in lang) so each message can be
// read; otherwise it runs unpaced. It speaks lang, and draws
// its colours for the lesson's background bg.
func lessonDemo(ios *IOStreams, interactive bool, lang string, bg theme.Theme) lesson.DemoFunc {
	return func(ctx context.Context, args []string, out io.Writer) error {
		child := *ios
		child.Out = out
		child.StdoutTTY = ios.StdoutTTY && interactive
		child.StdinTTY = ios.StdinTTY && interactive
		child.Lang = lang
		// The lesson settled the theme (--theme, $WSDEMO_THEME or the
		// terminal's answer): the demo draws for the same background.
		child.ThemeEnv = ""
		child.DetectTheme = func() theme.Theme { return bg }
		child.ThemeGuessed = nil // said, if at all, once for the lesson
		if interactive && !hasFlag(args, "--step") && !hasFlag(args, "--json") {
			args = append(args, "--step")
		}
		root := NewRootCmd(&child)
		root.SetArgs(args)
		_, err := root.ExecuteContextC(ctx)
		if errors.Is(err, render.ErrStopped) {
			// Stopped at a step, and the scenario has shut down: the lesson
			// goes on.
			return lesson.ErrDemoStopped
		}
		return err
	}
}

// validateDemoArgs checks that a lesson's demo is a real wsdemo demo
// command with valid flags, without running it: a scenario command settles
// and validates its options as it would to run, then stops (runHooks).
func validateDemoArgs(args []string) error {
	ios, _, _, _ := Test()
	ios.StdinTTY = true // a lesson on a terminal adds --step to its demos
	stop := func() error { return nil }
	root := newRootCmd(ios, runHooks{
		http:      func(*demo.HTTPOptions) error { return stop() },
		handshake: func(*demo.HandshakeOptions) error { return stop() },
		duplex:    func(*demo.DuplexOptions) error { return stop() },
		realtime:  func(*demo.RealtimeOptions) error { return stop() },
		proxy:     func(*demo.ProxyOptions) error { return stop() },
		serve:     func(*demo.ServeOptions) error { return stop() },
	})
	cmd, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	switch cmd.Name() {
	case root.Name(), "learn", "lessons", "help":
		return fmt.Errorf("%q is not a demo command", strings.Join(args, " "))
	case "http", "handshake", "duplex", "realtime", "proxy", "serve":
		root.SetArgs(args)
		_, err := root.ExecuteC()
		return err
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return err
	}
	return cmd.ValidateArgs(cmd.Flags().Args())
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}
