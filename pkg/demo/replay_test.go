package demo

import (
	"encoding/json"
	"fmt"
	"net"
	"reflect"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
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

// duplex --compress: the compressed frames' fields (what their message
// inflated to, from the frames' inflated_len) and the ws.message events'
// (from the message object) come back.
func TestReplayRebuildsCompressedFields(t *testing.T) {
	t.Parallel()
	for _, verbose := range []bool{false, true} {
		opts := fast
		opts.Compress, opts.Verbose = true, verbose
		checkReplay(t, "duplex", runDuplex(t, opts), verbose)
	}
}

func TestReplayRebuildsRealtimeFields(t *testing.T) {
	t.Parallel()
	opts := fastRealtime
	opts.Only = []string{"refresh", "poll", "websocket"}
	opts.Edits = 4
	opts.Every = 30 * time.Millisecond
	checkReplay(t, "realtime", runRealtime(t, opts), false)
}

// serve's requests and answers have the browsers' meanings, the page's
// POSTs theirs, the long poll its held time, the summary its rows: all
// rebuilt from the saved trace.
func TestReplayRebuildsServeFields(t *testing.T) {
	t.Parallel()
	evs := serveClient(t, Common{})
	checkReplay(t, "serve", evs, false)
	var held, summary bool
	for _, e := range evs {
		for _, f := range e.Fields {
			held = held || (e.Kind == trace.KindHTTPResponse && f.Name == "held")
		}
		summary = summary || (e.Kind == trace.KindSummary && len(e.Fields) > 0)
	}
	if !held || !summary {
		t.Errorf("the run had a held field %v, summary rows %v: nothing to rebuild", held, summary)
	}
}

// What a compressed message inflated to, as its frames show it, comes back
// from the trace in every case: a message in one frame; one whose long
// frames were drawn before their ends (their counts carried by the next
// frame, or by none); one that does not inflate, and, with context
// takeover, the next one, which wsdemo cannot inflate (no inflated_len on
// their last frames: the ws.message says why).
func TestReplayRebuildsWhatCompressedFramesInflatedTo(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	tr := newTracer(rec, nil, lang.Text{})
	a, b := net.Pipe()
	defer b.Close()
	c := wiretap.New(tr).WrapClient(a)
	defer a.Close()
	tr.Data(c, wire.FromClient, []byte("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))
	tr.Data(c, wire.FromServer, []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))
	text := make([]byte, 3*wire.DefaultKeep)
	for i, x := 0, uint32(7); i < len(text); i++ {
		x = x*1664525 + 1013904223
		text[i] = 'a' + byte(x>>24)%26
	}
	long := deflated(t, text)
	short := deflated(t, []byte("hello, hello, hello"))
	cut := len(long) - 10
	frames := [][]byte{
		wire.AppendFrame(nil, true, 4, wire.OpText, nil, short),
		wire.AppendFrame(nil, true, 4, wire.OpText, nil, long),
		wire.AppendFrame(nil, false, 4, wire.OpText, nil, long[:cut]),
		wire.AppendFrame(nil, true, 0, wire.OpContinuation, nil, long[cut:]),
		wire.AppendFrame(nil, false, 4, wire.OpText, nil, short[:4]),
		wire.AppendFrame(nil, true, 0, wire.OpContinuation, nil, long[:cut]),
		wire.AppendFrame(nil, true, 4, wire.OpBinary, nil, []byte{0xff, 0xff, 0xff}), // not DEFLATE
		wire.AppendFrame(nil, true, 4, wire.OpText, nil, short),                      // its window is lost
	}
	for _, f := range frames {
		for len(f) > 0 {
			n := min(len(f), 4096)
			tr.Data(c, wire.FromServer, f[:n])
			f = f[n:]
		}
	}
	evs := rec.Events()
	var inflated, notInflated int
	for _, e := range evs {
		if e.Kind != trace.KindWSFrame {
			continue
		}
		for _, f := range e.Fields {
			if f.Name == "inflated" {
				inflated++
			}
		}
		if e.Frame.Fin && e.Frame.InflatedLen == nil {
			notInflated++
		}
	}
	// Shown: the short message, the fragmented one's last frame; not: the
	// long one-frame message (drawn early), the one whose last frame is
	// long, the broken one and the one after it.
	if inflated != 2 || notInflated != 4 {
		t.Errorf("%d last frames show what they inflated to, %d have no inflated_len; want 2 and 4", inflated, notInflated)
	}
	checkReplay(t, "proxy", evs, false)
}
