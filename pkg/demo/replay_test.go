package demo

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// throughJSON is what a saved trace gives back of an event: its JSON form,
// read again, stamped with the scenario as --save stamps it.
func throughJSON(t *testing.T, e trace.Event, scenario string) trace.Event {
	t.Helper()
	e.Scenario = scenario
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back trace.Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// checkReplay checks that Replay rebuilds, from the JSON of each event, the
// fields the scenario gave it live: the same rows, meanings and byte spans.
func checkReplay(t *testing.T, scenario string, evs []trace.Event, verbose bool) {
	t.Helper()
	r := NewReplay(lang.English, verbose)
	rebuilt := 0
	for i, e := range evs {
		live := e.Expanded()
		back := throughJSON(t, e, scenario)
		r.Event(&back)
		back = back.Expanded()
		if !reflect.DeepEqual(live.Fields, back.Fields) {
			t.Errorf("event %d (%s %q): fields differ\nlive   %s\nreplay %s", i+1, e.Kind, e.Summary, fieldList(live.Fields), fieldList(back.Fields))
		}
		if len(back.Fields) > 0 {
			rebuilt++
		}
		if back.Note != e.Note {
			t.Errorf("event %d: note %q became %q in English", i+1, e.Note, back.Note)
		}
	}
	if rebuilt == 0 {
		t.Errorf("no event of %d had fields to rebuild", len(evs))
	}
}

func fieldList(fs []trace.Field) string {
	s := ""
	for _, f := range fs {
		s += fmt.Sprintf("\n  %s=%q [%d+%d] %q", f.Name, f.Value, f.Off, f.Len, f.Meaning)
	}
	return s
}

func TestReplayRebuildsHTTPFields(t *testing.T) {
	t.Parallel()
	checkReplay(t, "http", runHTTP(t, HTTPOptions{}), false)
	checkReplay(t, "http", runHTTP(t, HTTPOptions{NoKeepAlive: true}), true)
}

func TestReplayRebuildsHandshakeFields(t *testing.T) {
	t.Parallel()
	checkReplay(t, "handshake", mustHandshake(t, HandshakeOptions{}), false)
	for _, c := range HandshakeCases {
		t.Run(c, func(t *testing.T) {
			evs, _ := runHandshake(t, HandshakeOptions{Case: c})
			checkReplay(t, "handshake", evs, false)
		})
	}
	evs, _ := runHandshake(t, HandshakeOptions{Origin: "https://evil.example"})
	checkReplay(t, "handshake", evs, false)
}

func TestReplayRebuildsDuplexFields(t *testing.T) {
	t.Parallel()
	for _, verbose := range []bool{false, true} {
		opts := fast
		opts.Verbose = verbose
		checkReplay(t, "duplex", runDuplex(t, opts), verbose)
	}
	opts := fast
	opts.TooBig = true
	checkReplay(t, "duplex", runDuplex(t, opts), false)
}

func TestReplayRebuildsRealtimeFields(t *testing.T) {
	t.Parallel()
	opts := fastRealtime
	opts.Only = []string{"refresh", "poll", "websocket"}
	opts.Edits = 4
	opts.Every = 30 * time.Millisecond
	checkReplay(t, "realtime", runRealtime(t, opts), false)
}
