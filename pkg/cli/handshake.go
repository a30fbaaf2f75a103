package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

func newHandshakeCmd(ios *IOStreams, g *globalOptions, runF func(*demo.HandshakeOptions) error) *cobra.Command {
	opts := demo.HandshakeOptions{}
	var cases []string
	for _, c := range demo.HandshakeCases {
		cases = append(cases, "  "+demo.HandshakeCaseHelp(c, ios.say()))
	}
	cmd := &cobra.Command{
		Use:   "handshake",
		Short: ios.say().F("The WebSocket handshake: Upgrade, Key → SHA-1 → Accept, 101"),
		Long: ios.say().F(`Start the demo server on 127.0.0.1 and open a real WebSocket to it, showing
the opening handshake of RFC 6455 §4 as it crosses the socket: the client's
HTTP GET with Upgrade: websocket and a random Sec-WebSocket-Key, every check
the server makes (method, version, key, Origin, cookie), how it turns the key
into Sec-WebSocket-Accept, the 101 Switching Protocols, the client's own check
of that value, the server's first frame on the same TCP connection and the
closing handshake.

--case sends a broken handshake instead and shows how the server refuses it:
%s

--origin sends the Origin you give instead of the server's own origin,
http://HOST:PORT where it listens. The server compares all three parts,
scheme, host and port, and refuses any other origin with 403 unless an
--allow-origin pattern lets it in. A pattern is a whole origin,
scheme://host[:port]: the host may use wildcards (*.example.com), the port is
a number or * for any, and without one it is the scheme's default (80 for
http, 443 for https). --origin null sends an opaque origin, which is no
server's own.

--url shakes hands with any WebSocket server instead (ws:// or wss://; for
wss:// the bytes are shown as they were inside TLS).`, strings.Join(cases, "\n")),
		Example: ios.say().F(`  wsdemo handshake
  wsdemo handshake --step                        # one message per Enter
  wsdemo handshake --case bad-version            # refused: 426, versions
  wsdemo handshake --origin http://evil.example  # refused: 403
  wsdemo handshake --origin http://app.example --allow-origin http://app.example
  wsdemo handshake --origin https://127.0.0.1:8080 --addr 127.0.0.1:8080   # refused: scheme
  wsdemo handshake --url ws://127.0.0.1:8080/chat   # any server
  wsdemo handshake --json | jq -c 'select(.kind=="check") | .check'`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common = common
			if err := opts.Validate(); err != nil {
				return optionsError(err)
			}
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunHandshake(ctx, rec, opts)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.URL, "url", "", ios.say().F("shake hands with the server at `URL` (ws://HOST:PORT/PATH or wss://...) instead of the built-in one"))
	f.StringVar(&opts.Origin, "origin", "", ios.say().F("send `ORIGIN` (scheme://host[:port], or null) as the Origin header; default: the server's own origin"))
	f.StringArrayVar(&opts.AllowOrigins, "allow-origin", nil, ios.say().F("let the built-in server also accept the origins `PATTERN` matches: scheme://host[:port], e.g. http://app.example, https://*.example.com, http://localhost:*; repeatable"))
	f.StringVar(&opts.Case, "case", "", ios.say().F("send a broken handshake: `CASE` is one of %s", strings.Join(demo.HandshakeCases, ", ")))
	_ = cmd.RegisterFlagCompletionFunc("case", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, c := range demo.HandshakeCases {
			out = append(out, c+"\t"+strings.TrimPrefix(demo.HandshakeCaseHelp(c, ios.say()), c+": "))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}
