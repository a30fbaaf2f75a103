package lesson

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// List writes the numbered list of lessons with their minutes and a mark for
// each one done and for the next one to do (the first not done), then a line
// saying how to go on. progress may be nil (nothing done).
func List(w io.Writer, lessons []*Lesson, progress Progress) error {
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
	fmt.Fprintf(ew, "Lessons: %d of %d done", count, len(lessons))
	if left > 0 && count > 0 {
		fmt.Fprintf(ew, ", about %d minutes left", left)
	}
	fmt.Fprint(ew, "\n\n")

	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	for _, l := range lessons {
		mark, state := " ", ""
		switch {
		case done(l):
			mark, state = "x", "done"
		case l == next:
			mark, state = ">", "next"
		}
		fmt.Fprintf(tw, " %s %2d.\t%s\t%2d min", mark, l.Number, l.Title, l.Minutes)
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
		fmt.Fprintln(ew, "All lessons done. Go through one again with: wsdemo learn N (for example wsdemo learn 1)")
	default:
		fmt.Fprintf(ew, "Continue with: wsdemo learn   (lesson %d)\n", next.Number)
		fmt.Fprintln(ew, "Or pick one:   wsdemo learn N")
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
