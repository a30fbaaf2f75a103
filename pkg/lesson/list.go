package lesson

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// listWidth is the width the list of lessons keeps to.
const listWidth = 79

// wrapWords breaks s into lines of at most w runes at spaces (a longer word
// gets a line of its own).
func wrapWords(s string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// List writes the numbered list of lessons with their minutes and a mark for
// each one done and for the next one to do (the first not done), then a line
// saying how to go on. progress may be nil (nothing done). lang is the
// language of List's own words, as in RunOptions.Lang ("" is English); the
// titles are the lessons' own.
func List(w io.Writer, lessons []*Lesson, progress Progress, lang string) error {
	say := wordsFor(lang)
	done := func(l *Lesson) bool { return progress != nil && progress.Done(l.Slug) }
	next := Next(lessons, progress)
	count, left := 0, 0
	for _, l := range lessons {
		if done(l) {
			count++
		} else {
			left += l.Minutes
		}
	}

	ew := &errWriter{w: w}
	fmt.Fprintf(ew, say.listHeader, count, len(lessons))
	if left > 0 && count > 0 {
		fmt.Fprintf(ew, say.listLeft, left)
	}
	fmt.Fprint(ew, "\n\n")

	// Number, minutes and state first, the title last and wrapped under
	// itself: titles are long, and the list must fit 80 columns.
	stateW := max(utf8.RuneCountInString(say.listDone), utf8.RuneCountInString(say.listNext))
	for _, l := range lessons {
		mark, state := " ", ""
		switch {
		case done(l):
			mark, state = "x", say.listDone
		case l == next:
			mark, state = ">", say.listNext
		}
		head := fmt.Sprintf(" %s %2d.  %2d %s  %-*s  ", mark, l.Number, l.Minutes, say.listMinutes, stateW, state)
		indent := strings.Repeat(" ", utf8.RuneCountInString(head))
		for i, t := range wrapWords(l.Title, listWidth-len(indent)) {
			if i == 0 {
				fmt.Fprintln(ew, head+t)
			} else {
				fmt.Fprintln(ew, indent+t)
			}
		}
	}

	fmt.Fprintln(ew)
	switch {
	case len(lessons) == 0:
	case next == nil:
		fmt.Fprintln(ew, say.listAllDone)
	default:
		fmt.Fprintf(ew, say.listContinue+"\n", next.Number)
		fmt.Fprintln(ew, say.listPickOne)
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
