package lesson

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// ParseError is a problem in a lesson file. Its message names the file and,
// where there is one, the line, the way compilers do: "en/03-x.md:12: ...".
type ParseError struct {
	File string
	Line int // 1-based; 0 when the problem is the file as a whole
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// MaxMinutes bounds the front matter's minutes. Lessons are meant to take
// 5 to 10 minutes; anything past an hour is a typo.
const MaxMinutes = 60

var (
	// Compiled on first use: every wsdemo command would otherwise pay for
	// them at start-up, lesson or not.
	fileNameRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([0-9]{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)
	})
	optionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^- \[([ xX])\]\s+(.*\S)\s*$`) })
)

// Parse reads one lesson. name is the file's path (its base name must be
// NN-slug.md, which gives the lesson's number and slug); src is its content.
// Errors are *ParseError values naming name and the line.
//
// Parse never panics, whatever src holds.
func Parse(name string, src []byte) (*Lesson, error) {
	p := &parser{file: name}
	return p.parse(src)
}

type parser struct {
	file string
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &ParseError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parse(src []byte) (*Lesson, error) {
	base := path.Base(p.file)
	m := fileNameRE().FindStringSubmatch(base)
	if m == nil {
		return nil, p.errorf(0, "file name %q is not NN-slug.md (two digits, a dash, lowercase words joined by dashes)", base)
	}
	num, _ := strconv.Atoi(m[1])
	if num < 1 {
		return nil, p.errorf(0, "lesson numbers start at 01")
	}
	l := &Lesson{Number: num, Slug: m[2], File: p.file}

	if !utf8.Valid(src) {
		return nil, p.errorf(0, "the file is not valid UTF-8")
	}
	text := strings.TrimPrefix(string(src), "\uFEFF")
	lines := strings.Split(text, "\n")
	for i, s := range lines {
		lines[i] = strings.TrimSuffix(s, "\r")
	}

	body, err := p.frontMatter(l, lines)
	if err != nil {
		return nil, err
	}
	if err := p.body(l, lines, body); err != nil {
		return nil, err
	}
	return l, nil
}

// frontMatter reads the --- block at the top and returns the index of the
// first body line.
func (p *parser) frontMatter(l *Lesson, lines []string) (int, error) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0, p.errorf(1, "a lesson starts with front matter: a line ---, then minutes: N, then ---")
	}
	haveMinutes := false
	for i := 1; i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if s == "---" {
			if !haveMinutes {
				return 0, p.errorf(1, "front matter has no minutes: line (the expected reading time, e.g. minutes: 7)")
			}
			return i + 1, nil
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		key, value, ok := strings.Cut(s, ":")
		if !ok {
			return 0, p.errorf(i+1, "front matter line %q is not key: value", s)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "minutes":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > MaxMinutes {
				return 0, p.errorf(i+1, "minutes must be a whole number from 1 to %d, not %q", MaxMinutes, value)
			}
			l.Minutes = n
			haveMinutes = true
		default:
			return 0, p.errorf(i+1, "unknown front matter key %q (the only key is minutes)", key)
		}
	}
	return 0, p.errorf(1, "front matter is not closed: add a line --- after minutes")
}

// fence is an opening code fence: ``` or ~~~ (three or more), up to three
// spaces of indent, then an info string.
type fence struct {
	char byte
	n    int
	info string
}

func openFence(s string) (fence, bool) {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return fence{}, false
	}
	c := t[0]
	n := 0
	for n < len(t) && t[n] == c {
		n++
	}
	if n < 3 {
		return fence{}, false
	}
	info := strings.TrimSpace(t[n:])
	if c == '`' && strings.Contains(info, "`") {
		return fence{}, false // CommonMark: not a fence, an inline code span
	}
	return fence{char: c, n: n, info: info}, true
}

func (f fence) closedBy(s string) bool {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 {
		return false
	}
	t = strings.TrimRight(t, " \t")
	if len(t) < f.n {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != f.char {
			return false
		}
	}
	return true
}

// lang returns the first word of the info string, lowercased.
func (f fence) lang() string {
	w, _, _ := strings.Cut(f.info, " ")
	return strings.ToLower(w)
}

func headingLevel(s string) int {
	if len(s)-len(strings.TrimLeft(s, " ")) > 3 {
		return 0
	}
	t := strings.TrimLeft(s, " ")
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0
	}
	if n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return 0
	}
	return n
}

func headingText(s string) string {
	t := strings.TrimLeft(strings.TrimSpace(s), "#")
	t = strings.TrimSpace(t)
	// An optional closing sequence of #s.
	t = strings.TrimSpace(strings.TrimRight(t, "#"))
	return t
}

// body cuts the lines after the front matter into blocks.
func (p *parser) body(l *Lesson, lines []string, start int) error {
	var (
		cur      []string // current text section
		curStart int      // 1-based line of cur's first line
	)
	flush := func() {
		// Trim blank lines at both ends.
		i, j := 0, len(cur)
		for i < j && strings.TrimSpace(cur[i]) == "" {
			i++
		}
		for j > i && strings.TrimSpace(cur[j-1]) == "" {
			j--
		}
		if i < j {
			l.Blocks = append(l.Blocks, Block{Kind: Text, Line: curStart + i, Text: strings.Join(cur[i:j], "\n")})
		}
		cur, curStart = nil, 0
	}
	add := func(i int, s string) {
		if cur == nil {
			curStart = i + 1
		}
		cur = append(cur, s)
	}

	titleLine := 0
	for i := start; i < len(lines); i++ {
		s := lines[i]
		if titleLine == 0 {
			if strings.TrimSpace(s) == "" {
				continue
			}
			if headingLevel(s) != 1 || headingText(s) == "" {
				return p.errorf(i+1, "the first line after the front matter must be the title, like: # Request and response")
			}
			l.Title = headingText(s)
			titleLine = i + 1
			add(i, s)
			continue
		}
		if f, ok := openFence(s); ok {
			end := -1
			for j := i + 1; j < len(lines); j++ {
				if f.closedBy(lines[j]) {
					end = j
					break
				}
			}
			if end < 0 {
				return p.errorf(i+1, "code fence %s is never closed", strings.TrimSpace(s))
			}
			switch f.lang() {
			case "wsdemo":
				flush()
				b, err := p.demo(i+1, lines[i+1:end])
				if err != nil {
					return err
				}
				l.Blocks = append(l.Blocks, b)
			case "quiz":
				flush()
				b, err := p.quiz(i+1, lines[i+1:end])
				if err != nil {
					return err
				}
				l.Blocks = append(l.Blocks, b)
			default:
				for j := i; j <= end; j++ {
					add(j, lines[j])
				}
			}
			i = end
			continue
		}
		switch headingLevel(s) {
		case 1:
			return p.errorf(i+1, "a lesson has one # title (line %d); use ## for its sections", titleLine)
		case 2:
			flush()
		}
		add(i, s)
	}
	flush()

	if titleLine == 0 {
		return p.errorf(len(lines), "the lesson has no title: after the front matter write a line like # Request and response")
	}
	last := l.Blocks[len(l.Blocks)-1]
	if last.Kind != Text || headingLevel(firstLine(last.Text)) != 2 {
		return p.errorf(last.Line, "a lesson ends with a ## section of text only: its summary (for example ## What you learned); move demos and quizzes above it")
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// demo parses the inside of a ```wsdemo block opened at line open.
func (p *parser) demo(open int, body []string) (Block, error) {
	var cmd string
	cmdLine := 0
	for k, s := range body {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if cmdLine != 0 {
			return Block{}, p.errorf(open+1+k, "a wsdemo block holds exactly one command; start another block for a second one")
		}
		cmd, cmdLine = strings.TrimSpace(s), open+1+k
	}
	if cmdLine == 0 {
		return Block{}, p.errorf(open, "empty wsdemo block: write the command, for example: wsdemo http")
	}
	args, err := SplitArgs(cmd)
	if err != nil {
		return Block{}, p.errorf(cmdLine, "%v", err)
	}
	if len(args) > 0 && args[0] == "wsdemo" {
		args = args[1:]
	}
	if len(args) == 0 {
		return Block{}, p.errorf(cmdLine, "the wsdemo block names no command: write, for example, wsdemo http")
	}
	if strings.HasPrefix(args[0], "-") {
		return Block{}, p.errorf(cmdLine, "the command must come first (http, handshake, duplex, realtime), not the flag %q", args[0])
	}
	return Block{Kind: Demo, Line: open, Args: args}, nil
}

// SplitArgs splits a command line into words the way a shell would for simple
// cases: spaces separate words, and '...' or "..." quote a word that holds
// spaces. There are no escapes and no variables.
func SplitArgs(s string) ([]string, error) {
	var (
		args  []string
		word  strings.Builder
		inArg bool
		quote rune
	)
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				word.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, word.String())
				word.Reset()
				inArg = false
			}
		default:
			word.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in %q", quote, s)
	}
	if inArg {
		args = append(args, word.String())
	}
	return args, nil
}

// quiz parses the inside of a ```quiz block opened at line open.
func (p *parser) quiz(open int, body []string) (Block, error) {
	q := &QuizBlock{}
	var question []string
	hintLine := 0
	optLine := make([]int, 0, 4)
	for k, raw := range body {
		line := open + 1 + k
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		if m := optionRE().FindStringSubmatch(s); m != nil {
			q.Options = append(q.Options, Option{Text: m[2], Right: m[1] != " "})
			optLine = append(optLine, line)
			continue
		}
		if strings.HasPrefix(s, "- [") {
			return Block{}, p.errorf(line, "an option is - [x] text (the right one) or - [ ] text (a wrong one)")
		}
		if v, ok := cutKey(s, "why"); ok {
			if len(q.Options) == 0 {
				return Block{}, p.errorf(line, "why: must follow an option")
			}
			o := &q.Options[len(q.Options)-1]
			if o.Why != "" {
				return Block{}, p.errorf(line, "this option already has a why: line")
			}
			if v == "" {
				return Block{}, p.errorf(line, "why: is empty; say in one line why this option is right or wrong")
			}
			o.Why = v
			continue
		}
		if v, ok := cutKey(s, "hint"); ok {
			if hintLine != 0 {
				return Block{}, p.errorf(line, "a quiz has one hint: (the first is on line %d)", hintLine)
			}
			if v == "" {
				return Block{}, p.errorf(line, "hint: is empty")
			}
			q.Hint, hintLine = v, line
			continue
		}
		if len(q.Options) > 0 {
			return Block{}, p.errorf(line, "unexpected line after the options; each option is one line - [x] or - [ ], followed by a why: line")
		}
		question = append(question, s)
	}
	q.Question = strings.Join(question, " ")
	if q.Question == "" {
		return Block{}, p.errorf(open, "the quiz has no question: write it on the first line of the block")
	}
	if len(q.Options) < 2 {
		return Block{}, p.errorf(open, "a quiz needs at least two options (- [x] right, - [ ] wrong); it has %d", len(q.Options))
	}
	right := 0
	for k, o := range q.Options {
		if o.Right {
			right++
		}
		if o.Why == "" {
			return Block{}, p.errorf(optLine[k], "option %d has no why: line; add one under it saying why it is right or wrong", k+1)
		}
	}
	if right != 1 {
		return Block{}, p.errorf(open, "a quiz has exactly one right option (- [x]); this one has %d", right)
	}
	return Block{Kind: Quiz, Line: open, Quiz: q}, nil
}

// cutKey reports whether s is "key: value" (key case-insensitive) and
// returns the trimmed value.
func cutKey(s, key string) (string, bool) {
	if len(s) <= len(key) || !strings.EqualFold(s[:len(key)], key) || s[len(key)] != ':' {
		return "", false
	}
	return strings.TrimSpace(s[len(key)+1:]), true
}
