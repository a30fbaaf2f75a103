package cli

import (
	"context"
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"wsdemo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

// Values that change from run to run, and what stands in for them. Every
// replacement has the width of what it replaces, so the diagram's columns
// and wrapping stay exactly as drawn (ports are 5 digits in every
// ephemeral range we know).
var (
	reAddr   = regexp.MustCompile(`127\.0\.0\.1:(\d+)`)
	reKey    = regexp.MustCompile(`[A-Za-z0-9+/]{22}==`) // Sec-WebSocket-Key: base64 of 16 bytes
	reAccept = regexp.MustCompile(`[A-Za-z0-9+/]{27}=`)  // Sec-WebSocket-Accept: base64 of 20 bytes
	reSHA1   = regexp.MustCompile(`\b[0-9a-f]{40}\b`)    // the SHA-1 step, in hex
	reMask   = regexp.MustCompile(`(masking key +)[0-9a-f]{8}`)
	reDate   = regexp.MustCompile(`[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT`)
	reTime   = regexp.MustCompile(`\+\d+(\.\d+)?m?s\b`)     // event times: +0.8ms, +12.3ms, +1.25s
	reTCP    = regexp.MustCompile(`^(\s*├┄┄ )(.*?) (┄+)┤$`) // a tcp.connect or tcp.close line
	reGap    = regexp.MustCompile(`\d+\.\d\d (ms|s)\b`)     // the time between two FINs: 0.17 ms
)

// normalizeDiagram makes a plain diagram comparable across runs: ports,
// keys, accept values, SHA-1 digests, masking keys, Date headers and event
// times become fixed placeholders. Times change width (+0.9ms, +12.3ms), so
// a line holding one is re-aligned the way it was drawn: left or right.
func normalizeDiagram(s string) string {
	s = reAddr.ReplaceAllStringFunc(s, func(m string) string {
		return "127.0.0.1:" + strings.Repeat("P", len(m)-len("127.0.0.1:"))
	})
	s = reKey.ReplaceAllString(s, strings.Repeat("K", 22)+"==")
	s = reAccept.ReplaceAllString(s, strings.Repeat("A", 27)+"=")
	s = reSHA1.ReplaceAllString(s, strings.Repeat("h", 40))
	s = reMask.ReplaceAllString(s, "${1}mmmmmmmm")
	s = reDate.ReplaceAllString(s, "Mon, 01 Jan 2001 00:00:00 GMT")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if reTime.MatchString(l) {
			lines[i] = realignTime(l)
		}
		if m := reTCP.FindStringSubmatch(lines[i]); m != nil && reGap.MatchString(m[2]) {
			text := reGap.ReplaceAllString(m[2], "D ms")
			fill := utf8.RuneCountInString(m[2]+m[3]) - utf8.RuneCountInString(text)
			lines[i] = m[1] + text + " " + strings.Repeat("┄", max(1, fill)) + "┤"
		}
	}
	return strings.Join(lines, "\n")
}

// realignTime replaces the time in a "│ #1  +1.4ms    │" line with +T and
// pads the text back to the side it was drawn on.
func realignTime(l string) string {
	left, right := strings.Index(l, "│"), strings.LastIndex(l, "│")
	if left < 0 || right <= left {
		return reTime.ReplaceAllString(l, "+T")
	}
	inner := l[left+len("│") : right]
	width := utf8.RuneCountInString(inner)
	lead := len(inner) - len(strings.TrimLeft(inner, " "))
	trail := len(inner) - len(strings.TrimRight(inner, " "))
	text := reTime.ReplaceAllString(strings.TrimSpace(inner), "+T")
	pad := width - utf8.RuneCountInString(text)
	if trail < lead { // drawn against the right lifeline
		inner = strings.Repeat(" ", pad-trail) + text + strings.Repeat(" ", trail)
	} else {
		inner = strings.Repeat(" ", lead) + text + strings.Repeat(" ", pad-lead)
	}
	return l[:left] + "│" + inner + l[right:]
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name), got, *update)
}

func TestNormalizeDiagram(t *testing.T) {
	in := "  │ #1  +12.3ms                 │\n" +
		"  │                #1  +0.9ms │\n" +
		"  │   Host   127.0.0.1:41241   │\n" +
		"  │   key    dGhlIHNhbXBsZSBub25jZQ== then s3pPLMBiTxaQ9kYGzzhZRbK+xOo= │\n" +
		"  │   masking key     ccdb4d0a  │\n" +
		"  │   Date   Fri, 27 Nov 2026 16:10:27 GMT │\n" +
		"  ├┄┄ TCP connection #1: the server's FIN followed 12.17 ms later ┄┄┄┄┤"
	want := "  │ #1  +T                      │\n" +
		"  │                    #1  +T │\n" +
		"  │   Host   127.0.0.1:PPPPP   │\n" +
		"  │   key    KKKKKKKKKKKKKKKKKKKKKK== then AAAAAAAAAAAAAAAAAAAAAAAAAAA= │\n" +
		"  │   masking key     mmmmmmmm  │\n" +
		"  │   Date   Mon, 01 Jan 2001 00:00:00 GMT │\n" +
		"  ├┄┄ TCP connection #1: the server's FIN followed D ms later ┄┄┄┄┄┄┄┄┤"
	if got := normalizeDiagram(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Runs that differ only in those values normalise alike.
	if normalizeDiagram("│ #1  +0.8ms     │") != normalizeDiagram("│ #1  +123.4ms   │") {
		t.Error("time widths leak into the normalised line")
	}
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := Test()
	code = Run(context.Background(), ios, args)
	return code, out.String(), errOut.String()
}
