package demo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// The --rtt tests assert lower bounds only: nothing can arrive sooner than
// the simulated distance allows, however loaded the machine; later is always
// possible.

const testRTT = 100 * time.Millisecond

func TestCommonValidatesRTT(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rtt, timeout time.Duration
		want         string // "" for valid
	}{
		{0, DefaultTimeout, ""},
		{100 * time.Millisecond, DefaultTimeout, ""},
		{2500 * time.Millisecond, DefaultTimeout, ""},
		{-time.Millisecond, DefaultTimeout, "RTT -1ms: a round trip cannot be negative"},
		{MaxRTT + time.Millisecond, time.Hour, "RTT 10.001s: at most 10s"},
		{3 * time.Second, DefaultTimeout, "RTT 3s needs a Timeout of at least 12s"},
		{3 * time.Second, 12 * time.Second, ""},
	} {
		err := Common{RTT: tc.rtt, Timeout: tc.timeout}.Validate()
		var fe *FieldError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("rtt %v, timeout %v: %v, want nil", tc.rtt, tc.timeout, err)
		case tc.want != "" && (!errors.As(err, &fe) || fe.Field != OptRTT || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("rtt %v, timeout %v: %v, want an RTT FieldError saying %q", tc.rtt, tc.timeout, err, tc.want)
		}
	}
}

// opensWithRTTNote checks that the trace says first that the distance is
// simulated, from the side the diagram draws on the left.
func opensWithRTTNote(t *testing.T, evs []trace.Event, client string) {
	t.Helper()
	if len(evs) == 0 || evs[0].Kind != trace.KindNote || !strings.Contains(evs[0].Summary, "simulated round trip") || evs[0].From != client {
		t.Errorf("first event is not the simulated RTT note from %s: %+v", client, evs[0])
	}
}

// With --rtt, an HTTP round trip takes at least the RTT on the wire, as the
// client-side tap saw it: each response arrives no sooner than one RTT after
// its request left. The summary says what was simulated, in rtt_ms.
func TestHTTPWithRTTTakesARoundTripPerRequest(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{Common: Common{Timeout: 5 * time.Second, RTT: testRTT}})
	opensWithRTTNote(t, evs, trace.Client)
	var sent int64 = -1
	pairs := 0
	for _, e := range evs {
		switch e.Kind {
		case trace.KindTCPConnect:
			if e.TUS < testRTT.Microseconds() {
				t.Errorf("TCP connection opened at %d µs, before a round trip (SYN, SYN-ACK) could have passed", e.TUS)
			}
		case trace.KindHTTPRequest:
			sent = e.TUS
		case trace.KindHTTPResponse:
			if sent < 0 {
				t.Fatalf("seq %d: a response before any request", e.Seq)
			}
			if took := time.Duration(e.TUS-sent) * time.Microsecond; took < testRTT {
				t.Errorf("seq %d: %s came %v after its request, less than the RTT %v", e.Seq, e.Summary, took, testRTT)
			}
			pairs++
			sent = -1
		}
	}
	if pairs != 5 {
		t.Errorf("%d request/response pairs, want 5", pairs)
	}
	sum := kinds(evs, trace.KindSummary)
	if len(sum) != 1 {
		t.Fatalf("%d summaries", len(sum))
	}
	if got := sum[0].Stats["rtt_ms"]; got != 100.0 {
		t.Errorf("rtt_ms = %v, want 100", got)
	}
	for _, tm := range sum[0].Stats["timings"].([]map[string]any) {
		if wait := tm["first_byte_ms"].(float64) - tm["wrote_ms"].(float64); wait < 100 {
			t.Errorf("%s: first byte %v ms after the request was written, less than the RTT", tm["request"], wait)
		}
	}
	if !strings.Contains(sum[0].Note, "a request waits a whole round trip") {
		t.Errorf("summary note does not say what the distance cost: %s", sum[0].Note)
	}
}

// Without --rtt nothing is simulated and nothing says so.
func TestNoRTTNoNote(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{Common: Common{Timeout: 5 * time.Second}})
	for _, e := range evs {
		if strings.Contains(e.Summary, "--rtt") || strings.Contains(e.Note, "simulated") || e.Stats["rtt_ms"] != nil {
			t.Errorf("seq %d mentions a simulated distance without --rtt: %s %s", e.Seq, e.Summary, e.Note)
		}
	}
}

// realtime at a distance: a WebSocket push, a long poll's answer and a
// poll's answer all reach tab B at least half a round trip after the edit
// (the server's message must travel one way); refresh's reload opens a new
// connection and asks, two round trips. The conclusion says the distance
// was simulated.
func TestRealtimeWithRTTLatencyFloors(t *testing.T) {
	opts := RealtimeOptions{Common: Common{RTT: testRTT}, Edits: 4, Every: 50 * time.Millisecond, PollInterval: 100 * time.Millisecond}
	evs := runRealtime(t, opts)
	opensWithRTTNote(t, evs, tabB)
	by, order, comparison := strategySummaries(t, evs)
	if len(order) != len(RealtimeStrategies) {
		t.Fatalf("summaries for %v", order)
	}
	floors := map[string]float64{
		"websocket": 50, "long-poll": 50, "poll": 50, "tcp-floor": 50,
		"refresh": 200, // one Every after the last edit, then the connect and the request
	}
	for name, floor := range floors {
		s := by[name]
		if num(t, s, "rtt_ms") != 100 {
			t.Errorf("%s: rtt_ms = %v", name, s["rtt_ms"])
		}
		lat, _ := s["latencies_ms"].([]any)
		if len(lat) != 4 {
			t.Errorf("%s: %d latencies, want 4", name, len(lat))
		}
		for i, l := range lat {
			if l.(float64) < floor {
				t.Errorf("%s: edit %d reached tab B after %v ms, less than the %v ms the distance allows", name, i+1, l, floor)
			}
		}
	}
	if !strings.Contains(comparison.Note, "Simulated distance: every byte took 50ms each way (--rtt 100ms)") {
		t.Errorf("the conclusion does not say the distance was simulated: %s", comparison.Note)
	}
	if comparison.Stats["rtt_ms"] != 100.0 {
		t.Errorf("comparison rtt_ms = %v", comparison.Stats["rtt_ms"])
	}
}

// Every demo runs at a distance to its end: the handshake and the duplex
// conversation (a closing handshake, pings, pushes) finish and close cleanly,
// and say first that the distance is simulated.
func TestHandshakeAndDuplexWithRTT(t *testing.T) {
	c := Common{Timeout: 5 * time.Second, RTT: 60 * time.Millisecond}
	hs := mustHandshake(t, HandshakeOptions{Common: c})
	opensWithRTTNote(t, hs, trace.Client)
	opts := fast
	opts.Common = c
	dx := runDuplex(t, opts)
	opensWithRTTNote(t, dx, trace.Client)
	refused, _ := runHandshake(t, HandshakeOptions{Common: c, Case: "no-upgrade"})
	opensWithRTTNote(t, refused, trace.Client)
	if len(kinds(refused, trace.KindHTTPResponse)) != 1 {
		t.Errorf("handshake --case no-upgrade at a distance: no refusal recorded")
	}
	big := fast
	big.Common, big.TooBig = c, true
	runDuplex(t, big) // its 64-bit length frame queues whole; goleak checks it all stops
	for name, evs := range map[string][]trace.Event{"handshake": hs, "duplex": dx} {
		if n := len(kinds(evs, trace.KindError)); n > 0 {
			t.Errorf("%s: %d errors at a distance: %v", name, n, kinds(evs, trace.KindError)[0].Summary)
		}
		if len(kinds(evs, trace.KindTCPClose)) == 0 {
			t.Errorf("%s: the connection was not seen closing", name)
		}
		sum := kinds(evs, trace.KindSummary)
		if len(sum) == 0 || sum[len(sum)-1].Stats["rtt_ms"] != 60.0 {
			t.Errorf("%s: the summary lacks rtt_ms 60", name)
		}
	}
}
