package trace

import (
	"context"
	"io"
	"sync"
	"time"
)

// Recorder collects the events of one scenario in emission order. Producers
// (the tap's decoders, the server's checks, the demo itself) call Emit from any
// goroutine; a renderer reads the same events with Next at its own pace, so a
// slow reader (--step) never holds up the network.
//
// A nil *Recorder is valid and discards everything, so servers can report
// checks without caring whether anyone listens.
type Recorder struct {
	mu      sync.Mutex
	start   time.Time
	events  []Event
	closed  bool
	changed chan struct{} // closed and replaced on every Emit and on Close
	// read is the furthest a reader has got: every event before it has
	// been taken. readMoved is closed and replaced when it grows. reading
	// says some reader has called Next at all.
	read      int
	readMoved chan struct{}
	reading   bool
}

// NewRecorder returns a Recorder whose clock starts now.
func NewRecorder() *Recorder {
	return &Recorder{start: time.Now(), changed: make(chan struct{}), readMoved: make(chan struct{})}
}

// Emit assigns e its sequence number and time and appends it. It returns the
// stored event. Emitting on a nil or closed Recorder does nothing.
func (r *Recorder) Emit(e Event) Event {
	if r == nil {
		return e
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return e
	}
	e.Seq = len(r.events) + 1
	e.TUS = time.Since(r.start).Microseconds()
	r.events = append(r.events, e)
	close(r.changed)
	r.changed = make(chan struct{})
	return e
}

// Since reports the time elapsed since the recorder started: the clock that
// event times use, handy for measurements that must agree with them.
func (r *Recorder) Since() time.Duration {
	if r == nil {
		return 0
	}
	return time.Since(r.start)
}

// Close marks the scenario finished: readers get io.EOF after the last event.
// Close is idempotent.
func (r *Recorder) Close() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.changed)
	}
}

// Next returns the event at index i (0-based), waiting until it is emitted.
// It returns io.EOF once the recorder is closed and has no event i, and
// ctx.Err() if ctx ends first.
func (r *Recorder) Next(ctx context.Context, i int) (Event, error) {
	if r == nil {
		return Event{}, io.EOF
	}
	r.mu.Lock()
	r.reading = true
	if i > r.read {
		r.read = i
		close(r.readMoved)
		r.readMoved = make(chan struct{})
	}
	r.mu.Unlock()
	for {
		r.mu.Lock()
		if i < len(r.events) {
			e := r.events[i]
			r.mu.Unlock()
			return e, nil
		}
		if r.closed {
			r.mu.Unlock()
			return Event{}, io.EOF
		}
		wait := r.changed
		r.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return Event{}, ctx.Err()
		}
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
	want := len(r.events)
	for r.reading && r.read < want {
		moved := r.readMoved
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

// Events returns a copy of the events emitted so far.
func (r *Recorder) Events() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}
