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
	"sync"
)

// The languages wsdemo speaks. English needs no catalog.
const (
	English      = "en"
	PortugueseBR = "pt-BR"
)

// Supported lists the languages in the order a usage message names them.
var Supported = []string{English, PortugueseBR}

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
