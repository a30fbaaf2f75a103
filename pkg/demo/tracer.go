// Package demo holds the scenarios wsdemo runs: each starts the demo server
// and a real client on loopback, taps the client's connections, decodes the
// bytes and records what happened as trace events.
//
// Scenarios never draw anything: they fill a trace.Recorder, and a renderer
// shows it at its own pace.
package demo

import (
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
	dec  *wire.ConnDecoder
	emit func(wire.Decoded) // t.decoded for this connection, made once, not per read
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

// waitClosed waits until every tapped connection has been seen closing, or
// d has passed. An HTTP transport closes connections from its own
// goroutines, after the response is handed over: without this wait a
// scenario could end (and its recorder close) before the last tcp.close.
func (t *tracer) waitClosed(d time.Duration) {
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
	if t.open == 0 {
		t.idle = make(chan struct{})
	}
	t.open++
	t.mu.Unlock()
	e := trace.Event{Conn: c.ID, From: t.client, To: trace.Server, Kind: trace.KindTCPConnect}
	e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d opened: %s → %s", c.ID, c.LocalAddr().String(), c.RemoteAddr().String())
	t.emit(e)
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
	e := trace.Event{Conn: c.ID, From: t.actor(from), To: t.actor(from.Peer()), Kind: trace.KindError}
	if from == wire.FromClient {
		e.Summary, e.SummaryMsg = lang.Both("the client's write of %d bytes failed after %d were written to the socket (%s)", size, n, err.Error())
	} else {
		e.Summary, e.SummaryMsg = lang.Both("the server's write of %d bytes failed after %d were written to the socket (%s)", size, n, err.Error())
	}
	t.emit(e)
}

// Closed implements wiretap.Observer.
func (t *tracer) Closed(c *wiretap.Conn, by wire.Sender) {
	t.mu.Lock()
	st := t.conns[c]
	t.mu.Unlock()
	st.dec.Close(by, st.emit)
	e := trace.Event{Conn: c.ID, From: t.actor(by), To: t.actor(by.Peer()), Kind: trace.KindTCPClose}
	if by == wire.FromClient {
		e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d closed by the client", c.ID)
	} else {
		e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d closed by the server", c.ID)
	}
	t.emit(e)
	// Only now, with the close recorded, may waitClosed let the scenario
	// record its summary and end.
	t.mu.Lock()
	t.open--
	if t.open == 0 {
		close(t.idle)
	}
	t.mu.Unlock()
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
	case d.Err != nil:
		e := trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindError, Raw: d.Raw}
		e.Summary, e.SummaryMsg = lang.ErrorBoth(d.Err)
		t.emit(e)
	}
}
