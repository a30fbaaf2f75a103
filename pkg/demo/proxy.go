package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"wsdemo/internal/neterr"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/proxy"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// DefaultProxyListen is where `wsdemo proxy` listens unless told otherwise.
const DefaultProxyListen = "127.0.0.1:8080"

// ProxyOptions configures the proxy scenario.
type ProxyOptions struct {
	Common
	// To is the upstream: the HOST:PORT of the learner's own server.
	To string
	// Listen is where the proxy accepts connections; "" means
	// DefaultProxyListen.
	Listen string
	// Verbose shows every header of every message.
	Verbose bool
	// Hint receives one-line hints (nothing listens at To), the moment they
	// apply; nil discards them. It is kept apart from the trace so --json
	// stays pure, and the trace's own note says the same: a caller drawing
	// the diagram on the terminal that Hint writes to should hold the hint
	// until the diagram is done, so that no line lands inside it.
	Hint io.Writer
	// Ready, if set, is called once the proxy listens, with its address.
	Ready func(net.Addr)
	// Grace is how long open connections may go on after ctx ends before
	// the proxy closes them; 0 means proxy.DefaultGrace.
	Grace time.Duration
}

// ListenAddr is Listen as a HOST:PORT with its host filled in (":9000" is
// 127.0.0.1:9000), or DefaultProxyListen.
func (o ProxyOptions) ListenAddr() string {
	if o.Listen == "" {
		return DefaultProxyListen
	}
	if hp, err := hostPort(o.Listen, true); err == nil {
		return hp
	}
	return o.Listen
}

// Upstream is To as a HOST:PORT with its host filled in: ":3000" is
// 127.0.0.1:3000, the address the proxy dials and the diagram names.
func (o ProxyOptions) Upstream() string {
	if hp, err := hostPort(o.To, false); err == nil {
		return hp
	}
	return o.To
}

// ErrNoUpstream is the FieldError's cause for ProxyOptions without To: the
// proxy has nowhere to relay.
var ErrNoUpstream = errors.New("is needed: the address of your own server")

// Validate reports the first option RunProxy cannot run with, as a
// *FieldError: To and Listen must be HOST:PORTs, not the same one, and
// the options of wsdemo's own demos (a demo server's Addr, a simulated
// RTT) have no meaning for a proxy of real connections.
func (o ProxyOptions) Validate() error {
	if o.To == "" {
		return &FieldError{Field: OptTo, Err: ErrNoUpstream}
	}
	to, err := hostPort(o.To, false)
	if err != nil {
		return &FieldError{Field: OptTo, Err: err}
	}
	if _, err := hostPort(o.ListenAddr(), true); err != nil {
		return &FieldError{Field: OptListen, Err: err}
	}
	switch {
	case to == o.ListenAddr():
		return &FieldError{Field: OptTo, With: []Option{OptListen, OptTo},
			Err: conflict("and %s are both " + strings.ReplaceAll(to, "%", "%%") + ": the proxy would relay to itself; %s is your own server's address")}
	case o.Addr != "":
		return &FieldError{Field: OptAddr, With: []Option{OptTo, OptListen},
			Err: conflict("sets where a demo server listens; proxy relays to your server (%s) and listens at %s")}
	case o.RTT != 0:
		return fieldErrorf(OptRTT, "simulates distance in wsdemo's own demos; proxy relays real connections as they are")
	}
	return o.Common.Validate()
}

// BarePortError is a HOST:PORT option given a port alone ("3000"), which
// is no address: a hint can name the address on this machine.
type BarePortError struct {
	Value string
	Port  int
}

func (e *BarePortError) Error() string { return fmt.Sprintf("%q is not HOST:PORT", e.Value) }

// hostPort checks a HOST:PORT: a port from 1 (0 too when zeroOK: any free
// port) to 65535. An empty host means 127.0.0.1. It returns the address
// with its host filled in.
func hostPort(v string, zeroOK bool) (string, error) {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		if n, aerr := strconv.Atoi(v); aerr == nil && n > 0 && n <= 65535 {
			return "", &BarePortError{Value: v, Port: n}
		}
		return "", fmt.Errorf("%q is not HOST:PORT (for example 127.0.0.1:3000)", v)
	}
	p, err := strconv.Atoi(port)
	low := 1
	if zeroOK {
		low = 0
	}
	if err != nil || p < low || p > 65535 {
		return "", fmt.Errorf("%q: the port must be a number from %d to 65535", v, low)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if strings.ContainsAny(host, " /") {
		return "", fmt.Errorf("%q is not HOST:PORT: %q is no host name", v, host)
	}
	return net.JoinHostPort(host, strconv.Itoa(p)), nil
}

// RunProxy listens on opts.Listen and relays every connection it accepts to
// opts.To, byte for byte (pkg/proxy), tapping the accepted side: whatever
// the learner's client and server say to each other is decoded and
// recorded as it crosses, HTTP/1.1, WebSocket frames (inflated when
// compressed) and Engine.IO/Socket.IO packets, each event naming its
// connection. It runs until ctx ends (Ctrl-C): then it stops listening, lets
// open connections finish for a moment, closes the rest, records how each
// ended and a summary, and returns ctx.Err().
func RunProxy(ctx context.Context, rec *trace.Recorder, opts ProxyOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	opts.To, opts.Listen = opts.Upstream(), opts.ListenAddr()
	ln, err := net.Listen("tcp", opts.ListenAddr())
	if err != nil {
		return &server.ListenError{Addr: opts.ListenAddr(), Err: neterr.Cause(err)}
	}
	p := newProxyRun(rec, opts, ln.Addr().String())
	tr := newTracer(rec, p.annotate, opts.text())
	tr.foreign = true // the learner's own server and client
	obs := &proxyObserver{tr: tr, p: p}
	tap := opts.newTap(obs)
	defer tap.Wait()

	start := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	p.t.SetNote(&start, lang.M("Point your browser (or any client) at http://%s instead of your server: wsdemo opens a connection of its own to %s for each one it accepts and copies the bytes both ways unchanged, decoding them as they pass. Ctrl-C stops it.", p.listen, opts.To))
	start.Summary, start.SummaryMsg = lang.Both("wsdemo proxy: listening on %s, relaying every connection to %s", p.listen, opts.To)
	rec.Emit(start)
	if opts.Ready != nil {
		opts.Ready(ln.Addr())
	}

	relay := &proxy.Relay{
		Upstream:    opts.To,
		DialTimeout: opts.timeout(),
		Grace:       opts.Grace,
		Refused:     p.refused,
		BadGateway:  true,
		Ended:       p.relayEnded,
	}
	serveErr := relay.Serve(ctx, tap.Listen(ln))
	// Every relay has stopped: each closed connection's ends are reported
	// as the tap sees them; give the peers a moment to answer the closes,
	// then stop waiting for them.
	obs.waitIdle(hurryGrace)
	tap.Hurry()
	tap.Wait()
	obs.waitIdle(closeWait)
	p.emitSummary()
	if serveErr != nil {
		return fmt.Errorf("accept on %s: %w", p.listen, serveErr)
	}
	return ctx.Err()
}

// proxyObserver passes what the tap sees to the tracer, which decodes and
// records it, and first notes for the proxy's annotator what the tracer's
// events do not carry: each connection's addresses and how it ended. It
// also counts the connections still open, so that the proxy can wait for
// their last ends.
type proxyObserver struct {
	tr *tracer
	p  *proxyRun

	mu   sync.Mutex
	open int
	idle chan struct{} // closed whenever open is 0
}

// Opened implements wiretap.Observer.
func (o *proxyObserver) Opened(c *wiretap.Conn) {
	o.mu.Lock()
	if o.open == 0 || o.idle == nil {
		o.idle = make(chan struct{})
	}
	o.open++
	o.mu.Unlock()
	o.p.opened(c)
	o.tr.Opened(c)
}

// Data implements wiretap.Observer.
func (o *proxyObserver) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	o.p.data(c.ID, from, len(p))
	o.tr.Data(c, from, p)
}

// Ended implements wiretap.Observer.
func (o *proxyObserver) Ended(c *wiretap.Conn, e wiretap.End) {
	o.p.ended(c.ID, e)
	o.tr.Ended(c, e)
	if e.Last {
		o.p.forget(c.ID)
		o.mu.Lock()
		o.open--
		if o.open == 0 {
			close(o.idle)
		}
		o.mu.Unlock()
	}
}

// WriteFailed implements wiretap.WriteFailureObserver.
func (o *proxyObserver) WriteFailed(c *wiretap.Conn, from wire.Sender, n, size int, err error) {
	o.tr.WriteFailed(c, from, n, size, err)
}

// waitIdle waits until every connection's last end is recorded, or d.
func (o *proxyObserver) waitIdle(d time.Duration) {
	o.mu.Lock()
	idle, open := o.idle, o.open
	o.mu.Unlock()
	if open == 0 || idle == nil {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}

// refused records that the upstream could not be reached for c: an event
// saying why, and once a hint on what to do.
func (p *proxyRun) refused(c net.Conn, err error) {
	conn := 0
	if tc, ok := c.(*wiretap.Conn); ok {
		conn = tc.ID
	}
	p.markRefused(conn)
	summary, hint := p.upstreamFailure(err, conn)
	e := trace.Event{Conn: conn, From: trace.Server, To: trace.Client, Kind: trace.KindError,
		Summary: lang.Trace.Say(summary), SummaryMsg: summary}
	p.mu.Lock()
	first := !p.hinted
	p.hinted = true
	p.mu.Unlock()
	notes := []trace.Msg{lang.M("wsdemo could not open its own connection to %s, so it has nowhere to relay this client's bytes. If the client sends an HTTP request, wsdemo answers it itself with 502 Bad Gateway; then it closes the connection it accepted.", p.opts.To)}
	if first {
		notes = append(notes, lang.M("Hint: %s.", hint))
	}
	p.t.SetNote(&e, notes...)
	p.rec.Emit(e)
	if first && p.opts.Hint != nil {
		fmt.Fprintln(p.opts.Hint, p.t.F("wsdemo: %s", hint))
	}
}

// upstreamFailure says why the upstream could not be reached for
// connection conn (the event's summary), and what to do about it (the
// hint). The system's own words for an error (a DNS failure, a network
// error) are quoted as they are.
func (p *proxyRun) upstreamFailure(err error, conn int) (summary, hint trace.Msg) {
	to := p.opts.To
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return lang.M("%s refused the connection (nothing listens there): wsdemo closes connection #%#d", to, conn),
			lang.M("nothing listens on %s: start your app first", to)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return lang.M("%s did not answer within %v: wsdemo closes connection #%#d", to, p.opts.timeout(), conn),
			lang.M("%s does not answer: is your app running there, and reachable from here?", to)
	case errors.As(err, &dns):
		return lang.M("%s could not be looked up (%s): wsdemo closes connection #%#d", to, dns.Err, conn),
			lang.M("the host in --to %s could not be looked up: check its spelling, or use 127.0.0.1", to)
	}
	why := neterr.Cause(err).Error()
	return lang.M("%s could not be reached (%s): wsdemo closes connection #%#d", to, why, conn),
		lang.M("%s could not be reached: %s", to, why)
}

// clientFailed records what the server saw of a client connection that
// ended in an error: a reset is passed on as a reset (pkg/proxy), anything
// else only as a FIN.
func (p *proxyRun) clientFailed(conn int, err error) {
	e := trace.Event{Conn: conn, From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	if errors.Is(err, syscall.ECONNRESET) {
		e.Summary, e.SummaryMsg = lang.Both("wsdemo resets its connection to %s too", p.opts.To)
		p.t.SetNote(&e, lang.M("The client reset its connection (RST): wsdemo passes that on as it came, resetting its own connection to your server, so both sides saw an RST."))
	} else {
		e.Summary, e.SummaryMsg = lang.Both("the client's connection failed (%s): wsdemo closes its connection to %s", neterr.Cause(err).Error(), p.opts.To)
		p.t.SetNote(&e, lang.M("wsdemo can only close its connection to your server with a FIN: your server saw an orderly close where the client's connection failed."))
	}
	p.rec.Emit(e)
}

// relayEnded records a relay that ended with an error rather than with both
// sides closing in order: the tap shows the client's side; the upstream's
// needs saying.
func (p *proxyRun) relayEnded(c net.Conn, upstream bool, err error) {
	conn := 0
	if tc, ok := c.(*wiretap.Conn); ok {
		conn = tc.ID
	}
	if !upstream {
		// The tap's own events show what the client did; what the relay
		// could pass on of it to the server needs saying.
		p.clientFailed(conn, err)
		return
	}
	summary := lang.M("the connection to %s failed (%s): wsdemo closes connection #%#d", p.opts.To, neterr.Cause(err).Error(), conn)
	var note trace.Msg
	reset := errors.Is(err, syscall.ECONNRESET)
	p.markUpstreamFailed(conn, reset)
	if reset {
		summary = lang.M("%s reset its connection: wsdemo closes connection #%#d", p.opts.To, conn)
		note = lang.M("The server aborted its connection with wsdemo (a TCP reset, RST): there is nothing left to relay, so wsdemo closes the client's connection too.")
	}
	e := trace.Event{Conn: conn, From: trace.Server, To: trace.Client, Kind: trace.KindError,
		Summary: lang.Trace.Say(summary), SummaryMsg: summary}
	p.t.SetNote(&e, note)
	p.rec.Emit(e)
}
