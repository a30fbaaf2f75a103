package wiretap

import (
	"crypto/tls"
	"errors"
	"net"
	"os"
	"syscall"
	"time"

	"wsdemo/pkg/wire"
)

// EndKind says how one side's byte stream ended, or what the tap knows of
// it.
type EndKind int

// The ways a side's stream ends, as a tap reports them.
const (
	// FIN: the side ended its stream in order; it sends nothing more, and
	// everything it sent arrived (RFC 9293 §3.6).
	FIN EndKind = iota + 1
	// Reset: the side aborted the connection with a reset (RST): both
	// directions end at once, and bytes still in flight may be lost (RFC
	// 9293 §3.6).
	Reset
	// StillOpen: the side had not ended its stream when the tap stopped
	// waiting for it (Tap.Linger after the local side's FIN).
	StillOpen
	// NotSeen: the tap could not watch for the side's end: the local side
	// closed first on a connection that cannot half-close, or whose reads
	// cannot be bounded.
	NotSeen
)

// String returns the name the trace format uses: fin, reset, open, unseen.
func (k EndKind) String() string {
	switch k {
	case FIN:
		return "fin"
	case Reset:
		return "reset"
	case StillOpen:
		return "open"
	case NotSeen:
		return "unseen"
	}
	return "unknown"
}

// End is one side's end of stream, as the tap observed it.
type End struct {
	// Side is the side whose stream ended (or did not).
	Side wire.Sender
	// Kind says how.
	Kind EndKind
	// At is when the tap observed it.
	At time.Time
	// First is set on the connection's first End: Side ended its stream
	// before the other side did (or reset the connection before either
	// sent a FIN). It is what "closed by" means.
	First bool
	// Last is set on the final End of the connection.
	Last bool
	// Waiting is set when the tap found the peer's FIN already waiting,
	// unread, when the local side closed: it arrived before At, at a moment
	// nobody observed. Only the order is known then, not the time.
	Waiting bool
}

// peerEnded records the peer's end, once, and reports it.
func (c *Conn) peerEnded(kind EndKind, at time.Time, waiting bool) {
	c.ended(End{Side: c.Local.Peer(), Kind: kind, At: at, Waiting: waiting})
}

// localEnded records the local side's end, once, and reports it.
func (c *Conn) localEnded(kind EndKind, at time.Time) {
	c.ended(End{Side: c.Local, Kind: kind, At: at})
}

// ended records e unless its side's end (or the last) was reported, and
// reports it. The tap's lock is held from the decision to the report, so
// ends are reported in the order they were decided.
func (c *Conn) ended(e End) {
	c.tap.mu.Lock()
	defer c.tap.mu.Unlock()
	c.endedLocked(e)
}

// endedLocked is ended for a caller that holds the tap's lock.
func (c *Conn) endedLocked(e End) {
	c.mu.Lock()
	mine, other := &c.localEnd, &c.peerEnd
	if e.Side != c.Local {
		mine, other = other, mine
	}
	if *mine || c.last {
		c.mu.Unlock()
		return
	}
	*mine = true
	e.First = !*other
	// The second end is the last; a reset ends both directions at once.
	e.Last = *other || e.Kind == Reset
	c.last = e.Last
	c.mu.Unlock()
	c.tap.obs.Ended(c, e)
}

// CloseWrite ends the local side's stream, as (*net.TCPConn).CloseWrite
// does: a FIN leaves, and the connection can still be read until the peer
// ends its own. An HTTP server uses it to close in stages (RFC 9112 §9.6).
// It fails if the underlying connection cannot half-close.
func (c *Conn) CloseWrite() error {
	c.mu.Lock()
	closed, ended, pending := c.closed, c.localEnd, c.finPending
	c.mu.Unlock()
	if closed {
		return c.opError("close", net.ErrClosed)
	}
	if pending {
		// EndingAt reported this end already: only the FIN is to send.
		c.mu.Lock()
		c.finPending = false
		c.mu.Unlock()
		return halfClose(c.Conn)
	}
	if ended {
		return nil
	}
	// The FIN leaves and is reported under the tap's lock: a Read running
	// at the same time (a relay reads while it half-closes) that gets the
	// peer's FIN, sent in answer to this one, can only report it after.
	// A peer's EOF that such a Read had already received before the lock
	// was taken came first, and is reported first.
	c.tap.mu.Lock()
	defer c.tap.mu.Unlock()
	c.mu.Lock()
	eofAt := c.eofAt
	c.mu.Unlock()
	if !eofAt.IsZero() {
		c.endedLocked(End{Side: c.Local.Peer(), Kind: FIN, At: eofAt})
	}
	if err := halfClose(c.Conn); err != nil {
		return err
	}
	c.endedLocked(End{Side: c.Local, Kind: FIN, At: time.Now()})
	return nil
}

// EndingAt is for a relay that passes on a FIN: it read, at `at`, the end
// of the stream of the connection it relays to this one, and is about to
// end this connection's local stream the same way (CloseWrite must follow;
// Write fails from now on). The local end is reported now, as of `at`, so
// that which side ended first is decided by when the FIN reached the relay,
// not by how long the relay took to pass it on: a peer FIN read after `at`
// came second, one read before it came first. Only a peer FIN read between
// `at` and this call, and reported in that time, can still pass for first:
// call it as soon as the FIN is read.
func (c *Conn) EndingAt(at time.Time) {
	c.tap.mu.Lock()
	defer c.tap.mu.Unlock()
	c.mu.Lock()
	if c.closed || c.localEnd || c.last {
		c.mu.Unlock()
		return
	}
	eofAt := c.eofAt
	c.finPending = true
	c.mu.Unlock()
	if !eofAt.IsZero() && eofAt.Before(at) {
		c.endedLocked(End{Side: c.Local.Peer(), Kind: FIN, At: eofAt})
	}
	c.endedLocked(End{Side: c.Local, Kind: FIN, At: at})
}

// Close closes the connection for the application and reports how it ends:
// whose FIN came first, and the other's when it follows (see the package
// doc). It returns at once; watching for the peer's FIN, when the local
// side's came first, goes on in the background for at most Tap.Linger.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return c.opError("close", net.ErrClosed)
	}
	c.closed = true
	// Wake a Read in progress: it returns, reporting what it got, and
	// fails. Done under c.mu so the application cannot move the deadline
	// back in between (its SetReadDeadline now fails).
	kicked := c.Conn.SetReadDeadline(aLongTimeAgo) == nil
	for c.readers > 0 && kicked {
		c.cond.Wait()
	}
	done := c.last
	c.mu.Unlock()
	if done {
		return c.Conn.Close()
	}
	if !kicked {
		// No deadlines: nothing can be read without risking a wait. Close,
		// and say what is known.
		return c.closeBlind()
	}

	// No application Read runs from here on: the tap reads alone.
	_ = c.Conn.SetReadDeadline(time.Time{})
	if !c.hasPeerEnded() {
		c.probe()
	}
	c.mu.Lock()
	peerEnded, localEnded, done := c.peerEnd, c.localEnd, c.last
	c.mu.Unlock()
	switch {
	case done:
		return c.Conn.Close()
	case peerEnded:
		err := c.Conn.Close()
		c.localEnded(FIN, time.Now())
		return err
	}
	if !localEnded {
		if err := halfClose(c.Conn); err != nil {
			return c.closeBlind()
		}
		c.localEnded(FIN, time.Now())
	}
	if err := c.tap.lingerStarted(c); err != nil {
		return c.closeBlind()
	}
	go c.linger()
	return nil
}

// aLongTimeAgo is a deadline that has passed: it makes a blocked Read
// return at once.
var aLongTimeAgo = time.Unix(1, 0)

func (c *Conn) hasPeerEnded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peerEnd || c.last
}

// closeBlind closes outright when the tap cannot watch for the peer's end:
// the local FIN goes first, and the peer's end is not seen.
func (c *Conn) closeBlind() error {
	err := c.Conn.Close()
	c.localEnded(FIN, time.Now())
	c.peerEnded(NotSeen, time.Now(), false)
	return err
}

// linger reads after the local side's FIN until the peer ends its stream or
// the deadline passes, reporting what arrives, then closes the socket. It
// runs on a goroutine the tap counts for Wait.
// Its read deadline was set by lingerStarted.
func (c *Conn) linger() {
	defer c.tap.lingerDone(c)
	defer c.Conn.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Conn.Read(buf)
		c.data(buf[:n])
		if err == nil {
			continue
		}
		switch {
		case isEOF(err):
			c.peerEnded(FIN, time.Now(), false)
		case c.resetByPeer(err):
			c.peerEnded(Reset, time.Now(), false)
		case errors.Is(err, os.ErrDeadlineExceeded):
			c.peerEnded(StillOpen, time.Now(), false)
		default:
			c.peerEnded(NotSeen, time.Now(), false)
		}
		return
	}
}

// data reports bytes the tap read itself (the application never did).
func (c *Conn) data(p []byte) {
	if len(p) == 0 {
		return
	}
	c.tap.mu.Lock()
	c.tap.obs.Data(c, c.Local.Peer(), p)
	c.tap.mu.Unlock()
}

// probe finds out, without waiting, whether the peer's FIN (or a reset, or
// bytes nobody read) is already waiting on the connection, and reports
// what it finds. No application Read runs during it.
func (c *Conn) probe() {
	raw := rawSocket(c.Conn)
	if raw == nil {
		c.probeByDeadline()
		return
	}
	buf := make([]byte, 4096)
	for range maxProbeReads {
		switch peek(raw) {
		case peekNothing:
			// Nothing waits in the socket; a TLS conn may still hold
			// plaintext it decrypted but nobody read. A passed deadline
			// lets a Read return only what is already buffered.
			c.drainBuffered(buf)
			return
		case peekReset:
			c.peerEnded(Reset, time.Now(), true)
			return
		case peekEOF:
			// Only the FIN waits in the socket: every Read returns at once
			// (with what a TLS conn buffered, then the end).
			for {
				n, err := c.Conn.Read(buf)
				c.data(buf[:n])
				if err != nil {
					break
				}
			}
			c.peerEnded(FIN, time.Now(), true)
			return
		case peekData:
			// Bytes nobody read: report them. On TCP the Read returns them
			// at once; TLS may need the rest of a record, which is on its
			// way, so bound that wait.
			_ = c.Conn.SetReadDeadline(time.Now().Add(recordWait))
			n, err := c.Conn.Read(buf)
			_ = c.Conn.SetReadDeadline(time.Time{})
			c.data(buf[:n])
			switch {
			case err == nil:
			case isEOF(err):
				c.peerEnded(FIN, time.Now(), true)
				return
			case c.resetByPeer(err):
				c.peerEnded(Reset, time.Now(), true)
				return
			default: // a record still incomplete: the peer is still sending
				return
			}
		default: // the socket cannot be peeked after all
			c.probeByDeadline()
			return
		}
	}
}

const (
	// maxProbeReads bounds the unread bytes a probe drains (×4 KiB) before
	// it stops looking: a peer still streaming has not ended its stream.
	maxProbeReads = 64
	// recordWait bounds the wait for the rest of a TLS record the peer is
	// sending, and is the window of the probe by deadline.
	recordWait = 20 * time.Millisecond
)

// drainBuffered reports what the conn itself buffered (a TLS conn's
// decrypted records) without touching the socket.
func (c *Conn) drainBuffered(buf []byte) {
	if _, ok := c.Conn.(*tls.Conn); !ok {
		return
	}
	_ = c.Conn.SetReadDeadline(aLongTimeAgo)
	defer c.Conn.SetReadDeadline(time.Time{})
	for range maxProbeReads {
		n, err := c.Conn.Read(buf)
		c.data(buf[:n])
		if err != nil {
			c.readEndedWaiting(err)
			return
		}
	}
}

// probeByDeadline is the probe for a conn whose socket cannot be peeked:
// a Read bounded by a short deadline. It can miss a FIN on a busy machine,
// and holds the local FIN back for up to the window (see the package doc).
func (c *Conn) probeByDeadline() {
	buf := make([]byte, 4096)
	_ = c.Conn.SetReadDeadline(time.Now().Add(recordWait))
	defer c.Conn.SetReadDeadline(time.Time{})
	for range maxProbeReads {
		n, err := c.Conn.Read(buf)
		c.data(buf[:n])
		if err != nil {
			c.readEndedWaiting(err)
			return
		}
	}
}

// readEndedWaiting is readEnded for an end the tap found already there.
func (c *Conn) readEndedWaiting(err error) {
	switch {
	case isEOF(err):
		c.peerEnded(FIN, time.Now(), true)
	case c.resetByPeer(err):
		c.peerEnded(Reset, time.Now(), true)
	}
}

// halfClose sends the local FIN and keeps the reading side open. A TLS conn
// first sends its close_notify alert (RFC 8446 §6.1), which is what ends
// the stream above TLS, then half-closes the TCP under it.
func halfClose(c net.Conn) error {
	type closeWriter interface{ CloseWrite() error }
	if t, ok := c.(*tls.Conn); ok {
		_ = t.CloseWrite() // fails only before the TLS handshake completed
		c = t.NetConn()
	}
	if cw, ok := c.(closeWriter); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

// rawSocket returns the TCP socket under c that can be peeked, or nil.
func rawSocket(c net.Conn) syscall.Conn {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	if t, ok := c.(*net.TCPConn); ok {
		return t
	}
	return nil
}

// peekResult is what is waiting on a socket.
type peekResult int

const (
	peekUnknown peekResult = iota // could not look
	peekNothing                   // nothing: the peer has neither sent more nor ended
	peekData                      // bytes nobody has read
	peekEOF                       // the peer's FIN, and nothing before it
	peekReset                     // the peer reset the connection
)

// isReset reports whether err is a connection reset.
func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }
