package demo

// Tests against hostile peers and input: servers that break the rules,
// reset, send too much or answer wrongly; input no person types. Each
// asserts what the learner is told (the side that did it, the rule it
// broke), the error and the time against --timeout.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// hostileTimeout is the --timeout of these tests, and slack what a loaded
// 2-core machine may add to it.
const (
	hostileTimeout = 300 * time.Millisecond
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
		"duplex":    func() ([]trace.Event, error) { return record(RunDuplex, DuplexOptions{URL: url, Common: c}) },
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
				fn(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
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

func TestReadLine(t *testing.T) {
	t.Parallel()
	const limit = 20
	for _, tc := range []struct {
		in    string
		lines []string // "!N" is a line refused for its length N
	}{
		{"a\nb\n", []string{"a", "b"}},
		{"crlf\r\nlast without newline", []string{"crlf", "last without newline"}},
		{"\n\n", []string{"", ""}},
		{strings.Repeat("x", limit) + "\r\n", []string{strings.Repeat("x", limit)}},
		{strings.Repeat("x", limit+1) + "\nnext\n", []string{"!21", "next"}},
		{strings.Repeat("y", 100) + "\nnext", []string{"!100", "next"}},
		{strings.Repeat("z", 100), []string{"!100"}},
	} {
		r := bufio.NewReaderSize(strings.NewReader(tc.in), 16) // lines span several reads
		var got []string
		for {
			line, err := readLine(r, limit)
			var long lineTooLong
			switch {
			case errors.As(err, &long):
				got = append(got, "!"+strconv.Itoa(long.n))
				continue
			case err != nil:
			default:
				got = append(got, line)
				continue
			}
			break
		}
		if strings.Join(got, "|") != strings.Join(tc.lines, "|") {
			t.Errorf("%.30q: lines %q, want %q", tc.in, got, tc.lines)
		}
	}
}

// A line over 1 MiB typed (or piped) into duplex -i is refused with a hint,
// and the session goes on with the next line: it used to end input
// silently, closing the WebSocket as if the user had pressed Ctrl-D.
func TestDuplexInteractiveRefusesAnOverlongLineAndGoesOn(t *testing.T) {
	var hint bytes.Buffer
	opts := fast
	opts.Interactive, opts.Interval = true, time.Minute
	opts.In = strings.NewReader("before\n" + strings.Repeat("x", maxInputLine+1) + "\nafter\n")
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
