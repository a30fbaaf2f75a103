package wiretap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

// failRecord is a record that also hears of failed writes.
type failRecord struct {
	*record
	failed []string
}

func (r *failRecord) WriteFailed(c *Conn, from wire.Sender, n, size int, err error) {
	r.failed = append(r.failed, fmt.Sprintf("%s %d/%d %v", from, n, size, errors.Is(err, io.ErrClosedPipe)))
}

// A write that fails after it was reported is reported as failed, to an
// observer that asks; a plain Observer is not required to.
func TestWriteFailureIsReported(t *testing.T) {
	r := &failRecord{record: newRecord()}
	a, b := net.Pipe()
	b.Close() // every write on a now fails
	c := New(r).WrapClient(a)
	defer c.Close()
	if _, err := c.Write([]byte("lost")); err == nil {
		t.Fatal("write to a closed pipe succeeded")
	}
	if got := r.data[wire.FromClient].String(); got != "lost" {
		t.Errorf("data reported %q, want the write's bytes", got)
	}
	if len(r.failed) != 1 || r.failed[0] != "client 0/4 true" {
		t.Errorf("failures %q, want one: client 0/4 with the pipe's error", r.failed)
	}

	plain := newRecord()
	a2, b2 := net.Pipe()
	b2.Close()
	c2 := New(plain).WrapClient(a2)
	defer c2.Close()
	if _, err := c2.Write([]byte("x")); err == nil {
		t.Fatal("write to a closed pipe succeeded")
	}
}
