package demo

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

// englishWords are words a Portuguese note or meaning never contains, so
// one of them means an English text reached a pt-BR run untranslated. They
// are matched as whole words outside quotes (quoted text is the wire's).
var englishWords = regexp.MustCompile(`\b(the|is|are|and|which|with|this|that|from|every)\b`)

var quoted = regexp.MustCompile(`"[^"]*"|'[^']*'|“[^”]*”`)

// checkPortuguese fails t for each note or field meaning of evs that is
// still in English.
func checkPortuguese(t *testing.T, evs []trace.Event) {
	t.Helper()
	check := func(seq int, what, text string) {
		if w := englishWords.FindString(quoted.ReplaceAllString(text, "")); w != "" {
			t.Errorf("seq %d %s is English (%q): %s", seq, what, w, text)
		}
	}
	for _, e := range evs {
		e = e.Expanded()
		check(e.Seq, "note", e.Note)
		for _, f := range e.Fields {
			check(e.Seq, "meaning of "+f.Name, f.Meaning)
		}
	}
}

// Every scenario, run in Brazilian Portuguese, explains itself in
// Portuguese: no note or meaning reads as English. (That every text has its
// translation is proved from the source, in pkg/lang.)
func TestScenariosSpeakPortuguese(t *testing.T) {
	pt := Common{Lang: lang.PortugueseBR, Timeout: 5 * time.Second}
	runs := map[string]func(t *testing.T) []trace.Event{
		"http":              func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{Common: pt}) },
		"http no keepalive": func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{Common: pt, NoKeepAlive: true}) },
		"handshake":         func(t *testing.T) []trace.Event { return mustHandshake(t, HandshakeOptions{Common: pt}) },
		"duplex": func(t *testing.T) []trace.Event {
			opts := fast
			opts.Common = pt
			return runDuplex(t, opts)
		},
		"duplex --compress": func(t *testing.T) []trace.Event {
			opts := fast
			opts.Common, opts.Compress = pt, true
			return runDuplex(t, opts)
		},
		"proxy": func(t *testing.T) []trace.Event { return proxySession(t, lang.PortugueseBR) },
		"duplex --too-big": func(t *testing.T) []trace.Event {
			opts := fast
			opts.Common, opts.TooBig = pt, true
			return runDuplex(t, opts)
		},
		"realtime": func(t *testing.T) []trace.Event {
			opts := fastRealtime
			opts.Common = pt
			return runRealtime(t, opts)
		},
	}
	runs["socketio"] = func(t *testing.T) []trace.Event { return mustRecord(t, RunSocketIO, SocketIOOptions{Common: pt}) }
	runs["socketio --url"] = func(t *testing.T) []trace.Event { return socketIOURLRun(t, pt) }
	// A browser's traffic, played by Go's clients.
	runs["serve"] = func(t *testing.T) []trace.Event { return serveClient(t, pt) }
	// At a simulated distance the notes say so, in Portuguese too.
	far := pt
	far.RTT = 40 * time.Millisecond
	runs["http --rtt"] = func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{Common: far}) }
	runs["serve --rtt"] = func(t *testing.T) []trace.Event { return serveClient(t, far) }
	runs["realtime --rtt"] = func(t *testing.T) []trace.Event {
		opts := fastRealtime
		opts.Common = far
		return runRealtime(t, opts)
	}
	for _, c := range HandshakeCases {
		runs["handshake --case "+c] = func(t *testing.T) []trace.Event {
			evs, _ := runHandshake(t, HandshakeOptions{Common: pt, Case: c})
			return evs
		}
	}
	runs["handshake --origin"] = func(t *testing.T) []trace.Event {
		evs, _ := runHandshake(t, HandshakeOptions{Common: pt, Origin: "https://evil.example"})
		return evs
	}
	runs["handshake --origin null"] = func(t *testing.T) []trace.Event {
		evs, _ := runHandshake(t, HandshakeOptions{Common: pt, Origin: "null"})
		return evs
	}
	names := make([]string, 0, len(runs))
	for name := range runs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			evs := runs[name](t)
			checkPortuguese(t, evs)
			checkSaidAgain(t, evs)
		})
	}
}

// checkSaidAgain fails t for each text of evs said through the catalog that
// a saved trace could not say again in another language (wsdemo show
// --lang): a note without its sentences (set other than by lang's SetNote
// or AddNote), a Msg with no JSON form, or one that does not say its text.
func checkSaidAgain(t *testing.T, evs []trace.Event) {
	t.Helper()
	en, pt := lang.For(lang.English), lang.For(lang.PortugueseBR)
	for _, e := range evs {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back trace.Event
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("seq %d: %v\n%s", e.Seq, err, b)
		}
		again := func(what, recorded string, before []trace.Msg, after ...trace.Msg) {
			if len(before) == 0 {
				return
			}
			if _, ok := pt.Again(recorded, after...); !ok {
				t.Errorf("seq %d: the %s cannot be said again from %s\n%s", e.Seq, what, b, recorded)
			} else if said, _ := en.Again(recorded, after...); said == recorded && what == "note" {
				t.Errorf("seq %d: the %s said again in English is the Portuguese: %q", e.Seq, what, said)
			}
		}
		if e.Note != "" && len(e.NoteMsgs) == 0 {
			t.Errorf("seq %d: %s's note has no sentences (set it with lang's SetNote or AddNote): %s", e.Seq, e.Kind, e.Note)
		}
		again("note", e.Note, e.NoteMsgs, back.NoteMsgs...)
		if e.SummaryMsg.Format != "" {
			again("summary", e.Summary, []trace.Msg{e.SummaryMsg}, back.SummaryMsg)
		}
		if c := e.Check; c != nil {
			if c.NameMsg == nil {
				t.Errorf("seq %d: check %q has no NameMsg", e.Seq, c.Name)
			} else {
				again("check name", c.Name, []trace.Msg{*c.NameMsg}, deref(back.Check.NameMsg))
			}
			if c.DetailMsg != nil {
				again("check detail", c.Detail, []trace.Msg{*c.DetailMsg}, deref(back.Check.DetailMsg))
			} else if c.Detail != "" {
				t.Errorf("seq %d: check %q's detail has no DetailMsg: %q", e.Seq, c.Name, c.Detail)
			}
		}
		if f := e.Frame; f != nil && f.ViolationMsg != nil {
			again("violation", f.Violation, []trace.Msg{*f.ViolationMsg}, deref(back.Frame.ViolationMsg))
		}
	}
}

func deref(m *trace.Msg) trace.Msg {
	if m == nil {
		return trace.Msg{}
	}
	return *m
}

// What duplex's client and server say to each other teaches too (the long
// message explains fragmentation), so a pt-BR run sends it in Portuguese;
// the notes that follow the server's own messages (its welcome, its pushes,
// its echoes) still find them.
func TestDuplexPayloadsSpeakTheRunsLanguage(t *testing.T) {
	t.Parallel()
	opts := fast
	opts.Common = Common{Lang: lang.PortugueseBR, Timeout: 5 * time.Second}
	evs := runDuplex(t, opts)
	var payloads []string
	pushNote := false
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame {
			payloads = append(payloads, e.Frame.Payload, e.Frame.CloseReason)
			pushNote = pushNote || strings.HasPrefix(e.Frame.Payload, "edição 1 ") && e.Note != ""
		}
	}
	if !pushNote {
		t.Error("the first push has no note: the server's own messages were not recognised")
	}
	all := strings.Join(payloads, "\n")
	for _, want := range []string{"mensagem 1 do cliente", "eco: mensagem 1 do cliente", "edição 1 vinda de outra aba", "bem-vindo(a), anônimo(a): conexão estabelecida", "Uma mensagem longa pode ser enviada em pedaços. ", "demo terminada"} {
		if !strings.Contains(all, want) {
			t.Errorf("no payload %q in:\n%s", want, all)
		}
	}
	for _, bad := range []string{"from the client", "from another tab", "welcome", "echo:", "A long message"} {
		if strings.Contains(all, bad) {
			t.Errorf("English payload %q in a pt-BR run:\n%s", bad, all)
		}
	}
	// The middle piece keeps needing the 16-bit length form.
	if !strings.Contains(all, "Este pedaço do meio") {
		t.Errorf("no middle piece:\n%s", all)
	}
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame && strings.HasPrefix(e.Frame.Payload, "Este pedaço do meio") && e.Frame.PayloadLen <= 125 {
			t.Errorf("the middle piece is %d bytes: no 16-bit length form", e.Frame.PayloadLen)
		}
	}
}

// The server's own messages are recognised in either language.
func TestBuiltinKindInEveryLanguage(t *testing.T) {
	t.Parallel()
	for payload, want := range map[string]server.Builtin{
		"welcome ana: connection established":            server.Welcome,
		"bem-vindo(a), anônimo(a): conexão estabelecida": server.Welcome,
		"edit 3 from another tab":                        server.Push,
		"edição 12 vinda de outra aba":                   server.Push,
		"echo: hi":                                       server.Echo,
		"eco: olá":                                       server.Echo,
		"message 1 from the client":                      server.NotBuiltin,
		"edit from another tab":                          server.NotBuiltin,
	} {
		if got := server.BuiltinKind(payload); got != want {
			t.Errorf("BuiltinKind(%q) = %v, want %v", payload, got, want)
		}
	}
}
