package render

import (
	"math"
	"strings"

	"wsdemo/pkg/trace"
)

// A summary whose stats name the strategies it compares ("compared": the
// names) is drawn as a table of the earlier summaries with those
// stats.strategy values, plus bar charts of their latency and bytes: the
// numbers side by side, readable at a glance.

// remember keeps the stats of summaries that describe one strategy.
func (r *Renderer) remember(e trace.Event) {
	if e.Kind != trace.KindSummary || e.Stats == nil {
		return
	}
	if name, ok := e.Strategy(); ok {
		if r.strategies == nil {
			r.strategies = map[string]map[string]any{}
		}
		r.strategies[name] = e.Stats
	}
}

// compared returns the strategies e compares, in its order, that this
// renderer has seen.
func (r *Renderer) compared(e trace.Event) []string {
	var out []string
	for _, n := range e.Compared() {
		if _, ok := r.strategies[n]; ok {
			out = append(out, n)
		}
	}
	return out
}

func (r *Renderer) comparable(e trace.Event) bool { return len(r.compared(e)) > 0 }

// comparison draws the table and the two bar charts within w columns.
func (r *Renderer) comparison(e trace.Event, w int) []line {
	names := r.compared(e)
	t := r.text
	cols := []struct {
		title, key string
		ms         bool
	}{
		{t.F("seen"), "seen", false}, {t.F("p50 ms"), "latency_ms_p50", true}, {t.F("p95 ms"), "latency_ms_p95", true},
		{t.F("max ms"), "latency_ms_max", true}, {t.F("requests"), "http_requests", false}, {t.F("empty"), "empty_responses", false},
		{t.F("bytes"), "bytes", false},
	}
	strategy := t.F("strategy")
	cells := make([][]string, len(names))
	nameW := textWidth(strategy)
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = textWidth(c.title)
	}
	for i, n := range names {
		nameW = max(nameW, textWidth(n))
		st := r.strategies[n]
		for j, c := range cols {
			v := statNumber(st[c.key])
			s := t.Int(int64(math.Round(v)))
			switch {
			case c.key == "seen":
				s += "/" + t.Int(int64(math.Round(statNumber(st["edits"]))))
			case c.ms:
				s = t.Millis(v)
			}
			cells[i] = append(cells[i], s)
			widths[j] = max(widths[j], textWidth(s))
		}
	}
	// Drop columns from the right until the table fits.
	n := len(cols)
	for n > 1 {
		total := nameW
		for _, cw := range widths[:n] {
			total += 2 + cw
		}
		if total <= w {
			break
		}
		n--
	}
	head := line{sty(&r.st.StatKey, padRight(strategy, nameW))}
	for j := 0; j < n; j++ {
		head = append(head, sty(&r.st.StatKey, "  "+spaces(widths[j]-textWidth(cols[j].title))+cols[j].title))
	}
	out := []line{head}
	for i, name := range names {
		l := line{sty(&r.st.FieldName, padRight(name, nameW))}
		for j := 0; j < n; j++ {
			l = append(l, sty(&r.st.StatValue, "  "+spaces(widths[j]-textWidth(cells[i][j]))+cells[i][j]))
		}
		out = append(out, l)
	}
	out = append(out, line{})
	out = append(out, r.bars(t.F("median latency, ms (shorter is better)"), names, "latency_ms_p50", true, nameW, w)...)
	out = append(out, line{})
	out = append(out, r.bars(t.F("bytes on tab B's connections (shorter is better)"), names, "bytes", false, nameW, w)...)
	return out
}

// bars draws one horizontal bar per strategy, scaled to the largest value,
// with eighth-block precision so small values still show.
func (r *Renderer) bars(title string, names []string, key string, ms bool, nameW, w int) []line {
	out := []line{{sty(&r.st.SummaryTitle, truncate(title, w))}}
	vals := make([]float64, len(names))
	labels := make([]string, len(names))
	top, labelW := 0.0, 0
	for i, n := range names {
		vals[i] = statNumber(r.strategies[n][key])
		top = math.Max(top, vals[i])
		if ms {
			labels[i] = r.text.Millis(vals[i])
		} else {
			labels[i] = r.text.Int(int64(vals[i]))
		}
		labelW = max(labelW, textWidth(labels[i]))
	}
	room := w - nameW - labelW - 3
	if room < 4 {
		return out
	}
	for i, n := range names {
		bar := ""
		if top > 0 {
			bar = eighths(vals[i] / top * float64(room))
		}
		out = append(out, line{sty(&r.st.FieldName, padRight(n, nameW)), txt(" "),
			sty(&r.st.Palette[i%len(r.st.Palette)], bar), txt(" "), sty(&r.st.StatValue, labels[i])})
	}
	return out
}

// eighths draws a bar of the given length in cells; any positive value shows
// at least a sliver.
func eighths(cells float64) string {
	if cells <= 0 {
		return ""
	}
	full := int(cells)
	part := int((cells - float64(full)) * 8)
	s := strings.Repeat("█", full)
	if part > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[part-1])
	}
	if s == "" {
		s = "▏"
	}
	return s
}

// statNumber reads a number from stats, whether it came from Go or JSON.
func statNumber(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case float64:
		return n
	case float32:
		return float64(n)
	}
	return 0
}
