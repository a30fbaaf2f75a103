package neterr

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

func TestCause(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = net.Dial("tcp", addr)
	if err == nil {
		t.Skip("something listens on a port just freed")
	}
	got := Cause(err)
	if got.Error() != "connection refused" || !errors.Is(got, syscall.ECONNREFUSED) {
		t.Errorf("Cause(%q) = %q", err, got)
	}
	plain := errors.New("plain")
	if Cause(plain) != plain {
		t.Error("an error without the prefixes changed")
	}
}
