// Package proxy relays TCP connections byte for byte: for every connection
// a listener accepts it opens one to an upstream address and copies the
// bytes both ways, unchanged, until both sides have ended their streams.
//
// It is the relay behind `wsdemo proxy`: the accepted connections are
// tapped (wiretap.Tap.Listen), so everything a learner's browser and
// server say to each other crosses a tap on its way, and because the relay
// neither parses nor rewrites anything, what the server receives is exactly
// what the client sent, and the other way round.
//
// # Closing
//
// TCP ends each direction on its own (RFC 9293 §3.6), and so does the
// relay: when one side ends its stream (a FIN: its Read returns EOF) the
// relay ends the same direction on the other connection (CloseWrite),
// and goes on copying the other direction until that side ends too. So
// whoever sends the first FIN is seen to close first on both connections,
// and a side may still receive after it stopped sending. A reset (or a
// failed write) ends the relay at once: both connections are closed, the
// upstream one with a reset when the client reset its own. A tapped
// connection learns when the FIN it is given reached the relay
// (wiretap.Conn.EndingAt), so that the relay's own delay in passing it on
// cannot make the other side's FIN, sent meanwhile, pass for the first.
//
// Memory is bounded: each relay copies through one fixed buffer per
// direction and keeps nothing else.
package proxy

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// DefaultBuffer is the size of the buffer each direction of a relay
// copies through.
const DefaultBuffer = 32 << 10

// DefaultDialTimeout bounds the connection to the upstream when Relay.Dial
// has none.
const DefaultDialTimeout = 5 * time.Second

// DefaultGrace is how long Serve lets open connections go on after its
// context ends before it closes them.
const DefaultGrace = 500 * time.Millisecond

// Relay relays the connections of a listener to an upstream address.
type Relay struct {
	// Upstream is the HOST:PORT every accepted connection is relayed to.
	Upstream string
	// DialTimeout bounds each connection to Upstream; 0 means
	// DefaultDialTimeout.
	DialTimeout time.Duration
	// Grace is how long Serve lets open connections finish on their own
	// once its context ends, before it closes them; 0 means DefaultGrace.
	Grace time.Duration
	// Buffer is the size of each direction's copy buffer; 0 means
	// DefaultBuffer.
	Buffer int
	// Dial, if set, opens the upstream connection instead of a net.Dialer
	// (tests use it for an upstream that never answers).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)

	// Refused, if set, is called when the upstream could not be reached for
	// the accepted connection c (err says why), just before c is closed.
	Refused func(c net.Conn, err error)
	// BadGateway, if set, answers a client whose upstream could not be
	// reached, when what it sends is an HTTP/1.x request, with a 502 Bad
	// Gateway (RFC 9110 §15.6.3) written by the relay, after Refused, before
	// the connection is closed. A client that sends nothing, or not HTTP,
	// is only closed.
	BadGateway bool
	// Connected, if set, is called once the upstream connection up for c is
	// open, before any byte is relayed.
	Connected func(c, up net.Conn)
	// Ended, if set, is called when a relay ends other than by both sides
	// ending their streams in order: err is the read or write error that
	// ended it, upstream says whether it happened on the upstream
	// connection.
	Ended func(c net.Conn, upstream bool, err error)

	mu     sync.Mutex
	active map[*relay]struct{}
	wg     sync.WaitGroup
}

// Serve accepts connections from l and relays each to Upstream, until ctx
// ends or l fails. Then it closes l, lets the open relays go on for Grace,
// closes those still open, and returns once every relay has stopped: nil
// after ctx ended, else the error of Accept.
func (r *Relay) Serve(ctx context.Context, l net.Listener) error {
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	var err error
	for {
		c, aerr := l.Accept()
		if aerr != nil {
			if ctx.Err() == nil {
				var ne net.Error
				if errors.As(aerr, &ne) && ne.Timeout() {
					continue
				}
				err = aerr
			}
			break
		}
		r.start(ctx, c)
	}
	l.Close()
	r.shutdown()
	return err
}

// start relays c on goroutines of its own.
func (r *Relay) start(ctx context.Context, c net.Conn) {
	rl := &relay{r: r, client: c}
	r.mu.Lock()
	if r.active == nil {
		r.active = map[*relay]struct{}{}
	}
	r.active[rl] = struct{}{}
	r.wg.Add(1)
	r.mu.Unlock()
	go func() {
		defer r.wg.Done()
		defer func() {
			r.mu.Lock()
			delete(r.active, rl)
			r.mu.Unlock()
		}()
		rl.run(ctx)
	}()
}

// shutdown waits up to Grace for the relays to end, then closes those
// still open and waits for them.
func (r *Relay) shutdown() {
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	grace := r.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	r.mu.Lock()
	for rl := range r.active {
		rl.abort()
	}
	r.mu.Unlock()
	<-done
}

// relay is one client connection and its upstream connection.
type relay struct {
	r      *Relay
	client net.Conn

	mu         sync.Mutex
	up         net.Conn // nil until dialled
	aborted    bool
	cancelDial context.CancelFunc
}

func (rl *relay) run(ctx context.Context) {
	r := rl.r
	timeout := r.DialTimeout
	if timeout <= 0 {
		timeout = DefaultDialTimeout
	}
	// The dial is not tied to ctx: after Ctrl-C, Grace decides, and abort
	// cancels it.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	rl.mu.Lock()
	rl.cancelDial = cancel
	if rl.aborted {
		cancel()
	}
	rl.mu.Unlock()
	dial := r.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	up, err := dial(dctx, "tcp", r.Upstream)
	cancel()
	rl.mu.Lock()
	aborted := rl.aborted
	rl.up = up
	rl.mu.Unlock()
	if err != nil || aborted {
		if err != nil && !aborted && r.Refused != nil {
			r.Refused(rl.client, err)
		}
		if err != nil && !aborted && r.BadGateway {
			rl.badGateway(err)
		}
		if up != nil {
			up.Close()
		}
		rl.client.Close()
		return
	}
	if r.Connected != nil {
		r.Connected(rl.client, up)
	}
	size := r.Buffer
	if size <= 0 {
		size = DefaultBuffer
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); rl.copy(up, rl.client, false, size) }()
	go func() { defer wg.Done(); rl.copy(rl.client, up, true, size) }()
	wg.Wait()
	rl.client.Close()
	up.Close()
}

// copy relays one direction, from src to dst, until src ends its stream
// (then dst's writing side is closed: the FIN goes on) or a read or write
// fails (then the whole relay ends). fromUpstream says src is the
// upstream connection.
func (rl *relay) copy(dst, src net.Conn, fromUpstream bool, size int) {
	buf := make([]byte, size)
	for {
		n, err := src.Read(buf)
		if n == 0 && errors.Is(err, io.EOF) {
			// The FIN reached the relay now: a tapped dst counts its own
			// end from here, not from when the relay gets to pass it on.
			if e, ok := dst.(interface{ EndingAt(time.Time) }); ok {
				e.EndingAt(time.Now())
			}
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				rl.fail(!fromUpstream, werr)
				return
			}
		}
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF):
			if cerr := closeWrite(dst); cerr != nil && !rl.isAborted() {
				rl.fail(!fromUpstream, cerr)
			}
			return
		default:
			rl.fail(fromUpstream, err)
			return
		}
	}
}

// fail ends the relay after err on one of its connections (upstream says
// which). A reset by the client is passed on to the upstream as a reset;
// everything else closes both connections.
func (rl *relay) fail(upstream bool, err error) {
	rl.mu.Lock()
	already := rl.aborted
	rl.aborted = true
	up := rl.up
	rl.mu.Unlock()
	if already {
		return
	}
	if rl.r.Ended != nil && !errors.Is(err, net.ErrClosed) {
		rl.r.Ended(rl.client, upstream, err)
	}
	if !upstream && errors.Is(err, syscall.ECONNRESET) {
		if tc, ok := up.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // Close then sends a reset, as the client did
		}
	}
	rl.client.Close()
	if up != nil {
		up.Close()
	}
}

// abort closes both connections now, or stops the dial still under way
// (Serve is shutting down).
func (rl *relay) abort() {
	rl.mu.Lock()
	already := rl.aborted
	rl.aborted = true
	up := rl.up
	if rl.cancelDial != nil {
		rl.cancelDial()
	}
	rl.mu.Unlock()
	if already {
		return
	}
	rl.client.Close()
	if up != nil {
		up.Close()
	}
}

func (rl *relay) isAborted() bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return rl.aborted
}

// closeWrite ends c's writing side (a FIN), keeping its reading side open.
func closeWrite(c net.Conn) error {
	type closeWriter interface{ CloseWrite() error }
	if cw, ok := c.(closeWriter); ok {
		err := cw.CloseWrite()
		if errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrClosed) {
			return nil
		}
		return err
	}
	return errors.ErrUnsupported
}
