package cli

import (
	"context"
	"encoding/json"
	"errors"
	"syscall"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
)

func newSocketIOCmd(ios *IOStreams, g *globalOptions, runF func(*demo.SocketIOOptions) error) *cobra.Command {
	opts := demo.SocketIOOptions{}
	var data, auth string
	cmd := &cobra.Command{
		Use:   "socketio",
		Short: ios.say().F("What Socket.IO puts on the wire: Engine.IO polling, the upgrade, 42[...] events"),
		Long: ios.say().F(`Socket.IO is a protocol of its own, in two layers, on top of HTTP
long-polling and WebSocket. wsdemo socketio starts a real Socket.IO server
(zishang520's, which speaks the protocol of Socket.IO 3 and later) and two
wsdemo clients on 127.0.0.1, taps their connections and decodes every
packet: Engine.IO's opening over HTTP long-polling, Socket.IO's CONNECT, the
upgrade to WebSocket (2probe, 3probe, the noop, 5), events both ways, an
acknowledgement, a binary event, a room, the heartbeat, a cut connection and
the reconnection, and the same event over a plain WebSocket to compare.

With --url the client runs against your own Socket.IO server (Node's
socket.io, say): it connects, upgrades, sends --emit if you ask, shows every
packet that arrives for --listen, and leaves.`),
		Example: ios.say().F(`  wsdemo socketio
  wsdemo socketio --step                 # one message per Enter (for class)
  wsdemo socketio --json | jq -r 'select(.kind=="sio.packet") | .sio.raw // "binary " + .sio.data_hex'
  wsdemo socketio --url http://localhost:3000
  wsdemo socketio --url http://localhost:3000 --emit "chat message" --data '"hi"'
  wsdemo socketio --url http://localhost:3000 --emit chat --data '"hi"' --ack   # a handler that calls ack()
  wsdemo socketio --url http://localhost:3000 --origin http://localhost:5173   # as your page would
  wsdemo socketio --save sio.jsonl && wsdemo show sio.jsonl --lang pt-BR`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.scenarioCommon(cmd, ios)
			if err != nil {
				return err
			}
			opts.Common = common
			opts.Verbose = g.verbose
			if !cmd.Flags().Changed("listen") {
				opts.Listen = 0 // the default, and no conflict without --url
			}
			opts.Data, opts.Auth = nil, nil
			if cmd.Flags().Changed("data") {
				opts.Data = json.RawMessage(data)
			}
			if cmd.Flags().Changed("emit") && opts.Emit == "" {
				return optionsError(&demo.FieldError{Field: demo.OptEmit, Err: errors.New("is empty: name the event, as in --emit chat")})
			}
			if cmd.Flags().Changed("auth") {
				opts.Auth = json.RawMessage(auth)
			}
			if err := opts.Validate(); err != nil {
				return optionsError(err)
			}
			if runF != nil {
				return runF(&opts)
			}
			return g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return socketIOError(demo.RunSocketIO(ctx, rec, opts), opts)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.URL, "url", "", ios.say().F("run the client against your own Socket.IO server (http:// or https://) instead of the story"))
	f.StringVar(&opts.Path, "path", "", ios.say().F("with --url: Socket.IO's path on the server (default /socket.io/)"))
	f.StringVar(&opts.Emit, "emit", "", ios.say().F("with --url: an event to send once connected"))
	f.BoolVar(&opts.Ack, "ack", false, ios.say().F("with --emit: ask for an acknowledgement (the event carries an ack id) and show the ACK that comes back"))
	f.StringVar(&data, "data", "", ios.say().F("with --emit: its argument, as JSON (a string is quoted: '\"hi\"')"))
	f.DurationVar(&opts.Listen, "listen", demo.DefaultSocketIOListen, ios.say().F("with --url: how long to show what the server sends before leaving"))
	f.StringVar(&opts.Origin, "origin", "", ios.say().F("with --url: send this Origin, as a page from it would (a server that does not allow it is an error: CORS)"))
	f.StringVar(&auth, "auth", "", ios.say().F("with --url: the CONNECT packet's payload, a JSON object (Socket.IO's auth option)"))
	return cmd
}

// socketIOError adds the hint for what the server answered instead of a
// Socket.IO session.
func socketIOError(err error, o demo.SocketIOOptions) error {
	if err == nil {
		return nil
	}
	var he *sioclient.HandshakeError
	var ce *sioclient.ConnectError
	t := lang.For(o.Lang)
	switch {
	case errors.Is(err, demo.ErrServerEnded):
		return withHint(saidKeeping(t, err), t.F("is your server still running? Its terminal says why it stopped: an exception in a handler ends a Node process"))
	case errors.Is(err, syscall.ECONNREFUSED):
		return withHint(saidKeeping(t, err), t.F("start your Socket.IO server first (node server.js, say), or check the host and port in --url"))
	case errors.Is(err, syscall.ECONNRESET):
		return withHint(saidKeeping(t, err), t.F("is it a Socket.IO server? check the port in --url, and the server's log"))
	case errors.Is(err, context.DeadlineExceeded):
		return withHint(saidKeeping(t, err), t.F("the server took the connection but did not answer in time; raise --timeout or check the server"))
	case errors.As(err, &he):
		return withHint(err, handshakeHintSIO(t, he, o))
	case errors.As(err, &ce):
		return withHint(err, t.F("a middleware of the server (io.use) refused the connection; send what it checks with --auth '{\"token\":\"...\"}', or look at the server's log"))
	}
	return err
}

// saidError is an error said in the run's language, its cause kept for
// errors.Is.
type saidError struct {
	msg string
	err error
}

func (e saidError) Error() string { return e.msg }
func (e saidError) Unwrap() error { return e.err }

// saidKeeping is err in t's language when it can say itself (lang.Sayer),
// its chain kept for errors.Is (the exit code, the hints); err otherwise.
func saidKeeping(t lang.Text, err error) error {
	if _, ok := err.(lang.Sayer); ok {
		return saidError{t.Err(err), err}
	}
	return err
}

func handshakeHintSIO(t lang.Text, he *sioclient.HandshakeError, o demo.SocketIOOptions) string {
	switch he.Problem {
	case sioclient.NotFound:
		if o.Path == "" || o.Path == sioclient.DefaultPath {
			return t.F("wrong path? Socket.IO answers at /socket.io/ unless the server sets its path option: give the same with --path")
		}
		return t.F("wrong path? give the server's path option with --path (Socket.IO's default is /socket.io/)")
	case sioclient.Refused:
		return t.F("the server refuses this request: it may check the Origin (allowRequest, cors) or want credentials; --origin sends the Origin of your page")
	case sioclient.EngineIOError:
		return t.F("the server is Engine.IO's, but refused the handshake: its error code and message say why")
	case sioclient.EIO3:
		return t.F("upgrade the server to socket.io 3 or later, whose clients speak Engine.IO v4 (socket.io 4 can still accept old clients with allowEIO3)")
	case sioclient.CORS:
		return t.F("allow that origin in the server's cors option: new Server(httpServer, { cors: { origin: %q } })", he.Origin)
	case sioclient.NotEngineIO:
		return t.F("is it a Socket.IO server? a web page or another API answered there; check the port, and the path (--path)")
	}
	return t.F("the server answered the handshake with an error; --raw shows its answer")
}
