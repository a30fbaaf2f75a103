package demo

import (
	"fmt"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// MaxRTT is the longest round trip --rtt simulates: far beyond any real
// path (a geostationary satellite link is about 600 ms), short enough that a
// typo does not stall a demo for minutes.
const MaxRTT = 10 * time.Second

// Validate says what is wrong with the shared options, as a *FieldError:
// a simulated round trip (RTT) out of range, or too long for the timeout
// that bounds each network step. A step can wait for four trips: a TCP
// connect and a request and its answer take two round trips, and a long
// poll is held for half the timeout before it is answered.
func (c Common) Validate() error {
	rtt, timeout := c.RTT, c.timeout()
	switch {
	case c.Timeout < 0:
		return fieldErrorf(OptTimeout, "must be positive, got %s", c.Timeout)
	case rtt < 0:
		return fieldErrorf(OptRTT, "%v: a round trip cannot be negative", rtt)
	case rtt > MaxRTT:
		return fieldErrorf(OptRTT, "%v: at most %v", rtt, MaxRTT)
	case rtt > 0 && 4*rtt > timeout:
		return &FieldError{Field: OptRTT, With: []Option{OptTimeout},
			Err: conflict(fmt.Sprintf("%v needs a %%s of at least %v (a step may wait for two round trips and a held long poll), got %v", rtt, 4*rtt, timeout))}
	}
	return nil
}

// newTap returns a tap reporting to obs, at the simulated distance.
func (c Common) newTap(obs wiretap.Observer) *wiretap.Tap {
	t := wiretap.New(obs)
	t.RTT = max(c.RTT, 0)
	return t
}

// announceRTT records, before anything crosses, that the distance is
// simulated, so that no timing in the trace passes for loopback's. client
// names the tapped side, as the diagram's left lifeline.
func (c Common) announceRTT(rec *trace.Recorder, client string) {
	if c.RTT <= 0 {
		return
	}
	e := trace.Event{From: client, To: trace.Server, Kind: trace.KindNote}
	c.text().SetNote(&e, lang.M("Every tapped connection behaves as if its two ends were %v apart: each byte, and each close, arrives %v after it was sent, in the order sent, as on a long network path (a delay line, like Linux's netem). A new TCP connection takes a round trip before the client can send: the SYN and the SYN-ACK (RFC 9293 §3.5).", c.RTT, c.RTT/2),
		lang.M("The bytes still cross this machine's loopback; only the distance is simulated. Run without --rtt to compare."))
	// --rtt's value as typed (flag syntax); the half is a duration to read.
	e.Summary, e.SummaryMsg = lang.Both("--rtt %s: a simulated round trip, %v each way", c.RTT.String(), c.RTT/2)
	rec.Emit(e)
}

// withRTT adds the simulated round trip to a summary's stats (rtt_ms),
// when there is one.
func (c Common) withRTT(stats map[string]any) map[string]any {
	if c.RTT > 0 {
		stats["rtt_ms"] = ms(c.RTT)
	}
	return stats
}
