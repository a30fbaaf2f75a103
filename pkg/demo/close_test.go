package demo

import (
	"strings"
	"testing"

	"wsdemo/pkg/trace"
)

// closeEvents returns each connection's tcp.close events, in order.
func closeEvents(evs []trace.Event) map[int][]trace.Event {
	out := map[int][]trace.Event{}
	for _, e := range evs {
		if e.Kind == trace.KindTCPClose {
			out[e.Conn] = append(out[e.Conn], e)
		}
	}
	return out
}

// Every connection of a scenario ends with one first end (who closed it)
// and, unless that was a reset, one more for the other side; the closes
// the trace reports are the closes the kernel saw. The old tap said
// "closed by the client" for every one of these, where the kernel mostly
// saw the server's FIN first (all but http with keep-alive, and the
// refused handshake, which the client does close first).
func TestScenariosClosedByWhatTheWireDid(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T) []trace.Event
	}{
		{"http --no-keepalive", func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{NoKeepAlive: true}) }},
		{"http", func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{}) }},
		{"handshake", func(t *testing.T) []trace.Event { return mustRecord(t, RunHandshake, HandshakeOptions{}) }},
		{"handshake --case bad-version", func(t *testing.T) []trace.Event {
			return mustRecord(t, RunHandshake, HandshakeOptions{Case: "bad-version"})
		}},
		{"duplex", func(t *testing.T) []trace.Event {
			return mustRecord(t, RunDuplex, DuplexOptions{Messages: 1, Interval: 1})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := tc.run(t)
			closes := closeEvents(evs)
			if len(closes) == 0 {
				t.Fatal("no tcp.close")
			}
			for conn, cs := range closes {
				if !cs[0].TCP.First || (len(cs) > 1 && cs[1].TCP.First) || len(cs) > 2 {
					t.Errorf("conn %d: closes %v", conn, summaries(cs))
				}
				if len(cs) == 2 && cs[0].From == cs[1].From {
					t.Errorf("conn %d: both ends from %s", conn, cs[0].From)
				}
				for _, c := range cs {
					t.Logf("%s [%s]", c.Summary, c.Note)
				}
				// A note on the first end names the side that closed, and
				// never the other one as the closer.
				if note := strings.ToLower(cs[0].Note); note != "" {
					from, other := cs[0].From, trace.Server
					if from == trace.Server {
						other = trace.Client
					}
					said := func(side string) bool {
						return strings.Contains(note, side+" closed") || strings.Contains(note, side+" reset")
					}
					if !said(from) || said(other) {
						t.Errorf("conn %d closed by the %s, but its note says: %s", conn, from, cs[0].Note)
					}
				}
			}
			wantClosedByWire(t, evs)
		})
	}
}

func summaries(evs []trace.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Summary)
	}
	return out
}
