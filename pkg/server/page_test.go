package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/trace"
)

func startPage(t *testing.T, rec *trace.Recorder) *Server {
	t.Helper()
	s := New(Config{Rec: rec, Browser: true})
	s.ServePage(PageOptions{Files: fstest.MapFS{
		"index.html": {Data: []byte(`<html data-lang="{{LANG}}">`)},
		"app.js":     {Data: []byte(`"use strict";`)},
	}, Replace: map[string]string{"{{LANG}}": `pt-BR"><script>`}})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.CloseRealtime(); s.Close() })
	return s
}

func post(t *testing.T, c *http.Client, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return doWith(t, c, req)
}

// The page's first load hands out a session cookie, a later load with it
// does not; its placeholders are filled in, escaped; tabs are numbered in
// the cookie's session; and the page's files are served with no-store.
func TestPageSessionsAndTabs(t *testing.T) {
	t.Parallel()
	s := startPage(t, nil)
	c := testClient(t)
	resp, body := get(t, c, s.URL()+"/")
	cookies := resp.Cookies()
	if resp.StatusCode != 200 || len(cookies) != 1 || cookies[0].Name != SessionCookie || !cookies[0].HttpOnly {
		t.Fatalf("first load: %d, cookies %v", resp.StatusCode, cookies)
	}
	if body != `<html data-lang="pt-BR&#34;&gt;&lt;script&gt;">` {
		t.Errorf("the placeholder was filled in as %s", body)
	}
	cookie := SessionCookie + "=" + cookies[0].Value
	if resp, _ := get(t, c, s.URL()+"/", "Cookie", cookie); len(resp.Cookies()) != 0 {
		t.Errorf("a load with a known session got a new cookie: %v", resp.Cookies())
	}
	if resp, _ := get(t, c, s.URL()+"/", "Cookie", SessionCookie+"=forged"); len(resp.Cookies()) != 1 {
		t.Error("a load with an unknown session cookie got no cookie of its own")
	}
	for want := 1; want <= 2; want++ {
		resp, body := post(t, c, s.URL()+"/tabs", "", "Cookie", cookie)
		if resp.StatusCode != 201 || body != `{"tab":`+strconv.Itoa(want)+`,"user":"user-1"}` || resp.Header.Get(ServerTimeHeader) == "" {
			t.Errorf("POST /tabs: %d %s (%s %q)", resp.StatusCode, body, ServerTimeHeader, resp.Header.Get(ServerTimeHeader))
		}
	}
	resp, body = get(t, c, s.URL()+"/app.js")
	if body != `"use strict";` || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("app.js: %s, %v", body, resp.Header)
	}
	if resp, _ := get(t, c, s.URL()+"/index.html"); resp.StatusCode != 404 {
		t.Errorf("index.html by name: %d, want 404 (it is served at /, with its cookie)", resp.StatusCode)
	}
	if resp, _ := get(t, c, s.URL()+"/ws"); resp.StatusCode != http.StatusUpgradeRequired {
		t.Errorf("the page's files took /ws: %d", resp.StatusCode)
	}
}

// An edit in place counts characters, not bytes, and stays within the
// text; for a browser page it carries its author and the server's clock,
// and so does every answer.
func TestEditsInPlaceAreStamped(t *testing.T) {
	t.Parallel()
	s := startPage(t, nil)
	c := testClient(t)
	before := float64(time.Now().UnixMicro()) / 1000
	for _, e := range []struct{ body, want string }{
		{`{"text":"ação"}`, "ação"},              // appended
		{`{"text":"X","pos":2,"del":1}`, "açXo"}, // ã is one character
		{`{"text":"!","pos":99}`, "açXo!"},       // past the end: at the end
		{`{"text":"","pos":1,"del":99}`, "a"},    // deletes what there is
		{`{"text":"é","pos":-5,"del":0}`, "a"},   // refused: no such position
		{`{"text":"","pos":0,"del":0}`, "a"},     // refused: changes nothing
		{`{"text":"é","pos":0}`, "éa"},
	} {
		resp, body := post(t, c, s.URL()+"/docs/d/edits?tab=7", e.body)
		if (resp.StatusCode == 201) != (e.body != `{"text":"é","pos":-5,"del":0}` && e.body != `{"text":"","pos":0,"del":0}`) {
			t.Errorf("%s: %d %s", e.body, resp.StatusCode, body)
		}
		_, doc := get(t, c, s.URL()+"/docs/d")
		var st DocState
		json.Unmarshal([]byte(doc), &st)
		if st.Text != e.want {
			t.Errorf("after %s the text is %q, want %q", e.body, st.Text, e.want)
		}
	}
	resp, body := get(t, c, s.URL()+"/docs/d/edits?since=0")
	var edits []Edit
	if err := json.Unmarshal([]byte(body), &edits); err != nil || len(edits) != 5 {
		t.Fatalf("edits: %s", body)
	}
	after := float64(time.Now().UnixMicro()) / 1000
	for _, e := range edits {
		if e.By != "tab-7" || e.TS < before || e.TS > after {
			t.Errorf("edit v%d by %q at %v, want tab-7 between %v and %v", e.V, e.By, e.TS, before, after)
		}
	}
	if p := edits[2].Pos; p == nil || *p != 4 || edits[3].Del != 4 {
		t.Errorf("the edits record what was applied: %s", body)
	}
	st, err := strconv.ParseFloat(resp.Header.Get(ServerTimeHeader), 64)
	if err != nil || st < edits[4].TS || st > after {
		t.Errorf("%s: %q", ServerTimeHeader, resp.Header.Get(ServerTimeHeader))
	}
	if resp, _ := get(t, c, s.URL()+"/docs/d", "If-None-Match", `"v5"`); resp.StatusCode != 304 || resp.Header.Get(ServerTimeHeader) == "" {
		t.Errorf("a 304 carries the clock too: %d %v", resp.StatusCode, resp.Header)
	}
}

// Without Browser the realtime endpoints answer as they always have: no
// author, no clock, no header; the realtime scenario's bytes are the same.
func TestRealtimeEndpointsUnchangedWithoutBrowser(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil)
	c := testClient(t)
	resp, body := post(t, c, s.URL()+"/docs/r/edits", `{"text":"a"}`, "X-User", "tab-a")
	if body != `{"v":1,"text":"a"}` || resp.Header.Get(ServerTimeHeader) != "" {
		t.Errorf("POST: %s %v", body, resp.Header)
	}
	if _, body := get(t, c, s.URL()+"/docs/r"); body != `{"v":1,"text":"a"}` {
		t.Errorf("GET: %s", body)
	}
	ws := dialWS(t, s, "/docs/r/ws")
	_, msg, err := ws.Read(context.Background())
	if err != nil || string(msg) != `{"v":1,"text":"a"}` {
		t.Errorf("push: %s %v", msg, err)
	}
	ws.Close(websocket.StatusNormalClosure, "")
}

// A browser page's WebSocket gets the handshake checks (a foreign Origin
// is refused with 403), declines permessage-deflate, takes edits, pushes
// them with the server's clock, and pings.
func TestPageWebSocket(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	s := startPage(t, rec)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := "ws://" + s.Addr() + "/docs/w/ws?tab=3"
	_, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"http://evil.example"}}})
	if err == nil || resp == nil || resp.StatusCode != 403 {
		t.Fatalf("a foreign origin: %v %v", err, resp)
	}
	ws, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPHeader:      http.Header{"Origin": {"http://" + s.Addr()}},
		CompressionMode: websocket.CompressionContextTakeover,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	if ext := resp.Header.Get("Sec-WebSocket-Extensions"); ext != "" {
		t.Errorf("accepted %q", ext)
	}
	ws.Write(ctx, websocket.MessageText, []byte(`not an edit`))
	ws.Write(ctx, websocket.MessageText, []byte(`{"text":"hé","pos":0}`))
	_, msg, err := ws.Read(ctx) // also answers the server's ping
	var e struct {
		Edit
		Now float64 `json:"now"`
	}
	if err != nil || json.Unmarshal(msg, &e) != nil || e.V != 1 || e.By != "tab-3" || e.Text != "hé" || e.Now < e.TS {
		t.Errorf("push %s %v", msg, err)
	}
	ws.Close(websocket.StatusGoingAway, "")
	s.CloseRealtime()
	var origins, ignored int
	for _, ev := range rec.Events() {
		if ev.Kind == trace.KindCheck && ev.Check.Name == "Origin allowed" {
			origins++
		}
		if strings.HasPrefix(ev.Summary, "ignored a message") {
			ignored++
		}
	}
	if origins != 2 || ignored != 1 {
		t.Errorf("%d Origin checks (want 2), %d ignored messages (want 1)", origins, ignored)
	}
}

func TestTabActor(t *testing.T) {
	for q, want := range map[string]string{"1": "tab-1", "42": "tab-42", "": "", "0": "", "01": "", "-1": "", "x": "", "10000": "", "9999": "tab-9999"} {
		if got := TabActor(q); got != want {
			t.Errorf("TabActor(%q) = %q, want %q", q, got, want)
		}
	}
}
