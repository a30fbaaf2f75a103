package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"wsdemo/internal/theme"
	"wsdemo/internal/wrap"
	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// globalOptions are the flags every demo command shares.
type globalOptions struct {
	json    bool
	noColor bool
	step    bool
	delay   time.Duration
	raw     bool
	verbose bool
	addr    string
	timeout time.Duration
	lang    string // --lang, as typed: language() matches it
	rtt     time.Duration
	theme   string // --theme: auto, dark or light
	// bg is the background the colours are drawn for, settled by validate
	// (see resolveTheme) before anything reads stdin.
	bg theme.Theme
	// condense is set by commands whose story repeats itself (realtime).
	condense bool
	// serverName names the right lifeline (proxy: its upstream).
	serverName string
	// untimed: the scenario measures no time (decode): no times are drawn.
	untimed bool
	// save is --save: a file that also receives the trace as JSON lines.
	save string
	// command is the name of the command being run ("http", ...), which
	// a saved trace names as its scenario.
	command string
	// speaks is the language language() matched: the notes', the
	// diagram's and the lessons'.
	speaks string
}

func (g *globalOptions) register(root *cobra.Command, t lang.Text) {
	f := root.PersistentFlags()
	f.BoolVar(&g.json, "json", false, t.F("print the trace as JSON lines, and nothing else"))
	f.BoolVar(&g.noColor, "no-color", false, t.F("plain output, no colours (also with NO_COLOR)"))
	f.BoolVar(&g.step, "step", false, t.F("one message at a time, for class: Enter or space next, b back, v whole step, c to the end, q stop (on a terminal)"))
	f.DurationVar(&g.delay, "delay", 0, t.F("pause between events, e.g. 500ms (at most %s)", demo.ShortDuration(maxDelay)))
	f.BoolVar(&g.raw, "raw", false, t.F("add a hex dump of each message, coloured by field"))
	f.BoolVarP(&g.verbose, "verbose", "v", false, t.F("show every field and message in full"))
	f.StringVar(&g.addr, "addr", "127.0.0.1:0", t.F("where the demo server listens (port 0: any free)"))
	f.DurationVar(&g.timeout, "timeout", demo.DefaultTimeout, t.F("limit for each network step (at most %s)", demo.ShortDuration(maxTimeout)))
	f.DurationVar(&g.rtt, "rtt", 0, t.F("simulate distance: every connection behaves as if client and server were this round trip apart, e.g. 100ms"))
	f.StringVar(&g.lang, "lang", "", t.F("language of the notes, diagrams and lessons: en or pt-BR (default: from $LANG, else en)"))
	f.StringVar(&g.theme, "theme", "", t.F("colours for the terminal's background: auto, dark or light (default: $%s, else auto: ask the terminal)", ThemeEnv))
	f.StringVar(&g.save, "save", "", t.F("also write the trace to `FILE` as JSON lines, while drawing as usual (wsdemo show FILE draws it again)"))
}

// ThemeEnv names the environment variable that sets the theme when --theme
// does not: for terminals that cannot say which background they have (tmux,
// screen).
const ThemeEnv = "WSDEMO_THEME"

// resolveTheme settles the background to draw for: --theme, else
// $WSDEMO_THEME, else what the terminal says (IOStreams.DetectTheme). A bad
// value is a usage error whether or not colour is on. The terminal is asked
// only when colour will be drawn (wantColour), and it is asked here, before
// anything reads stdin: its answer arrives on the terminal's input.
func (g *globalOptions) resolveTheme(ios *IOStreams, wantColour bool) error {
	choice, err := theme.ParseChoice(g.theme)
	if err != nil {
		return usageErrorf("--theme: %v", err)
	}
	if g.theme == "" && ios.ThemeEnv != "" {
		if choice, err = theme.ParseChoice(ios.ThemeEnv); err != nil {
			return usageErrorf("$%s: %v", ThemeEnv, err)
		}
	}
	switch {
	case choice == theme.ForceDark:
		g.bg = theme.Dark
	case choice == theme.ForceLight:
		g.bg = theme.Light
	case wantColour && ios.DetectTheme != nil:
		g.bg = ios.DetectTheme()
		if ios.ThemeGuessed != nil && ios.ThemeGuessed() {
			speaks, _ := g.language(ios) // a bad --lang is said elsewhere
			ios.sayThemeGuess(g.bg, speaks)
		}
	default:
		g.bg = theme.Dark
	}
	return nil
}

// themeGuessDark and themeGuessLight say, under tmux or screen, which
// background the colours were chosen for, that it was not asked, and how to
// choose the other one.
const (
	themeGuessDark  lang.Msg = "wsdemo: colours for a dark background: inside tmux or screen wsdemo cannot ask the terminal which background it has. On a light background, use --theme light (or set WSDEMO_THEME=light)."
	themeGuessLight lang.Msg = "wsdemo: colours for a light background: inside tmux or screen wsdemo cannot ask the terminal which background it has. On a dark background, use --theme dark (or set WSDEMO_THEME=dark)."
)

// sayThemeGuess tells, once a run (a lesson's demos share it), which
// background a guessed theme is for, on stderr.
func (s *IOStreams) sayThemeGuess(bg theme.Theme, language string) {
	if s.themeHint == nil {
		s.themeHint = new(sync.Once)
	}
	s.themeHint.Do(func() {
		msg := themeGuessDark
		if bg == theme.Light {
			msg = themeGuessLight
		}
		text := lang.For(language).F(msg)
		if s.Width > 20 { // wrapped between words, as the lesson around it
			text = strings.Join(wrap.Words(text, s.Width-1, utf8.RuneCountInString, nil), "\n")
		}
		fmt.Fprintln(s.ErrOut, text)
	})
}

// colour reports whether output to ios is drawn in colour: a terminal, and
// neither --no-color nor NO_COLOR (or TERM=dumb).
func (g *globalOptions) colour(ios *IOStreams) bool {
	return ios.ColorEnabled() && !g.noColor
}

// Upper bounds of the shared duration flags. A pause longer than maxDelay
// between two events reads as a hang (--step waits as long as you like);
// a network step that may take more than maxTimeout is no longer bounded
// in any useful sense.
const (
	maxDelay   = 10 * time.Second
	maxTimeout = 24 * time.Hour
)

// durationBounds are the largest values of the duration flags that have
// one, for friendlierFlagError's "too large" message.
var durationBounds = map[string]time.Duration{"--delay": maxDelay, "--timeout": maxTimeout}

// validate checks the shared flags and returns demo.Common for a scenario.
func (g *globalOptions) validate(ios *IOStreams) (demo.Common, error) {
	if g.delay < 0 {
		return demo.Common{}, usageErrorf("--delay must not be negative, got %s", g.delay)
	}
	if g.delay > maxDelay {
		return demo.Common{}, usageError{withHint(lang.Errorf("--delay %s is too long: at most %s between events", demo.ShortDuration(g.delay), demo.ShortDuration(maxDelay)),
			ios.say().F("--step waits for a key before each message, for as long as you like"))}
	}
	if g.timeout <= 0 {
		return demo.Common{}, usageErrorf("--timeout must be positive, got %s", g.timeout)
	}
	if g.timeout > maxTimeout {
		return demo.Common{}, usageErrorf("--timeout %s is too long: at most %s", demo.ShortDuration(g.timeout), demo.ShortDuration(maxTimeout))
	}
	if err := (demo.Common{RTT: g.rtt, Timeout: g.timeout}).Validate(); err != nil {
		return demo.Common{}, optionsError(err)
	}
	if g.json && (g.step || g.delay > 0) {
		return demo.Common{}, usageErrorf("--json prints events as they happen; it cannot be combined with --step or --delay")
	}
	if g.step && !ios.StdinTTY {
		return demo.Common{}, usageError{errStepNeedsTerminal}
	}
	if err := g.checkSave(); err != nil {
		return demo.Common{}, err
	}
	if err := g.resolveTheme(ios, !g.json && g.colour(ios)); err != nil {
		return demo.Common{}, err
	}
	host, port, err := net.SplitHostPort(g.addr)
	if err != nil {
		return demo.Common{}, usageErrorf("--addr %q is not HOST:PORT (for example 127.0.0.1:8080)", g.addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return demo.Common{}, usageErrorf("--addr %q: port must be a number from 0 to 65535", g.addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && !ip.IsLoopback()) || (ip == nil && host != "localhost") {
		warnf(ios, "--addr %s listens beyond this machine's loopback: other machines may reach the demo server", g.addr)
	}
	speaks, err := g.language(ios)
	if err != nil {
		return demo.Common{}, err
	}
	return demo.Common{Addr: g.addr, Timeout: g.timeout, Lang: speaks, RTT: g.rtt}, nil
}

// language is the one place the CLI matches a language: --lang, else the
// one System matched from $LANG. Everything below (demos, diagrams,
// lessons) takes the result as it is.
func (g *globalOptions) language(ios *IOStreams) (string, error) {
	g.speaks = ios.Lang
	if g.lang != "" {
		l, ok := lang.Match(g.lang)
		if !ok {
			return "", usageErrorf("--lang %q: wsdemo speaks %s", g.lang, strings.Join(lang.Supported, ", "))
		}
		g.speaks = l
	}
	return g.speaks, nil
}

func (g *globalOptions) renderOptions(ios *IOStreams) render.Options {
	o := render.Options{Out: ios.Out, Width: ios.Width, Height: ios.Height, Raw: g.raw, Delay: g.delay, Verbose: g.verbose, Condense: g.condense,
		OutTerminal: ios.CursorControl(), Theme: g.bg, Lang: g.speaks, ServerName: g.serverName, Untimed: g.untimed}
	switch {
	case g.json:
		o.Mode = render.JSON
	case g.colour(ios):
		o.Mode = render.Pretty
	default:
		o.Mode = render.Plain
	}
	if g.step {
		o.Step, o.In = true, ios.Input()
	}
	return o
}

// pacedCondense is how many events wait for a paced renderer before the
// recorder condenses repeats (trace.Limits.Condense).
const pacedCondense = 4096

// runScenario runs a scenario at full speed into a Recorder while the
// renderer draws it at its own pace, so pacing never trips a network
// deadline. On Ctrl-C an unpaced renderer keeps drawing until the scenario
// has stopped, so the learner sees how it stopped (the close frame with
// 1001, going away); a paced one (--step, --delay) stops at once rather than
// make the learner step through the rest. When the learner types q at a step
// the scenario is stopped as on Ctrl-C, and once it has shut down
// runScenario returns render.ErrStopped. Otherwise it returns the scenario's
// error, or the renderer's.
func (g *globalOptions) runScenario(ctx context.Context, ios *IOStreams, scenario func(context.Context, *trace.Recorder) error) error {
	o := g.renderOptions(ios)
	o.Scenario = g.command
	save, err := g.openSave()
	if err != nil {
		return err
	}
	if save != nil {
		o.Save = save
	}
	err = g.runRendered(ctx, scenario, o)
	return save.finish(err)
}

// runRendered is runScenario with its render options settled.
func (g *globalOptions) runRendered(ctx context.Context, scenario func(context.Context, *trace.Recorder) error, o render.Options) error {
	rec := trace.NewRecorder()
	if g.step || g.delay > 0 {
		// A paced renderer is behind by design: a whole story waits for
		// Enter (duplex --messages 1000 is some 2,000 events), and none
		// of it may be condensed; only a flood is.
		rec.SetLimits(trace.Limits{Condense: pacedCondense})
	}
	rctx, stopRender := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRender()
	if g.step || g.delay > 0 {
		stop := context.AfterFunc(ctx, stopRender)
		defer stop()
	}
	sctx, stopScenario := context.WithCancel(ctx)
	defer stopScenario()
	rendered := make(chan error, 1)
	go func() {
		err := render.Render(rctx, rec, o)
		if errors.Is(err, render.ErrStopped) || errors.Is(err, syscall.EPIPE) {
			// The learner typed q, or the reader of a pipe went away
			// (wsdemo duplex | head -1): nothing more will be drawn, so
			// stop the scenario as on Ctrl-C, closing its WebSocket with
			// 1001 rather than leaving it to the exit.
			stopScenario()
		}
		rendered <- err
	}()
	// A renderer so far behind that the recorder stopped (its limits,
	// trace.BudgetError): stop the scenario too, as on Ctrl-C, and fail.
	// An unpaced renderer draws what was recorded, to the recorder's last
	// event that says why it stopped; a paced one stops at once, as on
	// Ctrl-C, rather than make the learner step through thousands.
	go func() {
		select {
		case <-rec.Stopped():
			stopScenario()
			if g.step || g.delay > 0 {
				stopRender()
			}
		case <-sctx.Done():
		}
	}()
	err := scenario(sctx, rec)
	rec.Close()
	rerr := <-rendered
	if berr := rec.Err(); berr != nil && ctx.Err() == nil {
		return berr
	}
	if (errors.Is(rerr, render.ErrStopped) || errors.Is(rerr, syscall.EPIPE)) && ctx.Err() == nil {
		// What the scenario said after being stopped (context canceled, a
		// closed connection) is not news to the learner who stopped it.
		return rerr
	}
	if rerr != nil && err == nil {
		err = fmt.Errorf("write output: %w", rerr)
		if ctx.Err() != nil {
			err = ctx.Err()
		}
	}
	return err
}
