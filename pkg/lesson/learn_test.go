package lesson

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"wsdemo/internal/tty"
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
	// Each lesson of the fixture waits once, before its summary (its title
	// section is only a heading, so the demo follows it at once); then
	// Learn offers the next one, and input says q.
	learn := func(target string, reset bool, input string) string {
		t.Helper()
		var out strings.Builder
		err := Learn(context.Background(), LearnOptions{
			RunOptions: RunOptions{Out: &out, Demo: demo, Store: store, Interactive: true, In: tty.NewInput(strings.NewReader(input))},
			Lessons:    ls, Target: target, Reset: reset, Yes: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}

	out := learn("", false, "\nq\n")
	if !strings.Contains(out, "Lesson 1 of 3") || !strings.Contains(out, "Next: lesson 2, Two (about 5 minutes).\n[Enter] lesson 2  [q] quit > \nContinue any time with: wsdemo learn\n") || !store.Done("one") {
		t.Errorf("first learn:\n%s", out)
	}
	out = learn("3", false, "\nq\n")
	if !strings.Contains(out, "Lesson 3 of 3") || !strings.Contains(out, "Still to do: lesson 2") {
		t.Errorf("learn 3:\n%s", out)
	}
	out = learn("", false, "\n")
	if !strings.Contains(out, "Lesson 2 of 3") || !strings.Contains(out, "all 3 are done") || strings.Contains(out, "[Enter] lesson") {
		t.Errorf("continue at 2:\n%s", out)
	}
	out = learn("", false, "")
	if !strings.Contains(out, "finished all 3 lessons") || !strings.Contains(out, "wsdemo learn 1") || strings.Contains(out, "Lesson 1 of") {
		t.Errorf("all done:\n%s", out)
	}
	if len(ran) != 3 {
		t.Errorf("demos ran %d times", len(ran))
	}

	out = learn("two", true, "")
	if !strings.Contains(out, "Lesson 2 (Two) is marked as not done") || store.Done("two") || !store.Done("one") {
		t.Errorf("reset two:\n%s\n%q", out, store.Completed())
	}
	out = learn("", true, "")
	if !strings.Contains(out, "Progress reset") || len(store.Completed()) != 0 {
		t.Errorf("reset all:\n%s\n%q", out, store.Completed())
	}

	// Enter at the offer takes the next lesson at once.
	out = learn("", false, "\n\n\nq\n")
	if !strings.Contains(out, "Lesson 1 done") || !strings.Contains(out, "Lesson 2 of 3") || !strings.Contains(out, "Lesson 2 done") || !strings.Contains(out, "[Enter] lesson 3") {
		t.Errorf("Enter at the offer:\n%s", out)
	}
}

// A lesson printed without a terminal is not marked done, and nothing is
// offered after it.
func TestLearnPrintedIsNotDone(t *testing.T) {
	t.Parallel()
	ls := learnFixture(t)
	store := OpenStore(t.TempDir(), nil)
	var out strings.Builder
	if err := Learn(context.Background(), LearnOptions{RunOptions: RunOptions{Out: &out, Store: store}, Lessons: ls, Target: "1"}); err != nil {
		t.Fatal(err)
	}
	if store.Done("one") || !strings.Contains(out.String(), "(Printed only") || strings.Contains(out.String(), "Next:") {
		t.Errorf("done %v:\n%s", store.Done("one"), out.String())
	}
}

// learn --reset on a terminal asks first: anything but yes keeps the
// progress; --yes (Yes) does not ask.
func TestLearnResetAsks(t *testing.T) {
	t.Parallel()
	ls := learnFixture(t)
	for _, tc := range []struct {
		input  string
		yes    bool
		target string
		reset  bool
		asked  string
	}{
		{"\n", false, "", false, "Forget your progress in all 3 lessons? [y/N] > "},
		{"n\n", false, "", false, "Forget your progress in all 3 lessons? [y/N] > "},
		{"", false, "", false, "Forget your progress in all 3 lessons? [y/N] > "}, // end of input is not a yes
		{"y\n", false, "", true, "Forget your progress in all 3 lessons? [y/N] > "},
		{"sim\n", false, "2", true, "Mark lesson 2 (Two) as not done? [y/N] > "},
		{"", true, "", true, ""},
	} {
		store := OpenStore(t.TempDir(), nil)
		store.MarkDone("one")
		store.MarkDone("two")
		var out strings.Builder
		err := Learn(context.Background(), LearnOptions{
			RunOptions: RunOptions{Out: &out, Store: store, Interactive: true, In: tty.NewInput(strings.NewReader(tc.input))},
			Lessons:    ls, Target: tc.target, Reset: true, Yes: tc.yes,
		})
		if err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if tc.asked != "" && !strings.HasPrefix(got, tc.asked) {
			t.Errorf("%q: did not ask %q:\n%s", tc.input, tc.asked, got)
		}
		if tc.asked == "" && strings.Contains(got, "[y/N]") {
			t.Errorf("--yes asked:\n%s", got)
		}
		if done := store.Done("two"); done == tc.reset {
			t.Errorf("%q yes=%v: lesson two done = %v after:\n%s", tc.input, tc.yes, done, got)
		}
		if !tc.reset && !strings.Contains(got, "Nothing was reset.") {
			t.Errorf("%q: no word that nothing happened:\n%s", tc.input, got)
		}
	}
}

// Quitting at a quiz and coming back resumes at that quiz, with the
// section's title; learn N starts N from the top.
func TestLearnResumesAtTheQuiz(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	ls := []*Lesson{l}
	store := OpenStore(t.TempDir(), nil)
	learner := authored(t, l)
	run := func(target, input string) string {
		t.Helper()
		var out strings.Builder
		err := Learn(context.Background(), LearnOptions{
			RunOptions: RunOptions{Out: &out, Store: store, Interactive: true, In: tty.NewInput(strings.NewReader(input)), Learner: learner},
			Lessons:    ls, Target: target,
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	// Title, demo (no demo func: it says so), section, then quiz 1: right,
	// then quiz 2: q.
	out := run("", "\n\n\n2\n\nq\n")
	if !strings.Contains(out, "Question 2 of 2") || !strings.Contains(out, "Stopped. Continue where you stopped with: wsdemo learn") {
		t.Fatalf("first run:\n%s", out)
	}
	if p, ok := store.Position(); !ok || p.Block != 4 || p.Section != "Who speaks first" {
		t.Errorf("place kept = %+v, %v; want the second quiz (block 4) in Who speaks first", p, ok)
	}
	// Reopened from the file, as the next wsdemo process would.
	store = OpenStore(filepath.Dir(store.Path()), nil)
	out = run("", "\n1\n\n")
	head, rest, _ := strings.Cut(out, "Question 2 of 2")
	if !strings.Contains(head, "Continuing where you stopped: Who speaks first") || strings.Contains(head, "HTTP is a conversation") || strings.Contains(head, "Question 1 of 2") {
		t.Errorf("resumed run did not start at the quiz:\n%s", out)
	}
	if !strings.Contains(rest, "Right.") || !strings.Contains(rest, "Lesson 1 done") || !store.Done("request-and-response") {
		t.Errorf("resumed run did not finish:\n%s", out)
	}
	if _, ok := store.Position(); ok {
		t.Error("a place is still kept in a lesson done")
	}
	// learn 1 takes it from the top.
	out = run("1", "q\n")
	if !strings.Contains(out, "HTTP is a conversation") || strings.Contains(out, "Continuing where") {
		t.Errorf("learn 1:\n%s", out)
	}
}

// A place kept in a lesson rewritten since (its section moved) is
// forgotten: the lesson starts from the top.
func TestLearnForgetsAStalePlace(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	store := OpenStore(t.TempDir(), nil)
	store.SetPosition(Position{Lesson: l.Slug, Block: 4, Section: "A section that is gone"})
	var out strings.Builder
	err := Learn(context.Background(), LearnOptions{
		RunOptions: RunOptions{Out: &out, Store: store, Interactive: true, In: tty.NewInput(strings.NewReader("q\n"))},
		Lessons:    []*Lesson{l},
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Continuing where") || !strings.Contains(out.String(), "HTTP is a conversation") {
		t.Errorf("output:\n%s", out.String())
	}
}

// After lesson N the offer is lesson N+1, the lesson a learner going
// through in order expects, even when an earlier one was skipped; quitting
// there names the command that starts it, since plain "learn" would go back
// to the lesson skipped.
func TestLearnNextIsTheFollowingLesson(t *testing.T) {
	t.Parallel()
	ls := learnFixture(t)
	store := OpenStore(t.TempDir(), nil)
	var out strings.Builder
	err := Learn(context.Background(), LearnOptions{
		RunOptions: RunOptions{Out: &out, Store: store, Interactive: true, In: tty.NewInput(strings.NewReader("\nq\n"))},
		Lessons:    ls, Target: "2",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Next: lesson 3, Three") || !strings.Contains(out.String(), "[Enter] lesson 3") ||
		!strings.Contains(out.String(), "Continue any time with: wsdemo learn 3\n") {
		t.Errorf("after lesson 2, with lesson 1 not done:\n%s", out.String())
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
	if err := Learn(context.Background(), LearnOptions{RunOptions: RunOptions{Out: &out, Interactive: true, In: tty.NewInput(strings.NewReader("\nq\n"))}, Lessons: ls, Target: "2"}); err != nil {
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
	ls, err := Load(fsys, "pt-BR")
	if err != nil {
		t.Fatal(err)
	}
	store := OpenStore(t.TempDir(), nil)
	var all strings.Builder
	learn := func(o LearnOptions) string {
		t.Helper()
		var out strings.Builder
		o.Out, o.Store, o.Lang, o.Lessons = &out, store, "pt-BR", ls
		o.Interactive, o.In = true, tty.NewInput(strings.NewReader("\nq\n"))
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
		{LearnOptions{}, "✓ Lição 1 concluída: Um\nPróxima: lição 2, Dois (cerca de 5 minutos).\n[Enter] lição 2  [q] sair > \nContinue quando quiser com: wsdemo learn\n"},
		{LearnOptions{List: true}, "Lições: 1 de 2 concluídas, faltam cerca de 5 minutos\n"},
		{LearnOptions{}, "Essa era a última lição que faltava: as 2 estão concluídas. Muito bem!\n"},
		{LearnOptions{}, "Você concluiu todas as 2 lições. Muito bem!\nPara fazer tudo de novo desde o começo: wsdemo learn 1\n(ou apague seu progresso com: wsdemo learn --reset)\n"},
		{LearnOptions{Target: "2", Reset: true, Yes: true}, "A lição 2 (Dois) foi marcada como não concluída.\n"},
		{LearnOptions{Reset: true, Yes: true}, "Progresso apagado: as 2 lições voltam a ficar por fazer. Comece com:\nwsdemo learn\n"},
		{LearnOptions{Reset: true, Yes: false}, "Esquecer seu progresso nas 2 lições? [y/N] > "},
	} {
		if out := learn(step.o); !strings.Contains(out, step.want) {
			t.Errorf("%+v: output lacks %q:\n%s", step.o, step.want, out)
		}
	}
	english := englishOnly("wsdemo learn --reset") // a command is not English
	for w := range wordsOf(all.String()) {
		if english[w] {
			t.Errorf("English word %q in:\n%s", w, all.String())
		}
	}
}
