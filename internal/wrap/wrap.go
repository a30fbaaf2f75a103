// Package wrap packs words into lines: the one word-wrapping loop of
// wsdemo's prose, for the diagram's notes (pkg/render, which measures
// in terminal columns) and the lessons (pkg/lesson, in runes).
package wrap

import "strings"

// Words breaks s into lines of at most w columns at runs of spaces (which
// become one: this is for prose), measuring text with width. A word wider
// than a line is cut where split says (the byte length of its first part,
// more than 0), or gets a line of its own when split is nil. It always
// returns at least one line.
func Words(s string, w int, width func(string) int, split func(word string, w int) int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for split != nil && width(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			cut := split(word, w)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		switch {
		case word == "":
		case cur == "":
			cur = word
		case width(cur)+1+width(word) <= w:
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
