package lessons_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"wsdemo/lessons"
)

// ptBRAvoid are words a learner review found misleading in Portuguese, with
// what to say instead: a server "empurra" nothing (it sends on its own
// initiative, "envia por conta própria"), and the diagram's condensed lines
// are "agrupadas", not "dobradas" (folded like paper).
var ptBRAvoid = regexp.MustCompile(`(?i)empurr|\bdobra(d[ao]s?|s|m|ndo)?\b`)

// The pt-BR lessons and exercise tasks avoid the words of ptBRAvoid.
func TestPortugueseWording(t *testing.T) {
	t.Parallel()
	n := 0
	err := fs.WalkDir(lessons.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || !strings.Contains(p, "pt-BR/") {
			return err
		}
		b, err := fs.ReadFile(lessons.FS, p)
		if err != nil {
			return err
		}
		n++
		for i, line := range strings.Split(string(b), "\n") {
			if m := ptBRAvoid.FindString(line); m != "" {
				t.Errorf("%s:%d: %q: %s", p, i+1, m, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("read only %d pt-BR files", n)
	}
}

// diagramEnglish are words of the diagram's own lines, as the English
// diagram says them. A pt-BR lesson runs its demos in Portuguese, so a
// quote of one of these lines in English points at a line the learner
// does not see.
var diagramEnglish = regexp.MustCompile(`(?i)more like (it|those above)|TCP connection #|closed by|FIN followed|not shown|requests, \d+ responses|server: meanwhile`)

// A pt-BR lesson quotes the diagram's lines as the Portuguese diagram says
// them.
func TestPortugueseLessonsQuoteThePortugueseDiagram(t *testing.T) {
	t.Parallel()
	quoted := regexp.MustCompile("\"[^\"\n]*\"|`[^`\n]*`")
	err := fs.WalkDir(lessons.FS, "pt-BR", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(lessons.FS, p)
		if err != nil {
			return err
		}
		// Paragraphs joined, so a quote broken across source lines counts.
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, q := range quoted.FindAllString(text, -1) {
			if diagramEnglish.MatchString(q) {
				t.Errorf("%s quotes the diagram in English: %s", p, q)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// defined are terms a lesson may use only with their definition at their
// first use: the pattern of the term, and of what defines it nearby.
var defined = []struct{ term, definition *regexp.Regexp }{
	{regexp.MustCompile(`\bCORS\b`), regexp.MustCompile(`Cross-Origin Resource Sharing`)},
	{regexp.MustCompile(`TIME_WAIT`), regexp.MustCompile(`TIME_WAIT:`)},
}

// A term such as CORS is defined where a lesson first uses it (within the
// 300 characters around it), in every language.
func TestTermsDefinedAtFirstUse(t *testing.T) {
	t.Parallel()
	err := fs.WalkDir(lessons.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(lessons.FS, p)
		if err != nil {
			return err
		}
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, d := range defined {
			loc := d.term.FindStringIndex(text)
			if loc == nil {
				continue
			}
			near := text[max(0, loc[0]-300):min(len(text), loc[1]+300)]
			if !d.definition.MatchString(near) {
				t.Errorf("%s uses %s without defining it: …%s…", p, d.term, text[loc[0]:min(len(text), loc[1]+80)])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
