package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"wsdemo/internal/wrap"
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

// wrapText word-wraps s to w columns at spaces (header names such as
// Accept-Encoding must not split at their hyphen while a space will do),
// splitting only words longer than a line (URLs, base64 keys) as
// splitToken does. Runs of spaces become one: this is for prose. It always
// returns at least one line.
func wrapText(s string, w int) []string {
	return wrap.Words(s, max(w, 1), textWidth, splitToken)
}

// wrapValue wraps a field value to w columns without losing or changing a
// byte: the lines joined give back s exactly. A learner reads a value (a
// header, a payload) as the exact bytes sent, so unlike wrapText it never
// collapses or adds spaces inside a line. A line breaks after its last run
// of spaces; the run stays at the line's end (valueLines leaves it out
// when drawing, where it would be invisible anyway). A line without a space
// (JSON, a URL, a key) breaks as splitToken says. It always returns at
// least one line.
func wrapValue(s string, w int) []string {
	w = max(w, 1)
	var lines []string
	for textWidth(strings.TrimRight(s, " ")) > w {
		fits := len(fitPrefix(s, w))
		cut := lastSpaceBreak(s, fits)
		if cut == 0 {
			cut = splitLeading(s, w)
		}
		lines = append(lines, s[:cut])
		s = s[cut:]
	}
	if s == "" && len(lines) > 0 {
		return lines // the last cut was a character wider than w
	}
	return append(lines, s)
}

// lastSpaceBreak is where a line of s that may show its first fits bytes
// ends: just after the last run of spaces that starts within them and
// follows something visible. It returns 0 if there is none.
func lastSpaceBreak(s string, fits int) int {
	for j := fits; j > 0; j-- {
		if j < len(s) && s[j] == ' ' && s[j-1] != ' ' {
			end := j
			for end < len(s) && s[end] == ' ' {
				end++
			}
			return end
		}
	}
	return 0
}

// splitLeading breaks a line that has no space after its first visible
// character: any leading spaces, then the first token, split as splitToken
// says in the columns the spaces leave.
func splitLeading(s string, w int) int {
	start := len(s) - len(strings.TrimLeft(s, " "))
	if start >= w {
		return start // the spaces fill the line: the token starts the next
	}
	end := strings.IndexByte(s[start:], ' ')
	if end < 0 {
		end = len(s) - start
	}
	return start + splitToken(s[start:start+end], w-start)
}

// breakAfter are the characters a token without spaces may break after:
// list and parameter separators, path and URL parts, hyphenated words.
const breakAfter = ",;/-&?"

// splitToken returns how many bytes of tok (which is wider than w columns)
// go on the first line. Two values written as one token (a base64 key and
// the GUID after it, "…Rg==258EAFA5-…") break where the first one's padding
// ends. Otherwise a token breaks after the last ", ; / - & ?" that fits, so
// "charset=utf-8,text/plain" breaks after the comma; but a token that looks
// like random bytes (base64, hex) is cut at w, since its "/" and "-" are no
// boundary a reader sees. fieldTable gives a value a learner compares or
// copies whole (unbreakable) the wider line under its name rather than cut
// it. A cut never splits an escape oneLine wrote
// (\n, \x1b, \u202e), which would read as two other characters. It is at
// least one character, so wrapping always moves on.
func splitToken(tok string, w int) int {
	fits := len(fitPrefix(tok, w))
	if b := atomBreak(tok, fits); b > 0 {
		return b
	}
	if !looksRandom(firstAtom(tok)) {
		// Not after the token's first character: a lone "/" or "-" on a
		// line says nothing.
		for i := fits; i > 1; i-- {
			if strings.IndexByte(breakAfter, tok[i-1]) >= 0 {
				return i
			}
		}
	}
	return escapeSafe(tok, fits)
}

// atomBreak is where a token that joins two values may break within its
// first fits bytes: just after the last base64 value's padding ("=") that
// something other than padding follows. It returns 0 if there is none.
func atomBreak(tok string, fits int) int {
	for i := min(fits, len(tok)-1); i > 0; i-- {
		if tok[i-1] == '=' && tok[i] != '=' && paddedBase64(tok[:i]) {
			return i
		}
	}
	return 0
}

// paddedBase64 reports whether s is base64 that ends with its padding, as
// a Sec-WebSocket-Key does: a whole number of 4-character groups, "=" only
// at the end.
func paddedBase64(s string) bool {
	if len(s) < 8 || len(s)%4 != 0 || !strings.HasSuffix(s, "=") {
		return false
	}
	body := strings.TrimRight(s, "=")
	if len(s)-len(body) > 2 {
		return false
	}
	for _, c := range body {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// firstAtom is tok up to its first atomBreak: the first of the values it
// joins (all of it when it joins none).
func firstAtom(tok string) string {
	for k := 1; k < len(tok); k++ {
		if atomBreak(tok, k) == k {
			return tok[:k]
		}
	}
	return tok
}

// unbreakable reports whether tok is something a learner compares or
// copies whole, which a line break would corrupt: random bytes in base64
// or hex (a key, a digest), a GUID, a URL.
func unbreakable(tok string) bool {
	return looksRandom(tok) || isHex(tok) || isGUID(tok) || strings.Contains(tok, "://")
}

// isHex reports whether tok is at least 16 hex digits: a digest, a mask
// key run, bytes written out.
func isHex(tok string) bool {
	if len(tok) < 16 {
		return false
	}
	for _, c := range tok {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isGUID reports whether tok is a GUID written as RFC 4122 does
// (8-4-4-4-12 hex digits), like the one RFC 6455 §1.3 fixes.
func isGUID(tok string) bool {
	parts := strings.Split(tok, "-")
	if len(parts) != 5 {
		return false
	}
	for i, n := range []int{8, 4, 4, 4, 12} {
		if len(parts[i]) != n || !isHexDigits(parts[i]) {
			return false
		}
	}
	return true
}

func isHexDigits(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// splitsWhole reports whether lines (s wrapped by wrapValue) break inside
// an unbreakable value anywhere but between two values joined in one
// token (atomBreak).
func splitsWhole(lines []string) bool {
	for i := 0; i+1 < len(lines); i++ {
		left, right := lines[i], lines[i+1]
		if left == "" || right == "" || left[len(left)-1] == ' ' || right[0] == ' ' {
			continue // a break at spaces
		}
		head := left[strings.LastIndexByte(left, ' ')+1:]
		tail := right
		if j := strings.IndexByte(right, ' '); j >= 0 {
			tail = right[:j]
		}
		tok, cut := head+tail, len(head)
		// The value the cut falls in: from the atom break before it (if
		// any) to the one after it (if any).
		start := atomBreak(tok, cut)
		if start == cut {
			continue // between two values
		}
		end := len(tok)
		for k := cut + 1; k < len(tok); k++ {
			if atomBreak(tok, k) == k {
				end = k
				break
			}
		}
		if unbreakable(tok[start:end]) {
			return true
		}
	}
	return false
}

// fitPrefix is the longest prefix of s at most w columns wide, whole
// graphemes only; at least one character even if it is wider than w, so a
// caller always makes progress.
func fitPrefix(s string, w int) string {
	head := ansi.Truncate(s, w, "")
	if head == "" && s != "" {
		_, n := utf8.DecodeRuneInString(s)
		head = s[:n]
	}
	return head
}

// escapeSafe moves a cut at byte n of s back before an escape oneLine wrote
// (\n, \xNN, \uNNNN) that it would otherwise split, unless that escape
// starts the line.
func escapeSafe(s string, n int) int {
	b := strings.LastIndexByte(s[:n], '\\')
	if b <= 0 || b+1 >= len(s) {
		return n
	}
	var size int // the length of the escape that starts at b: \n, \x1b, \u00e9
	switch s[b+1] {
	case 'n', 'r', 't':
		size = 2
	case 'x':
		size = 4
	case 'u':
		size = 6
	}
	if b+size > n {
		return b
	}
	return n
}

// looksRandom reports whether a token is base64 or hex of random bytes (a
// Sec-WebSocket-Key, a digest, a token): at least 16 characters of the
// base64 alphabet, "=" only as padding, mixing upper case, lower case and
// digits as random bytes do. "/api/notes/1" and "utf-8" do not look random.
func looksRandom(tok string) bool {
	if len(tok) < 16 {
		return false
	}
	var upper, lower, digit bool
	for _, c := range strings.TrimRight(tok, "=") {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case '0' <= c && c <= '9':
			digit = true
		case c == '+', c == '/', c == '-', c == '_':
		default:
			return false
		}
	}
	return upper && lower && digit
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

// formatTime shows an event time compactly, in the reader's numbers:
// "+0.4ms", "+12.3ms", "+1.25s" (pt-BR "+0,4ms").
func (r *Renderer) formatTime(us int64) string {
	if us < 1_000_000 {
		return "+" + r.text.Fixed(float64(us)/1000, 1) + "ms"
	}
	return "+" + r.text.Fixed(float64(us)/1e6, 2) + "s"
}
