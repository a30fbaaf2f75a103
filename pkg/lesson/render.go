package lesson

import (
	"strings"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"wsdemo/internal/theme"
)

// DefaultWidth is the width used when RunOptions.Width is 0.
const DefaultWidth = 80

// markdown turns a piece of lesson Markdown into what goes on screen:
// paragraphs and list items reflowed to the width (list items with a hanging
// indent), code blocks and inline code never broken (a line too long runs
// past the edge, so what is copied still works), tables laid out in columns.
//
// Without colour (st nil) the output is Markdown again, reflowed: headings
// keep their #, code its backticks and fences, emphasis its asterisks, so
// it reads as plain text and pastes into notes. With colour the marks give
// way to styles from the theme's palette.
//
// Parsing is goldmark's (CommonMark); the lessons' tables (GitHub's pipe
// tables) are recognised here, because goldmark's extension package costs
// every command ~2 ms of start-up for its regular expressions.
type markdown struct {
	width int
	st    *mdStyles // nil: plain
	// prog is the command that starts wsdemo for the learner ("wsdemo" or
	// "go run ./cmd/wsdemo"): a command in the text written with "wsdemo"
	// is shown with it, so what the learner copies runs.
	prog string
}

// newMarkdown returns a renderer for width columns, in colour for th when
// colour is set.
func newMarkdown(width int, colour bool, th theme.Theme, prog string) *markdown {
	m := &markdown{width: width, prog: prog}
	if colour {
		m.st = newMDStyles(th)
	}
	return m
}

var mdParser = sync.OnceValue(func() gmparser.Parser {
	return gmparser.NewParser(
		gmparser.WithBlockParsers(gmparser.DefaultBlockParsers()...),
		gmparser.WithInlineParsers(gmparser.DefaultInlineParsers()...),
		gmparser.WithParagraphTransformers(gmparser.DefaultParagraphTransformers()...),
	)
})

// render returns md rendered, ending with one newline.
func (m *markdown) render(md string) string {
	src := []byte(md)
	doc := mdParser().Parse(text.NewReader(src))
	r := &mdRun{m: m, src: src}
	lines := r.blocks(doc, m.width)
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// mdRun renders one document.
type mdRun struct {
	m   *markdown
	src []byte
}

// The inline marks a run of text carries; block roles (headings, quotes)
// add theirs.
type mark uint16

const (
	mStrong mark = 1 << iota
	mEmph
	mCode
	mLink
	mH1
	mH2
	mH3
	mMuted // list bullets and numbers, rules, quote bars, table lines
)

// piece is a run of text with one set of marks.
type piece struct {
	text string
	mk   mark
}

// word is what wrapping never breaks: text between two spaces, which may
// mix marks ("**Host**," is a strong piece and a plain comma). A code span
// is one piece, spaces and all.
type word []piece

func (w word) width() int {
	n := 0
	for _, p := range w {
		n += ansi.StringWidth(p.text)
	}
	return n
}

// token is a word, or a forced line break (a Markdown hard break).
type token struct {
	w     word
	brk   bool
	space bool // a space separated it from the previous word
}

// blocks renders the children of a container, a blank line between blocks
// (none in a tight list item).
func (r *mdRun) blocks(parent ast.Node, width int) []string {
	var out []string
	tight := false
	if li, ok := parent.(*ast.ListItem); ok {
		if l, ok := li.Parent().(*ast.List); ok {
			tight = l.IsTight
		}
	}
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		ls := r.block(n, width)
		if ls == nil {
			continue
		}
		if len(out) > 0 && !tight {
			out = append(out, "")
		}
		out = append(out, ls...)
	}
	return out
}

func (r *mdRun) block(n ast.Node, width int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		return r.heading(n, width)
	case *ast.Paragraph:
		if t := r.table(n); t != nil {
			return t.render(r, width)
		}
		return r.wrap(r.inline(n, 0), width, "", "", 0)
	case *ast.TextBlock:
		return r.wrap(r.inline(n, 0), width, "", "", 0)
	case *ast.FencedCodeBlock:
		return r.code(n.Lines(), string(n.Language(r.src)), true)
	case *ast.CodeBlock:
		return r.code(n.Lines(), "", false)
	case *ast.List:
		return r.list(n, width)
	case *ast.Blockquote:
		bar := "> "
		if r.m.st != nil {
			bar = r.m.st.render("│", mMuted) + " "
		}
		inner := r.blocks(n, max(width-2, 10))
		for i, l := range inner {
			inner[i] = bar + l
		}
		return inner
	case *ast.ThematicBreak:
		if r.m.st == nil {
			return []string{"---"}
		}
		return []string{r.m.st.render(strings.Repeat("─", min(width, 40)), mMuted)}
	case *ast.HTMLBlock:
		var out []string
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			out = append(out, strings.TrimRight(string(s.Value(r.src)), "\n"))
		}
		return out
	}
	return r.blocks(n, width)
}

func (r *mdRun) heading(n *ast.Heading, width int) []string {
	mk := mH3
	switch n.Level {
	case 1:
		mk = mH1
	case 2:
		mk = mH2
	}
	toks := r.inline(n, mk)
	if r.m.st != nil {
		return r.wrap(toks, width, "", "", mk)
	}
	// Plain keeps the Markdown mark, and the heading on one line however
	// long: a heading broken in two is no longer one in Markdown.
	return r.wrap(toks, 1<<30, strings.Repeat("#", n.Level)+" ", "", mk)
}

// code renders the lines of a code block as they are: never wrapped, never
// reflowed. A line that begins with the command "wsdemo" shows the command
// the learner can type.
func (r *mdRun) code(lines *text.Segments, lang string, fenced bool) []string {
	var body []string
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		body = append(body, r.command(strings.TrimRight(string(s.Value(r.src)), "\r\n")))
	}
	if r.m.st == nil {
		if !fenced {
			for i, l := range body {
				body[i] = "    " + l
			}
			return body
		}
		fence := "```"
		for _, l := range body {
			for strings.Contains(l, fence) {
				fence += "`"
			}
		}
		out := append([]string{fence + lang}, body...)
		return append(out, fence)
	}
	out := make([]string, len(body))
	for i, l := range body {
		out[i] = "  " + r.m.st.render(l, mCode)
	}
	return out
}

// command rewrites a command line written with "wsdemo" for the program the
// learner runs.
func (r *mdRun) command(s string) string {
	if r.m.prog != "" && r.m.prog != "wsdemo" && strings.HasPrefix(s, "wsdemo ") {
		return r.m.prog + s[len("wsdemo"):]
	}
	return s
}

func (r *mdRun) list(l *ast.List, width int) []string {
	// Markers are right-aligned on the widest one, so the text of every
	// item starts in one column.
	n := 0
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		n++
	}
	var markers []string
	for i := range n {
		switch {
		case l.IsOrdered():
			markers = append(markers, itoa(l.Start+i)+string(l.Marker))
		case r.m.st != nil:
			markers = append(markers, "•")
		default:
			markers = append(markers, string(l.Marker))
		}
	}
	mw := 0
	for _, s := range markers {
		mw = max(mw, ansi.StringWidth(s))
	}
	indent := strings.Repeat(" ", mw+1)
	var out []string
	i := 0
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		if i > 0 && !l.IsTight {
			out = append(out, "")
		}
		mark := strings.Repeat(" ", mw-ansi.StringWidth(markers[i])) + markers[i]
		if r.m.st != nil {
			mark = r.m.st.render(mark, mMuted)
		}
		body := r.blocks(c, max(width-mw-1, 10))
		if len(body) == 0 {
			body = []string{""}
		}
		for k, s := range body {
			switch {
			case k == 0:
				out = append(out, mark+" "+s)
			case s == "":
				out = append(out, "")
			default:
				out = append(out, indent+s)
			}
		}
		i++
	}
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// inline flattens the inline children of n into tokens, every piece
// carrying base marks as well as its own.
func (r *mdRun) inline(n ast.Node, base mark) []token {
	var b tokenBuilder
	r.collect(n, base, &b)
	return b.done()
}

func (r *mdRun) collect(n ast.Node, mk mark, b *tokenBuilder) {
	plain := r.m.st == nil
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(r.src)
			if !plain {
				v = unescape(v)
			}
			b.text(string(v), mk)
			switch {
			case c.HardLineBreak():
				b.hardBreak()
			case c.SoftLineBreak():
				b.text(" ", mk)
			}
		case *ast.String:
			v := c.Value
			if !plain && !c.IsRaw() {
				v = unescape(v)
			}
			b.text(string(v), mk)
		case *ast.CodeSpan:
			var sb strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					sb.Write(tt.Segment.Value(r.src))
				}
			}
			code := r.command(strings.ReplaceAll(sb.String(), "\n", " "))
			if plain {
				ticks := "`"
				for strings.Contains(code, ticks) {
					ticks += "`"
				}
				if ticks != "`" {
					code = " " + code + " "
				}
				code = ticks + code + ticks
			}
			b.atom(code, mk|mCode)
		case *ast.Emphasis:
			m := mEmph
			delim := "*"
			if c.Level >= 2 {
				m, delim = mStrong, "**"
			}
			if plain {
				b.atom(delim, mk)
			}
			r.collect(c, mk|m, b)
			if plain {
				b.atom(delim, mk)
			}
		case *ast.Link:
			if plain {
				b.atom("[", mk)
				r.collect(c, mk, b)
				b.atom("]("+string(c.Destination)+")", mk)
				continue
			}
			r.collect(c, mk|mLink, b)
			if dest := string(c.Destination); dest != "" && !strings.HasPrefix(dest, "#") {
				b.text(" ", mk)
				b.atom("("+dest+")", mk|mMuted)
			}
		case *ast.AutoLink:
			url := string(c.URL(r.src))
			if plain {
				url = "<" + url + ">"
			}
			b.atom(url, mk|mLink)
		case *ast.Image:
			r.collect(c, mk, b)
		case *ast.RawHTML:
			segs := c.Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				b.atom(string(s.Value(r.src)), mk)
			}
		default:
			r.collect(c, mk, b)
		}
	}
}

func unescape(v []byte) []byte {
	return util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
}

// tokenBuilder turns text and atoms into words: spaces in text end a word,
// nothing else does.
type tokenBuilder struct {
	toks    []token
	cur     word
	pending bool // a space came before cur started
	started bool // cur holds something
}

func (b *tokenBuilder) end(spaceAfter bool) {
	if b.started {
		b.toks = append(b.toks, token{w: b.cur, space: b.pending})
		b.cur, b.started, b.pending = nil, false, false
	}
	if spaceAfter && len(b.toks) > 0 {
		b.pending = true
	}
}

func (b *tokenBuilder) add(s string, mk mark) {
	if n := len(b.cur); n > 0 && b.cur[n-1].mk == mk {
		b.cur[n-1].text += s
	} else {
		b.cur = append(b.cur, piece{s, mk})
	}
	b.started = true
}

func (b *tokenBuilder) text(s string, mk mark) {
	for s != "" {
		i := strings.IndexAny(s, " \t\n")
		if i < 0 {
			b.add(s, mk)
			return
		}
		if i > 0 {
			b.add(s[:i], mk)
		}
		b.end(true)
		s = s[i+1:]
	}
}

func (b *tokenBuilder) atom(s string, mk mark) {
	if s != "" {
		b.add(s, mk)
	}
}

func (b *tokenBuilder) hardBreak() {
	b.end(false)
	b.toks = append(b.toks, token{brk: true})
	b.pending = false
}

func (b *tokenBuilder) done() []token {
	b.end(false)
	// "RFC 6455" is one name: a line never ends between its two words.
	out := b.toks[:0]
	for _, t := range b.toks {
		if n := len(out); n > 0 && t.space && !t.brk && !out[n-1].brk && endsWithRFC(out[n-1].w) && startsWithDigit(t.w) {
			prev := out[n-1].w
			merged := append(append(word{}, prev...), piece{" ", prev[len(prev)-1].mk})
			out[n-1].w = append(merged, t.w...)
			continue
		}
		out = append(out, t)
	}
	return out
}

func endsWithRFC(w word) bool {
	return len(w) > 0 && strings.HasSuffix(w[len(w)-1].text, "RFC") && w[len(w)-1].mk&mCode == 0
}

func startsWithDigit(w word) bool {
	return len(w) > 0 && w[0].mk&mCode == 0 && w[0].text != "" && w[0].text[0] >= '0' && w[0].text[0] <= '9'
}

// wrap fills lines of at most width columns with tokens, greedily: first
// carries first's prefix, the others rest's (a hanging indent). A word wider
// than the line gets a line of its own and runs past the edge: it is code or
// a URL, and breaking it would break it. base marks apply to the spaces
// between words too, so a heading's colour runs unbroken.
func (r *mdRun) wrap(toks []token, width int, first, rest string, base mark) []string {
	var (
		out  []string
		line []word
		used int
	)
	prefix := first
	flush := func() {
		out = append(out, prefix+r.join(line, base))
		line, used, prefix = nil, 0, rest
	}
	avail := func() int { return width - ansi.StringWidth(prefix) }
	for _, t := range toks {
		if t.brk {
			flush()
			continue
		}
		w := t.w.width()
		switch {
		case len(line) == 0:
		case used+1+w <= avail():
			used++
		default:
			flush()
		}
		line = append(line, t.w)
		used += w
	}
	if len(line) > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// join writes the words of one line, separated by single spaces, with runs
// of the same marks styled once (spaces inside a bold phrase are bold).
func (r *mdRun) join(line []word, base mark) string {
	var ps []piece
	for i, w := range line {
		if i > 0 {
			mk := base
			if n := len(ps); n > 0 && w[0].mk == ps[n-1].mk {
				mk = w[0].mk
			}
			ps = append(ps, piece{" ", mk})
		}
		ps = append(ps, w...)
	}
	var sb strings.Builder
	for i := 0; i < len(ps); {
		j := i
		var run strings.Builder
		for j < len(ps) && ps[j].mk == ps[i].mk {
			run.WriteString(ps[j].text)
			j++
		}
		if r.m.st == nil || ps[i].mk == 0 {
			sb.WriteString(run.String())
		} else {
			sb.WriteString(r.m.st.render(run.String(), ps[i].mk))
		}
		i = j
	}
	return sb.String()
}

// mdStyles turns marks into lipgloss styles of one theme.
type mdStyles struct {
	lr    *lipgloss.Renderer
	p     theme.Palette
	mu    sync.Mutex
	cache map[mark]lipgloss.Style
}

func newMDStyles(th theme.Theme) *mdStyles {
	// The profile is forced: the caller decided colour is wanted, and
	// golden files must not depend on the terminal the tests run in.
	lr := lipgloss.NewRenderer(nil)
	lr.SetColorProfile(termenv.ANSI256)
	return &mdStyles{lr: lr, p: th.Palette(), cache: map[mark]lipgloss.Style{}}
}

func (s *mdStyles) style(mk mark) lipgloss.Style {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.cache[mk]; ok {
		return st
	}
	st := s.lr.NewStyle()
	if mk&(mStrong|mH1|mH2|mH3) != 0 {
		st = st.Bold(true)
	}
	if mk&mEmph != 0 {
		st = st.Italic(true)
	}
	if mk&mLink != 0 {
		st = st.Underline(true)
	}
	// One colour per run, the most specific mark winning: code inside a
	// heading is code.
	switch {
	case mk&mCode != 0:
		st = st.Foreground(lipgloss.Color(s.p.Teal))
	case mk&mMuted != 0:
		st = st.Foreground(lipgloss.Color(s.p.Muted))
	case mk&(mH1|mH2) != 0:
		st = st.Foreground(lipgloss.Color(s.p.Blue))
	}
	s.cache[mk] = st
	return st
}

func (s *mdStyles) render(text string, mk mark) string {
	return s.style(mk).Render(text)
}
