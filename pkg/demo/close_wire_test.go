package demo

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// The kernel knows who closed a TCP connection first, independently of the
// tap: the side that sent the first FIN (the active closer) is the one left
// in TIME_WAIT (RFC 9293 §3.6.1). On Linux /proc/net/tcp lists those
// sockets, so a test can hold the tap's "closed by" against the wire's.

var reOpened = regexp.MustCompile(`opened: 127\.0\.0\.1:(\d+) → 127\.0\.0\.1:(\d+)`)

// timeWait reports which ends of the connection from client port cport to
// server port sport sit in TIME_WAIT, and whether the kernel can tell.
func timeWait(cport, sport int) (client, server, ok bool) {
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return false, false, false
	}
	// 127.0.0.1 in /proc/net/tcp's host-order hex, with the port after it.
	addr := func(port int) string { return fmt.Sprintf("0100007F:%04X", port) }
	for _, l := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(l)
		if len(f) < 4 || f[3] != "06" { // 06: TIME_WAIT
			continue
		}
		switch {
		case f[1] == addr(cport) && f[2] == addr(sport):
			client = true
		case f[1] == addr(sport) && f[2] == addr(cport):
			server = true
		}
	}
	return client, server, true
}

// wantClosedByWire checks every tapped connection of a run: its first
// tcp.close must name the side the kernel left in TIME_WAIT. A
// simultaneous close (both sides sent a FIN before seeing the other's)
// leaves both in TIME_WAIT; then the wire has no single first, and either
// answer stands.
func wantClosedByWire(t *testing.T, evs []trace.Event) {
	t.Helper()
	if _, _, ok := timeWait(0, 0); !ok {
		t.Skip("no /proc/net/tcp: the kernel's view of who closed first is not available")
	}
	first := map[int]string{}
	for _, e := range evs {
		if e.Kind == trace.KindTCPClose && e.TCP != nil && e.TCP.First {
			first[e.Conn] = e.From
		}
	}
	checked := 0
	for _, e := range evs {
		m := reOpened.FindStringSubmatch(e.Summary)
		if e.Kind != trace.KindTCPConnect || m == nil {
			continue
		}
		cport, _ := strconv.Atoi(m[1])
		sport, _ := strconv.Atoi(m[2])
		var client, server bool
		// The passive closer's FIN, sent as its side closed, reaches the
		// active closer within microseconds on loopback; bound the wait
		// generously for a loaded machine.
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if client, server, _ = timeWait(cport, sport); client || server {
				break
			}
		}
		var wire string
		switch {
		case client && server:
			t.Logf("conn %d: simultaneous close, both sides in TIME_WAIT", e.Conn)
			continue
		case client:
			wire = trace.Client
		case server:
			wire = trace.Server
		default:
			t.Errorf("conn %d: neither side in TIME_WAIT (a reset, or not closed?)", e.Conn)
			continue
		}
		checked++
		if got := first[e.Conn]; got != wire {
			t.Errorf("conn %d: the trace says closed by %q, the kernel's TIME_WAIT says the %s sent the first FIN", e.Conn, got, wire)
		}
	}
	if checked == 0 {
		t.Log("no connection had a single first closer to check")
	}
}
