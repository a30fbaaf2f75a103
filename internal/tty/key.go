package tty

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Code says which key a Key is.
type Code int

// The keys wsdemo tells apart. Control keys that editors commonly give a
// meaning are decoded to that meaning: Ctrl-A is Home, Ctrl-E End, Ctrl-B
// and Ctrl-F Left and Right, Ctrl-P and Ctrl-N Up and Down, Ctrl-H
// Backspace.
const (
	KeyUnknown   Code = iota // anything else (a function key, Ctrl-Z, ...)
	KeyRune                  // a printable character: Key.Rune
	KeyLine                  // a whole line, from input that is not read key by key: Key.Text
	KeyEnter                 // Enter (\r or \n)
	KeyTab                   // Tab
	KeyBackspace             // Backspace (DEL or Ctrl-H)
	KeyDelete                // Delete (the key that deletes under the cursor)
	KeyLeft                  // ← or Ctrl-B
	KeyRight                 // → or Ctrl-F
	KeyUp                    // ↑ or Ctrl-P
	KeyDown                  // ↓ or Ctrl-N
	KeyHome                  // Home or Ctrl-A
	KeyEnd                   // End or Ctrl-E
	KeyKillLine              // Ctrl-U: delete from the start of the line to the cursor
	KeyKillWord              // Ctrl-W: delete the word before the cursor
	KeyKillEnd               // Ctrl-K: delete from the cursor to the end of the line
	KeyRedraw                // Ctrl-L
	KeyEOF                   // Ctrl-D
	KeyEsc                   // Escape alone
	keyInterrupt             // Ctrl-C: never returned (ReadKey returns ErrInterrupted)
)

// Key is one key press (or, from input read a line at a time, one line).
type Key struct {
	Code Code
	Rune rune   // the character, for KeyRune
	Text string // the line, for KeyLine
}

// Is reports whether k is the printable character r, or a line that is just
// r (or one of words, case aside: "q" or "quit"): how a key's meaning is
// looked up whether keys arrive at once or a line at a time.
func (k Key) Is(r rune, words ...string) bool {
	switch k.Code {
	case KeyRune:
		return unicode.ToLower(k.Rune) == r
	case KeyLine:
		if len(k.Text) == utf8.RuneLen(r) && unicode.ToLower([]rune(k.Text)[0]) == r {
			return true
		}
		for _, w := range words {
			if bytes.EqualFold([]byte(k.Text), []byte(w)) {
				return true
			}
		}
	}
	return false
}

// controls maps the control bytes wsdemo reads to keys.
var controls = map[byte]Code{
	0x01: KeyHome, 0x02: KeyLeft, 0x03: keyInterrupt, 0x04: KeyEOF, 0x05: KeyEnd,
	0x06: KeyRight, 0x08: KeyBackspace, 0x09: KeyTab, 0x0a: KeyEnter, 0x0b: KeyKillEnd,
	0x0c: KeyRedraw, 0x0d: KeyEnter, 0x0e: KeyDown, 0x10: KeyUp, 0x15: KeyKillLine,
	0x17: KeyKillWord, 0x7f: KeyBackspace,
}

// csiKeys maps the final byte (and parameter) of the escape sequences
// terminals send for the keys wsdemo uses: ESC [ A or ESC O A for ↑, ESC [ 3 ~
// for Delete, and so on.
var csiKeys = map[string]Code{
	"A": KeyUp, "B": KeyDown, "C": KeyRight, "D": KeyLeft, "H": KeyHome, "F": KeyEnd,
	"1~": KeyHome, "7~": KeyHome, "4~": KeyEnd, "8~": KeyEnd, "3~": KeyDelete,
}

// decodeKey decodes the key at the start of b, and how many bytes it took.
// ok is false when b holds only the start of a key and more bytes may come
// (atEnd: none will, so decode what there is).
func decodeKey(b []byte, atEnd bool) (k Key, n int, ok bool) {
	c := b[0]
	switch {
	case c == 0x1b:
		return decodeEscape(b, atEnd)
	case c == '\r':
		if len(b) > 1 && b[1] == '\n' { // \r\n from a pipe or a paste: one Enter
			return Key{Code: KeyEnter}, 2, true
		}
		return Key{Code: KeyEnter}, 1, true
	case c < 0x20 || c == 0x7f:
		code, known := controls[c]
		if !known {
			code = KeyUnknown
		}
		return Key{Code: code}, 1, true
	case c < utf8.RuneSelf:
		return Key{Code: KeyRune, Rune: rune(c)}, 1, true
	}
	if !utf8.FullRune(b) && !atEnd {
		return Key{}, 0, false
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return Key{Code: KeyUnknown}, size, true
	}
	return Key{Code: KeyRune, Rune: r}, size, true
}

// decodeEscape decodes a sequence starting with ESC. ESC alone (nothing
// after it in this read) is the Escape key: a terminal sends a key's whole
// sequence in one write.
func decodeEscape(b []byte, atEnd bool) (Key, int, bool) {
	if len(b) == 1 {
		return Key{Code: KeyEsc}, 1, true
	}
	switch b[1] {
	case '[', 'O':
		// CSI (or SS3): parameter bytes 0x30-0x3f, then a final byte 0x40-0x7e.
		for i := 2; i < len(b); i++ {
			switch c := b[i]; {
			case c >= 0x30 && c <= 0x3f:
				continue
			case c >= 0x40 && c <= 0x7e:
				params := string(b[2:i])
				if j := bytes.IndexByte(b[2:i], ';'); j >= 0 {
					params = string(b[2 : 2+j]) // modifiers (Ctrl-←: ESC [1;5D) ignored
					if params == "1" {
						params = ""
					}
				}
				key := params + string(c)
				if c != '~' && params != "" && params != "1" {
					key = string(c)
				}
				code, known := csiKeys[key]
				if !known {
					code = KeyUnknown
				}
				return Key{Code: code}, i + 1, true
			default:
				return Key{Code: KeyUnknown}, i + 1, true
			}
		}
		if atEnd {
			return Key{Code: KeyUnknown}, len(b), true
		}
		return Key{}, 0, false
	}
	// ESC then a key: Alt-key. Not used; read it as the key's own sequence
	// would be lost otherwise.
	return Key{Code: KeyUnknown}, 2, true
}
