// Package wiretap wraps net.Conn, dialers and listeners so that every byte a
// connection carries is reported, exactly and in order, to an Observer, and
// so is how each side's byte stream ended.
//
// A tap sits on one side of a connection. On the client side (Dial, WrapClient)
// the conn's writes are client → server and its reads server → client; on the
// server side (Listen) it is the other way round. Connections are numbered
// 1, 2, 3 ... per Tap, in the order they open.
//
// # Who closed the connection
//
// TCP closes each direction on its own: a side that is done sending sends a
// FIN, and the other side may go on sending until it sends its own (RFC 9293
// §3.6). "Closed by" means the side whose FIN came first, as this side of the
// wire saw it. A tap sees both ends of the stream even though it sits on one:
//
//   - The peer's FIN is the end of the stream it reads. When the application
//     reads it (a Read returning EOF) the tap reports it then.
//   - Many applications never read it: an HTTP client that has its whole
//     response, a WebSocket library that has the close frame, closes without
//     another Read. So when the local side closes and the peer's FIN has not
//     been read, the tap looks before it lets its own FIN go. On TCP (and TLS
//     over TCP) it peeks at the socket without blocking (MSG_PEEK with
//     MSG_DONTWAIT): a FIN already waiting there came first, and is reported
//     first, marked Waiting, since it arrived at a moment nobody observed.
//     Bytes waiting there that the application never read crossed the wire
//     too, and are reported as data. A short read deadline would do the same
//     job with a race (on a busy machine the deadline can pass before the read
//     is even tried, and a waiting FIN would be missed), and it would hold the
//     local FIN back for the length of the deadline, which could change who
//     closes first. A conn that is not TCP falls back to that deadline.
//   - If the peer has not ended its stream, the local side's FIN is first.
//     The tap then half-closes (CloseWrite: the FIN leaves, the reading side
//     stays open) and lingers, reading, until the peer's FIN (reported when
//     it arrives, with any bytes before it), a reset, or Linger, whichever
//     comes first; then it closes the socket. The kernel itself finishes a
//     closed connection in the background in the same way; the tap only
//     stays to watch. A peer that never closes is reported as such.
//
// Close never waits for the peer: the linger runs on a goroutine the Tap
// owns (Wait waits for them; Hurry ends them now, for a program that must
// stop promptly). A Read blocked when Close is called ends at once (the tap
// moves its deadline into the past, and waits only for that Read to
// return), and after Close the application's Reads, Writes and deadlines
// fail as on a closed connection.
//
// The tap changes what crosses in two small ways, both in the peer's favour:
// it half-closes where the application closed outright, so the peer may
// still send until it closes (the bytes are reported, not refused with a
// reset), and it reads what the application left unread before it closes,
// so a kernel that would have answered unread data with a reset (RFC 9293
// §3.6.1) sends a FIN instead.
package wiretap

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"wsdemo/pkg/wire"
)

// Observer receives what a Tap sees. Calls are serialised by the Tap (never
// two at once), so an Observer needs no locking of its own for them, and they
// arrive in the order the bytes crossed this side of the connection.
//
// Observers must not block: they run inside the conn's Read, Write and
// Close, and must not call them.
type Observer interface {
	// Opened is called once when a connection is established.
	Opened(c *Conn)
	// Data is called with bytes that crossed the connection. p is only valid
	// during the call.
	Data(c *Conn, from wire.Sender, p []byte)
	// Ended is called when one side's byte stream ends, or when the tap
	// learns that it will not see it end: at most once per side, the side
	// that ended first first (End.First). A reset ends both directions at
	// once. The call with End.Last set is the last one for c.
	Ended(c *Conn, e End)
}

// WriteFailureObserver is an Observer that also wants to know when a write
// it was shown did not complete. Because Data reports a write's bytes before
// they are written, the bytes of a failed write have already been reported;
// WriteFailed says that only the first n of them were written, and why.
// It is optional: a Tap checks for it with a type assertion.
type WriteFailureObserver interface {
	Observer
	WriteFailed(c *Conn, from wire.Sender, n, size int, err error)
}

// DefaultLinger is how long a tap that closed first waits for the peer's
// FIN when Tap.Linger is zero. A peer answers a FIN in well under a
// millisecond on loopback and within a round trip elsewhere.
const DefaultLinger = time.Second

// Tap numbers connections and reports their bytes to one Observer.
type Tap struct {
	obs  Observer
	mu   sync.Mutex // serialises Observer calls
	next int
	// lingering holds the conns still watching for the peer's FIN; idle is
	// closed whenever it is empty. After Hurry, hurried ends every linger
	// as it starts.
	lingerMu  sync.Mutex
	lingering map[*Conn]struct{}
	idle      chan struct{}
	hurried   bool
	// Dialer is used by DialContext; the zero value is fine.
	Dialer net.Dialer
	// RTT, if positive, puts the two ends of every connection the Tap dials
	// or accepts a round trip of RTT apart (see Delay), below the tap, so
	// that the tap reports its side's times: when bytes left, and when they
	// arrived.
	RTT time.Duration
	// Linger bounds the wait for the peer's FIN after the local side closed
	// first; 0 means DefaultLinger.
	Linger time.Duration
}

// New returns a Tap reporting to obs.
func New(obs Observer) *Tap { return &Tap{obs: obs} }

// DialContext dials like net.Dialer.DialContext and taps the connection as
// its client. It fits http.Transport.DialContext.
func (t *Tap) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := t.DialRaw(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return t.WrapClient(c), nil
}

// WrapClient taps an established connection as its client: what it writes
// is client → server. Wrapping a *tls.Conn taps the plaintext above TLS.
func (t *Tap) WrapClient(c net.Conn) *Conn { return t.wrap(c, wire.FromClient) }

// WrapServer taps an established connection as its server.
func (t *Tap) WrapServer(c net.Conn) *Conn { return t.wrap(c, wire.FromServer) }

// Listen returns a listener whose accepted connections are tapped as the
// server side.
func (t *Tap) Listen(l net.Listener) net.Listener { return &listener{Listener: l, tap: t} }

// Wait waits until every connection closed through the tap has finished
// watching for its peer's FIN, which takes at most Linger after its Close.
// Once it returns, the tap runs no goroutine until the next Close.
func (t *Tap) Wait() {
	t.lingerMu.Lock()
	idle := t.idle
	t.lingerMu.Unlock()
	if idle != nil {
		<-idle
	}
}

// Hurry stops watching for FINs: every Close still waiting for its peer's
// FIN reports it StillOpen now, and so does every later Close that would
// wait. For a program that must end promptly (Ctrl-C), even against a peer
// that never closes.
func (t *Tap) Hurry() {
	t.lingerMu.Lock()
	defer t.lingerMu.Unlock()
	t.hurried = true
	for c := range t.lingering {
		_ = c.Conn.SetReadDeadline(aLongTimeAgo)
	}
}

// lingerStarted counts c's linger for Wait and sets the deadline that ends
// it, under the lock Hurry takes, so that Hurry cannot be undone by a
// linger starting at the same moment.
func (t *Tap) lingerStarted(c *Conn) error {
	t.lingerMu.Lock()
	defer t.lingerMu.Unlock()
	deadline := time.Now().Add(t.linger())
	if t.hurried {
		deadline = aLongTimeAgo
	}
	if err := c.Conn.SetReadDeadline(deadline); err != nil {
		return err
	}
	if len(t.lingering) == 0 {
		t.idle = make(chan struct{})
	}
	if t.lingering == nil {
		t.lingering = map[*Conn]struct{}{}
	}
	t.lingering[c] = struct{}{}
	return nil
}

func (t *Tap) lingerDone(c *Conn) {
	t.lingerMu.Lock()
	defer t.lingerMu.Unlock()
	delete(t.lingering, c)
	if len(t.lingering) == 0 {
		close(t.idle)
		t.idle = nil
	}
}

func (t *Tap) linger() time.Duration {
	if t.Linger > 0 {
		return t.Linger
	}
	return DefaultLinger
}

func (t *Tap) wrap(c net.Conn, local wire.Sender) *Conn {
	t.mu.Lock()
	t.next++
	tc := &Conn{Conn: c, ID: t.next, Local: local, tap: t}
	tc.cond.L = &tc.mu
	t.obs.Opened(tc)
	t.mu.Unlock()
	return tc
}

// Conn is a tapped connection.
type Conn struct {
	net.Conn
	// ID is the connection's number within its Tap, from 1.
	ID int
	// Local is the side of the connection this tap sits on.
	Local wire.Sender
	// State is the Observer's own, for what it keeps per connection: set
	// it in Opened, and the calls that follow for this connection find it
	// without a lookup (and without a lock: the Tap serialises them). The
	// Tap never reads or writes it.
	State any

	tap *Tap

	mu      sync.Mutex
	cond    sync.Cond // signalled when readers drops to 0
	readers int       // application Reads in progress
	closed  bool      // the application called Close
	// localEnd and peerEnd are set once that side's end is reported; last
	// once the final End is.
	localEnd, peerEnd bool
	last              bool
	// eofAt is when a Read got the peer's EOF, set before the Read takes
	// the tap's lock to report it (see CloseWrite).
	eofAt time.Time
	// finPending says EndingAt reported the local end and CloseWrite has
	// not yet sent its FIN.
	finPending bool
}

// Write reports p as sent by the local side, then writes it. Reporting first
// keeps the order right: the peer's answer can only be read after this call
// has been reported. A write that then fails is reported to a
// WriteFailureObserver, and a reset it reveals is reported as the peer's.
// After Close or CloseWrite, Write fails without reporting anything: those
// bytes never cross.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	closed, ended := c.closed, c.localEnd
	c.mu.Unlock()
	switch {
	case closed:
		return 0, c.opError("write", net.ErrClosed)
	case ended:
		return 0, c.opError("write", errWriteAfterCloseWrite)
	case len(p) == 0:
		return c.Conn.Write(p)
	}
	c.tap.mu.Lock()
	c.tap.obs.Data(c, c.Local, p)
	c.tap.mu.Unlock()
	n, err := c.Conn.Write(p)
	if err != nil {
		if o, ok := c.tap.obs.(WriteFailureObserver); ok {
			c.tap.mu.Lock()
			o.WriteFailed(c, c.Local, n, len(p), err)
			c.tap.mu.Unlock()
		}
		if c.resetByPeer(err) {
			c.peerEnded(Reset, time.Now(), false)
		}
	}
	return n, err
}

var errWriteAfterCloseWrite = errors.New("write after CloseWrite")

// Read reads and reports what the peer sent: bytes, including those that
// come with an error, and the end of its stream (EOF) or a reset. A Read
// in progress when Close is called returns at once, with the error of a
// closed connection; what it had read is still reported.
func (c *Conn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, c.opError("read", net.ErrClosed)
	}
	c.readers++
	c.mu.Unlock()

	n, err := c.Conn.Read(p)
	if n == 0 && isEOF(err) {
		c.mu.Lock()
		if c.eofAt.IsZero() {
			c.eofAt = time.Now()
		}
		c.mu.Unlock()
	}
	if n > 0 {
		c.tap.mu.Lock()
		c.tap.obs.Data(c, c.Local.Peer(), p[:n])
		c.tap.mu.Unlock()
	}
	if err != nil {
		c.readEnded(err)
	}

	c.mu.Lock()
	c.readers--
	closed := c.closed
	if c.readers == 0 {
		c.cond.Broadcast()
	}
	c.mu.Unlock()
	if closed {
		// Close cut this Read short (or raced it): the application sees a
		// closed connection, as a net.Conn closed under a Read would give.
		return 0, c.opError("read", net.ErrClosed)
	}
	return n, err
}

// readEnded reports what a read error says about the peer: the end of its
// stream, or a reset. A timeout or any other error says nothing of it.
func (c *Conn) readEnded(err error) {
	switch {
	case isEOF(err):
		c.peerEnded(FIN, time.Now(), false)
	case c.resetByPeer(err):
		c.peerEnded(Reset, time.Now(), false)
	}
}

// resetByPeer reports whether err says the peer reset the connection. A
// broken pipe says so only while the local side has not ended its own
// stream: after that, it is what a write to the half-closed socket gets.
func (c *Conn) resetByPeer(err error) bool {
	if isReset(err) {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return errors.Is(err, syscall.EPIPE) && !c.localEnd
}

// SetDeadline sets the connection's deadlines; after Close it fails as on a
// closed connection (the tap's own deadlines are not the application's to
// move).
func (c *Conn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.opError("set deadline", net.ErrClosed)
	}
	return c.Conn.SetDeadline(t)
}

// SetReadDeadline sets the read deadline, as SetDeadline does.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.opError("set read deadline", net.ErrClosed)
	}
	return c.Conn.SetReadDeadline(t)
}

// SetWriteDeadline sets the write deadline, as SetDeadline does.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.opError("set write deadline", net.ErrClosed)
	}
	return c.Conn.SetWriteDeadline(t)
}

// opError is the error a net.Conn gives for op, with err as its cause.
func (c *Conn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

type listener struct {
	net.Listener
	tap *Tap
}

func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.tap.WrapServer(Delay(c, l.tap.RTT)), nil
}
