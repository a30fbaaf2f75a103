package wiretap

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/wire"
)

// The delay tests assert lower bounds (nothing arrives before it is due),
// order and content. Those hold however loaded the machine is; only one
// test, which tells a delay line from a pause before each write, needs an
// upper bound, and it is generous.

// peer accepts one connection on loopback and runs serve on it.
func peer(t *testing.T, serve func(net.Conn)) (addr string, wait func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer ln.Close()
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	}()
	return ln.Addr().String(), wg.Wait
}

func dialDelayed(t *testing.T, addr string, rtt time.Duration) net.Conn {
	t.Helper()
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return Delay(raw, rtt)
}

// An answer cannot come back before the question got there: a round trip
// takes at least the RTT.
func TestDelayRoundTripTakesAtLeastTheRTT(t *testing.T) {
	const rtt = 200 * time.Millisecond
	addr, wait := peer(t, func(c net.Conn) {
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err != nil {
			return
		}
		c.Write(append([]byte("re:"), buf...))
	})
	defer wait()
	c := dialDelayed(t, addr, rtt)
	defer c.Close()
	start := time.Now()
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 7)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < rtt {
		t.Errorf("the answer came back after %v, less than the RTT %v", took, rtt)
	}
	if string(got) != "re:ping" {
		t.Errorf("read %q", got)
	}
}

// Back-to-back writes travel together, each one way late: a delay line, not
// a pause before each write. The peer sees each byte no sooner than one way
// after it was written, in the order written.
func TestDelayIsALineNotAPause(t *testing.T) {
	const rtt = time.Second
	oneWay := rtt / 2
	type arrival struct {
		b  byte
		at time.Time
	}
	got := make(chan arrival, 3)
	addr, wait := peer(t, func(c net.Conn) {
		buf := make([]byte, 1)
		for range 3 {
			if _, err := c.Read(buf); err != nil {
				return
			}
			got <- arrival{buf[0], time.Now()}
		}
	})
	defer wait()
	c := dialDelayed(t, addr, rtt)
	defer c.Close()
	var wrote [3]time.Time
	for i, b := range []byte("abc") {
		wrote[i] = time.Now()
		if _, err := c.Write([]byte{b}); err != nil {
			t.Fatal(err)
		}
	}
	// A pause of one way before each write would make this 3×oneWay.
	if took := time.Since(wrote[0]); took >= oneWay {
		t.Errorf("three writes took %v: the writes waited for the delay", took)
	}
	for i, want := range []byte("abc") {
		a := <-got
		if a.b != want {
			t.Errorf("byte %d is %q, want %q", i, a.b, want)
		}
		if early := wrote[i].Add(oneWay).Sub(a.at); early > 0 {
			t.Errorf("byte %q arrived %v before one way (%v) had passed", a.b, early, oneWay)
		}
	}
}

// A Close does not overtake the bytes queued before it: the peer reads them
// all, then the end of the stream, one way after the Close. CloseWrite does
// the same and leaves reading open.
func TestDelayFINFollowsTheData(t *testing.T) {
	const rtt = 200 * time.Millisecond
	for _, half := range []bool{false, true} {
		name := "Close"
		if half {
			name = "CloseWrite"
		}
		t.Run(name, func(t *testing.T) {
			type end struct {
				data string
				at   time.Time
				err  error
			}
			ended := make(chan end, 1)
			addr, wait := peer(t, func(c net.Conn) {
				b, err := io.ReadAll(c)
				ended <- end{string(b), time.Now(), err}
				c.Write([]byte("bye"))
			})
			defer wait()
			c := dialDelayed(t, addr, rtt)
			defer c.Close()
			payload := make([]byte, 300<<10) // more than one read of the real conn
			for i := range payload {
				payload[i] = 'a' + byte(i%26)
			}
			if _, err := c.Write(payload); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Write([]byte("last")); err != nil {
				t.Fatal(err)
			}
			closed := time.Now()
			if half {
				cw, ok := c.(interface{ CloseWrite() error })
				if !ok {
					t.Fatal("a delayed TCP connection has no CloseWrite")
				}
				if err := cw.CloseWrite(); err != nil {
					t.Fatal(err)
				}
				if _, err := c.Write([]byte("x")); err == nil {
					t.Error("a write after CloseWrite succeeded")
				}
			} else if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			e := <-ended
			if e.err != nil {
				t.Fatalf("peer read: %v", e.err)
			}
			if want := string(payload) + "last"; e.data != want {
				t.Errorf("peer read %d bytes before the end, want %d: the FIN overtook data", len(e.data), len(want))
			}
			if early := closed.Add(rtt / 2).Sub(e.at); early > 0 {
				t.Errorf("the FIN arrived %v before one way had passed", early)
			}
			if half {
				b, err := io.ReadAll(c)
				if err != nil || string(b) != "bye" {
					t.Errorf("after CloseWrite read %q, %v; want the peer's bye", b, err)
				}
			}
		})
	}
}

// The peer's bytes and its FIN are readable one way after they arrived, in
// order: the data, then io.EOF.
func TestDelayPeerCloseArrivesLate(t *testing.T) {
	const rtt = 200 * time.Millisecond
	sent := make(chan time.Time, 1)
	addr, wait := peer(t, func(c net.Conn) {
		sent <- time.Now()
		c.Write([]byte("hello"))
		c.Close()
	})
	defer wait()
	c := dialDelayed(t, addr, rtt)
	defer c.Close()
	b, err := io.ReadAll(c)
	at := time.Now()
	if err != nil || string(b) != "hello" {
		t.Fatalf("read %q, %v; want hello then EOF", b, err)
	}
	if early := (<-sent).Add(rtt / 2).Sub(at); early > 0 {
		t.Errorf("the peer's bytes and FIN were read %v before one way had passed", early)
	}
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("a read after the end returned %v, want io.EOF again", err)
	}
}

// A read deadline ends a wait for bytes still on their way, as a timeout;
// Close ends a blocked Read.
func TestDelayReadDeadlineAndClose(t *testing.T) {
	const rtt = time.Second
	release := make(chan struct{})
	addr, wait := peer(t, func(c net.Conn) {
		c.Write([]byte("late"))
		<-release
	})
	defer wait()
	defer close(release)
	c := dialDelayed(t, addr, rtt)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := c.Read(make([]byte, 4))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read past the deadline returned %v, want a timeout", err)
	}
	c.SetReadDeadline(time.Time{})
	done := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 4))
		done <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the Read block (if it has not, it fails the same way)
	c.Close()
	if err := <-done; !errors.Is(err, net.ErrClosed) {
		t.Errorf("a read blocked at Close returned %v, want net.ErrClosed", err)
	}
}

// Close returns even when the peer stops reading and the bytes queued can
// never all be written.
func TestDelayCloseDoesNotWaitForever(t *testing.T) {
	const rtt = 100 * time.Millisecond
	release := make(chan struct{})
	addr, wait := peer(t, func(c net.Conn) { <-release }) // never reads
	defer wait()
	defer close(release)
	c := dialDelayed(t, addr, rtt)
	chunk := make([]byte, 256<<10)
	c.SetWriteDeadline(time.Now().Add(300 * time.Millisecond))
	for {
		if _, err := c.Write(chunk); err != nil {
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("write: %v, want the deadline once the queue stayed full", err)
			}
			break
		}
	}
	closed := make(chan struct{})
	go func() {
		c.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close still blocked after 30s")
	}
}

func TestDelayZeroRTTIsTheConnItself(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	defer a.Close()
	if Delay(a, 0) != a {
		t.Error("Delay(c, 0) wrapped c")
	}
}

// timedRecord notes when the tap reported each direction's first bytes.
type timedRecord struct {
	*record
	first map[wire.Sender]time.Time
}

func (r *timedRecord) Data(c *Conn, from wire.Sender, p []byte) {
	if _, ok := r.first[from]; !ok {
		r.first[from] = time.Now()
	}
	r.record.Data(c, from, p)
}

// A Tap with RTT sits above the delay: it reports a write when it was sent
// and a read when it arrived, a round trip later, after a connect that took
// a round trip too. The conn it returns can still half-close.
func TestTapWithRTTSeesItsSidesTimes(t *testing.T) {
	const rtt = 200 * time.Millisecond
	addr, stop := echoServer(t)
	defer stop()
	rec := &timedRecord{record: newRecord(), first: map[wire.Sender]time.Time{}}
	tap := New(rec)
	tap.RTT = rtt
	asked := time.Now()
	c, err := tap.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(asked); took < rtt {
		t.Errorf("connect took %v, less than the RTT %v (SYN, SYN-ACK)", took, rtt)
	}
	if _, ok := c.(*Conn).Conn.(interface{ CloseWrite() error }); !ok {
		t.Error("the delayed TCP conn under the tap lost CloseWrite")
	}
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, make([]byte, 5)); err != nil {
		t.Fatal(err)
	}
	c.Close()
	sent, got := rec.first[wire.FromClient], rec.first[wire.FromServer]
	if got.Sub(sent) < rtt {
		t.Errorf("the tap saw the answer %v after the request, less than the RTT %v", got.Sub(sent), rtt)
	}
	if s := rec.data[wire.FromServer].String(); s != "re:hi" {
		t.Errorf("server→client = %q", s)
	}
}

// A cancelled dial stops waiting for the simulated SYN-ACK and closes the
// connection it had.
func TestTapWithRTTDialHonoursContext(t *testing.T) {
	addr, stop := echoServer(t)
	defer stop()
	tap := New(newRecord())
	tap.RTT = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := tap.DialContext(ctx, "tcp", addr); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("dial returned %v, want the context's deadline", err)
	}
}

// A server-side tap with RTT delays the connections it accepts: the
// client's bytes are read there no sooner than one way after they were sent.
func TestListenWithRTTDelaysAcceptedConns(t *testing.T) {
	const rtt = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tap := New(newRecord())
	tap.RTT = rtt
	tl := tap.Listen(ln)
	defer tl.Close()
	cc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	sc, err := tl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	sent := time.Now()
	cc.Write([]byte("x"))
	if _, err := io.ReadFull(sc, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(sent); took < rtt/2 {
		t.Errorf("the server read the byte %v after it was sent, less than one way (%v)", took, rtt/2)
	}
}

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
