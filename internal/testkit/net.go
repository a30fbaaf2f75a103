package testkit

import (
	"net"
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
