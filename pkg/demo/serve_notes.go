package demo

import (
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

// The teaching notes of the serve scenario. Each is chosen from what the
// tap saw cross (a request's method, path and headers, a response's status
// and headers, a frame's opcode and close code), by the pure functions
// below, from one table of whole sentences; serve_notes_test.go holds the
// table from facts to note. A note is given the first time its case occurs
// in a run: the learner reads it once, then watches what changes.

// noteKey names one note of the serve scenario.
type noteKey string

const (
	noteConnect          noteKey = "connect"
	notePage             noteKey = "page"
	notePageCookie       noteKey = "page cookie"
	noteTab              noteKey = "tab"
	noteDoc              noteKey = "doc"
	notePoll             noteKey = "poll"
	notePoll304          noteKey = "poll 304"
	notePoll200          noteKey = "poll 200"
	noteLongPoll         noteKey = "long-poll"
	noteLongPoll200      noteKey = "long-poll 200"
	noteLongPoll204      noteKey = "long-poll 204"
	noteEdit             noteKey = "edit"
	noteEdit201          noteKey = "edit 201"
	noteHandshake        noteKey = "handshake"
	noteForeign          noteKey = "foreign"
	noteForeignCookie    noteKey = "foreign cookie"
	note101              noteKey = "101"
	note101Declined      noteKey = "101 declined"
	note403              noteKey = "403"
	note403Cookie        noteKey = "403 cookie"
	notePush             noteKey = "push"
	noteTabSends         noteKey = "tab sends"
	notePing             noteKey = "ping"
	notePong             noteKey = "pong"
	noteClose1001Tab     noteKey = "close 1001 tab"
	noteClose1000Tab     noteKey = "close 1000 tab"
	noteCloseTab         noteKey = "close tab"
	noteClose1001Server  noteKey = "close 1001 server"
	noteCloseServer      noteKey = "close server"
	noteCloseReply       noteKey = "close reply"
	noteHandshakeCookie  noteKey = "handshake cookie"
	noteHandshakeDeflate noteKey = "handshake deflate"
	noteShared           noteKey = "shared"
	// noteHandshakeNoOrigin: a handshake without Origin (no browser's).
	noteHandshakeNoOrigin noteKey = "handshake no origin"
)

// serveNotes are the notes, in English: the key of their translations.
var serveNotes = map[noteKey]lang.Msg{
	noteShared:            "This connection carried tab-%#d's requests before this one from tab-%#d: the browser shares its connections among its tabs. A connection belongs to the browser, not to a page.",
	noteConnect:           "A client opened a TCP connection to the server; its requests will say what it is. A browser may open connections before it needs them, and shares them among its tabs: each request below is labelled with the tab it names.",
	notePage:              "The browser asks for the page: an ordinary GET (RFC 9110 §9.3.1). The page then asks for its script and its style sheet, each with a request of its own.",
	notePageCookie:        "The page comes with a session cookie (Set-Cookie). The browser now sends it back with every request to this host (RFC 6265 §5.4), whichever page makes the request: cookies do not tell one port from another (RFC 6265 §8.5). HttpOnly keeps it from the page's script (RFC 6265 §5.2.6).",
	noteTab:               "The page's script asks the server for a number for this tab, and adds it to every later request (?tab=N): that is how this trace knows which tab sent what.",
	noteDoc:               "The tab loads the whole document, its text and its version. In refresh mode this is the only way it learns of an edit: once per reload.",
	notePoll:              "The tab asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2). It asks on its timer, whether or not anything happened.",
	notePoll304:           "Nothing new: 304 Not Modified, with no body (RFC 9110 §15.4.5). An empty answer still costs a whole request and response on the wire.",
	notePoll200:           "Something changed: the whole document comes back, with every edit made since the last poll. Those edits waited for this poll to be seen.",
	noteLongPoll:          "The tab asks for the edits after the version it has, and the server holds the request until there is one: long polling (RFC 6202 §2.1).",
	noteLongPoll200:       "The server answers as soon as an edit is applied, and the tab asks again at once. The held line says how long the request waited at the server.",
	noteLongPoll204:       "No edit came while the server held the request: 204 No Content (RFC 9110 §15.3.5), and the tab asks again.",
	noteEdit:              "The tab sends its edit as JSON in a POST (RFC 9110 §9.3.3): where in the text, how many characters it removed and what it inserted. Over HTTP, each edit is a request and a response of its own.",
	noteEdit201:           "201 Created: the server applied the edit and numbered it with the document's next version (RFC 9110 §15.3.2).",
	noteHandshake:         "The browser's own opening handshake (RFC 6455 §4.1): the page's script only called new WebSocket(url), and the browser wrote every header. Origin names the page that opened it (RFC 6455 §10.2); User-Agent names the browser.",
	noteHandshakeCookie:   "The browser added the session cookie by itself: the server knows the user from it (its check below says who).",
	noteHandshakeDeflate:  "Sec-WebSocket-Extensions offers permessage-deflate, which compresses each message (RFC 7692 §7). It is in use only if the server's answer names it.",
	noteForeign:           "A page of another origin opens this handshake. Its Origin says so, and a page's script cannot change that header (RFC 6455 §10.2).",
	noteForeignCookie:     "A page of another origin opens this handshake, and the browser added the user's session cookie all the same. Only Origin tells where it comes from, and a page's script cannot change that header (RFC 6455 §10.2).",
	note101:               "101 Switching Protocols: from here on this connection carries WebSocket frames, both ways (RFC 6455 §4.2.2).",
	note101Declined:       "101 Switching Protocols, with no Sec-WebSocket-Extensions: the server accepted no extension, so none is in use (RFC 6455 §9.1). It declined permessage-deflate, so every frame below is readable as it crossed.",
	note403:               "403 Forbidden: the server checks Origin, and this one is not its own (RFC 6455 §10.2).",
	note403Cookie:         "403 Forbidden: the server checks Origin, and this one is not its own. The handshake carried the user's session cookie: without the Origin check, a page of any origin could read and edit this user's document through it (cross-site WebSocket hijacking, RFC 6455 §10.2).",
	notePush:              "The server pushes the edit the moment it is applied; the tab did not ask. The JSON also carries the server's clock (now), which the page uses to measure the latency.",
	noteTabSends:          "The tab sends its edit on the same connection: no request and no header fields, just a frame header of a few bytes, masked as every frame from a client must be (RFC 6455 §5.1).",
	notePing:              "The server pings (RFC 6455 §5.5.2): once when the WebSocket opens, then every %v, so that a dead connection does not go unnoticed.",
	notePong:              "The browser answers the ping with a pong carrying the same data (RFC 6455 §5.5.3), by itself: the page's script never sees pings or pongs.",
	noteClose1001Tab:      "1001, going away: an endpoint that leaves, such as a browser navigating away from a page (RFC 6455 §7.4.1). The browser sends it by itself when the page that opened the WebSocket goes away: reloaded, closed or left.",
	noteClose1000Tab:      "The page's script closed the WebSocket with 1000, normal closure (RFC 6455 §7.4.1); the reason says why.",
	noteCloseTab:          "The tab closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).",
	noteClose1001Server:   "The server is shutting down: it closes the WebSocket with 1001, going away (RFC 6455 §7.4.1).",
	noteCloseServer:       "The server closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).",
	noteHandshakeNoOrigin: "An opening handshake (RFC 6455 §4.1) without Origin: a browser always sends one (RFC 6455 §4.1), so this client is not a browser, and no page opened it.",
	noteCloseReply:        "The other side answers with its own Close frame: the closing handshake is complete (RFC 6455 §5.5.1).",
}

// serveClientNotes replace serveNotes for a client that showed none of a
// browser's signs (browserSigns): curl, a script, a test. What they say
// holds for any client; a note missing here holds for any client as it is.
var serveClientNotes = map[noteKey]lang.Msg{
	noteShared:          "This connection carried tab-%#d's requests before this one from tab-%#d: one client sent requests for both tabs on it. A connection belongs to a client, not to a page.",
	notePage:            "A client asks for the page: an ordinary GET (RFC 9110 §9.3.1). It sent no Sec-Fetch-* header, which browsers add, so it may not be a browser: a browser would then ask for the page's script and style sheet too.",
	notePageCookie:      "The page comes with a session cookie (Set-Cookie). A client that keeps cookies, as a browser does, sends it back with every request to this host (RFC 6265 §5.4), whichever page makes the request: cookies do not tell one port from another (RFC 6265 §8.5). A client that keeps none, as curl without -b, sends nothing back.",
	noteTab:             "A client asks the server for a tab number, as the page's script does, to add to its later requests (?tab=N): that is how this trace knows which tab sent what.",
	noteDoc:             "A client loads the whole document, its text and its version. In refresh mode this is the only way the page learns of an edit: once per reload.",
	notePoll:            "A client asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2).",
	noteLongPoll:        "A client asks for the edits after the version it has, and the server holds the request until there is one: long polling (RFC 6202 §2.1).",
	noteLongPoll200:     "The server answers as soon as an edit is applied. The held line says how long the request waited at the server.",
	noteLongPoll204:     "No edit came while the server held the request: 204 No Content (RFC 9110 §15.3.5).",
	noteEdit:            "A client sends an edit as JSON in a POST (RFC 9110 §9.3.3): where in the text, how many characters it removed and what it inserted. Over HTTP, each edit is a request and a response of its own.",
	noteHandshake:       "An opening handshake (RFC 6455 §4.1). Its Origin names a page (RFC 6455 §10.2), but it carries no session cookie from the page, which a browser would add: its client may not be a browser, and any program can write an Origin.",
	noteHandshakeCookie: "The handshake carried the session cookie the page set: the server knows the user from it (its check below says who).",
	noteForeign:         "This handshake's Origin is not the server's own: it names a page of another origin. A page's script cannot change that header (RFC 6455 §10.2); a client that is not a browser can write any Origin.",
	noteForeignCookie:   "This handshake's Origin is not the server's own: it names a page of another origin, and the handshake carried the user's session cookie all the same. A page's script cannot change Origin (RFC 6455 §10.2); a client that is not a browser can write any.",
	notePush:            "The server pushes the edit the moment it is applied; the client did not ask. The JSON also carries the server's clock (now), from which the page measures the latency.",
	noteTabSends:        "The client sends a message on the same connection: no request and no header fields, just a frame header of a few bytes, masked as every frame from a client must be (RFC 6455 §5.1).",
	notePong:            "The client answers the ping with a pong carrying the same data (RFC 6455 §5.5.3).",
	noteClose1001Tab:    "1001, going away: an endpoint that leaves, such as a browser navigating away from a page (RFC 6455 §7.4.1).",
	noteClose1000Tab:    "The client closed the WebSocket with 1000, normal closure (RFC 6455 §7.4.1).",
	noteCloseTab:        "The client closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).",
}

// browserSigns reports whether a request shows a browser sent it: a
// Sec-Fetch-* header (Fetch Metadata, which browsers add to the requests
// of a page and its script cannot set), or, on a WebSocket handshake,
// which carries none (Chromium sends no Sec-Fetch-* there), an Origin
// together with the session cookie the page set: a browser adds both by
// itself. Origin alone is no such sign: any program can write one. Without
// a sign the notes say "a client".
func browserSigns(h *trace.HTTP) bool {
	if h == nil {
		return false
	}
	for _, kv := range h.Headers {
		if len(kv[0]) > 10 && strings.EqualFold(kv[0][:10], "Sec-Fetch-") {
			return true
		}
	}
	_, origin := h.Header("Origin")
	cookie, _ := h.Header("Cookie")
	return origin && hasCookie(cookie, server.SessionCookie)
}

// hasCookie reports whether a Cookie header's value holds a cookie called
// name (RFC 6265 §4.2.1: name=value pairs separated by "; ").
func hasCookie(header, name string) bool {
	for _, pair := range strings.Split(header, ";") {
		if n, _, ok := strings.Cut(strings.TrimSpace(pair), "="); ok && n == name {
			return true
		}
	}
	return false
}

// serveNote is note k's sentence for a browser or another client.
func serveNote(k noteKey, browser bool) lang.Msg {
	if !browser {
		if m, ok := serveClientNotes[k]; ok {
			return m
		}
	}
	return serveNotes[k]
}

// serveMeanings explain the headers a browser's requests and the page's
// answers carry, beyond those the other demos explain.
var serveMeanings = map[string]lang.Msg{
	"set-cookie":                "the server asks the client to keep a cookie and send it back (RFC 6265 §4.1)",
	"referer":                   "the page this request came from, as the client says (RFC 9110 §10.1.3)",
	"if-none-match":             "the version the client has: if it is still current the answer is 304 (RFC 9110 §13.1.2)",
	"etag":                      "the version of the document, for If-None-Match (RFC 9110 §8.8.3)",
	"cache-control":             "caching rules: no-store keeps no copy, no-cache checks before using one (RFC 9111 §5.2)",
	"pragma":                    "the HTTP/1.0 form of Cache-Control: no-cache (RFC 9111 §5.4)",
	"accept-language":           "the languages the user prefers (RFC 9110 §12.5.4)",
	"sec-fetch-site":            "Fetch Metadata: where the request comes from, seen from this site: same-origin, same-site or cross-site",
	"sec-fetch-mode":            "Fetch Metadata: how the page asked: navigate, cors, no-cors, websocket",
	"sec-fetch-dest":            "Fetch Metadata: what the answer is for: a document, a script, a style sheet, nothing the page shows (empty)",
	"sec-fetch-user":            "Fetch Metadata: the user started this navigation",
	"upgrade-insecure-requests": "the browser would rather have HTTPS (W3C Upgrade Insecure Requests)",
	"sec-ch-ua":                 "a client hint: the browser's brands and versions",
	"sec-ch-ua-mobile":          "a client hint: ?1 on a phone, ?0 otherwise",
	"sec-ch-ua-platform":        "a client hint: the operating system",
	"x-server-time":             "a header of this demo: the server's clock as the answer left, in milliseconds since 1970, for the page's latency",
	"sec-websocket-extensions":  "extensions the client offers: permessage-deflate compresses each message (RFC 7692 §7); in use only if the answer names it (RFC 6455 §9.1)",
}

// methodMeaning says what a POST of the page is for (annotate.go's
// meaning of POST is the notes API's).
var methodMeaning = map[requestKind]lang.Msg{
	reqTab:  "send data for the server to process: here, ask for a tab number (RFC 9110 §9.3.3)",
	reqEdit: "send data for the server to process: here, an edit to apply (RFC 9110 §9.3.3)",
}

// requestNoteKeys is the note of the first request of each kind.
func requestNoteKeys(r sentRq) []noteKey {
	switch r.kind {
	case reqPage:
		return []noteKey{notePage}
	case reqTab:
		return []noteKey{noteTab}
	case reqDoc:
		return []noteKey{noteDoc}
	case reqPoll:
		return []noteKey{notePoll}
	case reqLongPoll:
		return []noteKey{noteLongPoll}
	case reqEdit:
		return []noteKey{noteEdit}
	case reqHandshake:
		if r.label == foreignActor {
			if r.cookie {
				return []noteKey{noteForeignCookie}
			}
			return []noteKey{noteForeign}
		}
		keys := []noteKey{noteHandshake}
		if !r.browser && r.origin == "" {
			keys = []noteKey{noteHandshakeNoOrigin}
		}
		if r.cookie {
			keys = append(keys, noteHandshakeCookie)
		}
		if r.deflate {
			keys = append(keys, noteHandshakeDeflate)
		}
		return keys
	}
	return nil
}

// responseFacts are what the tap saw of a response and its request.
type responseFacts struct {
	kind           requestKind
	status         int
	setCookie      bool // the response sets a cookie
	offeredDeflate bool // the request offered permessage-deflate
	acceptedExt    bool // the response names an extension
	cookie         bool // the request carried a cookie
	foreign        bool // the request came from a page of another origin
	browser        bool // the request showed a browser's signs (browserSigns)
}

// responseNoteKey is the note of a response, "" for none.
func responseNoteKey(f responseFacts) noteKey {
	switch {
	case f.kind == reqPage && f.status == 200 && f.setCookie:
		return notePageCookie
	case f.kind == reqPoll && f.status == 304:
		return notePoll304
	case f.kind == reqPoll && f.status == 200:
		return notePoll200
	case f.kind == reqLongPoll && f.status == 200:
		return noteLongPoll200
	case f.kind == reqLongPoll && f.status == 204:
		return noteLongPoll204
	case f.kind == reqEdit && f.status == 201:
		return noteEdit201
	case f.kind == reqHandshake && f.status == 101 && f.offeredDeflate && !f.acceptedExt:
		return note101Declined
	case f.kind == reqHandshake && f.status == 101:
		return note101
	case f.kind == reqHandshake && f.status == 403 && f.foreign && f.cookie:
		return note403Cookie
	case f.kind == reqHandshake && f.status == 403 && f.foreign:
		return note403
	}
	return ""
}

// frameFacts are what the tap saw of a frame.
type frameFacts struct {
	fromServer bool
	opcode     int
	closeCode  int
	// closeFrames counts the close frames on the connection, this one
	// included: 2 means it answers the other side's.
	closeFrames int
	browser     bool // its handshake showed a browser's signs
}

// frameNoteKey is the note of a frame, "" for none.
func frameNoteKey(f frameFacts) noteKey {
	switch {
	case f.opcode == 1 && f.fromServer:
		return notePush
	case f.opcode == 1:
		return noteTabSends
	case f.opcode == 9 && f.fromServer:
		return notePing
	case f.opcode == 10 && !f.fromServer:
		return notePong
	case f.opcode == 8 && f.closeFrames >= 2:
		return noteCloseReply
	case f.opcode == 8 && f.fromServer && f.closeCode == 1001:
		return noteClose1001Server
	case f.opcode == 8 && f.fromServer:
		return noteCloseServer
	case f.opcode == 8 && f.closeCode == 1001:
		return noteClose1001Tab
	case f.opcode == 8 && f.closeCode == 1000:
		return noteClose1000Tab
	case f.opcode == 8:
		return noteCloseTab
	}
	return ""
}

// The notes below are sentences (lang.M), each the first of its case in
// the run: the zero Msg, which SetNote skips, when it was given before.

func (o *serveObserver) requestNote(r sentRq) []trace.Msg {
	var ms []trace.Msg
	for _, k := range requestNoteKeys(r) {
		if m := o.once(k, r.browser); m.Format != "" {
			ms = append(ms, m)
		}
	}
	return ms
}

func (o *serveObserver) responseNote(f responseFacts) trace.Msg {
	return o.once(responseNoteKey(f), f.browser)
}

func (o *serveObserver) frameNote(f frameFacts) trace.Msg {
	k := frameNoteKey(f)
	if k == notePing {
		if o.given[k] {
			return trace.Msg{}
		}
		o.given[k] = true
		return lang.M(serveNotes[k], server.PagePingEvery)
	}
	return o.once(k, f.browser)
}
