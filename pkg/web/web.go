// Package web holds the page `wsdemo serve` gives the browser: plain HTML,
// CSS and JavaScript, embedded in the binary. There is no build step, no
// framework and nothing fetched from elsewhere, so the page works offline
// and what the browser loads is exactly these files.
//
//	index.html    the shared document: the text area #doc, the switch #mode
//	              (refresh, poll, long-poll, websocket), the edits #edits and
//	              the tab's own log of messages #log
//	app.js        the page's script: the four ways of following, the edits,
//	              the clock offset and the latency of each edit that arrives
//	app.css       light and dark (prefers-color-scheme), phone and desktop widths
//	foreign.html  the "foreign site": another origin whose page tries to open
//	              a WebSocket to the document (cross-site WebSocket hijacking)
//
// index.html holds placeholders the server fills in (see Placeholders).
package web

import "embed"

// Files are the page's files.
//
//go:embed index.html app.js app.css foreign.html
var Files embed.FS

// The placeholders of index.html, filled in by the server that serves it.
const (
	// PlaceholderLang is the page's language when the server forces one
	// (--lang): "en" or "pt-BR"; empty, the page follows the browser's.
	PlaceholderLang = "{{LANG}}"
	// PlaceholderForeignPort is the port of the foreign site, on the host
	// the page was loaded from.
	PlaceholderForeignPort = "{{FOREIGN_PORT}}"
	// PlaceholderRun names this run of the server, so that a tab's state
	// kept across reloads (its number, its log) is not carried over to
	// another run.
	PlaceholderRun = "{{RUN}}"
)
