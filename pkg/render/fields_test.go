package render_test

import (
	"github.com/charmbracelet/lipgloss"
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

// A key, a digest or a GUID is read and copied whole: at no width where
// the diagram's body has room for a 40-digit SHA-1 (50 columns and more)
// does its field cut one across lines. A key and the GUID written after it
// as one value break between the two.
func TestFieldKeepsKeysAndDigestsWhole(t *testing.T) {
	t.Parallel()
	const (
		key    = "PHtCv2YNvfv5+7pZWt4pRg=="
		guid   = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
		digest = "5a48fe16c94c95c632812054ddd57882cc456b7a"
		accept = "Wkj+FslMlcYygSBU3dV4gsxFa3o="
	)
	fs := []trace.Field{
		{Name: "1. key + GUID", Value: key + guid, Meaning: "the client's key followed by the fixed GUID of RFC 6455 §1.3"},
		{Name: "2. SHA-1", Value: digest, Meaning: "20-byte digest, in hex"},
		{Name: "3. base64", Value: accept, Meaning: "sent back as Sec-WebSocket-Accept"},
	}
	for width := 50; width <= 200; width++ {
		ls := fieldLines(t, width, fs...)
		text := strings.Join(ls, "\n")
		for _, whole := range []string{key, guid, digest, accept} {
			found := false
			for _, l := range ls {
				found = found || strings.Contains(l, whole)
			}
			if !found {
				t.Errorf("at %d columns %s is cut:\n%s", width, whole, text)
			}
		}
	}
}

// A header name is a protocol token a learner looks up and copies: at no
// width from 50 columns up is one cut ("Sec-WebSocket-Versi…"); a name
// wider than the name column goes whole on a line of its own.
func TestFieldNamesAreNeverCut(t *testing.T) {
	t.Parallel()
	fs := []trace.Field{
		{Name: "Host", Value: "127.0.0.1:8080", Meaning: "the host"},
		{Name: "Sec-WebSocket-Version", Value: "13", Meaning: "13 means RFC 6455"},
		{Name: "Sec-WebSocket-Extensions", Value: "permessage-deflate; client_max_window_bits", Meaning: "offers compression"},
	}
	for width := 50; width <= 120; width += 5 {
		ls := fieldLines(t, width, fs...)
		text := strings.Join(ls, "\n")
		for _, f := range fs {
			if !strings.Contains(text, f.Name) {
				t.Errorf("at %d columns the name %s is cut:\n%s", width, f.Name, text)
			}
		}
	}
}

// What a demo says while its diagram runs (duplex -i's hints) is drawn
// between the lifelines, every line as wide as the diagram, so the
// lifelines go on unbroken; a two-column line wraps its second column under
// itself.
func TestAsideKeepsTheLifelines(t *testing.T) {
	t.Parallel()
	for _, width := range []int{60, 80, 100} {
		text := "connected: type a message and press Enter; /help lists commands; Ctrl-D closes\n" +
			"  /ping [text]         a ping; the peer's pong carries the same text back, whatever it says\n"
		out := render.Aside(render.Options{Mode: render.Plain, Width: width}, text)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) < 3 {
			t.Fatalf("at %d: %q", width, out)
		}
		col := -1
		for _, l := range lines {
			inner := strings.TrimSpace(l)
			if !strings.HasPrefix(inner, "│") || !strings.HasSuffix(inner, "│") || lipgloss.Width(l) != lipgloss.Width(lines[0]) {
				t.Errorf("at %d columns the line is not between the lifelines: %q", width, l)
			}
			if i := strings.Index(l, "a ping;"); i >= 0 {
				col = lipgloss.Width(l[:i])
			}
		}
		if !strings.Contains(out, "connected: type a message") || col < 0 {
			t.Fatalf("at %d: text lost:\n%s", width, out)
		}
		last := lines[len(lines)-1]
		bar := strings.Index(last, "│") + len("│")
		after := last[bar:]
		if pos := lipgloss.Width(last[:bar]) + len(after) - len(strings.TrimLeft(after, " ")); width == 60 && pos != col {
			t.Errorf("at %d the description does not wrap under its column (%d):\n%s", width, col, out)
		}
	}
}
