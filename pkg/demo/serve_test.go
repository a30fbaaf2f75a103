package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// serveClient plays a browser against the serve scenario with Go's own
// clients, along the page's paths: the page and its cookie, a tab number,
// the document, a poll, a long poll answered by another tab's edit, a
// WebSocket that offers permessage-deflate and sends an edit, a foreign
// origin's handshake, and a close with 1001. It returns the trace.
func serveClient(t *testing.T, c Common) []trace.Event {
	t.Helper()
	rec := trace.NewRecorder()
	urls, stop := serving(t, rec, ServeOptions{Common: c})
	base := strings.TrimSuffix(urls.Page, "/")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var cookie string
	do := func(method, path string, header http.Header, body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}

	resp, _ := do("GET", "/", nil, "")
	if len(resp.Cookies()) != 1 || resp.Cookies()[0].Name != server.SessionCookie {
		t.Fatalf("the page set cookies %v", resp.Cookies())
	}
	cookie = server.SessionCookie + "=" + resp.Cookies()[0].Value
	if _, body := do("POST", "/tabs", nil, ""); !strings.Contains(body, `"tab":1`) {
		t.Fatalf("POST /tabs: %s", body)
	}
	do("GET", "/docs/shared?tab=1", nil, "")
	if resp, _ := do("GET", "/docs/shared?tab=1", http.Header{"If-None-Match": {`"v0"`}}, ""); resp.StatusCode != 304 {
		t.Fatalf("a poll of an unchanged document got %d", resp.StatusCode)
	}

	// Tab 1 holds a long poll; tab 2's edit answers it.
	held := make(chan string, 1)
	go func() {
		lp := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
		defer lp.Transport.(*http.Transport).CloseIdleConnections()
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/docs/shared/edits?since=0&tab=1", nil)
		req.Header.Set("Cookie", cookie)
		resp, err := lp.Do(req)
		if err != nil {
			held <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		held <- string(b)
	}()
	waitEvent(t, rec, func(e trace.Event) bool {
		return e.Kind == trace.KindHTTPRequest && strings.HasPrefix(e.HTTP.Target, "/docs/shared/edits?since=0")
	})
	if resp, body := do("POST", "/docs/shared/edits?tab=2", nil, `{"text":"hi","pos":0,"del":0}`); resp.StatusCode != 201 {
		t.Fatalf("POST an edit: %d %s", resp.StatusCode, body)
	}
	if got := <-held; !strings.Contains(got, `"by":"tab-2"`) {
		t.Fatalf("the long poll got %s", got)
	}

	// The page's WebSocket, as a browser opens it: its Origin, its cookie,
	// and an offer of permessage-deflate.
	ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/docs/shared/ws?since=1&tab=1", &websocket.DialOptions{
		HTTPHeader:      http.Header{"Origin": {base}, "Cookie": {cookie}},
		CompressionMode: websocket.CompressionContextTakeover,
	})
	if err != nil {
		t.Fatalf("the page's WebSocket: %v", err)
	}
	if ext := resp.Header.Get("Sec-WebSocket-Extensions"); ext != "" {
		t.Errorf("the server accepted %q: its frames would not be readable on the wire", ext)
	}
	if err := ws.Write(ctx, websocket.MessageText, []byte(`{"text":"!","pos":2,"del":0}`)); err != nil {
		t.Fatal(err)
	}
	_, msg, err := ws.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		V   int     `json:"v"`
		By  string  `json:"by"`
		TS  float64 `json:"ts"`
		Now float64 `json:"now"`
	}
	if err := json.Unmarshal(msg, &e); err != nil || e.V != 2 || e.By != "tab-1" || e.TS <= 0 || e.Now < e.TS {
		t.Errorf("the push %s", msg)
	}

	// A foreign page's handshake, with the user's cookie.
	_, resp, err = websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/docs/shared/ws?since=0", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(urls.Foreign, "/")}, "Cookie": {cookie}},
	})
	if err == nil || resp == nil || resp.StatusCode != 403 {
		t.Errorf("the foreign handshake: %v, %v", err, resp)
	}

	ws.Close(websocket.StatusGoingAway, "")
	waitEvent(t, rec, func(e trace.Event) bool {
		return e.Kind == trace.KindWSFrame && e.Frame.CloseCode == 1001 && e.From == trace.Server
	})
	tr.CloseIdleConnections()
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("RunServe returned %v", err)
	}
	return rec.Events()
}

// The serve scenario with Go's clients in the browser's place: every
// request is labelled with its tab (or the foreign page), the server
// declines permessage-deflate, and the notes say what crossed.
func TestServeTracesEachTab(t *testing.T) {
	evs := serveClient(t, Common{})
	labels := map[string]string{}
	notes := map[string]bool{}
	var held, refused, declined bool
	for _, e := range evs {
		if e.Kind == trace.KindHTTPRequest {
			labels[e.HTTP.Method+" "+e.HTTP.Target] = e.From
		}
		if e.Note != "" {
			notes[e.Note] = true
		}
		for _, f := range e.Fields {
			held = held || f.Name == "held"
		}
		if e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 403 && e.To == foreignActor {
			refused = true
		}
		if e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 101 {
			_, ext := e.HTTP.Header("Sec-WebSocket-Extensions")
			declined = !ext
		}
	}
	for req, want := range map[string]string{
		"GET /":                                browserActor,
		"POST /tabs":                           browserActor,
		"GET /docs/shared?tab=1":               "tab-1",
		"GET /docs/shared/edits?since=0&tab=1": "tab-1",
		"POST /docs/shared/edits?tab=2":        "tab-2",
		"GET /docs/shared/ws?since=1&tab=1":    "tab-1",
		"GET /docs/shared/ws?since=0":          foreignActor,
	} {
		if labels[req] != want {
			t.Errorf("%s is labelled %q, want %q", req, labels[req], want)
		}
	}
	// (Not the pong: Go's client answers the server's ping only if the ping
	// arrives before the push it reads, which a busy machine may reorder.)
	for _, k := range []noteKey{notePageCookie, notePoll304, noteLongPoll200, noteEdit201, note101Declined, noteForeignCookie, note403Cookie, noteTabSends, notePush} {
		if !notes[string(serveNotes[k])] {
			t.Errorf("no note %q", k)
		}
	}
	if !held || !refused || !declined {
		t.Errorf("held field %v, foreign 403 %v, deflate declined %v", held, refused, declined)
	}
	// Frames are labelled with the tab whose WebSocket they cross.
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame && e.From != trace.Server && e.From != "tab-1" {
			t.Errorf("seq %d: a frame from %q", e.Seq, e.From)
		}
	}
}

// --rtt puts the browsers a round trip away: serve says so first, with
// what a server-side tap does and does not delay, and its summary keeps
// the round trip (rtt_ms).
func TestServeAtADistance(t *testing.T) {
	evs := serveClient(t, Common{RTT: 40 * time.Millisecond})
	first, last := evs[0], evs[len(evs)-1]
	if first.Kind != trace.KindNote || first.Summary != "--rtt 40ms: a simulated round trip, 20ms each way" ||
		!strings.Contains(first.Note, "The tap is on the server's side, so the delay starts once the server has accepted the connection") {
		t.Errorf("the first event is %s %q: %s", first.Kind, first.Summary, first.Note)
	}
	if last.Kind != trace.KindSummary || last.Stats["rtt_ms"] != 40.0 {
		t.Errorf("the summary %q has stats %v", last.Summary, last.Stats)
	}
}

// A client that breaks a rule (an unmasked frame, RFC 6455 §5.1) is shown
// breaking it: the frame keeps the note that names the rule, not a note
// about a tab sending its edit.
func TestServeShowsABrokenRule(t *testing.T) {
	rec := trace.NewRecorder()
	urls, stop := serving(t, rec, ServeOptions{})
	defer stop()
	host := strings.TrimSuffix(strings.TrimPrefix(urls.Page, "http://"), "/")
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /docs/shared/ws?since=0&tab=1 HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", host, host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("the handshake: %v %v", resp, err)
	}
	c.Write(wire.AppendFrame(nil, true, 0, wire.OpText, nil, []byte(`{"text":"x"}`))) // no mask
	waitEvent(t, rec, func(e trace.Event) bool { return e.Kind == trace.KindWSFrame && e.Frame.Violation != "" })
	for _, e := range rec.Events() {
		if e.Kind == trace.KindWSFrame && e.Frame.Violation != "" {
			if !strings.HasPrefix(e.Note, "This frame breaks a rule: ") || strings.Contains(e.Note, "The tab sends its edit") {
				t.Errorf("the unmasked frame's note: %q", e.Note)
			}
		}
	}
}

// serve runs for as long as the class does: its observer lets each
// connection go once the tap has reported its last end, as the tracer
// does, so it holds nothing of the hundreds that came and went. It used to
// keep every connection of the session.
func TestServeLetsClosedConnectionsGo(t *testing.T) {
	rec := trace.NewRecorder()
	go func() { // a renderer's share: take every event
		for i := 0; ; i++ {
			if _, err := rec.Next(context.Background(), i); err != nil {
				return
			}
		}
	}()
	defer rec.Close()
	o := newServeObserver(rec, lang.Text{})
	tap := wiretap.New(o)
	tap.Linger = 100 * time.Millisecond
	defer tap.Wait()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })}
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(tap.Listen(inner)) }()
	defer func() { srv.Close(); <-done }()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	const n = 300
	for i := range n {
		resp, err := client.Get(fmt.Sprintf("http://%s/docs/shared?tab=%d", inner.Addr(), i%3+1))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	o.tr.waitClosed(30 * time.Second)
	o.mu.Lock()
	conns, addrs, tabs := len(o.conns), len(o.addrs), len(o.tabs)
	o.mu.Unlock()
	if conns != 0 || addrs != 0 || tabs != 3 {
		t.Errorf("after %d closed connections the observer holds %d of them and %d addresses (and %d tabs, want 3)", n, conns, addrs, tabs)
	}
	if s := o.tr.Stats(); s.Conns != n || s.Requests != n {
		t.Errorf("stats: %d connections, %d requests; want %d each", s.Conns, s.Requests, n)
	}
}

// RunServe refuses options it cannot run with before it listens.
func TestServeOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		opts  ServeOptions
		field Option
		want  string
	}{
		{ServeOptions{PageLang: "fr"}, OptPageLang, `PageLang "fr": the page speaks en, pt-BR`},
		{ServeOptions{Common: Common{RTT: -time.Millisecond}}, OptRTT, "a round trip cannot be negative"},
	} {
		rec := trace.NewRecorder()
		// Bounded: a run that does not refuse serves until it ends.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := RunServe(ctx, rec, tc.opts)
		cancel()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want a FieldError for %s saying %q", tc.opts, err, tc.field, tc.want)
		}
		if evs := rec.Events(); len(evs) != 0 {
			t.Errorf("%+v: %d events recorded before refusing", tc.opts, len(evs))
		}
	}
	if err := (ServeOptions{PageLang: "pt-BR"}).Validate(); err != nil {
		t.Error(err)
	}
}
