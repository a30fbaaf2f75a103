package demo

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

func runHTTP(t *testing.T, opts HTTPOptions) []trace.Event {
	t.Helper()
	return mustRecord(t, RunHTTP, opts)
}

func kinds(evs []trace.Event, want ...trace.Kind) []trace.Event {
	var out []trace.Event
	for _, e := range evs {
		for _, k := range want {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

func TestHTTPStoryOnOneConnection(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{})
	msgs := kinds(evs, trace.KindHTTPRequest, trace.KindHTTPResponse)
	var got []string
	for _, e := range msgs {
		got = append(got, e.Summary)
		if e.Conn != 1 {
			t.Errorf("%s on conn %d, want 1 (keep-alive)", e.Summary, e.Conn)
		}
	}
	want := "GET /api/notes|200 OK|POST /api/notes|201 Created|GET /api/notes|200 OK|GET /api/notes|401 Unauthorized|GET /api/notes|200 OK"
	if strings.Join(got, "|") != want {
		t.Fatalf("messages:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if n := len(kinds(evs, trace.KindTCPConnect)); n != 1 {
		t.Errorf("%d TCP connections, want 1", n)
	}
	post := msgs[2]
	if post.HTTP.Method != "POST" || post.HTTP.Body != `{"text":"buy milk"}` {
		t.Errorf("POST event: %+v", post.HTTP)
	}
	if !strings.HasPrefix(string(post.Raw), "POST /api/notes HTTP/1.1\r\n") || !strings.HasSuffix(string(post.Raw), `{"text":"buy milk"}`) {
		t.Errorf("POST raw bytes: %q", post.Raw)
	}
	if _, ok := msgs[6].HTTP.Header("Authorization"); ok {
		t.Error("the stateless request carried Authorization")
	}
	if v, _ := msgs[0].HTTP.Header("Authorization"); v != "Bearer demo-token" {
		t.Errorf("first GET Authorization = %q", v)
	}
	if body := msgs[9].HTTP.Body; !strings.Contains(body, "call Ana") || !strings.Contains(body, "buy milk") {
		t.Errorf("last GET body %q lacks the other user's note", body)
	}
	// The server's check of the credential-less request is on conn 1, before the 401.
	var sawFailedCheck bool
	for _, e := range evs {
		if e.Kind == trace.KindCheck && !e.Check.OK {
			sawFailedCheck = true
			if e.Conn != 1 {
				t.Errorf("failed check on conn %d", e.Conn)
			}
		}
		if e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 401 && !sawFailedCheck {
			t.Error("401 came before the server's failed authorization check")
		}
	}
	sum := kinds(evs, trace.KindSummary)
	if len(sum) != 1 || sum[0].Stats["requests"] != 5 || sum[0].Stats["tcp_connections"] != 1 {
		t.Fatalf("summary: %+v", sum)
	}
	if evs[len(evs)-1].Kind != trace.KindSummary {
		t.Error("summary is not the last event")
	}
}

func TestHTTPNoKeepAliveUsesAConnectionPerRequest(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{NoKeepAlive: true})
	conns := map[int]bool{}
	for _, e := range kinds(evs, trace.KindHTTPRequest) {
		if conns[e.Conn] {
			t.Errorf("conn %d carried two requests", e.Conn)
		}
		conns[e.Conn] = true
	}
	// Two tcp.close events per connection: the first FIN, then the other's.
	if len(conns) != 5 || len(kinds(evs, trace.KindTCPConnect)) != 5 || len(kinds(evs, trace.KindTCPClose)) != 10 {
		t.Fatalf("conns %v, %d connects, %d closes", conns, len(kinds(evs, trace.KindTCPConnect)), len(kinds(evs, trace.KindTCPClose)))
	}
}

func TestHTTPRawHexIsWhatCrossed(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{})
	msgs := kinds(evs, trace.KindHTTPRequest, trace.KindHTTPResponse)
	if len(msgs) != 10 {
		t.Fatalf("%d HTTP messages, want 10", len(msgs))
	}
	// On one keep-alive connection every byte the tap counted belongs to
	// exactly one message: the raw bytes of the messages, laid end to end,
	// are all that crossed, in each direction.
	var sent [2]int
	for _, e := range msgs {
		for _, f := range e.Fields {
			if f.Off < 0 || f.Off+f.Len > len(e.Raw) {
				t.Fatalf("%s: field %s out of range", e.Summary, f.Name)
			}
		}
		first := strings.SplitN(string(e.Raw), "\r\n", 2)[0]
		if !strings.Contains(first, strings.Fields(e.Summary)[0]) {
			t.Errorf("raw %q does not start with %q", first, e.Summary)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if want := `"raw_hex":"` + hex.EncodeToString(e.Raw) + `"`; !strings.Contains(string(b), want) {
			t.Errorf("%s: JSON %s lacks %s", e.Summary, b, want)
		}
		if e.Kind == trace.KindHTTPRequest {
			sent[0] += len(e.Raw)
		} else {
			sent[1] += len(e.Raw)
		}
	}
	sum := kinds(evs, trace.KindSummary)
	if len(sum) != 1 {
		t.Fatalf("%d summaries", len(sum))
	}
	if c, s := sum[0].Stats["bytes_client_to_server"], sum[0].Stats["bytes_server_to_client"]; c != sent[0] || s != sent[1] {
		t.Errorf("tap counted %v and %v bytes; the messages' raw bytes add up to %d and %d", c, s, sent[0], sent[1])
	}
}

func TestHTTPBusyAddressNamesIt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = RunHTTP(context.Background(), trace.NewRecorder(), HTTPOptions{Common: Common{Addr: ln.Addr().String()}})
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("err = %v", err)
	}
}

// Stopped at any point (Ctrl-C, or q at a step: both cancel ctx), RunHTTP
// returns promptly and cleanly; TestMain checks nothing is left running,
// and -race that no callback of a cancelled request races the return.
func TestHTTPStopsAtAnyEvent(t *testing.T) {
	total := len(runHTTP(t, HTTPOptions{}))
	for n := range total {
		rec := trace.NewRecorder()
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			if _, err := rec.Next(ctx, n); err == nil {
				cancel()
			}
		}()
		err := runUntil(t, 4*time.Second, func() error { return RunHTTP(ctx, rec, HTTPOptions{}) })
		cancel()
		rec.Close()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("stopped after event %d: %v, want nil or context.Canceled", n, err)
		}
	}
}

// The summary's head count is requests and responses together; statelessness
// explains only the requests' part, so the summary gives each, and they add
// up to the whole.
func TestHTTPSummarySplitsHeadsByDirection(t *testing.T) {
	evs := runHTTP(t, HTTPOptions{})
	var heads [2]int
	for _, e := range kinds(evs, trace.KindHTTPRequest, trace.KindHTTPResponse) {
		head := len(e.Raw) - len(e.HTTP.Body)
		if e.Kind == trace.KindHTTPRequest {
			heads[0] += head
		} else {
			heads[1] += head
		}
	}
	sum := kinds(evs, trace.KindSummary)[0]
	c, s := sum.Stats["header_bytes_client_to_server"], sum.Stats["header_bytes_server_to_client"]
	if c != heads[0] || s != heads[1] || sum.Stats["header_bytes"] != heads[0]+heads[1] {
		t.Errorf("stats %v / %v / %v; the messages' heads are %d and %d", c, s, sum.Stats["header_bytes"], heads[0], heads[1])
	}
	for _, n := range heads {
		if !strings.Contains(sum.Note, fmt.Sprintf("%d in the", n)) {
			t.Errorf("note does not give %d: %s", n, sum.Note)
		}
	}
}

// The summary's timings say what they are measured from: each request's
// own start, which on a new connection includes opening TCP.
func TestHTTPTimingsSayTheirStart(t *testing.T) {
	t.Parallel()
	evs := runHTTP(t, HTTPOptions{Common: Common{Timeout: 5 * time.Second}})
	for _, e := range evs {
		if e.Kind != trace.KindSummary {
			continue
		}
		if len(e.Fields) == 0 {
			t.Fatal("no timing fields")
		}
		for _, f := range e.Fields {
			if !strings.HasSuffix(f.Meaning, "ms after the client began the request") {
				t.Errorf("%s: %q does not say after what", f.Name, f.Meaning)
			}
		}
		if !strings.Contains(e.Note, "count from the moment the client began it") || !strings.Contains(e.Note, "include opening TCP") {
			t.Errorf("the note does not say where the times start: %s", e.Note)
		}
		return
	}
	t.Fatal("no summary")
}
