package lang

import (
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/trace"
)

// Saying a saved trace again. The JSON trace keeps, beside each text said
// through the catalog (a summary, a note, a check's name and detail, a
// frame's violation), its key and arguments (trace.Msg), so that `wsdemo
// show` can say it in the reader's language. Those were written by some
// wsdemo, older or newer than this one, or edited by hand: Again says them
// only when this wsdemo says them as they were meant, and otherwise the
// text is shown as it was recorded.

// Again says ms, sentences read back from a saved trace, in t's language,
// one after another as a note joins them. ok is false, and the caller shows
// recorded as it is, unless
//
//   - every key, nested ones too, is a text of this wsdemo's catalog (a key
//     an older or newer wsdemo said may not be), and
//   - every argument fits its verb (an integer for %d, a string for %s, no
//     argument missing or left over): nothing is ever printed as
//     %!d(string=…), and
//   - ms say exactly recorded in English as the JSON trace writes it
//     (Trace: summaries, checks, violations), or in a language wsdemo speaks
//     (a note is in its run's language): a text edited by hand, or damaged,
//     is not replaced by sentences it no longer matches.
func (t Text) Again(recorded string, ms ...trace.Msg) (said string, ok bool) {
	if len(ms) == 0 {
		return "", false
	}
	for _, m := range ms {
		if !sayable(m, 0) {
			return "", false
		}
	}
	for _, s := range []Text{Trace, {l: english}, {l: portuguese}} {
		if s.Sentences(ms...) == recorded {
			return t.Sentences(ms...), true
		}
	}
	return "", false
}

// knownKeys are the keys of the catalog: every text this wsdemo says that
// has words to translate (TestSourceSaysEveryKey), and the English plurals.
var knownKeys = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, part := range ptBRParts {
		for key := range part() {
			m[key] = true
		}
	}
	for key := range enPlurals() {
		m[key] = true
	}
	return m
})

// hasWords says a key has something to translate: letters outside its
// verbs ("%s: %s" is said the same in every language, and has no entry).
func hasWords(key string) bool {
	return strings.IndexFunc(verbPattern().ReplaceAllString(key, ""), func(r rune) bool {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}) >= 0
}

// maxDepth bounds nested messages, as trace does.
const maxDepth = 8

// sayable reports whether m can be said: its key is one this wsdemo has,
// and its arguments fit the key's verbs.
func sayable(m trace.Msg, depth int) bool {
	if m.Format == "" || depth > maxDepth || hasWords(m.Format) && !knownKeys()[m.Format] {
		return false
	}
	verbs, ok := verbsOf(m.Format)
	if !ok || len(verbs) != len(m.Args) {
		return false
	}
	for i, a := range m.Args {
		if !fits(verbs[i], a, depth) {
			return false
		}
	}
	return true
}

// verbsOf returns the verb letter of each of format's verbs (%% is none).
// A format whose verbs this check does not follow (explicit argument
// indexes, a * width) is refused: no key of the catalog has them.
func verbsOf(format string) ([]byte, bool) {
	var verbs []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i == len(format) {
			return nil, false
		}
		switch c := format[i]; {
		case c == '%':
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			verbs = append(verbs, c)
		default: // [n], *, or not ASCII
			return nil, false
		}
	}
	return verbs, true
}

// fits reports whether fmt writes a with verb as a text, not as
// %!verb(type=value). Types that format themselves take any verb.
func fits(verb byte, a any, depth int) bool {
	in := func(verbs string) bool { return strings.IndexByte(verbs, verb) >= 0 }
	switch a := a.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr:
		return in("bcdoOqxXUv")
	case float32, float64:
		return in("beEfFgGxXv")
	case string:
		return in("sqvxX")
	case time.Duration, Count, Millis, Ratio, Span:
		return true
	case trace.Number:
		_, ok := numberOf(a)
		return ok
	case trace.Msg:
		return in("sqv") && sayable(a, depth+1)
	case Msg:
		return in("sqv") && sayable(M(a), depth+1)
	case List:
		if !in("sv") || depth+1 > maxDepth {
			return false
		}
		for _, item := range a.Items {
			if !fits('v', item, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}
