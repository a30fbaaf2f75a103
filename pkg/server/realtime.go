package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The realtime endpoints: one shared document per name, edited by one tab and
// followed by another in the ways the realtime scenario compares.
//
//	POST /docs/{id}/edits            apply an edit: {"text":"x"} → 201 {"v":N,"text":"x"};
//	                                 {"text":"x","pos":P,"del":D} replaces D characters at P with x
//	GET  /docs/{id}                  the document {"v":N,"text":"..."}, ETag "vN"; 304 if If-None-Match matches (refresh, polling)
//	GET  /docs/{id}/edits?since=V    the edits after version V, held until there is one (long polling); 204 if none came in time
//	GET  /docs/{id}/ws?since=V       WebSocket: the server pushes every edit after V as a text message
//
// A TCP relay (StartTCPRelay) pushes the same edits as JSON lines over raw TCP.

// Edit is one change to a shared document: tab A types, the server applies it
// and numbers it with the document's next version.
type Edit struct {
	V    int    `json:"v"`    // the document's version after this edit, from 1
	Text string `json:"text"` // the text added to the document: appended, unless Pos is set
	// Pos, when set, is where Text went, in characters (Unicode code
	// points) from the start, after Del characters there were removed: an
	// edit of a page's text area. Both are as applied, within the text.
	Pos *int `json:"pos,omitempty"`
	Del int  `json:"del,omitempty"`
	// By and TS are set only for a browser page (Config.Browser): who made
	// the edit ("tab-3"), and when the server applied it, in milliseconds
	// since 1970 on the server's clock, so that a page whose clock is not
	// the server's can still measure how long the edit took to reach it.
	By string  `json:"by,omitempty"`
	TS float64 `json:"ts,omitempty"`
	// At is when the server applied the edit, on the monotonic clock: the
	// start of every latency the realtime scenario measures.
	At time.Time `json:"-"`
}

// DocState is a document as GET /docs/{id} returns it. For a browser page
// (Config.Browser) it also names the author and time of its last edit.
type DocState struct {
	V    int     `json:"v"`
	Text string  `json:"text"`
	By   string  `json:"by,omitempty"`
	TS   float64 `json:"ts,omitempty"`
}

// editOp is an edit as a client asks for it.
type editOp struct {
	text  string
	pos   *int // nil: append
	del   int
	by    string // recorded on the edit when stamp is set
	stamp bool   // stamp the edit with By and the server's clock (TS)
}

// Limits of the realtime endpoints: the demo needs little, and a server on a
// port should not grow without bound whoever talks to it.
const (
	maxDocs     = 64
	maxDocEdits = 10000
	maxEditText = 1 << 10
	// maxDocText bounds a document edited in place, in characters.
	maxDocText     = 1 << 16
	wsWriteTimeout = 10 * time.Second
	// wsCloseGrace is how long shutdown waits for a client already closing
	// its WebSocket before the server closes it with 1001.
	wsCloseGrace = 100 * time.Millisecond
	// DefaultLongPollHold is how long GET /docs/{id}/edits waits for an edit
	// before answering 204 No Content. Engine.IO holds a poll for its ping
	// interval (25 s by default) in the same way.
	DefaultLongPollHold = 20 * time.Second
)

// Compiled on first use: a package-level regexp costs every wsdemo command
// its compile at start-up.
var docIDPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`) })

// doc is one shared document. changed is closed and replaced on every edit,
// so any number of followers can wait for the next one.
type doc struct {
	mu      sync.Mutex
	edits   []Edit
	text    []rune
	changed chan struct{}
	// pushers counts the WebSocket handlers pushing this document; idle is
	// closed when the count drops to 0 (see WaitPushers).
	pushers int
	idle    chan struct{}
}

// pushing registers a WebSocket handler pushing d; the returned func, run
// when the handler has reported everything, unregisters it.
func (d *doc) pushing() (done func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pushers == 0 {
		d.idle = make(chan struct{})
	}
	d.pushers++
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.pushers--; d.pushers == 0 {
			close(d.idle)
		}
	}
}

// quiet returns a channel that is closed once no handler pushes d.
func (d *doc) quiet() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pushers == 0 {
		c := make(chan struct{})
		close(c)
		return c
	}
	return d.idle
}

// apply applies an edit: op.text appended, or put in place of op.del
// characters at op.pos (both brought within the text). applied, if not nil,
// runs before any follower is woken, so what it records comes before the
// edit's delivery.
func (d *doc) apply(op editOp, applied func(Edit)) (Edit, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.edits) >= maxDocEdits {
		return Edit{}, lang.Errorf("the document has its maximum of %d edits", maxDocEdits)
	}
	ins := []rune(op.text)
	e := Edit{V: len(d.edits) + 1, Text: op.text, At: time.Now()}
	if op.stamp {
		e.By, e.TS = op.by, serverTime(e.At)
	}
	if op.pos == nil {
		d.text = append(d.text, ins...)
	} else {
		pos := min(max(*op.pos, 0), len(d.text))
		del := min(max(op.del, 0), len(d.text)-pos)
		if len(d.text)-del+len(ins) > maxDocText {
			return Edit{}, lang.Errorf("the document would be longer than %d characters", maxDocText)
		}
		d.text = append(d.text[:pos], append(ins, d.text[pos+del:]...)...)
		e.Pos, e.Del = &pos, del
	}
	d.edits = append(d.edits, e)
	if applied != nil {
		applied(e)
	}
	close(d.changed)
	d.changed = make(chan struct{})
	return e, nil
}

// since returns the edits after version v and a channel closed by the next edit.
func (d *doc) since(v int) ([]Edit, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if v < 0 {
		v = 0
	}
	var out []Edit
	if v < len(d.edits) {
		out = append(out, d.edits[v:]...)
	}
	return out, d.changed
}

func (d *doc) state() DocState {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := DocState{V: len(d.edits), Text: string(d.text)}
	if n := len(d.edits); n > 0 {
		st.By, st.TS = d.edits[n-1].By, d.edits[n-1].TS
	}
	return st
}

// realtime holds the documents and the long-lived connections that follow
// them: WebSocket handlers and TCP relays, which http.Server.Shutdown does not
// track (a hijacked connection is no longer the server's), so they are
// tracked here and ended by closeAll.
type realtime struct {
	mu     sync.Mutex
	docs   map[string]*doc
	hold   time.Duration
	quit   chan struct{} // closed by closeAll: end holds and pushes now
	closed bool
	wg     sync.WaitGroup // WebSocket handlers and relay goroutines
	relays map[*TCPRelay]struct{}
}

func newRealtime() *realtime {
	return &realtime{docs: map[string]*doc{}, hold: DefaultLongPollHold,
		quit: make(chan struct{}), relays: map[*TCPRelay]struct{}{}}
}

var (
	errNoDoc       = errors.New("no such document: names are 1-40 of a-z, 0-9 and -")
	errTooManyDocs = fmt.Errorf("too many documents (at most %d)", maxDocs)
	errClosing     = errors.New("the server is shutting down")
)

// doc returns the document named id, creating it empty on first use: every
// valid name is a document, empty until someone writes to it.
func (rt *realtime) doc(id string) (*doc, error) {
	if !docIDPattern().MatchString(id) {
		return nil, errNoDoc
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if d, ok := rt.docs[id]; ok {
		return d, nil
	}
	if len(rt.docs) >= maxDocs {
		return nil, errTooManyDocs
	}
	d := &doc{changed: make(chan struct{})}
	rt.docs[id] = d
	return d, nil
}

// enter registers a long-lived goroutine; it fails once closeAll has begun,
// so closeAll's Wait never races an Add.
func (rt *realtime) enter() bool {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.closed {
		return false
	}
	rt.wg.Add(1)
	return true
}

func (rt *realtime) holdTime() time.Duration {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.hold
}

// closeAll ends held long polls, closes WebSockets with 1001 (going away) and
// TCP relays, and waits for their goroutines. It is idempotent.
func (rt *realtime) closeAll() {
	rt.mu.Lock()
	if !rt.closed {
		rt.closed = true
		close(rt.quit)
	}
	relays := make([]*TCPRelay, 0, len(rt.relays))
	for r := range rt.relays {
		relays = append(relays, r)
	}
	rt.mu.Unlock()
	for _, r := range relays {
		r.Close()
	}
	rt.wg.Wait()
}

// authorPattern keeps X-User to a short actor name, as it becomes the
// "from" of a trace event.
var authorPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,19}$`) })

// applyEdit applies an edit, which came on connection conn (0 if not
// known), and reports it: the moment every latency of the realtime scenario
// starts from.
func (s *Server) applyEdit(d *doc, conn int, id string, op editOp, author string) (Edit, error) {
	if !authorPattern().MatchString(author) {
		author = trace.Client
	}
	op.by, op.stamp = author, s.cfg.Browser
	if s.cfg.Rec == nil {
		return d.apply(op, nil)
	}
	return d.apply(op, func(e Edit) {
		ev := trace.Event{Conn: conn, From: author, To: trace.Server, Kind: trace.KindNote}
		ev.Summary, ev.SummaryMsg = appliedSummary(author, id, e)
		if e.V == 1 {
			s.text.SetNote(&ev, lang.M("The server applies each edit, numbers it with the next version and notes the time. Latency is measured from here to the moment the other tab has the edit."))
		}
		s.cfg.Rec.Emit(ev)
	})
}

// Edits returns the edits applied to document id so far, with the times the
// server applied them.
func (s *Server) Edits(id string) []Edit {
	d, err := s.rt.doc(id)
	if err != nil {
		return nil
	}
	edits, _ := d.since(0)
	return edits
}

// SetLongPollHold sets how long a long poll is held before an empty answer;
// d <= 0 restores DefaultLongPollHold. Keep it below the clients' timeout.
func (s *Server) SetLongPollHold(d time.Duration) {
	if d <= 0 {
		d = DefaultLongPollHold
	}
	s.rt.mu.Lock()
	s.rt.hold = d
	s.rt.mu.Unlock()
}

// WaitPushers waits until no WebSocket handler is pushing document id: each
// has ended, and with it everything the server reports about its connection
// (how the client closed it). A scenario that sums up a WebSocket's traffic
// calls it first, so those notes come before its summary and not in the
// middle of whatever it runs next. It returns ctx's error if ctx ends first.
func (s *Server) WaitPushers(ctx context.Context, id string) error {
	d, err := s.rt.doc(id)
	if err != nil {
		return err
	}
	select {
	case <-d.quiet():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for the WebSocket handlers of %q: %w", id, ctx.Err())
	}
}

// CloseRealtime ends what the realtime endpoints hold open: long polls get
// their empty answer, WebSockets are closed with 1001 (going away), TCP
// relays are closed. It waits for their goroutines. Close does it too; a
// scenario calls it first to see those closes while the server still runs.
func (s *Server) CloseRealtime() { s.rt.closeAll() }

func (s *Server) routeRealtime() {
	s.rt = newRealtime()
	s.mux.HandleFunc("POST /docs/{id}/edits", s.postEdit)
	s.mux.HandleFunc("GET /docs/{id}", s.getDoc)
	s.mux.HandleFunc("GET /docs/{id}/edits", s.longPollEdits)
	s.mux.HandleFunc("GET /docs/{id}/ws", s.pushEdits)
}

func (s *Server) docOrError(w http.ResponseWriter, r *http.Request) (*doc, bool) {
	d, err := s.rt.doc(r.PathValue("id"))
	switch {
	case errors.Is(err, errNoDoc):
		writeJSON(w, http.StatusNotFound, errorBody(err.Error()))
		return nil, false
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, errorBody(err.Error()))
		return nil, false
	}
	return d, true
}

// docSince finds the request's document and reads its ?since=V, answering
// the error itself when either is wrong.
func (s *Server) docSince(w http.ResponseWriter, r *http.Request) (*doc, int, bool) {
	d, ok := s.docOrError(w, r)
	if !ok {
		return nil, 0, false
	}
	since, ok := sinceParam(w, r)
	return d, since, ok
}

// sinceParam reads ?since=V: the version the client already has.
func sinceParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	q := r.URL.Query().Get("since")
	if q == "" {
		return 0, true
	}
	v, err := strconv.Atoi(q)
	if err != nil || v < 0 {
		writeJSON(w, http.StatusBadRequest, errorBody("since must be a version number, like since=3"))
		return 0, false
	}
	return v, true
}

func (s *Server) postEdit(w http.ResponseWriter, r *http.Request) {
	d, ok := s.docOrError(w, r)
	if !ok {
		return
	}
	op, err := decodeEditOp(http.MaxBytesReader(w, r.Body, maxEditText+128))
	if err != nil {
		s.stampAnswer(w)
		writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
		return
	}
	author := r.Header.Get("X-User")
	if author == "" && s.cfg.Browser {
		author = TabActor(r.URL.Query().Get("tab"))
	}
	e, err := s.applyEdit(d, s.connOf(r), r.PathValue("id"), op, author)
	s.stampAnswer(w)
	if err != nil {
		writeJSON(w, http.StatusConflict, errorBody(err.Error()))
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/docs/%s/edits?since=%d", r.PathValue("id"), e.V-1))
	writeJSON(w, http.StatusCreated, e)
}

// getDoc answers with the whole document. Its ETag names the version, so a
// poller that already has it gets 304 Not Modified and no body
// (RFC 9110 §8.8.3, §13.1.2, §15.4.5).
func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {
	d, ok := s.docOrError(w, r)
	if !ok {
		return
	}
	st := d.state()
	etag := fmt.Sprintf(`"v%d"`, st.V)
	w.Header().Set("ETag", etag)
	s.stampAnswer(w)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// etagMatches applies If-None-Match's weak comparison to a list of tags
// (RFC 9110 §13.1.2).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// longPollEdits answers with the edits after ?since=V. If there are none
// yet, it holds the request until there are (long polling, RFC 6202 §2.1),
// or answers 204 No Content when the hold time passes, the client goes away
// or the server shuts down.
func (s *Server) longPollEdits(w http.ResponseWriter, r *http.Request) {
	d, since, ok := s.docSince(w, r)
	if !ok {
		return
	}
	hold := time.NewTimer(s.rt.holdTime())
	defer hold.Stop()
	for {
		edits, changed := d.since(since)
		if len(edits) > 0 {
			s.stampAnswer(w)
			writeJSON(w, http.StatusOK, edits)
			return
		}
		select {
		case <-changed:
		case <-hold.C:
			s.stampAnswer(w)
			w.WriteHeader(http.StatusNoContent)
			return
		case <-s.rt.quit:
			s.stampAnswer(w)
			w.WriteHeader(http.StatusNoContent)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// pushEdits upgrades to a WebSocket and pushes every edit after ?since=V as
// one text message, without being asked: after the handshake either side
// may send at will (RFC 6455 §1.2).
func (s *Server) pushEdits(w http.ResponseWriter, r *http.Request) {
	d, sent, ok := s.docSince(w, r)
	if !ok {
		return
	}
	// A browser page's handshake gets every check /ws makes: its Origin
	// (the page that opened it) and its session cookie.
	if s.cfg.Browser && !s.handshakeChecked(w, r, s.whose(r)) {
		return
	}
	if !s.rt.enter() {
		writeJSON(w, http.StatusServiceUnavailable, errorBody(errClosing.Error()))
		return
	}
	defer s.rt.wg.Done()
	// Registered before the 101 goes out, so a client that has its
	// WebSocket can wait for this handler (WaitPushers).
	defer d.pushing()()
	// Before Accept: r is not to be used after the hijack.
	conn, id, author := s.connOf(r), r.PathValue("id"), TabActor(r.URL.Query().Get("tab"))
	var opts *websocket.AcceptOptions
	if s.cfg.Browser {
		opts = &websocket.AcceptOptions{
			InsecureSkipVerify: true, // the Origin was checked above, with our own policy
			// A browser offers permessage-deflate (RFC 7692 §7); declined,
			// so that every frame stays readable on the wire.
			CompressionMode: websocket.CompressionDisabled,
		}
	}
	c, err := websocket.Accept(w, r, opts)
	if err != nil {
		return // Accept has answered with the reason
	}
	// The reader answers pings and the close handshake, and tells us when
	// the client leaves. For a browser page a text message is an edit;
	// otherwise messages from the client are not part of this protocol and
	// are ignored. It ends when the connection closes.
	left := make(chan error, 1)
	go func() {
		for {
			typ, b, err := c.Read(context.Background())
			if err != nil {
				left <- err
				return
			}
			if s.cfg.Browser && typ == websocket.MessageText {
				s.wsEdit(d, conn, id, author, b)
			}
		}
	}()
	if s.cfg.Browser {
		defer s.keepPinging(c)()
	}
	for {
		edits, changed := d.since(sent)
		for _, e := range edits {
			if err := s.writeEdit(c, e); err != nil {
				c.CloseNow()
				s.reportWSClose(conn, <-left)
				return
			}
			sent = e.V
		}
		select {
		case <-changed:
		case err := <-left:
			c.CloseNow()
			s.reportWSClose(conn, err)
			return
		case <-s.rt.quit:
			// A client whose Close frame is already on its way (a tab
			// closing as the demo ends) gets to finish its closing
			// handshake, so we report its close instead of starting ours.
			grace := time.NewTimer(wsCloseGrace)
			select {
			case err := <-left:
				grace.Stop()
				c.CloseNow()
				s.reportWSClose(conn, err)
				return
			case <-grace.C:
			}
			c.Close(websocket.StatusGoingAway, "server shutting down")
			<-left
			return
		}
	}
}

func (s *Server) writeEdit(c *websocket.Conn, e Edit) error {
	var v any = e
	if s.cfg.Browser {
		// With the server's clock as it sends, for the page's clock offset.
		v = struct {
			Edit
			Now float64 `json:"now"`
		}{e, serverTime(time.Now())}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), wsWriteTimeout)
	defer cancel()
	return c.Write(ctx, websocket.MessageText, b)
}

// reportWSClose tells the learner how the client ended the WebSocket: the
// close code it sent, which the server read (RFC 6455 §7.4.1).
func (s *Server) reportWSClose(conn int, err error) {
	code := websocket.CloseStatus(err)
	var summary trace.Msg
	var note trace.Msg
	switch code {
	case -1:
		summary = lang.M("the WebSocket connection ended without a close frame")
		note = lang.M("The connection dropped without the closing handshake (RFC 6455 §7.1.5: status 1006, abnormal closure).")
	case websocket.StatusNoStatusRcvd:
		// What the library reports for a Close frame with no body: 1005 is
		// never on the wire, so saying "closed with 1005" would mislead.
		summary = lang.M("the client closed the WebSocket with a Close frame that carries no status code")
		note = lang.M("A Close frame need not carry a status code; the receiver then counts it as 1005 (no status received), a code that never travels in a frame (RFC 6455 §7.1.5, §7.4.1).")
	default:
		summary = lang.M("the client closed the WebSocket with %#d (%s)", int(code), wire.CloseCodeName(int(code)))
		note = lang.M("The client sent a Close frame with this status code and the server answered with its own Close frame: the closing handshake (RFC 6455 §5.5.1, §7.4.1).")
	}
	e := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindNote,
		Summary: lang.Trace.Say(summary), SummaryMsg: summary}
	s.text.SetNote(&e, note)
	s.cfg.Rec.Emit(e)
}
