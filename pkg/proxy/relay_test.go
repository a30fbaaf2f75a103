package proxy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"wsdemo/internal/testkit"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// serveOnce accepts connections on a loopback port and runs serve on each.
func serveOnce(t *testing.T, serve func(c *net.TCPConn)) string {
	return testkit.ServeTCP(t, func(c net.Conn) { serve(c.(*net.TCPConn)) })
}

// startRelay runs r on a loopback listener until the test ends.
func startRelay(t *testing.T, r *Relay) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// A half-close crosses the relay: the client's FIN reaches the server,
// which can still answer, and its own FIN then reaches the client; every
// byte arrives as sent, both ways.
func TestRelayPassesHalfCloses(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 20000) // more than one buffer
	to := serveOnce(t, func(c *net.TCPConn) {
		defer c.Close()
		got, err := io.ReadAll(c) // until the client's FIN
		if err != nil || !bytes.Equal(got, big) {
			t.Errorf("server read %d bytes, %v", len(got), err)
		}
		c.Write([]byte("answer after your FIN"))
	})
	addr := startRelay(t, &Relay{Upstream: to, Buffer: 1000})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write(big); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "answer after your FIN" {
		t.Fatalf("client read %q, %v", got, err)
	}
}

// The server may close first: its FIN reaches the client, which can still
// send until it closes too.
func TestRelayServerClosesFirst(t *testing.T) {
	to := serveOnce(t, func(c *net.TCPConn) {
		c.Write([]byte("bye"))
		c.CloseWrite()
		got, _ := io.ReadAll(c)
		if string(got) != "late words" {
			t.Errorf("server read %q after its FIN", got)
		}
		c.Close()
	})
	addr := startRelay(t, &Relay{Upstream: to})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "bye" {
		t.Fatalf("client read %q, %v", got, err)
	}
	c.Write([]byte("late words"))
	c.(*net.TCPConn).CloseWrite()
}

// An upstream nobody listens on: Refused says so, and the client's
// connection is closed.
func TestRelayRefused(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	down := ln.Addr().String()
	ln.Close()
	var mu sync.Mutex
	var refusals []error
	addr := startRelay(t, &Relay{Upstream: down, Refused: func(c net.Conn, err error) {
		mu.Lock()
		refusals = append(refusals, err)
		mu.Unlock()
	}})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if got, err := io.ReadAll(c); err != nil || len(got) != 0 {
		t.Fatalf("read %q, %v; want the connection closed", got, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(refusals) != 1 || !errors.Is(refusals[0], syscall.ECONNREFUSED) {
		t.Fatalf("refusals %v", refusals)
	}
}

// A client's reset is passed on to the upstream as a reset.
func TestRelayPassesAClientReset(t *testing.T) {
	reset := make(chan error, 1)
	arrived := make(chan struct{})
	to := serveOnce(t, func(c *net.TCPConn) {
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 5)
		if _, err := io.ReadFull(c, buf); err != nil {
			reset <- err
			return
		}
		close(arrived)
		_, err := io.ReadAll(c)
		reset <- err
	})
	addr := startRelay(t, &Relay{Upstream: to})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("hello"))
	select { // the relay is connected and copying
	case <-arrived:
	case err := <-reset:
		t.Fatal(err)
	}
	c.(*net.TCPConn).SetLinger(0)
	c.Close() // a reset
	if err := <-reset; !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("the server saw %v, want a reset", err)
	}
}

// Serve returns after its context ends: connections still open after the
// grace period are closed.
func TestRelayShutdownClosesOpenConnections(t *testing.T) {
	to := serveOnce(t, func(c *net.TCPConn) {
		defer c.Close()
		io.Copy(io.Discard, c) // never closes first
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	r := &Relay{Upstream: to, Grace: 50 * time.Millisecond}
	go func() { done <- r.Serve(ctx, ln) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("hi"))
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadAll(c); err != nil {
		t.Fatalf("the open connection was not closed: %v", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Fatal("still listening")
	}
}

// A relay still dialling an upstream that never answers when Serve shuts
// down stops dialling: Serve returns long before the dial would time out,
// and no refusal is reported for it.
func TestRelayShutdownStopsADial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dialling := make(chan struct{})
	refused := false
	r := &Relay{Upstream: "192.0.2.1:9", DialTimeout: time.Hour, Grace: 10 * time.Millisecond,
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			close(dialling)
			<-ctx.Done() // an upstream that never answers
			return nil, ctx.Err()
		},
		Refused: func(net.Conn, error) { refused = true },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Serve(ctx, ln) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	<-dialling
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Serve waited for the dial")
	}
	if refused {
		t.Error("a dial stopped by the shutdown was reported as refused")
	}
}

// An upstream nobody listens on, with BadGateway: an HTTP client gets a
// 502 Bad Gateway written by the relay, whole (no reset destroys it), that
// names why; a client that sends no HTTP gets nothing.
func TestRelayBadGateway(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	down := ln.Addr().String()
	ln.Close()
	addr := startRelay(t, &Relay{Upstream: down, BadGateway: true})
	for _, tc := range []struct{ req, want string }{
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 502 Bad Gateway\r\n"},
		// A body the relay never reads must not turn its close into a reset.
		{"POST /n HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 502 Bad Gateway\r\n"},
		{"\x16\x03\x01\x00\x05hello", ""},
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		c.Write([]byte(tc.req))
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil {
			t.Fatalf("%q: read %q, %v", tc.req, got, err)
		}
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: answered %q", tc.req, got)
			}
			continue
		}
		if !strings.HasPrefix(string(got), tc.want) || !strings.Contains(string(got), "Connection: close\r\n") ||
			!strings.Contains(string(got), "could not connect to "+down+" (connection refused)") {
			t.Errorf("%q: answered %q", tc.req, got)
		}
	}
}
