package exercise

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// BaseLang is the language every exercise exists in; a translation replaces
// its file exercise by exercise, as the lessons' do.
const BaseLang = "en"

// Exercise is one parsed task file.
type Exercise struct {
	Number int    // from the file name: 2 for 02-echo.md
	Slug   string // from the file name: "echo"; `wsdemo check echo` and the progress use it
	Title  string // the text of the single # heading
	// Follows is the number of the lesson the exercise practises: it can be
	// done once that lesson is (front matter "follows").
	Follows int
	// URL is where the task tells the learner's server to listen, the
	// default of `wsdemo check --url` (front matter "url").
	URL string
	// Checks are the names of the steps `wsdemo check` runs, in order
	// (front matter "checks"); each is one of Steps().
	Checks []string
	Lang   string // the language directory the file came from
	File   string // the file's path, for messages
	// Body is the Markdown after the front matter, the title included.
	Body string
}

// ChecksMarker is the fenced block a task file puts where the list of its
// checks goes: ```checks, with nothing inside. Markdown renders the list
// there, from the steps themselves, so the list never drifts from what
// `wsdemo check` does.
const ChecksMarker = "checks"

// ParseError is a problem in a task file, named as compilers name theirs:
// "en/02-echo.md:3: ...".
type ParseError struct {
	File string
	Line int // 1-based; 0 for the file as a whole
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// fileName is NN-slug.md, as the lessons' file names are. Compiled on first
// use: every command would pay for it at start-up otherwise.
var fileName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)
})

// Parse reads one task file: name is its path (the base name gives the
// number and slug), src its content. It never panics.
func Parse(name string, src []byte) (*Exercise, error) {
	bad := func(line int, format string, args ...any) error {
		return &ParseError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	m := fileName().FindStringSubmatch(path.Base(name))
	if m == nil {
		return nil, bad(0, "file name %q is not NN-slug.md (two digits, a dash, lowercase words joined by dashes)", path.Base(name))
	}
	num, _ := strconv.Atoi(m[1])
	if num < 1 {
		return nil, bad(0, "exercise numbers start at 01")
	}
	if !utf8.Valid(src) {
		return nil, bad(0, "the file is not valid UTF-8")
	}
	x := &Exercise{Number: num, Slug: m[2], File: name}
	lines := strings.Split(strings.TrimPrefix(string(src), "\uFEFF"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, bad(1, "an exercise starts with front matter: a line ---, then follows:, url: and checks:, then ---")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if s == "---" {
			end = i
			break
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		key, value, ok := strings.Cut(s, ":")
		if !ok {
			return nil, bad(i+1, "front matter line %q is not key: value", s)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "follows":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return nil, bad(i+1, "follows is the number of the lesson the exercise practises, not %q", value)
			}
			x.Follows = n
		case "url":
			if _, err := ParseURL(value); err != nil {
				return nil, bad(i+1, "url: %v", err)
			}
			x.URL = value
		case "checks":
			for _, c := range strings.Split(value, ",") {
				c = strings.TrimSpace(c)
				if c == "" {
					continue
				}
				if lookup(c) == nil {
					return nil, bad(i+1, "no check is named %q; the checks are %s", c, strings.Join(Steps(), ", "))
				}
				x.Checks = append(x.Checks, c)
			}
		default:
			return nil, bad(i+1, "unknown front matter key %q (the keys are follows, url and checks)", key)
		}
	}
	switch {
	case end < 0:
		return nil, bad(1, "front matter is not closed: add a line --- after its keys")
	case x.Follows == 0:
		return nil, bad(1, "front matter has no follows: line (the lesson the exercise practises, e.g. follows: 4)")
	case x.URL == "":
		return nil, bad(1, "front matter has no url: line (where the learner's server listens, e.g. url: ws://127.0.0.1:8080/)")
	case len(x.Checks) == 0:
		return nil, bad(1, "front matter has no checks: line (the checks wsdemo check runs, e.g. checks: handshake, echo-text)")
	}
	body := lines[end+1:]
	title, markers := 0, 0
	var fence string // the open code fence, "" outside one
	for i, s := range body {
		line := end + 2 + i
		t := strings.TrimSpace(s)
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			n := len(t) - len(strings.TrimLeft(t, t[:1]))
			fence = t[:n]
			if strings.TrimSpace(t[n:]) == ChecksMarker {
				markers++
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, "# "):
			if title != 0 {
				return nil, bad(line, "an exercise has one # title (line %d); use ## for its sections", title)
			}
			if x.Title = strings.TrimSpace(strings.TrimPrefix(t, "# ")); x.Title == "" {
				return nil, bad(line, "the title is empty")
			}
			title = line
		case title == 0 && t != "":
			return nil, bad(line, "the first line after the front matter must be the title, like: # A WebSocket echo server")
		}
	}
	switch {
	case fence != "":
		return nil, bad(len(lines), "a code fence %s is never closed", fence)
	case title == 0:
		return nil, bad(len(lines), "the exercise has no title: after the front matter write a line like # A WebSocket echo server")
	case markers != 1:
		return nil, bad(0, "an exercise has one ```%s block, empty, where the list of its checks goes; this one has %d", ChecksMarker, markers)
	}
	x.Body = strings.Join(body, "\n")
	return x, nil
}

// Load parses the exercises in fsys for language lang. fsys holds one
// directory per language (en/01-rest.md, pt-BR/01-rest.md); the English
// files decide which exercises exist, and a translation of the same name
// replaces its English file. A translation must keep the English file's
// follows, url and checks: the checks are the same whatever the language.
// The exercises come back by number, which runs 1, 2, 3 ... with no gap.
func Load(fsys fs.FS, lang string) ([]*Exercise, error) {
	base, err := loadDir(fsys, BaseLang)
	if err != nil {
		return nil, err
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("no exercises found in %s/", BaseLang)
	}
	slugs := map[string]string{}
	for i, x := range base {
		if x.Number != i+1 {
			return nil, &ParseError{File: x.File, Msg: fmt.Sprintf("exercises are numbered 1, 2, 3 ... with no gap or repeat: expected %02d here", i+1)}
		}
		if other, ok := slugs[x.Slug]; ok {
			return nil, &ParseError{File: x.File, Msg: fmt.Sprintf("slug %q is also used by %s", x.Slug, other)}
		}
		slugs[x.Slug] = x.File
	}
	if lang == "" || lang == BaseLang {
		return base, nil
	}
	tr, err := loadDir(fsys, lang)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	out := slices.Clone(base)
	for _, t := range tr {
		i := slices.IndexFunc(base, func(x *Exercise) bool { return path.Base(x.File) == path.Base(t.File) })
		if i < 0 {
			return nil, &ParseError{File: t.File, Msg: "no English exercise has this file name; a translation keeps the English file name"}
		}
		if e := base[i]; t.Follows != e.Follows || t.URL != e.URL || !slices.Equal(t.Checks, e.Checks) {
			return nil, &ParseError{File: t.File, Msg: fmt.Sprintf("follows, url and checks must be those of %s", e.File)}
		}
		out[i] = t
	}
	return out, nil
}

func loadDir(fsys fs.FS, dir string) ([]*Exercise, error) {
	names, err := fs.Glob(fsys, dir+"/*.md")
	if err != nil {
		return nil, fmt.Errorf("list exercises in %s/: %w", dir, err)
	}
	var out []*Exercise
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read exercise %s: %w", name, err)
		}
		x, err := Parse(name, src)
		if err != nil {
			return nil, err
		}
		x.Lang = dir
		out = append(out, x)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

// Find returns the exercise a learner named: its slug, or its number.
func Find(all []*Exercise, key string) *Exercise {
	key = strings.ToLower(strings.TrimSpace(key))
	for _, x := range all {
		if x.Slug == key || strconv.Itoa(x.Number) == key || fmt.Sprintf("%02d", x.Number) == key {
			return x
		}
	}
	return nil
}

// Slugs lists the exercises' slugs in order, for a message that names them.
func Slugs(all []*Exercise) []string {
	out := make([]string, len(all))
	for i, x := range all {
		out[i] = x.Slug
	}
	return out
}
