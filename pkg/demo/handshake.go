package demo

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// HandshakeCases are the broken handshakes RunHandshake can send instead of
// a correct one, in the order the server checks what each breaks.
var HandshakeCases = []string{"not-get", "no-upgrade", "bad-version", "bad-key"}

// handshakeCaseHelp says in a few words what each case sends.
var handshakeCaseHelp = map[string]lang.Msg{
	"not-get":     "POST instead of GET (405)",
	"no-upgrade":  "a plain GET without Upgrade (426)",
	"bad-version": "Sec-WebSocket-Version: 8 (426)",
	"bad-key":     "a key that is not 16 bytes (400)",
}

// HandshakeCaseHelp describes a case for --help and error messages, in t's
// language, e.g. "bad-key: a key that is not 16 bytes (400)".
func HandshakeCaseHelp(c string, t lang.Text) string { return c + ": " + t.F(handshakeCaseHelp[c]) }

// badKey is the key --case bad-key sends: valid base64, but of the 9 bytes
// "short-key" rather than 16 random ones.
const badKey = "c2hvcnQta2V5"

// externalFirstMessageWait is how long the client waits for a server it does
// not know to speak first before it closes: many servers wait for the client.
const externalFirstMessageWait = time.Second

// HandshakeOptions configures the handshake scenario.
type HandshakeOptions struct {
	Common
	// URL is the WebSocket endpoint to shake hands with, ws:// or wss://;
	// "" starts the built-in server and uses its /ws endpoint.
	URL string
	// Origin is sent as the Origin header; "" sends the target's own origin,
	// as a page served by that server would.
	Origin string
	// AllowOrigins are the extra origins the built-in server accepts, each
	// a whole origin pattern such as "https://*.example.com" (see
	// server.Config.AllowOrigins and server.CheckOriginPattern). Not
	// allowed with URL.
	AllowOrigins []string
	// Case sends one of HandshakeCases instead of a correct handshake.
	Case string
	// TLSConfig is the client's TLS configuration for wss:// URLs; nil uses
	// the system's roots. Tests set it to trust their own server.
	TLSConfig *tls.Config
}

// ParseWebSocketURL checks that s is a WebSocket URL (RFC 6455 §3): ws://
// or wss://, a host, and no fragment. An empty path becomes "/".
func ParseWebSocketURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL; a WebSocket URL looks like ws://host:port/path or wss://host/path", s)
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "wss":
	case "http", "https":
		return nil, fmt.Errorf("%q is an HTTP URL; a WebSocket URL starts with ws:// or wss:// (try %s)",
			s, strings.Replace(s, "http", "ws", 1))
	case "":
		return nil, fmt.Errorf("%q has no scheme; a WebSocket URL starts with ws:// or wss://, e.g. ws://%s", s, strings.TrimPrefix(s, "//"))
	default:
		return nil, fmt.Errorf("%q has the scheme %s://; a WebSocket URL starts with ws:// or wss://", s, u.Scheme)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%q has no host; a WebSocket URL looks like %s://host:port/path", s, u.Scheme)
	}
	if p := u.Port(); p != "" {
		// url.Parse checks that a port is digits, not that it is one: a
		// dial to port 99999 would fail later, as if the network had.
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%q: port must be a number from 1 to 65535", s)
		}
	}
	if u.Fragment != "" || strings.HasSuffix(s, "#") {
		return nil, fmt.Errorf("%q has a #fragment, which WebSocket URLs must not have (RFC 6455 §3)", s)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// CheckOrigin checks that s is an origin as browsers send it (RFC 6454
// §6.2): scheme://host[:port] with no path, or "null".
func CheckOrigin(s string) error {
	if s == "null" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an origin; an origin is scheme://host[:port], e.g. http://evil.example", s)
	}
	return nil
}

// Validate reports the first option RunHandshake cannot run with, as a
// *FieldError.
func (o HandshakeOptions) Validate() error {
	_, err := o.validate()
	return err
}

// validate checks the options and returns the parsed URL (nil for the
// built-in server).
func (o HandshakeOptions) validate() (*url.URL, error) {
	if err := o.Common.Validate(); err != nil {
		return nil, err
	}
	if o.Case != "" && handshakeCaseHelp[o.Case] == "" {
		return nil, fieldErrorf(OptCase, "%q is not a case; the cases are %s", o.Case, strings.Join(HandshakeCases, ", "))
	}
	var target *url.URL
	if o.URL != "" {
		u, err := ParseWebSocketURL(o.URL)
		if err != nil {
			return nil, &FieldError{Field: OptURL, Err: err}
		}
		if len(o.AllowOrigins) > 0 {
			return nil, builtInOnly(OptAllowOrigins, "configures the built-in server; with %s the server is not ours to configure")
		}
		target = u
	}
	if o.Origin != "" {
		if err := CheckOrigin(o.Origin); err != nil {
			return nil, &FieldError{Field: OptOrigin, Err: err}
		}
	}
	for _, p := range o.AllowOrigins {
		if err := server.CheckOriginPattern(p); err != nil {
			return nil, &FieldError{Field: OptAllowOrigins, Err: err}
		}
	}
	if o.URL != "" && o.Addr != "" {
		return nil, builtInOnly(OptAddr, "sets where the built-in server listens; with %s there is no built-in server")
	}
	return target, nil
}

// HandshakeError is a handshake the server did not complete: it answered
// with another status than 101, or with a 101 that fails the client's
// checks of RFC 6455 §4.1.
type HandshakeError struct {
	URL      string
	Status   int    // the status the server answered
	Reason   string // its reason phrase
	Location string // the Location header of a redirect
	// Problem is the client check a 101 failed, e.g. a wrong
	// Sec-WebSocket-Accept; "" when the status was not 101.
	Problem string
}

func (e *HandshakeError) Error() string {
	if e.Problem != "" {
		return fmt.Sprintf("%s answered 101 Switching Protocols, but the handshake is invalid: %s", e.URL, e.Problem)
	}
	msg := fmt.Sprintf("%s answered %q instead of \"101 Switching Protocols\": it did not accept the WebSocket handshake",
		e.URL, strings.TrimSpace(fmt.Sprintf("%d %s", e.Status, e.Reason)))
	if e.Location != "" {
		msg += fmt.Sprintf(" (it redirects to %s; wsdemo does not follow redirects)", e.Location)
	}
	return msg
}

// RunHandshake runs the opening handshake of RFC 6455 §4 and shows every
// step: the client's upgrade request, the server's checks and its accept
// computation (built-in server only), the 101, the client's own checks, the
// server's first frame on the same connection and the closing handshake.
//
// With opts.Case it sends a broken request instead and shows the refusal; a
// refusal is the expected outcome, not an error. With opts.URL the client
// talks to any WebSocket server; then anything but a valid 101 is an error
// (*HandshakeError, or the network error that stopped it).
func RunHandshake(ctx context.Context, rec *trace.Recorder, opts HandshakeOptions) error {
	target, err := opts.validate()
	if err != nil {
		return err
	}
	h := &handshakeRun{rec: rec, opts: opts, text: opts.text(), timeout: opts.timeout(), builtin: target == nil}
	tr := newTracer(rec, h.annotate, opts.text())
	opts.announceRTT(rec, trace.Client)
	h.tr = tr

	if h.builtin {
		srv := server.New(server.Config{Rec: rec, ConnNumber: tr.ConnNumber, AllowOrigins: opts.AllowOrigins, Lang: opts.Lang})
		if err := srv.Start(opts.addr()); err != nil {
			return err
		}
		defer srv.Close()
		target = &url.URL{Scheme: "ws", Host: srv.Addr(), Path: "/ws"}
	} else {
		note(rec, h.text, lang.M("the server is not wsdemo's: %s", target.String()),
			lang.M("The server at %s is not wsdemo's: we see every byte that crosses the connection, but not the checks it makes inside. Only its answer tells what it decided.", target.String()))
	}
	h.url = target
	h.origin = opts.Origin
	if h.origin == "" {
		h.origin = originOf(target)
	}

	tap := opts.newTap(tr)
	h.tap = tap
	defer tap.Wait() // no watch for a FIN outlives the scenario
	transport := h.transport(tap)
	defer transport.CloseIdleConnections()
	if opts.Case != "" {
		err = h.sendBroken(ctx, transport)
	} else {
		err = h.dial(ctx, transport)
	}
	// Close what the client still holds, and wait for both ends of each
	// connection, so the trace shows TCP closing before the summary.
	transport.CloseIdleConnections()
	tr.waitClosed(closeWait)
	if err != nil {
		return err
	}
	h.summary(tr.Stats())
	return nil
}

// originOf is the origin of a page served by the server at u: what a
// browser would send for a same-origin WebSocket.
func originOf(u *url.URL) string {
	scheme := "http"
	if u.Scheme == "wss" {
		scheme = "https"
	}
	return scheme + "://" + u.Host
}

// httpURL is u with its HTTP scheme, for a plain HTTP client (RFC 6455 §3:
// ws is to http what wss is to https).
func httpURL(u *url.URL) string {
	v := *u
	v.Scheme = strings.Replace(u.Scheme, "ws", "http", 1)
	return v.String()
}

// handshakeRun is one run of the scenario: its options, what the tap saw of
// the handshake, and the notes and client checks built from it.
type handshakeRun struct {
	rec     *trace.Recorder
	opts    HandshakeOptions
	text    lang.Text
	timeout time.Duration
	builtin bool
	url     *url.URL
	origin  string

	tr    *tracer      // how each connection ended, for the close notes
	tap   *wiretap.Tap // to stop watching for FINs at Ctrl-C
	facts wsFacts      // what crossed, as the tap saw it: notes, summary, how it ended

	mu       sync.Mutex
	conn     *wiretap.Conn // the tapped connection of the handshake
	tlsState *tls.ConnectionState
	annotation
}

// transport dials through the tap: plain TCP for ws://, TLS with the tap
// above it for wss://, so the trace holds the plaintext either way.
func (h *handshakeRun) transport(tap *wiretap.Tap) *http.Transport {
	tap.Dialer.Timeout = h.timeout
	keep := func(c *wiretap.Conn) {
		h.mu.Lock()
		if h.conn == nil {
			h.conn = c
		}
		h.mu.Unlock()
		// --timeout bounds the whole handshake, also the library's own
		// waits: after a 101 that fails its checks (a wrong
		// Sec-WebSocket-Accept) coder/websocket reads the connection for
		// up to 3 s more, whatever the dial's context says. dial lifts
		// the deadline once the WebSocket is open.
		_ = c.SetDeadline(time.Now().Add(h.timeout))
	}
	t := tappedTransport(tap, h.url.Hostname(), h.opts.TLSConfig, func(c *wiretap.Conn, st *tls.ConnectionState) {
		if st != nil {
			h.mu.Lock()
			h.tlsState = st
			h.mu.Unlock()
		}
		keep(c)
	})
	t.MaxIdleConns = 1
	t.ResponseHeaderTimeout = h.timeout
	return t
}

// noRedirects makes the client show a redirect instead of following it: a
// WebSocket client is not required to follow one (RFC 6455 §4.1).
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// dial performs a correct handshake with the coder/websocket client, reads
// the server's first message and closes cleanly.
func (h *handshakeRun) dial(ctx context.Context, transport *http.Transport) error {
	header := http.Header{}
	header.Set("Origin", h.origin)
	if h.builtin {
		header.Set("Cookie", server.SessionCookie+"="+server.DemoSessionCookie)
	}
	dctx, cancel := context.WithTimeout(ctx, h.timeout)
	conn, resp, err := websocket.Dial(dctx, h.url.String(), &websocket.DialOptions{
		HTTPClient:      &http.Client{Transport: transport, CheckRedirect: noRedirects},
		HTTPHeader:      header,
		CompressionMode: websocket.CompressionDisabled,
	})
	cancel()
	if err != nil {
		return h.dialFailed(ctx, resp, err)
	}
	h.clientChecks()
	if c := h.tappedConn(); c != nil {
		_ = c.SetDeadline(time.Time{}) // the waits below have their own bounds
	}
	conn.SetReadLimit(handshakeReadLimit)

	wait := h.timeout
	if !h.builtin {
		wait = min(wait, externalFirstMessageWait)
	}
	type result struct {
		msg []byte
		err error
	}
	// Read without a context: coder/websocket drops the connection without
	// a close frame when a read's context ends, and this demo closes cleanly.
	got := make(chan result, 1)
	go func() {
		_, msg, err := conn.Read(context.Background())
		got <- result{msg, err}
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-got:
		got = nil
		if r.err != nil {
			return h.readFailed(conn, r.err)
		}
	case <-timer.C:
		if h.builtin {
			conn.CloseNow()
			<-got
			return fmt.Errorf("no welcome message from the server within %v: %w", wait, context.DeadlineExceeded)
		}
		h.silenceNote(wait)
	case <-ctx.Done():
		h.closeConn(conn, websocket.StatusGoingAway, "interrupted", min(goingAwayWait, h.timeout))
		hurryCloses(h.tr, h.tap)
		<-got
		return ctx.Err()
	}
	h.closeConn(conn, websocket.StatusNormalClosure, "bye", h.timeout)
	if got != nil {
		<-got
	}
	return nil
}

// dialFailed explains a handshake that opened no WebSocket: no answer, or
// an answer that is not a valid 101, which is the point of an origin
// refused on purpose.
func (h *handshakeRun) dialFailed(ctx context.Context, resp *http.Response, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if resp == nil {
		return h.connectError(err)
	}
	failed := h.clientChecks()
	if h.builtin && h.opts.Origin != "" && resp.StatusCode == http.StatusForbidden {
		return nil // the origin refusal this run set out to show
	}
	return h.handshakeError(resp, failed)
}

// readFailed explains a first read that failed: for the built-in server an
// error; for another server what it did (see wsFacts.readEnd), an error
// only when the client could not take what it sent.
func (h *handshakeRun) readFailed(conn *websocket.Conn, err error) error {
	end := h.facts.readEnd(err, h.tr.Stats().Bytes[wire.FromServer], handshakeReadLimit)
	if h.builtin {
		h.closeConn(conn, websocket.StatusInternalError, "", h.timeout)
		return fmt.Errorf("read the server's welcome message: %w", end)
	}
	var failed ClientFailedError
	var lost connectionLost
	switch {
	case errors.As(end, &failed):
		// The client could not take what the server sent: the run
		// failed, and the error says which side did what.
		conn.CloseNow()
		return end
	case errors.As(end, &lost):
		// The handshake worked; how the server ended the connection
		// is what it did next.
		conn.CloseNow()
		h.lostNote(lost)
	}
	return nil
}

// silenceNote says why the demo closes when another server sent no whole
// frame in wait: nothing at all, or a frame that stopped arriving.
func (h *handshakeRun) silenceNote(wait time.Duration) {
	if cut := h.facts.partial(h.tr.Stats().Bytes[wire.FromServer]); cut > 0 {
		// Not silence: a frame began and stopped arriving.
		note(h.rec, h.text, lang.M("the server's first frame did not finish arriving in %v", wait),
			lang.M("In the %v after the handshake the server began a frame, %d bytes of which arrived, and did not finish it, so the demo closes now.", wait, cut))
		return
	}
	note(h.rec, h.text, lang.M("the server sent nothing in %v", wait),
		lang.M("The server sent nothing in the %v after the handshake. Either side may send first once it is done (RFC 6455 §1.2); this server waits for the client to speak, so the demo closes now.", wait))
}

// closeConn runs the closing handshake, for at most bound even if the
// server never answers: the deadline on the tapped connection ends any read
// or write still waiting.
func (h *handshakeRun) closeConn(conn *websocket.Conn, code websocket.StatusCode, reason string, bound time.Duration) {
	h.facts.startClosing()
	h.mu.Lock()
	c := h.conn
	h.mu.Unlock()
	if c != nil {
		_ = c.SetDeadline(time.Now().Add(bound))
	}
	_ = conn.Close(code, reason) // a failed close handshake shows in the trace
}

// handshakeReadLimit is the largest message the handshake's client reads:
// coder/websocket's default, set here so that the error for a bigger one
// can say it. A bigger one makes the client close with 1009 (message too big).
const handshakeReadLimit = 32 << 10

// lostNote says how the server ended the connection without a close frame:
// its FIN or its reset, as the client's socket saw it, and whether a frame
// was cut short.
func (h *handshakeRun) lostNote(l connectionLost) {
	// How the TCP connection ended (FIN or reset, by whom) is the tcp.close
	// note's, chosen from what the tap saw; this one adds only what that
	// note cannot know: a frame that stopped arriving, or a failure that
	// was neither a FIN nor a reset.
	switch {
	case l.reset && l.cut > 0:
		note(h.rec, h.text, lang.M("the server reset the connection in the middle of a frame"),
			lang.M("The server reset the TCP connection (a TCP RST) in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).", l.cut))
	case l.cause != nil:
		note(h.rec, h.text, lang.M("the connection failed: %s", l.cause.Error()),
			lang.M("The connection failed without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries)."))
	case l.cut > 0:
		note(h.rec, h.text, lang.M("the server closed the connection in the middle of a frame"),
			lang.M("The server closed TCP in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).", l.cut))
	}
}

// sendBroken sends the request of opts.Case with a plain HTTP client through
// the same tap, and reads the answer.
func (h *handshakeRun) sendBroken(ctx context.Context, transport *http.Transport) error {
	method := http.MethodGet
	if h.opts.Case == "not-get" {
		method = http.MethodPost
	}
	rctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, httpURL(h.url), nil)
	if err != nil {
		return fmt.Errorf("build the %s request: %w", h.opts.Case, err)
	}
	if h.builtin {
		req.Header.Set("Cookie", server.SessionCookie+"="+server.DemoSessionCookie)
	}
	if h.opts.Case != "no-upgrade" {
		key, version := randomKey(), "13"
		switch h.opts.Case {
		case "bad-key":
			key = badKey
		case "bad-version":
			version = "8"
		}
		// The headers a WebSocket client sends (coder/websocket sets the
		// same ones the same way), one of them broken by the case.
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Upgrade", "websocket")
		req.Header.Set("Sec-WebSocket-Version", version)
		req.Header.Set("Sec-WebSocket-Key", key)
		req.Header.Set("Origin", h.origin)
	}
	client := &http.Client{Transport: transport, CheckRedirect: noRedirects}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return h.connectError(err)
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// The server accepted what it should have refused: drop the
		// connection, there is no WebSocket client on this side to use it.
		resp.Body.Close()
	} else {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
	h.clientChecks()
	if resp.StatusCode == http.StatusSwitchingProtocols {
		name, detail := lang.M("server refused the broken handshake"), lang.M("it answered 101 Switching Protocols")
		e := trace.Event{Conn: h.connID(), From: trace.Client, To: trace.Client, Kind: trace.KindCheck,
			Summary: "server refused the broken handshake: FAILED",
			Check: &trace.Check{Name: "server refused the broken handshake", OK: false, Detail: "it answered 101 Switching Protocols",
				NameMsg: &name, DetailMsg: &detail}}
		h.text.SetNote(&e, lang.M("RFC 6455 §4.2.1 says a server must refuse this request; this one switched protocols anyway."))
		h.rec.Emit(e)
	}
	return nil
}

// tappedConn is the tapped connection of the handshake, or nil.
func (h *handshakeRun) tappedConn() *wiretap.Conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.conn
}

func (h *handshakeRun) connID() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn == nil {
		return 0
	}
	return h.conn.ID
}

// randomKey is a fresh Sec-WebSocket-Key: 16 random bytes, base64 (RFC 6455
// §4.1 item 7).
func randomKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.StdEncoding.EncodeToString(b[:])
}

// connectError explains a dial or handshake that failed before any
// response: see connectFailure.
func (h *handshakeRun) connectError(err error) error {
	return connectFailure(h.url.String(), h.timeout, err)
}

// handshakeError describes a response that did not open a WebSocket.
func (h *handshakeRun) handshakeError(resp *http.Response, failed *trace.Check) error {
	e := &HandshakeError{URL: h.url.String(), Status: resp.StatusCode,
		Reason: strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)))}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Location = resp.Header.Get("Location")
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		e.Problem = "the client's checks failed"
		if failed != nil {
			e.Problem = failed.Name + " failed: " + failed.Detail
		}
	}
	return e
}
