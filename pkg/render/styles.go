package render

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// styles names every style the diagram uses. Plain mode lays out exactly the
// same segments and simply skips the styles, so the two modes cannot drift.
//
// Colours are fixed mid-tone ANSI 256 colours chosen to read on both dark and
// light backgrounds. We deliberately avoid lipgloss.AdaptiveColor: resolving it
// asks the terminal for its background colour, and that query's reply arrives
// on stdin, where --step is reading the Enter presses.
type styles struct {
	Lifeline lipgloss.Style // the vertical bars and the lifelines' end
	Actor    lipgloss.Style // CLIENT / SERVER in the header
	Meta     lipgloss.Style // "#1  +12.3ms" above an arrow; elided-bytes lines
	ArrowOut lipgloss.Style // arrows from the left actor to the server
	ArrowIn  lipgloss.Style // arrows from the server to the left actor
	Label    lipgloss.Style // the summary written on an arrow

	FieldName  lipgloss.Style // "Sec-WebSocket-Key", "FIN"
	FieldValue lipgloss.Style // the value as it crossed the wire
	Meaning    lipgloss.Style // "— what it means"

	NoteMark  lipgloss.Style // the ℹ before a teaching note
	NoteText  lipgloss.Style // the teaching note itself (kept at full brightness: it is the lesson)
	CheckOK   lipgloss.Style // ✓ passing checks
	CheckFail lipgloss.Style // ✗ failing checks, frame violations
	CheckNone lipgloss.Style // a check event without an outcome
	Error     lipgloss.Style // error events
	TCP       lipgloss.Style // connection opened / closed lines

	SummaryBar   lipgloss.Style // the heavy rule of a summary block
	SummaryTitle lipgloss.Style // its title
	StatKey      lipgloss.Style // stats table keys
	StatValue    lipgloss.Style // stats table values

	HexOffset lipgloss.Style // the offset column of a hex dump
	HexPlain  lipgloss.Style // bytes no field claims

	// Palette colours the bytes of a hex dump by field, cycling; the same
	// colour marks the field's name in the field table.
	Palette []lipgloss.Style
}

// newStyles builds the styles on a renderer whose colour profile is forced to
// ANSI 256: the caller has already decided that colour is wanted, so nothing
// is detected from the output (which also keeps golden files deterministic).
func newStyles(lr *lipgloss.Renderer) *styles {
	lr.SetColorProfile(termenv.ANSI256)
	fg := func(c string) lipgloss.Style { return lr.NewStyle().Foreground(lipgloss.Color(c)) }
	const (
		grey   = "244"
		blue   = "33"
		purple = "134"
		teal   = "37"
		green  = "34"
		red    = "160"
		orange = "166"
		ochre  = "136"
		pink   = "168"
	)
	return &styles{
		Lifeline: fg(grey),
		Actor:    lr.NewStyle().Bold(true),
		Meta:     fg(grey),
		ArrowOut: fg(blue),
		ArrowIn:  fg(purple),
		Label:    lr.NewStyle().Bold(true),

		FieldName:  fg(teal),
		FieldValue: lr.NewStyle(),
		Meaning:    fg(grey),

		NoteMark:  fg(blue).Bold(true),
		NoteText:  lr.NewStyle().Italic(true),
		CheckOK:   fg(green).Bold(true),
		CheckFail: fg(red).Bold(true),
		CheckNone: fg(grey),
		Error:     fg(red).Bold(true),
		TCP:       fg(grey),

		SummaryBar:   fg(ochre),
		SummaryTitle: lr.NewStyle().Bold(true),
		StatKey:      fg(teal),
		StatValue:    lr.NewStyle().Bold(true),

		HexOffset: fg(grey),
		HexPlain:  fg(grey),

		Palette: []lipgloss.Style{fg(blue), fg(orange), fg(green), fg(pink), fg(teal), fg(ochre)},
	}
}
