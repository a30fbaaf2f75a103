package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

func newProxyCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	opts := demo.ProxyOptions{}
	cmd := &cobra.Command{
		Use:   "proxy --to HOST:PORT",
		Short: "Your own app's traffic, annotated live: browser ⇄ wsdemo ⇄ your server",
		Long: `wsdemo proxy sits between your browser and your own server. It listens
(on 127.0.0.1:8080 unless --listen says otherwise), and for every connection
it accepts it opens one to your server (--to) and copies the bytes both ways
unchanged: your server receives exactly what the browser sent. On the way
every byte is decoded and drawn, as in the demos: HTTP requests and
responses, WebSocket handshakes and frames (inflated when compressed with
permessage-deflate), Socket.IO packets, each arrow naming its connection.

  1. run your app, say on port 3000
  2. wsdemo proxy --to 127.0.0.1:3000
  3. open http://127.0.0.1:8080 in the browser, and watch the terminal

Ctrl-C stops the proxy: it closes the connections still open and exits.`,
		Example: `  wsdemo proxy --to 127.0.0.1:3000
  wsdemo proxy --to 127.0.0.1:3000 --listen 127.0.0.1:9000
  wsdemo proxy --to 127.0.0.1:3000 --json | jq -c 'select(.kind=="sio.packet") | .sio.raw'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := validateProxy(cmd, g, &opts); err != nil {
				return err
			}
			common, err := g.validate(ios)
			if err != nil {
				return err
			}
			opts.Common = common
			opts.Verbose = g.verbose
			opts.Hint = ios.ErrOut
			if host, _, _ := net.SplitHostPort(opts.Listen); !isLoopback(host) {
				warnf(ios, "--listen %s accepts connections from beyond this machine: other machines may reach your app through the proxy", opts.Listen)
			}
			g.serverName = opts.To
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				err := demo.RunProxy(ctx, rec, opts)
				var le *server.ListenError
				if errors.As(err, &le) && errors.Is(err, syscall.EADDRINUSE) {
					return withHint(err, fmt.Sprintf("another program listens on %s; stop it, or choose another address with --listen", opts.Listen))
				}
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.To, "to", "", "your server's HOST:PORT, where every connection is relayed (e.g. 127.0.0.1:3000)")
	f.StringVar(&opts.Listen, "listen", demo.DefaultProxyListen, "where the proxy accepts connections: open http://HOST:PORT in the browser")
	return cmd
}

// validateProxy checks the flags of proxy and settles --to and --listen.
func validateProxy(cmd *cobra.Command, g *globalOptions, o *demo.ProxyOptions) error {
	if !cmd.Flags().Changed("to") {
		return usageError{withHint(errors.New("proxy needs --to: the address of your own server"),
			"run your app (say on port 3000), then: "+command("proxy", "--to", "127.0.0.1:3000"))}
	}
	to, err := hostPort("--to", o.To, false)
	if err != nil {
		return err
	}
	listen, err := hostPort("--listen", o.Listen, true)
	if err != nil {
		return err
	}
	o.To, o.Listen = to, listen
	if to == listen {
		return usageErrorf("--to and --listen are both %s: the proxy would relay to itself; --to is your own server's address", to)
	}
	flags := cmd.Flags()
	switch {
	case flags.Changed("addr"):
		return usageErrorf("--addr sets where a demo server listens; proxy relays to your server (--to) and listens at --listen")
	case g.rtt != 0:
		return usageErrorf("--rtt simulates distance in wsdemo's own demos; proxy relays real connections as they are")
	case g.step || g.delay > 0:
		return usageErrorf("proxy draws traffic as it happens; it cannot be combined with --step or --delay")
	}
	return nil
}

// hostPort checks a HOST:PORT flag value: a port from 1 (0 too when
// zeroOK: any free port) to 65535; an empty host means 127.0.0.1.
func hostPort(flag, v string, zeroOK bool) (string, error) {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		if n, aerr := strconv.Atoi(v); aerr == nil && n > 0 && n <= 65535 {
			return "", usageError{withHint(fmt.Errorf("%s %q is not HOST:PORT", flag, v), fmt.Sprintf("for a port on this machine: %s 127.0.0.1:%d", flag, n))}
		}
		return "", usageErrorf("%s %q is not HOST:PORT (for example 127.0.0.1:3000)", flag, v)
	}
	p, err := strconv.Atoi(port)
	low := 1
	if zeroOK {
		low = 0
	}
	if err != nil || p < low || p > 65535 {
		return "", usageErrorf("%s %q: the port must be a number from %d to 65535", flag, v, low)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if strings.ContainsAny(host, " /") {
		return "", usageErrorf("%s %q is not HOST:PORT: %q is no host name", flag, v, host)
	}
	return net.JoinHostPort(host, strconv.Itoa(p)), nil
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
