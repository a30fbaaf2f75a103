package lesson

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// mdTable is a GitHub pipe table, recognised in a paragraph:
//
//	| opcode | name | meaning |
//	|---|---|---|
//	| `0x1` | text | a message in UTF-8 text |
type mdTable struct {
	align []byte      // per column: 'l', 'r' or 'c'
	rows  [][][]token // rows[0] is the header; each cell is its tokens
	raw   [][]string  // the cells' Markdown, for plain output
}

// table returns p as a table, or nil if p is not one.
func (r *mdRun) table(p *ast.Paragraph) *mdTable {
	lines := p.Lines()
	if lines.Len() < 2 {
		return nil
	}
	line := func(i int) string {
		s := lines.At(i)
		return strings.TrimSpace(string(s.Value(r.src)))
	}
	head := line(0)
	if !strings.HasPrefix(head, "|") {
		return nil
	}
	delim := splitRow(line(1))
	header := splitRow(head)
	if len(delim) == 0 || len(delim) != len(header) {
		return nil
	}
	t := &mdTable{}
	for _, d := range delim {
		d = strings.TrimSpace(d)
		l, rt := strings.HasPrefix(d, ":"), strings.HasSuffix(d, ":")
		core := strings.Trim(d, ":")
		if core == "" || strings.Trim(core, "-") != "" {
			return nil
		}
		switch {
		case l && rt:
			t.align = append(t.align, 'c')
		case rt:
			t.align = append(t.align, 'r')
		default:
			t.align = append(t.align, 'l')
		}
	}
	addRow := func(cells []string, mk mark) {
		for len(cells) < len(t.align) {
			cells = append(cells, "")
		}
		cells = cells[:len(t.align)]
		row := make([][]token, len(cells))
		for i, c := range cells {
			row[i] = r.cell(strings.TrimSpace(c), mk)
			cells[i] = strings.TrimSpace(c)
		}
		t.rows = append(t.rows, row)
		t.raw = append(t.raw, cells)
	}
	addRow(header, mStrong)
	for i := 2; i < lines.Len(); i++ {
		addRow(splitRow(line(i)), 0)
	}
	return t
}

// splitRow splits a table row at its unescaped pipes, without the outer
// ones.
func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			cur.WriteByte('|')
			i++
		case s[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(cells, cur.String())
}

// cell parses one cell's Markdown into tokens.
func (r *mdRun) cell(md string, mk mark) []token {
	src := []byte(md)
	doc := mdParser().Parse(text.NewReader(src))
	sub := &mdRun{m: r.m, src: src}
	var toks []token
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		toks = append(toks, sub.inline(n, mk)...)
	}
	return toks
}

func (t *mdTable) render(r *mdRun, width int) []string {
	if r.m.st == nil {
		return t.pipes()
	}
	cols := len(t.align)
	natural := make([]int, cols) // one line per cell
	least := make([]int, cols)   // the widest word: a cell never breaks one
	for _, row := range t.rows {
		for c, toks := range row {
			n := 0
			for i, tok := range toks {
				w := tok.w.width()
				least[c] = max(least[c], w)
				if i > 0 {
					n++
				}
				n += w
			}
			natural[c] = max(natural[c], n)
		}
	}
	const gap = 2
	widths := append([]int(nil), natural...)
	total := func() int {
		n := gap * (cols - 1)
		for _, w := range widths {
			n += w
		}
		return n
	}
	// Too wide: take a column from the widest that can still give one.
	for total() > width {
		k := -1
		for c := range widths {
			if widths[c] > least[c] && (k < 0 || widths[c] > widths[k]) {
				k = c
			}
		}
		if k < 0 {
			break // every column at its widest word: let it run past the edge
		}
		widths[k]--
	}
	var out []string
	for i, row := range t.rows {
		cells := make([][]string, cols)
		height := 1
		for c, toks := range row {
			cells[c] = r.wrap(toks, widths[c], "", "", 0)
			height = max(height, len(cells[c]))
		}
		for k := range height {
			var sb strings.Builder
			for c := range cols {
				s := ""
				if k < len(cells[c]) {
					s = cells[c][k]
				}
				pad := widths[c] - ansi.StringWidth(s)
				if c > 0 {
					sb.WriteString(strings.Repeat(" ", gap))
				}
				switch t.align[c] {
				case 'r':
					sb.WriteString(strings.Repeat(" ", max(pad, 0)) + s)
				case 'c':
					left := max(pad, 0) / 2
					sb.WriteString(strings.Repeat(" ", left) + s + strings.Repeat(" ", max(pad, 0)-left))
				default:
					sb.WriteString(s + strings.Repeat(" ", max(pad, 0)))
				}
			}
			out = append(out, sb.String())
		}
		if i == 0 {
			out = append(out, r.m.st.render(strings.Repeat("─", min(total(), width)), mMuted))
		}
	}
	return out
}

// pipes writes the table back as an aligned pipe table: Markdown, as plain
// output is.
func (t *mdTable) pipes() []string {
	cols := len(t.align)
	w := make([]int, cols)
	for c := range w {
		w[c] = 3
	}
	for _, row := range t.raw {
		for c, s := range row {
			w[c] = max(w[c], ansi.StringWidth(escapePipes(s)))
		}
	}
	line := func(cells []string) string {
		var sb strings.Builder
		sb.WriteString("|")
		for c, s := range cells {
			s = escapePipes(s)
			pad := strings.Repeat(" ", w[c]-ansi.StringWidth(s))
			if t.align[c] == 'r' {
				sb.WriteString(" " + pad + s + " |")
			} else {
				sb.WriteString(" " + s + pad + " |")
			}
		}
		return sb.String()
	}
	out := []string{line(t.raw[0])}
	delim := make([]string, cols)
	for c := range delim {
		d := strings.Repeat("-", w[c])
		switch t.align[c] {
		case 'r':
			d = d[1:] + ":"
		case 'c':
			d = ":" + d[2:] + ":"
		}
		delim[c] = d
	}
	out = append(out, line(delim))
	for _, row := range t.raw[1:] {
		out = append(out, line(row))
	}
	return out
}

func escapePipes(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
