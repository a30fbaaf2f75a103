package lesson

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFind(t *testing.T) {
	t.Parallel()
	ls := threeLessons()
	for key, want := range map[string]int{"2": 2, "02": 2, " 3 ": 3, "stateless": 2, "the-handshake": 3, "hand": 3, "request": 1, "STATELESS": 2} {
		l, err := Find(ls, key)
		if err != nil || l.Number != want {
			t.Errorf("Find(%q) = %v, %v; want lesson %d", key, l, err, want)
		}
	}
	for _, key := range []string{"0", "4", "", "zzz", "-"} {
		if _, err := Find(ls, key); !errors.Is(err, ErrNoSuchLesson) {
			t.Errorf("Find(%q) err = %v", key, err)
		}
	}
	// "e" is in every slug: ambiguous, and the message says between which.
	if _, err := Find(ls, "e"); err == nil || !strings.Contains(err.Error(), "1 (request-and-response) or 2 (stateless) or 3 (the-handshake)") {
		t.Errorf("ambiguous: %v", err)
	}
	// An unknown name says only that: the CLI's hint says how to list the
	// lessons (there is no learn --list to point at).
	if _, err := Find(ls, "zzz"); err == nil || err.Error() != `no such lesson named "zzz"` {
		t.Errorf("unknown name: %v", err)
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	ls := threeLessons()
	if Next(ls, nil) != ls[0] || Next(ls, doneSet{"request-and-response": true}) != ls[1] {
		t.Error("Next picks the wrong lesson")
	}
	if Next(ls, doneSet{"stateless": true}) != ls[0] {
		t.Error("Next skipped an unfinished earlier lesson")
	}
	if Next(ls, doneSet{"request-and-response": true, "stateless": true, "the-handshake": true}) != nil {
		t.Error("Next when all done")
	}
}

func learnFixture(t *testing.T) []*Lesson {
	t.Helper()
	ls, err := Load(fstest.MapFS{
		"en/01-one.md":   {Data: lessonSrc("One")},
		"en/02-two.md":   {Data: lessonSrc("Two")},
		"en/03-three.md": {Data: lessonSrc("Three")},
	}, "en")
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestLearnFlow(t *testing.T) {
	t.Parallel()
	ls := learnFixture(t)
	store := OpenStore(t.TempDir(), nil)
	var ran []string
	demo := func(_ context.Context, args []string, out io.Writer) error {
		ran = append(ran, strings.Join(args, " "))
		return nil
	}
	learn := func(target string, reset bool) string {
		t.Helper()
		var out strings.Builder
		err := Learn(context.Background(), LearnOptions{
			RunOptions: RunOptions{Out: &out, Demo: demo, Store: store},
			Lessons:    ls, Target: target, Reset: reset,
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}

	out := learn("", false)
	if !strings.Contains(out, "Lesson 1 of 3") || !strings.Contains(out, "Next: lesson 2, Two") || !store.Done("one") {
		t.Errorf("first learn:\n%s", out)
	}
	out = learn("3", false)
	if !strings.Contains(out, "Lesson 3 of 3") || !strings.Contains(out, "Next: lesson 2") {
		t.Errorf("learn 3:\n%s", out)
	}
	out = learn("", false)
	if !strings.Contains(out, "Lesson 2 of 3") || !strings.Contains(out, "all 3 are done") {
		t.Errorf("continue at 2:\n%s", out)
	}
	out = learn("", false)
	if !strings.Contains(out, "finished all 3 lessons") || !strings.Contains(out, "wsdemo learn 1") || strings.Contains(out, "Lesson 1 of") {
		t.Errorf("all done:\n%s", out)
	}
	if len(ran) != 3 {
		t.Errorf("demos ran %d times", len(ran))
	}

	out = learn("two", true)
	if !strings.Contains(out, "Lesson 2 (Two) is marked as not done") || store.Done("two") || !store.Done("one") {
		t.Errorf("reset two:\n%s\n%q", out, store.Completed())
	}
	out = learn("", true)
	if !strings.Contains(out, "Progress reset") || len(store.Completed()) != 0 {
		t.Errorf("reset all:\n%s\n%q", out, store.Completed())
	}
}

func TestLearnListAndErrors(t *testing.T) {
	t.Parallel()
	ls := learnFixture(t)
	var out strings.Builder
	if err := Learn(context.Background(), LearnOptions{RunOptions: RunOptions{Out: &out}, Lessons: ls, List: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 of 3 done") {
		t.Errorf("list:\n%s", out.String())
	}
	for _, reset := range []bool{false, true} {
		err := Learn(context.Background(), LearnOptions{Lessons: ls, Target: "9", Reset: reset})
		if !errors.Is(err, ErrNoSuchLesson) {
			t.Errorf("reset=%v: err = %v", reset, err)
		}
	}
	// Without a store, "next" is the lesson after the one just run.
	out.Reset()
	if err := Learn(context.Background(), LearnOptions{RunOptions: RunOptions{Out: &out}, Lessons: ls, Target: "2"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Next: lesson 3, Three") {
		t.Errorf("no store:\n%s", out.String())
	}
}

// Learn's own sentences follow Lang too: what comes next, all done, reset.
func TestLearnPortuguese(t *testing.T) {
	t.Parallel()
	src := func(title string) []byte {
		return []byte("---\nminutes: 5\n---\n# " + title + "\n\nTexto.\n\n## O que você aprendeu\n\nCoisas.\n")
	}
	fsys := fstest.MapFS{
		"en/01-one.md":    {Data: lessonSrc("One")},
		"en/02-two.md":    {Data: lessonSrc("Two")},
		"pt-BR/01-one.md": {Data: src("Um")},
		"pt-BR/02-two.md": {Data: src("Dois")},
	}
	ls, err := Load(fsys, "pt_BR.UTF-8")
	if err != nil {
		t.Fatal(err)
	}
	store := OpenStore(t.TempDir(), nil)
	var all strings.Builder
	learn := func(o LearnOptions) string {
		t.Helper()
		var out strings.Builder
		o.Out, o.Store, o.Lang, o.Lessons = &out, store, "pt_BR.UTF-8", ls
		if err := Learn(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		all.WriteString(out.String())
		return out.String()
	}
	for _, step := range []struct {
		o    LearnOptions
		want string
	}{
		{LearnOptions{}, "✓ Lição 1 concluída: Um\nPróxima: lição 2, Dois (cerca de 5 minutos). Execute: wsdemo learn\n"},
		{LearnOptions{List: true}, "Lições: 1 de 2 concluídas, faltam cerca de 5 minutos\n"},
		{LearnOptions{}, "Essa era a última lição que faltava: as 2 estão concluídas. Muito bem!\n"},
		{LearnOptions{}, "Você concluiu todas as 2 lições. Muito bem!\nPara fazer tudo de novo desde o começo: wsdemo learn 1\n(ou apague seu progresso com: wsdemo learn --reset)\n"},
		{LearnOptions{Target: "2", Reset: true}, "A lição 2 (Dois) foi marcada como não concluída.\n"},
		{LearnOptions{Reset: true}, "Progresso apagado: as 2 lições voltam a ficar por fazer. Comece com: wsdemo learn\n"},
	} {
		if out := learn(step.o); !strings.Contains(out, step.want) {
			t.Errorf("%+v: output lacks %q:\n%s", step.o, step.want, out)
		}
	}
	english := englishOnly("")
	for w := range wordsOf(all.String()) {
		if english[w] {
			t.Errorf("English word %q in:\n%s", w, all.String())
		}
	}
}
