package lesson

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
)

// DefaultWidth is the width used when RunOptions.Width is 0.
const DefaultWidth = 80

// markdown turns a piece of lesson Markdown into what goes on screen.
type markdown interface {
	render(md string) string
}

// plainMarkdown prints Markdown as it is: Markdown was made to read well as
// plain text, and it pastes into notes unchanged.
type plainMarkdown struct{}

func (plainMarkdown) render(md string) string {
	return strings.Trim(md, "\n") + "\n"
}

// glamourMarkdown renders with glamour. The renderer is built on first use
// only, so commands that never show a lesson (wsdemo --help) pay nothing for
// it beyond package initialisation.
type glamourMarkdown struct {
	out   io.Writer // the lesson's output, to pick a style and colour profile
	warn  io.Writer
	color bool
	style string
	width int

	once sync.Once
	r    *glamour.TermRenderer
}

func (g *glamourMarkdown) setup() {
	style, profile := "notty", termenv.Ascii
	if g.color {
		style, profile = g.style, termenv.ANSI256
		f, isFile := g.out.(*os.File)
		if isFile {
			profile = termenv.NewOutput(f).EnvColorProfile()
		}
		if style == "" {
			style = "dark"
			// Ask the terminal for its background only when the lesson is
			// really on one: the query writes to it and reads the answer.
			if isFile && !termenv.NewOutput(f).HasDarkBackground() {
				style = "light"
			}
		}
	}
	r, err := glamour.NewTermRenderer(
		styleOption(style),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(g.width),
	)
	if err != nil {
		fmt.Fprintf(g.warn, "wsdemo: warning: cannot format lesson text (%v); showing it as plain text\n", err)
		return
	}
	g.r = r
}

// styleOption is glamour's standard style, except that in colour section
// headings are shown without their Markdown "## ": colour and weight already
// mark them, and a learner should not have to read the syntax. Without
// colour the "##" stays, as it is then the only mark a heading has.
func styleOption(style string) glamour.TermRendererOption {
	base, ok := styles.DefaultStyles[style]
	if !ok || style == styles.NoTTYStyle || style == styles.AsciiStyle {
		return glamour.WithStandardStyle(style)
	}
	c := *base
	for _, h := range []*ansi.StyleBlock{&c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
	}
	return glamour.WithStyles(c)
}

func (g *glamourMarkdown) render(md string) string {
	g.once.Do(g.setup)
	if g.r == nil {
		return plainMarkdown{}.render(md)
	}
	s, err := g.r.Render(md)
	if err != nil {
		return plainMarkdown{}.render(md)
	}
	s = strings.Trim(s, "\n")
	if !g.color {
		// Without colour, glamour pads every line with spaces to the width;
		// drop them so copied text is clean.
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		s = strings.Join(lines, "\n")
	}
	return s + "\n"
}
