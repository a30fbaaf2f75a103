package lesson

import "wsdemo/internal/theme"

// MarkdownOptions are how RenderMarkdown draws.
type MarkdownOptions struct {
	Width   int         // columns to wrap to; 0 means DefaultWidth
	Color   bool        // styles instead of Markdown's marks
	Theme   theme.Theme // the background the colours are for
	Program string      // how the learner starts wsdemo, for commands in the text ("" is wsdemo)
}

// RenderMarkdown renders Markdown written in the lessons' style (see
// lessons/README.md) as a lesson section is drawn: reflowed to the width,
// code never broken, commands shown as the learner types them. Exercise
// tasks are drawn with it, so they read like the lessons. It returns the
// text, ending with one newline.
func RenderMarkdown(md string, o MarkdownOptions) string {
	w := o.Width
	if w <= 0 {
		w = DefaultWidth
	}
	return newMarkdown(w, o.Color, o.Theme, o.Program).render(md)
}
