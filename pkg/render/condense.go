package render

import (
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Condensing (Options.Condense, off when Verbose): a scenario that repeats
// itself (forty polls, twenty edits) shows the first two events of each
// shape in a section (and what happens while an exchange it shows is open)
// and folds the rest. The learner counts arrows in this view, so it must
// tell the same story as the wire:
//
//   - Time order. A fold line stands where the events it counts happened:
//     a run of folded events ends at the next event shown, and its line
//     ("… 18 more like those above: 9 × GET /docs/d2, 9 × 200 OK") is drawn
//     just before that event, never after a later one.
//   - Whole exchanges. An HTTP response is folded exactly when its request
//     was (the oldest unanswered request on its connection, as HTTP/1.1
//     answers in order, RFC 9112 §9.3.2); the fragments of a WebSocket
//     message and the ws.message that reassembles them share the fate of
//     its first frame. So no response is shown without its request, and no
//     request without its response.
//   - Closes and sections. tcp.close events and CLOSE frames are always
//     shown, so no run spans one; a summary ends the section (a realtime
//     strategy's heading always follows the previous strategy's summary)
//     and the next section starts counting afresh.
//   - The news. Errors, summaries, failed checks and frames that break a
//     rule are never folded.
//
// The decision is made as each event arrives, in time order, so Render can
// stream and pace (--step never waits for a folded event). Memory is
// bounded: counts, a few labels, and one fold decision per request awaiting
// its response; never the folded events themselves.

// keepPerShape is how many events of one shape a section shows.
const keepPerShape = 2

// Bounds on what the condenser remembers, whatever a peer sends.
const (
	maxShapes     = 256 // shapes counted per section; further new shapes are shown
	maxConns      = 64  // connections with an unanswered request or an open message
	maxPending    = 16  // unanswered requests remembered per connection
	maxFoldParts  = 4   // shapes named on one fold line; the rest are counted as "other"
	maxLabelWidth = 60  // columns of a fold line's label
	maxHeld       = 8   // events shown, not folded, inside one shown exchange
)

type condenser struct {
	seen map[string]int // shape → events of that shape in this section
	// pending holds, per connection, the fold decisions of requests still
	// awaiting their response, oldest first.
	pending map[int][]bool
	// message holds, per connection and sender, the fold decision of the
	// data message being sent (its first frame decides for the rest).
	message map[msgKey]msgState
	// held counts the events shown, rather than folded, since the last
	// response, because a shown request was awaiting it (byShape).
	held int
	run  foldRun // folded since the last event shown
}

type msgKey struct {
	conn int
	from string
}

type msgState struct {
	folded bool
	open   bool // a fragment without FIN was seen: continuations follow
	done   bool // the message's last frame was seen: a ws.message may follow
}

// foldRun counts the events folded since the last event shown.
type foldRun struct {
	total int
	parts []foldPart
	other int // events of shapes beyond maxFoldParts
}

type foldPart struct {
	shape       string
	n           int
	first, last string
}

// shape is what repeats: the same kind of event between the same actors,
// with a summary that differs only in its numbers and quoted text.
func shape(e trace.Event) string {
	var b strings.Builder
	b.WriteString(string(e.Kind) + "|" + e.From + "|" + e.To + "|")
	digits, quoted, escaped := false, false, false
	for _, c := range e.Summary {
		if quoted {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				quoted = false
				b.WriteRune(c)
			}
			continue
		}
		if c == '"' {
			quoted = true
			b.WriteString(`"…`)
			continue
		}
		if c >= '0' && c <= '9' {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(c)
	}
	return b.String()
}

// foldable says whether e may be folded at all: the news never is, and
// neither are the ends of connections, so that no run spans a close.
func foldable(e trace.Event) bool {
	switch {
	case e.Kind == trace.KindSummary, e.Kind == trace.KindError:
		return false
	case e.Kind == trace.KindTCPConnect, e.Kind == trace.KindTCPClose:
		return false
	case e.Check != nil && !e.Check.OK:
		return false
	case e.Frame != nil && (e.Frame.Violation != "" || e.Frame.Opcode == opClose):
		return false
	}
	return true
}

// opClose is the close frame's opcode (RFC 6455 §5.5.1).
const opClose = 0x8

// fold reports whether e is folded away, counting it if so. Every event
// passes through it, shown or not, in the order it happened. label is e's
// summary as the diagram says it, in the reader's language: a fold line
// names what it folded in those words.
func (c *condenser) fold(e trace.Event, label string) bool {
	if e.Kind == trace.KindSummary {
		// The section ends here: what follows is counted afresh. The run
		// (if any) is still drawn, before the summary.
		c.seen, c.pending, c.message, c.held = nil, nil, nil, 0
		return false
	}
	folded := c.decide(e)
	if folded {
		n := 1
		if e.Repeat != nil {
			n += max(e.Repeat.More, 0) // the events the recorder condensed into it
		}
		c.run.add(shape(e), oneLine(label), n)
	}
	return folded
}

// decide says whether e is folded, and remembers what later events of the
// same exchange or message need to know.
func (c *condenser) decide(e trace.Event) bool {
	switch {
	case !foldable(e):
		switch {
		case e.Kind == trace.KindTCPClose:
			// No response comes on a closed connection. (A second
			// tcp.close for the other direction finds nothing left.)
			delete(c.pending, e.Conn)
			delete(c.message, msgKey{e.Conn, e.From})
			delete(c.message, msgKey{e.Conn, e.To})
		case e.Frame != nil:
			// A close or a broken frame ends the message being sent.
			delete(c.message, msgKey{e.Conn, e.From})
		}
		return false
	case e.Kind == trace.KindHTTPRequest:
		folded := c.byShape(e)
		c.push(e.Conn, folded)
		return folded
	case e.Kind == trace.KindHTTPResponse:
		if folded, ok := c.answer(e); ok {
			c.count(e)
			return folded
		}
		return c.byShape(e) // no request seen: a response on its own
	case e.Kind == trace.KindWSFrame && e.Frame != nil && isData(e.Frame.Opcode):
		return c.frame(e)
	case e.Kind == trace.KindWSMessage:
		k := msgKey{e.Conn, e.From}
		if m, ok := c.message[k]; ok && m.done {
			delete(c.message, k)
			c.count(e)
			return m.folded
		}
		return c.byShape(e)
	}
	return c.byShape(e)
}

func isData(op int) bool { return op == 0x0 || op == 0x1 || op == 0x2 }

// frame decides for a data frame: a message's first frame by its shape,
// its continuations as the first.
func (c *condenser) frame(e trace.Event) bool {
	k := msgKey{e.Conn, e.From}
	m, ok := c.message[k]
	var folded bool
	if e.Frame.Opcode == 0x0 && ok && m.open {
		folded = m.folded
		c.count(e)
	} else {
		folded = c.byShape(e)
	}
	if c.message == nil {
		c.message = map[msgKey]msgState{}
	}
	if _, ok := c.message[k]; !ok && len(c.message) >= maxConns {
		return folded // nothing more remembered; the message stands alone
	}
	c.message[k] = msgState{folded: folded, open: !e.Frame.Fin, done: e.Frame.Fin}
	return folded
}

// byShape counts e and folds it once its shape has been shown keepPerShape
// times in this section; but while a request that was shown awaits its
// response, the next few events are shown too, so a fold line does not
// split the exchange the learner is reading (a request that waits longer
// than that is a story of its own, and folding resumes).
func (c *condenser) byShape(e trace.Event) bool {
	if c.count(e) <= keepPerShape {
		return false
	}
	if c.held < maxHeld && c.shownOpen() {
		c.held++
		return false
	}
	return true
}

// shownOpen says a request was shown and its response has not come yet.
func (c *condenser) shownOpen() bool {
	for _, q := range c.pending {
		for _, folded := range q {
			if !folded {
				return true
			}
		}
	}
	return false
}

// count adds e to its shape's count and returns the count (0 when the
// section has met maxShapes shapes and e's is not one of them: shown).
func (c *condenser) count(e trace.Event) int {
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	s := shape(e)
	n, ok := c.seen[s]
	if !ok && len(c.seen) >= maxShapes {
		return 0
	}
	c.seen[s] = n + 1
	return n + 1
}

// push remembers the fold decision of a request until its response comes.
func (c *condenser) push(conn int, folded bool) {
	if c.pending == nil {
		c.pending = map[int][]bool{}
	}
	q, ok := c.pending[conn]
	if !ok && len(c.pending) >= maxConns {
		return // its response will be decided on its own
	}
	if len(q) >= maxPending {
		q = q[1:]
	}
	c.pending[conn] = append(q, folded)
}

// answer returns the fold decision of the request that response e answers:
// the oldest unanswered one on its connection. An interim 1xx response
// (other than 101, which ends HTTP on the connection) answers without
// ending the exchange: the final response follows.
func (c *condenser) answer(e trace.Event) (folded, ok bool) {
	q := c.pending[e.Conn]
	if len(q) == 0 {
		return false, false
	}
	folded = q[0]
	c.held = 0
	if interim := e.HTTP != nil && e.HTTP.Status >= 100 && e.HTTP.Status < 200 && e.HTTP.Status != 101; interim {
		return folded, true
	}
	if len(q) == 1 {
		delete(c.pending, e.Conn)
	} else {
		c.pending[e.Conn] = q[1:]
	}
	return folded, true
}

// add counts n events of one shape (an event and the repeats condensed
// into it) folded into the run.
func (r *foldRun) add(shape, label string, n int) {
	r.total += n
	label = truncate(label, maxLabelWidth)
	for i := range r.parts {
		if p := &r.parts[i]; p.shape == shape {
			p.n += n
			p.last = label
			return
		}
	}
	if len(r.parts) >= maxFoldParts {
		r.other += n
		return
	}
	r.parts = append(r.parts, foldPart{shape: shape, n: n, first: label, last: label})
}

// take returns the line for the run folded since the last event shown (""
// if none), said by t, and starts a new run.
func (c *condenser) take(t lang.Text) string {
	r := c.run
	if r.total == 0 {
		return ""
	}
	c.run = foldRun{}
	parts := make([]string, 0, len(r.parts)+1)
	for _, p := range r.parts {
		label := p.first
		if p.last != p.first {
			label += " … " + p.last // first and last: what varied, and how far
		}
		parts = append(parts, t.Int(int64(p.n))+" × "+label)
	}
	if r.other > 0 {
		parts = append(parts, t.F("%d × other events", r.other))
	}
	return t.F("… %d more like those above: %s (--verbose shows all)", r.total, strings.Join(parts, ", "))
}
