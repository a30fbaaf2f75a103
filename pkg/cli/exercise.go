package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wsdemo/lessons"
	"wsdemo/pkg/exercise"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/lesson"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// CheckOptions are what `wsdemo check` runs with, settled from its
// arguments and flags before anything starts.
type CheckOptions struct {
	IO *IOStreams
	// Exercise is the exercise to check, found from its slug or number.
	Exercise *exercise.Exercise
	// Target is where the learner's server listens: --url, or the URL
	// the task names.
	Target exercise.Target
	// URL is the URL Target was read from, as typed.
	URL string
	// Watch reruns the checks each time the server comes back after a
	// restart.
	Watch bool
	// Lang is the language everything is said in.
	Lang string

	ctx context.Context
	g   *globalOptions
	all []*exercise.Exercise
}

// loadExercises loads the exercises' tasks in lang.
func loadExercises(lang string) ([]*exercise.Exercise, error) {
	all, err := exercise.Load(lessons.Exercises(), lang)
	if err != nil {
		return nil, fmt.Errorf("load exercises: %w", err)
	}
	return all, nil
}

// unknownExercise is the usage error for a name no exercise has.
func unknownExercise(t lang.Text, name string, all []*exercise.Exercise) error {
	return usageError{withHint(errors.New(t.F("no exercise is named %q; the exercises are %s", name, strings.Join(exercise.Slugs(all), ", "))),
		t.F("%s lists them, with what each asks", command("exercises")))}
}

// NewCmdCheck builds `wsdemo check`. runF, when set, receives the options
// instead of running the checks, so a test can see what a command line
// would run without a network.
func NewCmdCheck(ios *IOStreams, g *globalOptions, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: ios, g: g}
	cmd := &cobra.Command{
		Use:   "check EXERCISE [--url URL] [--watch]",
		Short: ios.say().F("Check your own server against an exercise: every exchange drawn"),
		Long: ios.say().F(`Run the checks of an exercise against the server you wrote, one after another,
drawing every exchange as the demos draw theirs. At the first check that
fails wsdemo stops, shows the bytes of that exchange field by field, states
the rule it checks (with its RFC section) and a hint, and exits with 1. When
every check passes it exits with 0 and records the exercise as passed.

--url says where your server listens (ws://HOST:PORT/PATH, or http:// for
the REST exercise; default: where the task asks it to listen). --watch waits
for your server, checks it, and checks again each time it comes back after
a restart (or when you press Enter), until Ctrl-C.

wsdemo exercises lists the exercises; wsdemo exercise NAME prints a task.`),
		Example: ios.say().F(`  wsdemo check echo                                # the server the task describes
  wsdemo check echo --url ws://127.0.0.1:9000/ws   # another address
  wsdemo check echo --watch                        # again after every restart
  wsdemo check rest --raw                          # every message's bytes too
  wsdemo check rest --lang pt-BR`),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.settle(cmd, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.URL, "url", "", ios.say().F("where your server listens: `URL` ws://HOST:PORT/PATH or http://HOST:PORT (default: the task's)"))
	cmd.Flags().BoolVar(&opts.Watch, "watch", false, ios.say().F("check again each time your server comes back after a restart (Enter checks at once; Ctrl-C stops)"))
	return cmd
}

// settle checks check's arguments and flags and fills in the options.
func (o *CheckOptions) settle(cmd *cobra.Command, args []string) error {
	for _, name := range []string{"addr", "rtt"} {
		if cmd.Flags().Changed(name) {
			return usageErrorf("--%s is for the demos' own server; check talks to your server at --url", name)
		}
	}
	if o.Watch && o.g.save != "" {
		return usageErrorf("--save keeps the trace of one run; --watch runs again and again: use one of them")
	}
	common, err := o.g.validate(o.IO)
	if err != nil {
		return err
	}
	o.Lang = common.Lang
	t := lang.For(o.Lang)
	all, err := loadExercises(o.Lang)
	if err != nil {
		return err
	}
	o.all = all
	if len(args) != 1 {
		return usageError{withHint(errors.New(t.F("check needs one exercise to check: %s", strings.Join(exercise.Slugs(all), ", "))),
			t.F("for example: %s", command("check", all[0].Slug)))}
	}
	x := exercise.Find(all, args[0])
	if x == nil {
		return unknownExercise(t, args[0], all)
	}
	o.Exercise = x
	url := o.URL
	if url == "" {
		url = x.URL
	}
	target, err := exercise.ParseURL(url)
	if err != nil {
		return usageError{withHint(errors.New(t.F("--url: %s", t.Err(err))), t.F("the task's server listens at %s", x.URL))}
	}
	o.URL, o.Target = url, target
	o.ctx = cmd.Context()
	return nil
}

// checkRun runs the checks once, or in a loop with --watch.
func checkRun(o *CheckOptions) error {
	ctx := o.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	t := lang.For(o.Lang)
	store := lesson.OpenStore("", o.IO.ErrOut)
	if !o.Watch {
		res, err := o.runOnce(ctx)
		var down *exercise.DownError
		if errors.As(err, &down) {
			return withHint(errors.New(t.Err(down)),
				t.F("start your server first (%s says how), or add --watch to wait for it", command("exercise", o.Exercise.Slug)))
		}
		if err != nil {
			return said(t, err)
		}
		return o.verdict(res, store)
	}
	return said(t, o.watch(ctx, store))
}

// said is err in the learner's language when it can say itself (a
// *lang.Error of pkg/exercise), and err otherwise.
func said(t lang.Text, err error) error {
	if _, ok := err.(lang.Sayer); ok {
		return errors.New(t.Err(err))
	}
	return err
}

// say writes a line of wsdemo's own words: on stdout, or on stderr when
// stdout carries the --json trace.
func (o *CheckOptions) say(line string) {
	w := o.IO.Out
	if o.g.json {
		w = o.IO.ErrOut
	}
	fmt.Fprintln(w, line)
}

// sayWrapped says s wrapped to the terminal's width, its lines after the
// first indented by two more columns than the first.
func (o *CheckOptions) sayWrapped(indent, s string) {
	width := o.IO.Width
	if width <= 0 {
		width = 80
	}
	line := indent
	for _, word := range strings.Fields(s) {
		switch {
		case strings.TrimSpace(line) == "":
			line += word
		case len([]rune(line))+1+len([]rune(word)) <= width-1:
			line += " " + word
		default:
			o.say(line)
			line = indent + "  " + word
		}
	}
	o.say(line)
}

// runOnce runs the checks once, drawn as a scenario.
func (o *CheckOptions) runOnce(ctx context.Context) (*exercise.Result, error) {
	var res *exercise.Result
	err := o.g.runScenario(ctx, o.IO, func(ctx context.Context, rec *trace.Recorder) error {
		r, err := exercise.Run(ctx, rec, o.Exercise, o.Target, exercise.Options{Lang: o.Lang, Timeout: o.g.timeout})
		res = r
		return err
	})
	return res, err
}

// verdict says how the run went, after the diagram, records it, and
// returns the error for a failed run (exit 1).
func (o *CheckOptions) verdict(res *exercise.Result, store *lesson.Store) error {
	t := lang.For(o.Lang)
	x := o.Exercise
	saved := store.RecordCheck(x.Slug, res.OK())
	if f := res.Failure; f != nil {
		if !o.g.json && len(f.Evidence) > 0 {
			o.evidence(f.Evidence)
		}
		o.sayWrapped("", t.F("✗ %s: check %d of %d failed: %s", x.Slug, f.Number, res.Total, f.Title))
		o.sayWrapped("  ", t.Say(f.Detail))
		o.sayWrapped("  ", t.F("The rule: %s", f.Rule))
		o.sayWrapped("  ", t.F("Hint: %s", f.Hint))
		return errors.New(t.F("exercise %s: check %d of %d failed (%s)", x.Slug, f.Number, res.Total, f.Step))
	}
	o.say(t.F("✓ %s: all %d checks pass.", x.Slug, res.Total))
	if saved {
		o.say(t.F("Progress saved: %s", command("exercises")))
	}
	if next := o.next(store); next != nil {
		o.say(t.F("Next: %s (after lesson %d)", command("exercise", next.Slug), next.Follows))
	} else {
		o.say(t.F("All %d exercises pass. Well done!", len(o.all)))
	}
	return nil
}

// next is the first exercise not passed yet.
func (o *CheckOptions) next(store *lesson.Store) *exercise.Exercise {
	for _, x := range o.all {
		if last, _ := store.Exercise(x.Slug); last != exercise.Passed {
			return x
		}
	}
	return nil
}

// evidence draws the failing exchange again, with its bytes.
func (o *CheckOptions) evidence(evs []trace.Event) {
	t := lang.For(o.Lang)
	fmt.Fprintln(o.IO.Out)
	fmt.Fprintln(o.IO.Out, t.F("The exchange that failed, byte by byte:"))
	ro := o.g.renderOptions(o.IO)
	ro.Raw, ro.Step, ro.In, ro.Delay, ro.Save, ro.Condense = true, false, nil, 0, nil, false
	r := render.New(ro)
	for _, e := range evs {
		if r.Event(e) != nil {
			return
		}
	}
	_ = r.Close()
}

// watch checks the server, then again each time it comes back after a
// restart, until ctx ends.
func (o *CheckOptions) watch(ctx context.Context, store *lesson.Store) error {
	t := lang.For(o.Lang)
	addr := o.Target.Addr
	enter := o.enterPresses(ctx)
	for {
		if err := o.waitUp(ctx, addr); err != nil {
			return err
		}
		res, err := o.runOnce(ctx)
		var down *exercise.DownError
		switch {
		case errors.As(err, &down):
			continue // it stopped again before the first check
		case err != nil:
			return err
		}
		_ = o.verdict(res, store)
		o.say("")
		o.say(t.F("Watching %s: restart your server (or press Enter) to check again; Ctrl-C stops.", addr))
		again := make(chan error, 1)
		wctx, cancel := context.WithCancel(ctx)
		go func() {
			again <- exercise.WaitRestart(wctx, addr, func() {
				o.say(t.F("Your server at %s stopped; waiting for it to come back…", addr))
			})
		}()
		select {
		case err = <-again:
		case <-enter:
			err = nil
		}
		cancel()
		if err != nil {
			return err
		}
		o.say(t.F("Checking %s again.", addr))
	}
}

// waitUp waits for the server, saying so if it is not up at once.
func (o *CheckOptions) waitUp(ctx context.Context, addr string) error {
	t := lang.For(o.Lang)
	done := make(chan error, 1)
	go func() { done <- exercise.WaitUp(ctx, addr) }()
	// A server that is up answers at once: only a longer wait is worth a
	// line.
	timer := time.NewTimer(300 * time.Millisecond)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
	}
	o.say(t.F("Waiting for your server at %s: start it (%s says how); Ctrl-C stops.", addr, command("exercise", o.Exercise.Slug)))
	return <-done
}

// enterPresses reports each line typed on a terminal's standard input; nil
// (never ready) when stdin is not a terminal.
func (o *CheckOptions) enterPresses(ctx context.Context) <-chan struct{} {
	if !o.IO.StdinTTY || o.IO.In == nil {
		return nil
	}
	ch := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(o.IO.In)
		for sc.Scan() {
			select {
			case ch <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func newExercisesCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "exercises",
		Short:   ios.say().F("List the exercises: build a server, let wsdemo check it"),
		Example: ios.say().F("  wsdemo exercises\n  wsdemo exercise echo      # the task\n  wsdemo check echo         # check your server"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := demoFlagsUnused(cmd); err != nil {
				return err
			}
			return listExercises(ios, g)
		},
	}
	hideDemoFlagsInHelp(cmd)
	return cmd
}

// listExercises prints the exercises with the learner's progress.
func listExercises(ios *IOStreams, g *globalOptions) error {
	l, err := g.language(ios)
	if err != nil {
		return err
	}
	all, err := loadExercises(l)
	if err != nil {
		return err
	}
	return exercise.List(ios.Out, all, lesson.OpenStore("", ios.ErrOut),
		exercise.ListOptions{Lang: l, Program: Program(), Width: ios.Width})
}

func newExerciseCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exercise NAME",
		Short: ios.say().F("Print an exercise's task: what to build, what is checked, code to start from"),
		Example: ios.say().F(`  wsdemo exercise echo
  wsdemo exercise 2 --lang pt-BR
  wsdemo exercise echo | less`),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := demoFlagsUnused(cmd); err != nil {
				return err
			}
			return showExercise(ios, g, args)
		},
	}
	hideDemoFlagsInHelp(cmd)
	return cmd
}

// showExercise prints a task, its list of checks written from the checks.
func showExercise(ios *IOStreams, g *globalOptions, args []string) error {
	l, err := g.language(ios)
	if err != nil {
		return err
	}
	t := lang.For(l)
	all, err := loadExercises(l)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usageError{withHint(errors.New(t.F("exercise needs the name of one exercise: %s", strings.Join(exercise.Slugs(all), ", "))),
			t.F("%s lists them, with what each asks", command("exercises")))}
	}
	x := exercise.Find(all, args[0])
	if x == nil {
		return unknownExercise(t, args[0], all)
	}
	colour := ios.StdoutTTY && g.colour(ios)
	if err := g.resolveTheme(ios, colour); err != nil {
		return err
	}
	md := x.Task(t)
	out := lesson.RenderMarkdown(md, lesson.MarkdownOptions{Width: ios.Width, Color: colour, Theme: g.bg, Program: Program()})
	_, err = io.WriteString(ios.Out, out)
	return err
}
