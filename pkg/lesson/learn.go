package lesson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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
	// Lesson and Total fields are set by Learn.
	RunOptions

	Lessons []*Lesson
	Target  string // "" (continue where the learner stopped), a number or a name
	Reset   bool   // reset Target, or every lesson when Target is ""
	List    bool   // only list the lessons
}

// Learn implements `wsdemo learn [N|name] [--reset] [--list]`:
//
//   - no Target: run the first lesson not done; if all are done, say so
//     and suggest `wsdemo learn 1`;
//   - Target: run that lesson, done or not;
//   - Reset: mark Target (or every lesson) as not done, run nothing;
//   - List: print the list of lessons.
//
// After a lesson is finished it says which one comes next. Everything it
// prints is in o.Lang, like the runner's words; returned errors are English.
func Learn(ctx context.Context, o LearnOptions) error {
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	say := wordsFor(o.Lang)
	var progress Progress
	if o.Store != nil {
		progress = o.Store
	}
	if o.List {
		return List(out, o.Lessons, progress, o.Lang)
	}
	if o.Reset {
		return reset(out, say, o)
	}

	var l *Lesson
	if o.Target == "" {
		l = Next(o.Lessons, progress)
		if l == nil {
			fmt.Fprintf(out, say.allFinished+"\n", len(o.Lessons))
			fmt.Fprintln(out, say.againFromOne)
			fmt.Fprintln(out, say.orWipe)
			return nil
		}
	} else {
		var err error
		if l, err = Find(o.Lessons, o.Target); err != nil {
			return err
		}
	}

	ro := o.RunOptions
	ro.Lesson = l
	ro.Total = len(o.Lessons)
	res, err := Run(ctx, ro)
	if err != nil || !res.Completed {
		return err
	}
	// With a store, "next" is the first lesson still to do (the learner may
	// have skipped one); without one, it is simply the following lesson.
	next := after(o.Lessons, l)
	if o.Store != nil {
		next = Next(o.Lessons, progress)
	}
	switch {
	case next == nil:
		fmt.Fprintf(out, say.lastOneLeft+"\n", len(o.Lessons))
	default:
		fmt.Fprintf(out, say.next+"\n", next.Number, next.Title, next.Minutes)
	}
	return nil
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

func reset(out io.Writer, say *words, o LearnOptions) error {
	if o.Target == "" {
		if o.Store != nil {
			o.Store.Reset()
		}
		fmt.Fprintf(out, say.resetAll+"\n", len(o.Lessons))
		return nil
	}
	l, err := Find(o.Lessons, o.Target)
	if err != nil {
		return err
	}
	if o.Store != nil {
		o.Store.Reset(l.Slug)
	}
	fmt.Fprintf(out, say.resetOne+"\n", l.Number, l.Title)
	return nil
}
