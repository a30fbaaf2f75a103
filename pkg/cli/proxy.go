package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

func newProxyCmd(ios *IOStreams, g *globalOptions, runF func(*demo.ProxyOptions) error) *cobra.Command {
	opts := demo.ProxyOptions{}
	cmd := &cobra.Command{
		Use:   "proxy --to HOST:PORT",
		Short: ios.say().F("Your own app's traffic, annotated live: browser ⇄ wsdemo ⇄ your server"),
		Long: ios.say().F(`wsdemo proxy sits between your browser and your own server. It listens
(on 127.0.0.1:8080 unless --listen says otherwise), and for every connection
it accepts it opens one to your server (--to) and copies the bytes both ways
unchanged: your server receives exactly what the browser sent. On the way
every byte is decoded and drawn, as in the demos: HTTP requests and
responses, WebSocket handshakes and frames (inflated when compressed with
permessage-deflate), Socket.IO packets, each arrow naming its connection.

  1. run your app, say on port 3000
  2. wsdemo proxy --to 127.0.0.1:3000
  3. open http://127.0.0.1:8080 in the browser, and watch the terminal

Ctrl-C stops the proxy: it closes the connections still open and exits.`),
		Example: `  wsdemo proxy --to 127.0.0.1:3000
  wsdemo proxy --to 127.0.0.1:3000 --listen 127.0.0.1:9000
  wsdemo proxy --to 127.0.0.1:3000 --json | jq -c 'select(.kind=="sio.packet") | .sio.raw'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common = common
			opts.Verbose = g.verbose
			opts.Hint = ios.ErrOut
			if err := opts.Validate(); err != nil {
				if errors.Is(err, demo.ErrNoUpstream) {
					return usageError{withHint(lang.Errorf("proxy needs --to: the address of your own server"),
						ios.say().F("run your app (say on port 3000), then: %s", command("proxy", "--to", "127.0.0.1:3000")))}
				}
				return optionsError(err)
			}
			if g.step || g.delay > 0 {
				return usageErrorf("proxy draws traffic as it happens; it cannot be combined with --step or --delay")
			}
			if runF != nil {
				return runF(&opts)
			}
			listen := opts.ListenAddr()
			if host, _, _ := net.SplitHostPort(listen); !isLoopback(host) {
				warnf(ios, "--listen %s accepts connections from beyond this machine: other machines may reach your app through the proxy", listen)
			}
			g.serverName = opts.Upstream()
			// A diagram often shares its terminal (or file) with stderr: a
			// hint written while it is drawn would land inside it. The trace's
			// note says it there; stderr gets it once the diagram is done.
			// JSON lines are whole and meant for programs: the hint goes at once.
			var held bytes.Buffer
			if !g.json {
				opts.Hint = &lockedWriter{w: &held}
			}
			err = g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				err := demo.RunProxy(ctx, rec, opts)
				var le *server.ListenError
				if errors.As(err, &le) && errors.Is(err, syscall.EADDRINUSE) {
					return withHint(err, ios.say().F("another program listens on %s; stop it, or choose another address with --listen", listen))
				}
				return err
			})
			_, _ = held.WriteTo(ios.ErrOut)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.To, "to", "", ios.say().F("your server's HOST:PORT, where every connection is relayed (e.g. 127.0.0.1:3000)"))
	f.StringVar(&opts.Listen, "listen", demo.DefaultProxyListen, ios.say().F("where the proxy accepts connections: open http://HOST:PORT in the browser"))
	return cmd
}

// lockedWriter serialises writes from the proxy's connections.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
