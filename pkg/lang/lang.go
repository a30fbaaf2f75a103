// Package lang translates wsdemo's teaching texts: the notes under the
// diagram's arrows and the meanings beside each field. The English text is
// the source and the key: code reads as English, and a text without a
// translation falls back to it.
//
// What is not translated on purpose: the protocol's own words (header
// names, opcodes, status lines), arrow labels and check names, which are
// also the stable "summary" and "check" of the public --json trace.
package lang

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The languages wsdemo speaks. English needs no catalog.
const (
	English      = "en"
	PortugueseBR = "pt-BR"
)

// Supported lists the languages in the order a usage message names them.
var Supported = []string{English, PortugueseBR}

// Match finds the language s names, written as a --lang value ("pt-BR",
// "pt-br", "pt") or as $LANG spells a locale ("pt_BR.UTF-8"). "", "C" and
// "POSIX" mean English. ok is false for a language wsdemo does not speak;
// tag is then English.
func Match(s string) (tag string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	switch {
	case s == "" || strings.EqualFold(s, "C") || strings.EqualFold(s, "POSIX"):
		return English, true
	case strings.EqualFold(s, "pt") || strings.EqualFold(s, PortugueseBR):
		return PortugueseBR, true
	case strings.EqualFold(s, English) || strings.HasPrefix(strings.ToLower(s), English+"-"):
		return English, true
	}
	return English, false
}

// Text translates into one language. The zero value is English.
type Text struct {
	catalog map[string]string // nil for English
}

// For returns the Text of lang; English for "" and for a language without a
// catalog.
func For(lang string) Text {
	if lang == PortugueseBR {
		return Text{catalog: portugueseBR()}
	}
	return Text{}
}

// F is fmt.Sprintf with format translated first. Without args, format is
// returned translated but not interpreted, so a literal % is safe.
func (t Text) F(format string, args ...any) string {
	if t.catalog != nil {
		if tr, ok := t.catalog[format]; ok {
			format = tr
		} else {
			missed.Store(format, true)
		}
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// missed remembers the texts asked for in a language that has no
// translation for them, for the test that runs every scenario in every
// language.
var missed sync.Map

// Missed returns the texts asked for so far that had no translation, sorted.
func Missed() []string {
	var out []string
	missed.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	slices.Sort(out)
	return out
}

// portugueseBR merges the Brazilian Portuguese catalog from its parts, once.
var portugueseBR = sync.OnceValue(func() map[string]string {
	all := map[string]string{}
	for _, part := range ptBRParts {
		for en, pt := range part {
			all[en] = pt
		}
	}
	return all
})
