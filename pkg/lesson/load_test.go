package lesson

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"wsdemo/lessons"
	"wsdemo/pkg/lang"
)

func lessonSrc(title string) []byte {
	return []byte(fmt.Sprintf("---\nminutes: 5\n---\n# %s\n\n```wsdemo\nwsdemo http\n```\n\n## What you learned\n\nThings.\n", title))
}

func TestLoadFallback(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"en/02-two.md":    {Data: lessonSrc("Two")},
		"en/01-one.md":    {Data: lessonSrc("One")},
		"en/03-three.md":  {Data: lessonSrc("Three")},
		"pt-BR/02-two.md": {Data: lessonSrc("Dois")},
		"README.md":       {Data: []byte("not a lesson")},
	}
	en, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(en) != 3 || en[0].Title != "One" || en[1].Title != "Two" || en[2].Number != 3 || en[1].Lang != "en" {
		t.Fatalf("en = %+v", en)
	}
	// lang is a matched language (lang.Match: the CLI's one matcher), the
	// name of its directory; Load does no matching of its own.
	for _, lang := range []string{"pt-BR"} {
		pt, err := Load(fsys, lang)
		if err != nil {
			t.Fatal(err)
		}
		if pt[0].Title != "One" || pt[0].Lang != "en" || pt[1].Title != "Dois" || pt[1].Lang != "pt-BR" || pt[1].File != "pt-BR/02-two.md" {
			t.Errorf("%s: got %q/%s, %q/%s", lang, pt[0].Title, pt[0].Lang, pt[1].Title, pt[1].Lang)
		}
	}
	for _, lang := range []string{"fr", "C", "en_US.UTF-8", "en", "pt_BR.UTF-8", "pt"} {
		l, err := Load(fsys, lang)
		if err != nil || l[1].Title != "Two" {
			t.Errorf("%s: %v %v", lang, err, l)
		}
	}
	if got := Languages(fsys); strings.Join(got, ",") != "en,pt-BR" {
		t.Errorf("Languages = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"empty", fstest.MapFS{"pt-BR/01-a.md": {Data: lessonSrc("A")}}, "no lessons found"},
		{"gap", fstest.MapFS{"en/01-a.md": {Data: lessonSrc("A")}, "en/03-c.md": {Data: lessonSrc("C")}}, "en/03-c.md: lessons are numbered 1, 2, 3 ... with no gap: expected 02"},
		{"repeat", fstest.MapFS{"en/01-a.md": {Data: lessonSrc("A")}, "en/01-b.md": {Data: lessonSrc("B")}}, "lesson number 1 is also used by en/01-a.md"},
		{"same slug", fstest.MapFS{"en/01-a.md": {Data: lessonSrc("A")}, "en/002-a.md": {Data: lessonSrc("B")}}, `slug "a" is also used`},
		{"parse", fstest.MapFS{"en/01-a.md": {Data: []byte("# no front matter\n")}}, "en/01-a.md:1:"},
		{"stray translation", fstest.MapFS{"en/01-a.md": {Data: lessonSrc("A")}, "pt-BR/01-b.md": {Data: lessonSrc("B")}}, "pt-BR/01-b.md: no en lesson has this file name"},
		{"bad translation", fstest.MapFS{"en/01-a.md": {Data: lessonSrc("A")}, "pt-BR/01-a.md": {Data: []byte("---\n")}}, "pt-BR/01-a.md:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.fsys, "pt-BR")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestAllDemosAndCheckDemos(t *testing.T) {
	t.Parallel()
	l, err := Parse("en/01-request-and-response.md", []byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	two := &Lesson{Number: 2, File: "en/02-x.md", Blocks: []Block{
		{Kind: Demo, Line: 9, Args: []string{"realtime", "--only", "poll"}},
		{Kind: Demo, Line: 12, Args: []string{"nope"}},
	}}
	all := AllDemos([]*Lesson{l, two})
	if fmt.Sprint(all) != "[[http --no-keepalive] [realtime --only poll] [nope]]" {
		t.Errorf("AllDemos = %q", all)
	}
	err = CheckDemos([]*Lesson{l, two}, func(args []string) error {
		if args[0] == "nope" {
			return errors.New(`unknown command "nope"`)
		}
		args[0] = "mutated" // must not change the lesson
		return nil
	})
	if err == nil || err.Error() != `en/02-x.md:12: wsdemo nope: unknown command "nope"` {
		t.Errorf("CheckDemos = %v", err)
	}
	if l.Blocks[1].Args[0] != "http" {
		t.Error("validate could change a lesson's args")
	}
}

// The lessons exist in exactly the languages wsdemo speaks: a learner who
// picks one gets lessons, prompts and diagrams in it.
func TestLessonsInEveryLanguageSpoken(t *testing.T) {
	t.Parallel()
	if got := Languages(lessons.FS); !slices.Equal(got, lang.Supported) {
		t.Errorf("lessons/ has %q, wsdemo speaks %q", got, lang.Supported)
	}
}
