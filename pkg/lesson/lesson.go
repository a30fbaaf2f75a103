// Package lesson parses wsdemo's terminal lessons, runs them (text a section
// at a time, inline demos, quizzes) and remembers which ones a learner has
// finished.
//
// A lesson is a Markdown file named NN-slug.md with a small front matter and
// two kinds of special fenced block, ```wsdemo and ```quiz. The format is
// documented for teachers in lessons/README.md; this package is its only
// reader. It does no network I/O of its own: demos run through an injected
// DemoFunc, so the CLI wires the real ones and tests use fakes.
package lesson

import (
	"hash/fnv"
	"strings"
)

// Kind says what a Block holds.
type Kind int

// The kinds of block in a lesson, in the order a teacher meets them.
const (
	// Text is Markdown prose. The parser cuts prose at every # and ##
	// heading, so one Text block is one section: what the runner shows before
	// it waits for Enter.
	Text Kind = iota
	// Demo is a ```wsdemo block: one wsdemo command to run inline.
	Demo
	// Quiz is a ```quiz block: one question with its options.
	Quiz
)

// String returns "text", "demo" or "quiz".
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Demo:
		return "demo"
	case Quiz:
		return "quiz"
	}
	return "unknown"
}

// Lesson is one parsed lesson file.
type Lesson struct {
	Number  int    // from the file name: 3 for 03-faking-real-time.md
	Slug    string // from the file name: "faking-real-time"; progress is keyed by it
	Title   string // the text of the lesson's single # heading
	Minutes int    // front matter "minutes": the expected reading time
	Lang    string // the language directory the file came from ("en", "pt-BR")
	File    string // the file's path, for messages ("en/03-faking-real-time.md")
	Blocks  []Block
}

// Block is one step of a lesson: a section of text, a demo or a quiz.
type Block struct {
	Kind Kind
	Line int // 1-based line in Lesson.File where the block starts

	Text string     // for Text: the Markdown of the section
	Args []string   // for Demo: the command's arguments, without "wsdemo"
	Quiz *QuizBlock // for Quiz
}

// QuizBlock is one multiple-choice question. A parsed QuizBlock always has at
// least two options, exactly one of them right, and a Why for each.
type QuizBlock struct {
	Question string // Markdown, one paragraph
	Options  []Option
	Hint     string // optional; shown on request
}

// Option is one answer to a quiz question.
type Option struct {
	Text  string
	Right bool
	Why   string // one line saying why this option is right or wrong
}

// Answer returns the index of the right option.
func (q *QuizBlock) Answer() int {
	for i, o := range q.Options {
		if o.Right {
			return i
		}
	}
	return -1
}

// Demos returns the arguments of every demo in the lesson, in order.
func (l *Lesson) Demos() [][]string {
	var out [][]string
	for _, b := range l.Blocks {
		if b.Kind == Demo {
			out = append(out, append([]string(nil), b.Args...))
		}
	}
	return out
}

// Quizzes returns every quiz in the lesson, in order.
func (l *Lesson) Quizzes() []*QuizBlock {
	var out []*QuizBlock
	for _, b := range l.Blocks {
		if b.Kind == Quiz {
			out = append(out, b.Quiz)
		}
	}
	return out
}

// Summary returns the Markdown of the lesson's last section, its "what you
// learned" summary. The parser guarantees it is a ## section of text.
func (l *Lesson) Summary() string {
	if n := len(l.Blocks); n > 0 && l.Blocks[n-1].Kind == Text {
		return l.Blocks[n-1].Text
	}
	return ""
}

// SectionTitle returns the title of the ## section block i is in (the
// lesson's title for the blocks before the first section).
func (l *Lesson) SectionTitle(i int) string {
	for ; i >= 0; i-- {
		if i < len(l.Blocks) && l.Blocks[i].Kind == Text {
			for _, line := range strings.Split(l.Blocks[i].Text, "\n") {
				if headingLevel(line) > 0 && headingLevel(line) <= 2 {
					return headingText(line)
				}
			}
		}
	}
	return l.Title
}

// Command returns args as the learner would type them: "wsdemo http".
func Command(args []string) string {
	return commandLine("wsdemo", args)
}

// commandLine returns args as a command line for prog ("wsdemo", or "go run
// ./cmd/wsdemo"), quoting the arguments that need it.
func commandLine(prog string, args []string) string {
	parts := make([]string, 0, len(args)+1)
	parts = append(parts, prog)
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// shuffle puts xs in an order drawn from seed: the same seed gives the same
// order, on every machine and with every version of Go (splitmix64 seeded
// by FNV-1a, then Fisher-Yates), so a learner's quiz keeps its order across
// upgrades.
func shuffle(xs []int, seed string) {
	h := fnv.New64a()
	h.Write([]byte(seed))
	state := h.Sum64()
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		z := state
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for i := len(xs) - 1; i > 0; i-- {
		j := int(next() % uint64(i+1))
		xs[i], xs[j] = xs[j], xs[i]
	}
}
