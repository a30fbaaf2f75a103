// Package wiretap wraps net.Conn, dialers and listeners so that every byte a
// connection carries is reported, exactly and in order, to an Observer.
//
// A tap sits on one side of a connection. On the client side (Dial, WrapClient)
// the conn's writes are client → server and its reads server → client; on the
// server side (Listen) it is the other way round. Connections are numbered
// 1, 2, 3 ... per Tap, in the order they open.
package wiretap

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"wsdemo/pkg/wire"
)

// Observer receives what a Tap sees. Calls are serialised by the Tap (never
// two at once), so an Observer needs no locking of its own for them, and they
// arrive in the order the bytes crossed this side of the connection.
//
// Observers must not block: they run inside the conn's Read and Write.
type Observer interface {
	// Opened is called once when a connection is established.
	Opened(c *Conn)
	// Data is called with bytes that crossed the connection. p is only valid
	// during the call.
	Data(c *Conn, from wire.Sender, p []byte)
	// Closed is called once, when the first side is seen to close: by is the
	// side whose close we observed (our own Close, or the peer's EOF).
	Closed(c *Conn, by wire.Sender)
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

// Tap numbers connections and reports their bytes to one Observer.
type Tap struct {
	obs  Observer
	mu   sync.Mutex // serialises Observer calls
	next int
	// Dialer is used by DialContext; the zero value is fine.
	Dialer net.Dialer
	// RTT, if positive, puts the two ends of every connection the Tap dials
	// or accepts a round trip of RTT apart (see Delay), below the tap, so
	// that the tap reports its side's times: when bytes left, and when they
	// arrived.
	RTT time.Duration
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

func (t *Tap) wrap(c net.Conn, local wire.Sender) *Conn {
	t.mu.Lock()
	t.next++
	tc := &Conn{Conn: c, ID: t.next, Local: local, tap: t}
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

	tap       *Tap
	closeOnce sync.Once
}

// Write reports p as sent by the local side, then writes it. Reporting first
// keeps the order right: the peer's answer can only be read after this call
// has been reported. A write that then fails is reported to a
// WriteFailureObserver.
func (c *Conn) Write(p []byte) (int, error) {
	if len(p) == 0 {
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
	}
	return n, err
}

// Read reads and reports what the peer sent; EOF reports the peer's close.
func (c *Conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.tap.mu.Lock()
		c.tap.obs.Data(c, c.Local.Peer(), p[:n])
		c.tap.mu.Unlock()
	}
	if errors.Is(err, io.EOF) {
		c.reportClose(c.Local.Peer())
	}
	return n, err
}

// Close closes the connection and reports the local side's close.
func (c *Conn) Close() error {
	c.reportClose(c.Local)
	return c.Conn.Close()
}

func (c *Conn) reportClose(by wire.Sender) {
	c.closeOnce.Do(func() {
		c.tap.mu.Lock()
		c.tap.obs.Closed(c, by)
		c.tap.mu.Unlock()
	})
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
