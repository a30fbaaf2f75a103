package lang

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// The catalog's texts are written as the sentences they are, in the
// pt_br_*.go and en.go maps (English key → text). A plural choice is
// written inside the text as {one|other}: the forms for a count of one and
// for any other count, chosen (by feature/plural, with the language's
// plural rules) by the number of the nearest verb before it, or of the
// n-th argument when written {n:one|other}:
//
//	"%d requests": "%d {requisição|requisições}"
//	"%d of %d edits": "%d de %d {edição|edições}"  (chosen by the second)
//
// catalog turns each choice into a catalog.Var holding a plural.Selectf,
// so the sentence stays one message, in the order the language needs.

// choicePattern finds a plural choice: {one|other} or {n:one|other}. The
// patterns compile on first use, with the catalog, not at every start.
var choicePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{(?:(\d+):)?([^{}|]*)\|([^{}|]*)\}`)
})

// verbPattern finds the fmt verbs of a format (and %%, which is none).
var verbPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
})

// The catalogues are built once each, the first time their language says
// something. English's holds only its plural forms: a run in English, --help
// included, never compiles the thousands of Portuguese entries (that took
// about 15 ms, twice what the rest of start-up takes).
var (
	englishCatalogue    = sync.OnceValue(func() *catalog.Builder { return buildCatalogue(false) })
	portugueseCatalogue = sync.OnceValue(func() *catalog.Builder { return buildCatalogue(true) })
)

// portugueseBuilt says the Portuguese catalogue was built (a test holds an
// English run to never building it).
var portugueseBuilt atomic.Bool

// buildCatalogue holds English's plural forms and, with portuguese, the
// Brazilian Portuguese catalog, which falls back to English's.
func buildCatalogue(portuguese bool) *catalog.Builder {
	if portuguese {
		portugueseBuilt.Store(true)
	}
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for key, text := range enPlurals() {
		set(b, language.English, key, text)
	}
	if portuguese {
		for _, part := range ptBRParts {
			for key, text := range part() {
				set(b, language.BrazilianPortuguese, key, text)
			}
		}
	}
	return b
}

func set(b *catalog.Builder, tag language.Tag, key, text string) {
	msgs, err := compile(tag, text)
	if err == nil {
		err = b.Set(tag, key, msgs...)
	}
	if err != nil {
		// The catalog is source code: TestCatalogCompiles fails first.
		panic(fmt.Sprintf("lang: %s %q: %v", tag, key, err))
	}
}

// compile turns a catalog text into catalog messages: the text itself, or,
// when it has plural choices, one variable per choice and the text with
// each choice replaced by its variable. The verbs of such a text get
// explicit argument indexes (%[2]d), which the printer needs to carry on
// after a variable.
func compile(tag language.Tag, text string) ([]catalog.Message, error) {
	if !choicePattern().MatchString(text) {
		return []catalog.Message{catalog.String(text)}, nil
	}
	var msgs []catalog.Message
	var out strings.Builder
	arg, last, n := 0, 0, 0
	verbs := verbPattern().FindAllStringIndex(text, -1)
	choices := choicePattern().FindAllStringSubmatchIndex(text, -1)
	for len(verbs) > 0 || len(choices) > 0 {
		if len(choices) == 0 || (len(verbs) > 0 && verbs[0][0] < choices[0][0]) {
			v := verbs[0]
			verbs = verbs[1:]
			out.WriteString(text[last:v[0]])
			verb := text[v[0]:v[1]]
			last = v[1]
			if verb == "%%" {
				out.WriteString(verb)
				continue
			}
			arg++
			out.WriteString(verb[:len(verb)-1] + "[" + strconv.Itoa(arg) + "]" + verb[len(verb)-1:])
			continue
		}
		c := choices[0]
		choices = choices[1:]
		// Verbs inside a choice would be counted twice: there are none.
		for len(verbs) > 0 && verbs[0][0] < c[1] {
			return nil, fmt.Errorf("a verb inside the plural choice %q", text[c[0]:c[1]])
		}
		which := arg
		if c[2] >= 0 {
			which, _ = strconv.Atoi(text[c[2]:c[3]])
		}
		if which == 0 {
			return nil, fmt.Errorf("plural choice %q has no number before it", text[c[0]:c[1]])
		}
		n++
		name := "p" + strconv.Itoa(n)
		one, other := text[c[4]:c[5]], text[c[6]:c[7]]
		cases := []any{plural.One, one, plural.Other, other}
		if base, _ := tag.Base(); base.String() == "pt" {
			// CLDR puts 0 with one in Portuguese ("0 hora"), but a count of
			// zero things takes the plural in Brazilian usage ("0
			// requisições", as the lessons write it).
			cases = append([]any{"=0", other}, cases...)
		}
		msgs = append(msgs, catalog.Var(name, plural.Selectf(which, "%d", cases...)))
		out.WriteString(text[last:c[0]] + "${" + name + "}")
		last = c[1]
	}
	out.WriteString(text[last:])
	return append(msgs, catalog.String(out.String())), nil
}

// plainForm is text with each plural choice replaced by its form for
// another count: the English key of an English plural entry.
func plainForm(text string) string {
	return choicePattern().ReplaceAllString(text, "$3")
}

// recordedPT maps each catalog sentence that takes no argument to its
// Brazilian Portuguese, for Recorded. Built on first use.
var recordedPT = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, part := range ptBRParts {
		for key, text := range part() {
			if !verbPattern().MatchString(key) && !choicePattern().MatchString(text) {
				m[key] = text
			}
		}
	}
	return m
})

// Recorded translates a text read back from a saved trace, which holds the
// English the run said: it returns the translation when english is, as a
// whole, a catalog sentence that takes no argument (a formatted sentence
// cannot be found again from its output), and ok false otherwise. What the
// code itself says goes through F, with a constant key.
func (t Text) Recorded(text string) (string, bool) {
	if t.l == portuguese {
		pt, ok := recordedPT()[text]
		return pt, ok
	}
	return text, true
}
