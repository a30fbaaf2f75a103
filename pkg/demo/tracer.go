// Package demo holds the scenarios wsdemo runs: each starts the demo server
// and a real client on loopback, taps the client's connections, decodes the
// bytes and records what happened as trace events.
//
// Scenarios never draw anything: they fill a trace.Recorder, and a renderer
// shows it at its own pace.
package demo

import (
	"sync"
	"sync/atomic"
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
//
// The tap calls it for every read and write, so the path from bytes to an
// event takes no lock of the tracer's own: what it keeps per connection
// hangs on the wiretap.Conn (State), which the tap's calls for that
// connection reach in turn, and its counts are atomic.
type tracer struct {
	rec      *trace.Recorder
	annotate Annotator
	text     lang.Text // the language of the notes and meanings it writes
	client   string    // actor name of the tapped client, "client" by default
	// foreign: the traffic is not wsdemo's own (proxy): HTTP meanings that
	// hold for any server (foreignHTTPEvent).
	foreign bool

	stats wireCounters

	// emitting is read-held while an event is annotated and recorded:
	// settle waits for those under way, so that what an annotator learnt
	// from an event (a scenario's facts) is not acted on, by a note of the
	// scenario's own, before the event itself is in the recorder.
	emitting sync.RWMutex

	mu sync.Mutex // guards what follows: the tap writes it, others look up
	// conns and byAddr hold the connections still open, by number and by
	// the client's address (its end of the socket); a connection is let go
	// once the tap has reported its last end, so a long-running server
	// (duplex -i --addr, serve, proxy) keeps nothing of the thousands that
	// came and went.
	conns  map[int]*connState
	byAddr map[string]int
	open   int           // connections opened and not yet seen closing
	idle   chan struct{} // closed whenever open is 0; a new one when a connection opens
}

type connState struct {
	id     int
	addr   string             // the client's address, its key in byAddr
	dec    *wire.ConnDecoder  // used only from the tap's calls for this connection
	emit   func(wire.Decoded) // t.decoded for this connection, made once, not per read
	ending tcpEnding          // how it ended, as far as the tap has seen; under t.mu
	// interim counts the interim (1xx) responses of a run that are not
	// shown one by one (after shownInterim), until the run ends.
	interim interimRun
	// early says that the frame each side is in the middle of was shown
	// before its end (earlyFrame).
	early [2]bool
	// inflated counts, per side, what the compressed frames drawn early of
	// the message under way inflated to, learnt at their ends: the next
	// frame of the message carries it in its inflated_len, so that the
	// frames' counts still add up to the message's length.
	inflated [2]uint64
}

// shownInterim is how many interim (1xx) responses of one run the trace
// shows one by one; the rest are counted in one note when the run ends (a
// final response, the decoder giving up at wire.MaxInterim, or the end of
// the server's stream). A server may send any number (RFC 9110 §15.2).
const shownInterim = 3

// interimRun is what was counted of a run of interim responses.
type interimRun struct {
	n, bytes int
	from     wire.Sender
	last     time.Duration // when the last one arrived, on the recorder's clock
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

// wireCounters are wireStats as the tap's calls count them.
type wireCounters struct {
	conns, requests, responses atomic.Int64
	frames, bytes, headBytes   [2]atomic.Int64
	bodyBytes                  atomic.Int64
}

func newTracer(rec *trace.Recorder, annotate Annotator, text lang.Text) *tracer {
	idle := make(chan struct{})
	close(idle) // nothing open yet
	return &tracer{rec: rec, annotate: annotate, text: text, client: trace.Client,
		conns: map[int]*connState{}, byAddr: map[string]int{}, idle: idle}
}

// ConnNumber maps the client's address to its tapped connection
// number; the server uses it to tag its checks (server.Config.ConnNumber).
func (t *tracer) ConnNumber(addr string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byAddr[addr]
}

// Stats returns the counts so far.
func (t *tracer) Stats() wireStats {
	c := &t.stats
	s := wireStats{Conns: int(c.conns.Load()), Requests: int(c.requests.Load()), Responses: int(c.responses.Load()),
		BodyBytes: int(c.bodyBytes.Load())}
	for i := range 2 {
		s.Frames[i] = int(c.frames[i].Load())
		s.Bytes[i] = int(c.bytes[i].Load())
		s.HeadBytes[i] = int(c.headBytes[i].Load())
		s.HeaderBytes += s.HeadBytes[i]
	}
	return s
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
	t.emitting.RLock()
	defer t.emitting.RUnlock()
	if t.annotate != nil {
		e = t.annotated(e)
	}
	t.rec.Emit(e)
}

// settle returns once the events being annotated when it was called are
// in the recorder.
func (t *tracer) settle() {
	t.emitting.Lock()
	//lint:ignore SA2001 an empty critical section is the point: a barrier
	t.emitting.Unlock()
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
	// The client's address and the server's: which end of the socket is
	// which depends on the side the tap sits on (a demo taps its client, the
	// proxy the connections it accepts).
	client, srv := c.LocalAddr().String(), c.RemoteAddr().String()
	if c.Local == wire.FromServer {
		client, srv = srv, client
	}
	st := &connState{id: c.ID, addr: client, dec: wire.NewConnDecoder()}
	st.emit = func(d wire.Decoded) { t.decoded(st, d) }
	c.State = st
	t.mu.Lock()
	t.conns[c.ID] = st
	t.byAddr[st.addr] = c.ID
	t.mu.Unlock()
	t.stats.conns.Add(1)
	t.connOpened()
	e := trace.Event{Conn: c.ID, From: t.client, To: trace.Server, Kind: trace.KindTCPConnect}
	e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d opened: %s → %s", c.ID, client, srv)
	t.emit(e)
}

// Data implements wiretap.Observer.
func (t *tracer) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	st := c.State.(*connState)
	st.dec.Feed(from, p, st.emit)
	if !st.early[from] {
		if f := st.dec.Partial(from); f != nil && f.PayloadLen > uint64(len(f.Payload)) && len(f.Payload) >= wire.DefaultKeep {
			t.earlyFrame(st, from, f)
		}
	}
	// Counted once decoded: whoever compares the bytes with what was
	// decoded (wsFacts.partial) never sees bytes not yet decoded as a
	// frame that has not finished arriving.
	t.stats.bytes[from].Add(int64(len(p)))
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

// Ended implements wiretap.Observer: one side's stream ended, or the tap
// learnt what it will know of it. The first end says who closed the
// connection; the last lets waitClosed go on, and the tracer let go of
// the connection.
func (t *tracer) Ended(c *wiretap.Conn, e wiretap.End) {
	st := c.State.(*connState)
	t.mu.Lock()
	st.ending.add(e)
	ending := st.ending
	t.mu.Unlock()
	// The side's stream is over: a body delimited by the close is complete,
	// anything else buffered was cut short. A reset ends both at once.
	st.dec.Close(e.Side, st.emit)
	if e.First && e.Last {
		st.dec.Close(e.Side.Peer(), st.emit)
	}
	t.interimEnded(st)
	t.emit(t.closeEvent(c.ID, ending, e))
	if e.Last {
		t.mu.Lock()
		delete(t.conns, st.id)
		if t.byAddr[st.addr] == st.id {
			delete(t.byAddr, st.addr)
		}
		t.mu.Unlock()
		// c.State stays: a write the application makes after a reset
		// (a close frame into the void) is still reported, and the
		// conn, which holds it, is the application's to let go.
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
	m := f.closeSummary(conn, e, t.actor)
	return trace.Event{Conn: conn, From: t.actor(e.Side), To: t.actor(e.Side.Peer()), Kind: trace.KindTCPClose,
		Summary: lang.Trace.Say(m), SummaryMsg: m,
		TCP: &trace.TCPEnd{How: tcpEndHow(e.Kind), First: e.First, Waiting: e.Waiting}}
}

// ending returns what the tap has observed so far of how connection conn
// ended, while it is open (and as its last end is recorded).
func (t *tracer) ending(conn int) tcpEnding {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.conns[conn]; st != nil {
		return st.ending
	}
	return tcpEnding{}
}

func (t *tracer) decoded(st *connState, d wire.Decoded) {
	conn := st.id
	from, to := t.actor(d.From), t.actor(d.From.Peer())
	if d.HTTP != nil && d.HTTP.Interim > shownInterim {
		t.stats.responses.Add(1)
		t.stats.headBytes[d.From].Add(int64(d.HTTP.HeadLen))
		st.interim.n++
		st.interim.bytes += len(d.HTTP.Raw)
		st.interim.from = d.From
		st.interim.last = t.rec.Since()
		return
	}
	if d.From == st.interim.from {
		t.interimEnded(st) // before what ended the run
	}
	switch {
	case d.HTTP != nil:
		if d.HTTP.IsRequest() {
			t.stats.requests.Add(1)
		} else {
			t.stats.responses.Add(1)
		}
		t.stats.headBytes[d.From].Add(int64(d.HTTP.HeadLen))
		t.stats.bodyBytes.Add(int64(d.HTTP.BodyLen()))
		e := httpEventOf(d.HTTP, t.text, t.foreign)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.Frame != nil && st.early[d.From]:
		// Its end: the frame was shown when its kept prefix was whole.
		st.early[d.From] = false
		if d.Frame.Compressed && !d.Frame.Fin {
			st.inflated[d.From] += d.Frame.InflatedLen
		}
		if v := d.Frame.Violation; v != "" {
			e := trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindError}
			e.Summary, e.SummaryMsg = lang.Both("the %s frame shown above (%d payload bytes) breaks a rule, seen at its end: %s", d.Frame.Opcode.String(), d.Frame.PayloadLen, d.Frame.ViolationMsg)
			t.emit(e)
		}
	case d.Frame != nil:
		t.frame(st, d.From, d.Frame, false)
	case d.Message != nil:
		e := messageEvent(d.Message, t.text)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.SIO != nil:
		e := sioEvent(d.SIO)
		e.Conn, e.From, e.To = conn, from, to
		t.emit(e)
	case d.Err != nil:
		e := trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindError, Raw: d.Raw}
		e.Summary, e.SummaryMsg = lang.ErrorBoth(d.Err)
		t.emit(e)
	}
}

// interimEnded records, once a run of interim responses has ended, one note
// that counts those not shown one by one.
func (t *tracer) interimEnded(st *connState) {
	r := st.interim
	if r.n == 0 {
		return
	}
	st.interim = interimRun{}
	e := trace.Event{Conn: st.id, From: t.actor(r.from), To: t.actor(r.from.Peer()), Kind: trace.KindNote,
		Stats: map[string]any{"count": r.n, "bytes": r.bytes, "last_t_us": r.last.Microseconds()}}
	e.Summary, e.SummaryMsg = lang.Both("… and %d more interim (1xx) responses, %d bytes in all, the last at +%.2f ms: the trace shows the first %d of a run one by one",
		r.n, r.bytes, ms(r.last), shownInterim)
	t.emit(e)
}

// frame records one frame's ws.frame event; early says it is drawn before
// its end (earlyFrame).
func (t *tracer) frame(st *connState, from wire.Sender, f *wire.Frame, early bool) {
	t.stats.frames[from].Add(1)
	e := frameEvent(f, from, t.text)
	if tf := e.Frame; tf.Compressed {
		if f.Opcode != wire.OpContinuation {
			st.inflated[from] = 0 // a new message
		}
		switch {
		case early:
			// What its bytes inflate to is known at its end only: the
			// next frame of its message counts it, or its ws.message.
			tf.InflatedLen = nil
		case tf.InflatedLen != nil:
			*tf.InflatedLen += st.inflated[from]
			st.inflated[from] = 0
		}
	}
	e.Conn, e.From, e.To = st.id, t.actor(from), t.actor(from.Peer())
	t.emit(e)
}

// earlyFrame shows a frame whose payload is longer than what the trace keeps
// of it (wire.DefaultKeep) as soon as that much has arrived, rather than
// when its last byte does: its event is then what it would be at the end
// (the header, the kept prefix, raw_truncated; only a compressed frame's
// inflated_len is left out, counted on the next frame of its message), so
// nothing is lost by not
// waiting, and a receiver that refuses so big a message (1009) is seen
// refusing a frame already drawn, with its length. Only a verdict on the
// rest of its bytes waits for the end (see decoded).
func (t *tracer) earlyFrame(st *connState, from wire.Sender, f *wire.Frame) {
	st.early[from] = true
	fr := *f
	fr.Truncated = true
	t.frame(st, from, &fr, true)
}
