package demo

import (
	"context"
	"net"
	"net/http"
	"sync"

	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// clientsTap taps the connections of several clients with one tap, so that
// their connections are numbered in the order they open, whichever client
// opens them, and hands each connection to the tracer of the client that
// dialled it: its events name that client (client, tab-b).
type clientsTap struct {
	tap *wiretap.Tap

	wrap sync.Mutex // one connection wrapped at a time: next is its tracer
	mu   sync.Mutex
	next *tracer
	of   map[*wiretap.Conn]*tracer
}

func newClientsTap(c Common) *clientsTap {
	o := &clientsTap{of: map[*wiretap.Conn]*tracer{}}
	o.tap = c.newTap(o)
	o.tap.Dialer.Timeout = c.timeout()
	return o
}

// transport is an HTTP transport whose connections are tapped and shown as
// tr's client's.
func (o *clientsTap) transport(tr *tracer) *http.Transport {
	return &http.Transport{
		Proxy:                  nil, // the tap must see the server's bytes, not a proxy's
		DialContext:            o.dialer(tr),
		DisableCompression:     true,
		MaxResponseHeaderBytes: wire.MaxHTTPHead,
	}
}

// dialer dials a connection and taps it as tr's.
func (o *clientsTap) dialer(tr *tracer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		raw, err := o.tap.DialRaw(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		// The tap calls Opened from WrapClient: tell it whose this is.
		o.wrap.Lock()
		defer o.wrap.Unlock()
		o.mu.Lock()
		o.next = tr
		o.mu.Unlock()
		return o.tap.WrapClient(raw), nil
	}
}

func (o *clientsTap) tracer(c *wiretap.Conn) *tracer {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.of[c]
}

// Opened implements wiretap.Observer.
func (o *clientsTap) Opened(c *wiretap.Conn) {
	o.mu.Lock()
	tr := o.next
	o.of[c] = tr
	o.mu.Unlock()
	tr.Opened(c)
}

// Data implements wiretap.Observer.
func (o *clientsTap) Data(c *wiretap.Conn, from wire.Sender, p []byte) {
	o.tracer(c).Data(c, from, p)
}

// Ended implements wiretap.Observer.
func (o *clientsTap) Ended(c *wiretap.Conn, e wiretap.End) {
	tr := o.tracer(c)
	tr.Ended(c, e)
	if e.Last {
		o.mu.Lock()
		delete(o.of, c)
		o.mu.Unlock()
	}
}

// WriteFailed implements wiretap.WriteFailureObserver.
func (o *clientsTap) WriteFailed(c *wiretap.Conn, from wire.Sender, n, size int, err error) {
	if tr := o.tracer(c); tr != nil {
		tr.WriteFailed(c, from, n, size, err)
	}
}
