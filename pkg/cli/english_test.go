package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The pt-BR testscripts (testdata/script/*_pt.txtar) check with the
// portuguese command that a demo's screen has no English left: every word
// is Portuguese except the protocol's own tokens and what crossed the wire.
//
// What is set aside before looking for English:
//   - the diagram's drawing (lifelines, arrows, rules);
//   - quoted text (payloads, header values, close reasons: the wire's);
//   - the values of fields that carry wire data (payload, body, close
//     reason, target), continuation lines included;
//   - tokens that are URLs, paths, header lines or numbers;
//   - the protocol's phrases (reason phrases such as "Not Modified", which
//     a status line may wrap) and names (Connection, the header).
// What is looked for: English words that no Portuguese sentence uses
// (englishStopWords). A short list catches a leak, since an English
// sentence can hardly avoid all of them.

// englishStopWords are frequent English words that are not Portuguese
// words too ("a", "no", "as", "for" are left out: "seja qual for").
var englishStopWords = strings.Fields(`the and of to is it that with by from this was are be an at not its which
	closed opened connection request requests response responses more failed seen sent shows those above other
	events lines edits every empty measured reload applied comparison strategy median shorter better answers before
	after than when only reused has have been there here into over on in all one two client server tab edit latency
	message messages none own same way ways run quit lesson lessons question answer hint skip minutes about done next`)

// protocolPhrases are the protocol's own words that look like English
// ones: reason phrases and API names.
var protocolPhrases = []string{"Not Modified", "No Content", "Switching Protocols", "Upgrade Required", "Bad Request",
	"Method Not Allowed", "Not Found", "new WebSocket()", "If-None-Match", "X-Server-Time", "Upgrade-Insecure-Requests",
	"Connection"}

// dataFields carry what crossed the wire: their values are not wsdemo's
// words.
var dataField = regexp.MustCompile(`^(\s*)(payload|body|close reason|target)(\s{2,})\S`)

// hexDumpLine is a line of --raw's hex dump: offset, bytes, and the bytes
// again as ASCII, where random bytes (a masking key) can spell a word.
var hexDumpLine = regexp.MustCompile(`^\s*[0-9a-f]{4}  ([0-9a-f]{2} ?)+`)

// drawing are the characters of the diagram itself.
var drawing = strings.NewReplacer("│", " ", "├", " ", "┤", " ", "┄", " ", "━", " ", "┝", " ", "┥", " ", "┴", " ",
	"─", " ", "▶", " ", "◀", " ", "═", " ", "╞", " ", "╡", " ", "ℹ", " ", "✓", " ", "✗", " ", "…", " ", "█", " ", "⏎", " ")

// wsdemoWords returns a screen's lines without what crossed the wire:
// the drawing, hex dumps, data fields' values (continuation lines
// included), protocol phrases and quoted text. What is left is wsdemo's own
// words, each line with the raw line it came from.
func wsdemoWords(screen string) (lines, raws []string) {
	valueCol := -1 // the column of a data field's value, while its lines go on
	for _, raw := range strings.Split(screen, "\n") {
		line := drawing.Replace(raw)
		if hexDumpLine.MatchString(line) {
			continue // the wire's bytes
		}
		// A data field's value, and the lines it wraps onto, are the wire's:
		// keep only the meaning after " — ".
		if m := dataField.FindStringSubmatchIndex(line); m != nil {
			valueCol = m[7]
			line = line[:valueCol] + afterMeaning(line[valueCol:])
		} else if valueCol >= 0 && len(line) > valueCol && strings.TrimSpace(line[:valueCol]) == "" &&
			!strings.HasPrefix(strings.TrimSpace(line), "—") && line[valueCol] != ' ' {
			line = afterMeaning(line[valueCol:])
		} else {
			valueCol = -1
		}
		for _, p := range protocolPhrases {
			line = strings.ReplaceAll(line, p, " ")
		}
		lines, raws = append(lines, unquoted(line)), append(raws, raw)
	}
	return lines, raws
}

// englishIn returns the English words of a pt-BR screen, with their lines.
func englishIn(screen string) []string {
	var found []string
	lines, raws := wsdemoWords(screen)
	for i, line := range lines {
		raw := raws[i]
		for _, tok := range strings.Fields(line) {
			if strings.ContainsAny(strings.Trim(tok, ".,;:()"), "/=?:#§@") || strings.IndexFunc(tok, unicode.IsDigit) >= 0 {
				continue // a URL, a path, a header line, a number
			}
			for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
				if slices.Contains(englishStopWords, strings.ToLower(w)) {
					found = append(found, w+" in: "+strings.TrimSpace(raw))
				}
			}
		}
	}
	return found
}

// afterMeaning is what follows " — " in a field line (its meaning), or "".
func afterMeaning(s string) string {
	if _, m, ok := strings.Cut(s, "— "); ok {
		return m
	}
	return ""
}

// unquoted drops quoted text from a line; a quote left open (a value cut
// by the diagram) runs to the end of the line.
func unquoted(s string) string {
	var b strings.Builder
	in, esc := false, false
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case in && esc:
			esc = false
		case in && r == '\\':
			esc = true
		case r == '"':
			in = !in
			b.WriteRune(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The checker finds English in an English screen and none in a Portuguese
// one: a check that cannot fail proves nothing.
func TestEnglishIn(t *testing.T) {
	en := `  ├┄┄ TCP connection #1 closed by the client ┄┄┄┤
  │   ℹ The server answers this one request.   │`
	if got := englishIn(en); len(got) < 3 {
		t.Errorf("English found: %q", got)
	}
	pt := `  ├┄┄ conexão TCP #1 fechada pelo cliente ┄┄┄┄┄┤
  │   Connection  Upgrade  — opções só para esta conexão: close  │
  │   payload     "message 1 from the client"  — os dados        │
  │   body        WebSocket handshake refused by the check "key  │
  │               is 16 bytes": "dGhl" decodes to 3 bytes\n      │
  │   status      304 Not Modified  — nada de novo               │
  │   ℹ No navegador, o new WebSocket() dispararia os eventos    │`
	if got := englishIn(pt); len(got) > 0 {
		t.Errorf("English found in Portuguese: %q", got)
	}
}
