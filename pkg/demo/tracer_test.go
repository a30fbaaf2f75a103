package demo

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
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

// A long-running tapped server (serve, proxy, duplex -i --addr) sees
// thousands of connections: the tracer lets each go once the tap has
// reported its last end, so its maps are empty when they are all closed
// and the heap after many rounds is where one round left it. It used to
// keep an entry per connection for the whole run.
func TestTracerLetsClosedConnectionsGo(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 connections")
	}
	rec := trace.NewRecorder()
	go func() { // a renderer's share: take every event
		for i := 0; ; i++ {
			if _, err := rec.Next(context.Background(), i); err != nil {
				return
			}
		}
	}()
	defer rec.Close()
	tr := newTracer(rec, nil, lang.Text{})
	tap := wiretap.New(tr)
	tap.Linger = 100 * time.Millisecond
	defer tap.Wait()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := tap.Listen(inner)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer ln.Close()
	wg.Add(1)
	go func() { // a server that answers one request and closes
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
				buf := make([]byte, 512)
				if _, err := c.Read(buf); err == nil {
					io.WriteString(c, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
				}
			}()
		}
	}()
	const rounds, perRound = 5, 500
	var after []uint64
	for range rounds {
		for range perRound {
			c, err := net.Dial("tcp", inner.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			io.Copy(io.Discard, c)
			c.Close()
		}
		tr.waitClosed(30 * time.Second)
		rec.CaughtUp(10 * time.Second) // what waits for the reader is not what the tracer keeps
		after = append(after, heap())
	}
	tr.mu.Lock()
	conns, addrs := len(tr.conns), len(tr.byAddr)
	tr.mu.Unlock()
	if conns != 0 || addrs != 0 {
		t.Errorf("after %d closed connections the tracer holds %d of them, %d addresses", rounds*perRound, conns, addrs)
	}
	if s := tr.Stats(); s.Conns != rounds*perRound || s.Requests != rounds*perRound {
		t.Errorf("stats: %d connections, %d requests; want %d each", s.Conns, s.Requests, rounds*perRound)
	}
	t.Logf("heap after each round of %d connections: %v", perRound, after)
	// An entry kept per connection grows the heap every round (by
	// megabytes: 500 connections a round). The runtime and the recorder
	// grow it too, once, by a megabyte or so in some round (a buffer that
	// doubles), and then stay flat: so a leak is a heap that grows in every
	// round, or by more than such a one-time step in all.
	minStep := ^uint64(0)
	for i := 1; i < rounds; i++ {
		step := uint64(0)
		if after[i] > after[i-1] {
			step = after[i] - after[i-1]
		}
		minStep = min(minStep, step)
	}
	if first, last := after[0], after[rounds-1]; minStep > 256<<10 || last > first+4<<20 {
		t.Errorf("heap grew from %d to %d bytes over %d rounds, by at least %d bytes a round", first, last, rounds, minStep)
	}
}

// A run of interim (1xx) responses shows its first few one by one, and one
// note counts the rest, exactly, before what ended the run: the final
// response, or the decoder giving up at its limit with the rule it names.
func TestTracerCountsInterimResponses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		interim int
		end     string
		want    []string
	}{
		{"final response", 10, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
			[]string{"http.request GET /", "http.response 100 Continue", "http.response 100 Continue", "http.response 100 Continue",
				"note … and 7 more interim (1xx) responses, 175 bytes in all", "http.response 200 OK"}},
		{"flood", 150, "",
			[]string{"http.request GET /", "http.response 100 Continue", "http.response 100 Continue", "http.response 100 Continue",
				"note … and 97 more interim (1xx) responses, 2425 bytes in all", "error too many interim (1xx) responses: 101 arrived"}},
	} {
		rec := trace.NewRecorder()
		tr := newTracer(rec, nil, lang.Text{})
		a, b := net.Pipe()
		c := wiretap.New(tr).WrapClient(a)
		tr.Data(c, wire.FromClient, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
		for range tc.interim {
			tr.Data(c, wire.FromServer, []byte("HTTP/1.1 100 Continue\r\n\r\n"))
		}
		tr.Data(c, wire.FromServer, []byte(tc.end))
		a.Close()
		b.Close()
		rec.Close()
		var got []string
		for _, e := range rec.Events() {
			if e.Kind == trace.KindTCPConnect {
				continue
			}
			got = append(got, string(e.Kind)+" "+e.Summary)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: events\n%s", tc.name, strings.Join(got, "\n"))
			continue
		}
		for i, w := range tc.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("%s: event %d is %q, want %q…", tc.name, i, got[i], w)
			}
		}
		if s := tr.Stats(); s.Responses != tc.interim+1 && tc.end != "" {
			t.Errorf("%s: %d responses counted, want %d", tc.name, s.Responses, tc.interim+1)
		}
	}
}

// A frame longer than what the trace keeps of it is recorded as soon as
// that much has arrived, once: its end adds nothing but what only the end
// can tell (here, a text message that is not UTF-8).
func TestTracerShowsALongFrameOnceItsKeptPrefixArrived(t *testing.T) {
	rec := trace.NewRecorder()
	tr := newTracer(rec, nil, lang.Text{})
	a, b := net.Pipe()
	defer b.Close()
	c := wiretap.New(tr).WrapClient(a)
	tr.Data(c, wire.FromClient, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	tr.Data(c, wire.FromServer, []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
	const size = 1 << 20
	payload := []byte(strings.Repeat("x", size-1) + "\xff") // not UTF-8 at the very end
	frame := wire.AppendFrame(nil, true, 0, wire.OpText, nil, payload)
	frames := func() []trace.Event { return kinds(rec.Events(), trace.KindWSFrame) }
	tr.Data(c, wire.FromServer, frame[:wire.DefaultKeep]) // not yet all that is kept
	if n := len(frames()); n != 0 {
		t.Fatalf("%d frames before the kept prefix arrived", n)
	}
	tr.Data(c, wire.FromServer, frame[wire.DefaultKeep:wire.DefaultKeep+100])
	fs := frames()
	if len(fs) != 1 || fs[0].Frame.PayloadLen != size || !fs[0].RawTruncated || len(fs[0].Frame.Payload) != wire.DefaultKeep {
		t.Fatalf("after the kept prefix: %d frames %+v", len(fs), fs)
	}
	tr.Data(c, wire.FromServer, frame[wire.DefaultKeep+100:])
	if n := len(frames()); n != 1 {
		t.Errorf("the frame is recorded %d times", n)
	}
	if ms := kinds(rec.Events(), trace.KindWSMessage); len(ms) != 1 || !strings.Contains(ms[0].Note, "UTF-8") {
		t.Errorf("the end's verdict: %+v", ms)
	}
	if s := tr.Stats(); s.Frames[wire.FromServer] != 1 {
		t.Errorf("%d server frames counted", s.Frames[wire.FromServer])
	}
	a.Close()
}

// A connection's tcp.connect names the client's address first, then the
// server's, whichever side the tap sits on: a demo taps its client's
// connections, the proxy the ones it accepts. The tracer also finds the
// connection by the client's address (ConnNumber) either way. It used to
// print the tap's own end first, backwards on the server side.
func TestTracerNamesTheClientFirstOnEitherSide(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer inner.Close()
	for _, side := range []string{"client", "server"} {
		rec := trace.NewRecorder()
		tr := newTracer(rec, nil, lang.Text{})
		tap := wiretap.New(tr)
		var client, accepted net.Conn
		if side == "client" {
			if client, err = tap.DialContext(context.Background(), "tcp", inner.Addr().String()); err != nil {
				t.Fatal(err)
			}
			if accepted, err = inner.Accept(); err != nil {
				t.Fatal(err)
			}
		} else {
			if client, err = net.Dial("tcp", inner.Addr().String()); err != nil {
				t.Fatal(err)
			}
			if accepted, err = tap.Listen(inner).Accept(); err != nil {
				t.Fatal(err)
			}
		}
		clientAddr, serverAddr := client.LocalAddr().String(), client.RemoteAddr().String()
		if n := tr.ConnNumber(clientAddr); n != 1 {
			t.Errorf("tap on the %s side: ConnNumber(%s) = %d, want 1", side, clientAddr, n)
		}
		client.Close()
		accepted.Close()
		tap.Wait()
		rec.Close()
		evs := rec.Events()
		want := "TCP connection #1 opened: " + clientAddr + " → " + serverAddr
		if len(evs) == 0 {
			t.Fatalf("tap on the %s side: no event", side)
		}
		if e := evs[0]; e.Kind != trace.KindTCPConnect || e.Summary != want {
			t.Errorf("tap on the %s side: first event %s %q, want tcp.connect %q", side, e.Kind, e.Summary, want)
		}
	}
}

// A compressed frame longer than the trace keeps is drawn early too, but
// what it inflates to is known only at its end: it has no inflated_len,
// which the next frame of its message carries instead, so the counts
// present add up to the message's length; a one-frame message drawn early
// has none, and its ws.message gives the length. (Drawn early, it used to
// say inflated_len 0.)
func TestTracerCountsWhatEarlyCompressedFramesInflateTo(t *testing.T) {
	rec := trace.NewRecorder()
	tr := newTracer(rec, nil, lang.Text{})
	a, b := net.Pipe()
	defer b.Close()
	c := wiretap.New(tr).WrapClient(a)
	defer a.Close()
	tr.Data(c, wire.FromClient, []byte("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))
	tr.Data(c, wire.FromServer, []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n"))

	// Text that DEFLATE cannot shrink much, so that its compressed bytes
	// are longer than what the trace keeps of a frame.
	text := make([]byte, 3*wire.DefaultKeep)
	for i, x := 0, uint32(1); i < len(text); i++ {
		x = x*1664525 + 1013904223
		text[i] = 'a' + byte(x>>24)%26
	}
	compressed := deflated(t, text)
	if len(compressed) <= wire.DefaultKeep+100 {
		t.Fatalf("only %d compressed bytes", len(compressed))
	}
	// Each message twice: in one frame, then in a long frame and a short one.
	cut := len(compressed) - 10
	frames := [][]byte{
		wire.AppendFrame(nil, true, 4, wire.OpText, nil, compressed),
		wire.AppendFrame(nil, false, 4, wire.OpText, nil, compressed[:cut]),
		wire.AppendFrame(nil, true, 0, wire.OpContinuation, nil, compressed[cut:]),
	}
	for _, f := range frames {
		for len(f) > 0 { // in pieces, as a socket reads them
			n := min(len(f), 4096)
			tr.Data(c, wire.FromServer, f[:n])
			f = f[n:]
		}
	}
	evs := rec.Events()
	var counts []string
	var sum uint64
	for _, e := range evs {
		switch e.Kind {
		case trace.KindWSFrame:
			if n := e.Frame.InflatedLen; n != nil {
				counts = append(counts, fmt.Sprint(*n))
				sum += *n
			} else {
				counts = append(counts, "none")
			}
		case trace.KindWSMessage:
			counts = append(counts, fmt.Sprintf("message %d", e.Message.Length))
			if sum != 0 && sum != e.Message.Length {
				t.Errorf("the frames' inflated_len add up to %d, the message is %d bytes", sum, e.Message.Length)
			}
			sum = 0
		}
	}
	want := fmt.Sprintf("[none message %d none %d message %d]", len(text), len(text), len(text))
	if fmt.Sprint(counts) != want {
		t.Errorf("inflated_len of the frames and length of the messages: %v, want %s", counts, want)
	}
}

// deflated compresses text as a permessage-deflate sender does (RFC 7692
// §7.2.1): DEFLATE, flushed, without the final 00 00 ff ff.
func deflated(t *testing.T, text []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(text)
	w.Flush()
	return bytes.TrimSuffix(buf.Bytes(), []byte{0, 0, 0xff, 0xff})
}
