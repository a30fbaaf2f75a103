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
	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
)

// IOStreams are the streams a command reads and writes, with what is known
// about the terminal behind them. Commands never touch os.Stdout directly, so
// tests run them against buffers.
//
// It owns standard input: In is read whole only by the commands that read
// a file from it (decode, show -); everything that reads the learner's
// keys or answers (a step of a demo, duplex -i, a lesson's prompts) gets
// them from Input, the one reader of In, which knows whether In is a
// terminal and puts it in raw mode while keys are read. Nothing below this
// package asks the operating system about the terminal.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// StdoutTTY and StdinTTY say whether the streams are terminals.
	StdoutTTY, StdinTTY bool
	// Width is the terminal's width in columns (80 when unknown), and Height
	// its height in lines (24 when unknown).
	Width, Height int
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
	// ThemeGuessed reports whether DetectTheme's answer was a guess: no
	// terminal could be asked (tmux, screen) and $COLORFGBG says nothing.
	// The CLI then says, once, which background the colours are for and
	// how to choose the other. nil means never a guess.
	ThemeGuessed func() bool
	// cliLang is the language the command line speaks (cliLanguage), set
	// by Run before the command tree is built.
	cliLang string
	// themeHint is shared by copies of the streams (a lesson's demos), so
	// the hint is said once a run.
	themeHint *sync.Once

	// input is the one reader of In (see Input); copies of the streams (a
	// lesson's demo) share it.
	input *tty.Input
}

// Input is the one reader of standard input: lines (a lesson's answers,
// duplex -i from a pipe) or keys (a step, duplex -i's line editor). Made
// on first use over In when System did not make it over the terminal.
func (s *IOStreams) Input() *tty.Input {
	if s.input == nil {
		s.input = tty.NewInput(s.In)
	}
	return s.input
}

// CanPrompt says a person can answer: stdin and stdout are terminals.
func (s *IOStreams) CanPrompt() bool { return s.StdinTTY && s.StdoutTTY }

// CursorControl says stdout is a terminal that can move its cursor, so a
// prompt can be drawn and erased again: not TERM=dumb.
func (s *IOStreams) CursorControl() bool { return s.StdoutTTY && !s.DumbTerminal }

// ColorEnabled says output may be coloured: stdout is a terminal and the
// environment does not say otherwise (NO_COLOR, TERM=dumb). --no-color
// turns it off too (globalOptions.colour).
func (s *IOStreams) ColorEnabled() bool { return s.StdoutTTY && !s.NoColorEnv }

// pinPrompt returns streams whose Out and ErrOut write above a prompt line
// pinned at the bottom of the terminal, and that prompt, when a person types
// at a terminal that can redraw it; otherwise ios itself and nil. done
// clears the prompt.
func (s *IOStreams) pinPrompt(prompt string) (ios *IOStreams, p *tty.Prompt, done func()) {
	if !s.CanPrompt() || !s.CursorControl() || !s.Input().Terminal() {
		return s, nil, func() {}
	}
	p = tty.NewPrompt(s.Out, s.Width, prompt)
	pinned := *s
	pinned.Out, pinned.ErrOut = p.Writer(s.Out), p.Writer(s.ErrOut)
	return &pinned, p, p.Close
}

// System returns the process's streams.
func System() *IOStreams {
	ios := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Width: 80, Height: 24}
	ios.StdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	ios.StdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	if ios.StdoutTTY {
		if w, h, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			ios.Width = w
			if h > 0 {
				ios.Height = h
			}
		}
	} else if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
		ios.Width = w
	}
	if ios.StdinTTY {
		ios.input = tty.NewTerminalInput(os.Stdin, int(os.Stdin.Fd()))
	} else {
		ios.input = tty.NewInput(os.Stdin)
	}
	// no-color.org: NO_COLOR set to a non-empty value turns colour off.
	ios.DumbTerminal = os.Getenv("TERM") == "dumb"
	ios.NoColorEnv = os.Getenv("NO_COLOR") != "" || ios.DumbTerminal
	ios.Lang, _ = lang.Match(os.Getenv("LANG")) // a locale without notes quietly means English
	ios.ThemeEnv = os.Getenv(ThemeEnv)
	ask := ios.CanPrompt() && ios.CursorControl()
	ios.themeHint = new(sync.Once)
	detect := sync.OnceValues(func() (theme.Theme, bool) { return detectTheme(os.Stdout, ask, os.Getenv) })
	ios.DetectTheme = func() theme.Theme { t, _ := detect(); return t }
	ios.ThemeGuessed = func() bool { _, g := detect(); return g }
	return ios
}

// detectTheme asks the terminal behind out for its background colour (the
// OSC 11 query, answered on the terminal's input) when ask is set, and
// otherwise, or when it cannot answer, falls back on $COLORFGBG ("15;0":
// light text on colour 0) as some terminals set it; with neither, dark.
// termenv does not ask under tmux or screen, which may be attached to
// several terminals at once: there, without $COLORFGBG, the answer is dark
// and guessed is true (--theme or $WSDEMO_THEME says otherwise). getenv
// reads the environment.
func detectTheme(out *os.File, ask bool, getenv func(string) string) (t theme.Theme, guessed bool) {
	fgbg := getenv("COLORFGBG")
	if multiplexed(getenv) {
		return themeFromCOLORFGBG(fgbg), ask && !strings.Contains(fgbg, ";")
	}
	if ask {
		if termenv.NewOutput(out).HasDarkBackground() {
			return theme.Dark, false
		}
		return theme.Light, false
	}
	return themeFromCOLORFGBG(fgbg), false
}

// multiplexed reports whether wsdemo runs inside tmux or screen, which
// termenv does not ask for their background (they may be attached to
// several terminals at once): $TERM says so, as termenv reads it.
func multiplexed(getenv func(string) string) bool {
	term := getenv("TERM")
	return strings.HasPrefix(term, "screen") || strings.HasPrefix(term, "tmux")
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
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Width: 80, Height: 24}, in, out, errOut
}

// typeAtTerminal makes ios's stdin a terminal in raw mode that keys types
// into (tty.FakeTerminal), with stdout a terminal too: for tests of what a
// person at a terminal sees.
func (s *IOStreams) typeAtTerminal(keys io.Reader) {
	s.In = keys
	s.input = tty.FakeTerminal(keys)
	s.StdinTTY, s.StdoutTTY = true, true
}

// say speaks the command line's language (cliLang): help texts and usage
// errors.
func (s *IOStreams) say() lang.Text { return lang.For(s.cliLang) }
