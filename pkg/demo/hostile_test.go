package demo

// Tests against hostile peers and input: servers that break the rules,
// reset, send too much or answer wrongly; input no person types. Each
// asserts what the learner is told (the side that did it, the rule it
// broke), the error and the time against --timeout.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"wsdemo/internal/testkit"
	"wsdemo/internal/tty"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// hostileTimeout is the --timeout of the tests that measure it, and slack
// what a loaded 2-core machine may add to it. The tests about what is said
// use patientTimeout: a handshake waits at most a second (or the timeout)
// for an unknown server's first frame, and a loaded machine must not turn a
// frame in flight into "the server sent nothing".
const (
	hostileTimeout = 300 * time.Millisecond
	patientTimeout = 3 * time.Second
	slack          = 2 * time.Second
)

// both runs the handshake and the duplex client against url with --timeout
// timeout and returns each one's error, how long it took and its events.
func both(t *testing.T, url string, timeout time.Duration) map[string]struct {
	err  error
	took time.Duration
	evs  []trace.Event
} {
	t.Helper()
	out := map[string]struct {
		err  error
		took time.Duration
		evs  []trace.Event
	}{}
	c := Common{Timeout: timeout}
	for name, run := range map[string]func() ([]trace.Event, error){
		"handshake": func() ([]trace.Event, error) { return record(RunHandshake, HandshakeOptions{URL: url, Common: c}) },
		"duplex": func() ([]trace.Event, error) {
			return record(RunDuplex, DuplexOptions{URL: url, Messages: DefaultDuplexMessages, Interval: DefaultDuplexInterval, Common: c})
		},
	} {
		start := time.Now()
		evs, err := run()
		r := out[name]
		r.err, r.took, r.evs = err, time.Since(start), evs
		out[name] = r
	}
	return out
}

// hostileServer serves every connection with fn, each in its own goroutine
// (a peer that holds one connection must not keep the next one waiting),
// and closes it when fn returns. It returns the server's address.
func hostileServer(t *testing.T, fn func(c net.Conn)) string {
	return testkit.ServeTCP(t, fn)
}

// reset closes c with a TCP RST instead of a FIN.
func reset(c net.Conn) {
	_ = c.(*net.TCPConn).SetLinger(0)
	c.Close()
}

// untilClosed reads c until the client closes it (at most 10 s).
func untilClosed(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.Copy(io.Discard, c)
}

// A line over 1 MiB typed (or piped) into duplex -i is refused with a hint,
// and the session goes on with the next line: it used to end input
// silently, closing the WebSocket as if the user had pressed Ctrl-D.
func TestDuplexInteractiveRefusesAnOverlongLineAndGoesOn(t *testing.T) {
	var hint bytes.Buffer
	opts := fast
	opts.Interactive, opts.Interval = true, time.Minute
	opts.In = tty.NewInput(strings.NewReader("before\n" + strings.Repeat("x", maxInputLine+1) + "\nafter\n"))
	opts.Hint = &hint
	var sent []string
	for _, e := range frames(t, runDuplex(t, opts)) {
		if e.From == trace.Client {
			sent = append(sent, e.Summary)
		}
	}
	want := []string{`TEXT "before" (masked)`, `TEXT "after" (masked)`, `CLOSE 1000 "end of input" (masked)`}
	if strings.Join(sent, "|") != strings.Join(want, "|") {
		t.Errorf("client sent %q, want %q", sent, want)
	}
	if !strings.Contains(hint.String(), "hint: that line is 1,048,577 bytes, more than the 1,048,576 a typed message may have: not sent") {
		t.Errorf("hints %q", hint.String())
	}
}

// A 101 whose Sec-WebSocket-Accept is wrong, from a server that then says
// nothing: coder/websocket reads the connection for 3 s after its check
// fails, whatever the dial's context says. --timeout bounds that wait too.
func TestWrongAcceptHonoursTimeout(t *testing.T) {
	url := "ws://" + hostileServer(t, func(c net.Conn) {
		readRequest(c)
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"))
		untilClosed(c)
	}) + "/"
	for name, r := range both(t, url, hostileTimeout) {
		var he *HandshakeError
		if !errors.As(r.err, &he) || he.Status != 101 || !strings.Contains(he.Problem, "Sec-WebSocket-Accept") {
			t.Errorf("%s: err = %v, want the wrong accept", name, r.err)
		}
		if r.took > hostileTimeout+slack {
			t.Errorf("%s took %v with --timeout %v", name, r.took, hostileTimeout)
		}
	}
}

// A server that resets the connection instead of answering the handshake:
// the error says so in words, the server's reset, not the library's
// "failed to send handshake request: Get ...: read tcp ...".
func TestResetDuringHandshakeNamesTheServer(t *testing.T) {
	url := "ws://" + hostileServer(t, func(c net.Conn) { readRequest(c); reset(c) }) + "/"
	for name, r := range both(t, url, hostileTimeout) {
		want := "the server at " + url + " reset the connection (a TCP RST) before answering the handshake"
		if r.err == nil || r.err.Error() != want || !errors.Is(r.err, syscall.ECONNRESET) {
			t.Errorf("%s: err = %v, want %q (and ECONNRESET in the chain)", name, r.err, want)
		}
		if r.took > hostileTimeout+slack {
			t.Errorf("%s took %v", name, r.took)
		}
	}
}

// Response heads without end, or interim 100 Continue answers without
// end: the client stops at the tap's own limit, 64 KiB (net/http's default
// is 10 MiB of heads), and says what the server did in one sentence.
func TestEndlessResponseHeadsStopAtTheLimit(t *testing.T) {
	endless := func(first string, more func() string) string {
		return "ws://" + hostileServer(t, func(c net.Conn) {
			readRequest(c)
			_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(c, first); err != nil {
				return
			}
			for {
				if _, err := io.WriteString(c, more()); err != nil {
					return // the client stopped reading and closed
				}
			}
		}) + "/"
	}
	for _, tc := range []struct{ name, url string }{
		{"one long header", endless("HTTP/1.1 101 Switching Protocols\r\nX-Long: ", func() string { return strings.Repeat("a", 4096) })},
		{"100 Continue flood", endless("", func() string { return "HTTP/1.1 100 Continue\r\n\r\n" })},
	} {
		// A timeout that a loaded machine cannot reach while parsing 64
		// KiB of interim heads: this is about the limit, not the clock.
		for name, r := range both(t, tc.url, 5*time.Second) {
			if !errors.Is(r.err, ErrHeadTooLarge) || !strings.Contains(r.err.Error(), "sent more than 64 KiB of response heads without finishing its answer to the handshake") {
				t.Errorf("%s, %s: err = %v", tc.name, name, r.err)
			}
			if r.took > 5*time.Second+slack {
				t.Errorf("%s, %s took %v", tc.name, name, r.took)
			}
		}
	}
}

// upgraded answers a handshake with a correct 101 and returns the reader
// of what the client sends next, or nil.
func upgraded(c net.Conn) *bufio.Reader {
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil
	}
	_, err = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+
		wire.AcceptKey(req.Header.Get("Sec-WebSocket-Key"))+"\r\n\r\n")
	if err != nil {
		return nil
	}
	return br
}

// frameHeader is the header of an unmasked server frame whose first byte
// is b0 and whose payload is n bytes, in the shortest length form.
func frameHeader(b0 byte, n int) []byte {
	switch {
	case n < 126:
		return []byte{b0, byte(n)}
	case n <= 0xFFFF:
		return []byte{b0, 126, byte(n >> 8), byte(n)}
	}
	return binary.BigEndian.AppendUint64([]byte{b0, 127}, uint64(n))
}

// closeFrames returns "client 1002", "server 1000" ... for the close frames
// in evs, in order.
func closeFrames(evs []trace.Event) []string {
	var out []string
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame && e.Frame.OpcodeName == "close" {
			out = append(out, e.From+" "+strconv.Itoa(e.Frame.CloseCode))
		}
	}
	return out
}

// notes joins the summaries and texts of the note events in evs.
func notes(evs []trace.Event) string {
	var b strings.Builder
	for _, e := range evs {
		if e.Kind == trace.KindNote {
			b.WriteString(e.Summary + ": " + e.Note + "\n")
		}
	}
	return b.String()
}

// A server frame that breaks a rule (an RSV bit without an extension, a
// reserved opcode): the client's library fails the connection with 1002,
// and the error says so, naming the rule and the side that broke it. It
// used to say that the server had closed the connection without a close
// frame, in the library's words ("failed to get reader: ...").
func TestServerBreaksARuleNamesIt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame []byte
		rule  string
	}{
		{"RSV1", []byte{0xC1, 2, 'h', 'i'}, "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)"},
		{"reserved opcode", []byte{0x83, 2, 'h', 'i'}, "opcode 0x3 is reserved for future use (RFC 6455 §5.2)"},
	} {
		url := "ws://" + hostileServer(t, func(c net.Conn) {
			if upgraded(c) != nil {
				c.Write(tc.frame)
				untilClosed(c)
			}
		}) + "/"
		for name, r := range both(t, url, patientTimeout) {
			var failed ClientFailedError
			if !errors.As(r.err, &failed) || failed.Code != 1002 {
				t.Errorf("%s, %s: err = %v, want the client's 1002", tc.name, name, r.err)
				continue
			}
			msg := r.err.Error()
			for _, want := range []string{"a frame from the server breaks a rule of the protocol: " + tc.rule,
				"so the client failed the WebSocket connection as RFC 6455 §7.1.7 asks: it sent a close frame with 1002 (protocol error) and closed"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s, %s: %q lacks %q", tc.name, name, msg, want)
				}
			}
			if got := closeFrames(r.evs); len(got) == 0 || got[0] != "client 1002" {
				t.Errorf("%s, %s: close frames %q, want the client's 1002 first", tc.name, name, got)
			}
			if n := notes(r.evs); strings.Contains(n, "dropped") {
				t.Errorf("%s, %s: a note says the server dropped the connection:\n%s", tc.name, name, n)
			}
			if r.took > patientTimeout+slack {
				t.Errorf("%s, %s took %v", tc.name, name, r.took)
			}
		}
	}
}

// A 10 MiB message against limits of 32 KiB (handshake) and 64 KiB
// (duplex): the client closes with 1009, and the run fails with an error
// saying the limit was the client's own. handshake --url used to exit 0
// after a note that "the server dropped the connection".
func TestTooBigMessageNamesTheClientsLimit(t *testing.T) {
	const size = 10 << 20
	url := "ws://" + hostileServer(t, func(c net.Conn) {
		if upgraded(c) == nil {
			return
		}
		c.Write(frameHeader(0x82, size))
		c.Write(make([]byte, size)) // until the client stops reading and closes
		untilClosed(c)
	}) + "/"
	limits := map[string]string{"handshake": "32,768", "duplex": "65,600"}
	for name, r := range both(t, url, patientTimeout) {
		var failed ClientFailedError
		if !errors.As(r.err, &failed) || failed.Code != 1009 {
			t.Errorf("%s: err = %v, want the client's 1009", name, r.err)
			continue
		}
		want := "the server sent a message longer than the " + limits[name] + " bytes this client accepts (a receiver chooses its own limit, RFC 6455 §10.4), so the client closed the connection with 1009 (message too big, RFC 6455 §7.4.1)"
		if r.err.Error() != want {
			t.Errorf("%s: err\n%q, want\n%q", name, r.err, want)
		}
		if got := closeFrames(r.evs); len(got) == 0 || got[0] != "client 1009" {
			t.Errorf("%s: close frames %q, want the client's 1009 first", name, got)
		}
		if n := notes(r.evs); strings.Contains(n, "dropped") {
			t.Errorf("%s: a note says the server dropped the connection:\n%s", name, n)
		}
		// Having failed the connection the client closes TCP (RFC 6455
		// §7.1.7): it must not wait out --timeout for an answer while the
		// server is still sending its 10 MiB.
		if r.took >= patientTimeout {
			t.Errorf("%s took %v with --timeout %v", name, r.took, patientTimeout)
		}
	}
}

// A server that ends the connection in the middle of a frame, by reset or
// by FIN: the error (duplex) and the note (handshake, whose handshake did
// work) name what the server's side did and how much of the frame had
// arrived. A reset used to be reported as "the server closed the connection
// without a close frame: connection reset by peer", and the handshake's
// note said "dropped" for both.
func TestServerEndsMidFrameNamesHow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		end        func(c net.Conn)
		err, note  string
		reset      bool
		noteHeader string
	}{
		{"reset", reset,
			"the server reset the connection (a TCP RST) in the middle of a frame (304 bytes of it had arrived) without a close frame: the WebSocket closed abnormally (1006, RFC 6455 §7.1.5)",
			"The server reset the TCP connection (a TCP RST) in the middle of a frame, 304 bytes of which had arrived, without a close frame.", true,
			"the server reset the connection in the middle of a frame"},
		{"FIN", func(c net.Conn) { c.(*net.TCPConn).CloseWrite(); untilClosed(c) },
			"the server closed the TCP connection in the middle of a frame (304 bytes of it had arrived) without a close frame: the WebSocket closed abnormally (1006, RFC 6455 §7.1.5)",
			"The server closed TCP in the middle of a frame, 304 bytes of which had arrived, without a close frame.", false,
			"the server closed the connection in the middle of a frame"},
	} {
		url := "ws://" + hostileServer(t, func(c net.Conn) {
			br := upgraded(c)
			if br == nil {
				return
			}
			// Read what the client sends, so that closing sends the FIN
			// asked for, not a reset for unread data.
			go io.Copy(io.Discard, br)
			c.Write(append(frameHeader(0x81, 1000), strings.Repeat("x", 300)...))
			time.Sleep(100 * time.Millisecond)
			tc.end(c)
		}) + "/"
		for name, r := range both(t, url, patientTimeout) {
			if r.took > patientTimeout+slack {
				t.Errorf("%s, %s took %v", tc.name, name, r.took)
			}
			if name == "handshake" {
				if r.err != nil {
					t.Errorf("%s, handshake: err = %v; the handshake itself worked", tc.name, r.err)
				}
				if n := notes(r.evs); !strings.Contains(n, tc.noteHeader+": "+tc.note) || strings.Contains(n, "dropped") {
					t.Errorf("%s, handshake: notes\n%s\nwant %q", tc.name, n, tc.note)
				}
				continue
			}
			if r.err == nil || r.err.Error() != tc.err || errors.Is(r.err, syscall.ECONNRESET) != tc.reset {
				t.Errorf("%s, duplex: err\n%v\nwant\n%s", tc.name, r.err, tc.err)
			}
		}
	}
}

// A first frame that stops arriving half way is not silence: the
// handshake's note says a frame began, and how much of it arrived, where it
// used to say "the server sent nothing".
func TestUnfinishedFirstFrameIsNotSilence(t *testing.T) {
	url := "ws://" + hostileServer(t, func(c net.Conn) {
		if upgraded(c) == nil {
			return
		}
		c.Write(append(frameHeader(0x81, 1000), strings.Repeat("x", 300)...))
		untilClosed(c)
	}) + "/"
	evs, err := record(RunHandshake, HandshakeOptions{URL: url, Common: Common{Timeout: patientTimeout}})
	if err != nil {
		t.Fatal(err)
	}
	want := "the server's first frame did not finish arriving in 1s: In the 1s after the handshake the server began a frame, 304 bytes of which arrived, and did not finish it, so the demo closes now."
	if n := notes(evs); !strings.Contains(n, want) || strings.Contains(n, "sent nothing") {
		t.Errorf("notes\n%s\nwant %q", n, want)
	}
}

// A pong that never finishes arriving: the timeout says that a frame from
// the server began and did not end, rather than only "no pong".
func TestUnfinishedPongSaysSo(t *testing.T) {
	url := "ws://" + hostileServer(t, func(c net.Conn) {
		br := upgraded(c)
		if br == nil {
			return
		}
		dec := wire.NewFrameDecoder(wire.FromClient, 0)
		buf := make([]byte, 4096)
		for {
			n, err := br.Read(buf)
			if err != nil {
				return
			}
			for _, f := range dec.Feed(buf[:n]) {
				if f.Opcode == wire.OpPing {
					c.Write([]byte{0x8A, 10, 'a', 'b'}) // 10 bytes announced, 2 sent
				}
			}
		}
	}) + "/"
	start := time.Now()
	_, err := record(RunDuplex, DuplexOptions{URL: url, Messages: 1, Interval: 10 * time.Millisecond, Common: Common{Timeout: hostileTimeout}})
	took := time.Since(start)
	want := "ping: no pong within 300ms: the server began a frame and did not finish it (4 bytes of it arrived)"
	if err == nil || err.Error() != want || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want %q", err, want)
	}
	// The ping's wait, then the attempt to close: each bounded by --timeout.
	if took < hostileTimeout || took > 2*hostileTimeout+slack {
		t.Errorf("took %v with --timeout %v", took, hostileTimeout)
	}
}

// A frame too big for the client is drawn (FIN, opcode, the 10 MiB length,
// the first 32 KiB) as soon as what the trace keeps of it has crossed,
// before the client's 1009 that refuses it. It used to be drawn only once
// whole, after the 1009, if the tap read it to its end at all.
func TestTooBigFrameIsDrawnBeforeTheClientRefusesIt(t *testing.T) {
	const size = 10 << 20
	url := "ws://" + hostileServer(t, func(c net.Conn) {
		if upgraded(c) == nil {
			return
		}
		c.Write(frameHeader(0x82, size))
		c.Write(make([]byte, size))
		untilClosed(c)
	}) + "/"
	evs, _ := record(RunHandshake, HandshakeOptions{URL: url, Common: Common{Timeout: patientTimeout}})
	header, refusal := -1, -1
	for i, e := range evs {
		switch {
		case e.Kind != trace.KindWSFrame:
		case e.From == trace.Server && e.Frame.PayloadLen == size && header < 0:
			header = i
		case e.From == trace.Client && e.Frame.CloseCode == 1009 && refusal < 0:
			refusal = i
		}
	}
	if header < 0 || refusal < 0 || header > refusal {
		t.Errorf("the server's frame (event %d) is not drawn before the client's 1009 (event %d)", header, refusal)
	}
	if n := 0; header >= 0 {
		for _, e := range evs {
			if e.Kind == trace.KindWSFrame && e.From == trace.Server && e.Frame.PayloadLen == size {
				n++
			}
		}
		if n != 1 || !evs[header].RawTruncated || len(evs[header].Raw) != 10+wire.DefaultKeep {
			t.Errorf("the frame is drawn %d times; raw_truncated %v with %d raw bytes, want once, with its header and %d bytes kept",
				n, evs[header].RawTruncated, len(evs[header].Raw), wire.DefaultKeep)
		}
	}
}

// strangerHandshake opens a WebSocket handshake to addr as a client that is
// not the demo's own would (a browser tab, a script), reads the answer and
// closes. A bad origin makes the server refuse it with 403.
func strangerHandshake(addr string, badOrigin bool) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	origin := "http://" + addr
	if badOrigin {
		origin = "http://evil.example"
	}
	_, err = io.WriteString(c, "GET /ws HTTP/1.1\r\nHost: "+addr+"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: "+origin+"\r\n\r\n")
	if err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// interactiveOn runs duplex -i on addr with input that never ends until the
// test does, and returns its recorder once the WebSocket is open, and a
// function that ends the run (Ctrl-C) and returns its events.
func interactiveOn(t *testing.T, addr string, verbose bool) (*trace.Recorder, func() []trace.Event) {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	rec := trace.NewRecorder()
	done := make(chan error, 1)
	go func() {
		done <- RunDuplex(ctx, rec, DuplexOptions{Interactive: true, In: tty.NewInput(pr), Messages: 1, NoPush: true, Verbose: verbose,
			Common: Common{Addr: addr, Timeout: 5 * time.Second}})
	}()
	waitEvent(t, rec, func(e trace.Event) bool { return e.Kind == trace.KindHTTPResponse })
	return rec, func() []trace.Event {
		cancel()
		pw.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("duplex -i did not stop")
		}
		rec.Close()
		return rec.Events()
	}
}

// heap is the live heap after a full collection.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The long-running demo server (duplex -i --addr) keeps nothing per
// connection once it has closed: 2,000 handshakes by other clients, in
// rounds, leave the heap where one round left it. It used to keep the
// server's checks of every handshake (d.checks), growing without end.
func TestDemoServerMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 handshakes")
	}
	addr := testkit.FreeAddr(t)
	rec, stop := interactiveOn(t, addr, false)
	// Drain the trace as a renderer would, so that what it holds is what
	// the scenario emits, not a backlog.
	go func() {
		for i := 0; ; i++ {
			if _, err := rec.Next(context.Background(), i); err != nil {
				return
			}
		}
	}()
	const rounds, perRound, workers = 5, 400, 4
	var after []uint64
	for range rounds {
		var wg sync.WaitGroup
		errs := make(chan error, perRound)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < perRound; i += workers {
					if err := strangerHandshake(addr, i%2 == 0); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("handshake: %v", err)
		}
		after = append(after, heap())
	}
	evs := stop()
	t.Logf("heap after each round of %d handshakes: %v", perRound, after)
	// Generous: a leak of the old kind adds megabytes a round.
	if first, last := after[0], after[rounds-1]; last > first+first/2 {
		t.Errorf("heap grew from %d to %d bytes over %d rounds of %d handshakes", first, last, rounds, perRound)
	}
	if len(evs) > 200 {
		t.Errorf("%d events for one demo connection and %d other clients", len(evs), rounds*perRound)
	}
}

// Another client connecting to duplex -i --addr is not the demo's
// connection #1: with --verbose the server's checks of it carry no
// connection number and name the client, after a note that says whose they
// are; without, one note says it came and the summary counts its requests.
// Its failed Origin check used to be drawn as if it were #1's.
func TestStrangersAreNotConnectionOne(t *testing.T) {
	for _, verbose := range []bool{true, false} {
		addr := testkit.FreeAddr(t)
		_, stop := interactiveOn(t, addr, verbose)
		for i := range 3 {
			if err := strangerHandshake(addr, i == 0); err != nil {
				t.Fatal(err)
			}
		}
		// The server reports a refused handshake's checks before it
		// answers, but an accepted one's session may still be starting:
		// let it settle before stopping.
		time.Sleep(100 * time.Millisecond)
		evs := stop()
		var own, strangers, labels int
		var failedOrigin bool
		for _, e := range evs {
			switch {
			case e.Kind == trace.KindNote && strings.HasPrefix(e.Summary, "another client connected from 127.0.0.1:"):
				labels++
				if e.Conn != 0 {
					t.Errorf("verbose=%v: the stranger's note has conn %d", verbose, e.Conn)
				}
			case e.Kind == trace.KindCheck && e.Conn == 1:
				own++
				if strings.Contains(e.Check.Detail, "another client") {
					t.Errorf("verbose=%v: a stranger's check on conn 1: %+v", verbose, e.Check)
				}
			case e.Kind == trace.KindCheck:
				strangers++
				if e.Conn != 0 || !strings.HasPrefix(e.Check.Detail, "another client, 127.0.0.1:") {
					t.Errorf("verbose=%v: a stranger's check is not marked as such: conn %d, %+v", verbose, e.Conn, e.Check)
				}
				failedOrigin = failedOrigin || (e.Check.Name == "Origin allowed" && !e.Check.OK)
			case e.Kind == trace.KindSummary:
				if got := e.Stats["other_client_requests"]; got != int64(3) {
					t.Errorf("verbose=%v: summary counts %v other clients' requests, want 3", verbose, got)
				}
			}
		}
		switch {
		case own == 0:
			t.Errorf("verbose=%v: no check for the demo's own connection", verbose)
		case verbose && (labels != 3 || !failedOrigin):
			t.Errorf("verbose=%v: %d notes for 3 other clients, their failed Origin check shown: %v", verbose, labels, failedOrigin)
		case !verbose && (labels != 1 || strangers != 0):
			t.Errorf("verbose=%v: %d notes and %d checks for 3 other clients, want 1 note and no check", verbose, labels, strangers)
		}
	}
}
