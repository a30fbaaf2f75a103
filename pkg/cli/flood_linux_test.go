//go:build linux

package cli

// Hostile peers that send too much, against the real program: its peak
// memory (the process's maximum RSS, as the kernel counts it), its exit
// code, how long it took against --timeout, and whether the trace still
// says exactly what happened (issue #18: under 100 MiB whatever the peer
// does; floods condensed with exact counts).

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// maxRSS is the peak memory a run may reach, whatever its peer sends.
const maxRSS = 100 << 20

// floodTimeout is the --timeout of the flood runs. The bound on how long a
// run may take is one per step that waits (the ping, the quiet after the
// flood, the close), plus a loaded machine's slack.
const (
	floodTimeout = 5 * time.Second
	floodSlack   = 15 * time.Second
)

// measured is what a run of the real program did.
type measured struct {
	code   int
	took   time.Duration
	rss    int64 // peak resident memory, bytes
	stderr string
	lines  int
	events []trace.Event // the --json events kept by the run's filter
}

// runMeasured runs wsdemo with args (and stdin, if any), reads its --json
// output line by line as it comes, keeping the events keep selects, and
// returns what it measured.
func runMeasured(t *testing.T, stdin io.Reader, keep func(trace.Event) bool, args ...string) measured {
	t.Helper()
	if raceDetector {
		t.Skip("the race detector multiplies the memory and time these tests measure")
	}
	cmd := exec.Command(wsdemoBinary(t), args...)
	cmd.Stdin = stdin
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	peak := watchPeak(cmd.Process.Pid)
	var m measured
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		m.lines++
		var e trace.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not an event: %v", m.lines, err)
		}
		if keep(e) {
			m.events = append(m.events, e)
		}

	}
	m.code = exitCode(t, cmd, 2*time.Minute)
	m.took = time.Since(start)
	m.rss = peak()
	m.stderr = stderr.String()
	t.Logf("%s: exit %d in %v, peak RSS %.1f MiB, %d lines", strings.Join(args[:min(2, len(args))], " "), m.code, m.took.Round(time.Millisecond), float64(m.rss)/(1<<20), m.lines)
	return m
}

// watchPeak samples the peak resident memory of process pid (VmHWM in
// /proc/pid/status, the kernel's high-water mark, which only grows) every
// few milliseconds until it exits, and returns a function that stops and
// reports the last value seen, in bytes. The rusage of the child would not
// do: a child made with vfork reports the parent's memory as its peak.
func watchPeak(pid int) func() int64 {
	var mu sync.Mutex
	var peak int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			if b, err := os.ReadFile(path); err == nil {
				for _, l := range strings.Split(string(b), "\n") {
					if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
						if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
							mu.Lock()
							peak = max(peak, kb<<10)
							mu.Unlock()
						}
					}
				}
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// frameTotals sums, over the ws.frame events from the server, each event
// and the repeats condensed into it, by opcode name.
func frameTotals(evs []trace.Event, from string) map[string]int {
	out := map[string]int{}
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame && e.From == from {
			n := 1
			if e.Repeat != nil {
				n += e.Repeat.More
			}
			out[e.Frame.OpcodeName] += n
		}
	}
	return out
}

// summaryStat is the number key of the run's summary event.
func summaryStat(t *testing.T, evs []trace.Event, key string) int {
	t.Helper()
	for _, e := range evs {
		if e.Kind == trace.KindSummary {
			if v, ok := e.Stats[key].(float64); ok {
				return int(v)
			}
		}
	}
	t.Fatalf("no summary with %s", key)
	return 0
}

func serverEventsAndSummary(e trace.Event) bool {
	return e.Kind == trace.KindSummary || e.Kind == trace.KindWSFrame
}

// floodServer is a WebSocket server (of our own making, frames written by
// hand) that, once upgraded, writes batch again and again, as fast as the
// client takes it, for 3 s (or until the client closes). It answers the
// client's pings and its close frame, after which it stops; it counts the
// frames it wrote in full (sent), so a test can hold the trace to them.
type floodServer struct {
	url  string
	mu   sync.Mutex
	sent int
}

func newFloodServer(t *testing.T, batch []byte, perBatch int) *floodServer {
	fs := &floodServer{}
	fs.url = "ws://" + testkit.ServeTCP(t, func(c net.Conn) { fs.serve(c, batch, perBatch) }) + "/"
	return fs
}

func (fs *floodServer) serve(c net.Conn, batch []byte, perBatch int) {
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	// A small send buffer, so that the answer to the client's ping is not
	// queued behind megabytes of flood in the kernel (its default grows to
	// 4 MiB): the client's library answers each ping with a write of its
	// own and reads a ping flood at some 100,000 a second, so a full
	// buffer alone would hold the pong back for longer than --timeout.
	// The flood is as fast as the client reads it either way.
	_ = c.(*net.TCPConn).SetWriteBuffer(32 << 10)
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	if _, err := io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+
		wire.AcceptKey(req.Header.Get("Sec-WebSocket-Key"))+"\r\n\r\n"); err != nil {
		return
	}
	// The reader never waits for the writer (the writer may be blocked on
	// a client busy writing its pongs): it hands the answers over.
	pongs := make(chan []byte, 64)
	closing := make(chan []byte, 1)
	go func() { // the client's frames: its pings and its close answered, the rest read
		dec := wire.NewFrameDecoder(wire.FromClient, 0)
		buf := make([]byte, 64<<10)
		for {
			n, err := br.Read(buf)
			if err != nil {
				return
			}
			for _, f := range dec.Feed(buf[:n]) {
				switch f.Opcode {
				case wire.OpPing:
					pongs <- wire.AppendFrame(nil, true, 0, wire.OpPong, nil, f.Payload)
				case wire.OpClose:
					closing <- wire.AppendFrame(nil, true, 0, wire.OpClose, nil, f.Payload[:min(2, len(f.Payload))])
					return
				}
			}
		}
	}()
	end := time.Now().Add(3 * time.Second)
	flooding := true
	for {
		var out []byte
		select {
		case f := <-closing:
			c.Write(f)
			return
		case f := <-pongs:
			out = f
		default:
			if !flooding {
				select { // the flood is over: answer until the close
				case f := <-closing:
					c.Write(f)
					return
				case out = <-pongs:
				}
				break
			}
			out = batch
		}
		if _, err := c.Write(out); err != nil {
			return
		}
		if flooding && &out[0] == &batch[0] {
			fs.mu.Lock()
			fs.sent += perBatch
			fs.mu.Unlock()
			flooding = time.Now().Before(end)
		}
	}
}

func (fs *floodServer) frames() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.sent
}

// A server flooding empty TEXT frames, or pings: duplex --json stays under
// the memory ceiling and ends in a few --timeouts, and its trace counts
// every frame the server sent, exactly, though far fewer lines than frames
// are printed: the recorder condensed the flood. It used to reach 1.0 GB and
// print 6 million lines over 69 s.
func TestFloodsAreCondensedInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("floods for seconds")
	}
	for _, tc := range []struct {
		name, opcode string
		frame        []byte
	}{
		{"empty text", "text", []byte{0x81, 0}},
		{"ping", "ping", []byte{0x89, 4, 'p', 'i', 'n', 'g'}},
	} {
		const perBatch = 1024
		fs := newFloodServer(t, []byte(strings.Repeat(string(tc.frame), perBatch)), perBatch)
		m := runMeasured(t, nil, serverEventsAndSummary, "duplex", "--url", fs.url, "--json", "--timeout", floodTimeout.String())
		if m.code != ExitOK {
			t.Errorf("%s: exit %d: %s", tc.name, m.code, m.stderr)
		}
		if m.rss > maxRSS {
			t.Errorf("%s: peak RSS %d MiB, over %d MiB", tc.name, m.rss>>20, maxRSS>>20)
		}
		if limit := 3*floodTimeout + floodSlack; m.took > limit {
			t.Errorf("%s: took %v, more than %v with --timeout %v", tc.name, m.took, limit, floodTimeout)
		}
		got := frameTotals(m.events, trace.Server)
		if sent := fs.frames(); got[tc.opcode] != sent || sent < 10*perBatch {
			t.Errorf("%s: the trace counts %d %s frames from the server; it sent %d", tc.name, got[tc.opcode], tc.opcode, sent)
		}
		total := 0
		for _, n := range got {
			total += n
		}
		if want := summaryStat(t, m.events, "frames_server_to_client"); total != want {
			t.Errorf("%s: the frame events count %d server frames, the summary %d", tc.name, total, want)
		}
		if m.lines > got[tc.opcode]/10 {
			t.Errorf("%s: %d lines for %d frames: the flood was not condensed", tc.name, m.lines, got[tc.opcode])
		}
	}
}

// bigFrameHeader is the header of an unmasked server frame of opcode op whose
// payload is n bytes, in the 64-bit length form.
func bigFrameHeader(op byte, n int) []byte {
	return binary.BigEndian.AppendUint64([]byte{0x80 | op, 127}, uint64(n))
}

// A server sending frames far over what the clients accept (8 of 15 MiB, one
// of 10 MiB): the client refuses with 1009 and the run fails, under the
// memory ceiling and within --timeout. duplex --json used to reach 1.6 GB.
func TestHugeFramesInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("120 MiB of frames")
	}
	for _, tc := range []struct {
		name     string
		size, n  int
		commands []string
	}{
		{"8 × 15 MiB", 15 << 20, 8, []string{"duplex", "handshake"}},
		{"10 MiB", 10 << 20, 1, []string{"duplex", "handshake"}},
	} {
		one := append(bigFrameHeader(0x2, tc.size), make([]byte, tc.size)...)
		batch := bytes.Repeat(one, tc.n)
		for _, command := range tc.commands {
			fs := newFloodServer(t, batch, tc.n)
			m := runMeasured(t, nil, serverEventsAndSummary, command, "--url", fs.url, "--json", "--timeout", floodTimeout.String())
			if m.code != ExitFailure || !strings.Contains(m.stderr, "1009") {
				t.Errorf("%s, %s: exit %d, stderr %q; want 1 and the client's 1009", tc.name, command, m.code, m.stderr)
			}
			if m.rss > maxRSS {
				t.Errorf("%s, %s: peak RSS %d MiB, over %d MiB", tc.name, command, m.rss>>20, maxRSS>>20)
			}
			if limit := floodTimeout + floodSlack; m.took > limit {
				t.Errorf("%s, %s: took %v, more than %v", tc.name, command, m.took, limit)
			}
		}
	}
}

// handshake --url against a server answering with 100 Continue for ever:
// the first three are shown, a note counts the rest exactly, and the
// decoder gives up at its limit naming the rule, in bounded memory. It used
// to reach 753 MB over 23 s.
func TestContinueFloodIsCounted(t *testing.T) {
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
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
			return
		}
		for {
			if _, err := io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n"); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	m := runMeasured(t, nil, func(e trace.Event) bool {
		return e.Conn == 1 && e.Kind != trace.KindTCPConnect && e.Kind != trace.KindTCPClose
	},
		"handshake", "--url", "ws://"+ln.Addr().String()+"/", "--json", "--timeout", floodTimeout.String())
	if m.code != ExitFailure {
		t.Errorf("exit %d, want 1", m.code)
	}
	if m.rss > maxRSS || m.took > floodTimeout+floodSlack {
		t.Errorf("peak RSS %d MiB in %v", m.rss>>20, m.took)
	}
	var story []string
	for _, e := range m.events {
		s := string(e.Kind) + " " + e.Summary
		if e.Kind == trace.KindNote && e.Stats != nil {
			s = fmt.Sprintf("note count %v, bytes %v", e.Stats["count"], e.Stats["bytes"])
		}
		story = append(story, s)
	}
	want := []string{"http.request GET /", "http.response 100 Continue", "http.response 100 Continue", "http.response 100 Continue",
		"note count 97, bytes 2425", "error too many interim (1xx) responses: 101 arrived and no final response: a 1xx response only announces that the final one is still to come (RFC 9110 §15.2)"}
	for i, w := range want {
		if i >= len(story) || !strings.HasPrefix(story[i], w) {
			t.Fatalf("events:\n%s\nwant, in order:\n%s", strings.Join(story, "\n"), strings.Join(want, "\n"))
		}
	}
}

// duplex -i --json fed 10,000 and then 100,000 lines: every line is sent,
// and the peak memory of the long session is that of the short one, under
// the 40 MiB of issue #17. The recorder used to keep every event, ~3.2 KiB
// per message: 340 MiB for 100,000.
func TestInteractiveSessionMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 messages")
	}
	var peak [2]int64
	for i, lines := range []int{10_000, 100_000} {
		var in strings.Builder
		for n := range lines {
			fmt.Fprintf(&in, "message %d, typed or piped into duplex -i\n", n)
		}
		m := runMeasured(t, strings.NewReader(in.String()), func(e trace.Event) bool {
			return e.Kind == trace.KindSummary || (e.Kind == trace.KindWSFrame && e.From == trace.Client)
		}, "duplex", "-i", "--json", "--interval", "0", "--timeout", "10s")
		if m.code != ExitOK {
			t.Fatalf("%d lines: exit %d: %s", lines, m.code, m.stderr)
		}
		if got := frameTotals(m.events, trace.Client)["text"]; got != lines {
			t.Errorf("%d lines: the trace counts %d text frames from the client", lines, got)
		}
		peak[i] = m.rss
	}
	// Flat, with room for the collector's timing on a busy machine (a
	// recorder that keeps every event grows sevenfold from one to the other).
	if peak[1] > 40<<20 || peak[1] > 2*peak[0] {
		t.Errorf("peak RSS %.1f MiB for 10,000 messages, %.1f MiB for 100,000: want flat, and at most 40 MiB",
			float64(peak[0])/(1<<20), float64(peak[1])/(1<<20))
	}
}
