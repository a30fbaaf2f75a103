package testkit

import (
	"net"
	"sync"
	"testing"
)

// FreeAddr returns a loopback address that was free a moment ago and has
// nothing listening on it now: a server that is down, or a port to hand to
// --addr.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// ServeTCP accepts connections on a loopback port and runs serve on each,
// on a goroutine of its own, closing the connection when serve returns. It
// returns the address; when the test ends it closes the listener and waits
// for every serve to return. It is the hostile or hand-made peer tests
// write in a few lines: a flood, a reset, a frame after a 101.
func ServeTCP(t testing.TB, serve func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
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
				defer c.Close()
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
}
