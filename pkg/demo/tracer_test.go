package demo

import (
	"net"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// waitClosed returns once every tapped connection has been seen closing
// and its tcp.close recorded, and not before.
func TestTracerWaitClosed(t *testing.T) {
	rec := trace.NewRecorder()
	// A slow annotator widens the gap between a close and its event.
	tr := newTracer(rec, func(e *trace.Event) {
		if e.Kind == trace.KindTCPClose {
			time.Sleep(5 * time.Millisecond)
		}
	}, lang.Text{})
	tap := wiretap.New(tr)
	tr.waitClosed(time.Minute) // nothing open: returns at once

	for round := 1; round <= 2; round++ { // the second reopens after an idle moment
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
		closes := 0
		for _, e := range rec.Events() {
			if e.Kind == trace.KindTCPClose {
				closes++
			}
		}
		if closes != 2*round {
			t.Fatalf("round %d: waitClosed returned with %d of %d tcp.close events recorded", round, closes, 2*round)
		}
	}
}

// A write shown in the trace that then fails is followed by an error event
// saying its bytes did not cross.
func TestTracerShowsFailedWrite(t *testing.T) {
	rec := trace.NewRecorder()
	tr := newTracer(rec, nil, lang.Text{})
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
	if !strings.Contains(joined, "http.request: GET /") || !strings.Contains(joined, "error: the client's write of 27 bytes failed after 0 were written to the socket") {
		t.Fatalf("events:\n%s", joined)
	}
}
