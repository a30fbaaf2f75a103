package lesson

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wsdemo/internal/testkit"
	"wsdemo/internal/tty"
	"wsdemo/lessons"
)

// orderFor returns the order a learner sees quiz k (1-based) of l in, as
// the runner computes it.
func orderFor(learner string, l *Lesson, k int) []int {
	r := &runner{o: RunOptions{Lesson: l}, learner: learner, quizNum: k}
	return r.order(l.Quizzes()[k-1])
}

// As written, most right answers are option 2. Shown to a learner, the
// right answer's position is spread: for every one of 50 fixed learners no
// position holds more than 40% of the questions (a lesson deals its right
// answers to different places), and across them every position comes up
// about as often.
func TestQuizOrderSpreadsRightAnswers(t *testing.T) {
	t.Parallel()
	all, err := Load(lessons.FS, "en")
	if err != nil {
		t.Fatal(err)
	}
	authored := map[int]int{}
	total := 0
	for _, l := range all {
		for _, q := range l.Quizzes() {
			authored[q.Answer()]++
			total++
		}
	}
	if total < 20 {
		t.Fatalf("only %d quizzes", total)
	}
	t.Logf("as written, right answers by position: %v of %d", authored, total)

	overall := map[int]int{}
	for i := range 50 {
		learner := fmt.Sprintf("learner-%d", i)
		shown := map[int]int{}
		for _, l := range all {
			for k, q := range l.Quizzes() {
				pos := slices.Index(orderFor(learner, l, k+1), q.Answer())
				shown[pos]++
				overall[pos]++
			}
		}
		for pos, n := range shown {
			if n*10 > total*4 {
				t.Errorf("%s sees the right answer at position %d in %d of %d questions", learner, pos+1, n, total)
			}
		}
	}
	// 50 learners × total questions, most with three options: each of
	// positions 1 to 3 should get about a third.
	for pos := range 3 {
		share := float64(overall[pos]) / float64(50*total)
		if share < 0.2 || share > 0.45 {
			t.Errorf("position %d holds %.0f%% of the right answers over 50 learners: %v", pos+1, 100*share, overall)
		}
	}
}

// The order depends on the learner and the question only: the same every
// time (a retry, a resumed lesson, another run), different between
// learners, and a permutation of the options.
func TestQuizOrderIsStable(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	first := orderFor("abc", l, 1)
	for range 10 {
		if got := orderFor("abc", l, 1); !slices.Equal(got, first) {
			t.Fatalf("order changed between calls: %v, then %v", first, got)
		}
	}
	sorted := slices.Sorted(slices.Values(first))
	if !slices.Equal(sorted, []int{0, 1, 2}) {
		t.Errorf("order %v is not a permutation of the options", first)
	}
	// Pinned: the order is part of what a learner sees again after an
	// upgrade; a change to shuffle must be deliberate.
	if got := orderFor("abc", l, 1); !slices.Equal(got, []int{1, 2, 0}) {
		t.Errorf("order for learner abc, quiz 1 = %v, pinned [1 2 0]", got)
	}
	differ := false
	for i := range 20 {
		if !slices.Equal(orderFor("learner-"+strconv.Itoa(i), l, 1), first) {
			differ = true
		}
	}
	if !differ {
		t.Error("20 learners all see the same order")
	}
	// No learner: the order as written.
	if got := orderFor("", l, 1); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("no learner: %v", got)
	}
}

// A learner kept by the store sees the same order in a second run, read
// back from the progress file.
func TestQuizOrderSurvivesARestart(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	dir := t.TempDir()
	shown := func() string {
		var out testkit.SyncBuffer
		store := OpenStore(dir, nil)
		if _, err := Run(context.Background(), RunOptions{In: tty.NewInput(strings.NewReader("\n\n\nq\n")), Out: &out, Interactive: true, Store: store, Lesson: l}); err != nil {
			t.Fatal(err)
		}
		_, q, _ := strings.Cut(out.String(), "Question 1 of 2.")
		q, _, _ = strings.Cut(q, "Your answer")
		return q
	}
	a, b := shown(), shown()
	if a == "" || a != b {
		t.Errorf("first run showed:\n%s\nsecond run showed:\n%s", a, b)
	}
}

// After two wrong answers the learner may ask for the answer: a shows it
// with its why, and the lesson goes on. Before that, a is not an answer.
func TestQuizShowAnswerAfterTwoWrongTries(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out testkit.SyncBuffer
	in := &scriptIn{out: &out, lines: []string{
		"",  // title section: run the demo (none: it says so)
		"",  // to the next section
		"",  // to question 1
		"a", // too early: not an answer
		"1", // wrong
		"3", // wrong
		"a", // show the answer
		"q", // quit at the pause after it
	}}
	_, err := Run(context.Background(), RunOptions{In: tty.NewInput(in), Out: &out, Interactive: true, Lesson: l, Learner: authored(t, l)})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.seen) < 7 {
		t.Fatalf("only %d reads:\n%s", len(in.seen), out.String())
	}
	steps := []struct{ shown, notYet string }{
		{"Your answer [1-3]  [h] hint  [q] quit > ", "is not one of"}, // read 4: the question
		{`"a" is not one of the answers`, "Not quite"},                // read 5
		{"Not quite. A server only answers.\n\nTry another answer.", "[a] show the answer"},
		{"Not quite. HTTP/1.1 takes turns.\n\nTry another answer, or type a to see the right one and why.\n\nYour answer [1-3]  [a] show the answer  [h] hint  [q] quit > ", "The answer:"},
		{"The answer: 2) The client.\n\n✓ The client sends a request, then the server answers.\n", "Question 2 of 2."},
	}
	for i, s := range steps {
		seen := in.seen[i+3]
		if !strings.Contains(seen, s.shown) {
			t.Errorf("read %d: %q not shown:\n%s", i+4, s.shown, seen)
		}
		if strings.Contains(seen, s.notYet) {
			t.Errorf("read %d: %q shown too early:\n%s", i+4, s.notYet, seen)
		}
	}
	if !strings.HasSuffix(in.seen[7], "[Enter] quiz: question 2 of 2  [q] quit > ") {
		t.Errorf("after the answer the lesson does not go on to question 2:\n%s", in.seen[7])
	}
}

// On a terminal a quiz answer is one key, taken as it is pressed: no Enter
// after it (an Enter typed by habit answers nothing and is not "no
// answer"), and the key is echoed after the prompt, since raw mode does not
// echo. Piped input still answers a line at a time (the tests above).
func TestQuizAnswerIsOneKeyOnATerminal(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out testkit.SyncBuffer
	// Three Enters to the question; then, keys: Enter (ignored), 2 (the
	// right answer, no Enter), then q at the next pause.
	in := tty.FakeTerminal(strings.NewReader("\n\n\n\r2q\n"))
	_, err := Run(context.Background(), RunOptions{In: in, Out: &out, Interactive: true, Lesson: l, Learner: authored(t, l)})
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"Your answer [1-3]  [h] hint  [q] quit > 2\n", "✓ Right.", "[Enter] quiz: question 2 of 2  [q] quit > "} {
		if !strings.Contains(got, want) {
			t.Errorf("%q not shown:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Type the number of your answer", "is not one of the answers", "No more input"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q shown:\n%s", bad, got)
		}
	}
}
