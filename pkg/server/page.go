package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// What a browser page needs of the server (wsdemo serve): the page itself,
// a session cookie handed out on its first load, a number for each tab,
// and the server's clock on every answer so that the page can measure
// latency although its clock is not the server's.
//
//	GET  /                 the page (PageOptions.Files' index.html); sets the session cookie
//	GET  /{file}           the page's other files
//	POST /tabs             a number for a new tab → 201 {"tab":N,"user":"user-1"}
//
// The realtime endpoints serve the page's document (Config.Browser):
// requests name their tab with ?tab=N.

// ServerTimeHeader carries the server's clock on the answers of a browser
// page's requests (Config.Browser): milliseconds since 1970, with
// microseconds as decimals, taken as the answer leaves.
const ServerTimeHeader = "X-Server-Time"

// PagePingEvery is how often the server pings a browser page's WebSocket
// (it also pings once as soon as the connection is open, so the learner
// sees the browser's pong). Engine.IO pings every 25 s by default.
const PagePingEvery = 15 * time.Second

// maxPageSessions bounds the session cookies handed out, whoever asks.
const maxPageSessions = 1000

// PageOptions configure the page ServePage serves.
type PageOptions struct {
	// Files holds index.html and the files it loads.
	Files fs.FS
	// Replace maps placeholders of index.html to the values the page needs
	// from the server (the foreign site's port, a forced language); each
	// value is HTML-escaped.
	Replace map[string]string
}

// pageSessions are the session cookies the page handed out, each naming a
// user ("user-1"), and the tab numbers given so far.
type pageSessions struct {
	mu    sync.Mutex
	users map[string]string // cookie value → user
	tabs  int
}

// sessionUser returns the user a session cookie value names.
func (s *Server) sessionUser(value string) (string, bool) {
	if u, ok := sessions[value]; ok {
		return u, true
	}
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	u, ok := s.pages.users[value]
	return u, ok
}

// newSession hands out a session cookie value for a new user.
func (s *Server) newSession() (value, user string, err error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	value = hex.EncodeToString(b)
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	if len(s.pages.users) >= maxPageSessions {
		return "", "", fmt.Errorf("too many sessions (at most %d)", maxPageSessions)
	}
	if s.pages.users == nil {
		s.pages.users = map[string]string{}
	}
	user = fmt.Sprintf("user-%d", len(s.pages.users)+1)
	s.pages.users[value] = user
	return value, user, nil
}

// TabActor is the actor name of the tab a page's ?tab=N names: "tab-3";
// "" when q is not a tab number.
func TabActor(q string) string {
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > 9999 || strconv.Itoa(n) != q {
		return ""
	}
	return "tab-" + q
}

// serverTime is t on the server's wall clock, in milliseconds since 1970,
// with microseconds as decimals.
func serverTime(t time.Time) float64 { return float64(t.UnixMicro()) / 1000 }

// stampAnswer puts the server's clock on an answer to a browser page, just
// before it leaves (ServerTimeHeader).
func (s *Server) stampAnswer(w http.ResponseWriter) {
	if s.cfg.Browser {
		w.Header().Set(ServerTimeHeader, strconv.FormatFloat(serverTime(time.Now()), 'f', 3, 64))
	}
}

// ServePage serves a browser page at / with its files, hands each new
// browser a session cookie on the page's first load, and numbers tabs. Call
// it before Start.
func (s *Server) ServePage(o PageOptions) {
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, o) })
	// Each file by name: a wildcard would also claim /ws and /api.
	entries, _ := fs.ReadDir(o.Files, ".")
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && name != "index.html" {
			s.mux.HandleFunc("GET /"+name, func(w http.ResponseWriter, r *http.Request) { s.serveFile(w, r, o.Files, name) })
		}
	}
	s.mux.HandleFunc("POST /tabs", s.newTab)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request, o PageOptions) {
	b, err := fs.ReadFile(o.Files, "index.html")
	if err != nil {
		http.Error(w, "the page is missing: "+err.Error(), http.StatusInternalServerError)
		return
	}
	page := string(b)
	for k, v := range o.Replace {
		page = strings.ReplaceAll(page, k, htmlEscape(v))
	}
	known := false
	if c, err := r.Cookie(SessionCookie); err == nil {
		_, known = s.sessionUser(c.Value)
	}
	if !known {
		value, _, err := s.newSession()
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		// HttpOnly: the page's script cannot read it, yet the browser
		// sends it with every request to this host, the WebSocket
		// handshake included. SameSite=Lax does not stop another port of
		// the same host: that is the same site (RFC 6265 §8.5: cookies do
		// not provide isolation by port).
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	writePageFile(w, "index.html", []byte(page))
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, files fs.FS, name string) {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	writePageFile(w, name, b)
}

// writePageFile answers with one of the page's files. no-store: every load
// of the page fetches it again, so every reload shows on the wire.
func writePageFile(w http.ResponseWriter, name string, b []byte) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// newTab gives a tab its number, and says whose session it runs in.
func (s *Server) newTab(w http.ResponseWriter, r *http.Request) {
	s.pages.mu.Lock()
	if s.pages.tabs >= 9999 {
		s.pages.mu.Unlock()
		writeJSON(w, http.StatusServiceUnavailable, errorBody("too many tabs"))
		return
	}
	s.pages.tabs++
	n := s.pages.tabs
	s.pages.mu.Unlock()
	user := s.userOf(r)
	s.stampAnswer(w)
	writeJSON(w, http.StatusCreated, map[string]any{"tab": n, "user": user})
}

// decodeEditOp reads an edit a client asks for: {"text":"x"} appends x;
// with "pos" (and "del"), x replaces del characters at pos.
func decodeEditOp(r io.Reader) (editOp, error) {
	var in struct {
		Text string `json:"text"`
		Pos  *int   `json:"pos"`
		Del  int    `json:"del"`
	}
	bad := lang.Errorf(`send JSON like {"text":"a"} or {"text":"a","pos":3,"del":1}, at most %d bytes of text`, maxEditText)
	if err := json.NewDecoder(r).Decode(&in); err != nil {
		return editOp{}, bad
	}
	switch {
	case len(in.Text) > maxEditText, !utf8.ValidString(in.Text):
		return editOp{}, bad
	case in.Pos == nil && in.Text == "":
		return editOp{}, bad
	case in.Pos != nil && (*in.Pos < 0 || in.Del < 0 || in.Del > maxDocText || (in.Text == "" && in.Del == 0)):
		return editOp{}, bad
	}
	return editOp{text: in.Text, pos: in.Pos, del: in.Del}, nil
}

// wsEdit applies an edit a browser page sent over its WebSocket.
func (s *Server) wsEdit(d *doc, conn int, id, author string, b []byte) {
	op, err := decodeEditOp(strings.NewReader(string(b)))
	if err == nil {
		_, err = s.applyEdit(d, conn, id, op, author)
	}
	if err != nil {
		ev := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindNote}
		var why any = err.Error()
		if m, ok := err.(lang.Sayer); ok {
			why = m.Say() // said in the reader's language
		}
		ev.Summary, ev.SummaryMsg = lang.Both("ignored a message that is not an edit it can apply: %s", why)
		s.cfg.Rec.Emit(ev)
	}
}

// appliedSummary says which edit the server applied, by whom, to document
// id: an append (the realtime demo's tabs, a client) or, from a browser
// page, an edit in place. Whole sentences, so that a translation can put
// the author, the version and the change where its language wants them; a
// browser's numbered tab ("tab-3") and realtime's tab A have a name in
// each language.
func appliedSummary(author, id string, e Edit) (string, trace.Msg) {
	tab, numbered := TabNumber(author)
	switch {
	case e.Pos == nil && author == "tab-a":
		return lang.Both("applied tab-a's edit v%#d to %s: %q", e.V, id, e.Text)
	case e.Pos == nil && numbered:
		return lang.Both("applied tab-%#d's edit v%#d to %s: %q", tab, e.V, id, e.Text)
	case e.Pos == nil:
		return lang.Both("applied %s's edit v%#d to %s: %q", author, e.V, id, e.Text)
	case e.Del == 0 && numbered:
		return lang.Both("applied tab-%#d's edit v%#d to %s: insert %q at %d", tab, e.V, id, e.Text, *e.Pos)
	case e.Del == 0:
		return lang.Both("applied %s's edit v%#d to %s: insert %q at %d", author, e.V, id, e.Text, *e.Pos)
	case e.Text == "" && numbered:
		return lang.Both("applied tab-%#d's edit v%#d to %s: delete %d at %d", tab, e.V, id, e.Del, *e.Pos)
	case e.Text == "":
		return lang.Both("applied %s's edit v%#d to %s: delete %d at %d", author, e.V, id, e.Del, *e.Pos)
	case numbered:
		return lang.Both("applied tab-%#d's edit v%#d to %s: replace %d at %d with %q", tab, e.V, id, e.Del, *e.Pos, e.Text)
	}
	return lang.Both("applied %s's edit v%#d to %s: replace %d at %d with %q", author, e.V, id, e.Del, *e.Pos, e.Text)
}

// TabNumber is the number of a browser tab's actor name (TabActor): 3 for
// "tab-3"; false for any other name.
func TabNumber(author string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(author, "tab-"))
	if err != nil || TabActor(strconv.Itoa(n)) != author {
		return 0, false
	}
	return n, true
}

// keepPinging pings c at once and then every PagePingEvery, until the
// returned func is called (which waits for it to stop). A browser answers
// by itself; the page's script never sees pings or pongs.
func (s *Server) keepPinging(c *websocket.Conn) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTimer(0)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			pctx, pcancel := context.WithTimeout(ctx, wsWriteTimeout)
			err := c.Ping(pctx) // waits for the pong, read by the handler's reader
			pcancel()
			if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				return // the connection is gone
			}
			t.Reset(PagePingEvery)
		}
	}()
	return func() { cancel(); <-done }
}

var htmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func htmlEscape(s string) string { return htmlReplacer.Replace(s) }
