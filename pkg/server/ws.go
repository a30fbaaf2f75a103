package server

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// CompressAll is the CompressionThreshold that has coder/websocket compress
// every message (its default leaves those under 128 bytes alone): a demo
// shows what DEFLATE does to short messages too.
const CompressAll = 1

// SessionCookie is the cookie that names the user of a WebSocket connection.
const SessionCookie = "session"

// MaxMessage is the largest message the /ws endpoint reads; a bigger one is
// refused with close code 1009 (message too big, RFC 6455 §7.4.1).
const MaxMessage = 64 << 10

// sessions maps session cookie values to users: the demo's stand-in for a
// login system.
var sessions = map[string]string{DemoSessionCookie: "ana"}

// DemoSessionCookie is a cookie value the server knows, for clients to send.
const DemoSessionCookie = "s3cr3t-ana"

// MaxPushEvery is the longest push interval the /ws endpoint takes; a
// query asking for more (or for none) gets 150 ms.
const MaxPushEvery = time.Minute

// WSOptions configure what the /ws endpoint does after the handshake; they
// travel in the request's query so that one server serves every scenario.
type WSOptions struct {
	Push  int           // server messages to push ("edit from another tab")
	Every time.Duration // interval between pushes
	Ping  bool          // also send a ping after the first push
	// Compress accepts permessage-deflate when the client offers it (RFC
	// 7692), and then compresses every message, however short, so a demo
	// shows what compression does to each.
	Compress bool
}

// Query encodes o as the /ws query string.
func (o WSOptions) Query() string {
	v := url.Values{}
	if o.Push > 0 {
		v.Set("push", strconv.Itoa(o.Push))
		v.Set("every", o.Every.String())
	}
	if o.Ping {
		v.Set("ping", "1")
	}
	if o.Compress {
		v.Set("compress", "1")
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func parseWSOptions(q url.Values) WSOptions {
	o := WSOptions{Every: 150 * time.Millisecond}
	if n, err := strconv.Atoi(q.Get("push")); err == nil && n > 0 && n <= 1000 {
		o.Push = n
	}
	if d, err := time.ParseDuration(q.Get("every")); err == nil && d > 0 && d <= MaxPushEvery {
		o.Every = d
	}
	o.Ping = q.Get("ping") == "1"
	o.Compress = q.Get("compress") == "1"
	return o
}

// quoteOrAbsent is a header's value as a check's detail: quoted, or the
// word "absent" in the reader's language.
func quoteOrAbsent(v string) trace.Msg {
	if v == "" {
		return lang.M("absent")
	}
	return lang.M("%s", strconv.Quote(v))
}

// handshakeCheck is one test of RFC 6455 §4.2.1 the server makes before it
// accepts, with the response it sends when the test fails.
type handshakeCheck struct {
	name   lang.Msg
	ok     bool
	detail trace.Msg
	note   trace.Msg
	status int
	header [2]string // extra header on refusal
}

// checkHandshake runs the server's checks and stops at the first failure:
// first what RFC 6455 §4.2.1 requires of every opening handshake, in the
// order it lists them, then this server's own policy (PolicyCheck). We make
// them ourselves, before websocket.Accept, so each answer is the one the RFCs
// prescribe and the learner sees every decision.
func (s *Server) checkHandshake(r *http.Request) []handshakeCheck {
	var out []handshakeCheck
	add := func(c handshakeCheck) bool { out = append(out, c); return c.ok }

	if !add(handshakeCheck{name: "method is GET", ok: r.Method == http.MethodGet, detail: lang.M("%s", r.Method),
		note: lang.M("The RFC 6455 handshake is a GET request (RFC 6455 §4.1, §4.2.1)."), status: http.StatusMethodNotAllowed, header: [2]string{"Allow", "GET"}}) {
		return out
	}
	if !add(handshakeCheck{name: "HTTP/1.1 or later", ok: r.ProtoAtLeast(1, 1), detail: lang.M("%s", r.Proto),
		note: lang.M("Upgrade needs HTTP/1.1 (RFC 6455 §4.2.1)."), status: http.StatusBadRequest}) {
		return out
	}
	// Go's HTTP server already answers 400 to an HTTP/1.1 request without
	// Host, as RFC 9112 §3.2 says a server must, before this handler runs;
	// the check shows the learner that the requirement is there, and what
	// the Host said.
	if !add(handshakeCheck{name: "Host present", ok: r.Host != "", detail: quoteOrAbsent(r.Host),
		note: lang.M("Every HTTP/1.1 request names its host in Host, and a server answers 400 to one without it (RFC 9112 §3.2); the handshake is no exception (RFC 6455 §4.2.1)."), status: http.StatusBadRequest}) {
		return out
	}
	upgrade := r.Header.Get("Upgrade")
	if !add(handshakeCheck{name: "Upgrade names websocket", ok: wire.HasToken(upgrade, "websocket"), detail: quoteOrAbsent(upgrade),
		note:   lang.M("Without Upgrade: websocket this is a plain HTTP request, and /ws only speaks WebSocket: 426 tells the client to upgrade (RFC 9110 §15.5.22, RFC 6455 §4.2.1)."),
		status: http.StatusUpgradeRequired, header: [2]string{"Upgrade", "websocket"}}) {
		return out
	}
	conn := r.Header.Get("Connection")
	if !add(handshakeCheck{name: "Connection names Upgrade", ok: wire.HasToken(conn, "upgrade"), detail: quoteOrAbsent(conn),
		note: lang.M("Connection: Upgrade marks Upgrade as meant for this connection only: a proxy must not forward it (RFC 9110 §7.6.1, §7.8, RFC 6455 §4.2.1)."), status: http.StatusBadRequest}) {
		return out
	}
	key := r.Header.Get("Sec-WebSocket-Key")
	raw, err := base64.StdEncoding.DecodeString(key)
	keyDetail := lang.M("%q decodes to %d bytes", key, len(raw))
	if err != nil {
		keyDetail = lang.M("%q is not base64", key)
	}
	if !add(handshakeCheck{name: "key is 16 bytes, base64", ok: err == nil && len(raw) == 16, detail: keyDetail,
		note: lang.M("The key must be 16 random bytes in base64 (RFC 6455 §4.1, §4.2.1)."), status: http.StatusBadRequest}) {
		return out
	}
	version := r.Header.Get("Sec-WebSocket-Version")
	if !add(handshakeCheck{name: "version is 13", ok: version == "13", detail: quoteOrAbsent(version),
		note:   lang.M("13 is the version RFC 6455 defines. For any other this server answers 426 Upgrade Required and lists the versions it speaks in Sec-WebSocket-Version, as RFC 6455 §4.2.2 asks, so the client can retry with one of them (RFC 6455 §4.4)."),
		status: http.StatusUpgradeRequired, header: [2]string{"Sec-WebSocket-Version", "13"}}) {
		return out
	}
	origin := r.Header.Get("Origin")
	allowed, why := s.originAllowed(origin, r.Host, r.TLS != nil)
	if !add(handshakeCheck{name: "Origin allowed", ok: allowed, detail: why,
		note:   lang.M("A browser sends Origin with every WebSocket handshake, set to the origin of the page whose script opens it, and the script cannot change it; a client that is not a browser can send any value (RFC 6455 §4.1 item 8, §10.1). The browser also attaches this server's cookies whatever page opened the WebSocket, unless SameSite keeps them off: Lax or Strict keep a cookie off a handshake from another site's page, not from another origin of the same site, and browsers differ on cookies without the attribute (draft-ietf-httpbis-rfc6265bis §4.1.2.7, §5.2). So without this check a page of another origin could open a WebSocket as the logged-in user: cross-site WebSocket hijacking (RFC 6455 §10.2)."),
		status: http.StatusForbidden}) {
		return out
	}
	add(s.cookieCheck(r))
	return out
}

// cookieCheck is the policy check of the session cookie, named and
// explained by what the request carried: only a known session cookie
// identifies a user, and a handshake without one is let in anonymously,
// which is this server's policy too. A check that said "cookie identifies
// the user" of a handshake with no Cookie header would tell the learner of
// a cookie that never crossed.
func (s *Server) cookieCheck(r *http.Request) handshakeCheck {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return handshakeCheck{name: "anonymous allowed", ok: true, detail: lang.M("no session cookie: an anonymous connection"),
			note: lang.M("No session cookie came with this handshake, so this server lets the connection in anonymously: it knows no user for it. A cookie, had one been sent, would have come with the handshake like any other header (RFC 6455 §4.1 item 12), and been checked once, here.")}
	}
	if u, ok := s.sessionUser(c.Value); ok {
		return handshakeCheck{name: "cookie identifies the user", ok: true, detail: lang.M("session cookie → user %q", u),
			note: lang.M("The cookie is checked once, here: it came with the handshake like any other header (RFC 6455 §4.1, item 12). The connection that follows belongs to this user for its whole life, and no frame carries credentials; over plain HTTP, each request would carry the cookie again.")}
	}
	return handshakeCheck{name: "anonymous allowed", ok: true, detail: lang.M("unknown session cookie: an anonymous connection"),
		note: lang.M("The session cookie that came with this handshake names no user this server knows, so it lets the connection in anonymously.")}
}

// PolicyCheck reports whether the server check called name is this server's
// own policy, not a requirement of RFC 6455 §4.2.1: the Origin allow-list
// (a defence RFC 6455 §10.2 recommends to servers meant for certain sites)
// and the session cookie (client authentication is left to the server,
// RFC 6455 §4.2.2 step 2, §10.5). A client that meets every requirement
// can still be refused by policy, and a demo says which was which.
func PolicyCheck(name string) bool {
	// English names: the JSON trace's, which a check event carries in Name.
	return name == "Origin allowed" || name == "cookie identifies the user" || name == "anonymous allowed"
}

func (s *Server) routeWS() {
	s.mux.HandleFunc("/ws", s.serveWS)
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	who := s.whose(r)
	s.noteStranger(who)
	if !s.handshakeChecked(w, r, who) {
		return
	}
	// A hijacked connection outlives http.Server.Shutdown: tie the session
	// to the server's lifetime so Close ends it too, and waits for it.
	if !s.enterSession() {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	if who.stranger == "" {
		s.emitAccept(who.conn, r.Header.Get("Sec-WebSocket-Key"))
	}
	accept := &websocket.AcceptOptions{
		InsecureSkipVerify: true, // Origin was checked above, with our own policy
		CompressionMode:    websocket.CompressionDisabled,
	}
	if parseWSOptions(r.URL.Query()).Compress {
		accept.CompressionMode = websocket.CompressionContextTakeover
		accept.CompressionThreshold = CompressAll
	}
	ws, err := websocket.Accept(w, r, accept)
	if err != nil {
		return // Accept already answered the client
	}
	ws.SetReadLimit(MaxMessage)
	ctx, stop := context.WithCancel(r.Context())
	defer stop()
	go func() {
		select {
		case <-s.closing:
			stop()
		case <-ctx.Done():
		}
	}()
	s.wsSession(ctx, ws, parseWSOptions(r.URL.Query()), s.userOf(r))
}

// handshakeChecked reports each of the server's handshake checks on r (as
// who's) and answers the first that fails with its status, returning false;
// true means every check passed and the handshake may be accepted.
func (s *Server) handshakeChecked(w http.ResponseWriter, r *http.Request, who requester) bool {
	for _, c := range s.checkHandshake(r) {
		var note trace.Msg
		if !c.ok || PolicyCheck(string(c.name)) {
			note = c.note
		}
		s.check(who, c.name, c.ok, c.detail, note)
		if !c.ok {
			if c.header[0] != "" {
				w.Header().Set(c.header[0], c.header[1])
			}
			if c.status == http.StatusUpgradeRequired {
				// Every 426 names the protocol to upgrade to (RFC 9110
				// §15.5.22), the version refusal too.
				w.Header().Set("Upgrade", "websocket")
				w.Header().Set("Connection", "Upgrade")
			}
			// The body is on the wire: the protocol's words, in English.
			http.Error(w, fmt.Sprintf("WebSocket handshake refused by the check %q: %s", c.name, lang.Trace.Say(c.detail)), c.status)
			return false
		}
	}
	return true
}

func (s *Server) userOf(r *http.Request) string {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if u, ok := s.sessionUser(c.Value); ok {
			return u
		}
	}
	return string(anonymous)
}

// The /ws endpoint's own messages, in the run's language (Config.Lang):
// what they say is part of the lesson, so a learner reads it in theirs.
// BuiltinKind recognises them in every language.
const (
	welcomeText lang.Msg = "welcome %s: connection established"
	echoPrefix  lang.Msg = "echo: "
	pushText    lang.Msg = "edit %d from another tab"
	anonymous   lang.Msg = "anonymous"
)

// Builtin says which of the /ws endpoint's own messages a payload is.
type Builtin int

// The /ws endpoint's own messages.
const (
	NotBuiltin Builtin = iota
	Welcome            // the greeting right after the 101
	Push               // an edit pushed unasked
	Echo               // the echo of a client's message
)

// BuiltinKind says which of the /ws endpoint's messages payload is, in
// whichever language the server spoke.
func BuiltinKind(payload string) Builtin {
	for _, l := range lang.Supported {
		t := lang.For(l)
		pre, post := around(t.F(welcomeText, "\x00"), "\x00")
		if strings.HasPrefix(payload, pre) && strings.HasSuffix(payload, post) && len(payload) > len(pre)+len(post) {
			return Welcome
		}
		pre, post = around(t.F(pushText, 7), "7")
		if strings.HasPrefix(payload, pre) && strings.HasSuffix(payload, post) && len(payload) > len(pre)+len(post) {
			return Push
		}
		if strings.HasPrefix(payload, t.F(echoPrefix)) {
			return Echo
		}
	}
	return NotBuiltin
}

// userName is user as the welcome says it: "anonymous" in the run's
// language, a user's name as it is.
func (s *Server) userName(user string) string {
	if user == string(anonymous) {
		return s.text.F(anonymous)
	}
	return user
}

// around splits s around the first mark.
func around(s, mark string) (before, after string) {
	before, after, _ = strings.Cut(s, mark)
	return before, after
}

// emitAccept shows how the server derives Sec-WebSocket-Accept from the key.
func (s *Server) emitAccept(conn int, key string) {
	_, _, accept := wire.AcceptSteps(key)
	e := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindNote,
		Fields: AcceptFields(s.text, key)}
	s.text.SetNote(&e, lang.M("Only a server that understood the WebSocket request can produce this value, so a client knows it is not talking to a plain HTTP server (RFC 6455 §1.3, §4.2.2). The key is new for every connection (RFC 6455 §4.1), so no answer saved from an earlier handshake would match either."))
	e.Summary, e.SummaryMsg = lang.Both(acceptSummary, accept)
	s.cfg.Rec.Emit(e)
}

// acceptSummary is the summary of the note in which the server computes
// Sec-WebSocket-Accept; AcceptSummaryPrefix is its start, for a saved
// trace's replay to recognise it.
const acceptSummary lang.Msg = "computes Sec-WebSocket-Accept = %s"

// AcceptSummaryPrefix starts the summary of the note in which the server
// computes Sec-WebSocket-Accept; the value follows it.
const AcceptSummaryPrefix = "computes Sec-WebSocket-Accept = "

// AcceptFields are the steps from a Sec-WebSocket-Key to the
// Sec-WebSocket-Accept a server sends back (RFC 6455 §4.2.2), as the
// server's note shows them: also what a saved trace's replay rebuilds
// from the key in the request.
func AcceptFields(t lang.Text, key string) []trace.Field {
	concat, sum, accept := wire.AcceptSteps(key)
	return []trace.Field{
		{Name: t.F("1. key + GUID"), Value: concat, Meaning: t.F("the client's key followed by the fixed GUID of RFC 6455 §1.3")},
		{Name: "2. SHA-1", Value: fmt.Sprintf("%x", sum), Meaning: t.F("20-byte digest, in hex")},
		{Name: "3. base64", Value: accept, Meaning: t.F("sent back as Sec-WebSocket-Accept")},
	}
}

// wsSession greets the client, pushes what the options ask for, and answers
// every message until the client closes.
func (s *Server) wsSession(ctx context.Context, ws *websocket.Conn, o WSOptions, user string) {
	defer ws.CloseNow()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := ws.Write(ctx, websocket.MessageText, []byte(s.text.F(welcomeText, s.userName(user)))); err != nil {
		return
	}
	pushed := make(chan struct{})
	go func() {
		defer close(pushed)
		s.push(ctx, ws, o)
	}()
	defer func() { cancel(); <-pushed }()
	for {
		typ, msg, err := ws.Read(ctx)
		if err != nil {
			return // the close handshake (or a failure) ends the session
		}
		reply := append([]byte(s.text.F(echoPrefix)), msg...)
		if typ == websocket.MessageBinary {
			reply = msg
		}
		if err := ws.Write(ctx, typ, reply); err != nil {
			return
		}
	}
}

// push sends o.Push messages, one every o.Every, on the server's own
// schedule: no request asked for them.
func (s *Server) push(ctx context.Context, ws *websocket.Conn, o WSOptions) {
	t := time.NewTicker(o.Every)
	defer t.Stop()
	for i := 1; i <= o.Push; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := ws.Write(ctx, websocket.MessageText, []byte(s.text.F(pushText, i))); err != nil {
			return
		}
		if i == 1 && o.Ping {
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := ws.Ping(pctx) // waits for the pong, read by wsSession's loop
			cancel()
			if err != nil && !errors.Is(err, context.Canceled) {
				return
			}
		}
	}
}
