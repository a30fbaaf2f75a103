package exercise

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// answerWait is how long a check gives the server to answer what it sent,
// or to send what the task asks of it: the "2 s" the task texts promise.
// It is a rule of the exercises, not a network timeout (--timeout bounds
// connecting and each write).
const answerWait = 2 * time.Second

// quietWait is how long a check watches for something that must not come
// (a message sent back to its own sender) after everything else arrived.
const quietWait = time.Second

// Options configures a check run.
type Options struct {
	// Lang is the language of the notes and the fields' meanings: lang.English
	// or lang.PortugueseBR ("" is English).
	Lang string
	// Timeout bounds connecting and each network write or exchange; 0 means
	// demo.DefaultTimeout.
	Timeout time.Duration
	// Wait is how long a check waits for what a server does at once (an
	// echo, a pong, a close, a relayed message); 0 means the 2 s the tasks
	// promise. Tests on a loaded machine give more, so that a right server
	// is never failed for being scheduled late; the push checks' windows
	// are what they check, and do not change.
	Wait time.Duration
}

// Result is what a check run found.
type Result struct {
	Exercise string // the exercise's slug
	Total    int    // checks in the exercise
	Passed   int    // checks passed, in order, before the first failure
	// Failure is the first check that failed, nil when all passed.
	Failure *Failure
}

// OK reports whether every check passed.
func (r *Result) OK() bool { return r.Failure == nil && r.Passed == r.Total }

// Failure is the check a run stopped at.
type Failure struct {
	Step   string // the check's name, as in the exercise's front matter
	Number int    // its place in the exercise, from 1
	// Title is what the check verifies; Detail what it saw instead; Rule
	// the rule it verifies, with its RFC section; Hint what to look at.
	Title, Detail, Rule, Hint trace.Msg
	// Evidence is the exchange that failed, the last message the client
	// sent in the step and the last the server sent after it, with their
	// bytes, for a renderer to draw again byte by byte (either may be
	// missing: a server that answered nothing sent nothing to show).
	Evidence []trace.Event
}

// DownError says nothing listened where the learner's server should be:
// the run's first connection was refused. No check ran.
type DownError struct{ Addr string }

func (e *DownError) Error() string { return lang.Trace.Say(e.Say()) }

// Say implements lang.Sayer.
func (e *DownError) Say() trace.Msg {
	return lang.M("nothing is listening at %s: your server is not running there", e.Addr)
}

// Unwrap lets errors.Is find the refusal.
func (e *DownError) Unwrap() error { return syscall.ECONNREFUSED }

// failure is how a check's run says it failed.
type failure struct {
	detail trace.Msg
	hint   lang.Msg // "" keeps the step's own hint
	down   bool     // the run's first connection was refused: not a check's fault
	err    error    // the run was stopped (ctx): not a check's fault either
}

// fail returns the failure that says format with args.
func fail(format lang.Msg, args ...any) *failure { return &failure{detail: lang.M(format, args...)} }

// because sets the hint for this way of failing.
func (f *failure) because(hint lang.Msg) *failure {
	f.hint = hint
	return f
}

// passed is a check's detail when it passed.
func passed(format lang.Msg, args ...any) trace.Msg { return lang.M(format, args...) }

// session is one run of an exercise's checks: the tapped client side, the
// connections the checks keep from one step to the next, and what the tap
// saw in the current step.
type session struct {
	rec     *trace.Recorder
	text    lang.Text
	target  Target
	timeout time.Duration
	wait    time.Duration // Options.Wait, settled
	probe   *demo.Probe
	nonce   string // makes this run's messages its own: no server can have them ready

	connected bool // a connection has been opened: a refusal now means the server went away

	// main is the WebSocket the checks use from step to step (handshake
	// opens it); second is broadcast's other client.
	main, second *wsClient
	// sio are the socketio exercise's clients A and B.
	sio [2]*sioPeer
	// hc is the REST checks' connection.
	hc *httpConn
	// lastPush is when the server's latest pushed message arrived.
	lastPush time.Time

	mu      sync.Mutex
	clients []*wsClient
	https   []*httpConn
	seen    []trace.Event // the current step's messages, with their bytes
}

// maxSeen bounds the messages a step keeps for its evidence.
const maxSeen = 64

// observe keeps the current step's messages as the tap records them.
func (s *session) observe(e *trace.Event) {
	switch e.Kind {
	case trace.KindHTTPRequest, trace.KindHTTPResponse, trace.KindWSFrame:
	case trace.KindError:
		if len(e.Raw) == 0 {
			return
		}
	default:
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) == maxSeen {
		copy(s.seen, s.seen[1:])
		s.seen = s.seen[:maxSeen-1]
	}
	s.seen = append(s.seen, *e)
}

// evidence picks the failing exchange from the step's messages: the last
// one the server sent, and the last the client sent before it.
func (s *session) evidence() []trace.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	server := -1
	for i := len(s.seen) - 1; i >= 0; i-- {
		if s.seen[i].From == trace.Server {
			server = i
			break
		}
	}
	client := -1
	end := len(s.seen)
	if server >= 0 {
		end = server
	}
	for i := end - 1; i >= 0; i-- {
		if s.seen[i].From == trace.Client {
			client = i
			break
		}
	}
	var out []trace.Event
	for _, i := range []int{client, server} {
		if i >= 0 {
			out = append(out, s.seen[i])
		}
	}
	return out
}

func (s *session) track(c *wsClient) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients = append(s.clients, c)
}

func (s *session) trackHTTP(h *httpConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.https = append(s.https, h)
}

// dial opens a tapped connection to the learner's server.
func (s *session) dial(ctx context.Context) (net.Conn, *failure) {
	conn, err := s.probe.Dial(ctx, s.target.Addr)
	if err == nil {
		s.connected = true
		return conn, nil
	}
	switch {
	case ctx.Err() != nil:
		return nil, &failure{err: ctx.Err()}
	case errors.Is(err, syscall.ECONNREFUSED) && !s.connected:
		return nil, &failure{down: true}
	case errors.Is(err, syscall.ECONNREFUSED):
		return nil, fail("nothing is listening at %s any more: the server stopped after the previous check", s.target.Addr).
			because("a server must outlive what one client sends: look for the error or panic your server printed when it stopped")
	case isTimeout(err):
		return nil, fail("no TCP connection to %s within %v", s.target.Addr, s.timeout)
	}
	return nil, fail("could not connect to %s: %s", s.target.Addr, err.Error())
}

// lost explains a write that failed: the server's side was gone.
func (s *session) lost(err error) *failure {
	if isReset(err) {
		return fail("the server reset the connection (a TCP RST) before the client had sent its request")
	}
	return fail("the client could not send its request: %s", err.Error())
}

// noAnswer explains why no response could be read.
func (s *session) noAnswer(err error) *failure {
	switch {
	case isTimeout(err):
		return fail("no answer within %v", s.timeout)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fail("the server closed the connection without an answer")
	case isReset(err):
		return fail("the server reset the connection (a TCP RST) without an answer")
	}
	return fail("the answer is not an HTTP/1.1 response: %s", err.Error())
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// Run runs the checks of x against the server at t, recording every
// exchange in rec, and stops at the first check that fails. It returns a
// *DownError when nothing listens at t (no check ran), ctx's error when
// the run is stopped, and otherwise a Result, passed or not.
//
// Every connection it opened is closed before it returns, and the trace
// ends with a summary event.
func Run(ctx context.Context, rec *trace.Recorder, x *Exercise, t Target, o Options) (*Result, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = demo.DefaultTimeout
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	wait := o.Wait
	if wait <= 0 {
		wait = answerWait
	}
	s := &session{rec: rec, text: lang.For(o.Lang), target: t, timeout: timeout, wait: wait, nonce: hex.EncodeToString(b[:])}
	s.probe = demo.NewProbe(rec, demo.ProbeOptions{Lang: o.Lang, Timeout: timeout, Observe: s.observe})
	defer s.probe.Close()

	res := &Result{Exercise: x.Slug, Total: len(x.Checks)}
	// Nothing listening is not a check's failure: say so before any
	// check is drawn.
	if err := reachable(ctx, t.Addr, timeout); err != nil {
		return res, err
	}
	var runErr error
	for i, name := range x.Checks {
		st := lookup(name)
		s.mu.Lock()
		s.seen = nil
		s.mu.Unlock()
		s.begin(i, res.Total, st)
		ok, f := st.run(ctx, s)
		switch {
		case ctx.Err() != nil:
			runErr = ctx.Err()
		case f != nil && f.err != nil:
			runErr = f.err
		case f != nil && f.down:
			runErr = &DownError{Addr: t.Addr}
		case f != nil:
			res.Failure = s.failed(i, st, f)
		default:
			res.Passed++
			s.passed(st, ok)
			continue
		}
		break
	}
	if ctx.Err() != nil {
		s.closeAll(true)
		s.probe.Hurry()
		return res, ctx.Err()
	}
	s.closeAll(false)
	s.probe.Settle(0)
	if runErr != nil {
		return res, runErr
	}
	s.summary(x, res)
	return res, nil
}

// begin records the start of a check: which, and what it sends.
func (s *session) begin(i, total int, st *step) {
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	s.text.SetNote(&e, lang.M(st.does))
	e.Summary, e.SummaryMsg = lang.Both("check %d of %d: %s", i+1, total, st.title)
	s.rec.Emit(e)
}

// check records a check's verdict, made by the client.
func (s *session) check(st *step, ok bool, detail trace.Msg, note string) {
	e := trace.Event{From: trace.Client, To: trace.Client, Kind: trace.KindCheck, Note: note}
	name := lang.M(st.title)
	c := &trace.Check{Name: lang.Trace.Say(name), OK: ok, Detail: lang.Trace.Say(detail), NameMsg: &name}
	if detail.Format != "" {
		c.DetailMsg = &detail
	}
	e.Check = c
	if ok {
		e.Summary, e.SummaryMsg = lang.Both("%s: passed", st.title)
	} else {
		e.Summary, e.SummaryMsg = lang.Both("%s: FAILED", st.title)
	}
	s.rec.Emit(e)
}

func (s *session) passed(st *step, detail trace.Msg) { s.check(st, true, detail, "") }

// failed records a failed check, with the rule and the hint under it.
func (s *session) failed(i int, st *step, f *failure) *Failure {
	hint := st.hint
	if f.hint != "" {
		hint = f.hint
	}
	note := s.text.F("The rule: %s", st.rule) + "\n" + s.text.F("Hint: %s", hint)
	s.check(st, false, f.detail, note)
	return &Failure{Step: st.name, Number: i + 1, Title: lang.M(st.title), Detail: f.detail,
		Rule: lang.M(st.rule), Hint: lang.M(hint), Evidence: s.recorded(s.evidence())}
}

// recorded finds each event as the recorder stored it, with its number
// and time (the tap shows an event to observe before it is recorded): the
// latest one of the same kind and sender with the same bytes.
func (s *session) recorded(evs []trace.Event) []trace.Event {
	all := s.rec.Events()
	out := make([]trace.Event, 0, len(evs))
	for _, e := range evs {
		for i := len(all) - 1; i >= 0; i-- {
			if r := all[i]; r.Kind == e.Kind && r.From == e.From && bytes.Equal(r.Raw, e.Raw) {
				e = r
				break
			}
		}
		out = append(out, e)
	}
	return out
}

// summary ends the trace with the run's outcome.
func (s *session) summary(x *Exercise, r *Result) {
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary,
		Stats: map[string]any{"exercise": x.Slug, "checks": r.Total, "passed": r.Passed}}
	// The stats are the JSON's; the diagram shows these, in words.
	e.Fields = []trace.Field{{Name: s.text.F("checks passed"), Value: s.text.F("%d of %d", r.Passed, r.Total)}}
	if r.Failure != nil {
		e.Fields = append(e.Fields, trace.Field{Name: s.text.F("failed"), Value: r.Failure.Step, Meaning: s.text.Say(r.Failure.Title)})
		e.Stats["failed_check"] = r.Failure.Step
		e.Summary, e.SummaryMsg = lang.Both("%s: check %d of %d failed, %d passed before it", x.Slug, r.Failure.Number, r.Total, r.Passed)
		s.text.SetNote(&e, lang.M("The checks stop at the first failure: fix it, restart your server and check again."))
	} else {
		e.Summary, e.SummaryMsg = lang.Both("%s: all %d checks passed", x.Slug, r.Total)
		s.text.SetNote(&e, lang.M("Every check passed: your server does what the task asks."))
	}
	s.rec.Emit(e)
}

// closeAll ends every connection the run opened: politely (a close frame,
// then a short wait for the server's) unless now is set.
func (s *session) closeAll(now bool) {
	s.mu.Lock()
	clients, https := s.clients, s.https
	s.clients, s.https = nil, nil
	s.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range s.sio {
		if p == nil {
			continue
		}
		wg.Go(func() {
			if now {
				_ = p.c.GoingAway(0)
			} else {
				_ = p.c.Close()
			}
		})
	}
	s.sio = [2]*sioPeer{}
	for _, c := range clients {
		wg.Go(func() {
			if now {
				c.goAway()
			} else {
				c.finish(quietWait)
			}
		})
	}
	wg.Wait()
	for _, h := range https {
		h.conn.Close()
	}
}

// isData reports whether in is a whole data message.
func isData(in inbound) bool { return in.msg != nil }

// isClose reports whether in is a close frame.
func isClose(in inbound) bool { return in.frame != nil && in.frame.Opcode == wire.OpClose }
