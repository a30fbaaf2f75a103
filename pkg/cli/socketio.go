package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
)

// maxListen bounds --listen: a demo, not a monitor (wsdemo proxy is one).
const maxListen = time.Hour

func newSocketIOCmd(ios *IOStreams, g *globalOptions, runF func(*demo.SocketIOOptions) error) *cobra.Command {
	opts := demo.SocketIOOptions{}
	var data, auth string
	cmd := &cobra.Command{
		Use:   "socketio",
		Short: "What Socket.IO puts on the wire: Engine.IO polling, the upgrade, 42[...] events",
		Long: `Socket.IO is a protocol of its own, in two layers, on top of HTTP
long-polling and WebSocket. wsdemo socketio starts a real Socket.IO server
(zishang520's, which speaks the protocol of Socket.IO 3 and later) and two
clients of wsdemo's on 127.0.0.1, taps their connections and decodes every
packet: Engine.IO's opening over HTTP long-polling, Socket.IO's CONNECT, the
upgrade to WebSocket (2probe, 3probe, the noop, 5), events both ways, an
acknowledgement, a binary event, a room, the heartbeat, a cut connection and
the reconnection, and the same event over a plain WebSocket to compare.

With --url the client runs against your own Socket.IO server (Node's
socket.io, say): it connects, upgrades, sends --emit if you ask, shows every
packet that arrives for --listen, and leaves.`,
		Example: `  wsdemo socketio
  wsdemo socketio --step                 # one message per Enter (for class)
  wsdemo socketio --json | jq -r 'select(.kind=="sio.packet") | .sio.raw'
  wsdemo socketio --url http://localhost:3000
  wsdemo socketio --url http://localhost:3000 --emit "chat message" --data '"hi"'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.validate(ios)
			if err != nil {
				return err
			}
			if err := validateSocketIO(cmd, &opts, data, auth); err != nil {
				return err
			}
			opts.Common = common
			opts.Verbose = g.verbose
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return socketIOError(demo.RunSocketIO(ctx, rec, opts), opts)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.URL, "url", "", "run the client against your own Socket.IO server (http:// or https://) instead of the story")
	f.StringVar(&opts.Path, "path", "", "with --url: Socket.IO's path on the server (default /socket.io/)")
	f.StringVar(&opts.Emit, "emit", "", "with --url: an event to send once connected")
	f.StringVar(&data, "data", "", "with --emit: its argument, as JSON (a string is quoted: '\"hi\"')")
	f.DurationVar(&opts.Listen, "listen", demo.DefaultSocketIOListen, "with --url: how long to show what the server sends before leaving")
	f.StringVar(&opts.Origin, "origin", "", "with --url: send this Origin, as a page from it would (a server that does not allow it is an error: CORS)")
	f.StringVar(&auth, "auth", "", "with --url: the CONNECT packet's payload, a JSON object (Socket.IO's auth option)")
	return cmd
}

// validateSocketIO checks the flags of socketio.
func validateSocketIO(cmd *cobra.Command, o *demo.SocketIOOptions, data, auth string) error {
	if o.URL == "" {
		for _, name := range []string{"path", "emit", "data", "listen", "origin", "auth"} {
			if cmd.Flags().Changed(name) {
				return usageErrorf("--%s goes with --url: the story runs its own server and clients", name)
			}
		}
		return nil
	}
	u, err := url.Parse(o.URL)
	switch {
	case err != nil:
		return usageErrorf("--url %q is not a URL: %v", o.URL, err)
	case u.Scheme == "ws" || u.Scheme == "wss":
		return usageErrorf("--url %q: a Socket.IO client starts with HTTP, so give the server's http:// (or https://) address; the path is --path", o.URL)
	case u.Scheme != "http" && u.Scheme != "https":
		return usageErrorf("--url %q: the scheme must be http or https, as in http://localhost:3000", o.URL)
	case u.Host == "":
		return usageErrorf("--url %q has no host", o.URL)
	case u.Path != "" && u.Path != "/":
		return usageErrorf("--url %q: give the server's address only; Socket.IO's path is --path (default /socket.io/)", o.URL)
	case cmd.Flags().Changed("addr"):
		return usageErrorf("--addr sets where the built-in server listens; with --url there is no built-in server")
	}
	if o.Path != "" && !strings.HasPrefix(o.Path, "/") {
		return usageErrorf("--path %q must start with /, as in /socket.io/", o.Path)
	}
	if data != "" {
		if o.Emit == "" {
			return usageErrorf("--data is the argument of --emit: name the event too")
		}
		if !json.Valid([]byte(data)) {
			return usageErrorf("--data %q is not JSON: quote a string (--data '\"hi\"'), or give a number, an object or an array", data)
		}
		o.Data = json.RawMessage(data)
	}
	if auth != "" {
		var obj map[string]any
		if err := json.Unmarshal([]byte(auth), &obj); err != nil {
			return usageErrorf("--auth %q is not a JSON object, as in '{\"token\":\"abc\"}'", auth)
		}
		o.Auth = json.RawMessage(auth)
	}
	if o.Listen <= 0 || o.Listen > maxListen {
		return usageErrorf("--listen must be from 1ms to %s, got %s", demo.ShortDuration(maxListen), demo.ShortDuration(o.Listen))
	}
	if o.Origin != "" {
		if ou, err := url.Parse(o.Origin); err != nil || ou.Scheme == "" || ou.Host == "" || (ou.Path != "" && ou.Path != "/") {
			return usageErrorf("--origin %q is not an origin: scheme://host[:port], as in http://localhost:5173", o.Origin)
		}
		o.Origin = strings.TrimSuffix(o.Origin, "/")
	}
	return nil
}

// socketIOError adds the hint for what the server answered instead of a
// Socket.IO session.
func socketIOError(err error, o demo.SocketIOOptions) error {
	if err == nil {
		return nil
	}
	var he *sioclient.HandshakeError
	var ce *sioclient.ConnectError
	switch {
	case errors.As(err, &he):
		return withHint(err, handshakeHintSIO(he, o))
	case errors.As(err, &ce):
		return withHint(err, "a middleware of the server (io.use) refused the connection; send what it checks with --auth '{\"token\":\"...\"}', or look at the server's log")
	}
	return err
}

func handshakeHintSIO(he *sioclient.HandshakeError, o demo.SocketIOOptions) string {
	switch he.Problem {
	case sioclient.NotFound:
		if o.Path == "" || o.Path == sioclient.DefaultPath {
			return "wrong path? Socket.IO answers at /socket.io/ unless the server sets its path option: give the same with --path"
		}
		return "wrong path? give the server's path option with --path (Socket.IO's default is /socket.io/)"
	case sioclient.Refused:
		return "the server refuses this request: it may check the Origin (allowRequest, cors) or want credentials; --origin sends the Origin of your page"
	case sioclient.EngineIOError:
		return "the server is Engine.IO's, but refused the handshake: its error code and message say why"
	case sioclient.EIO3:
		return "upgrade the server to socket.io 3 or later, whose clients speak Engine.IO v4 (socket.io 4 can still accept old clients with allowEIO3)"
	case sioclient.CORS:
		return "allow that origin in the server's cors option: new Server(httpServer, { cors: { origin: \"" + he.Origin + "\" } })"
	case sioclient.NotEngineIO:
		return "is it a Socket.IO server? a web page or another API answered there; check the port, and the path (--path)"
	}
	return "the server answered the handshake with an error; --raw shows its answer"
}
