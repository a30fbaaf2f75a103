package wiretap

import (
	"bytes"
	"context"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// A simulated distance. On loopback a round trip takes a few microseconds,
// which hides what separates the ways of keeping a page up to date: how many
// trips each one waits for. Delay puts the two ends of a connection a round
// trip apart, the way Linux's `tc qdisc ... netem delay` does on a real
// interface: a delay line, not a pause before each write. Every chunk of
// bytes arrives one way (half the round trip) after it was sent, in order;
// writes made back to back are not spaced out; and since a request reaches
// the peer only half a round trip after it was sent, the peer's answer
// cannot leave before then either.
//
// Delaying both directions on one side of the connection is the same, to
// both ends, as delaying each direction on its way: what the near side sends
// reaches the far side one way later, and what the far side sends reaches
// the near side one way later. So a tap above a delayed conn (Tap.RTT) sees
// its side's true times: a write when it was sent, a read when it arrived.

// Limits of a delay line.
const (
	// delayQueueLimit bounds the bytes waiting in each direction. A writer
	// waits for room, as it would on a full socket buffer; a reader stops
	// reading the real connection, which pushes back on the peer.
	delayQueueLimit = 1 << 20
	// delayCloseGrace is how long Close waits, after the FIN's due time, for
	// the real connection to take the bytes still queued. A peer that stops
	// reading could otherwise hold Close forever.
	delayCloseGrace = time.Second
	delayReadBuffer = 32 << 10
)

// Delay returns c behaving as if its peer were rtt away: every byte written
// reaches the real connection rtt/2 after the Write, every byte the real
// connection receives is readable rtt/2 after it arrived, and a Close or
// CloseWrite (the FIN) follows the bytes written before it, rtt/2 late like
// them. rtt <= 0 returns c itself.
//
// The returned conn owns two goroutines, one per direction; Close stops
// them, and returns once the FIN has left (rtt/2 after the Close, or a
// second more if the real connection will not take the queued bytes). It
// has a CloseWrite method when c has one.
//
// Writes return once their bytes are queued, as a write to a socket returns
// once the kernel has them: an error writing to the real connection later is
// returned by the next Write. Deadlines apply to waiting, as on a socket: a
// read deadline to bytes that have not arrived yet, a write deadline to room
// in the queue.
func Delay(c net.Conn, rtt time.Duration) net.Conn {
	if rtt <= 0 {
		return c
	}
	d := &delayConn{Conn: c, oneWay: rtt / 2, wake: make(chan struct{}),
		sent: make(chan struct{}), received: make(chan struct{})}
	go d.send()
	go d.receive()
	if _, ok := c.(closeWriter); ok {
		return halfDelayConn{d}
	}
	return d
}

type closeWriter interface{ CloseWrite() error }

// DialRaw dials like DialContext but does not tap the connection, so that
// the caller can put a layer under the tap first (TLS: the tap then sees the
// plaintext) and tap it with WrapClient. With RTT set, the connection is
// returned one round trip after it was asked for, as a TCP connection opens
// with the SYN and the SYN-ACK (RFC 9293 §3.5), and it is delayed (Delay).
func (t *Tap) DialRaw(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := t.Dialer.DialContext(ctx, network, addr)
	if err != nil || t.RTT <= 0 {
		return c, err
	}
	timer := time.NewTimer(t.RTT)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		c.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Addr: c.RemoteAddr(), Err: ctx.Err()}
	}
	return Delay(c, t.RTT), nil
}

// delayed is one entry of a delay line: bytes, or the end of a stream.
type delayed struct {
	due  time.Time
	data []byte
	end  endKind
	err  error // for endRead: what the real connection's Read returned
}

type endKind uint8

const (
	endNone       endKind = iota
	endRead               // incoming: the stream ended (io.EOF: the peer's FIN)
	endCloseWrite         // outgoing: CloseWrite, the FIN with reading kept open
	endClose              // outgoing: Close
)

// delayConn is a connection with a delay line in each direction. The embedded
// net.Conn is the real connection; its addresses show through.
type delayConn struct {
	net.Conn
	oneWay time.Duration

	mu            sync.Mutex
	wake          chan struct{} // closed and replaced whenever the state below changes
	in, out       []delayed
	inBytes       int
	outBytes      int
	readDeadline  time.Time
	writeDeadline time.Time
	closed        bool  // Close was called
	shut          bool  // CloseWrite or Close was called: no more writes
	writeErr      error // the first error the real connection gave a delayed write
	closeErr      error // what closing the real connection returned
	abort         bool  // Close gave up waiting: the sender stops now

	sent, received chan struct{} // closed when the goroutines end
}

// halfDelayConn is a delayConn over a connection that can half-close.
type halfDelayConn struct{ *delayConn }

// CloseWrite sends the FIN after the bytes written before it, one way late
// like them, and keeps reading open.
func (c halfDelayConn) CloseWrite() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.opError("close", net.ErrClosed)
	}
	if !c.shut {
		c.shut = true
		c.queueOut(delayed{end: endCloseWrite})
	}
	return nil
}

// changed wakes everyone waiting on the state. c.mu must be held.
func (c *delayConn) changed() {
	close(c.wake)
	c.wake = make(chan struct{})
}

// wait releases c.mu until the state changes or until t (if not zero).
func (c *delayConn) wait(t time.Time) {
	wake := c.wake
	c.mu.Unlock()
	defer c.mu.Lock()
	if t.IsZero() {
		<-wake
		return
	}
	d := time.Until(t)
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-wake:
	case <-timer.C:
	}
}

func (c *delayConn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
}

// queueOut adds an outgoing entry, due one way from now. c.mu must be held.
func (c *delayConn) queueOut(e delayed) {
	e.due = time.Now().Add(c.oneWay)
	c.out = append(c.out, e)
	c.outBytes += len(e.data)
	c.changed()
}

// Write queues p to reach the real connection one way from now.
func (c *delayConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		switch {
		case c.closed:
			return 0, c.opError("write", net.ErrClosed)
		case c.writeErr != nil:
			return 0, c.writeErr
		case c.shut:
			return 0, c.opError("write", syscall.EPIPE)
		case !c.writeDeadline.IsZero() && !time.Now().Before(c.writeDeadline):
			return 0, c.opError("write", os.ErrDeadlineExceeded)
		}
		// A write bigger than the limit goes into an empty queue whole.
		if c.outBytes == 0 || c.outBytes+len(p) <= delayQueueLimit {
			break
		}
		c.wait(c.writeDeadline)
	}
	if len(p) == 0 {
		return 0, nil
	}
	c.queueOut(delayed{data: bytes.Clone(p)})
	return len(p), nil
}

// Read returns bytes that arrived at least one way ago, or the end of the
// stream once it is due.
func (c *delayConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		now := time.Now()
		switch {
		case c.closed:
			return 0, c.opError("read", net.ErrClosed)
		case !c.readDeadline.IsZero() && !now.Before(c.readDeadline):
			return 0, c.opError("read", os.ErrDeadlineExceeded)
		}
		if len(c.in) > 0 && !now.Before(c.in[0].due) {
			if c.in[0].end == endRead {
				return 0, c.in[0].err // left in place: every later Read says the same
			}
			n := 0
			for n < len(p) && len(c.in) > 0 && c.in[0].end == endNone && !now.Before(c.in[0].due) {
				k := copy(p[n:], c.in[0].data)
				n += k
				c.in[0].data = c.in[0].data[k:]
				if len(c.in[0].data) == 0 {
					c.in[0] = delayed{}
					c.in = c.in[1:]
				}
			}
			c.inBytes -= n
			c.changed()
			return n, nil
		}
		until := c.readDeadline
		if len(c.in) > 0 && (until.IsZero() || c.in[0].due.Before(until)) {
			until = c.in[0].due
		}
		c.wait(until)
	}
}

// Close stops reading and writing at once, as a socket's close does, and
// lets the FIN follow the bytes already queued: it returns when the real
// connection has been closed, one way from now.
func (c *delayConn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return c.opError("close", net.ErrClosed)
	}
	c.closed, c.shut = true, true
	c.in, c.inBytes = nil, 0
	c.queueOut(delayed{end: endClose})
	fin := c.out[len(c.out)-1].due
	c.mu.Unlock()

	giveUp := time.NewTimer(time.Until(fin) + delayCloseGrace)
	defer giveUp.Stop()
	select {
	case <-c.sent:
	case <-giveUp.C:
		// The real connection would not take the queued bytes: drop them
		// and close it now, which also ends a Write blocked on it.
		c.mu.Lock()
		c.abort = true
		c.changed()
		c.mu.Unlock()
		c.Conn.Close()
		<-c.sent
	}
	<-c.received // the real connection is closed: its Read has returned
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeErr
}

// SetDeadline sets both deadlines.
func (c *delayConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDeadline, c.writeDeadline = t, t
	c.changed()
	return nil
}

// SetReadDeadline bounds the wait for bytes to arrive.
func (c *delayConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDeadline = t
	c.changed()
	return nil
}

// SetWriteDeadline bounds the wait for room in the outgoing queue.
func (c *delayConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeDeadline = t
	c.changed()
	return nil
}

// send is the outgoing goroutine: it hands each entry to the real
// connection at its due time, in order, and ends with the Close.
func (c *delayConn) send() {
	defer close(c.sent)
	c.mu.Lock()
	for {
		for !c.abort && (len(c.out) == 0 || time.Now().Before(c.out[0].due)) {
			var until time.Time
			if len(c.out) > 0 {
				until = c.out[0].due
			}
			c.wait(until)
		}
		if c.abort {
			c.mu.Unlock()
			return
		}
		e := c.out[0]
		c.out[0] = delayed{}
		c.out = c.out[1:]
		c.outBytes -= len(e.data)
		c.changed() // room for a waiting Write
		failed := c.writeErr != nil
		c.mu.Unlock()

		var err error
		switch {
		case e.end == endClose:
			err = c.Conn.Close()
			c.mu.Lock()
			c.closeErr = err
			c.mu.Unlock()
			return
		case failed:
			// The connection is broken: later bytes cannot follow.
		case e.end == endCloseWrite:
			err = c.Conn.(closeWriter).CloseWrite()
		default:
			_, err = c.Conn.Write(e.data)
		}
		c.mu.Lock()
		if err != nil && c.writeErr == nil {
			c.writeErr = err
			c.changed()
		}
	}
}

// receive is the incoming goroutine: it reads the real connection as bytes
// arrive and queues them to be readable one way later.
func (c *delayConn) receive() {
	defer close(c.received)
	buf := make([]byte, delayReadBuffer)
	for {
		c.mu.Lock()
		for !c.closed && c.inBytes >= delayQueueLimit {
			c.wait(time.Time{})
		}
		closed := c.closed
		c.mu.Unlock()
		if closed {
			return
		}
		n, err := c.Conn.Read(buf)
		due := time.Now().Add(c.oneWay)
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return
		}
		if n > 0 {
			c.in = append(c.in, delayed{due: due, data: bytes.Clone(buf[:n])})
			c.inBytes += n
		}
		if err != nil {
			c.in = append(c.in, delayed{due: due, end: endRead, err: err})
		}
		c.changed()
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}
