package demo

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// serveObserver watches the connections the browsers open to the served
// page's server. The tracer decodes them; this observer, its annotator,
// turns the tracer's events into the browsers' story: which tab sent each
// request (a browser shares its connections among its tabs, so a
// connection is no tab's), the tap's side (the server's, so the browser's
// address is the remote one), and the notes, chosen from what crossed.
type serveObserver struct {
	tr   *tracer
	text lang.Text

	mu    sync.Mutex
	conns map[int]*serveConn
	addrs map[string]int // the browser's address → connection number
	given map[noteKey]bool
	tabs  map[string]bool
	// refused counts handshakes answered with something other than 101;
	// upgraded, those answered with 101.
	refused, upgraded int
}

// serveConn is what crossed one connection so far.
type serveConn struct {
	browser, server string   // addresses
	label           string   // the actor of the last request on it
	pending         []sentRq // requests awaiting their answers, oldest first (HTTP/1.1 answers in order, RFC 9112 §9.3.2)
	ws              bool     // a 101 crossed: frames follow
	refused         bool     // a handshake on it was answered with something other than 101
	closeFrames     int
	httpConn        httpConn
}

// sentRq is a request awaiting its answer.
type sentRq struct {
	label string
	kind  requestKind
	at    time.Time
	// For a handshake: what it offered and carried.
	deflate, cookie bool
	origin          string
}

func newServeObserver(rec *trace.Recorder, text lang.Text) *serveObserver {
	o := &serveObserver{text: text, conns: map[int]*serveConn{}, addrs: map[string]int{},
		given: map[noteKey]bool{}, tabs: map[string]bool{}}
	o.tr = newTracer(rec, o.annotate, text)
	// The tracer names the tapped side's peer in its summaries ("closed
	// by the browser"); the annotator gives each event its tab.
	o.tr.client = browserActor
	return o
}

// connNumber maps the browser's address (a request's RemoteAddr) to its
// connection number, for the server's checks (server.Config.ConnNumber).
func (o *serveObserver) connNumber(remote string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.addrs[remote]
}

// Opened implements wiretap.Observer. The tap is the server's: the
// connection's remote address is the browser's.
func (o *serveObserver) Opened(c *wiretap.Conn) {
	o.mu.Lock()
	o.conns[c.ID] = &serveConn{browser: c.RemoteAddr().String(), server: c.LocalAddr().String(), label: browserActor}
	o.addrs[c.RemoteAddr().String()] = c.ID
	o.mu.Unlock()
	o.tr.Opened(c)
}

// Data implements wiretap.Observer.
func (o *serveObserver) Data(c *wiretap.Conn, from wire.Sender, p []byte) { o.tr.Data(c, from, p) }

// Ended implements wiretap.Observer. Once the tap has reported a
// connection's last end (its tcp.close events annotated), the observer lets
// it go, as the tracer does: a session of hours sees thousands of
// connections come and go, and keeps none of them.
func (o *serveObserver) Ended(c *wiretap.Conn, e wiretap.End) {
	o.tr.Ended(c, e)
	if !e.Last {
		return
	}
	remote := c.RemoteAddr().String()
	o.mu.Lock()
	delete(o.conns, c.ID)
	if o.addrs[remote] == c.ID {
		delete(o.addrs, remote)
	}
	o.mu.Unlock()
}

// WriteFailed implements wiretap.WriteFailureObserver.
func (o *serveObserver) WriteFailed(c *wiretap.Conn, from wire.Sender, n, size int, err error) {
	o.tr.WriteFailed(c, from, n, size, err)
}

// annotate is the tracer's Annotator: it runs for every event the tap
// produces, in the order the bytes crossed.
func (o *serveObserver) annotate(e *trace.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := o.conns[e.Conn]
	if c == nil {
		return
	}
	switch e.Kind {
	case trace.KindTCPConnect:
		// The tracer names the tapped side's addresses as a client's: here
		// the browser's is the remote one.
		e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d opened: %s → %s", e.Conn, c.browser, c.server)
		o.text.SetNote(e, o.once(noteConnect))
	case trace.KindHTTPRequest:
		o.request(e, c)
	case trace.KindHTTPResponse:
		o.response(e, c)
	case trace.KindWSFrame:
		o.frame(e, c)
	case trace.KindTCPClose:
		if e.TCP != nil {
			f := o.tr.ending(e.Conn)
			switch {
			case c.ws:
				o.text.SetNote(e, wsCloseNote(wsClosing{upgraded: true, closeFrames: c.closeFrames}, f, e.TCP.First)...)
			case c.refused:
				o.text.SetNote(e, refusedCloseNote(f, e.TCP.First))
			case e.TCP.First:
				c.httpConn.idle = len(c.pending) == 0
				o.text.SetNote(e, httpCloseNote(c.httpConn, f))
			default:
				o.text.SetNote(e, followerNote(f))
			}
		}
	}
	// The tracer calls the browser's side "the browser"; each event gets
	// the tab whose request or WebSocket it belongs to.
	label := c.label
	if e.Kind == trace.KindHTTPResponse && e.To != trace.Server {
		label = e.To
	}
	if e.From == o.tr.client {
		e.From = label
	}
	if e.To == o.tr.client {
		e.To = label
	}
}

// request labels a request with its tab and notes it.
func (o *serveObserver) request(e *trace.Event, c *serveConn) {
	h := e.HTTP
	label := o.labelOf(h)
	if strings.HasPrefix(label, "tab-") {
		o.tabs[label] = true
		if prev := c.label; strings.HasPrefix(prev, "tab-") && prev != label && !o.given[noteShared] {
			o.given[noteShared] = true
			prevN, _ := server.TabNumber(prev)
			n, _ := server.TabNumber(label)
			o.text.SetNote(e, lang.M(serveNotes[noteShared], prevN, n))
		}
	}
	c.label = label
	r := sentRq{label: label, kind: kindOf(h), at: time.Now()}
	if v, _ := h.Header("Connection"); wire.HasToken(v, "close") {
		c.httpConn.closeOption = true
	}
	if r.kind == reqHandshake {
		ext, _ := h.Header("Sec-WebSocket-Extensions")
		r.deflate = strings.Contains(strings.ToLower(ext), "permessage-deflate")
		_, r.cookie = h.Header("Cookie")
		r.origin, _ = h.Header("Origin")
		setMeanings(o.text, e.Fields, handshakeRequestMeanings)
	}
	c.pending = append(c.pending, r)
	setMeanings(o.text, e.Fields, serveMeanings)
	if m := methodMeaning[r.kind]; m != "" {
		setMeanings(o.text, e.Fields, map[string]lang.Msg{"method": m})
	}
	e.From = label
	if e.Note == "" {
		o.text.SetNote(e, o.requestNote(r)...)
	}
}

// response pairs a response with its request, labels it and notes it.
func (o *serveObserver) response(e *trace.Event, c *serveConn) {
	h := e.HTTP
	var r sentRq
	if len(c.pending) > 0 {
		r, c.pending = c.pending[0], c.pending[1:]
	} else {
		r.label = c.label
	}
	e.To = r.label
	if v, _ := h.Header("Connection"); wire.HasToken(v, "close") {
		c.httpConn.closeOption = true
	}
	setMeanings(o.text, e.Fields, serveMeanings)
	if r.kind == reqHandshake {
		if h.Status == 101 {
			c.ws = true
			o.upgraded++
			setMeanings(o.text, e.Fields, handshakeResponseMeanings)
		} else {
			c.refused = true
			o.refused++
			setMeanings(o.text, e.Fields, refusalMeanings)
		}
	}
	if r.kind == reqLongPoll {
		// Kept in the trace (stats), so that a replay shows it too.
		e.Stats = map[string]any{"held_ms": ms(time.Since(r.at))}
		e.Fields = append(e.Fields, heldField(o.text, e.Stats))
	}
	_, ext := h.Header("Sec-WebSocket-Extensions")
	_, cookie := h.Header("Set-Cookie")
	o.text.SetNote(e, o.responseNote(responseFacts{kind: r.kind, status: h.Status, setCookie: cookie,
		offeredDeflate: r.deflate, acceptedExt: ext, cookie: r.cookie, foreign: r.label == foreignActor}))
}

// frame notes a WebSocket frame, and counts the close frames for the
// connection's tcp.close note.
func (o *serveObserver) frame(e *trace.Event, c *serveConn) {
	f := e.Frame
	if f == nil {
		return
	}
	fromServer := e.From == trace.Server
	if f.Opcode == int(wire.OpClose) {
		c.closeFrames++
	}
	if f.Violation != "" {
		// The tracer's note names the rule the frame breaks; serve's
		// notes describe frames that keep the rules, and would
		// contradict what crossed.
		return
	}
	o.text.SetNote(e, o.frameNote(frameFacts{fromServer: fromServer, opcode: f.Opcode, closeCode: f.CloseCode, closeFrames: c.closeFrames}))
}

// labelOf names the actor that sent a request: the foreign page, when its
// Origin is not this server's own (the origin of a page loaded from the
// request's Host: a page cannot change its Origin, but it can put any
// ?tab=N on a URL); else the tab its ?tab=N names; else the tab of the page
// that made it (its Referer, on this host); else the browser.
func (o *serveObserver) labelOf(h *trace.HTTP) string {
	host, _ := h.Header("Host")
	if origin, ok := h.Header("Origin"); ok && origin != "http://"+host {
		return foreignActor
	}
	if tab := tabOf(h.Target); tab != "" {
		return tab
	}
	if ref, ok := h.Header("Referer"); ok {
		if u, err := url.Parse(ref); err == nil && u.Host == host {
			if tab := tabOf(u.RequestURI()); tab != "" {
				return tab
			}
		}
	}
	return browserActor
}

// heldField is the row under a long poll's answer that says how long the
// server held the request, from the answer's stats (held_ms).
func heldField(t lang.Text, stats map[string]any) trace.Field {
	return trace.Field{Name: "held", Value: t.F("%v", lang.Span(statMS(stats["held_ms"]))),
		Meaning: t.F("how long the server held the request before this answer (measured at the tap)")}
}

// tabOf is the tab a request target's ?tab=N names, or "".
func tabOf(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	return server.TabActor(u.Query().Get("tab"))
}

// requestKind is what a request of the page asks for.
type requestKind int

const (
	reqOther     requestKind = iota
	reqPage                  // GET /: the page
	reqFile                  // GET /app.js and the like
	reqTab                   // POST /tabs
	reqDoc                   // GET /docs/{id}: the whole document
	reqPoll                  // the same, with If-None-Match: a poll
	reqLongPoll              // GET /docs/{id}/edits?since=V
	reqEdit                  // POST /docs/{id}/edits
	reqHandshake             // GET /docs/{id}/ws, Upgrade: websocket
)

// kindOf tells what a request of the page asks for, from its method, path
// and headers.
func kindOf(h *trace.HTTP) requestKind {
	u, err := url.Parse(h.Target)
	if err != nil {
		return reqOther
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case h.Method == "GET" && u.Path == "/":
		return reqPage
	case h.Method == "POST" && u.Path == "/tabs":
		return reqTab
	case len(parts) == 2 && parts[0] == "docs" && h.Method == "GET":
		if _, ok := h.Header("If-None-Match"); ok {
			return reqPoll
		}
		return reqDoc
	case len(parts) == 3 && parts[0] == "docs" && parts[2] == "edits" && h.Method == "GET":
		return reqLongPoll
	case len(parts) == 3 && parts[0] == "docs" && parts[2] == "edits" && h.Method == "POST":
		return reqEdit
	case len(parts) == 3 && parts[0] == "docs" && parts[2] == "ws":
		return reqHandshake
	case h.Method == "GET" && len(parts) == 1:
		return reqFile
	}
	return reqOther
}

// once returns the note of key the first time it is asked for, the zero
// Msg after.
func (o *serveObserver) once(key noteKey) trace.Msg {
	if key == "" || o.given[key] {
		return trace.Msg{}
	}
	o.given[key] = true
	return lang.M(serveNotes[key])
}
