package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/render"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

func newDuplexCmd(ios *IOStreams, g *globalOptions, runF func(*demo.DuplexOptions) error) *cobra.Command {
	opts := demo.DuplexOptions{}
	cmd := &cobra.Command{
		Use:   "duplex",
		Short: ios.say().F("One connection, both sides sending at once: every frame decoded"),
		Long: ios.say().F(`After one HTTP handshake a WebSocket is a two-way road: either side sends
whenever it likes, on the one TCP connection, until someone closes it.

wsdemo duplex starts a WebSocket server on 127.0.0.1 that pushes messages on
its own schedule ("edit from another tab", at 3/5 of --interval: every 150 ms
by default) while a real client sends its own on a different one. Every frame
that crosses is decoded: FIN, opcode, MASK, payload length, masking key and
payload. You also see a message sent in fragments, a binary message, pings
and pongs both ways, and the closing handshake.

With --url the same client runs against any WebSocket server (an echo server, a
chat server) and shows whatever comes back. With --interactive you type the
messages yourself, like wscat, with every frame annotated:
  any line             sent as a text message (// sends a line starting with /)
  /ping [text]         a ping; the server's pong answers with the same text
  /binary <hex>        a binary message, e.g. /binary 89 50 4e 47
  /close [code] [why]  the closing handshake, e.g. /close 1000 bye
  end of input         (Ctrl-D) closes with 1000; Ctrl-C closes with 1001
A line over 1 MiB is not sent (a hint says so), and input goes on. Other
programs may connect to the built-in server too (at --addr): they are not
this demo's connection, so they are counted in the summary, and --verbose
shows the server's checks of each, marked with its address.`),
		Example: ios.say().F(`  wsdemo duplex
  wsdemo duplex --raw --step        # every frame's bytes, one per Enter
  wsdemo duplex --messages 5 --interval 100ms
  wsdemo duplex --json | jq -c 'select(.kind=="ws.frame") | [.from, .summary]'
  wsdemo duplex -i                  # type your own messages
  wsdemo duplex --compress          # permessage-deflate: RSV1, DEFLATE, inflated sizes
  wsdemo duplex --url ws://localhost:8080/chat   # your own server`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common = common
			opts.Verbose = g.verbose
			if !cmd.Flags().Changed("interval") {
				// Its default depends on --interactive.
				opts.Interval = demo.DefaultDuplexInterval
				if opts.Interactive {
					opts.Interval = demo.DefaultInteractivePush
				}
			} else if opts.Interactive && opts.Interval == 0 {
				opts.NoPush = true // --interval 0: the built-in server only answers
			}
			if err := opts.Validate(); err != nil {
				return optionsError(err)
			}
			if opts.Interactive && (g.step || g.delay > 0) {
				return usageErrorf("--interactive shows frames as they happen; it cannot be combined with --step or --delay")
			}
			ios := ios
			if opts.Interactive && runF == nil {
				// The prompt line is pinned only to run: a hook runs nothing.
				var unpin func()
				ios, opts.Prompt, unpin = ios.pinPrompt("> ")
				defer unpin()
			}
			opts.In, opts.Hint, opts.Width = ios.Input(), ios.ErrOut, ios.Width
			if opts.Interactive && ios.StdoutTTY && !g.json {
				// On the terminal the diagram is drawn on, the hints go
				// between its lifelines, wrapped there, not across them.
				opts.Hint, opts.Width = asideWriter{w: ios.ErrOut, o: g.renderOptions(ios)}, 0
			}
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunDuplex(ctx, rec, opts)
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Messages, "messages", demo.DefaultDuplexMessages, ios.say().F("text messages the client sends, and the server pushes (1-%d)", demo.MaxDuplexMessages))
	f.DurationVar(&opts.Interval, "interval", 0, ios.say().F("time between the client's messages (default %s; the server pushes at 3/5 of it); with --interactive, between the server's pushes (default %s, at most %s, 0: none)", demo.ShortDuration(demo.DefaultDuplexInterval), demo.ShortDuration(demo.DefaultInteractivePush), demo.ShortDuration(server.MaxPushEvery)))
	f.StringVar(&opts.URL, "url", "", ios.say().F("run the client against another WebSocket server (ws:// or wss://) instead of the built-in one"))
	f.BoolVarP(&opts.Interactive, "interactive", "i", false, ios.say().F("send the lines you type, like wscat, with every frame annotated"))
	f.BoolVar(&opts.Compress, "compress", false, ios.say().F("offer permessage-deflate (RFC 7692): the built-in server accepts, and both sides compress every message"))
	f.BoolVar(&opts.TooBig, "too-big", false, ios.say().F("end by sending a message over the built-in server's %d KiB limit: it closes with 1009", server.MaxMessage>>10))
	return cmd
}

// asideWriter writes each hint between the diagram's lifelines
// (render.Aside).
type asideWriter struct {
	w io.Writer
	o render.Options
}

func (a asideWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(a.w, render.Aside(a.o, string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
