package demo

import (
	"context"
	"net"
	"time"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// Probe is the demos' tapped client side, lent to code outside this package
// that drives a client of its own against a server wsdemo does not own (the
// exercise checks of `wsdemo check`). Every connection it dials is tapped,
// decoded and recorded exactly as the demos record theirs: the same events,
// fields and TCP endings, so a check run draws the same annotated diagram.
//
// What a Probe does not do is decide anything: the code that drives it says
// what to send and judges what came back. Observe sees every event before it
// is recorded, so that code can keep the evidence of a step.
type Probe struct {
	tr  *tracer
	tap *wiretap.Tap
}

// ProbeOptions configures a Probe.
type ProbeOptions struct {
	// Lang is the language of the fields' meanings, as Common.Lang.
	Lang string
	// Timeout bounds each dial; 0 means DefaultTimeout.
	Timeout time.Duration
	// Observe, if set, is called with every event the tap produces, just
	// before it is recorded (from the goroutine that read or wrote the
	// bytes). It may add a note; it must not block.
	Observe Annotator
}

// NewProbe returns a Probe recording into rec.
func NewProbe(rec *trace.Recorder, o ProbeOptions) *Probe {
	c := Common{Lang: o.Lang, Timeout: o.Timeout}
	tr := newTracer(rec, o.Observe, c.text())
	// The probed server is the learner's, not wsdemo's demo server: the
	// HTTP meanings are the RFCs' (a POST is not "create a note" there).
	tr.foreign = true
	tap := c.newTap(tr)
	tap.Dialer.Timeout = c.timeout()
	return &Probe{tr: tr, tap: tap}
}

// Dial opens a tapped TCP connection to addr (host:port). What the caller
// writes on it is recorded as the client's, what it reads as the server's.
func (p *Probe) Dial(ctx context.Context, addr string) (net.Conn, error) {
	return p.tap.DialContext(ctx, "tcp", addr)
}

// Settle waits until the tap has recorded how every connection it dialled
// ended (both FINs, a reset, or the end of its watch), or d has passed (0
// means the demos' own wait): the trace then shows each connection closing
// before whatever the caller records next.
func (p *Probe) Settle(d time.Duration) { p.tr.waitClosed(d) }

// Hurry stops watching for the peers' FINs, for a caller that must stop
// promptly (Ctrl-C): connections still open are reported as such.
func (p *Probe) Hurry() { p.tap.Hurry() }

// Close waits until no goroutine of the tap is left: call it once every
// connection has been closed.
func (p *Probe) Close() { p.tap.Wait() }
