package cli

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/muesli/termenv"
	"golang.org/x/term"

	"wsdemo/internal/theme"
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
	// Lang is the language wsdemo speaks when --lang does not say: $LANG
	// as lang.Match reads it (pt_BR.UTF-8 gives pt-BR; "" or a language
	// wsdemo does not speak is English). A lesson sets its own for the
	// demos it runs.
	Lang string

	// ThemeEnv is $WSDEMO_THEME (auto, dark or light), read by System.
	ThemeEnv string
	// DetectTheme says which background the terminal has, asking it at most
	// once (see detectTheme); nil means dark. The CLI calls it only when it
	// is about to draw in colour, before anything reads stdin.
	DetectTheme func() theme.Theme
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
	ios.ThemeEnv = os.Getenv(ThemeEnv)
	ask := ios.StdoutTTY && ios.StdinTTY && !ios.DumbTerminal
	ios.DetectTheme = sync.OnceValue(func() theme.Theme { return detectTheme(os.Stdout, ask) })
	return ios
}

// detectTheme asks the terminal behind out for its background colour (the
// OSC 11 query, answered on the terminal's input) when ask is set, and
// otherwise, or when it cannot answer, falls back on $COLORFGBG ("15;0":
// light text on colour 0) as some terminals set it; with neither, dark.
// termenv does not ask under tmux or screen, which may be attached to
// several terminals at once: there --theme or $WSDEMO_THEME says.
func detectTheme(out *os.File, ask bool) theme.Theme {
	if ask {
		if termenv.NewOutput(out).HasDarkBackground() {
			return theme.Dark
		}
		return theme.Light
	}
	return themeFromCOLORFGBG(os.Getenv("COLORFGBG"))
}

// themeFromCOLORFGBG reads the background from $COLORFGBG ("fg;bg" or
// "fg;default;bg"): of the 16 basic colours, 7 (white) and 9 to 15 (the
// bright ones but 8, bright black) are light backgrounds.
func themeFromCOLORFGBG(v string) theme.Theme {
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return theme.Dark
	}
	bg, err := strconv.Atoi(v[i+1:])
	if err != nil {
		return theme.Dark
	}
	if bg == 7 || (bg >= 9 && bg <= 15) {
		return theme.Light
	}
	return theme.Dark
}

// Test returns streams backed by buffers: not terminals, 80 columns.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Width: 80}, in, out, errOut
}
