package cli

import (
	"context"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

func newHTTPCmd(ios *IOStreams, g *globalOptions, runF func(*demo.HTTPOptions) error) *cobra.Command {
	opts := demo.HTTPOptions{}
	cmd := &cobra.Command{
		Use:   "http",
		Short: ios.say().F("REST round trips: request/response, stateless, client first"),
		Long: ios.say().F(`Start a small notes REST API on 127.0.0.1 and run a real HTTP client against
it: GET, POST, GET again, a GET without credentials on the same connection
(the server keeps no memory: 401), and a change by another user that our
client only sees when it asks again. Every request and response is shown as it
crossed the socket.`),
		Example: ios.say().F(`  wsdemo http
  wsdemo http --no-keepalive     # a new TCP connection for every request
  wsdemo http --raw              # add the bytes of each message as a hex dump
  wsdemo http --json             # the trace as JSON lines`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common = common
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunHTTP(ctx, rec, opts)
			})
		},
	}
	cmd.Flags().BoolVar(&opts.NoKeepAlive, "no-keepalive", false, ios.say().F("open a new TCP connection for every request"))
	return cmd
}
