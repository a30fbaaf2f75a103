package lesson

import (
	"fmt"
	"io"
	"text/tabwriter"
)

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

	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	for _, l := range lessons {
		mark, state := " ", ""
		switch {
		case done(l):
			mark, state = "x", say.listDone
		case l == next:
			mark, state = ">", say.listNext
		}
		fmt.Fprintf(tw, " %s %2d.\t%s\t%2d %s", mark, l.Number, l.Title, l.Minutes, say.listMinutes)
		if state != "" {
			fmt.Fprintf(tw, "\t%s", state)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

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
