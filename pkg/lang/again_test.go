package lang

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// read is m as a saved trace gives it back: written and read as JSON.
func read(t *testing.T, ms ...trace.Msg) []trace.Msg {
	t.Helper()
	b, err := json.Marshal(ms)
	if err != nil {
		t.Fatal(err)
	}
	var back []trace.Msg
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// A text said through the catalog is said again from a saved trace in any
// language, as the run would have said it there: numbers of every kind,
// nested texts, lists, plurals.
func TestAgainSaysWhatTheRunSaid(t *testing.T) {
	t.Parallel()
	en, pt := For(English), For(PortugueseBR)
	for _, ms := range [][]trace.Msg{
		{M("%d requests, %d responses over %d TCP connections", 1456, 1, 2)},
		{M("The client starts the closing handshake: a close frame with status code %#d (%s) and the reason %q (RFC 6455 §5.5.1, §7.4.1).", 1000, Msg("normal closure"), "bye"),
			M("Like every client frame it is masked (RFC 6455 §5.1).")},
		{M("all %d passed: %s", 2, List{Sep: ", ", Items: []any{M("method is GET"), "x"}})},
		{M("Polling every %v: %s ms median, %d requests, %d of them answered empty, %d bytes.", 50*time.Millisecond, Millis(12.34), 3, 1, 2048)},
		{M("In this run WebSocket's median delay was %s ms against polling's %s ms, %vx shorter, and it used %.0f%% of polling's bytes.", Millis(1.2), Millis(4.08), Ratio(3.4), 41.5)},
		{M("TCP connection #%#d: the server's FIN followed %v later", 1, Span(410*time.Microsecond))},
		{M("%s: %s", M("method is GET"), M("%s", "GET"))}, // a key without words needs no entry
	} {
		back := read(t, ms...)
		for _, run := range []Text{Trace, en, pt} {
			recorded := run.Sentences(ms...)
			for _, replay := range []Text{en, pt} {
				got, ok := replay.Again(recorded, back...)
				if want := replay.Sentences(ms...); !ok || got != want {
					t.Errorf("recorded %q, said again in %s: %q, %v; want %q", recorded, replay.Lang(), got, ok, want)
				}
			}
		}
	}
}

// What cannot be said again as the run said it is not: the caller shows
// the text as it was recorded. Never a %!verb.
func TestAgainRefusesWhatItCannotSay(t *testing.T) {
	t.Parallel()
	pt := For(PortugueseBR)
	good := M("%d requests, %d responses over %d TCP connections", 3, 1, 2)
	recorded := Trace.Say(good)
	for name, ms := range map[string][]trace.Msg{
		"a key of another wsdemo":          {M("%d requests went to the moon", 3)},
		"a nested key of another wsdemo":   {M("%s: %s", M("method is GET"), M("the moon is %s", "full"))},
		"a string for %d":                  {M("%d requests, %d responses over %d TCP connections", "3", 1, 2)},
		"a float for %d":                   {M("%d requests, %d responses over %d TCP connections", 3.0, 1, 2)},
		"an argument missing":              {M("%d requests, %d responses over %d TCP connections", 3, 1)},
		"an argument left over":            {M("%d requests, %d responses over %d TCP connections", 3, 1, 2, 4)},
		"an unknown number kind":           {M("%d requests, %d responses over %d TCP connections", trace.Number{Kind: "rpm", Value: "3"}, 1, 2)},
		"a count that is no whole number":  {M("%d requests, %d responses over %d TCP connections", trace.Number{Kind: "count", Value: "3.5"}, 1, 2)},
		"a list for %d":                    {M("%d requests, %d responses over %d TCP connections", List{Items: []any{"3"}}, 1, 2)},
		"a list with a key of another":     {M("failed: %s", List{Sep: "; ", Items: []any{M("the moon")}})},
		"a zero Msg":                       {{}},
		"nothing":                          nil,
		"a key with a verb fmt has no use": {M("%[1]d requests", 3)},
	} {
		// Each is refused for what it is, even beside the very text it
		// says (%!d(string=3) and all).
		if got, ok := pt.Again(Trace.Sentences(ms...), read(t, ms...)...); ok {
			t.Errorf("%s: said again as %q", name, got)
		}
	}
	for name, ms := range map[string][]trace.Msg{
		"the text was edited": {M("%d requests, %d responses over %d TCP connections", 4, 1, 2)},
		"one sentence of two": {good, M("method is GET")},
	} {
		if got, ok := pt.Again(recorded, read(t, ms...)...); ok {
			t.Errorf("%s: said again as %q", name, got)
		}
	}
	if got, ok := pt.Again(recorded, read(t, good)...); !ok || strings.Contains(got, "%!") {
		t.Errorf("the good one: %q, %v", got, ok)
	}
}
