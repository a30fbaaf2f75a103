package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// stepPrompt is how every step prompt starts, on the lifeline: the step's
// number ("│ step 3 · ⏎ next", "│ passo 3 · ⏎ avançar"), or none before the
// first step ("│ ⏎ first step").
var stepPrompt = regexp.MustCompile(`│ (\pL+ \d+ · )?⏎ `)

// steps splits what a --step run drew into what each step put on screen:
// everything written after one prompt was answered, up to the next prompt
// (or the end). The prompt is drawn without a newline and cleared in place,
// so lines are what the newlines say.
func steps(screen string) []string {
	var out []string
	for i, part := range stepPrompt.Split(screen, -1) {
		if i > 0 {
			// The prompt's own words, up to the clearing of its line.
			_, part, _ = strings.Cut(part, "\r\x1b[2K")
		}
		out = append(out, part)
	}
	return out
}

// Class use: every step of http, handshake and duplex, with the prompt below
// it, fits an 80×24 terminal, whatever each message carries (a step too tall
// is drawn compact). A learner at a projector never has to scroll back to
// read the step they are on.
func TestEveryStepFitsAn80x24Screen(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"http"}, {"handshake"}, {"duplex"}, {"handshake", "--raw"}, {"http", "--lang", "pt-BR"}} {
		ios, _, out, errOut := Test()
		ios.typeAtTerminal(strings.NewReader(strings.Repeat(" ", 500))) // space: next step
		ios.NoColorEnv = true                                           // plain text, still a terminal
		ios.Width, ios.Height = 80, 24
		if code := Run(context.Background(), ios, append(args, "--step")); code != ExitOK {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		all := steps(out.String())
		if len(all) < 5 {
			t.Fatalf("%q: %d steps:\n%s", args, len(all), out)
		}
		tallest, at := 0, 0
		for i, s := range all {
			if n := strings.Count(s, "\n"); n > tallest {
				tallest, at = n, i
			}
		}
		// 23 lines of the step, and the prompt's line (or, at the end, the
		// shell's) below them.
		if tallest+1 > 24 {
			t.Errorf("%q: step %d takes %d lines with its prompt, more than 24:\n%s", args, at, tallest+1, all[at])
		}
		t.Logf("%q: %d steps, the tallest %d lines with its prompt", args, len(all)-1, tallest+1)
	}
}
