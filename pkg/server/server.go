// Package server is the demo server every wsdemo scenario talks to: a small
// REST notes API (and, as scenarios need them, WebSocket and polling
// endpoints) served by net/http on loopback.
//
// The server reports the checks it makes (is there a token? is the origin
// allowed?) as trace events through the Recorder in its Config, so a learner
// sees the server's side of each decision. A nil Recorder is fine.
package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"wsdemo/internal/neterr"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// DefaultToken is the bearer token the notes API accepts unless Config says otherwise.
const DefaultToken = "demo-token"

// Config configures a Server.
type Config struct {
	// Rec receives the server's check and note events; nil discards them.
	Rec *trace.Recorder
	// Token is the bearer token the notes API requires; "" means DefaultToken.
	Token string
	// ConnNumber maps a client's address (as the server sees it, the
	// request's RemoteAddr) to the connection number the client's tap gave
	// it, so server events line up with the tapped connection. nil means 0.
	ConnNumber func(remoteAddr string) int
	// Strangers, if set, is asked about each request on a connection that
	// ConnNumber does not know (it returns 0): a client other than the
	// demo's own, which found the address the server listens on (--addr).
	// If it returns true the server reports that request's checks as a
	// stranger's: conn 0, the client's address in each check's detail,
	// after a note saying whose they are, so that they are never read as
	// part of a tapped connection's story. If it returns false the server
	// reports nothing about that request. Without Strangers such requests
	// are reported like any other, with conn 0.
	Strangers func(remoteAddr string) bool
	// AllowOrigins are extra origins the /ws endpoint accepts. Each is a
	// whole origin, scheme://host[:port] (an origin is all three, RFC 6454
	// §5), whose host may use path.Match wildcards and whose port may be
	// "*": "http://app.example", "https://*.example.com",
	// "http://localhost:*". A missing port is the scheme's default (80,
	// 443). The server's own origin is always allowed. CheckOriginPattern
	// says whether a pattern is valid; Start refuses an invalid one.
	AllowOrigins []string
	// Lang is the language of the server's notes (lang.English or
	// lang.PortugueseBR); "" means English.
	Lang string
	// Browser turns on what a browser page needs from the realtime
	// endpoints (wsdemo serve, see page.go): edits and answers stamped
	// with the server's clock, the WebSocket handshake checked (Origin,
	// session cookie) before edits are pushed, and edits accepted over
	// that WebSocket. Off, the endpoints answer exactly as the realtime
	// scenario has always seen them.
	Browser bool
}

// Server is a running demo server.
type Server struct {
	cfg   Config
	text  lang.Text // the language of the server's notes
	ln    net.Listener
	http  *http.Server
	notes *noteStore
	mux   *http.ServeMux
	// wg counts the serving goroutine and live WebSocket sessions; closing
	// tells sessions to end (hijacked connections escape Shutdown).
	wg      sync.WaitGroup
	closing chan struct{}
	mu      sync.Mutex // guards closed, so no session is added to wg once Close waits
	closed  bool
	rt      *realtime
	// allow are the parsed AllowOrigins; allowErr is the first that did
	// not parse, which Start reports.
	allow    []originPattern
	allowErr error
	// pages holds the session cookies the page handed out (page.go).
	pages pageSessions
}

// New returns a server that is not listening yet; use Start, or Handler to
// serve it yourself.
func New(cfg Config) *Server {
	if cfg.Token == "" {
		cfg.Token = DefaultToken
	}
	s := &Server{cfg: cfg, text: lang.For(cfg.Lang), notes: newNoteStore(), mux: http.NewServeMux(), closing: make(chan struct{})}
	for _, p := range cfg.AllowOrigins {
		op, err := parseOriginPattern(p)
		if err != nil {
			s.allowErr = cmp.Or(s.allowErr, fmt.Errorf("allowed origin %w", err))
			continue
		}
		s.allow = append(s.allow, op)
	}
	s.routeNotes()
	s.routeWS()
	s.http = &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: 10 * time.Second,
		// Keep the server's logging off the learner's screen (nil would log
		// to stderr): errors that matter reach the trace through the tap.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.routeRealtime()
	return s
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler { return s.mux }

// Start listens on addr (host:port; port 0 lets the OS pick) and serves in
// the background until Close.
func (s *Server) Start(addr string) error {
	if s.allowErr != nil {
		return s.allowErr
	}
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	return s.StartOn(ln)
}

// Listen listens on addr (host:port; port 0 lets the OS pick); its error
// is a *ListenError.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, &ListenError{Addr: addr, Err: neterr.Cause(err)}
	}
	return ln, nil
}

// StartOn serves on ln (a tapped listener, say) in the background until
// Close, which closes ln.
func (s *Server) StartOn(ln net.Listener) error {
	if s.allowErr != nil {
		return s.allowErr
	}
	s.ln = ln
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.http.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	return nil
}

// Addr is the address the server listens on, e.g. "127.0.0.1:54321".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL is the server's base URL, e.g. "http://127.0.0.1:54321".
func (s *Server) URL() string { return "http://" + s.Addr() }

// Close stops the server: it ends what the realtime endpoints hold open
// (CloseRealtime), stops listening, closes every connection and waits for
// its goroutines.
func (s *Server) Close() error {
	// First, while their connections still work: held polls answer, pushed
	// WebSockets close with 1001, relays close. Shutdown would otherwise
	// wait on the polls, and never sees hijacked connections or relays.
	s.rt.closeAll()
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = s.http.Close()
	}
	s.wg.Wait()
	return err
}

// enterSession registers a WebSocket session with Close. It fails once Close
// has begun: a handshake still in flight when Shutdown returns (its
// connection hijacked, so no longer tracked) must not start a session that
// Close neither waits for nor ends, nor Add to wg while Close Waits on it.
func (s *Server) enterSession() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// Token is the bearer token the notes API accepts.
func (s *Server) Token() string { return s.cfg.Token }

// requester is whose request the server is answering, for its events: a
// tapped client's connection number, or a stranger's address.
type requester struct {
	conn     int    // the trace connection number; 0 if not tapped
	stranger string // the address of a client that is not the demo's own, or ""
	quiet    bool   // report nothing about this request (Config.Strangers said so)
}

// whose says whose request r is (see Config.Strangers).
func (s *Server) whose(r *http.Request) requester {
	n := s.connOf(r)
	if n != 0 || s.cfg.ConnNumber == nil || s.cfg.Strangers == nil {
		return requester{conn: n}
	}
	return requester{stranger: r.RemoteAddr, quiet: !s.cfg.Strangers(r.RemoteAddr)}
}

// noteStranger says, before the server's checks of a stranger's request,
// that they are not the demo's own connection's.
func (s *Server) noteStranger(who requester) {
	if who.stranger == "" || who.quiet {
		return
	}
	e := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindNote}
	s.text.SetNote(&e, lang.M("A client that is not this demo's connected to the server's address. The demo does not tap its connection: only the server's checks of its request show, each marked with its address, and they are not part of the demo's own connection."))
	e.Summary, e.SummaryMsg = lang.Both("another client connected from %s: not this demo's", who.stranger)
	s.cfg.Rec.Emit(e)
}

// connOf returns the trace connection number of the request's connection.
func (s *Server) connOf(r *http.Request) int {
	if s.cfg.ConnNumber == nil {
		return 0
	}
	return s.cfg.ConnNumber(r.RemoteAddr)
}

// check reports a check the server made on who's request. Its name and
// detail reach the JSON trace in English, and the diagram in the reader's
// language.
func (s *Server) check(who requester, name lang.Msg, ok bool, detail trace.Msg, note trace.Msg) {
	if who.quiet {
		return
	}
	conn := who.conn
	if who.stranger != "" {
		// The teaching note is for the demo's own connection; here the
		// address says whose check this is, where the diagram shows it.
		detail = lang.M("another client, %s: %s", who.stranger, detail)
		note = trace.Msg{}
	}
	nameMsg := lang.M(name)
	c := &trace.Check{Name: lang.Trace.Say(nameMsg), OK: ok, Detail: lang.Trace.Say(detail), NameMsg: &nameMsg}
	if detail.Format != "" {
		c.DetailMsg = &detail
	}
	e := trace.Event{Conn: conn, From: trace.Server, To: trace.Server, Kind: trace.KindCheck,
		Summary: checkSummary(c.Name, ok, c.Detail), Check: c}
	s.text.SetNote(&e, note)
	s.cfg.Rec.Emit(e)
}

func checkSummary(name string, ok bool, detail string) string {
	mark := "ok"
	if !ok {
		mark = "FAILED"
	}
	if detail == "" {
		return name + ": " + mark
	}
	return name + ": " + mark + " (" + detail + ")"
}

// ListenError is a failure to listen on the address the server was given
// (the user's --addr), so that a hint can name that flag.
type ListenError struct {
	Addr string
	Err  error
}

func (e *ListenError) Error() string {
	var dns *net.DNSError
	if errors.As(e.Err, &dns) {
		// The name, once, and not the resolver's address.
		return fmt.Sprintf("listen on %s: look up %s: %s", e.Addr, dns.Name, dns.Err)
	}
	return fmt.Sprintf("listen on %s: %v", e.Addr, e.Err)
}

func (e *ListenError) Unwrap() error { return e.Err }
