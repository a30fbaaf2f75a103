package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// showOptions are show's own flags.
type showOptions struct {
	format string // pretty, plain, json or mermaid; "" chooses pretty or plain
}

// showFormats are the values of --format.
var showFormats = []string{"pretty", "plain", "json", "mermaid"}

func newShowCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show FILE|-",
		Short: ios.say().F("Draw a saved trace again (--save), or export it (--format mermaid)"),
		Long: ios.say().F(`Draw a trace saved with --save (or printed with --json) again, exactly as the
command that recorded it drew it, with no network at all: record once, replay
in class. Every drawing flag works: --step, --delay, --raw, -v, --lang (a trace
recorded in one language is drawn in another), --no-color, --theme.

--format mermaid writes a Mermaid sequenceDiagram to paste into Markdown or
slides (-v adds the teaching notes); --format json writes the events again as
this wsdemo reads them. FILE - reads standard input.`),
		Example: ios.say().F(`  wsdemo handshake --save hs.jsonl   # record (the diagram is drawn as usual)
  wsdemo show hs.jsonl --step        # replay, one message per Enter
  wsdemo show hs.jsonl --raw --lang pt-BR
  wsdemo show hs.jsonl --format mermaid > hs.mmd
  wsdemo duplex --json | wsdemo show -`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("%s takes one trace file (or - for standard input), got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(cmd.Context(), cmd, ios, g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", ios.say().F("pretty, plain, json or mermaid (default: pretty on a terminal, else plain)"))
	return cmd
}

// offlineFlags are the global flags of the commands that run a network,
// which show and decode refuse rather than silently ignore.
var offlineFlags = []string{"addr", "timeout", "rtt"}

func refuseNetworkFlags(cmd *cobra.Command) error {
	for _, name := range offlineFlags {
		if cmd.Flags().Changed(name) {
			return usageErrorf("--%s is for the commands that run a demo on the network; %s opens no connection", name, cmd.Name())
		}
	}
	return nil
}

func runShow(ctx context.Context, cmd *cobra.Command, ios *IOStreams, g *globalOptions, opts *showOptions, path string) error {
	if err := refuseNetworkFlags(cmd); err != nil {
		return err
	}
	switch opts.format {
	case "", "pretty", "plain", "mermaid":
		if g.json && opts.format != "" {
			return usageErrorf("--json prints the trace as JSON; it cannot be combined with --format %s", opts.format)
		}
	case "json":
		g.json = true
	default:
		return usageErrorf("--format %q: say one of %s", opts.format, joinOr(showFormats))
	}
	if opts.format == "mermaid" && (g.step || g.delay > 0) {
		return usageErrorf("--format mermaid writes the whole diagram at once; it cannot be combined with --step or --delay")
	}
	if path == "-" && g.step {
		return usageErrorf("--step reads Enter from standard input, which carries the trace here; give the trace as a file")
	}
	common, err := g.validate(ios)
	if err != nil {
		return err
	}

	in, name, closeIn, err := openTrace(ios, path)
	if err != nil {
		return err
	}
	defer closeIn()
	if err := sameFile(path, g.save); err != nil {
		return err
	}
	rd := trace.NewReader(in, name)
	rd.Unknown = func(line int, key string) {
		warnf(ios, "%s:%d: %q is not part of this wsdemo's trace format (a newer wsdemo wrote it?): ignored", name, line, key)
	}
	// The first event says which command recorded the trace: it decides
	// how the rest is drawn (realtime folds repetition).
	first, err := rd.Next()
	if err != nil {
		return err
	}

	o := g.renderOptions(ios)
	switch opts.format {
	case "plain":
		o.Mode = render.Plain
	case "mermaid":
		o.Mode = render.Mermaid
	}
	o.Condense = demo.Condenses(first.Scenario)
	src := &traceSource{rd: rd, first: &first}
	if o.Mode != render.JSON {
		// JSON writes the events back as they were read; every other
		// format draws them, with the fields the JSON leaves out.
		src.replay = demo.NewReplay(common.Lang, g.verbose)
	}
	save, err := g.openSave()
	if err != nil {
		return err
	}
	if save != nil {
		o.Save = save
	}
	err = render.RenderFrom(ctx, src, o)
	if errors.Is(err, render.ErrStopped) {
		err = nil // q at a step: the teacher is done
	}
	return save.finish(err)
}

// openTrace opens the trace at path, or standard input for "-".
func openTrace(ios *IOStreams, path string) (io.Reader, string, func(), error) {
	if path == "-" {
		return ios.In, "stdin", func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, withHint(err, ios.say().F("save a trace first, e.g. %s", command("handshake", "--save", "hs.jsonl")))
	}
	return f, path, func() { f.Close() }, nil
}

// sameFile refuses to save a replay over the trace it reads: the file
// would be emptied before it is read.
func sameFile(in, out string) error {
	if in == "-" || out == "" {
		return nil
	}
	a, err := os.Stat(in)
	if err != nil {
		return nil
	}
	b, err := os.Stat(out)
	if err != nil {
		return nil
	}
	if os.SameFile(a, b) {
		return usageErrorf("--save %s is the trace being shown: saving would empty it before it is read", out)
	}
	return nil
}

// traceSource hands a saved trace's events to the renderer, completed by a
// demo.Replay (fields, translated notes). It reads a line only when the
// renderer asks for the next event, so a long trace is never held in
// memory and a trace piped from a running demo is drawn as it arrives.
type traceSource struct {
	rd     *trace.Reader
	first  *trace.Event // read ahead to learn the scenario
	replay *demo.Replay
}

func (s *traceSource) Next(ctx context.Context, _ int) (trace.Event, error) {
	if err := ctx.Err(); err != nil {
		return trace.Event{}, err
	}
	var e trace.Event
	if s.first != nil {
		e, s.first = *s.first, nil
	} else {
		var err error
		if e, err = s.rd.Next(); err != nil {
			return trace.Event{}, err
		}
	}
	if s.replay != nil {
		s.replay.Event(&e)
	}
	return e, nil
}

// joinOr writes a list as "a, b, c or d".
func joinOr(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	out := ""
	for i, x := range xs[:len(xs)-1] {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return fmt.Sprintf("%s or %s", out, xs[len(xs)-1])
}
