package lesson

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"wsdemo/internal/wrap"
	"wsdemo/pkg/lang"
)

// keepSpace stands for a space that wrapping must not break at, inside a
// command: the wrap functions below turn it back into a space.
const keepSpace = "\x1f"

// unbroken marks s (a command line in a message) to be kept on one line.
func unbroken(s string) string { return strings.ReplaceAll(s, " ", keepSpace) }

// restore turns the kept spaces of lines back into spaces.
func restore(lines []string) []string {
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, keepSpace, " ")
	}
	return lines
}

// wrapWords breaks s into lines of at most w runes at spaces (a longer word
// gets a line of its own).
func wrapWords(s string, w int) []string {
	return restore(wrap.Words(s, w, utf8.RuneCountInString, nil))
}

// wrapHanging wraps head followed by s to width columns between words, the
// lines after the first starting with indent (a hanging indent). A word
// wider than the room gets a line of its own.
func wrapHanging(head, s, indent string, width int) []string {
	lines := []string{head}
	room := func() int { return width - utf8.RuneCountInString(lines[len(lines)-1]) }
	fresh := true // the current line holds only its head or indent
	for _, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case fresh:
		case 1+n <= room():
			word = " " + word
		default:
			lines = append(lines, indent)
		}
		lines[len(lines)-1] += word
		fresh = false
	}
	return restore(lines)
}

// wrapGroups breaks a prompt into lines of at most w columns at its
// two-space separators only: "[Enter] run wsdemo http" is one group, and
// its command is never broken. A group wider than w gets a line of its own.
func wrapGroups(s string, w int) []string { return wrapAt(s, "  ", w) }

// wrapAt breaks s into lines of at most w columns at sep only, which it
// drops at a line's end. A part wider than w gets a line of its own.
func wrapAt(s, sep string, w int) []string {
	var lines []string
	line := ""
	for _, g := range strings.Split(s, sep) {
		g = strings.TrimSpace(g)
		if g == "" {
			continue
		}
		switch {
		case line == "":
			line = g
		case utf8.RuneCountInString(line)+utf8.RuneCountInString(sep)+utf8.RuneCountInString(g) <= w:
			line += sep + g
		default:
			lines = append(lines, line)
			line = g
		}
	}
	return restore(append(lines, line))
}

// ListOptions are how List speaks.
type ListOptions struct {
	Lang    string // the language of List's own words, as RunOptions.Lang
	Program string // the command that starts wsdemo, as RunOptions.Program
	Width   int    // columns to wrap to; 0 means DefaultWidth
}

// List writes the numbered list of lessons with their minutes and a mark for
// each one done and for the next one to do, then a line saying how to go on.
// The next one is the lesson `learn` takes up: the one the learner stopped
// in, when progress is a *Store that kept a place, else the first not done.
// progress may be nil (nothing done). The titles are the lessons' own.
func List(w io.Writer, lessons []*Lesson, progress Progress, o ListOptions) error {
	say := lang.For(o.Lang)
	prog := o.Program
	if prog == "" {
		prog = "wsdemo"
	}
	width := o.Width
	if width <= 0 {
		width = DefaultWidth
	}
	cmd := func(args ...string) string { return unbroken(commandLine(prog, args)) }
	done := func(l *Lesson) bool { return progress != nil && progress.Done(l.Slug) }
	next := Next(lessons, progress)
	if s, ok := progress.(*Store); ok && s != nil {
		next, _ = resume(lessons, s)
	}
	count, left := 0, 0
	for _, l := range lessons {
		if done(l) {
			count++
		} else {
			left += l.Minutes
		}
	}

	ew := &errWriter{w: w}
	say1 := func(format lang.Msg, args ...any) {
		line := say.F(format, args...)
		if utf8.RuneCountInString(line) > width-1 {
			line = strings.Join(wrapWords(line, width-1), "\n") // (spaces that align go)
		}
		fmt.Fprintln(ew, strings.ReplaceAll(line, keepSpace, " "))
	}
	head := say.F("Lessons: %d of %d done", count, len(lessons))
	if left > 0 && count > 0 {
		head = say.F("Lessons: %d of %d done, about %d minutes left", count, len(lessons), left)
	}
	fmt.Fprintln(ew, head)
	fmt.Fprintln(ew)

	// Number, minutes and state first, the title last and wrapped under
	// itself to the width (one column spare: some terminals wrap a line
	// that fills the last column).
	stateW := max(utf8.RuneCountInString(say.F("done")), utf8.RuneCountInString(say.F("next")))
	for _, l := range lessons {
		mark, state := " ", ""
		switch {
		case done(l):
			mark, state = "✓", say.F("done")
		case l == next:
			mark, state = ">", say.F("next")
		}
		head := fmt.Sprintf(" %s %2d.  %2d %s  %-*s  ", mark, l.Number, l.Minutes, say.F("min"), stateW, state)
		indent := strings.Repeat(" ", utf8.RuneCountInString(head))
		for _, line := range wrapHanging(head, l.Title, indent, width-1) {
			fmt.Fprintln(ew, line)
		}
	}

	fmt.Fprintln(ew)
	switch {
	case len(lessons) == 0:
	case next == nil:
		say1("All lessons done. Go through one again with: %s (for example %s)", cmd("learn", "N"), cmd("learn", "1"))
	default:
		say1("Continue with: %s   (lesson %d)", cmd("learn"), next.Number)
		say1("Or pick one:   %s", cmd("learn", "N"))
	}
	return ew.err
}

// errWriter keeps the first write error so a long run of Fprintf calls can
// be checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}
