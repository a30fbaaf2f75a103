package render_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

var tickAfterText = regexp.MustCompile(`\S ─+┤$`)

// column is the display column of the first occurrence of sub in l, or -1.
// Diagram lines are box drawing and ASCII: one column per rune.
func column(l, sub string) int {
	i := strings.Index(l, sub)
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(l[:i])
}

// checkBlock renders a passed server check followed by ev and returns the
// lines of each (the passed check is the reference for where server checks
// sit).
func checkBlock(t *testing.T, width int, ev trace.Event) (ref string, lines []string) {
	t.Helper()
	passed := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindCheck,
		Check: &trace.Check{Name: "method is GET", OK: true, Detail: "GET"}}
	out := renderAll(t, render.Options{Mode: render.Plain, Width: width}, []trace.Event{passed, ev})
	all := strings.Split(out, "\n")
	for i, l := range all {
		if strings.Contains(l, "method is GET") {
			ref = l
			lines = all[i+1:]
			break
		}
	}
	// The event's lines end at the blank row before the lifelines' end.
	for i, l := range lines {
		if strings.Trim(l, " │") == "" {
			lines = lines[:i]
			break
		}
	}
	if ref == "" || len(lines) == 0 {
		t.Fatalf("no check lines in:\n%s", out)
	}
	return ref, lines
}

// A check the server made sits against the server's lifeline, its text
// flush with the tick, whether it passed or failed and whether or not a note
// follows; the note stays on the server's side instead of running from the
// client's lifeline.
func TestServerCheckSitsAtTheServerLifeline(t *testing.T) {
	t.Parallel()
	note := "13 is the version RFC 6455 defines. For any other the server answers 426 and lists the versions it speaks in Sec-WebSocket-Version (RFC 6455 §4.4)."
	tests := []struct {
		name string
		c    trace.Check
		note string
	}{
		{"failed with note", trace.Check{Name: "version is 13", OK: false, Detail: `"8"`}, note},
		{"failed without note", trace.Check{Name: "version is 13", OK: false, Detail: `"8"`}, ""},
		{"passed with note", trace.Check{Name: "version is 13", OK: true, Detail: `"13"`}, note},
		{"failed, long, with note", trace.Check{Name: "Origin allowed", OK: false,
			Detail: "http://evil.example is another site, and not one --allow-origin lets in either"}, note},
	}
	for _, width := range []int{60, 80, 120} {
		for _, tt := range tests {
			ev := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindCheck, Check: &tt.c, Note: tt.note}
			ref, lines := checkBlock(t, width, ev)
			first := lines[0]
			// The tick reaches the server's lifeline where the passed
			// check's does, and starts one space after the text: no gap.
			if column(first, "┤") != column(ref, "┤") || !tickAfterText.MatchString(first) {
				t.Errorf("%s at %d: the check is not against the server's lifeline:\n%s\n%s", tt.name, width, ref, first)
			}
			if tt.note == "" {
				continue
			}
			mark := column(first, "✗")
			if tt.c.OK {
				mark = column(first, "✓")
			}
			for _, l := range lines[1:] {
				if i := column(l, "ℹ"); i >= 0 {
					// The note starts under the mark, or, under a short
					// check, further left only as far as it needs to be
					// readable: never out at the client's lifeline.
					if i > mark || (i < mark && i < width/4) {
						t.Errorf("%s at %d: note at column %d, check mark at %d:\n%s\n%s", tt.name, width, i, mark, first, strings.Join(lines[1:], "\n"))
					}
				}
			}
		}
	}
}

// A failed check says so in words as well as with ✗ and red: without colour
// the two marks are a glyph apart.
func TestFailedCheckSaysFailed(t *testing.T) {
	t.Parallel()
	for _, from := range []string{trace.Server, trace.Client} {
		evs := []trace.Event{
			{From: from, To: from, Kind: trace.KindCheck, Check: &trace.Check{Name: "status is 101", OK: false, Detail: "403 Forbidden"}},
			{From: from, To: from, Kind: trace.KindCheck, Check: &trace.Check{Name: "Upgrade names websocket", OK: true}},
		}
		for _, mode := range []render.Mode{render.Plain, render.Pretty} {
			out := renderAll(t, render.Options{Mode: mode, Width: 80}, evs)
			if !strings.Contains(out, "✗ failed: status is 101") {
				t.Errorf("from %s, mode %d: the failed check does not say failed:\n%s", from, mode, out)
			}
			if strings.Count(out, "failed") != 1 {
				t.Errorf("from %s, mode %d: a passed check says failed:\n%s", from, mode, out)
			}
		}
	}
}
