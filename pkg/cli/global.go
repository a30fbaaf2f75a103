package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

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
	lang    string // --lang: the language of the teaching notes
	rtt     time.Duration
	// condense is set by commands whose story repeats itself (realtime).
	condense bool
	// speaks is the language validate matched: the notes' and the
	// diagram's.
	speaks string
}

func (g *globalOptions) register(root *cobra.Command) {
	f := root.PersistentFlags()
	f.BoolVar(&g.json, "json", false, "print the trace as JSON lines, and nothing else")
	f.BoolVar(&g.noColor, "no-color", false, "plain output, no colours (also with NO_COLOR)")
	f.BoolVar(&g.step, "step", false, "wait for Enter before each message, q to stop (on a terminal)")
	f.DurationVar(&g.delay, "delay", 0, "pause between events, e.g. 500ms")
	f.BoolVar(&g.raw, "raw", false, "add a hex dump of each message, coloured by field")
	f.BoolVarP(&g.verbose, "verbose", "v", false, "show every field and message in full")
	f.StringVar(&g.addr, "addr", "127.0.0.1:0", "where the demo server listens (port 0: any free)")
	f.DurationVar(&g.timeout, "timeout", demo.DefaultTimeout, "limit for each network step")
	f.DurationVar(&g.rtt, "rtt", 0, "simulate distance: every connection behaves as if client and server were this round trip apart, e.g. 100ms")
	f.StringVar(&g.lang, "lang", "", "language of the teaching notes: en or pt-BR (default: from $LANG, else en)")
}

// validate checks the shared flags and returns demo.Common for a scenario.
func (g *globalOptions) validate(ios *IOStreams) (demo.Common, error) {
	if g.delay < 0 {
		return demo.Common{}, usageErrorf("--delay must not be negative, got %s", g.delay)
	}
	if g.timeout <= 0 {
		return demo.Common{}, usageErrorf("--timeout must be positive, got %s", g.timeout)
	}
	if err := demo.CheckRTT(g.rtt, g.timeout); err != nil {
		return demo.Common{}, usageError{err}
	}
	if g.json && (g.step || g.delay > 0) {
		return demo.Common{}, usageErrorf("--json prints events as they happen; it cannot be combined with --step or --delay")
	}
	if g.step && !ios.StdinTTY {
		return demo.Common{}, usageError{errStepNeedsTerminal}
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
	notes := ios.Lang
	if g.lang != "" {
		tag, ok := lang.Match(g.lang)
		if !ok {
			return demo.Common{}, usageErrorf("--lang %q: the notes exist in %s", g.lang, strings.Join(lang.Supported, ", "))
		}
		notes = tag
	}
	g.speaks = notes
	return demo.Common{Addr: g.addr, Timeout: g.timeout, Lang: notes, RTT: g.rtt}, nil
}

func (g *globalOptions) renderOptions(ios *IOStreams) render.Options {
	o := render.Options{Out: ios.Out, Width: ios.Width, Raw: g.raw, Delay: g.delay, Verbose: g.verbose, Condense: g.condense,
		OutTerminal: ios.StdoutTTY && !ios.DumbTerminal, Lang: g.speaks}
	switch {
	case g.json:
		o.Mode = render.JSON
	case ios.StdoutTTY && !g.noColor && !ios.NoColorEnv:
		o.Mode = render.Pretty
	default:
		o.Mode = render.Plain
	}
	if g.step {
		o.Step, o.In, o.StepPrompt = true, ios.In, ios.StepPrompt
	}
	return o
}

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
	rec := trace.NewRecorder()
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
		err := render.Render(rctx, rec, g.renderOptions(ios))
		if errors.Is(err, render.ErrStopped) {
			stopScenario() // the learner typed q: nothing more will be drawn
		}
		rendered <- err
	}()
	err := scenario(sctx, rec)
	rec.Close()
	rerr := <-rendered
	if errors.Is(rerr, render.ErrStopped) && ctx.Err() == nil {
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
