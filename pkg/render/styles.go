package render

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"wsdemo/internal/theme"
)

// styles names every style the diagram uses. Plain mode lays out exactly the
// same segments and simply skips the styles, so the two modes cannot drift.
//
// Colours come from the palette of the theme in Options (internal/theme), one
// for dark backgrounds and one for light ones. We deliberately avoid
// lipgloss.AdaptiveColor: resolving it asks the terminal for its background
// colour whenever it pleases, and that query's reply arrives on stdin, where
// --step is reading the Enter presses. The CLI asks once, before anything
// reads stdin, and passes the answer down.
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

// newStyles builds the styles for th on a renderer whose colour profile is
// forced to ANSI 256: the caller has already decided that colour is wanted,
// so nothing is detected from the output (which also keeps golden files
// deterministic). Which background the output has is the caller's to say
// (--theme, or what the terminal answered before anything read stdin).
func newStyles(lr *lipgloss.Renderer, th theme.Theme) *styles {
	lr.SetColorProfile(termenv.ANSI256)
	fg := func(c string) lipgloss.Style { return lr.NewStyle().Foreground(lipgloss.Color(c)) }
	p := th.Palette()
	return &styles{
		Lifeline: fg(p.Muted),
		Actor:    lr.NewStyle().Bold(true),
		Meta:     fg(p.Muted),
		ArrowOut: fg(p.Blue),
		ArrowIn:  fg(p.Purple),
		Label:    lr.NewStyle().Bold(true),

		FieldName:  fg(p.Teal),
		FieldValue: lr.NewStyle(),
		Meaning:    fg(p.Muted),

		NoteMark:  fg(p.Blue).Bold(true),
		NoteText:  lr.NewStyle().Italic(true),
		CheckOK:   fg(p.Green).Bold(true),
		CheckFail: fg(p.Red).Bold(true),
		CheckNone: fg(p.Muted),
		Error:     fg(p.Red).Bold(true),
		TCP:       fg(p.Muted),

		SummaryBar:   fg(p.Ochre),
		SummaryTitle: lr.NewStyle().Bold(true),
		StatKey:      fg(p.Teal),
		StatValue:    lr.NewStyle().Bold(true),

		HexOffset: fg(p.Muted),
		HexPlain:  fg(p.Muted),

		Palette: []lipgloss.Style{fg(p.Blue), fg(p.Orange), fg(p.Green), fg(p.Pink), fg(p.Teal), fg(p.Ochre)},
	}
}
