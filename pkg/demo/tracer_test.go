package demo

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// waitClosed returns once the last end of every tapped connection is
// recorded, and not before: here the client closes first, and the server's
// FIN follows a moment later, seen by the tap as it lingers.
func TestTracerWaitClosed(t *testing.T) {
	rec := trace.NewRecorder()
	// A slow annotator widens the gap between a close and its event.
	tr := newTracer(rec, func(e *trace.Event) {
		if e.Kind == trace.KindTCPClose {
			time.Sleep(5 * time.Millisecond)
		}
	}, lang.Text{})
	tap := wiretap.New(tr)
	defer tap.Wait()
	tr.waitClosed(time.Minute) // nothing open: returns at once

	// The server closes 20 ms after each client's FIN.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer ln.Close()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				io.Copy(io.Discard, c)
				time.Sleep(20 * time.Millisecond)
				c.Close()
			}()
		}
	}()

	for round := 1; round <= 2; round++ { // the second reopens after an idle moment
		c1 := dialTap(t, tap, ln.Addr().String())
		c2 := dialTap(t, tap, ln.Addr().String())
		c1.Close()
		go func() {
			time.Sleep(20 * time.Millisecond)
			c2.Close()
		}()
		tr.waitClosed(time.Minute)
		var ends []string
		for _, e := range rec.Events() {
			if e.Kind == trace.KindTCPClose {
				ends = append(ends, e.From)
			}
		}
		if len(ends) != 4*round || ends[len(ends)-1] != trace.Server {
			t.Fatalf("round %d: waitClosed returned with tcp.close events from %v, want %d ending with the servers' FINs", round, ends, 4*round)
		}
	}
}

func dialTap(t *testing.T, tap *wiretap.Tap, addr string) net.Conn {
	t.Helper()
	c, err := tap.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
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
