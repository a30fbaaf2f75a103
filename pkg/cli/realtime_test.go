package cli

import (
	"regexp"
	"strings"
	"testing"
)

// An arrow in the plain diagram: "├──── GET /x ────▶│" or "│◀──── 200 OK ────┤".
var (
	rightArrow = regexp.MustCompile(`├─+ (.+?) ─+▶│`)
	leftArrow  = regexp.MustCompile(`│◀─+ (.+?) ─+┤`)
	statusLine = regexp.MustCompile(`^\d{3} `)
	dataFrame  = regexp.MustCompile(`^(TEXT|BINARY|CONT)\b`)
)

// arrow reads one line of a plain diagram: its direction (▶ or ◀, "" if it
// is no arrow) and its label.
func arrow(l string) (dir, label string) {
	if m := rightArrow.FindStringSubmatch(l); m != nil {
		return "▶", m[1]
	}
	if m := leftArrow.FindStringSubmatch(l); m != nil {
		return "◀", m[1]
	}
	return "", ""
}

// The condensed view of realtime tells the story the wire told: a learner
// counting arrows sees every HTTP response after its request and every
// request answered, and no data frame, shown or folded, after a CLOSE.
func TestRealtimeCondensedViewKeepsTheStory(t *testing.T) {
	for _, strategy := range []string{"poll", "websocket"} {
		t.Run(strategy, func(t *testing.T) {
			// Edits faster than polls: the answers vary (304, 200) while the
			// requests look alike, and enough repeat to be folded.
			code, out, errOut := runCLI(t, "realtime", "--only", strategy, "--edits", "12", "--every", "10ms",
				"--poll-interval", "15ms", "--no-color")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, "more like those above") {
				t.Fatalf("nothing was folded; the test needs a longer run:\n%s", out)
			}
			lines := strings.Split(out, "\n")
			awaiting := false // an HTTP request was shown and not yet its response
			closed := false   // a CLOSE frame was shown
			for i, l := range lines {
				dir, label := arrow(l)
				switch {
				case dir == "▶" && !dataFrame.MatchString(label) && !strings.HasPrefix(label, "CLOSE"):
					if awaiting {
						t.Fatalf("line %d: request %q shown, the previous one unanswered:\n%s", i+1, label, out)
					}
					awaiting = true
				case dir == "◀" && statusLine.MatchString(label):
					if !awaiting {
						t.Fatalf("line %d: response %q shown without its request:\n%s", i+1, label, out)
					}
					awaiting = false
				case strings.HasPrefix(label, "CLOSE"):
					closed = true
				case closed && dataFrame.MatchString(label):
					t.Fatalf("line %d: data frame %q after a CLOSE:\n%s", i+1, label, out)
				case closed && strings.Contains(l, "× TEXT"): // a fold line, perhaps wrapped
					t.Fatalf("line %d: data frames counted after a CLOSE:\n%s", i+1, out)
				}
			}
			if awaiting {
				t.Fatalf("the last request shown has no response:\n%s", out)
			}
			if strategy == "websocket" {
				note := strings.Index(out, "the client closed the WebSocket with 1000")
				if !closed || note < 0 || note > strings.Index(out, "websocket: seen") {
					t.Fatalf("want the CLOSE frames and the server's close note before the summary:\n%s", out)
				}
			}
		})
	}
}
