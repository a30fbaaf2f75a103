// Package demo holds the scenarios wsdemo runs: each starts the demo server
// and a real client on loopback, taps the client's connections, decodes the
// bytes and records what happened as trace events.
//
// Scenarios never draw anything: they fill a trace.Recorder, and a renderer
// shows it at its own pace.
package demo

import (
	"fmt"
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// Annotator lets a scenario add its teaching note (and fields) to an event
// built from the wire, before it is recorded.
type Annotator func(e *trace.Event)

// tracer turns what a tap sees into trace events: it decodes each tapped
// connection with a wire.ConnDecoder and counts what crossed.
type tracer struct {
	rec      *trace.Recorder
	annotate Annotator
	text     lang.Text // the language of the notes and meanings it writes
	client   string    // actor name of the tapped client, "client" by default

	mu     sync.Mutex // guards the maps below; tap callbacks are serialised, lookups are not
	conns  map[*wiretap.Conn]*connState
	byAddr map[string]int // client local address → conn number
	stats  wireStats
	open   int           // connections opened and not yet seen closing
	idle   chan struct{} // closed whenever open is 0; a new one when a connection opens
}

type connState struct {
	dec    *wire.ConnDecoder
	emit   func(wire.Decoded) // t.decoded for this connection, made once, not per read
	ending tcpEnding          // how it ended, as far as the tap has seen
}

// wireStats are the numbers a scenario's summary reports.
type wireStats struct {
	Conns                  int
	Requests, Responses    int
	Frames                 [2]int
	Bytes                  [2]int // indexed by wire.Sender
	HeaderBytes, BodyBytes int
	HeadBytes              [2]int // HeaderBytes by sender: requests' heads, responses' heads
}

func newTracer(rec *trace.Recorder, annotate Annotator, text lang.Text) *tracer {
	idle := make(chan struct{})
	close(idle) // nothing open yet
	return &tracer{rec: rec, annotate: annotate, text: text, client: trace.Client,
		conns: map[*wiretap.Conn]*connState{}, byAddr: map[string]int{}, idle: idle}
}

// ConnNumber maps the client's local address to its tapped connection
// number; the server uses it to tag its checks (server.Config.ConnNumber).
func (t *tracer) ConnNumber(addr string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byAddr[addr]
}

// Stats returns the counts so far.
func (t *tracer) Stats() wireStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

// closeWait is how long a scenario waits for the last tcp.close: the tap's
// linger, and a margin for the observer.
const closeWait = wiretap.DefaultLinger + 500*time.Millisecond

// waitClosed waits until the tap has reported the last end of every tapped
// connection (both sides' FINs, a reset, or the end of its linger), or d
// has passed. An HTTP transport closes connections from its own
// goroutines, after the response is handed over, and the other side's FIN
// may follow later still: without this wait a scenario could end (and its
// recorder close) before the last tcp.close.
func (t *tracer) waitClosed(d time.Duration) {
	if d <= 0 {
		d = closeWait
	}
	t.mu.Lock()
	idle := t.idle
	t.mu.Unlock()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-idle:
	case <-timer.C:
	}
}

func (t *tracer) actor(s wire.Sender) string {
	if s == wire.FromClient {
		return t.client
	}
	return trace.Server
}

func (t *tracer) emit(e trace.Event) {
	if t.annotate != nil {
		e = t.annotated(e)
	}
	t.rec.Emit(e)
}

// annotated applies the scenario's annotator. It is a function of its own
// because the annotator takes &e, which moves e to the heap: here that costs
// an allocation only when there is an annotator.
func (t *tracer) annotated(e trace.Event) trace.Event {
	t.annotate(&e)
	return e
}

// Opened implements wiretap.Observer.
func (t *tracer) Opened(c *wiretap.Conn) {
	t.mu.Lock()
	t.conns[c] = &connState{dec: wire.NewConnDecoder(), emit: func(d wire.Decoded) { t.decoded(c.ID, d) }}
	t.byAddr[c.LocalAddr().String()] = c.ID
	t.stats.Conns++
	t.mu.Unlock()
	t.connOpened()
	t.emit(trace.Event{Conn: c.ID, From: t.client, To: trace.Server, Kind: trace.KindTCPConnect,
		Summary: fmt.Sprintf("TCP connection #%d opened: %s → %s", c.ID, c.LocalAddr(), c.RemoteAddr())})
}

// Data implements wiretap.Observer.
func (t *tracer) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	t.mu.Lock()
	st := t.conns[c]
	t.stats.Bytes[from] += len(p)
	t.mu.Unlock()
	st.dec.Feed(from, p, st.emit)
}

// WriteFailed implements wiretap.WriteFailureObserver: the bytes of a write
// are shown before they are written, so when the write then fails the trace
// must say that they did not (all) cross.
func (t *tracer) WriteFailed(c *wiretap.Conn, from wire.Sender, n, size int, err error) {
	t.emit(trace.Event{Conn: c.ID, From: t.actor(from), To: t.actor(from.Peer()), Kind: trace.KindError,
		Summary: fmt.Sprintf("the %s's write of %d bytes failed after %d were written to the socket (%v)", from, size, n, err)})
}

// Ended implements wiretap.Observer: one side's stream ended, or the tap
// learnt what it will know of it. The first end says who closed the
// connection; the last lets waitClosed go on.
func (t *tracer) Ended(c *wiretap.Conn, e wiretap.End) {
	t.mu.Lock()
	st := t.conns[c]
	st.ending.add(e)
	ending := st.ending
	t.mu.Unlock()
	// The side's stream is over: a body delimited by the close is complete,
	// anything else buffered was cut short. A reset ends both at once.
	st.dec.Close(e.Side, st.emit)
	if e.First && e.Last {
		st.dec.Close(e.Side.Peer(), st.emit)
	}
	t.emit(t.closeEvent(c.ID, ending, e))
	if e.Last {
		t.connClosed()
	}
}

// connOpened counts a connection waitClosed must wait for.
func (t *tracer) connOpened() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.open == 0 {
		t.idle = make(chan struct{})
	}
	t.open++
}

// connClosed counts a connection whose last end is recorded: only now may
// waitClosed let the scenario record its summary and end.
func (t *tracer) connClosed() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.open--
	if t.open == 0 {
		close(t.idle)
	}
}

// closeEvent is the tcp.close event of one end.
func (t *tracer) closeEvent(conn int, f tcpEnding, e wiretap.End) trace.Event {
	return trace.Event{Conn: conn, From: t.actor(e.Side), To: t.actor(e.Side.Peer()), Kind: trace.KindTCPClose,
		Summary: f.closeSummary(conn, e, t.who),
		TCP:     &trace.TCPEnd{How: tcpEndHow(e.Kind), First: e.First, Waiting: e.Waiting}}
}

// ending returns what the tap has observed so far of how connection conn
// ended.
func (t *tracer) ending(conn int) tcpEnding {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c, st := range t.conns {
		if c.ID == conn {
			return st.ending
		}
	}
	return tcpEnding{}
}

// who names a side in a summary: "the client", "the server", or an actor's
// own name such as "tab-b".
func (t *tracer) who(s wire.Sender) string {
	a := t.actor(s)
	if a == trace.Client || a == trace.Server {
		return "the " + a
	}
	return a
}

func (t *tracer) decoded(conn int, d wire.Decoded) {
	from, to := t.actor(d.From), t.actor(d.From.Peer())
	switch {
	case d.HTTP != nil:
		t.mu.Lock()
		if d.HTTP.IsRequest() {
			t.stats.Requests++
		} else {
			t.stats.Responses++
		}
		t.stats.HeaderBytes += d.HTTP.HeadLen
		t.stats.HeadBytes[d.From] += d.HTTP.HeadLen
		t.stats.BodyBytes += d.HTTP.BodyLen()
		t.mu.Unlock()
		e := httpEvent(d.HTTP, t.text)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.Frame != nil:
		t.mu.Lock()
		t.stats.Frames[d.From]++
		t.mu.Unlock()
		e := frameEvent(d.Frame, d.From, t.text)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.Message != nil:
		e := messageEvent(d.Message, t.text)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.SIO != nil:
		e := sioEvent(d.SIO)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.Err != nil:
		t.emit(trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindError,
			Summary: d.Err.Error(), Raw: d.Raw})
	}
}
