package demo

import (
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// The serve scenario's notes, from facts to sentence, without a network.
func TestServeNoteTable(t *testing.T) {
	for _, tc := range []struct {
		facts responseFacts
		want  noteKey
	}{
		{responseFacts{kind: reqPage, status: 200, setCookie: true}, notePageCookie},
		{responseFacts{kind: reqPage, status: 200}, ""}, // a known session: no cookie, nothing to say
		{responseFacts{kind: reqPoll, status: 304}, notePoll304},
		{responseFacts{kind: reqPoll, status: 200}, notePoll200},
		{responseFacts{kind: reqDoc, status: 200}, ""},
		{responseFacts{kind: reqLongPoll, status: 200}, noteLongPoll200},
		{responseFacts{kind: reqLongPoll, status: 204}, noteLongPoll204},
		{responseFacts{kind: reqEdit, status: 201}, noteEdit201},
		{responseFacts{kind: reqEdit, status: 400}, ""},
		{responseFacts{kind: reqHandshake, status: 101, offeredDeflate: true}, note101Declined},
		// Had the server accepted the extension, the note must not say it
		// declined it.
		{responseFacts{kind: reqHandshake, status: 101, offeredDeflate: true, acceptedExt: true}, note101},
		{responseFacts{kind: reqHandshake, status: 101}, note101},
		{responseFacts{kind: reqHandshake, status: 403, foreign: true, cookie: true}, note403Cookie},
		{responseFacts{kind: reqHandshake, status: 403, foreign: true}, note403},
		// A 403 for the page's own origin is not the foreign site's story.
		{responseFacts{kind: reqHandshake, status: 403, cookie: true}, ""},
	} {
		if got := responseNoteKey(tc.facts); got != tc.want {
			t.Errorf("%+v: note %q, want %q", tc.facts, got, tc.want)
		}
	}
	for _, tc := range []struct {
		facts frameFacts
		want  noteKey
	}{
		{frameFacts{fromServer: true, opcode: 1}, notePush},
		{frameFacts{opcode: 1}, noteTabSends},
		{frameFacts{fromServer: true, opcode: 9}, notePing},
		{frameFacts{opcode: 10}, notePong},
		{frameFacts{opcode: 9}, ""}, // a browser's own ping: nothing claims it
		{frameFacts{opcode: 8, closeCode: 1001, closeFrames: 1}, noteClose1001Tab},
		{frameFacts{opcode: 8, closeCode: 1000, closeFrames: 1}, noteClose1000Tab},
		{frameFacts{opcode: 8, closeCode: 4000, closeFrames: 1}, noteCloseTab},
		{frameFacts{fromServer: true, opcode: 8, closeCode: 1001, closeFrames: 1}, noteClose1001Server},
		{frameFacts{fromServer: true, opcode: 8, closeCode: 1011, closeFrames: 1}, noteCloseServer},
		// The second close frame answers the first, whoever sent it.
		{frameFacts{fromServer: true, opcode: 8, closeCode: 1001, closeFrames: 2}, noteCloseReply},
		{frameFacts{opcode: 8, closeCode: 1001, closeFrames: 2}, noteCloseReply},
	} {
		if got := frameNoteKey(tc.facts); got != tc.want {
			t.Errorf("%+v: note %q, want %q", tc.facts, got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    sentRq
		want []noteKey
	}{
		{sentRq{kind: reqHandshake, label: "tab-1", cookie: true, deflate: true, browser: true, origin: "http://h"}, []noteKey{noteHandshake, noteHandshakeCookie, noteHandshakeDeflate}},
		{sentRq{kind: reqHandshake, label: "tab-1", browser: true, origin: "http://h"}, []noteKey{noteHandshake}},
		// No Origin: no browser's handshake.
		{sentRq{kind: reqHandshake, label: "tab-1"}, []noteKey{noteHandshakeNoOrigin}},
		{sentRq{kind: reqHandshake, label: foreignActor, cookie: true}, []noteKey{noteForeignCookie}},
		{sentRq{kind: reqHandshake, label: foreignActor}, []noteKey{noteForeign}},
		{sentRq{kind: reqPoll}, []noteKey{notePoll}},
		{sentRq{kind: reqFile}, nil},
	} {
		got := requestNoteKeys(tc.r)
		if len(got) != len(tc.want) {
			t.Errorf("%+v: notes %q, want %q", tc.r, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%+v: notes %q, want %q", tc.r, got, tc.want)
			}
		}
	}
}

// Every note has its sentence, and its translation.
func TestServeNotesAreWritten(t *testing.T) {
	keys := []noteKey{noteConnect, notePage, notePageCookie, noteTab, noteDoc, notePoll, notePoll304, notePoll200,
		noteLongPoll, noteLongPoll200, noteLongPoll204, noteEdit, noteEdit201, noteHandshake, noteForeign,
		noteForeignCookie, note101, note101Declined, note403, note403Cookie, notePush, noteTabSends, notePing,
		notePong, noteClose1001Tab, noteClose1000Tab, noteCloseTab, noteClose1001Server, noteCloseServer,
		noteCloseReply, noteHandshakeCookie, noteHandshakeDeflate, noteShared, noteHandshakeNoOrigin}
	if len(keys) != len(serveNotes) {
		t.Errorf("%d notes listed here, %d written", len(keys), len(serveNotes))
	}
	pt := lang.For(lang.PortugueseBR)
	for k, en := range serveClientNotes {
		if serveNotes[k] == "" {
			t.Errorf("a client's note %q has no browser's note", k)
		}
		if pt.F(en) == string(en) {
			t.Errorf("a client's note %q has no translation", k)
		}
	}
	for _, k := range keys {
		en := serveNotes[k]
		if en == "" {
			t.Errorf("note %q has no sentence", k)
		} else if pt.F(en) == string(en) {
			t.Errorf("note %q has no translation", k)
		}
	}
	for _, m := range serveMeanings {
		if pt.F(m) == string(m) {
			t.Errorf("meaning %q has no translation", m)
		}
	}
}

// Each request is labelled with the tab that sent it, from what crossed.
func TestServeRequestLabels(t *testing.T) {
	o := newServeObserver(nil, lang.Text{})
	h := func(method, target string, headers ...string) *trace.HTTP {
		m := &trace.HTTP{Method: method, Target: target, Headers: [][2]string{{"Host", "127.0.0.1:8080"}}}
		for i := 0; i+1 < len(headers); i += 2 {
			m.Headers = append(m.Headers, [2]string{headers[i], headers[i+1]})
		}
		return m
	}
	for _, tc := range []struct {
		req   *trace.HTTP
		label string
		kind  requestKind
	}{
		{h("GET", "/"), browserActor, reqPage},
		{h("GET", "/?tab=3"), "tab-3", reqPage},
		{h("GET", "/app.js", "Referer", "http://127.0.0.1:8080/?tab=2"), "tab-2", reqFile},
		// A Referer of another host names no tab of this server.
		{h("GET", "/app.js", "Referer", "http://127.0.0.1:9999/?tab=2"), browserActor, reqFile},
		{h("POST", "/tabs", "Origin", "http://127.0.0.1:8080"), browserActor, reqTab},
		{h("GET", "/docs/shared?tab=1"), "tab-1", reqDoc},
		{h("GET", "/docs/shared?tab=1", "If-None-Match", `"v3"`), "tab-1", reqPoll},
		{h("GET", "/docs/shared/edits?since=3&tab=1"), "tab-1", reqLongPoll},
		{h("POST", "/docs/shared/edits?tab=12"), "tab-12", reqEdit},
		{h("GET", "/docs/shared/ws?since=0&tab=1", "Origin", "http://127.0.0.1:8080"), "tab-1", reqHandshake},
		{h("GET", "/docs/shared/ws?since=0", "Origin", "http://127.0.0.1:41000"), foreignActor, reqHandshake},
		{h("GET", "/docs/shared/ws?since=0", "Origin", "null"), foreignActor, reqHandshake},
		// A foreign page may claim a tab; its Origin says where it is.
		{h("GET", "/docs/shared/ws?tab=1", "Origin", "http://127.0.0.1:41000"), foreignActor, reqHandshake},
		{h("GET", "/api/notes"), browserActor, reqOther},
	} {
		if got := o.labelOf(tc.req); got != tc.label {
			t.Errorf("%s %s: labelled %q, want %q", tc.req.Method, tc.req.Target, got, tc.label)
		}
		if got := kindOf(tc.req); got != tc.kind {
			t.Errorf("%s %s: kind %d, want %d", tc.req.Method, tc.req.Target, got, tc.kind)
		}
	}
}

// serve's notes speak of a browser, its page and its tabs only when the
// request showed a browser's signs (Sec-Fetch-*, Origin); curl's requests
// get the notes of "a client".
func TestServeNotesSayClientWithoutBrowserSigns(t *testing.T) {
	req := func(method, target string, headers ...string) *trace.Event {
		h := &trace.HTTP{Method: method, Target: target, Proto: "HTTP/1.1", Headers: [][2]string{{"Host", "127.0.0.1:8080"}}}
		for i := 0; i+1 < len(headers); i += 2 {
			h.Headers = append(h.Headers, [2]string{headers[i], headers[i+1]})
		}
		return &trace.Event{Conn: 1, From: browserActor, To: trace.Server, Kind: trace.KindHTTPRequest, HTTP: h}
	}
	for _, tc := range []struct {
		name    string
		e       *trace.Event
		want    string
		notWant []string
	}{
		{"curl's GET /", req("GET", "/", "User-Agent", "curl/7.88.1"), "A client asks for the page", []string{"The browser", "The page then"}},
		{"a browser's GET /", req("GET", "/", "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate"), "The browser asks for the page", nil},
		{"curl's POST /tabs", req("POST", "/tabs"), "A client asks the server for a tab number", []string{"The page's script asks"}},
		{"curl's handshake", req("GET", "/docs/shared/ws?tab=1", "Upgrade", "websocket", "Connection", "Upgrade"),
			"without Origin: a browser always sends one", []string{"The browser's own opening handshake"}},
		// Chromium's: Origin and the page's cookie, no Sec-Fetch-*.
		{"a browser's handshake", req("GET", "/docs/shared/ws?tab=1", "Upgrade", "websocket", "Connection", "Upgrade", "Origin", "http://127.0.0.1:8080", "Cookie", "theme=dark; session=7b79"),
			"The browser's own opening handshake", nil},
		{"a handshake with Origin only", req("GET", "/docs/shared/ws?tab=1", "Upgrade", "websocket", "Connection", "Upgrade", "Origin", "http://127.0.0.1:8080"),
			"any program can write an Origin", []string{"The browser's own opening handshake"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newServeObserver(nil, lang.For(lang.English))
			o.conns[1] = &serveConn{label: browserActor}
			o.annotate(tc.e)
			if !strings.Contains(tc.e.Note, tc.want) {
				t.Errorf("note %q, want %q", tc.e.Note, tc.want)
			}
			for _, w := range tc.notWant {
				if strings.Contains(tc.e.Note, w) {
					t.Errorf("note %q assumes what was not seen: %q", tc.e.Note, w)
				}
			}
		})
	}
	// The connect note, given before any request, assumes no browser.
	o := newServeObserver(nil, lang.For(lang.English))
	o.conns[1] = &serveConn{label: browserActor}
	e := &trace.Event{Conn: 1, From: browserActor, To: trace.Server, Kind: trace.KindTCPConnect}
	o.annotate(e)
	if strings.Contains(e.Note, "The browser opened") || !strings.Contains(e.Note, "A client opened") {
		t.Errorf("connect note %q", e.Note)
	}
}

// A connection that showed no browser's signs is closed by "the client",
// not by "the browser".
func TestServeCloseSummaryNamesAClient(t *testing.T) {
	m := closeSummaryOf(3, browserActor, closeFirstFIN, 0)
	en, got := clientCloseSummary(lang.Trace.Say(m), m)
	if en != "TCP connection #3 closed by the client" || got.Format != string(closeSummaries[trace.Client][closeFirstFIN]) {
		t.Errorf("%q %+v", en, got)
	}
	m = closeSummaryOf(3, browserActor, closeFinLater, 2*time.Millisecond)
	if en, _ := clientCloseSummary(lang.Trace.Say(m), m); !strings.HasPrefix(en, "TCP connection #3: the client's FIN followed 2") {
		t.Errorf("%q", en)
	}
}
