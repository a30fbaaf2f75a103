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
var ptBRAvoid = regexp.MustCompile(`(?i)empurr|dobrad`)

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
