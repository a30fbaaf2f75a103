package render_test

import (
	"strings"
	"testing"

	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// fieldLines renders one request carrying fs and returns the lines between
// the arrow and the end of the lifelines, without the bars.
func fieldLines(t *testing.T, width int, fs ...trace.Field) []string {
	t.Helper()
	ev := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /", Fields: fs}
	out := renderAll(t, render.Options{Mode: render.Plain, Width: width}, []trace.Event{ev})
	var ls []string
	arrow := false
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(l, "▶"):
			arrow = true
		case arrow && strings.Contains(l, "│"):
			inner := strings.TrimPrefix(strings.TrimSpace(l), "│")
			inner = strings.TrimSuffix(inner, "│")
			if strings.TrimSpace(inner) != "" {
				ls = append(ls, inner)
			}
		}
	}
	return ls
}

// A text value too long for its line wraps between words, and what is
// drawn is the whole value: every line, rejoined at the spaces it broke at,
// gives it back. The meaning under it hangs at its own column.
func TestFieldValueWrapsBetweenWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
	}{
		{"refusal body", `WebSocket handshake refused by the check "key is 16 bytes": "dGhl" decodes to 3 bytes\n`},
		{"header list", "application/json; charset=utf-8, text/plain; q=0.9, text/html; level=1"},
		{"quoted payload", `"welcome anonymous: connection established, and the server says hello"`},
	}
	for _, width := range []int{60, 80} {
		for _, tt := range tests {
			meaning := "what the server said, word for word, and why a learner should read it to the end"
			ls := fieldLines(t, width, trace.Field{Name: "body", Value: tt.value, Meaning: meaning})
			col := strings.Index(ls[0], "body") + len("body  ")
			var vals []string
			for _, l := range ls {
				if strings.Contains(l, "—") {
					break
				}
				vals = append(vals, strings.TrimSpace(l[col:]))
			}
			if len(vals) < 2 {
				t.Fatalf("%s at %d: the value did not wrap:\n%s", tt.name, width, strings.Join(ls, "\n"))
			}
			if got := strings.Join(vals, " "); got != tt.value {
				t.Errorf("%s at %d: value lines %q rejoin to\n%q, want\n%q", tt.name, width, vals, got, tt.value)
			}
			// The meaning: "— " at the value column, its next lines two
			// further, after the dash.
			var dash int
			for i, l := range ls[len(vals):] {
				if i == 0 {
					dash = strings.Index(l, "—")
					continue
				}
				if lead := len(l) - len(strings.TrimLeft(l, " ")); lead != dash+2 {
					t.Errorf("%s at %d: meaning line %q indented %d, want %d", tt.name, width, l, lead, dash+2)
				}
			}
		}
	}
}
