package tty

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"
)

// Prompt is an input line pinned below everything else on the terminal:
// output written through its Writers scrolls above it, and after each write
// the prompt and the line typed so far are drawn again, the cursor where it
// was. ReadLine edits the line key by key (←/→, Home/End or Ctrl-A/Ctrl-E,
// Backspace, Delete, Ctrl-U, Ctrl-W, Ctrl-K) and recalls earlier lines with
// ↑/↓ (History lines, kept in memory).
//
// A Prompt is for a terminal whose input is in raw mode (Input.Raw): with
// the terminal's own echo, what is typed would land among the output.
type Prompt struct {
	mu     sync.Mutex
	term   io.Writer // where the line is drawn: the terminal
	width  int
	prompt string

	line   []rune
	cursor int  // in runes
	shown  bool // the prompt line is on screen, the cursor on it

	history []string
	hi      int    // the history entry shown; len(history) is the line being typed
	draft   []rune // the line being typed, kept while browsing history
}

// History is how many lines a Prompt remembers.
const History = 100

// NewPrompt returns a prompt drawn on term, width columns wide, that starts
// each line with prompt (e.g. "> ").
func NewPrompt(term io.Writer, width int, prompt string) *Prompt {
	if width < 10 {
		width = 10
	}
	return &Prompt{term: term, width: width, prompt: prompt}
}

// Writer returns a writer to w (the terminal's stdout or stderr) whose
// output goes above the prompt: the prompt line is cleared, p written, and
// the prompt drawn again below it. Each Write should end with a newline; one
// that does not is given one, so the prompt never lands inside a line.
func (p *Prompt) Writer(w io.Writer) io.Writer { return &above{p: p, w: w} }

type above struct {
	p *Prompt
	w io.Writer
}

func (a *above) Write(b []byte) (int, error) {
	p := a.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		io.WriteString(p.term, "\r\x1b[2K")
	}
	n, err := a.w.Write(b)
	if err == nil && len(b) > 0 && b[len(b)-1] != '\n' {
		_, err = io.WriteString(a.w, "\n")
	}
	if p.shown {
		p.drawLocked()
	}
	return n, err
}

// Close clears the prompt line: the session is over.
func (p *Prompt) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		io.WriteString(p.term, "\r\x1b[2K")
		p.shown = false
	}
}

// ReadLine shows the prompt and edits a line with the keys read from in
// until Enter, then returns it (and remembers it for ↑). Ctrl-D on an empty
// line returns io.EOF; Ctrl-C returns ErrInterrupted (see Input.ReadKey).
// The prompt stays on screen, empty, for the next line.
func (p *Prompt) ReadLine(ctx context.Context, in *Input) (string, error) {
	p.mu.Lock()
	p.shown = true
	p.drawLocked()
	p.mu.Unlock()
	for {
		k, err := in.ReadKey(ctx)
		if err != nil {
			return "", err
		}
		if k.Code == KeyLine { // input that is not key by key: take the line
			return k.Text, nil
		}
		p.mu.Lock()
		line, done, eof := p.keyLocked(k)
		if !in.Pending() || done || eof {
			p.drawLocked() // typed ahead (a paste): draw once at the end
		}
		p.mu.Unlock()
		switch {
		case eof:
			return "", io.EOF
		case done:
			return line, nil
		}
	}
}

// keyLocked applies one key to the line.
func (p *Prompt) keyLocked(k Key) (line string, done, eof bool) {
	switch k.Code {
	case KeyRune:
		p.line = append(p.line[:p.cursor], append([]rune{k.Rune}, p.line[p.cursor:]...)...)
		p.cursor++
	case KeyTab:
		p.line = append(p.line[:p.cursor], append([]rune{' '}, p.line[p.cursor:]...)...)
		p.cursor++
	case KeyEnter:
		line = string(p.line)
		p.remember(line)
		p.line, p.cursor = nil, 0
		return line, true, false
	case KeyEOF:
		if len(p.line) == 0 {
			return "", false, true
		}
		p.deleteAt(p.cursor) // Ctrl-D in a line deletes, as in a shell
	case KeyBackspace:
		if p.cursor > 0 {
			p.cursor--
			p.deleteAt(p.cursor)
		}
	case KeyDelete:
		p.deleteAt(p.cursor)
	case KeyLeft:
		p.cursor = max(0, p.cursor-1)
	case KeyRight:
		p.cursor = min(len(p.line), p.cursor+1)
	case KeyHome:
		p.cursor = 0
	case KeyEnd:
		p.cursor = len(p.line)
	case KeyKillLine:
		p.line = append([]rune(nil), p.line[p.cursor:]...)
		p.cursor = 0
	case KeyKillEnd:
		p.line = p.line[:p.cursor]
	case KeyKillWord:
		i := p.cursor
		for i > 0 && p.line[i-1] == ' ' {
			i--
		}
		for i > 0 && p.line[i-1] != ' ' {
			i--
		}
		p.line = append(p.line[:i], p.line[p.cursor:]...)
		p.cursor = i
	case KeyUp:
		if p.hi > 0 {
			if p.hi == len(p.history) {
				p.draft = append([]rune(nil), p.line...)
			}
			p.hi--
			p.line = []rune(p.history[p.hi])
			p.cursor = len(p.line)
		}
	case KeyDown:
		if p.hi < len(p.history) {
			p.hi++
			if p.hi == len(p.history) {
				p.line = p.draft
			} else {
				p.line = []rune(p.history[p.hi])
			}
			p.cursor = len(p.line)
		}
	}
	return "", false, false
}

func (p *Prompt) deleteAt(i int) {
	if i < len(p.line) {
		p.line = append(p.line[:i], p.line[i+1:]...)
	}
}

// remember adds a line to the history (not an empty one, nor the one just
// before it again), and goes back to the bottom.
func (p *Prompt) remember(line string) {
	if line != "" && (len(p.history) == 0 || p.history[len(p.history)-1] != line) {
		p.history = append(p.history, line)
		if len(p.history) > History {
			p.history = p.history[len(p.history)-History:]
		}
	}
	p.hi, p.draft = len(p.history), nil
}

// drawLocked draws the prompt and the part of the line around the cursor
// that fits the width, then puts the cursor in its place.
func (p *Prompt) drawLocked() {
	room := p.width - runewidth.StringWidth(p.prompt) - 1 // the last column stays free: no wrap
	start := 0
	for colsOf(p.line[start:p.cursor]) > room {
		start++
	}
	end := start
	for end < len(p.line) && colsOf(p.line[start:end+1]) <= room {
		end++
	}
	var b bytes.Buffer
	b.WriteString("\r\x1b[2K")
	b.WriteString(p.prompt)
	b.WriteString(string(p.line[start:end]))
	col := runewidth.StringWidth(p.prompt) + colsOf(p.line[start:p.cursor])
	b.WriteString("\r")
	if col > 0 {
		b.WriteString("\x1b[" + strconv.Itoa(col) + "C")
	}
	p.term.Write(b.Bytes())
}

func colsOf(rs []rune) int {
	n := 0
	for _, r := range rs {
		n += runewidth.RuneWidth(r)
	}
	return n
}

// Line is the line being typed (for tests).
func (p *Prompt) Line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return string(p.line)
}

// Wrap breaks text into lines of at most width columns between words, line
// by line. A line's continuation is indented to its hanging column: where
// its text starts, or, for a table row ("  /ping [text]   a ping; ..."), where
// its second column starts (after a run of two spaces or more), so wrapped
// help stays a table.
func Wrap(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, wrapLine(l, max(width, 20))...)
	}
	return out
}

func wrapLine(l string, width int) []string {
	if runewidth.StringWidth(l) <= width {
		return []string{l}
	}
	indent := len(l) - len(strings.TrimLeft(l, " "))
	head, rest := l[:indent], l[indent:] // head: the first column, spaces and all
	if i := strings.Index(rest, "  "); i >= 0 {
		j := indent + i
		for j < len(l) && l[j] == ' ' {
			j++
		}
		if runewidth.StringWidth(l[:j]) <= width-20 { // room for the second column
			head, rest = l[:j], l[j:]
		}
	}
	hang := strings.Repeat(" ", runewidth.StringWidth(head))
	var out []string
	cur, fresh := head, true
	for _, w := range strings.Fields(rest) {
		switch {
		case fresh:
			cur += w
			fresh = false
		case runewidth.StringWidth(cur)+1+runewidth.StringWidth(w) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = hang + w
		}
	}
	return append(out, cur)
}
