package lesson

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
)

// BaseLang is the language every lesson exists in. Translations live beside
// it (lessons/pt-BR/...) under the same file names and replace the English
// file lesson by lesson; a lesson not yet translated is shown in English.
const BaseLang = "en"

// Load parses the lessons in fsys for language lang. fsys holds one
// directory per language (en/01-request-and-response.md, pt-BR/...). The
// English lessons decide which lessons exist; for any other lang, a file of
// the same name in that language's directory replaces the English one. lang
// is a language as lang.Match returns it ("pt-BR"), the name of its
// directory: the CLI matches what the learner typed once, and a language
// without lessons (or "") means English.
//
// The lessons come back sorted by number, which must run 1, 2, 3 ... with no
// gap and no repeat. Any parse error fails the whole load: lessons ship
// inside the binary, so tests catch these before a learner can.
func Load(fsys fs.FS, lang string) ([]*Lesson, error) {
	base, err := loadDir(fsys, BaseLang)
	if err != nil {
		return nil, err
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("no lessons found in %s/", BaseLang)
	}
	if err := checkNumbers(base); err != nil {
		return nil, err
	}
	dir := lang
	if dir == "" || dir == BaseLang || !slices.Contains(Languages(fsys), dir) {
		return base, nil
	}
	byFile := make(map[string]int, len(base))
	for i, l := range base {
		byFile[path.Base(l.File)] = i
	}
	names, err := fs.Glob(fsys, dir+"/*.md")
	if err != nil {
		return nil, fmt.Errorf("list lessons in %s/: %w", dir, err)
	}
	out := append([]*Lesson(nil), base...)
	for _, name := range names {
		i, ok := byFile[path.Base(name)]
		if !ok {
			return nil, &ParseError{File: name, Msg: fmt.Sprintf("no %s lesson has this file name; a translation keeps the English file name", BaseLang)}
		}
		l, err := parseFile(fsys, name, dir)
		if err != nil {
			return nil, err
		}
		out[i] = l
	}
	return out, nil
}

// Languages returns the language directories in fsys, English first.
func Languages(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	langs := []string{}
	for _, e := range entries {
		if e.IsDir() && e.Name() != BaseLang {
			langs = append(langs, e.Name())
		}
	}
	sort.Strings(langs)
	return append([]string{BaseLang}, langs...)
}

func loadDir(fsys fs.FS, dir string) ([]*Lesson, error) {
	names, err := fs.Glob(fsys, dir+"/*.md")
	if err != nil {
		return nil, fmt.Errorf("list lessons in %s/: %w", dir, err)
	}
	var out []*Lesson
	for _, name := range names {
		l, err := parseFile(fsys, name, dir)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

func parseFile(fsys fs.FS, name, lang string) (*Lesson, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read lesson %s: %w", name, err)
	}
	l, err := Parse(name, src)
	if err != nil {
		return nil, err
	}
	l.Lang = lang
	return l, nil
}

// checkNumbers requires numbers 1..n with no gap or repeat, and unique slugs.
func checkNumbers(ls []*Lesson) error {
	slugs := make(map[string]string, len(ls))
	for i, l := range ls {
		if l.Number != i+1 {
			if i > 0 && ls[i-1].Number == l.Number {
				return &ParseError{File: l.File, Msg: fmt.Sprintf("lesson number %d is also used by %s", l.Number, ls[i-1].File)}
			}
			return &ParseError{File: l.File, Msg: fmt.Sprintf("lessons are numbered 1, 2, 3 ... with no gap: expected %02d here", i+1)}
		}
		if other, ok := slugs[l.Slug]; ok {
			return &ParseError{File: l.File, Msg: fmt.Sprintf("slug %q is also used by %s", l.Slug, other)}
		}
		slugs[l.Slug] = l.File
	}
	return nil
}

// AllDemos returns the arguments of every inline demo of every lesson, in
// lesson order. The CLI's tests use it to check each one is a valid command.
func AllDemos(lessons []*Lesson) [][]string {
	var out [][]string
	for _, l := range lessons {
		out = append(out, l.Demos()...)
	}
	return out
}

// CheckDemos calls validate on every inline demo and returns the failures
// joined, each naming its file and line.
func CheckDemos(lessons []*Lesson, validate func(args []string) error) error {
	var errs []error
	for _, l := range lessons {
		for _, b := range l.Blocks {
			if b.Kind != Demo {
				continue
			}
			if err := validate(append([]string(nil), b.Args...)); err != nil {
				errs = append(errs, &ParseError{File: l.File, Line: b.Line, Msg: fmt.Sprintf("%s: %v", Command(b.Args), err)})
			}
		}
	}
	return errors.Join(errs...)
}
