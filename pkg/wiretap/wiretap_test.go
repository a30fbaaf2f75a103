package wiretap

import (
	"bytes"
	"context"
	"io"
	"net"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"wsdemo/pkg/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type record struct {
	mu     sync.Mutex
	opened []int
	data   map[wire.Sender]*bytes.Buffer
	order  []wire.Sender
	closed map[int]wire.Sender
}

func newRecord() *record {
	return &record{data: map[wire.Sender]*bytes.Buffer{wire.FromClient: {}, wire.FromServer: {}}, closed: map[int]wire.Sender{}}
}
func (r *record) Opened(c *Conn) { r.opened = append(r.opened, c.ID) }
func (r *record) Data(c *Conn, from wire.Sender, p []byte) {
	r.data[from].Write(p)
	r.order = append(r.order, from)
}
func (r *record) Closed(c *Conn, by wire.Sender) { r.closed[c.ID] = by }

// echoServer answers every read with "re:" + the bytes, then closes on EOF.
func echoServer(t *testing.T) (addr string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 64)
		for {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			c.Write(append([]byte("re:"), buf[:n]...))
		}
	}()
	return ln.Addr().String(), func() { ln.Close(); wg.Wait() }
}

func TestClientTapSeesBothDirectionsInOrder(t *testing.T) {
	addr, stop := echoServer(t)
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c, err := tap.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 5)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c.Close() // a second close reports nothing more
	if s := rec.data[wire.FromClient].String(); s != "hi" {
		t.Errorf("client→server = %q", s)
	}
	if s := rec.data[wire.FromServer].String(); s != "re:hi" {
		t.Errorf("server→client = %q", s)
	}
	if rec.order[0] != wire.FromClient {
		t.Errorf("first data was from %v, want client", rec.order[0])
	}
	if len(rec.opened) != 1 || rec.opened[0] != 1 {
		t.Errorf("opened = %v", rec.opened)
	}
	if by, ok := rec.closed[1]; !ok || by != wire.FromClient {
		t.Errorf("closed = %v", rec.closed)
	}
}

func TestServerTapNumbersConnsAndSeesPeerClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecord()
	tl := New(rec).Listen(ln)
	defer tl.Close()
	for i := 1; i <= 2; i++ {
		cc, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		sc, err := tl.Accept()
		if err != nil {
			t.Fatal(err)
		}
		cc.Write([]byte("x"))
		cc.Close()
		b, _ := io.ReadAll(sc)
		sc.Close()
		if string(b) != "x" {
			t.Fatalf("read %q", b)
		}
		if id := sc.(*Conn).ID; id != i {
			t.Fatalf("conn id %d, want %d", id, i)
		}
		if by := rec.closed[i]; by != wire.FromClient {
			t.Fatalf("conn %d closed by %v, want the client (EOF)", i, by)
		}
	}
	if s := rec.data[wire.FromClient].String(); s != "xx" {
		t.Errorf("client→server on the server tap = %q", s)
	}
}
