package tty

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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
	bytes  int  // the line's length in bytes, as it will be sent
	limit  int  // bytes a line may have (ReadLine's limit)
	over   int  // bytes typed past the limit, not kept
	shown  bool // the prompt line is on screen, the cursor on it
	closed bool // Close was called: the session is over, nothing is drawn

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

// Close clears the prompt line: the session is over. A ReadLine still
// running, or called after it, draws nothing more and returns io.EOF.
func (p *Prompt) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.shown {
		io.WriteString(p.term, "\r\x1b[2K")
		p.shown = false
	}
}

// ReadLine shows the prompt and edits a line with the keys read from in
// until Enter, then returns it (and remembers it for ↑). Ctrl-D on an empty
// line returns io.EOF; Ctrl-C returns ErrInterrupted (see Input.ReadKey).
// The prompt stays on screen, empty, for the next line. A line longer than
// limit bytes (a paste) is not kept past the limit: Enter then returns a
// LineTooLongError, as Input.ReadLine does.
func (p *Prompt) ReadLine(ctx context.Context, in *Input, limit int) (string, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return "", io.EOF
	}
	p.limit = limit
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
		if p.closed {
			p.mu.Unlock()
			return "", io.EOF
		}
		line, done, eof := p.keyLocked(k)
		over := p.over
		if done {
			p.over = 0
		}
		if !in.Pending() || done || eof {
			p.drawLocked() // typed ahead (a paste): draw once at the end
		}
		p.mu.Unlock()
		switch {
		case eof:
			return "", io.EOF
		case done && over > 0:
			return "", LineTooLongError{N: len(line) + over, Limit: limit}
		case done:
			return line, nil
		}
	}
}

// keyLocked applies one key to the line.
func (p *Prompt) keyLocked(k Key) (line string, done, eof bool) {
	if k.Code == KeyTab {
		k = Key{Code: KeyRune, Rune: ' '}
	}
	switch k.Code {
	case KeyRune:
		if n := utf8.RuneLen(k.Rune); p.limit > 0 && p.bytes+n > p.limit {
			p.over += n
		} else {
			p.line = slices.Insert(p.line, p.cursor, k.Rune)
			p.cursor++
			p.bytes += n
		}
		return "", false, false
	case KeyEnter:
		line = string(p.line)
		if p.over == 0 {
			p.remember(line)
		}
		p.line, p.cursor, p.bytes = nil, 0, 0
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
	p.bytes = size(p.line) // after an edit of any size: counted again
	if k.Code == KeyKillLine || k.Code == KeyUp || k.Code == KeyDown {
		p.over = 0 // a new line: what was dropped from the old one is gone with it
	}
	return "", false, false
}

// size is the length in bytes of rs as UTF-8.
func size(rs []rune) int {
	n := 0
	for _, r := range rs {
		n += utf8.RuneLen(r)
	}
	return n
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
	// The window: as much as fits before the cursor, then after it.
	start, w := p.cursor, 0
	for start > 0 && w+runewidth.RuneWidth(p.line[start-1]) <= room {
		start--
		w += runewidth.RuneWidth(p.line[start])
	}
	end := p.cursor
	for end < len(p.line) && w+runewidth.RuneWidth(p.line[end]) <= room {
		w += runewidth.RuneWidth(p.line[end])
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
