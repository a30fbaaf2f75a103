package lesson

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"wsdemo/internal/testkit"
	"wsdemo/internal/theme"
	"wsdemo/lessons"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/render")

// The golden lesson holds what the lessons use: a heading, paragraphs with
// bold and code, a bullet list and a numbered one whose items break lines in
// the source, a one-liner longer than any terminal, an http block, a quote,
// a table and a command in the text. go test ./pkg/lesson -update rewrites
// the files; read the diff, and cat a colour one in a terminal.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "render", "lesson.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{60, 80, 120} {
		for _, look := range []struct {
			name   string
			colour bool
			th     theme.Theme
		}{{"plain", false, theme.Dark}, {"dark", true, theme.Dark}, {"light", true, theme.Light}} {
			name := fmt.Sprintf("lesson_%s_%d.golden", look.name, width)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				got := newMarkdown(width, look.colour, look.th, "wsdemo").render(string(src))
				testkit.Golden(t, filepath.Join("testdata", "render", name), got, *update)
			})
		}
	}
}

// allLessonText returns the Markdown of every text section of every lesson,
// in every language, named for messages.
func allLessonText(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, lang := range Languages(lessons.FS) {
		all, err := Load(lessons.FS, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range all {
			if l.Lang != lang {
				continue
			}
			for _, b := range l.Blocks {
				if b.Kind == Text {
					out[fmt.Sprintf("%s:%d", l.File, b.Line)] = b.Text
				}
			}
		}
	}
	src, err := os.ReadFile(filepath.Join("testdata", "render", "lesson.md"))
	if err != nil {
		t.Fatal(err)
	}
	out["testdata/render/lesson.md"] = string(src)
	return out
}

// looks are the ways lesson text is drawn: plain, and colour on each theme.
var looks = []struct {
	name   string
	colour bool
	th     theme.Theme
}{{"plain", false, theme.Dark}, {"dark", true, theme.Dark}, {"light", true, theme.Light}}

// widths are the terminal widths the properties below hold at: every one
// from 60 to 200 would take a while for every section of every lesson in
// three looks, so every width from 60 to 80 (where wrapping is tightest)
// and every seventh above.
func widths() []int {
	var ws []int
	for w := 60; w <= 200; w++ {
		if w <= 80 || w%7 == 0 || w == 200 {
			ws = append(ws, w)
		}
	}
	return ws
}

var fenceRE = regexp.MustCompile("(?s)```[a-z]*\n(.*?)\n```")

// A line of a code block is never broken, whatever the width: each one comes
// out whole, on one line (lesson 4's one-liner included), so what a learner
// copies runs.
func TestRenderNeverWrapsCode(t *testing.T) {
	t.Parallel()
	checked := 0
	for name, md := range allLessonText(t) {
		var code []string
		for _, m := range fenceRE.FindAllStringSubmatch(md, -1) {
			for _, l := range strings.Split(m[1], "\n") {
				if strings.TrimSpace(l) != "" {
					code = append(code, l)
				}
			}
		}
		if len(code) == 0 {
			continue
		}
		for _, look := range looks {
			for _, w := range widths() {
				out := lines(newMarkdown(w, look.colour, look.th, "wsdemo").render(md))
				for _, c := range code {
					if !hasLine(out, c) {
						t.Errorf("%s, %s at %d columns: code line %q is not on one line of its own:\n%s", name, look.name, w, c, strings.Join(out, "\n"))
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d code lines", checked)
	}
}

var codeSpanRE = regexp.MustCompile("`([^`\n]+)`")

// Inline code (a header line, a command) is never broken across lines
// either: it runs past the edge before it is cut.
func TestRenderNeverWrapsInlineCode(t *testing.T) {
	t.Parallel()
	for name, md := range allLessonText(t) {
		// Source lines break inside code spans too; join them first, as
		// Markdown does.
		joined := fenceRE.ReplaceAllString(md, "")
		spans := codeSpanRE.FindAllStringSubmatch(strings.Join(strings.Fields(joined), " "), -1)
		for _, look := range looks {
			for _, w := range []int{60, 61, 67, 73, 80, 99, 120, 200} {
				out := newMarkdown(w, look.colour, look.th, "wsdemo").render(md)
				text := ansi.Strip(out)
				for _, s := range spans {
					if !strings.Contains(text, s[1]) {
						t.Errorf("%s, %s at %d: inline code %q broken:\n%s", name, look.name, w, s[1], text)
					}
				}
			}
		}
	}
}

// Paragraphs and list items reflow to the width: no line of prose is wider
// than the terminal, and no line ends early when the next word (or code
// span, which is never broken) would have fitted on it, so the source's line
// breaks are gone: no ragged lines, no word alone. Hence no line is shorter
// than half the width unless it is the last of its paragraph or item, or
// the next word is itself longer than half the width (code, a URL).
// loneCodeSpanRE is a line that is one code span, maybe with the
// punctuation after it: it is never broken, so it may run past the edge.
var loneCodeSpanRE = regexp.MustCompile("^`[^`]+`[.,;:!?)]*$")

func TestRenderReflowsProse(t *testing.T) {
	t.Parallel()
	checked := 0
	for name, md := range allLessonText(t) {
		for _, look := range looks {
			for _, w := range widths() {
				out := lines(newMarkdown(w, look.colour, look.th, "wsdemo").render(md))
				for _, p := range prose(out, look.colour) {
					para, room := p.lines, w-p.indent
					for i, l := range para {
						lw := ansi.StringWidth(l)
						if lw > room && (!strings.Contains(strings.TrimSpace(ansi.Strip(l)), " ") || loneCodeSpanRE.MatchString(strings.TrimSpace(ansi.Strip(l)))) {
							continue // one word, or one code span, wider than the line: it runs past the edge
						}
						if lw > room {
							t.Errorf("%s, %s: line of %d columns at width %d: %q", name, look.name, lw+p.indent, w, ansi.Strip(l))
						}
						if i+1 == len(para) {
							continue
						}
						checked++
						next := ansi.StringWidth(firstToken(para[i+1], look.colour))
						if lw+1+next <= room {
							t.Errorf("%s, %s at %d: line ends early, %q fitted after %q", name, look.name, w, ansi.Strip(firstToken(para[i+1], look.colour)), ansi.Strip(l))
						}
						if lw+p.indent < w/2 && next < w/2 {
							t.Errorf("%s, %s at %d: short line %q inside a paragraph", name, look.name, w, ansi.Strip(l))
						}
					}
				}
			}
		}
	}
	if checked < 10000 {
		t.Errorf("checked only %d line ends", checked)
	}
}

// firstToken returns what wrapping could not have broken at the start of a
// rendered line: up to the first space outside a code span (in plain output
// a code span is in backticks; in colour it is a run in the code colour)
// and not between RFC and its number.
func firstToken(l string, colour bool) string {
	codeSGR := []string{"38;5;" + theme.Dark.Palette().Teal + "m", "38;5;" + theme.Light.Palette().Teal + "m"}
	var sb strings.Builder
	inCode := false
	for i := 0; i < len(l); {
		if colour && strings.HasPrefix(l[i:], "\x1b[") {
			end := i + strings.IndexByte(l[i:], 'm')
			sgr := l[i : end+1]
			inCode = strings.HasSuffix(sgr, codeSGR[0]) || strings.HasSuffix(sgr, codeSGR[1])
			i = end + 1
			continue
		}
		c := l[i]
		if !colour && c == '`' {
			inCode = !inCode
		}
		// "RFC 6455" is kept together, as the renderer keeps it.
		rfc := strings.HasSuffix(sb.String(), "RFC") && i+1 < len(l) && l[i+1] >= '0' && l[i+1] <= '9'
		if c == ' ' && !inCode && !rfc {
			break
		}
		sb.WriteByte(c)
		i++
	}
	return sb.String()
}

// paragraph is a paragraph or a list item as rendered: its lines without
// the item's indent (the marker's width), and that indent.
type paragraph struct {
	lines  []string
	indent int
}

// prose cuts rendered lines into paragraphs and list items: runs of lines
// outside code blocks, quotes and tables, a list marker starting a new item.
func prose(out []string, colour bool) []paragraph {
	var (
		paras   []paragraph
		cur     []string
		inCode  bool
		inTable bool // colour tables: rows after the rule under the header
		indent  int
	)
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, paragraph{cur, indent})
		}
		cur, indent = nil, 0
	}
	marker := regexp.MustCompile(`^(\s*)([-*•]|\d+\.) `)
	for _, raw := range out {
		l := ansi.Strip(raw)
		if strings.Contains(l, "──") {
			inTable = true
		} else if strings.TrimSpace(l) == "" {
			inTable = false
		}
		switch {
		case !colour && strings.HasPrefix(strings.TrimSpace(l), "```"):
			inCode = !inCode
			flush()
			continue
		case inCode, inTable, strings.TrimSpace(l) == "",
			strings.HasPrefix(l, "|"), strings.HasPrefix(l, "> "), strings.HasPrefix(l, "│ "),
			strings.HasPrefix(l, "#"), strings.Contains(l, "──"),
			colour && strings.HasPrefix(l, "  ") && indent == 0: // colour code blocks are indented
			flush()
			continue
		}
		if m := marker.FindStringSubmatch(l); m != nil {
			flush()
			indent = ansi.StringWidth(m[0]) // "• " is 2 columns, 4 bytes
			cur = append(cur, afterColumns(raw, indent))
			continue
		}
		if indent > 0 && strings.HasPrefix(l, strings.Repeat(" ", indent)) {
			cur = append(cur, raw[indent:])
			continue
		}
		if indent > 0 {
			flush()
		}
		cur = append(cur, raw)
	}
	flush()
	return paras
}

// afterColumns returns raw (which may hold escape codes) without its first
// n columns of text, and the escape codes among them.
func afterColumns(raw string, n int) string {
	for n > 0 && raw != "" {
		if strings.HasPrefix(raw, "\x1b[") {
			end := strings.IndexByte(raw, 'm')
			raw = raw[end+1:]
			continue
		}
		_, size := utf8.DecodeRuneInString(raw)
		raw = raw[size:]
		n--
	}
	// A reset left at the start belongs to the marker.
	return strings.TrimPrefix(raw, "\x1b[0m")
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// hasLine reports whether some line of out, without escape codes and
// indentation, is exactly code (without its indentation).
func hasLine(out []string, code string) bool {
	want := strings.TrimSpace(code)
	for _, l := range out {
		if strings.TrimSpace(ansi.Strip(l)) == want {
			return true
		}
	}
	return false
}

// Plain output is Markdown, reflowed: the marks stay (so it pastes into
// notes as it is), and nothing but text is in it.
func TestRenderPlainIsMarkdown(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "render", "lesson.md"))
	if err != nil {
		t.Fatal(err)
	}
	got := newMarkdown(80, false, theme.Dark, "wsdemo").render(string(src))
	for _, want := range []string{
		"## Compute it yourself\n",
		"For example, with **Python 3**:",
		"```sh\npython3 -c 'import base64",
		"- **`Upgrade: websocket`**: \"I would like to switch this connection to the\n  WebSocket protocol.\"",
		"2. Add this fixed string, the same for everyone:\n   `258EAFA5-E914-47DA-95CA-C5AB0DC85B11`.",
		"> HTTP is defined as a stateless protocol",
		"| opcode | name  | meaning",
		"*count*",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plain output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("escape codes in plain output")
	}
}

// A command written in the text with "wsdemo" is shown as the learner can
// type it: in a code block, and in inline code.
func TestRenderCommandsAsTyped(t *testing.T) {
	t.Parallel()
	md := "Run `wsdemo realtime --only poll`, or:\n\n```sh\nwsdemo learn 2\n```\n\nKeep `wsdemoX` and `the wsdemo command` as they are.\n"
	got := newMarkdown(100, false, theme.Dark, "go run ./cmd/wsdemo").render(md)
	for _, want := range []string{"`go run ./cmd/wsdemo realtime --only poll`", "\ngo run ./cmd/wsdemo learn 2\n", "`wsdemoX`", "`the wsdemo command`"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// Every colour lesson text is drawn in reads on the background of its theme
// (WCAG AA, 4.5:1, against each common background of that kind).
func TestRenderColoursReadOnTheirBackground(t *testing.T) {
	t.Parallel()
	var all mark
	for m := mark(1); m <= mMuted; m <<= 1 {
		all |= m
	}
	for _, th := range []theme.Theme{theme.Dark, theme.Light} {
		st := newMDStyles(th)
		n := 0
		for m := mark(0); m <= all; m++ {
			c, ok := st.style(m).GetForeground().(lipgloss.Color)
			if !ok {
				if _, none := st.style(m).GetForeground().(lipgloss.NoColor); !none {
					t.Fatalf("%s: marks %b: colour of type %T", th, m, st.style(m).GetForeground())
				}
				continue
			}
			n++
			if worst, bg := theme.WorstContrast(string(c), th); worst < theme.MinTextContrast {
				t.Errorf("%s: marks %b draw in %s, contrast %.2f on %s", th, m, c, worst, bg)
			}
		}
		if n == 0 {
			t.Errorf("%s: no colour checked", th)
		}
	}
}

// Markdown that is not a table stays a paragraph; a table with escaped
// pipes keeps them in its cells.
func TestRenderTableEdges(t *testing.T) {
	t.Parallel()
	md := "| not a table\nbecause no delimiter row\n\n| a | b |\n|:--|--:|\n| `x\\|y` | 2 |\n"
	got := newMarkdown(80, false, theme.Dark, "wsdemo").render(md)
	if !strings.Contains(got, "| not a table because no delimiter row\n") {
		t.Errorf("a paragraph starting with | was taken for a table:\n%s", got)
	}
	// Plain: still a pipe table, the escaped pipe escaped, alignment kept.
	for _, want := range []string{"| a      |   b |\n", "| ------ | --: |\n", "| `x\\|y` |   2 |\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("plain table lacks %q:\n%s", want, got)
		}
	}
	colour := ansi.Strip(newMarkdown(80, true, theme.Dark, "wsdemo").render(md))
	if !strings.Contains(colour, "x|y") {
		t.Errorf("escaped pipe lost in a cell:\n%s", colour)
	}
}

// "RFC 6455" stays on one line: a citation is read as one name.
func TestRenderKeepsRFCNumbersWithRFC(t *testing.T) {
	t.Parallel()
	md := "Any other status code means the handshake did not happen (RFC 6455 §1.3), and RFC 9110 says so too.\n"
	for w := 30; w <= 100; w++ {
		for _, look := range looks {
			for _, l := range lines(ansi.Strip(newMarkdown(w, look.colour, look.th, "wsdemo").render(md))) {
				if strings.HasSuffix(l, "RFC") {
					t.Errorf("%s at %d: line ends between RFC and its number: %q", look.name, w, l)
				}
			}
		}
	}
}
