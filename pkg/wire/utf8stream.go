package wire

import "unicode/utf8"

// utf8Stream validates UTF-8 that arrives in pieces of any size without
// keeping them: RFC 6455 §8.1 makes the whole text message the unit, and a
// character may be split across reads, frames and fragments.
//
// The bulk of each piece goes through utf8.Valid (which has an ASCII fast
// path); only the few bytes of a character cut at a piece boundary go
// through the small state machine below, whose state is all that is carried
// from one piece to the next.
type utf8Stream struct {
	st  utf8State
	bad bool // a byte sequence no continuation can repair was seen
}

// utf8State is where the validator stands inside a character: between
// characters (utf8Ground), or the bytes the rest of a started character
// must match. The ranges are those of RFC 3629 §4, which exclude overlong
// forms and UTF-16 surrogates.
type utf8State uint8

const (
	utf8Ground  utf8State = iota // between characters
	utf8Need1                    // one more byte, 80..BF
	utf8Need2                    // two more, the next 80..BF
	utf8Need3                    // three more, the next 80..BF
	utf8AfterE0                  // E0: next A0..BF, then one more
	utf8AfterED                  // ED: next 80..9F (no surrogates), then one more
	utf8AfterF0                  // F0: next 90..BF, then two more
	utf8AfterF4                  // F4: next 80..8F (≤ U+10FFFF), then two more
	utf8Bad                      // no character can continue this way
)

// step advances s by one byte.
func (s utf8State) step(b byte) utf8State {
	in := func(lo, hi byte, next utf8State) utf8State {
		if lo <= b && b <= hi {
			return next
		}
		return utf8Bad
	}
	switch s {
	case utf8Ground:
		switch {
		case b < 0x80:
			return utf8Ground
		case b >= 0xC2 && b <= 0xDF:
			return utf8Need1
		case b == 0xE0:
			return utf8AfterE0
		case b == 0xED:
			return utf8AfterED
		case b >= 0xE1 && b <= 0xEF:
			return utf8Need2
		case b == 0xF0:
			return utf8AfterF0
		case b >= 0xF1 && b <= 0xF3:
			return utf8Need3
		case b == 0xF4:
			return utf8AfterF4
		}
		return utf8Bad
	case utf8Need1:
		return in(0x80, 0xBF, utf8Ground)
	case utf8Need2:
		return in(0x80, 0xBF, utf8Need1)
	case utf8Need3:
		return in(0x80, 0xBF, utf8Need2)
	case utf8AfterE0:
		return in(0xA0, 0xBF, utf8Need1)
	case utf8AfterED:
		return in(0x80, 0x9F, utf8Need1)
	case utf8AfterF0:
		return in(0x90, 0xBF, utf8Need2)
	case utf8AfterF4:
		return in(0x80, 0x8F, utf8Need2)
	}
	return utf8Bad
}

// reset starts a new message.
func (v *utf8Stream) reset() { *v = utf8Stream{} }

// write validates the next bytes of the message.
func (v *utf8Stream) write(p []byte) {
	if v.bad {
		return
	}
	// Finish the character the previous piece cut.
	st := v.st
	for st != utf8Ground && len(p) > 0 {
		st = st.step(p[0])
		p = p[1:]
	}
	if st == utf8Bad {
		v.bad = true
		return
	}
	if st != utf8Ground { // p ran out inside the character
		v.st = st
		return
	}
	// Whole characters in bulk; a character cut at the end of p is carried.
	t := cutTail(p)
	if !utf8.Valid(p[:len(p)-t]) {
		v.bad = true
		return
	}
	for _, b := range p[len(p)-t:] {
		st = st.step(b)
	}
	v.st = st
	v.bad = st == utf8Bad
}

// complete reports whether the bytes so far are valid UTF-8 that ends
// between characters: the verdict for a message that ends here.
func (v *utf8Stream) complete() bool { return !v.bad && v.st == utf8Ground }

// cutTail returns how many bytes at the end of p start a character that p
// does not finish (0 to 3). A malformed tail is left to utf8.Valid.
func cutTail(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		b := p[i]
		if b&0xC0 == 0x80 { // a continuation byte: look further back
			continue
		}
		var n int
		switch {
		case b&0xE0 == 0xC0:
			n = 2
		case b&0xF0 == 0xE0:
			n = 3
		case b&0xF8 == 0xF0:
			n = 4
		default: // ASCII, or a byte no character starts with
			return 0
		}
		if len(p)-i < n {
			return len(p) - i
		}
		return 0
	}
	return 0
}
