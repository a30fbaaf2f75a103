package demo

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// realtimeObserver watches tab B's connections. HTTP and WebSocket
// connections go to the tracer, which decodes them. Connections to the TCP
// relay carry no HTTP at all, so they are reported here, one event per line,
// and counted the same way: bytes as they cross, before any decoding.
type realtimeObserver struct {
	tr *tracer

	mu    sync.Mutex
	relay string // the TCP relay's address; connections to it are raw
	raw   map[*wiretap.Conn]*rawConn
	bytes [2]int // bytes on raw connections, indexed by wire.Sender
	conns int    // raw connections
}

type rawConn struct {
	pending [2][]byte // an incomplete line, per direction
	lines   int
	ending  tcpEnding
}

func (o *realtimeObserver) setRelay(addr string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.relay = addr
}

func (o *realtimeObserver) rawConn(c *wiretap.Conn) *rawConn {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.raw[c]
}

// Opened implements wiretap.Observer.
func (o *realtimeObserver) Opened(c *wiretap.Conn) {
	o.mu.Lock()
	isRaw := o.relay != "" && c.RemoteAddr().String() == o.relay
	if isRaw {
		if o.raw == nil {
			o.raw = map[*wiretap.Conn]*rawConn{}
		}
		o.raw[c] = &rawConn{}
		o.conns++
	}
	o.mu.Unlock()
	if !isRaw {
		o.tr.Opened(c)
		return
	}
	o.tr.connOpened()
	e := trace.Event{Conn: c.ID, From: tabB, To: trace.Server, Kind: trace.KindTCPConnect}
	e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d opened: %s → %s (the raw relay, no HTTP)", c.ID, c.LocalAddr().String(), c.RemoteAddr().String())
	o.tr.emit(e)
}

// Data implements wiretap.Observer.
func (o *realtimeObserver) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	rc := o.rawConn(c)
	if rc == nil {
		o.tr.Data(c, from, p)
		return
	}
	o.mu.Lock()
	o.bytes[from] += len(p)
	o.mu.Unlock()
	buf := append(rc.pending[from], p...)
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			break
		}
		o.emitLine(c.ID, rc, from, buf[:i+1])
		buf = buf[i+1:]
	}
	rc.pending[from] = append([]byte(nil), buf...)
}

// Ended implements wiretap.Observer.
func (o *realtimeObserver) Ended(c *wiretap.Conn, e wiretap.End) {
	rc := o.rawConn(c)
	if rc == nil {
		o.tr.Ended(c, e)
		return
	}
	rc.ending.add(e)
	sides := []wire.Sender{e.Side}
	if e.First && e.Last { // a reset ends both directions
		sides = append(sides, e.Side.Peer())
	}
	for _, from := range sides {
		if rest := rc.pending[from]; len(rest) > 0 {
			ev := trace.Event{Conn: c.ID, From: o.tr.actor(from), To: o.tr.actor(from.Peer()),
				Kind: trace.KindError, Raw: wire.ClipRaw(rest)}
			ev.Summary, ev.SummaryMsg = lang.Both("%d bytes without the newline that ends a line", len(rest))
			o.tr.emit(ev)
			rc.pending[from] = nil
		}
	}
	o.tr.emit(o.tr.closeEvent(c.ID, rc.ending, e))
	if e.Last {
		o.tr.connClosed()
	}
}

// emitLine reports one line of the raw relay. The trace format has no kind
// for bare bytes, so a line is a note carrying its exact bytes in raw_hex.
func (o *realtimeObserver) emitLine(conn int, rc *rawConn, from wire.Sender, line []byte) {
	rc.lines++
	e := trace.Event{Conn: conn, From: o.tr.actor(from), To: o.tr.actor(from.Peer()), Kind: trace.KindNote,
		Raw: append([]byte(nil), line...)}
	e.Summary, e.SummaryMsg = lang.Both("line %s", strings.TrimRight(string(line), "\n"))
	if rc.lines == 1 {
		o.tr.text.SetNote(&e, lang.M("No HTTP and no WebSocket frame: the edit's JSON and a newline, %d bytes straight on the TCP connection. It is the reference the other ways are measured against, on this machine, not a limit on them.", len(line)))
	}
	o.tr.emit(e)
}

// tapCounts are the numbers the tap measured on tab B's connections.
type tapCounts struct {
	Conns               int
	Requests, Responses int
	Empty               int    // 204 and 304 responses: answers with no news
	Bytes               [2]int // indexed by wire.Sender
	// Pushes counts the data frames the server sent, and PushBytes their
	// bytes, headers included: what each edit cost on a WebSocket.
	Pushes, PushBytes int
}

func (o *realtimeObserver) snapshot(f *wsFacts) tapCounts {
	s := o.tr.Stats()
	fs := f.frameStats()
	empty := f.bodilessResponses()
	o.mu.Lock()
	defer o.mu.Unlock()
	return tapCounts{
		Conns:     s.Conns + o.conns,
		Requests:  s.Requests,
		Responses: s.Responses,
		Empty:     empty,
		Bytes:     [2]int{s.Bytes[0] + o.bytes[0], s.Bytes[1] + o.bytes[1]},
		Pushes:    fs.data[wire.FromServer],
		PushBytes: fs.dataBytes[wire.FromServer],
	}
}

func (a tapCounts) minus(b tapCounts) tapCounts {
	return tapCounts{Conns: a.Conns - b.Conns, Requests: a.Requests - b.Requests,
		Responses: a.Responses - b.Responses, Empty: a.Empty - b.Empty,
		Bytes:  [2]int{a.Bytes[0] - b.Bytes[0], a.Bytes[1] - b.Bytes[1]},
		Pushes: a.Pushes - b.Pushes, PushBytes: a.PushBytes - b.PushBytes}
}

// realtimeNotes annotates tab B's events as the tracer records them: it
// hands each to the facts (which count the pushes and the empty answers for
// the summaries), and gives the strategy's teaching note to the first event
// of each kind in the strategy (the rest repeat it).
type realtimeNotes struct {
	text  lang.Text // the language of the notes
	facts *wsFacts

	mu       sync.Mutex
	strategy string
	// seen counts the events of each kind since the strategy began.
	seen map[realtimeKind]int
}

func (n *realtimeNotes) begin(strategy string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.strategy = strategy
	n.seen = map[realtimeKind]int{}
}

// annotate is the tracer's Annotator.
func (n *realtimeNotes) annotate(e *trace.Event) {
	n.facts.observe(e)
	k := realtimeKindOf(e)
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[realtimeKind]int{}
	}
	n.seen[k]++
	if n.seen[k] > 1 || e.Note != "" {
		return
	}
	if note := realtimeNote(n.strategy, k); note != "" {
		// note is a lang.Msg: said here, in the scenario's language.
		n.text.SetNote(e, lang.M(note))
	}
}

// seenLog records when tab B first had each version of the document.
// Versions arrive in order: having version v means having every edit up to v.
type seenLog struct {
	mu       sync.Mutex
	edits    int         // the versions to see: 1..edits
	at       []time.Time // at[v-1]: when tab B first had version v
	reloaded bool        // the versions were seen on a reload, not as they happened
}

func newSeenLog(edits int) *seenLog { return &seenLog{edits: edits} }

// mark records that tab B, at t, has the document at version v.
func (s *seenLog) mark(v int, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.at) < v && len(s.at) < s.edits {
		s.at = append(s.at, t)
	}
}

// markEdit parses one pushed edit and marks it seen. The time is taken
// after parsing, as the polls take theirs after decoding: every strategy's
// latency ends when tab B's code has the edit in hand.
func (s *seenLog) markEdit(b []byte) error {
	var e server.Edit
	if err := json.Unmarshal(b, &e); err != nil {
		return err
	}
	s.mark(e.V, time.Now())
	return nil
}

// reload records versions tab B got only by reloading.
func (s *seenLog) reload(v int, t time.Time) {
	s.mark(v, t)
	s.mu.Lock()
	s.reloaded = true
	s.mu.Unlock()
}

func (s *seenLog) have() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.at)
}

func (s *seenLog) complete() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.at) == s.edits
}

func (s *seenLog) times() ([]time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...), s.reloaded
}
