package render

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/internal/theme"
)

// Every colour the diagram draws with reads on the background of its theme:
// at least WCAG AA's 4.5:1 against each common background of that kind. A
// style with no colour uses the terminal's own foreground, which reads by
// definition; a colour outside the 256-colour cube (the 16 basic ones,
// which each terminal redefines) cannot be checked and fails.
func TestStylesReadOnTheirBackground(t *testing.T) {
	t.Parallel()
	for _, th := range []theme.Theme{theme.Dark, theme.Light} {
		st := newStyles(lipgloss.NewRenderer(nil), th)
		v := reflect.ValueOf(st).Elem()
		check := func(name string, s lipgloss.Style) {
			c, ok := s.GetForeground().(lipgloss.Color)
			if !ok {
				if _, none := s.GetForeground().(lipgloss.NoColor); !none {
					t.Errorf("%s: %s has a colour of type %T, which this test cannot check", th, name, s.GetForeground())
				}
				return
			}
			if worst, bg := theme.WorstContrast(string(c), th); worst < theme.MinTextContrast {
				t.Errorf("%s: %s (colour %s) has contrast %.2f on %s, want at least %.1f", th, name, c, worst, bg, theme.MinTextContrast)
			}
		}
		n := 0
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch s := f.Interface().(type) {
			case lipgloss.Style:
				check(name, s)
				n++
			case []lipgloss.Style:
				for _, p := range s {
					check(name, p)
					n++
				}
			}
		}
		if n < 20 {
			t.Errorf("%s: checked only %d styles", th, n)
		}
	}
}
