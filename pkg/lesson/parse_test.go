package lesson

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseFixture(t *testing.T) {
	t.Parallel()
	l, err := Parse("en/01-request-and-response.md", []byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	if l.Number != 1 || l.Slug != "request-and-response" || l.Title != "Request and response" || l.Minutes != 6 {
		t.Errorf("header = %d %q %q %d", l.Number, l.Slug, l.Title, l.Minutes)
	}
	var kinds []Kind
	for _, b := range l.Blocks {
		kinds = append(kinds, b.Kind)
	}
	want := []Kind{Text, Demo, Text, Quiz, Quiz, Text}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	first := l.Blocks[0]
	if first.Line != 5 || !strings.HasPrefix(first.Text, "# Request and response") || !strings.Contains(first.Text, "## not a heading") {
		t.Errorf("first block (line %d) = %q", first.Line, first.Text)
	}
	if got := l.Blocks[1].Args; !reflect.DeepEqual(got, []string{"http", "--no-keepalive"}) {
		t.Errorf("demo args = %q", got)
	}
	if l.Blocks[1].Line != 16 {
		t.Errorf("demo line = %d, want 16", l.Blocks[1].Line)
	}
	q := l.Blocks[3].Quiz
	if q.Question != "Who sends the first message over HTTP/1.1?" || q.Hint != "Think of a browser." {
		t.Errorf("quiz = %q hint %q", q.Question, q.Hint)
	}
	if len(q.Options) != 3 || q.Answer() != 1 || q.Options[1].Why == "" || q.Options[2].Text != "Both at once." {
		t.Errorf("options = %+v", q.Options)
	}
	if s := l.Summary(); !strings.HasPrefix(s, "## What you learned") {
		t.Errorf("summary = %q", s)
	}
	if got := l.Demos(); len(got) != 1 || got[0][0] != "http" {
		t.Errorf("Demos() = %q", got)
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	t.Parallel()
	src := "\uFEFF" + strings.ReplaceAll(fixture, "\n", "\r\n")
	l, err := Parse("en/01-request-and-response.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "Request and response" || strings.Contains(l.Blocks[0].Text, "\r") {
		t.Errorf("title %q, text %q", l.Title, l.Blocks[0].Text)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	const head = "---\nminutes: 5\n---\n# T\n"
	const tail = "\n## What you learned\n\nThings.\n"
	quiz := func(body string) string { return head + "\n```quiz\n" + body + "```\n" + tail }
	tests := []struct {
		name, file, src string
		line            int
		msg             string
	}{
		{"bad file name", "en/intro.md", head + tail, 0, "NN-slug.md"},
		{"number zero", "en/00-x.md", head + tail, 0, "start at 01"},
		{"not utf8", "en/01-x.md", "---\xff", 0, "UTF-8"},
		{"no front matter", "en/01-x.md", "# T\n" + tail, 1, "front matter"},
		{"front matter open", "en/01-x.md", "---\nminutes: 5\n# T\n", 1, "not closed"},
		{"no minutes", "en/01-x.md", "---\n---\n# T\n" + tail, 1, "no minutes"},
		{"bad minutes", "en/01-x.md", "---\nminutes: soon\n---\n# T\n" + tail, 2, "whole number"},
		{"too many minutes", "en/01-x.md", "---\nminutes: 90\n---\n# T\n" + tail, 2, "from 1 to 60"},
		{"unknown key", "en/01-x.md", "---\nminutes: 5\ntitle: x\n---\n# T\n" + tail, 3, "unknown front matter key"},
		{"no key value", "en/01-x.md", "---\nminutes 5\n---\n# T\n" + tail, 2, "key: value"},
		{"no title", "en/01-x.md", "---\nminutes: 5\n---\n\nHello\n" + tail, 5, "must be the title"},
		{"title only", "en/01-x.md", "---\nminutes: 5\n---\n", 4, "no title"},
		{"second title", "en/01-x.md", head + "\n# Again\n" + tail, 6, "one # title"},
		{"unclosed fence", "en/01-x.md", head + "\n```go\nx\n" + tail, 6, "never closed"},
		{"unclosed demo", "en/01-x.md", head + "\n```wsdemo\nhttp\n", 6, "never closed"},
		{"no summary", "en/01-x.md", head + "\nText.\n", 4, "ends with a ## section"},
		{"demo last", "en/01-x.md", head + tail + "\n```wsdemo\nhttp\n```\n", 10, "ends with a ## section"},
		{"empty demo", "en/01-x.md", head + "\n```wsdemo\n\n```\n" + tail, 6, "empty wsdemo block"},
		{"two commands", "en/01-x.md", head + "\n```wsdemo\nhttp\nduplex\n```\n" + tail, 8, "exactly one command"},
		{"bare wsdemo", "en/01-x.md", head + "\n```wsdemo\nwsdemo\n```\n" + tail, 7, "names no command"},
		{"flag first", "en/01-x.md", head + "\n```wsdemo\n--raw duplex\n```\n" + tail, 7, "command must come first"},
		{"open quote", "en/01-x.md", head + "\n```wsdemo\nhandshake --origin 'x\n```\n" + tail, 7, "unclosed ' quote"},
		{"no question", "en/01-x.md", quiz("- [x] a\n  why: b\n- [ ] c\n  why: d\n"), 6, "no question"},
		{"one option", "en/01-x.md", quiz("Q?\n- [x] a\n  why: b\n"), 6, "at least two options"},
		{"two right", "en/01-x.md", quiz("Q?\n- [x] a\n  why: b\n- [x] c\n  why: d\n"), 6, "exactly one right"},
		{"none right", "en/01-x.md", quiz("Q?\n- [ ] a\n  why: b\n- [ ] c\n  why: d\n"), 6, "exactly one right"},
		{"missing why", "en/01-x.md", quiz("Q?\n- [x] a\n- [ ] c\n  why: d\n"), 8, "option 1 has no why"},
		{"why first", "en/01-x.md", quiz("Q?\nwhy: early\n- [x] a\n  why: b\n"), 8, "must follow an option"},
		{"two whys", "en/01-x.md", quiz("Q?\n- [x] a\n  why: b\n  why: again\n- [ ] c\n  why: d\n"), 10, "already has a why"},
		{"empty why", "en/01-x.md", quiz("Q?\n- [x] a\n  why:\n- [ ] c\n  why: d\n"), 9, "why: is empty"},
		{"two hints", "en/01-x.md", quiz("Q?\nhint: a\nhint: b\n- [x] a\n  why: b\n- [ ] c\n  why: d\n"), 9, "one hint"},
		{"bad checkbox", "en/01-x.md", quiz("Q?\n- [v] a\n  why: b\n"), 8, "- [x] text"},
		{"stray line", "en/01-x.md", quiz("Q?\n- [x] a\n  why: b\nmore text\n- [ ] c\n  why: d\n"), 10, "unexpected line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.file, []byte(tt.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != tt.file || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %v; want %s:%d: ...%s...", err, tt.file, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), tt.file) {
				t.Errorf("message %q does not start with the file name", err)
			}
		})
	}
}

func TestParseFenceVariants(t *testing.T) {
	t.Parallel()
	src := "---\nminutes: 5\n---\n# T\n\n~~~~ wsdemo\nrealtime --only \"poll,websocket\" --edits 5\n~~~~\n\n````md\n```quiz\nnot a quiz: inside another fence\n```\n````\n\n## What you learned\n\nThings.\n"
	l, err := Parse("en/02-fences.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Blocks) != 4 || l.Blocks[1].Kind != Demo || l.Blocks[2].Kind != Text {
		t.Fatalf("blocks = %+v", l.Blocks)
	}
	if got := l.Blocks[1].Args; !reflect.DeepEqual(got, []string{"realtime", "--only", "poll,websocket", "--edits", "5"}) {
		t.Errorf("args = %q", got)
	}
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"http", []string{"http"}},
		{"  duplex   --raw\t--messages 3 ", []string{"duplex", "--raw", "--messages", "3"}},
		{`handshake --origin "https://evil.example"`, []string{"handshake", "--origin", "https://evil.example"}},
		{`a 'b c' "" d`, []string{"a", "b c", "", "d"}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := SplitArgs(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := SplitArgs(`x "y`); err == nil {
		t.Error("unclosed quote: no error")
	}
}

func TestCommand(t *testing.T) {
	t.Parallel()
	if got := Command([]string{"realtime", "--only", "poll"}); got != "wsdemo realtime --only poll" {
		t.Errorf("Command = %q", got)
	}
	if got := Command([]string{"x", "a b"}); got != "wsdemo x 'a b'" {
		t.Errorf("Command = %q", got)
	}
}

// FuzzParse checks the parser never panics and that whatever it accepts
// keeps the promises the runner relies on.
func FuzzParse(f *testing.F) {
	f.Add([]byte(fixture))
	f.Add([]byte("---\nminutes: 5\n---\n# T\n\n```quiz\nQ\n- [x] a\n  why: b\n- [ ] c\n  why: d\n```\n\n## S\n\nx\n"))
	f.Add([]byte("---\nminutes: 5\n---\n# T\n\n```wsdemo\nhttp 'a\n```\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("~~~\n```\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		l, err := Parse("en/07-fuzz.md", src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if l.Number != 7 || l.Slug != "fuzz" || l.Title == "" || l.Minutes < 1 || len(l.Blocks) == 0 {
			t.Fatalf("accepted lesson breaks invariants: %+v", l)
		}
		// Markdown lets a heading be indented by up to three spaces: the
		// invariant is the parser's own idea of a ## heading.
		if headingLevel(firstLine(l.Summary())) != 2 {
			t.Fatalf("accepted lesson without a summary: %q", l.Summary())
		}
		for _, b := range l.Blocks {
			switch b.Kind {
			case Demo:
				if len(b.Args) == 0 {
					t.Fatal("demo with no args")
				}
			case Quiz:
				q := b.Quiz
				right := 0
				for _, o := range q.Options {
					if o.Right {
						right++
					}
					if o.Why == "" {
						t.Fatal("option without why")
					}
				}
				if right != 1 || len(q.Options) < 2 || q.Question == "" {
					t.Fatalf("bad quiz accepted: %+v", q)
				}
			}
		}
	})
}
