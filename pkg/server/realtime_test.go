package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	gws "github.com/gorilla/websocket"

	"wsdemo/pkg/trace"
)

func startServer(tb testing.TB, rec *trace.Recorder) *Server {
	tb.Helper()
	s := New(Config{Rec: rec})
	if err := s.Start("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		s.CloseRealtime()
		s.Close()
	})
	return s
}

func testClient(tb testing.TB) *http.Client {
	tr := &http.Transport{}
	tb.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func get(t *testing.T, c *http.Client, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return doWith(t, c, req)
}

func TestDocGetAndConditionalPoll(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	s := startServer(t, rec)
	c := testClient(t)
	resp, body := get(t, c, s.URL()+"/docs/a")
	if resp.StatusCode != 200 || body != `{"v":0,"text":""}` || resp.Header.Get("ETag") != `"v0"` {
		t.Fatalf("empty doc: %d %s etag %s", resp.StatusCode, body, resp.Header.Get("ETag"))
	}
	resp, body = get(t, c, s.URL()+"/docs/a", "If-None-Match", `"v0"`)
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("unchanged poll: %d %q, want 304 and no body", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("POST", s.URL()+"/docs/a/edits", strings.NewReader(`{"text":"hi"}`))
	req.Header.Set("X-User", "tab-a")
	post, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusCreated {
		t.Fatalf("POST edit: %d", post.StatusCode)
	}
	resp, body = get(t, c, s.URL()+"/docs/a", "If-None-Match", `"v0"`)
	if resp.StatusCode != 200 || body != `{"v":1,"text":"hi"}` {
		t.Fatalf("changed poll: %d %s", resp.StatusCode, body)
	}
	if e := s.Edits("a"); len(e) != 1 || e[0].At.IsZero() {
		t.Fatalf("edit log %+v", e)
	}
	evs := rec.Events()
	if len(evs) != 1 || evs[0].From != "tab-a" || !strings.Contains(evs[0].Summary, `edit v1 to a: "hi"`) {
		t.Fatalf("server events %+v, want one note of the applied edit from tab-a", evs)
	}
}

func TestDocRejectsBadInput(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	c := testClient(t)
	for _, tc := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", "/docs/Bad_Name", "", 404},
		{"GET", "/docs/a/edits?since=x", "", 400},
		{"POST", "/docs/a/edits", `{"text":""}`, 400},
		{"POST", "/docs/a/edits", `not json`, 400},
		{"POST", "/docs/a/edits", `{"text":"` + strings.Repeat("x", maxEditText+1) + `"}`, 400},
	} {
		req, _ := http.NewRequest(tc.method, s.URL()+tc.path, strings.NewReader(tc.body))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s %.20s: %d, want %d", tc.method, tc.path, tc.body, resp.StatusCode, tc.want)
		}
	}
}

func TestLongPollIsHeldUntilAnEdit(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	c := testClient(t)
	go func() {
		time.Sleep(50 * time.Millisecond)
		s.ApplyEdit("lp", "x", "")
	}()
	resp, body := get(t, c, s.URL()+"/docs/lp/edits?since=0")
	if resp.StatusCode != 200 || body != `[{"v":1,"text":"x"}]` {
		t.Fatalf("held poll: %d %s", resp.StatusCode, body)
	}
	s.SetLongPollHold(20 * time.Millisecond)
	resp, body = get(t, c, s.URL()+"/docs/lp/edits?since=1")
	if resp.StatusCode != http.StatusNoContent || body != "" {
		t.Fatalf("poll with nothing new: %d %q, want 204", resp.StatusCode, body)
	}
}

func TestCloseRealtimeReleasesHeldPolls(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	c := testClient(t)
	done := make(chan int)
	go func() {
		resp, err := c.Get(s.URL() + "/docs/held/edits")
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	time.Sleep(30 * time.Millisecond)
	s.CloseRealtime()
	select {
	case code := <-done:
		if code != http.StatusNoContent {
			t.Fatalf("held poll answered %d, want 204", code)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("CloseRealtime did not release the held poll")
	}
}

func dialWS(tb testing.TB, s *Server, path string) *websocket.Conn {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+s.Addr()+path, &websocket.DialOptions{HTTPClient: testClient(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func readEdit(tb testing.TB, c *websocket.Conn) Edit {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var e Edit
	if err := json.Unmarshal(b, &e); err != nil {
		tb.Fatal(err)
	}
	return e
}

func TestWebSocketPushesEveryEditAndReportsTheCloseCode(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	s := startServer(t, rec)
	s.ApplyEdit("ws", "a", "") // before the client connects: since=0 still gets it
	c := dialWS(t, s, "/docs/ws/ws?since=0")
	s.ApplyEdit("ws", "b", "")
	s.ApplyEdit("ws", "c", "")
	for want := 1; want <= 3; want++ {
		if e := readEdit(t, c); e.V != want || e.Text != string(rune('a'+want-1)) {
			t.Fatalf("message %d: %+v", want, e)
		}
	}
	if err := c.Close(websocket.StatusGoingAway, "tab closed"); err != nil {
		t.Fatal(err)
	}
	s.CloseRealtime() // waits for the handler, which reports the close
	var found bool
	for _, e := range rec.Events() {
		if e.Kind == trace.KindNote && strings.Contains(e.Summary, "1001 (going away)") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no server note about the 1001 close in %+v", rec.Events())
	}
}

// WaitPushers returns once the document's WebSocket handlers have ended,
// and so after the server's note on how the client closed: without it that
// note can come after whatever the client does next.
func TestWaitPushersWaitsForTheCloseNote(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	s := startServer(t, rec)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.WaitPushers(ctx, "quiet"); err != nil {
		t.Fatalf("no pusher, yet WaitPushers = %v", err)
	}
	c := dialWS(t, s, "/docs/wait/ws?since=0")
	short, cancelShort := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancelShort()
	if err := s.WaitPushers(short, "wait"); err == nil {
		t.Fatal("WaitPushers returned while the WebSocket was open")
	}
	if err := c.Close(websocket.StatusNormalClosure, "done"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitPushers(ctx, "wait"); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range rec.Events() {
		found = found || strings.Contains(e.Summary, "closed the WebSocket with 1000")
	}
	if !found {
		t.Fatalf("WaitPushers returned before the close note: %+v", rec.Events())
	}
}

func TestCloseRealtimeClosesWebSocketsWith1001(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	c := dialWS(t, s, "/docs/ws2/ws")
	errc := make(chan error, 1)
	go func() {
		_, _, err := c.Read(context.Background())
		errc <- err
	}()
	s.CloseRealtime()
	select {
	case err := <-errc:
		if websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Fatalf("client read %v, want close 1001", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the WebSocket stayed open after CloseRealtime")
	}
	c.CloseNow()
}

func TestTCPRelayPushesJSONLines(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	r, err := s.StartTCPRelay("127.0.0.1:0", "tcp")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s.ApplyEdit("tcp", "a", "")
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	s.ApplyEdit("tcp", "b", "")
	for _, want := range []string{`{"v":1,"text":"a"}` + "\n", `{"v":2,"text":"b"}` + "\n"} {
		line, err := br.ReadString('\n')
		if err != nil || line != want {
			t.Fatalf("line %q, %v; want %q", line, err, want)
		}
	}
	r.Close()
	if _, err := br.ReadString('\n'); err == nil {
		t.Fatal("connection still open after the relay closed")
	}
}

// benchPush runs b.N pushes: the server applies an edit (as tab A's POST
// handler does) and a follower reads it, one edit in flight at a time, so
// ns/op is the push latency. A document holds at most maxDocEdits edits, so
// the run moves to a fresh document (and follower) every chunk, off the clock.
func benchPush(b *testing.B, follow func(s *Server, doc string) (read func() error, stop func())) {
	s := startServer(b, nil)
	const chunk = maxDocEdits / 2
	b.ReportAllocs()
	b.ResetTimer()
	for done, round := 0, 0; done < b.N; round++ {
		b.StopTimer()
		doc := fmt.Sprintf("bench-%d", round)
		read, stop := follow(s, doc)
		b.StartTimer()
		n := min(b.N-done, chunk)
		for i := 0; i < n; i++ {
			if _, err := s.ApplyEdit(doc, "x", ""); err != nil {
				b.Fatal(err)
			}
			if err := read(); err != nil {
				b.Fatal(err)
			}
		}
		done += n
		b.StopTimer()
		stop()
		b.StartTimer()
	}
}

// BenchmarkRealtimePush measures the push path of the websocket strategy:
// the server receives an edit and the other tab's WebSocket client reads it.
func BenchmarkRealtimePush(b *testing.B) {
	benchPush(b, func(s *Server, doc string) (func() error, func()) {
		c := dialWS(b, s, "/docs/"+doc+"/ws")
		ctx := context.Background()
		read := func() error {
			_, p, err := c.Read(ctx)
			if err != nil {
				return err
			}
			var e Edit
			return json.Unmarshal(p, &e)
		}
		return read, func() { c.Close(websocket.StatusNormalClosure, "") }
	})
}

// BenchmarkRealtimeTCPFloor is the same push over the raw TCP relay: JSON
// lines, no HTTP, no framing. The floor BenchmarkRealtimePush compares to.
func BenchmarkRealtimeTCPFloor(b *testing.B) {
	benchPush(b, func(s *Server, doc string) (func() error, func()) {
		r, err := s.StartTCPRelay("127.0.0.1:0", doc)
		if err != nil {
			b.Fatal(err)
		}
		c, err := net.Dial("tcp", r.Addr())
		if err != nil {
			b.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(time.Minute))
		br := bufio.NewReader(c)
		read := func() error {
			line, err := br.ReadBytes('\n')
			if err != nil {
				return err
			}
			var e Edit
			return json.Unmarshal(line, &e)
		}
		return read, func() { c.Close(); r.Close() }
	})
}

// A subscriber that stops reading must not hold up the others: each
// WebSocket has its own writer, bounded by its own timeout (issue: "a slow
// or stuck client never blocks the others").
func TestStuckSubscriberDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	// The stuck client never reads, and its socket takes little: the 9 MB
	// of edits below are more than the kernel's buffers on both sides can
	// hold, so the server's write to it blocks.
	smallBuffer := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4 << 10)
		}
		return c, err
	}}
	defer smallBuffer.CloseIdleConnections()
	stuck, _, err := websocket.Dial(context.Background(), "ws://"+s.Addr()+"/docs/stuck/ws?since=0",
		&websocket.DialOptions{HTTPClient: &http.Client{Transport: smallBuffer}})
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.CloseNow()
	text := strings.Repeat("x", maxEditText)
	for range 9000 {
		if _, err := s.ApplyEdit("stuck", text, ""); err != nil {
			t.Fatal(err)
		}
	}
	// Give the stuck client's writer time to fill the buffers and block.
	// (Nothing outside the handler shows that it has; without this pause a
	// shared writer could still slip the next edit through.)
	time.Sleep(500 * time.Millisecond)
	fresh := dialWS(t, s, "/docs/stuck/ws?since=9000") // from the current version on
	defer fresh.CloseNow()
	want, err := s.ApplyEdit("stuck", "for the one still reading", "")
	if err != nil {
		t.Fatal(err)
	}
	// readEdit gives up after 5 s, well before the stuck write's 10 s timeout.
	if got := readEdit(t, fresh); got.V != want.V || got.Text != want.Text {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// Close alone ends the realtime endpoints too: a pushed WebSocket gets its
// 1001 and a TCP relay stops accepting, without CloseRealtime first.
func TestCloseEndsRealtimeEndpoints(t *testing.T) {
	s := New(Config{})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	relay, err := s.StartTCPRelay("127.0.0.1:0", "tcp")
	if err != nil {
		t.Fatal(err)
	}
	c := dialWS(t, s, "/docs/closing/ws")
	defer c.CloseNow()
	read := make(chan error, 1)
	go func() {
		_, _, err := c.Read(context.Background())
		read <- err
	}()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case <-closed:
	case <-time.After(4 * time.Second):
		t.Fatal("Close did not return")
	}
	if err := <-read; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("push client read %v, want close 1001", err)
	}
	if conn, err := net.Dial("tcp", relay.Addr()); err == nil {
		conn.Close()
		t.Error("the TCP relay still accepts connections after Close")
	}
}

// A Close frame without a status code is reported as such, not as "closed
// with 1005": 1005 only names the absence and never crosses the wire.
func TestPushReportsCloseWithoutStatusCode(t *testing.T) {
	rec := trace.NewRecorder()
	s := startServer(t, rec)
	c, _, err := gws.DefaultDialer.Dial("ws://"+s.Addr()+"/docs/nostatus/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WriteControl(gws.CloseMessage, nil, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for { // until the server's answer to our close
		if _, _, err := c.ReadMessage(); err != nil {
			break
		}
	}
	s.CloseRealtime() // waits for the handler, which reports the close
	for _, e := range rec.Events() {
		if e.Kind == trace.KindNote && strings.Contains(e.Summary, "closed the WebSocket") {
			if !strings.Contains(e.Summary, "no status code") || strings.Contains(e.Summary, "1005") {
				t.Fatalf("summary %q", e.Summary)
			}
			return
		}
	}
	t.Fatalf("no note about the client's close in %+v", rec.Events())
}
