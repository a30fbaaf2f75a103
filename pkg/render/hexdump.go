package render

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/pkg/trace"
)

// Messages longer than elideOver bytes show their first elideHead and last
// elideTail bytes unless Verbose: the shape of a big frame is in its ends.
const (
	elideOver = 512
	elideHead = 256
	elideTail = 64
)

// byteGroup is a range of Raw claimed by one or more fields. Fields with the
// same range (FIN, RSV and opcode share a byte) are one group: one colour,
// one legend entry.
type byteGroup struct {
	label    string
	off, end int // [off, end) within Raw
	colour   int // palette index, before cycling
}

// groupFields groups fields by the bytes they cover, clipped to n bytes, and
// maps each field to its group (-1 for derived fields with no bytes).
func groupFields(fs []trace.Field, n int) (groups []byteGroup, of []int) {
	of = make([]int, len(fs))
	index := map[[2]int]int{}
	for i, f := range fs {
		off, end := max(f.Off, 0), min(f.Off+f.Len, n)
		if f.Len <= 0 || off >= end {
			of[i] = -1
			continue
		}
		k := [2]int{off, end}
		g, ok := index[k]
		if !ok {
			g = len(groups)
			index[k] = g
			groups = append(groups, byteGroup{label: oneLine(f.Name), off: off, end: end, colour: g})
		} else {
			groups[g].label += "/" + oneLine(f.Name)
		}
		of[i] = g
	}
	return groups, of
}

// owners gives each byte the narrowest group covering it (-1: none), so a
// field inside another (a header's value inside its line) shows its own colour.
func owners(groups []byteGroup, n int) []int {
	own := make([]int, n)
	for i := range own {
		own[i] = -1
	}
	for g, bg := range groups {
		for i := bg.off; i < bg.end; i++ {
			if o := own[i]; o < 0 || bg.end-bg.off < groups[o].end-groups[o].off {
				own[i] = g
			}
		}
	}
	return own
}

// hexRowWidth is the width of a dump row of bpl bytes:
// "0000  81 85 37 fa 21 3d 7f 9f  4d 51 58 ...  ....7.!=..".
func hexRowWidth(bpl, offW int) int {
	gaps := bpl/8 - 1 // an extra space between groups of eight
	return offW + 2 + bpl*3 - 1 + max(gaps, 0) + 2 + bpl
}

// hexDump draws raw as offset, hex and ASCII columns within w columns, the
// bytes styled by field (Pretty) and a legend above: coloured squares in
// Pretty, field names with their offsets in Plain.
func (r *Renderer) hexDump(raw []byte, fs []trace.Field, w int) []line {
	n := len(raw)
	groups, _ := groupFields(fs, n)
	own := owners(groups, n)
	offW := max(4, len(fmt.Sprintf("%x", n-1)))
	// Sixteen bytes a row, as every hex dump a learner will meet; halve it
	// when the terminal is too narrow.
	bpl := 16
	for bpl > 4 && hexRowWidth(bpl, offW) > w {
		bpl /= 2
	}

	out := r.legend(groups, w)
	byteSt := func(i int) *lipgloss.Style {
		if own[i] < 0 {
			return &r.st.HexPlain
		}
		return &r.st.Palette[groups[own[i]].colour%len(r.st.Palette)]
	}
	rows := func(from, to int) {
		for s := from; s < to; s += bpl {
			out = append(out, r.hexRow(raw, s, min(s+bpl, n), bpl, offW, own, byteSt))
		}
	}
	if n <= elideOver || r.o.Verbose {
		rows(0, n)
		return out
	}
	tail := max(elideHead, (n-elideTail)/bpl*bpl) // whole rows, so offsets stay aligned
	rows(0, elideHead)
	text := r.text.F("··· %d bytes not shown (--verbose shows all) ···", tail-elideHead)
	out = append(out, line{sty(&r.st.Meta, truncate(text, w))})
	rows(tail, n)
	return out
}

// hexRow draws bytes [start, end) of raw. Neighbouring bytes of one field are
// joined into one segment so Pretty emits one colour change per field, not
// per byte.
func (r *Renderer) hexRow(raw []byte, start, end, bpl, offW int, own []int, byteSt func(int) *lipgloss.Style) line {
	l := line{sty(&r.st.HexOffset, fmt.Sprintf("%0*x", offW, start)), txt("  ")}
	for j := 0; j < bpl; j++ {
		i := start + j
		if j > 0 {
			sep := " "
			if j%8 == 0 {
				sep = "  "
			}
			var st *lipgloss.Style
			if i < end && own[i] == own[i-1] {
				st = byteSt(i) // inside one field: keep the colour running
			}
			l = append(l, seg{text: sep, st: st})
		}
		if i >= end {
			l = append(l, txt("  "))
			continue
		}
		l = append(l, sty(byteSt(i), fmt.Sprintf("%02x", raw[i])))
	}
	l = append(l, txt("  "))
	for i := start; i < end; i++ {
		c := raw[i]
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		l = append(l, sty(byteSt(i), string(c)))
	}
	return merge(l)
}

// merge joins adjacent segments that share a style.
func merge(l line) line {
	var out line
	for _, s := range l {
		if k := len(out) - 1; k >= 0 && out[k].st == s.st {
			out[k].text += s.text
			continue
		}
		out = append(out, s)
	}
	return out
}

// legend names the groups above the dump. Pretty shows each name behind a
// square of its colour; Plain, which has no colour, gives the offsets.
func (r *Renderer) legend(groups []byteGroup, w int) []line {
	var entries []seg
	for _, g := range groups {
		var text string
		if r.o.Mode == Plain {
			span := fmt.Sprintf("%02x", g.off)
			if g.end-g.off > 1 {
				span += fmt.Sprintf("–%02x", g.end-1)
			}
			text = g.label + ": " + span
		} else {
			text = "■ " + g.label
		}
		entries = append(entries, sty(&r.st.Palette[g.colour%len(r.st.Palette)], truncate(text, w)))
	}
	// Pack entries greedily into lines, two spaces apart.
	var out []line
	var cur line
	for _, e := range entries {
		if len(cur) > 0 && cur.width()+2+textWidth(e.text) > w {
			out = append(out, cur)
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, txt("  "))
		}
		cur = append(cur, e)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
