package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// A seg is a run of text drawn in one style (nil: unstyled). Layout works on
// segments of plain text, measured before any escape code exists; only the
// final write turns them into styled strings (Pretty) or not (Plain).
type seg struct {
	text string
	st   *lipgloss.Style
}

// A line is one output line, or part of one, as segments.
type line []seg

func txt(s string) seg                     { return seg{text: s} }
func sty(st *lipgloss.Style, s string) seg { return seg{text: s, st: st} }

// width is the display width of the line in terminal columns.
func (l line) width() int {
	n := 0
	for _, s := range l {
		n += textWidth(s.text)
	}
	return n
}

// textWidth measures display columns the way lipgloss does (graphemes, wide
// runes count two), so our padding agrees with what the terminal draws.
func textWidth(s string) int { return lipgloss.Width(s) }

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

// padRight pads s with spaces to w columns.
func padRight(s string, w int) string { return s + spaces(w-textWidth(s)) }

// truncate shortens s to at most w columns, marking the cut with "…".
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if textWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// wrapText word-wraps s to w columns at spaces only (header names such as
// Accept-Encoding must not split at their hyphen), cutting words longer than
// a line (base64 keys, URLs). It always returns at least one line.
func wrapText(s string, w int) []string {
	w = max(w, 1)
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for textWidth(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			head := ansi.Truncate(word, w, "")
			if head == "" { // a character wider than the line: take it anyway
				_, n := utf8.DecodeRuneInString(word)
				head = word[:n]
			}
			lines = append(lines, head)
			word = word[len(head):]
		}
		switch {
		case word == "":
		case cur == "":
			cur = word
		case textWidth(cur)+1+textWidth(word) <= w:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// hardWrap cuts s into pieces of w columns, for values where every character
// matters and there are no spaces to break at.
func hardWrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	if s == "" {
		return []string{""}
	}
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}

// fitLine cuts a line to w columns. Layout code sizes everything to fit; this
// is the safety net that keeps the "no line wider than Width" promise even for
// input nobody anticipated.
func fitLine(l line, w int) line {
	if l.width() <= w {
		return l
	}
	var out line
	left := w
	for _, s := range l {
		sw := textWidth(s.text)
		if sw <= left {
			out = append(out, s)
			left -= sw
			continue
		}
		out = append(out, seg{text: truncate(s.text, left), st: s.st})
		break
	}
	return out
}

// oneLine makes untrusted text safe to print on one line: line breaks, tabs
// and control characters become Go-style escapes, invalid UTF-8 bytes become
// \xNN. Bytes off the wire must never reach the terminal as escape sequences,
// and a stray newline would break the lifelines.
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return true // may be an invalid byte; oneLine decides
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true // C0 and C1 controls, including ESC and CSI
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true // bidi overrides would reorder the diagram
	}
	return false
}

// paragraphs splits text meant to be read (notes, meanings) at its line
// breaks, sanitising each paragraph.
func paragraphs(s string) []string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	ps := strings.Split(s, "\n")
	for i, p := range ps {
		ps[i] = oneLine(p)
	}
	return ps
}

// wrapParagraphs wraps each paragraph of s to w columns.
func wrapParagraphs(s string, w int) []string {
	var out []string
	for _, p := range paragraphs(s) {
		out = append(out, wrapText(p, w)...)
	}
	return out
}

// formatTime shows an event time compactly: "+0.4ms", "+12.3ms", "+1.25s".
func formatTime(us int64) string {
	if us < 1_000_000 {
		return fmt.Sprintf("+%.1fms", float64(us)/1000)
	}
	return fmt.Sprintf("+%.2fs", float64(us)/1e6)
}

// groupDigits writes an integer with thousands separators: 1234567 → 1,234,567.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
