package exercise

import (
	"strings"
	"testing"
)

type fakeProgress map[string]string

func (p fakeProgress) Exercise(slug string) (string, bool) { return p[slug], p[slug] == Passed }

// A passed exercise is marked ✓ in the list, as a done lesson is; the next
// one to do keeps its ">", and one that failed has no mark.
func TestListMarksPassedExercises(t *testing.T) {
	t.Parallel()
	all := []*Exercise{
		{Number: 1, Slug: "rest", Title: "A notes REST API", Follows: 1, URL: "http://127.0.0.1:8080"},
		{Number: 2, Slug: "echo", Title: "A WebSocket echo server", Follows: 4, URL: "ws://127.0.0.1:8080/"},
		{Number: 3, Slug: "push", Title: "A server that speaks first", Follows: 6, URL: "ws://127.0.0.1:8080/"},
	}
	var b strings.Builder
	if err := List(&b, all, fakeProgress{"rest": Passed, "echo": "failed"}, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for _, want := range []string{" ✓ 1. rest ", " > 2. echo ", "   3. push "} {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("no line starts %q:\n%s", want, b.String())
		}
	}
}
