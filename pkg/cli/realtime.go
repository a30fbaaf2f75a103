package cli

import (
	"context"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

func newRealtimeCmd(ios *IOStreams, g *globalOptions, runF func(*demo.RealtimeOptions) error) *cobra.Command {
	opts := demo.RealtimeOptions{}
	var only string
	cmd := &cobra.Command{
		Use:   "realtime",
		Short: ios.say().F(`"Google Docs in two tabs", measured: polling vs WebSocket push`),
		Long: ios.say().F(`Tab A types edits into a shared document; tab B must keep up. wsdemo measures
five ways for tab B to follow, one after another, with real clients on
127.0.0.1:

  refresh    plain HTTP: B sees the document only when the user reloads
  poll       B asks with GET every --poll-interval
  long-poll  B's GET is held by the server until something changes
  websocket  one handshake, then the server pushes every edit
  tcp-floor  the same pushes over raw TCP, no HTTP or WebSocket: a reference
             measured in the same run, not a limit

For each: edits seen, latency from the edit to tab B (p50, p95, max), HTTP
requests, empty answers and bytes on the wire, then a conclusion drawn from
the numbers measured in this run.`),
		Example: ios.say().F(`  wsdemo realtime
  wsdemo realtime --only poll,websocket --poll-interval 2s
  wsdemo realtime --edits 5 --every 300ms --verbose  # no condensing
  wsdemo realtime --json | jq 'select(.kind=="summary") | .stats'`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common, opts.Verbose = common, g.verbose
			g.condense = true
			if cmd.Flags().Changed("only") {
				if opts.Only, err = demo.ParseStrategies(only); err != nil {
					return usageErrorf("--only: %v", err)
				}
			}
			if err := opts.Validate(); err != nil {
				return optionsError(err)
			}
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunRealtime(ctx, rec, opts)
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Edits, "edits", demo.DefaultRealtimeEdits, ios.say().F("how many edits tab A makes"))
	f.DurationVar(&opts.Every, "every", demo.DefaultRealtimeEvery, ios.say().F("time between two edits"))
	f.DurationVar(&opts.PollInterval, "poll-interval", demo.DefaultRealtimePollInterval, ios.say().F("how often tab B asks, in the poll strategy"))
	f.StringVar(&only, "only", "", ios.say().F("run only these strategies, comma-separated: refresh,poll,long-poll,websocket,tcp-floor"))
	return cmd
}
