package lessons_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wsdemo/lessons"
	"wsdemo/pkg/exercise"
	"wsdemo/pkg/lesson"
)

// exerciseLangs are the language directories of the exercises.
func exerciseLangs(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(lessons.Exercises(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// Every exercise file parses, every language loads, and each translation
// keeps the English file's checks (exercise.Load refuses it otherwise).
func TestExercisesLoad(t *testing.T) {
	t.Parallel()
	langs := exerciseLangs(t)
	if !slices.Contains(langs, "en") || !slices.Contains(langs, "pt-BR") {
		t.Fatalf("exercise languages %v, want en and pt-BR", langs)
	}
	en, err := exercise.Load(lessons.Exercises(), "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(en) < 6 {
		t.Errorf("%d exercises, want the ladder's 6 at least", len(en))
	}
	for _, l := range langs {
		xs, err := exercise.Load(lessons.Exercises(), l)
		if err != nil {
			t.Errorf("%s: %v", l, err)
			continue
		}
		for _, x := range xs {
			if x.Lang != l {
				t.Errorf("%s: %s is not translated", l, path.Base(x.File))
			}
		}
	}
}

// The lesson an exercise follows names it at its end, and every exercise a
// lesson names exists.
func TestLessonsNameTheirExercises(t *testing.T) {
	t.Parallel()
	named := regexp.MustCompile("`wsdemo exercise ([a-z-]+)`")
	for _, l := range lesson.Languages(lessons.FS) {
		ls, err := lesson.Load(lessons.FS, l)
		if err != nil {
			t.Fatal(err)
		}
		xs, err := exercise.Load(lessons.Exercises(), l)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			ln := ls[x.Follows-1]
			if !strings.Contains(ln.Summary(), "`wsdemo exercise "+x.Slug+"`") {
				t.Errorf("%s: exercise %s follows it, but its summary does not name it", ln.File, x.Slug)
			}
		}
		for _, ln := range ls {
			for _, m := range named.FindAllStringSubmatch(ln.Summary(), -1) {
				if exercise.Find(xs, m[1]) == nil {
					t.Errorf("%s names the exercise %s, which does not exist", ln.File, m[1])
				}
			}
		}
	}
}

// Tasks cite only RFC sections checked against the RFCs, and their Go
// starter code is Go.
func TestExerciseTexts(t *testing.T) {
	t.Parallel()
	goBlock := regexp.MustCompile("(?s)```go\n(.*?)```")
	for _, l := range exerciseLangs(t) {
		xs, err := exercise.Load(lessons.Exercises(), l)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			text := strings.Join(strings.Fields(x.Body), " ")
			for _, m := range citeRE.FindAllStringSubmatch(text, -1) {
				for _, sec := range sectionRE.FindAllStringSubmatch(m[2], -1) {
					if _, ok := cited[m[1]][sec[1]]; !ok {
						t.Errorf("%s: cites RFC %s §%s, which is not in the checked list", x.File, m[1], sec[1])
					}
				}
			}
			for _, m := range goBlock.FindAllStringSubmatch(x.Body, -1) {
				if _, err := parser.ParseFile(token.NewFileSet(), x.File, m[1], 0); err != nil {
					t.Errorf("%s: the Go code does not parse: %v", x.File, err)
				}
			}
		}
	}
}
