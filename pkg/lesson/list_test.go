package lesson

import (
	"strings"
	"testing"
)

type doneSet map[string]bool

func (d doneSet) Done(slug string) bool { return d[slug] }

func threeLessons() []*Lesson {
	return []*Lesson{
		{Number: 1, Slug: "request-and-response", Title: "Request and response", Minutes: 7},
		{Number: 2, Slug: "stateless", Title: "Stateless and one-way", Minutes: 6},
		{Number: 3, Slug: "the-handshake", Title: "The WebSocket handshake", Minutes: 9},
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := List(&b, threeLessons(), doneSet{"request-and-response": true}, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "Lessons: 1 of 3 done, about 15 minutes left") {
		t.Errorf("first line = %q", lines[0])
	}
	for _, want := range []string{
		" ✓  1.   7 min  done  Request and response\n",
		" >  2.   6 min  next  Stateless and one-way\n",
		"    3.   9 min        The WebSocket handshake\n",
		"Continue with: wsdemo learn   (lesson 2)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// A long title wraps under itself, so the list fits 80 columns.
func TestListWrapsLongTitles(t *testing.T) {
	t.Parallel()
	long := []*Lesson{{Number: 1, Slug: "long", Minutes: 8,
		Title: "Stateless and one-way: what the server forgets, and why it cannot speak first"}}
	var b strings.Builder
	if err := List(&b, long, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	want := " >  1.   8 min  next  Stateless and one-way: what the server forgets, and why\n" +
		"                      it cannot speak first\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("missing %q in:\n%s", want, b.String())
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if n := len([]rune(l)); n > 79 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
}

func TestListAllDone(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	all := doneSet{"request-and-response": true, "stateless": true, "the-handshake": true}
	if err := List(&b, threeLessons(), all, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "All lessons done") || !strings.Contains(b.String(), "wsdemo learn 1") || strings.Contains(b.String(), "next") {
		t.Errorf("output:\n%s", b.String())
	}
	b.Reset()
	if err := List(&b, threeLessons(), nil, ListOptions{}); err != nil || !strings.Contains(b.String(), "0 of 3 done") {
		t.Errorf("nil progress: %v\n%s", err, b.String())
	}
}

func TestListPortuguese(t *testing.T) {
	t.Parallel()
	var titles strings.Builder
	for _, l := range threeLessons() {
		titles.WriteString(l.Title + "\n")
	}
	english := englishOnly(titles.String())
	for _, tt := range []struct {
		progress doneSet
		want     []string
	}{
		{doneSet{"request-and-response": true}, []string{
			"Lições: 1 de 3 concluídas, faltam cerca de 15 minutos\n",
			" ✓  1.   7 min  concluída  Request and response\n",
			" >  2.   6 min  próxima    Stateless and one-way\n",
			"    3.   9 min             The WebSocket handshake\n",
			"Para continuar: wsdemo learn   (lição 2)\nOu escolha uma: wsdemo learn N\n",
		}},
		{nil, []string{"Lições: 0 de 3 concluídas\n"}},
		{doneSet{"request-and-response": true, "stateless": true, "the-handshake": true}, []string{
			"Lições: 3 de 3 concluídas\n",
			"Todas as lições concluídas. Para refazer uma: wsdemo learn N (por exemplo\nwsdemo learn 1)",
		}},
	} {
		var b strings.Builder
		if err := List(&b, threeLessons(), tt.progress, ListOptions{Lang: "pt-BR"}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("missing %q in:\n%s", want, out)
			}
		}
		for w := range wordsOf(out) {
			if english[w] {
				t.Errorf("English word %q in:\n%s", w, out)
			}
		}
	}
}

// The list keeps to the terminal's width, whatever it is: titles wrap under
// themselves between words, and the closing lines keep commands whole.
func TestListFollowsTheWidth(t *testing.T) {
	t.Parallel()
	long := []*Lesson{
		{Number: 1, Slug: "long", Minutes: 8, Title: "Stateless and one-way: what the server forgets, and why it cannot speak first"},
		{Number: 2, Slug: "two", Minutes: 9, Title: "When to use which, and what Socket.IO adds on top of WebSocket"},
	}
	for _, w := range []int{50, 60, 80, 120} {
		var b strings.Builder
		if err := List(&b, long, nil, ListOptions{Width: w, Program: "go run ./cmd/wsdemo"}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, l := range strings.Split(out, "\n") {
			if n := len([]rune(l)); n > w-1 {
				t.Errorf("width %d: line of %d columns: %q", w, n, l)
			}
		}
		if !strings.Contains(out, "Continue with: go run ./cmd/wsdemo learn ") || !strings.Contains(out, "go run ./cmd/wsdemo learn N") {
			t.Errorf("width %d: a command was broken:\n%s", w, out)
		}
		if w == 120 && !strings.Contains(out, long[0].Title+"\n") {
			t.Errorf("width 120: the title was wrapped though it fits:\n%s", out)
		}
	}
}
