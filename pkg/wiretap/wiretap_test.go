package wiretap

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"wsdemo/pkg/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errReset = syscall.ECONNRESET

// record is an Observer that keeps everything, in order.
type record struct {
	mu     sync.Mutex
	opened []int
	data   map[wire.Sender]*bytes.Buffer
	order  []wire.Sender
	ends   map[int][]End
	log    []string // "data server 3", "end server fin first" ... in call order
	last   chan struct{}
}

func newRecord() *record {
	return &record{data: map[wire.Sender]*bytes.Buffer{wire.FromClient: {}, wire.FromServer: {}},
		ends: map[int][]End{}, last: make(chan struct{}, 16)}
}
func (r *record) Opened(c *Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opened = append(r.opened, c.ID)
}
func (r *record) Data(c *Conn, from wire.Sender, p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.data[from].Write(p)
	r.order = append(r.order, from)
	r.log = append(r.log, fmt.Sprintf("data %s %q", from, p))
}
func (r *record) Ended(c *Conn, e End) {
	r.mu.Lock()
	r.ends[c.ID] = append(r.ends[c.ID], e)
	r.log = append(r.log, "end "+endString(e))
	r.mu.Unlock()
	if e.Last {
		r.last <- struct{}{}
	}
}

// endString is an End without its time: "server fin first waiting".
func endString(e End) string {
	s := e.Side.String() + " " + e.Kind.String()
	if e.First {
		s += " first"
	}
	if e.Last {
		s += " last"
	}
	if e.Waiting {
		s += " waiting"
	}
	return s
}

// endsOf returns conn id's ends as strings.
func (r *record) endsOf(id int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.ends[id] {
		out = append(out, endString(e))
	}
	return out
}

func (r *record) logged() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.log, "\n")
}

// waitLast waits for a connection's last End, failing the test after a
// generous bound (this is a hang detector, not a timing assertion).
func (r *record) waitLast(t *testing.T) {
	t.Helper()
	select {
	case <-r.last:
	case <-time.After(10 * time.Second):
		t.Fatalf("no last End; so far:\n%s", r.logged())
	}
}

func wantEnds(t *testing.T, r *record, id int, want ...string) {
	t.Helper()
	if got := r.endsOf(id); strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("conn %d ends:\n got %q\nwant %q\nlog:\n%s", id, got, want, r.logged())
	}
}

// rawServer accepts one connection and runs serve on it.
func rawServer(t *testing.T, serve func(c *net.TCPConn)) (addr string, stop func()) {
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
		serve(c.(*net.TCPConn))
	}()
	return ln.Addr().String(), func() { ln.Close(); wg.Wait() }
}

func dial(t *testing.T, tap *Tap, addr string) *Conn {
	t.Helper()
	c, err := tap.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*Conn)
}

// The echo server answers every read with "re:" + the bytes and closes only
// after the client's FIN: the client's FIN is first, the server's follows,
// and the tap sees it by lingering after its half-close.
func TestClientClosesFirstAndSeesTheServerFollow(t *testing.T) {
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		defer c.Close()
		buf := make([]byte, 64)
		for {
			n, err := c.Read(buf)
			if err != nil {
				return // the client's FIN: now close
			}
			c.Write(append([]byte("re:"), buf[:n]...))
		}
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 5)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v, want net.ErrClosed", err)
	}
	rec.waitLast(t)
	tap.Wait()
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
	wantEnds(t, rec, 1, "client fin first", "server fin last")
	ends := rec.ends[1]
	if ends[1].At.Before(ends[0].At) {
		t.Errorf("the follower's FIN is dated before the first")
	}
}

// HTTP with Connection: close in miniature: the server sends its answer and
// closes at once. The client reads the answer but not the end of the stream
// (as net/http does), then closes: the server's FIN was first, already
// waiting, and the client's follows. The old tap said "closed by the client".
func TestServerClosesFirstUnread(t *testing.T) {
	served := make(chan struct{})
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		c.Write([]byte("answer"))
		c.Close()
		close(served)
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	got := make([]byte, 6)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	<-served
	// The FIN is on its way on loopback; let it land before the client
	// closes, so this test is about a FIN that waits unread.
	waitFor(t, func() bool { return peek(rawSocket(c.Conn)) == peekEOF })
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	wantEnds(t, rec, 1, "server fin first waiting", "client fin last")
}

// The same, with the application reading to the end: the server's FIN is
// seen when the Read returns EOF, not found later.
func TestServerClosesFirstRead(t *testing.T) {
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		c.Write([]byte("answer"))
		c.Close()
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	b, err := io.ReadAll(c)
	if err != nil || string(b) != "answer" {
		t.Fatalf("read %q, %v", b, err)
	}
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	wantEnds(t, rec, 1, "server fin first", "client fin last")
}

// Bytes the application never read crossed all the same: Close reports
// them before the FIN that followed them.
func TestCloseReportsUnreadBytes(t *testing.T) {
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		c.Write([]byte("never read"))
		c.Close()
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	waitFor(t, func() bool { return peek(rawSocket(c.Conn)) == peekData })
	time.Sleep(10 * time.Millisecond) // let the FIN follow its bytes (either way the order holds)
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	if s := rec.data[wire.FromServer].String(); s != "never read" {
		t.Errorf("server→client = %q, want the unread bytes", s)
	}
	log := rec.logged()
	if i, j := strings.Index(log, "data server"), strings.Index(log, "end server fin first"); i < 0 || j < i {
		t.Errorf("want the bytes, then the server's FIN first:\n%s", log)
	}
}

// A peer that waits for the client's FIN and then still sends: the tap,
// half-closed, reports those bytes and then the FIN that follows them.
func TestBytesAfterTheClientsFIN(t *testing.T) {
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		defer c.Close()
		io.Copy(io.Discard, c) // until the client's FIN
		c.Write([]byte("bye"))
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	want := "end client fin first\ndata server \"bye\"\nend server fin last"
	if got := rec.logged(); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
}

// resetServer aborts the connection (SO_LINGER 0: close sends RST).
func resetServer(c *net.TCPConn) {
	c.SetLinger(0)
	c.Close()
}

// A reset is reported as a reset, by the side that sent it, whether the
// application reads it or Close finds it.
func TestPeerReset(t *testing.T) {
	for _, tc := range []struct {
		name string
		read bool
	}{{"read", true}, {"found at close", false}} {
		t.Run(tc.name, func(t *testing.T) {
			addr, stop := rawServer(t, func(c *net.TCPConn) {
				c.Read(make([]byte, 1)) // wait for the client's byte
				resetServer(c)
			})
			defer stop()
			rec := newRecord()
			tap := New(rec)
			c := dial(t, tap, addr)
			c.Write([]byte("x"))
			if tc.read {
				if _, err := c.Read(make([]byte, 8)); !isReset(err) {
					t.Fatalf("read: %v, want a reset", err)
				}
			} else {
				if _, ok := tcpClosed(c.Conn.(*net.TCPConn)); !ok {
					t.Skip("no way to see the reset land without consuming it")
				}
				waitFor(t, func() bool { closed, _ := tcpClosed(c.Conn.(*net.TCPConn)); return closed })
			}
			c.Close()
			rec.waitLast(t)
			tap.Wait()
			want := "server reset first last"
			if !tc.read {
				want += " waiting"
			}
			wantEnds(t, rec, 1, want)
		})
	}
}

// A peer that never closes: the linger is bounded, and says so.
func TestPeerNeverCloses(t *testing.T) {
	release := make(chan struct{})
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		<-release
		c.Close()
	})
	defer stop()
	defer close(release)
	rec := newRecord()
	tap := New(rec)
	tap.Linger = 50 * time.Millisecond
	c := dial(t, tap, addr)
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	wantEnds(t, rec, 1, "client fin first", "server open last")
}

// Hurry ends the wait for a peer that never closes, now and for every
// later Close: the peer is reported as still open.
func TestHurry(t *testing.T) {
	release := make(chan struct{})
	var wg sync.WaitGroup
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); <-release; c.Close() }()
		}
	}()
	defer func() { ln.Close(); wg.Wait() }()
	defer close(release)
	rec := newRecord()
	tap := New(rec)
	tap.Linger = time.Hour // only Hurry can end these waits within the test
	c1 := dial(t, tap, ln.Addr().String())
	c2 := dial(t, tap, ln.Addr().String())
	c1.Close()
	tap.Hurry()
	rec.waitLast(t)
	c2.Close() // after Hurry: no wait at all
	rec.waitLast(t)
	tap.Wait()
	wantEnds(t, rec, 1, "client fin first", "server open last")
	wantEnds(t, rec, 2, "client fin first", "server open last")
}

// A Read blocked when the application closes returns at once with the
// error of a closed connection, long before the linger ends; later Reads
// and Writes fail the same way and report nothing.
func TestCloseEndsABlockedRead(t *testing.T) {
	release := make(chan struct{})
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		<-release
		c.Close()
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	tap.Linger = time.Hour // a Read waiting for the linger would hang the test
	c := dial(t, tap, addr)
	readErr := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 8))
		readErr <- err
	}()
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.readers == 1 })
	c.Close()
	select {
	case err := <-readErr:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("blocked Read returned %v, want net.ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a Read blocked at Close did not return")
	}
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read after Close: %v", err)
	}
	if _, err := c.Write([]byte("late")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := c.SetReadDeadline(time.Now()); !errors.Is(err, net.ErrClosed) {
		t.Errorf("SetReadDeadline after Close: %v", err)
	}
	close(release) // now the server closes: the linger ends with its FIN
	rec.waitLast(t)
	stop()
	tap.Wait()
	wantEnds(t, rec, 1, "client fin first", "server fin last")
	if s := rec.data[wire.FromClient].String(); s != "" {
		t.Errorf("a write after Close was reported: %q", s)
	}
}

// On the server side the tap works the same way round: a client that ends
// first is seen by EOF, and the server's close follows.
func TestServerTapNumbersConnsAndSeesPeerClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecord()
	tap := New(rec)
	tl := tap.Listen(ln)
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
		rec.waitLast(t)
		if string(b) != "x" {
			t.Fatalf("read %q", b)
		}
		if id := sc.(*Conn).ID; id != i {
			t.Fatalf("conn id %d, want %d", id, i)
		}
		wantEnds(t, rec, i, "client fin first", "server fin last")
	}
	tap.Wait()
	if s := rec.data[wire.FromClient].String(); s != "xx" {
		t.Errorf("client→server on the server tap = %q", s)
	}
}

// A server that closes first, tapped on its side: its own FIN is first,
// and the client's follows while the tap lingers.
func TestServerTapClosesFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecord()
	tap := New(rec)
	tl := tap.Listen(ln)
	defer tl.Close()
	cc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := tl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	sc.Write([]byte("bye"))
	sc.Close()
	b, _ := io.ReadAll(cc) // the client reads to the server's FIN, then closes
	cc.Close()
	rec.waitLast(t)
	tap.Wait()
	if string(b) != "bye" {
		t.Fatalf("client read %q", b)
	}
	wantEnds(t, rec, 1, "server fin first", "client fin last")
}

// An http.Server closes in stages through CloseWrite, which a tapped conn
// offers and reports (RFC 9112 §9.6).
func TestCloseWriteIsTheLocalFIN(t *testing.T) {
	addr, stop := rawServer(t, func(c *net.TCPConn) {
		defer c.Close()
		io.Copy(io.Discard, c)
	})
	defer stop()
	rec := newRecord()
	tap := New(rec)
	c := dial(t, tap, addr)
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); err == nil {
		t.Error("Write after CloseWrite succeeded")
	}
	if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
		t.Errorf("read %q, %v", b, err)
	}
	c.Close()
	rec.waitLast(t)
	tap.Wait()
	wantEnds(t, rec, 1, "client fin first", "server fin last")
}

// Over TLS the tap sits above TLS: the server's close_notify and FIN are
// found at Close as the server's end, and the client's own close lingers
// for the server's the other way round.
func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.StartTLS()
	defer srv.Close()
	cert := srv.TLS.Certificates[0]
	clientConfig := srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	clientConfig.ServerName = "127.0.0.1"

	for _, serverFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("server first %v", serverFirst), func(t *testing.T) {
			ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
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
				c.Write([]byte("hello"))
				if !serverFirst {
					io.Copy(io.Discard, c) // until the client's close_notify
				}
			}()
			defer func() { ln.Close(); wg.Wait() }()

			rec := newRecord()
			tap := New(rec)
			raw, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			tc := tls.Client(raw, clientConfig)
			if err := tc.Handshake(); err != nil {
				raw.Close()
				t.Fatal(err)
			}
			c := tap.WrapClient(tc)
			got := make([]byte, 5)
			if _, err := io.ReadFull(c, got); err != nil {
				t.Fatal(err)
			}
			if serverFirst {
				waitFor(t, func() bool { return peek(rawSocket(tc)) == peekEOF || peek(rawSocket(tc)) == peekData })
				time.Sleep(10 * time.Millisecond)
			}
			c.Close()
			rec.waitLast(t)
			tap.Wait()
			if serverFirst {
				wantEnds(t, rec, 1, "server fin first waiting", "client fin last")
			} else {
				wantEnds(t, rec, 1, "client fin first", "server fin last")
			}
			if s := rec.data[wire.FromServer].String(); s != "hello" {
				t.Errorf("server→client = %q", s)
			}
		})
	}
}

// chunkConn returns its bytes together with an error, as a Read may.
type chunkConn struct {
	net.Conn
	p   []byte
	err error
}

func (c *chunkConn) Read(p []byte) (int, error) {
	n := copy(p, c.p)
	c.p = c.p[n:]
	return n, c.err
}

// Bytes that come with an error are reported, and so is the end the error
// says: EOF is the peer's FIN, a reset its reset.
func TestBytesWithAnError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{io.EOF, "server fin first"},
		{&net.OpError{Op: "read", Err: fmt.Errorf("read: %w", errReset)}, "server reset first last"},
	} {
		a, b := net.Pipe()
		rec := newRecord()
		c := New(rec).WrapClient(&chunkConn{Conn: a, p: []byte("last words"), err: tc.err})
		n, err := c.Read(make([]byte, 64))
		if n != 10 || err == nil {
			t.Errorf("read %d, %v", n, err)
		}
		if s := rec.data[wire.FromServer].String(); s != "last words" {
			t.Errorf("reported %q", s)
		}
		if got := rec.endsOf(1); len(got) == 0 || got[0] != tc.want {
			t.Errorf("ends %q, want %q first", got, tc.want)
		}
		c.Close()
		b.Close()
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

// waitFor polls cond: a test's precondition that the kernel reaches on its
// own within microseconds, bounded generously.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

// A peer that closes as soon as it reads the local FIN, while another
// goroutine reads the tapped conn (a relay): the peer's FIN answers the
// local one, so the local FIN is reported first, every time, even when the
// reader gets the peer's EOF before CloseWrite has returned.
func TestCloseWriteWithAConcurrentReader(t *testing.T) {
	for i := range 200 {
		addr, stop := rawServer(t, func(c *net.TCPConn) {
			io.Copy(io.Discard, c) // until the client's FIN
			c.Close()
		})
		rec := newRecord()
		tap := New(rec)
		c := dial(t, tap, addr)
		read := make(chan struct{})
		go func() {
			defer close(read)
			io.Copy(io.Discard, c) // until the server's FIN
		}()
		if err := c.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		<-read
		c.Close()
		rec.waitLast(t)
		tap.Wait()
		stop()
		if got := rec.endsOf(1); len(got) != 2 || got[0] != "client fin first" {
			t.Fatalf("run %d: ends %q; the client's FIN came first", i, got)
		}
	}
}

// A relay passes on a FIN it read elsewhere at a moment of its own: when
// the peer's FIN arrives after that moment but before the relay gets to
// CloseWrite (the relay is slow, or busy), the local end still came first.
// And a peer FIN read before that moment came first, whatever the order
// of the calls.
func TestEndingAtDecidesWhoClosedFirst(t *testing.T) {
	for _, peerFirst := range []bool{false, true} {
		peerDone := make(chan struct{})
		addr, stop := rawServer(t, func(c *net.TCPConn) {
			c.CloseWrite() // the peer ends its stream at once
			close(peerDone)
			io.Copy(io.Discard, c)
			c.Close()
		})
		rec := newRecord()
		tap := New(rec)
		c := dial(t, tap, addr)
		var relayed time.Time
		if !peerFirst {
			relayed = time.Now() // the relay read its FIN before the peer's could arrive
			c.EndingAt(relayed)
		}
		<-peerDone
		if _, err := io.ReadAll(c); err != nil { // the peer's FIN, reported now
			t.Fatal(err)
		}
		if peerFirst {
			c.EndingAt(time.Now())
		}
		if err := c.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		c.Close()
		rec.waitLast(t)
		tap.Wait()
		stop()
		want := []string{"client fin first", "server fin last"}
		if peerFirst {
			want = []string{"server fin first", "client fin last"}
		}
		wantEnds(t, rec, 1, want...)
	}
}
