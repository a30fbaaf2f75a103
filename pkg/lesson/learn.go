package lesson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
)

// ErrNoSuchLesson is returned (wrapped) when a lesson number or name matches
// no lesson. The CLI adds a hint that lists the lessons.
var ErrNoSuchLesson = errors.New("no such lesson")

// Next returns the first lesson not done, or nil if all are done.
// progress may be nil (nothing done).
func Next(lessons []*Lesson, progress Progress) *Lesson {
	for _, l := range lessons {
		if progress == nil || !progress.Done(l.Slug) {
			return l
		}
	}
	return nil
}

// Find returns the lesson a learner named: a number ("3", "03"), a slug
// ("faking-real-time"), or a part of a slug that only one lesson has
// ("handshake").
func Find(lessons []*Lesson, key string) (*Lesson, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	if n, err := strconv.Atoi(key); err == nil {
		for _, l := range lessons {
			if l.Number == n {
				return l, nil
			}
		}
		return nil, fmt.Errorf("%w %s: lessons are numbered 1 to %d", ErrNoSuchLesson, key, len(lessons))
	}
	if key == "" {
		return nil, fmt.Errorf("%w: give a number from 1 to %d or a name", ErrNoSuchLesson, len(lessons))
	}
	for _, l := range lessons {
		if l.Slug == key {
			return l, nil
		}
	}
	for _, match := range []func(slug string) bool{
		func(slug string) bool { return strings.HasPrefix(slug, key) },
		func(slug string) bool { return strings.Contains(slug, key) },
	} {
		var found []*Lesson
		for _, l := range lessons {
			if match(l.Slug) {
				found = append(found, l)
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) > 1 {
			names := make([]string, len(found))
			for i, l := range found {
				names[i] = fmt.Sprintf("%d (%s)", l.Number, l.Slug)
			}
			return nil, fmt.Errorf("%w: %q could be lesson %s", ErrNoSuchLesson, key, strings.Join(names, " or "))
		}
	}
	return nil, fmt.Errorf("%w named %q", ErrNoSuchLesson, key) // the CLI adds how to list them
}

// LearnOptions are the inputs of `wsdemo learn`.
type LearnOptions struct {
	// RunOptions carry the streams, the demo runner and the store. Its
	// Lesson, Total and From fields are set by Learn.
	RunOptions

	Lessons []*Lesson
	Target  string // "" (continue where the learner stopped), a number or a name
	Reset   bool   // reset Target, or every lesson when Target is ""
	// Yes skips the question Reset asks first in an interactive run.
	Yes  bool
	List bool // only list the lessons
}

// Learn implements `wsdemo learn [N|name] [--reset [--yes]]` and `wsdemo
// lessons`:
//
//   - no Target: take up the lesson the learner stopped in, at the place
//     they stopped (a section, a demo, a quiz), else the first lesson not
//     done; if all are done, say so and suggest `wsdemo learn 1`;
//   - Target: run that lesson from its start, done or not;
//   - Reset: mark Target (or every lesson) as not done, run nothing; in an
//     interactive run, only after the learner says yes (or Yes);
//   - List: print the list of lessons.
//
// When a lesson taken interactively ends, Learn offers the next one (Enter
// starts it, q stops). Everything it prints is in o.Lang, like the runner's
// words; returned errors are English.
func Learn(ctx context.Context, o LearnOptions) error {
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	o.Out = out
	say := lang.For(o.Lang)
	prog := o.Program
	if prog == "" {
		prog = "wsdemo"
	}
	o.Program = prog
	width := o.Width
	if width <= 0 {
		width = DefaultWidth
	}
	o.Width = width
	cmd := func(args ...string) string { return unbroken(commandLine(prog, args)) }
	tell := func(format lang.Msg, args ...any) {
		fmt.Fprintln(out, strings.Join(wrapWords(say.F(format, args...), width), "\n"))
	}
	var progress Progress
	if o.Store != nil {
		progress = o.Store
	}
	if o.List {
		return List(out, o.Lessons, progress, ListOptions{Lang: o.Lang, Program: prog, Width: width})
	}
	if o.Reset {
		return reset(ctx, say, o, tell, cmd)
	}

	var (
		l    *Lesson
		from int
	)
	if o.Target == "" {
		l, from = resume(o.Lessons, o.Store)
		if l == nil {
			tell("You have finished all %d lessons. Well done!", len(o.Lessons))
			tell("Go through them again from the start with: %s", cmd("learn", "1"))
			tell("(or wipe your progress with: %s)", cmd("learn", "--reset"))
			return nil
		}
	} else {
		var err error
		if l, err = Find(o.Lessons, o.Target); err != nil {
			return err
		}
	}

	for {
		ro := o.RunOptions
		ro.Lesson, ro.Total, ro.From = l, len(o.Lessons), from
		res, err := Run(ctx, ro)
		if err != nil || !res.Completed {
			return err
		}
		if !res.Taken {
			return nil // printed, not taken: nothing is next
		}
		// "Next" is the lesson that follows the one just taken (N+1), the
		// one a learner going through in order expects, even if an earlier
		// one was skipped; with a store, the first after it still to do.
		// Past the last one, the first lesson still to do (if any) is next.
		next := after(o.Lessons, l)
		for o.Store != nil && next != nil && o.Store.Done(next.Slug) {
			next = after(o.Lessons, next)
		}
		if next == nil {
			next = Next(o.Lessons, progress)
			if next == nil || o.Store == nil {
				tell("That was the last lesson you had left: all %d are done. Well done!", len(o.Lessons))
				return nil
			}
			tell("Still to do: lesson %d, %s (about %d minutes).", next.Number, next.Title, next.Minutes)
		} else {
			tell("Next: lesson %d, %s (about %d minutes).", next.Number, next.Title, next.Minutes)
		}
		// "learn" alone resumes the first lesson still to do: name the
		// lesson when that is not the one just offered.
		later := cmd("learn")
		if r, _ := resume(o.Lessons, o.Store); r != next {
			later = cmd("learn", strconv.Itoa(next.Number))
		}
		if o.In == nil {
			tell("Continue any time with: %s", later)
			return nil
		}
		fmt.Fprint(out, strings.Join(wrapGroups(say.F("[Enter] lesson %d  [q] quit > ", next.Number), width-1), "\n")+" ")
		line, err := readAnswer(ctx, o.In)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintln(out)
		if err != nil || isQuit(line) {
			tell("Continue any time with: %s", later)
			return nil
		}
		fmt.Fprintln(out)
		l, from = next, 0
		if p, ok := o.Store.position(next); ok {
			from = p
		}
	}
}

// resume returns the lesson to take up, and the block to start at: the
// place kept in the store, if it is still in a lesson not done and the
// lesson still has that section there; else the first lesson not done,
// from its start. It returns nil when every lesson is done.
func resume(lessons []*Lesson, s *Store) (*Lesson, int) {
	if s == nil {
		return Next(lessons, nil), 0
	}
	if p, ok := s.Position(); ok {
		for _, l := range lessons {
			if l.Slug == p.Lesson && !s.Done(l.Slug) {
				if b, ok := s.position(l); ok {
					return l, b
				}
			}
		}
	}
	return Next(lessons, s), 0
}

// position returns the block kept for l, if the store holds a place in l
// that still fits it (the lesson may have been rewritten since).
func (s *Store) position(l *Lesson) (int, bool) {
	if s == nil {
		return 0, false
	}
	p, ok := s.Position()
	if !ok || p.Lesson != l.Slug || p.Block <= 0 || p.Block >= len(l.Blocks) {
		return 0, false
	}
	if p.Section != "" && l.SectionTitle(p.Block) != p.Section {
		return 0, false
	}
	return p.Block, true
}

func isQuit(line string) bool {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "q", "quit", "exit":
		return true
	}
	return false
}

// after returns the lesson after l, or nil.
func after(lessons []*Lesson, l *Lesson) *Lesson {
	for i, x := range lessons {
		if x == l && i+1 < len(lessons) {
			return lessons[i+1]
		}
	}
	return nil
}

func reset(ctx context.Context, say lang.Text, o LearnOptions, tell func(lang.Msg, ...any), cmd func(...string) string) error {
	var l *Lesson
	if o.Target != "" {
		var err error
		if l, err = Find(o.Lessons, o.Target); err != nil {
			return err
		}
	}
	if o.Interactive && !o.Yes && o.In != nil {
		what := say.F("Forget your progress in all %d lessons?", len(o.Lessons))
		if l != nil {
			what = say.F("Mark lesson %d (%s) as not done?", l.Number, l.Title)
		}
		fmt.Fprint(o.Out, strings.Join(wrapWords(fmt.Sprintf("%s [y/N] > ", what), o.Width-1), "\n")+" ")
		line, err := readAnswer(ctx, o.In)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes", "s", "sim":
		default:
			if err != nil {
				fmt.Fprintln(o.Out)
			}
			tell("Nothing was reset.")
			return nil
		}
	}
	if l == nil {
		if o.Store != nil {
			o.Store.Reset()
		}
		tell("Progress reset: all %d lessons are to do again. Start with: %s", len(o.Lessons), cmd("learn"))
		return nil
	}
	if o.Store != nil {
		o.Store.Reset(l.Slug)
	}
	tell("Lesson %d (%s) is marked as not done.", l.Number, l.Title)
	return nil
}
