package theme

import (
	"math"
	"strconv"
)

// Backgrounds are common terminal backgrounds of each kind, as "#rrggbb":
// black and white, VS Code's and gruvbox's greys, Ubuntu's purple, and
// Solarized dark and light. A colour of the palette must read on all of its
// kind.
var Backgrounds = map[Theme][]string{
	Dark:  {"#000000", "#1e1e1e", "#282828", "#300a24", "#002b36"},
	Light: {"#ffffff", "#eeeeee", "#f5f5f5", "#fdf6e3"},
}

// MinTextContrast is WCAG 2's AA level for normal text (success criterion
// 1.4.3).
const MinTextContrast = 4.5

// RGB returns the colour of an ANSI 256 index ("0" to "255") as xterm draws
// it, or of a "#rrggbb" string. ok is false for anything else. The 16 basic
// colours have no fixed value (each terminal picks its own), so they are
// refused: the palettes do not use them.
func RGB(c string) (r, g, b uint8, ok bool) {
	if len(c) == 7 && c[0] == '#' {
		v, err := strconv.ParseUint(c[1:], 16, 32)
		if err != nil {
			return 0, 0, 0, false
		}
		return uint8(v >> 16), uint8(v >> 8), uint8(v), true
	}
	i, err := strconv.Atoi(c)
	if err != nil || i < 16 || i > 255 {
		return 0, 0, 0, false
	}
	if i >= 232 {
		v := uint8(8 + (i-232)*10)
		return v, v, v, true
	}
	i -= 16
	level := [6]uint8{0, 95, 135, 175, 215, 255}
	return level[i/36], level[i/6%6], level[i%6], true
}

// luminance is the relative luminance of WCAG 2.
func luminance(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast returns the WCAG 2 contrast ratio of two colours (1 to 21), each
// an ANSI 256 index or "#rrggbb"; 0 if either is not one.
func Contrast(fg, bg string) float64 {
	r1, g1, b1, ok1 := RGB(fg)
	r2, g2, b2, ok2 := RGB(bg)
	if !ok1 || !ok2 {
		return 0
	}
	l1, l2 := luminance(r1, g1, b1), luminance(r2, g2, b2)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// WorstContrast returns the lowest contrast of fg against the backgrounds of
// t, and which background gave it.
func WorstContrast(fg string, t Theme) (float64, string) {
	worst, on := math.Inf(1), ""
	for _, bg := range Backgrounds[t] {
		if c := Contrast(fg, bg); c < worst {
			worst, on = c, bg
		}
	}
	return worst, on
}
