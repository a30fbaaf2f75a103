package demo

import (
	"net"
	"testing"
	"time"

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
