package demo

import (
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"wsdemo/pkg/lang"
)

// ParseHex reads bytes written as hex, the way people paste them: pairs of
// hex digits with or without spaces between them ("81 85 37 fa",
// "818537fa"), with 0x or \x before each ("0x81,0x85", "\x81\x85"), commas
// between, over several lines. A line of a hex dump (wsdemo --raw, xxd,
// hexdump -C, Wireshark) counts too: the offset that starts it and the
// column of characters that ends it are skipped, as are the lifelines of a
// copied wsdemo diagram.
//
// An error names the first thing that is not hex and where it stands.
func ParseHex(s string) ([]byte, error) {
	var out []byte
	for n, line := range strings.Split(s, "\n") {
		b, err := parseHexLine(line)
		if err != nil {
			if strings.Count(s, "\n") > 0 {
				return nil, lang.Errorf("line %#d: %s", n+1, sayable(err))
			}
			return nil, err
		}
		out = append(out, b...)
	}
	return out, nil
}

// hexToken is one token of a line and where it ends in the line.
type hexToken struct {
	text string
	end  int
}

func parseHexLine(line string) ([]byte, error) {
	line = strings.TrimRight(line, "\r")
	line = strings.Trim(line, " \t│┃|")
	toks := splitHexTokens(line)
	if len(toks) == 0 {
		return nil, nil
	}
	if isDumpLine(line, toks) {
		return parseDumpLine(line, toks[1:])
	}
	var out []byte
	for i, t := range toks {
		b, err := hexTokenBytes(t.text)
		if err != nil {
			return nil, lang.Errorf("%s (token %#d)", sayable(err), i+1)
		}
		out = append(out, b...)
	}
	return out, nil
}

// splitHexTokens splits at spaces, tabs and commas.
func splitHexTokens(line string) []hexToken {
	var toks []hexToken
	start := -1
	for i, c := range line {
		sep := c == ' ' || c == '\t' || c == ','
		switch {
		case sep && start >= 0:
			toks = append(toks, hexToken{line[start:i], i})
			start = -1
		case !sep && start < 0:
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, hexToken{line[start:], len(line)})
	}
	return toks
}

// isDumpLine says whether a line starts with a hex dump's offset: 4 to 8
// hex digits and a colon (xxd), or 4 to 8 hex digits, two spaces or more,
// and a byte (wsdemo --raw, hexdump -C, Wireshark). "0000 1111" is two
// tokens of bytes, not an offset.
func isDumpLine(line string, toks []hexToken) bool {
	if len(toks) < 2 {
		return false
	}
	first := toks[0].text
	digits := strings.TrimSuffix(first, ":")
	if len(digits) < 4 || len(digits) > 8 || !isHexDigits(digits) {
		return false
	}
	if digits != first {
		return true
	}
	gap := line[toks[0].end:]
	return strings.HasPrefix(gap, "  ") && len(toks[1].text) == 2 && isHexDigits(toks[1].text)
}

// parseDumpLine reads the bytes of a dump line after its offset: the hex
// tokens before the column of characters. That column may itself look like
// hex ("ab" for the bytes 61 62), so the split chosen is the one that
// leaves as many characters as there are bytes (or a |...| column, as
// hexdump -C draws it); with no column at all, every token is a byte.
func parseDumpLine(line string, toks []hexToken) ([]byte, error) {
	var bytesOf [][]byte
	for _, t := range toks {
		b, err := hexTokenBytes(t.text)
		if err != nil || len(t.text) > 8 {
			break
		}
		bytesOf = append(bytesOf, b)
	}
	if len(bytesOf) == 0 {
		return nil, lang.Errorf("not hex: %q after the offset", toks[0].text)
	}
	count := func(k int) int {
		n := 0
		for _, b := range bytesOf[:k] {
			n += len(b)
		}
		return n
	}
	for k := len(bytesOf); k >= 1; k-- {
		rest := strings.TrimRight(strings.TrimLeft(line[toks[k-1].end:], " \t"), " \t")
		if rest == "" {
			continue
		}
		if strings.HasPrefix(rest, "|") || utf8.RuneCountInString(rest) <= count(k) {
			return joinBytes(bytesOf[:k]), nil
		}
	}
	return joinBytes(bytesOf), nil
}

func joinBytes(bs [][]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

// hexTokenBytes decodes one token: hex digit pairs, each run of them
// optionally after 0x or \x.
func hexTokenBytes(tok string) ([]byte, error) {
	var out []byte
	for _, part := range strings.Split(tok, `\x`) {
		if part == "" {
			continue
		}
		if p, ok := strings.CutPrefix(part, "0x"); ok {
			part = p
		} else if p, ok := strings.CutPrefix(part, "0X"); ok {
			part = p
		}
		if !isHexDigits(part) {
			return nil, lang.Errorf("not hex: %q", shortToken(tok))
		}
		if len(part)%2 != 0 {
			return nil, lang.Errorf("%q has an odd number of hex digits: a byte is two (write 0f, not f)", shortToken(tok))
		}
		b, err := hex.DecodeString(part)
		if err != nil {
			return nil, lang.Errorf("not hex: %q", shortToken(tok))
		}
		out = append(out, b...)
	}
	if out == nil {
		return nil, lang.Errorf("not hex: %q", shortToken(tok))
	}
	return out, nil
}

func isHexDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !unicode.Is(unicode.ASCII_Hex_Digit, rune(s[i])) {
			return false
		}
	}
	return true
}

// shortToken keeps an error about a long token readable.
func shortToken(s string) string {
	if utf8.RuneCountInString(s) > 24 {
		return string([]rune(s)[:24]) + "…"
	}
	return s
}

// sayable is err as an argument of a lang message: its own message when it
// can say itself (so it is said in the same language), its text otherwise.
func sayable(err error) any {
	if s, ok := err.(lang.Sayer); ok {
		return s.Say()
	}
	return err.Error()
}
