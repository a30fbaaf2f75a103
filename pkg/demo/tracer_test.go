package demo

import (
	"net"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// waitClosed returns once every tapped connection has been seen closing,
// and not before.
func TestTracerWaitClosed(t *testing.T) {
	tr := newTracer(nil, nil)
	tap := wiretap.New(tr)
	tr.waitClosed(time.Minute) // nothing open: returns at once

	for round := range 2 { // a second round reopens after an idle moment
		a1, b1 := net.Pipe()
		a2, b2 := net.Pipe()
		defer b1.Close()
		defer b2.Close()
		c1, c2 := tap.WrapClient(a1), tap.WrapClient(a2)
		c1.Close()
		go func() {
			time.Sleep(20 * time.Millisecond)
			c2.Close()
		}()
		tr.waitClosed(time.Minute)
		tr.mu.Lock()
		open := tr.open
		tr.mu.Unlock()
		if open != 0 {
			t.Fatalf("round %d: waitClosed returned with %d connections open", round, open)
		}
	}
}

// A write shown in the trace that then fails is followed by an error event
// saying its bytes did not cross.
func TestTracerShowsFailedWrite(t *testing.T) {
	rec := trace.NewRecorder()
	tr := newTracer(rec, nil)
	a, b := net.Pipe()
	b.Close()
	c := wiretap.New(tr).WrapClient(a)
	c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	c.Close()
	rec.Close()
	var got []string
	for _, e := range rec.Events() {
		got = append(got, string(e.Kind)+": "+e.Summary)
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, "http.request: GET /") || !strings.Contains(joined, "error: the client's write failed: 0 of the 27 bytes above were sent") {
		t.Fatalf("events:\n%s", joined)
	}
}
