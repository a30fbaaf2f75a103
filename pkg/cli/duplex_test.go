package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/trace"
)

// parseTrace reads --json output: every line must be one event.
func parseTrace(t *testing.T, out []byte) []trace.Event {
	t.Helper()
	var evs []trace.Event
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e trace.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not an event: %v\n%s", len(evs)+1, err, sc.Bytes())
		}
		evs = append(evs, e)
	}
	return evs
}

// TestDuplexJSONShowsTheTwoWayRoad is the definition of done, on
// the real command's --json output with its defaults.
func TestDuplexJSONShowsTheTwoWayRoad(t *testing.T) {
	ios, _, out, errOut := Test()
	if code := Run(context.Background(), ios, []string{"duplex", "--json"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr: %q", errOut)
	}
	evs := parseTrace(t, out.Bytes())
	count := map[trace.Kind]int{}
	var data [2]int
	var seq []string // sender of each data frame
	var pings, pongs, closes []trace.Event
	for _, e := range evs {
		count[e.Kind]++
		if e.Kind != trace.KindWSFrame {
			continue
		}
		testkit.CheckFrameMatchesRaw(t, e)
		side := 0
		if e.From == trace.Server {
			side = 1
		}
		if (side == 0) != e.Frame.Masked {
			t.Errorf("seq %d: %s frame masked=%v", e.Seq, e.From, e.Frame.Masked)
		}
		switch e.Frame.OpcodeName {
		case "text", "binary", "continuation":
			data[side]++
			seq = append(seq, e.From)
		case "ping":
			pings = append(pings, e)
		case "pong":
			pongs = append(pongs, e)
		case "close":
			closes = append(closes, e)
		}
	}
	if data[0] < 3 || data[1] < 3 {
		t.Errorf("data frames: %d client → server, %d server → client; want at least 3 each way", data[0], data[1])
	}
	if !strings.Contains(strings.Join(seq, ","), "client,server,client") {
		t.Errorf("no server frame between two client frames: %v", seq)
	}
	answered := false
	for _, p := range pings {
		for _, q := range pongs {
			if q.Seq > p.Seq && q.From != p.From && q.Frame.Payload == p.Frame.Payload {
				answered = true
			}
		}
	}
	if !answered {
		t.Errorf("no ping answered by a pong: %d pings, %d pongs", len(pings), len(pongs))
	}
	if len(closes) != 2 || closes[0].From == closes[1].From || closes[0].Frame.CloseCode != 1000 || closes[1].Frame.CloseCode != 1000 {
		t.Errorf("close frames: %+v", closes)
	}
	if count[trace.KindTCPConnect] != 1 || count[trace.KindHTTPRequest] != 1 {
		t.Errorf("%d TCP connections and %d HTTP requests, want 1 and 1", count[trace.KindTCPConnect], count[trace.KindHTTPRequest])
	}
	if last := evs[len(evs)-1]; last.Kind != trace.KindSummary || last.Stats["tcp_connections"] != float64(1) {
		t.Errorf("last event: %+v", last)
	}
}

func TestDuplexHonoursAddr(t *testing.T) {
	addr := testkit.FreeAddr(t)
	ios, _, out, errOut := Test()
	if code := Run(context.Background(), ios, []string{"duplex", "--json", "--addr", addr, "--messages", "1", "--interval", "10ms"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	evs := parseTrace(t, out.Bytes())
	if evs[0].Kind != trace.KindTCPConnect || !strings.HasSuffix(evs[0].Summary, "→ "+addr) {
		t.Fatalf("first event %q does not connect to %s", evs[0].Summary, addr)
	}
}

// TestDuplexInteractiveCtrlC types into a pipe, then interrupts: the client
// must close with 1001 (going away), show that frame, and exit 130.
func TestDuplexInteractiveCtrlC(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ios, _, out, errOut := Test()
	ios.In = pr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- Run(ctx, ios, []string{"duplex", "-i", "--json", "--interval", "1m"}) }()

	// The line reader starts once the WebSocket is open, so this write
	// returning means the connection is up.
	if _, err := io.WriteString(pw, "hello\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	var code int
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after Ctrl-C")
	}
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %q", code, errOut)
	}
	if !strings.Contains(errOut.String(), "wsdemo: interrupted") {
		t.Errorf("stderr %q", errOut)
	}
	var closes []string
	for _, e := range parseTrace(t, out.Bytes()) {
		if e.Kind == trace.KindWSFrame && e.Frame.OpcodeName == "close" {
			testkit.CheckFrameMatchesRaw(t, e)
			closes = append(closes, e.From+" "+e.Summary)
		}
	}
	if len(closes) == 0 || !strings.HasPrefix(closes[0], "client CLOSE 1001") {
		t.Fatalf("close frames %q, want the client's 1001 first", closes)
	}
}

func TestDuplexUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"--messages", "0"}, "--messages must be from 1 to 1000, got 0"},
		{[]string{"--messages", "1001"}, "--messages must be from 1 to 1000, got 1001"},
		{[]string{"--interval", "0s"}, "--interval must be positive, got 0s (--interval 0 turns the server's pushes off with --interactive)"},
		{[]string{"--interval", "-1s"}, "--interval must be positive, got -1s"},
		{[]string{"-i", "--interval", "-1s"}, "--interval must not be negative, got -1s"},
		{[]string{"-i", "--interval", "2m"}, "--interval 2m: the built-in server waits at most 1m between pushes (--interval 0 turns them off)"},
		{[]string{"--interval", "soon"}, `--interval "soon" is not a duration`},
		{[]string{"--url", "http://example.com/"}, `--url "http://example.com/" is an HTTP URL`},
		{[]string{"--url", "ws://"}, `--url "ws://" has no host`},
		{[]string{"--url", "ws://:8080/chat"}, "has no host"},
		{[]string{"--url", "ws://127.0.0.1:1/chat#top"}, "has a #fragment"},
		{[]string{"--url", "ws://127.0.0.1:1/", "--addr", "127.0.0.1:0"}, "with --url there is no built-in server"},
		{[]string{"-i", "--delay", "1s"}, "--interactive shows frames as they happen"},
		{[]string{"extra"}, "takes no arguments"},
	} {
		ios, _, out, errOut := Test()
		args := append([]string{"duplex"}, tc.args...)
		if code := Run(context.Background(), ios, args); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut)
		}
		if !strings.HasPrefix(errOut.String(), "wsdemo: ") || !strings.Contains(errOut.String(), tc.err) {
			t.Errorf("%v: stderr %q lacks %q", args, errOut, tc.err)
		}
		if out.Len() > 0 {
			t.Errorf("%v: stdout %q", args, out)
		}
	}
}
