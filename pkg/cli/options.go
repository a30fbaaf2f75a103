package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
)

// runHooks replace what a scenario command runs once its options are
// settled and valid, as cli/cli's runF does: a flag test checks the options
// a command would run with, and validateDemoArgs checks a lesson's demo,
// without starting a network. The zero value runs the scenarios.
type runHooks struct {
	http      func(*demo.HTTPOptions) error
	handshake func(*demo.HandshakeOptions) error
	duplex    func(*demo.DuplexOptions) error
	realtime  func(*demo.RealtimeOptions) error
	proxy     func(*demo.ProxyOptions) error
	serve     func(*demo.ServeOptions) error
	socketio  func(*demo.SocketIOOptions) error
}

// flagNames are the flags that set each option a demo.FieldError can
// name.
var flagNames = map[demo.Option]string{
	demo.OptAddr:         "--addr",
	demo.OptTimeout:      "--timeout",
	demo.OptRTT:          "--rtt",
	demo.OptFrom:         "--from",
	demo.OptURL:          "--url",
	demo.OptOrigin:       "--origin",
	demo.OptAllowOrigins: "--allow-origin",
	demo.OptCase:         "--case",
	demo.OptMessages:     "--messages",
	demo.OptInterval:     "--interval",
	demo.OptInteractive:  "--interactive",
	demo.OptTooBig:       "--too-big",
	demo.OptEdits:        "--edits",
	demo.OptEvery:        "--every",
	demo.OptPollInterval: "--poll-interval",
	demo.OptOnly:         "--only",
	demo.OptTo:           "--to",
	demo.OptListen:       "--listen",
	demo.OptPageLang:     "--lang",
	demo.OptPath:         "--path",
	demo.OptEmit:         "--emit",
	demo.OptData:         "--data",
	demo.OptAuth:         "--auth",
	demo.OptAck:          "--ack",
}

func flagName(o demo.Option) string {
	if f, ok := flagNames[o]; ok {
		return f
	}
	return string(o)
}

// optionsError turns the options' own verdict into a usage error that
// names the flag: the rules live on the options (their Validate), the
// flags' names here.
func optionsError(err error) error {
	var fe *demo.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	msg := errors.New(fe.Say(flagName))
	if s, ok := fe.Err.(lang.Sayer); ok && len(fe.With) == 0 {
		// The rule's words can say themselves: report says them in the
		// run's language, after the flag's name.
		msg = lang.Errorf("%s %s", flagName(fe.Field), s.Say())
	}
	var bare *demo.BarePortError
	switch {
	case fe.Field == demo.OptAllowOrigins && len(fe.With) == 0:
		return usageError{withHint(msg, "an allowed origin is a whole origin, "+server.OriginPatternHelp)}
	case errors.As(fe.Err, &bare):
		return usageError{withHint(msg, fmt.Sprintf("for a port on this machine: %s 127.0.0.1:%d", flagName(fe.Field), bare.Port))}
	}
	return usageError{msg}
}

// scenarioCommon checks the shared flags for a scenario command. --addr
// reaches the options only when it was given, so that a scenario can
// refuse it where it runs no server of its own (with --url).
func (g *globalOptions) scenarioCommon(cmd *cobra.Command, ios *IOStreams) (demo.Common, error) {
	c, err := g.validate(ios)
	if err == nil && !cmd.Flags().Changed("addr") {
		c.Addr = ""
	}
	return c, err
}
