// Package theme holds the colours wsdemo draws with, one palette for a dark
// background and one for a light one, and the contrast arithmetic the tests
// use to prove that every colour reads on the background it is meant for.
//
// The colours are ANSI 256 indices (the profile the renderers force), picked
// so that text keeps a WCAG contrast of at least 4.5:1 against the common
// backgrounds of each kind (see Backgrounds).
package theme

import (
	"fmt"
	"strings"
)

// Theme is the kind of background the output is drawn for.
type Theme int

// The themes. Dark is the zero value: most terminals are dark, and it is what
// wsdemo assumes when nothing says otherwise.
const (
	Dark Theme = iota
	Light
)

// String returns "dark" or "light".
func (t Theme) String() string {
	if t == Light {
		return "light"
	}
	return "dark"
}

// Choice is what --theme and WSDEMO_THEME ask for.
type Choice int

// Auto asks the terminal (see the CLI), Dark and Light are forced.
const (
	Auto Choice = iota
	ForceDark
	ForceLight
)

// Names lists the accepted values of --theme, for help and errors.
const Names = "auto, dark or light"

// ParseChoice reads a --theme or WSDEMO_THEME value: auto, dark or light,
// in any case. An empty string is auto.
func ParseChoice(s string) (Choice, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "dark":
		return ForceDark, nil
	case "light":
		return ForceLight, nil
	}
	return Auto, fmt.Errorf("%q is not a theme: use %s", s, Names)
}

// Palette is the set of colours, as ANSI 256 indices ("75"), that the
// diagrams and the lessons draw with. The terminal's own foreground is used
// for everything else, and reads on any background by definition.
type Palette struct {
	Muted  string // secondary text: meanings, timings, lifelines
	Blue   string // client → server arrows, notes' ℹ, lesson headings
	Purple string // server → client arrows
	Teal   string // field names, inline code
	Green  string // passing checks
	Red    string // failures, errors
	Orange string
	Ochre  string // summary rules
	Pink   string
}

// dark and light were chosen with Contrast against Backgrounds: every one
// keeps at least 4.5:1 on every background of its kind.
var (
	dark = Palette{
		Muted: "247", Blue: "75", Purple: "176", Teal: "38", Green: "71",
		Red: "203", Orange: "208", Ochre: "178", Pink: "211",
	}
	light = Palette{
		Muted: "241", Blue: "25", Purple: "91", Teal: "23", Green: "22",
		Red: "124", Orange: "94", Ochre: "58", Pink: "125",
	}
)

// Palette returns the colours for t.
func (t Theme) Palette() Palette {
	if t == Light {
		return light
	}
	return dark
}
