package demo

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"wsdemo/pkg/lang"
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
	// At a simulated distance the notes say so, in Portuguese too.
	far := pt
	far.RTT = 40 * time.Millisecond
	runs["http --rtt"] = func(t *testing.T) []trace.Event { return runHTTP(t, HTTPOptions{Common: far}) }
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
			checkPortuguese(t, runs[name](t))
		})
	}
}
