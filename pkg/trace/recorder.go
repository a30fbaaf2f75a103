package trace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Recorder is the queue between the producers of one scenario's events
// (the tap's decoders, the server's checks, the demo itself), which call
// Emit from any goroutine, and the one reader that draws them (a renderer),
// which takes them with Next at its own pace, so a slow reader (--step)
// never holds up the network.
//
// A Recorder keeps only what the reader has not taken yet: an event taken
// is gone, so a long session costs no more memory than a short one. When
// the reader falls behind, the queue is bounded in two steps (Limits), and
// nothing is ever dropped without a word:
//
//   - Condensing. Once Limits.Condense events (or Limits.CondenseBytes) wait
//     to be taken, the reader is behind, and an event that repeats one
//     still waiting (the same kind, connection and sides, and for a frame
//     the same opcode, flags and emptiness: see Repeat) is counted in that
//     one instead of queued. The counts are exact; what is lost is each
//     repeat's own bytes and time. While the reader is behind, Next hands
//     out an event that may take repeats only once it is Limits.Hold old,
//     so that a flood becomes a few counted events a second rather than as
//     many as the reader can draw; the reader is behind until the events
//     waiting are all taken and nothing has repeated for 4 × Limits.Hold.
//   - Stopping. Events that cannot be condensed (every one different) and
//     keep coming faster than they are taken make the queue reach
//     Limits.MaxEvents or Limits.MaxBytes: the Recorder then records one
//     last error event saying so, stops recording, and Err and Stopped
//     report it, so the program can stop the run.
//
// A nil *Recorder is valid and discards everything, so servers can report
// checks without caring whether anyone listens.
type Recorder struct {
	mu    sync.Mutex
	start time.Time
	// untimed: events are stamped TUS 0 (SetUntimed).
	untimed bool
	limits  Limits

	// q[head:] are the events not yet taken, oldest first; q[head] is
	// event number base (0-based, as Next counts). handed is the number
	// of the first event Next has not handed out: events before it are
	// drawn or being drawn, and no repeat is added to them any more.
	q      []entry
	head   int
	base   int
	handed int
	n      int // events recorded so far: the last Seq
	bytes  int // estimated size of the events in q[head:]
	closed bool
	done   chan struct{} // closed by Close
	// behind says the reader has fallen behind (see Recorder); lastRepeat
	// is when an event was last counted as a repeat, on the t_us clock.
	behind     bool
	lastRepeat int64
	// wake is closed by the next Emit or Close when a reader waits for
	// an event; it is made only then, so Emit costs no allocation while
	// the reader is busy.
	wake chan struct{}

	// read is the furthest a reader has asked for: every event before it
	// has been taken. moved is closed when it grows, if CaughtUp waits.
	// reading says some reader has called Next at all.
	read    int
	moved   chan struct{}
	reading bool

	err     error         // why recording stopped early (*BudgetError), or nil
	stopped chan struct{} // closed when err is set
}

// entry is an event waiting to be taken, with what condensing needs to
// know of it, worked out once.
type entry struct {
	e     Event
	size  int
	shape shape
	// shaped says shape is set; mergeable that e may take repeats.
	shaped, mergeable bool
}

// Limits bound what a Recorder holds for a reader that has fallen behind.
// A zero field means the DefaultLimits value.
type Limits struct {
	// Condense and CondenseBytes: with this many events (or this many
	// bytes of them, estimated) waiting, repeats are condensed.
	Condense, CondenseBytes int
	// MaxEvents and MaxBytes: with this many events (or bytes) waiting even
	// so, recording stops (BudgetError).
	MaxEvents, MaxBytes int
	// Hold is how old an event that may take repeats must be before Next
	// hands it out while the reader is behind.
	Hold time.Duration
}

// DefaultLimits are the limits of NewRecorder. The reader of a terminal
// draws a few thousand events a second, so 256 events waiting are well
// under a second of drawing; 16,384 events of the largest kind (a frame
// with DefaultKeep bytes of payload) would be far over MaxBytes, which
// keeps a peak heap, with the collector's headroom, well under 100 MiB.
// Holding such an event for a quarter of a second makes a flood a few lines
// a second.
var DefaultLimits = Limits{Condense: 256, CondenseBytes: 8 << 20, MaxEvents: 16384, MaxBytes: 24 << 20, Hold: 250 * time.Millisecond}

// condenseWindow is how far back from the newest waiting event Emit looks
// for one that a new event repeats: enough for a few kinds of event that
// alternate (a ping flood and its pongs, a frame and the message or packet
// it carries), little enough to cost nothing.
const condenseWindow = 32

// NewRecorder returns a Recorder whose clock starts now, with DefaultLimits.
func NewRecorder() *Recorder {
	return &Recorder{start: time.Now(), limits: DefaultLimits, stopped: make(chan struct{}), done: make(chan struct{})}
}

// SetUntimed stamps every event from now on with TUS 0: the scenario
// measures no time (decode reads pasted bytes, which took none to cross),
// so no event carries a time that could pass for a measurement.
func (r *Recorder) SetUntimed() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.untimed = true
}

// SetLimits changes the limits; zero fields keep DefaultLimits. Call it
// before the first Emit.
func (r *Recorder) SetLimits(l Limits) {
	if r == nil {
		return
	}
	d := DefaultLimits
	if l.Condense <= 0 {
		l.Condense = d.Condense
	}
	if l.CondenseBytes <= 0 {
		l.CondenseBytes = d.CondenseBytes
	}
	if l.MaxEvents <= 0 {
		l.MaxEvents = d.MaxEvents
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.Hold <= 0 {
		l.Hold = d.Hold
	}
	r.mu.Lock()
	r.limits = l
	r.mu.Unlock()
}

// Emit assigns e its sequence number and time and queues it for the
// reader, or counts it in an event still waiting that it repeats (see
// Recorder). It returns e as recorded: with Seq 0 when it was counted as a
// repeat. Emitting on a nil, closed or stopped Recorder does nothing.
func (r *Recorder) Emit(e Event) Event {
	if r == nil {
		return e
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return e
	}
	tus := time.Since(r.start).Microseconds()
	waiting := len(r.q) - r.head
	switch {
	case waiting >= r.limits.Condense || r.bytes >= r.limits.CondenseBytes:
		r.behind = true
	case waiting == 0 && tus-r.lastRepeat > 4*r.limits.Hold.Microseconds():
		// Caught up, and the flood (if any) has been over for a while:
		// one that pauses and resumes goes on being condensed.
		r.behind = false
	}
	if r.behind && waiting > 0 && r.repeat(&e, tus) {
		r.lastRepeat = tus
		return e
	}
	r.n++
	e.Seq, e.TUS = r.n, tus
	if r.untimed {
		e.TUS = 0
	}
	size := sizeOf(&e)
	r.q = append(r.q, entry{e: e, size: size})
	r.bytes += size
	if waiting+1 >= r.limits.MaxEvents || r.bytes >= r.limits.MaxBytes {
		r.stop(waiting + 1)
	}
	r.wakeReader()
	return e
}

// repeat counts e in a waiting event that it repeats, if there is one
// among the last condenseWindow not yet handed out, and no event that
// must not be crossed (a close, a check, a note ...) stands between them.
func (r *Recorder) repeat(e *Event, tus int64) bool {
	if !canRepeat(e) {
		return false
	}
	s := shapeOf(e)
	low := max(r.head+r.handed-r.base, r.head, len(r.q)-condenseWindow)
	for i := len(r.q) - 1; i >= low; i-- {
		p := &r.q[i]
		if !p.shaped {
			p.shape, p.mergeable, p.shaped = shapeOf(&p.e), canTakeRepeats(&p.e), true
		}
		if !p.mergeable {
			return false
		}
		if p.shape != s || (e.Note != "" && e.Note != p.e.Note) {
			continue
		}
		if p.e.Repeat == nil {
			p.e.Repeat = &Repeat{}
		}
		rp := p.e.Repeat
		rp.More++
		rp.LastTUS = tus
		if f := e.Frame; f != nil {
			rp.Bytes += uint64(f.HeaderLen) + f.PayloadLen
		}
		return true
	}
	return false
}

// stop ends recording because too much waits: one last event says so.
func (r *Recorder) stop(waiting int) {
	err := &BudgetError{Events: waiting, Bytes: r.bytes, Limits: r.limits}
	r.err = err
	r.n++
	r.q = append(r.q, entry{e: Event{Seq: r.n, TUS: time.Since(r.start).Microseconds(), Kind: KindError,
		Summary: err.eventSummary()}})
	r.closed = true
	close(r.done)
	close(r.stopped)
}

func (r *Recorder) wakeReader() {
	if r.wake != nil {
		close(r.wake)
		r.wake = nil
	}
}

// BudgetError is why a Recorder stopped recording: its reader had fallen so
// far behind that more events waited than Limits allow, and they could not
// be condensed.
type BudgetError struct {
	Events, Bytes int // what waited when recording stopped
	Limits        Limits
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("the run was stopped: %d events (about %d MiB) were waiting to be drawn, more than a run may hold (%d events, %d MiB), and they were too varied to be condensed; the trace shows every event up to there",
		e.Events, (e.Bytes+(1<<20)-1)>>20, e.Limits.MaxEvents, e.Limits.MaxBytes>>20)
}

func (e *BudgetError) eventSummary() string {
	return fmt.Sprintf("recording stopped: %d events were waiting to be drawn, more than a run may hold; nothing after this is recorded", e.Events)
}

// ErrTaken is what Next returns for an event the reader has already taken:
// a Recorder keeps nothing once it is taken.
var ErrTaken = errors.New("trace: event already taken")

// Err reports why the Recorder stopped recording before Close (a
// *BudgetError), or nil.
func (r *Recorder) Err() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Stopped is closed when the Recorder stops recording because of its
// limits (Err says why); never by Close. A nil Recorder's never closes.
func (r *Recorder) Stopped() <-chan struct{} {
	if r == nil {
		return nil
	}
	return r.stopped
}

// Since reports the time elapsed since the recorder started: the clock that
// event times use, handy for measurements that must agree with them.
func (r *Recorder) Since() time.Duration {
	if r == nil {
		return 0
	}
	return time.Since(r.start)
}

// Close marks the scenario finished: the reader gets io.EOF after the last
// event. Close is idempotent.
func (r *Recorder) Close() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.done)
	}
	r.wakeReader()
}

// Next takes event i (0-based: the event with Seq i+1), waiting until it is
// recorded, and returns it with its Expander applied (Event.Expanded). The
// events before i are taken too: the Recorder lets them go. A Recorder has
// one reader, which asks for 0, 1, 2 ... in turn; asking again for an event
// already taken returns ErrTaken. Next returns io.EOF once the recorder is
// closed and has no event i, and ctx.Err() if ctx ends first.
func (r *Recorder) Next(ctx context.Context, i int) (Event, error) {
	if r == nil {
		return Event{}, io.EOF
	}
	r.mu.Lock()
	r.reading = true
	if i > r.read {
		r.read = i
		if r.moved != nil {
			close(r.moved)
			r.moved = nil
		}
	}
	for {
		if i < r.base {
			r.mu.Unlock()
			return Event{}, fmt.Errorf("%w: event %d", ErrTaken, i)
		}
		r.drop(i)
		if i-r.base < len(r.q)-r.head {
			en := &r.q[r.head+i-r.base]
			if hold := r.holdFor(en); hold > 0 {
				r.mu.Unlock()
				if err := r.sleep(ctx, hold); err != nil {
					return Event{}, err
				}
				r.mu.Lock()
				continue
			}
			e := en.e
			r.handed = max(r.handed, i+1)
			r.mu.Unlock()
			return e.Expanded(), nil
		}
		if r.closed {
			r.mu.Unlock()
			return Event{}, io.EOF
		}
		if r.wake == nil {
			r.wake = make(chan struct{})
		}
		wait := r.wake
		r.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
		// Woken by the first event after a wait: let a few more come
		// before taking it, so that a reader that keeps up is woken once
		// a millisecond at most rather than for every event, each wake a
		// trip through the scheduler on the producers' time.
		if err := r.sleep(ctx, readerBatch); err != nil {
			return Event{}, err
		}
		r.mu.Lock()
	}
}

// readerBatch is how long Next lets events gather after it had to wait
// for one: far below what a person sees, far above a wake's cost.
const readerBatch = time.Millisecond

// holdFor says how much longer Next holds en back, so that it may take
// repeats, while the reader is behind (see Recorder); 0 hands it out now.
func (r *Recorder) holdFor(en *entry) time.Duration {
	if !r.behind || r.closed || !canTakeRepeats(&en.e) {
		return 0
	}
	age := time.Since(r.start) - time.Duration(en.e.TUS)*time.Microsecond
	return max(r.limits.Hold-age, 0)
}

// sleep waits for d, for Close, or for ctx.
func (r *Recorder) sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// drop lets go of the waiting events before event i.
func (r *Recorder) drop(i int) {
	for r.base < i && r.head < len(r.q) {
		r.bytes -= r.q[r.head].size
		r.q[r.head] = entry{} // nothing of it stays reachable
		r.head++
		r.base++
	}
	switch {
	case r.head == len(r.q):
		r.q, r.head = r.q[:0], 0
	case r.head >= 1024 && r.head >= len(r.q)/2:
		// Move the waiting events to the front rather than let the
		// array grow for ever behind them.
		n := copy(r.q, r.q[r.head:])
		clear(r.q[n:])
		r.q, r.head = r.q[:n], 0
	}
}

// CaughtUp waits until a reader has taken every event emitted so far (it has
// asked Next for the one after them), or d has passed, and reports whether
// it had. Something written beside the events, such as a hint on stderr,
// then appears after them rather than above events not yet drawn. With no
// reader at all (nobody has called Next) there is nothing to wait for.
func (r *Recorder) CaughtUp(d time.Duration) bool {
	if r == nil {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	r.mu.Lock()
	want := r.n
	for r.reading && r.read < want {
		if r.moved == nil {
			r.moved = make(chan struct{})
		}
		moved := r.moved
		r.mu.Unlock()
		select {
		case <-moved:
		case <-timer.C:
			return false
		}
		r.mu.Lock()
	}
	r.mu.Unlock()
	return true
}

// Events returns the events not yet taken, expanded (Event.Expanded),
// leaving them in place. With no reader that is every event recorded:
// tests look at a whole run this way. A program draws with Next instead.
func (r *Recorder) Events() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waiting()
}

// waiting returns copies of the events waiting, expanded; r.mu is held.
// Their repeat counts are copied too: they may still grow.
func (r *Recorder) waiting() []Event {
	out := make([]Event, 0, len(r.q)-r.head)
	for _, en := range r.q[r.head:] {
		e := en.e
		if e.Repeat != nil {
			rp := *e.Repeat
			e.Repeat = &rp
		}
		out = append(out, e.Expanded())
	}
	return out
}

// Drain takes every event waiting and returns them, expanded: for a
// Recorder used as a mailbox that something looks into once rather than
// draws (a server's checks kept aside, to be summed up). Events recorded
// later wait for the next Drain or Next.
func (r *Recorder) Drain() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.waiting()
	r.reading = true
	r.handed = r.base + len(r.q) - r.head
	r.read = max(r.read, r.handed)
	r.drop(r.handed)
	return out
}

// Collect reads rec to its end as a renderer would (Next until io.EOF) and
// returns every event read: what a reader is shown, repeats condensed. It
// returns early with ctx.Err() if ctx ends first.
func Collect(ctx context.Context, rec *Recorder) ([]Event, error) {
	var out []Event
	for i := 0; ; i++ {
		e, err := rec.Next(ctx, i)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
}
