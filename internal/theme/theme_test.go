package theme

import (
	"math"
	"reflect"
	"testing"
)

func TestContrastKnownValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fg, bg string
		want   float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"16", "231", 21},            // the cube's black and white
		{"#777777", "#ffffff", 4.48}, // the classic "just fails AA" grey
	} {
		if got := Contrast(tc.fg, tc.bg); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.2f, want %.2f", tc.fg, tc.bg, got, tc.want)
		}
	}
	for _, bad := range []string{"7", "red", "#12345", "256"} {
		if Contrast(bad, "#000000") != 0 {
			t.Errorf("Contrast(%q) is not 0", bad)
		}
	}
}

// Every colour of each palette reads on every background of its kind.
func TestPalettesReadOnTheirBackgrounds(t *testing.T) {
	t.Parallel()
	for _, th := range []Theme{Dark, Light} {
		p := reflect.ValueOf(th.Palette())
		for i := range p.NumField() {
			c := p.Field(i).String()
			if c == "" {
				t.Errorf("%s: %s has no colour", th, p.Type().Field(i).Name)
				continue
			}
			if worst, bg := WorstContrast(c, th); worst < MinTextContrast {
				t.Errorf("%s: %s (%s) has contrast %.2f on %s, want at least %.1f", th, p.Type().Field(i).Name, c, worst, bg, MinTextContrast)
			}
		}
	}
}

func TestParseChoice(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Choice{"": Auto, "auto": Auto, "Dark": ForceDark, " light ": ForceLight} {
		if got, err := ParseChoice(in); err != nil || got != want {
			t.Errorf("ParseChoice(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseChoice("blue"); err == nil {
		t.Error("blue accepted")
	}
}
