package demo

import (
	"testing"

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
		{sentRq{kind: reqHandshake, label: "tab-1", cookie: true, deflate: true}, []noteKey{noteHandshake, noteHandshakeCookie, noteHandshakeDeflate}},
		{sentRq{kind: reqHandshake, label: "tab-1"}, []noteKey{noteHandshake}},
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
		noteCloseReply, noteHandshakeCookie, noteHandshakeDeflate, noteShared}
	if len(keys) != len(serveNotes) {
		t.Errorf("%d notes listed here, %d written", len(keys), len(serveNotes))
	}
	pt := lang.For(lang.PortugueseBR)
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
