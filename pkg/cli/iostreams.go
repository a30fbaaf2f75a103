package cli

import (
	"bytes"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"

	"wsdemo/pkg/lang"
)

// IOStreams are the streams a command reads and writes, with what is known
// about the terminal behind them. Commands never touch os.Stdout directly, so
// tests run them against buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// StdoutTTY and StdinTTY say whether the streams are terminals.
	StdoutTTY, StdinTTY bool
	// Width is the terminal's width in columns (80 when unknown).
	Width int
	// NoColorEnv is set when the environment asks for no colour (NO_COLOR
	// set and not empty, or TERM=dumb).
	NoColorEnv bool
	// DumbTerminal is TERM=dumb: a terminal that cannot move the cursor,
	// so no step prompt that must be erased again (NO_COLOR alone still
	// allows one).
	DumbTerminal bool
	// StepPrompt is what --step shows while it waits for Enter; empty is
	// render.DefaultStepPrompt. A lesson sets it in its own language for the
	// demos it runs.
	StepPrompt string
	// Lang is the language of the demos' teaching notes when --lang does
	// not say: from $LANG (pt_BR.UTF-8 gives pt-BR; "" is English), and a
	// lesson sets its own for the demos it runs.
	Lang string
}

// System returns the process's streams.
func System() *IOStreams {
	ios := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Width: 80}
	ios.StdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	ios.StdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	if ios.StdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			ios.Width = w
		}
	} else if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
		ios.Width = w
	}
	// no-color.org: NO_COLOR set to a non-empty value turns colour off.
	ios.DumbTerminal = os.Getenv("TERM") == "dumb"
	ios.NoColorEnv = os.Getenv("NO_COLOR") != "" || ios.DumbTerminal
	ios.Lang, _ = lang.Match(os.Getenv("LANG")) // a locale without notes quietly means English
	return ios
}

// Test returns streams backed by buffers: not terminals, 80 columns.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Width: 80}, in, out, errOut
}
