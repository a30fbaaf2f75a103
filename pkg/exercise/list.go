package exercise

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"wsdemo/pkg/lang"
)

// Progress is what a learner's record says of each exercise: the outcome
// of the latest check run ("passed", "failed", or "" when never checked)
// and whether any run passed. *lesson.Store implements it.
type Progress interface {
	Exercise(slug string) (last string, passedOnce bool)
}

// The outcomes a Progress records.
const (
	Passed = "passed"
	Failed = "failed"
)

// Status is an exercise's state in words, for the list.
func Status(t lang.Text, p Progress, slug string) string {
	last, once := "", false
	if p != nil {
		last, once = p.Exercise(slug)
	}
	switch {
	case last == Passed:
		return t.F("passed")
	case last == Failed && once:
		return t.F("failing (passed before)")
	case last == Failed:
		return t.F("failing")
	}
	return t.F("not started")
}

// ListOptions are how List speaks.
type ListOptions struct {
	Lang    string // the language of its words
	Program string // the command that starts wsdemo ("wsdemo", or "go run ./cmd/wsdemo")
	Width   int    // columns; 0 means 80
}

// List writes the exercises with their status and the lesson each
// follows, then how to read a task and check a server.
func List(w io.Writer, all []*Exercise, p Progress, o ListOptions) error {
	t := lang.For(o.Lang)
	prog := o.Program
	if prog == "" {
		prog = "wsdemo"
	}
	width := o.Width
	if width <= 0 {
		width = 80
	}
	done := 0
	var next *Exercise
	for _, x := range all {
		last := ""
		if p != nil {
			last, _ = p.Exercise(x.Slug)
		}
		if last == Passed {
			done++
		} else if next == nil {
			next = x
		}
	}
	var b strings.Builder
	fmt.Fprintln(&b, t.F("Exercises: %d of %d passed", done, len(all)))
	fmt.Fprintln(&b)
	slugW, stateW, afterW := 0, 0, 0
	for _, x := range all {
		slugW = max(slugW, utf8.RuneCountInString(x.Slug))
		stateW = max(stateW, utf8.RuneCountInString(Status(t, p, x.Slug)))
		afterW = max(afterW, utf8.RuneCountInString(t.F("after lesson %d", x.Follows)))
	}
	for _, x := range all {
		mark := " "
		switch {
		case x == next:
			mark = ">"
		case p != nil && lastPassed(p, x.Slug):
			mark = "✓"
		}
		head := fmt.Sprintf(" %s %d. %-*s  %-*s  %-*s  ", mark, x.Number, slugW, x.Slug, stateW, Status(t, p, x.Slug), afterW, t.F("after lesson %d", x.Follows))
		indent := strings.Repeat(" ", utf8.RuneCountInString(head))
		for _, l := range hanging(head, x.Title, indent, width-1) {
			fmt.Fprintln(&b, l)
		}
	}
	fmt.Fprintln(&b)
	example := all[0]
	if next != nil {
		example = next
	}
	fmt.Fprintln(&b, t.F("Read a task:     %s", prog+" exercise "+example.Slug))
	fmt.Fprintln(&b, t.F("Check a server:  %s", prog+" check "+example.Slug+" --url "+example.URL))
	_, err := io.WriteString(w, b.String())
	return err
}

// lastPassed reports whether the learner's last check of slug passed.
func lastPassed(p Progress, slug string) bool {
	last, _ := p.Exercise(slug)
	return last == Passed
}

// hanging wraps s after head to width columns, the lines after the first
// starting with indent.
func hanging(head, s, indent string, width int) []string {
	lines := []string{head}
	fresh := true
	for _, word := range strings.Fields(s) {
		cur := lines[len(lines)-1]
		switch {
		case fresh:
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) <= width:
			word = " " + word
		default:
			lines = append(lines, indent)
		}
		lines[len(lines)-1] += word
		fresh = false
	}
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return lines
}
