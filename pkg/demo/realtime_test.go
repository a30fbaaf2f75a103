package demo

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

func runRealtime(t *testing.T, opts RealtimeOptions) []trace.Event {
	t.Helper()
	return mustRecord(t, RunRealtime, opts)
}

// strategySummaries returns the per-strategy summaries by strategy, their
// order, and the final comparison.
func strategySummaries(t *testing.T, evs []trace.Event) (map[string]map[string]any, []string, trace.Event) {
	t.Helper()
	by := map[string]map[string]any{}
	var order []string
	var comparison trace.Event
	for _, e := range kinds(evs, trace.KindSummary) {
		if e.Summary == "comparison" {
			comparison = e
			continue
		}
		// Read the stats as a JSON consumer of --json would.
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back struct {
			Stats map[string]any `json:"stats"`
		}
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		name, _ := back.Stats["strategy"].(string)
		by[name] = back.Stats
		order = append(order, name)
	}
	return by, order, comparison
}

func num(t *testing.T, stats map[string]any, key string) float64 {
	t.Helper()
	v, ok := stats[key].(float64)
	if !ok {
		t.Fatalf("%s: stats[%q] = %v, want a number", stats["strategy"], key, stats[key])
	}
	return v
}

// A small fast run: edits come every 20 ms and polls every 35 ms, so a poll
// answer waits a good part of a poll interval, and polling sends several
// requests while the WebSocket sends its handshake once.
var fastRealtime = RealtimeOptions{Edits: 10, Every: 20 * time.Millisecond, PollInterval: 35 * time.Millisecond}

func TestRealtimeMeasuresAllFiveStrategies(t *testing.T) {
	evs := runRealtime(t, fastRealtime)
	by, order, comparison := strategySummaries(t, evs)
	if !slices.Equal(order, RealtimeStrategies) {
		t.Fatalf("summaries for %v, want %v", order, RealtimeStrategies)
	}
	for _, name := range RealtimeStrategies {
		s := by[name]
		for _, key := range []string{"edits", "seen", "latency_ms_p50", "latency_ms_p95", "latency_ms_max", "http_requests", "empty_responses", "bytes"} {
			num(t, s, key)
		}
		if num(t, s, "edits") != 10 {
			t.Errorf("%s: edits = %v", name, s["edits"])
		}
		if num(t, s, "bytes") <= 0 {
			t.Errorf("%s: no bytes counted", name)
		}
		p50, p95, pmax := num(t, s, "latency_ms_p50"), num(t, s, "latency_ms_p95"), num(t, s, "latency_ms_max")
		if p50 > p95 || p95 > pmax {
			t.Errorf("%s: p50 %v, p95 %v, max %v out of order", name, p50, p95, pmax)
		}
	}

	// Refresh misses edits; everything that follows live sees them all.
	if seen := num(t, by["refresh"], "seen"); seen >= 10 {
		t.Errorf("refresh saw %v of 10 edits as they happened", seen)
	}
	if got := num(t, by["refresh"], "seen_on_reload"); got != 10 {
		t.Errorf("the reload showed %v edits, want 10", got)
	}
	for _, name := range []string{"poll", "long-poll", "websocket", "tcp-floor"} {
		if seen := num(t, by[name], "seen"); seen != 10 {
			t.Errorf("%s saw %v of 10 edits", name, seen)
		}
	}

	ws, poll, lp := by["websocket"], by["poll"], by["long-poll"]
	if n := num(t, ws, "http_requests"); n != 1 {
		t.Errorf("websocket made %v HTTP requests, want exactly 1 (the upgrade)", n)
	}
	if n := num(t, by["tcp-floor"], "http_requests"); n != 0 {
		t.Errorf("tcp-floor made %v HTTP requests", n)
	}
	if n := num(t, by["refresh"], "http_requests"); n != 1 {
		t.Errorf("refresh made %v HTTP requests, want 1 (the reload)", n)
	}
	// One request per answer, and an answer carries every edit made since
	// the last: on a busy machine two edits can share one answer, so the
	// count lies between a few and one per edit (plus the last, held open).
	if n := num(t, lp, "http_requests"); n < 2 || n > 11 {
		t.Errorf("long-poll made %v requests for 10 edits, want one per answer", n)
	}
	if n, empty := num(t, poll, "http_requests"), num(t, poll, "empty_responses"); n < 3 || empty > n {
		t.Errorf("poll: %v requests, %v empty", n, empty)
	}
	if w, p := num(t, ws, "latency_ms_p50"), num(t, poll, "latency_ms_p50"); w >= p {
		t.Errorf("websocket p50 %v ms is not below polling's %v ms", w, p)
	}
	if w, p := num(t, ws, "bytes"), num(t, poll, "bytes"); w >= p {
		t.Errorf("websocket used %v bytes, polling %v", w, p)
	}
	t.Logf("p50: websocket %v ms, tcp-floor %v ms", ws["latency_ms_p50"], by["tcp-floor"]["latency_ms_p50"])

	// The comparison: one row per strategy and a conclusion from the numbers.
	if comparison.Kind != trace.KindSummary || evs[len(evs)-1].Summary != "comparison" {
		t.Fatal("the comparison is not the last event")
	}
	var rows []string
	for _, f := range comparison.Fields {
		rows = append(rows, f.Name)
	}
	if !slices.Equal(rows, RealtimeStrategies) {
		t.Errorf("comparison rows %v", rows)
	}
	if !strings.Contains(comparison.Note, "WebSocket") || !strings.Contains(comparison.Note, "Refresh") {
		t.Errorf("conclusion %q", comparison.Note)
	}

	// Tab B's traffic is attributed to tab B, on connections it opened.
	for _, e := range kinds(evs, trace.KindHTTPRequest) {
		if e.From != "tab-b" || e.Conn == 0 {
			t.Fatalf("request %q from %q on conn %d", e.Summary, e.From, e.Conn)
		}
	}
	if n := len(kinds(evs, trace.KindTCPConnect)); n != 5 {
		t.Errorf("%d TCP connections, want one per strategy", n)
	}
}

// Every event about a strategy's connection comes between that strategy's
// heading and its summary: a condensed view ends a section at the summary,
// so the server's "the client closed the WebSocket" note, which it emits
// when it reads tab B's Close frame, must not come after it (it used to,
// under the next strategy's heading, when the server was a little late).
func TestRealtimeEventsStayInTheirStrategy(t *testing.T) {
	opts := RealtimeOptions{Edits: 2, Every: 5 * time.Millisecond, PollInterval: 5 * time.Millisecond}
	ws := slices.Index(RealtimeStrategies, "websocket")
	for run := 0; run < 3; run++ { // the race the wait removes was a matter of timing
		evs := runRealtime(t, opts)
		section := 0           // strategies summed up so far
		owner := map[int]int{} // conn → the section that opened it
		closeNote := -1        // the section of the server's close note
		for _, e := range evs {
			if e.Kind == trace.KindSummary {
				section++
				continue
			}
			if e.Conn == 0 {
				continue
			}
			if e.Kind == trace.KindTCPConnect {
				owner[e.Conn] = section
			}
			if s, ok := owner[e.Conn]; !ok || s != section {
				t.Fatalf("run %d: %s %q on conn %d comes after its strategy's summary", run, e.Kind, e.Summary, e.Conn)
			}
			if strings.Contains(e.Summary, "closed the WebSocket with 1000") {
				closeNote = section
			}
		}
		if closeNote != ws {
			t.Fatalf("run %d: the server's close note is in section %d, want %d (websocket)", run, closeNote, ws)
		}
	}
}

func TestRealtimeOnlyRunsTheChosenStrategiesInOrder(t *testing.T) {
	opts := RealtimeOptions{Edits: 2, Every: 10 * time.Millisecond, PollInterval: 10 * time.Millisecond, Only: []string{"websocket", "refresh"}}
	_, order, comparison := strategySummaries(t, runRealtime(t, opts))
	if !slices.Equal(order, []string{"refresh", "websocket"}) {
		t.Fatalf("ran %v", order)
	}
	if len(comparison.Fields) != 2 {
		t.Fatalf("comparison rows %+v", comparison.Fields)
	}
}

func TestParseStrategies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    []string
		wantErr []string // substrings of the error
	}{
		{in: "poll,websocket", want: []string{"poll", "websocket"}},
		{in: " websocket , poll,websocket", want: []string{"websocket", "poll"}},
		{in: "tcp-floor", want: []string{"tcp-floor"}},
		{in: "polling", wantErr: []string{`"polling"`, "refresh, poll, long-poll, websocket, tcp-floor"}},
		{in: "poll,WebSocket", wantErr: []string{`"WebSocket"`}},
		{in: "", wantErr: []string{"no strategy"}},
		{in: " , ", wantErr: []string{"no strategy", "long-poll"}},
	} {
		got, err := ParseStrategies(tc.in)
		if tc.wantErr == nil {
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("ParseStrategies(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseStrategies(%q) = %v, want an error", tc.in, got)
			continue
		}
		for _, w := range tc.wantErr {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseStrategies(%q) error %q lacks %q", tc.in, err, w)
			}
		}
	}
}

func TestRealtimeRejectsBadOptions(t *testing.T) {
	t.Parallel()
	ok := RealtimeOptions{Edits: 1, Every: time.Millisecond, PollInterval: time.Millisecond}
	for _, tc := range []struct {
		change func(*RealtimeOptions)
		want   string
	}{
		{func(o *RealtimeOptions) { o.Edits = 0 }, "Edits 0: must be between 1 and 1000"},
		{func(o *RealtimeOptions) { o.Edits = MaxRealtimeEdits + 1 }, "Edits 1001"},
		{func(o *RealtimeOptions) { o.Every = 0 }, "Every 0s"},
		{func(o *RealtimeOptions) { o.Every = time.Hour }, "Every 1h0m0s"},
		{func(o *RealtimeOptions) { o.PollInterval = -time.Second }, "PollInterval -1s"},
		{func(o *RealtimeOptions) { o.Only = []string{"carrier-pigeon"} }, `Only names an unknown strategy "carrier-pigeon"`},
	} {
		o := ok
		tc.change(&o)
		evs, err := record(RunRealtime, o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want it to name %s", o, err, tc.want)
		}
		if len(evs) != 0 {
			t.Errorf("%+v: recorded events before rejecting the options", o)
		}
	}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRealtimeCancelStopsPromptly(t *testing.T) {
	for _, strategy := range []string{"poll", "long-poll", "websocket", "tcp-floor"} {
		t.Run(strategy, func(t *testing.T) {
			rec := trace.NewRecorder()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := RealtimeOptions{Edits: 100, Every: 20 * time.Millisecond, PollInterval: 50 * time.Millisecond, Only: []string{strategy}}
			done := make(chan error, 1)
			go func() { done <- RunRealtime(ctx, rec, opts) }()
			// Cancel once tab B is following and tab A is typing.
			waitEvent(t, rec, func(e trace.Event) bool { return e.Kind == trace.KindTCPConnect })
			time.Sleep(50 * time.Millisecond)
			cancel()
			cancelled := time.Now()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("RunRealtime after cancel: %v, want context.Canceled", err)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("RunRealtime still running 3 s after cancel")
			}
			t.Logf("returned %v after cancel", time.Since(cancelled))
			if strategy == "websocket" {
				var closed bool
				for _, e := range rec.Events() {
					closed = closed || strings.Contains(e.Summary, "closed the WebSocket with 1001 (going away)")
				}
				if !closed {
					t.Error("the server did not see tab B close the WebSocket with 1001")
				}
			}
			for _, e := range kinds(rec.Events(), trace.KindSummary) {
				t.Errorf("summary recorded for a cancelled run: %s", e.Summary)
			}
		})
	}
}

func TestRealtimeConclusionSaysWhatWasMeasured(t *testing.T) {
	t.Parallel()
	opts := RealtimeOptions{Edits: 4, Every: time.Millisecond, PollInterval: time.Millisecond}
	res := func(name string, p50 time.Duration, bytes int) realtimeResult {
		return realtimeResult{Strategy: name, Edits: 4, Seen: 4, P50: p50, Tap: tapCounts{Bytes: [2]int{bytes, 0}}}
	}
	for _, tc := range []struct {
		name        string
		results     []realtimeResult
		want, avoid []string
	}{
		{"as expected",
			[]realtimeResult{res("poll", 200*time.Millisecond, 2000), res("websocket", time.Millisecond, 800), res("tcp-floor", time.Millisecond, 100)},
			[]string{"200x faster", "40% of the bytes", "1.0x raw TCP", "the claim holds"}, []string{"Unexpectedly"}},
		{"polling faster",
			[]realtimeResult{res("poll", time.Millisecond, 2000), res("websocket", 2*time.Millisecond, 800)},
			[]string{"Unexpectedly, polling's median delay was not clearly above WebSocket's"}, []string{"the claim holds"}},
		{"polling barely slower is not slower",
			[]realtimeResult{res("poll", 104*time.Microsecond, 2000), res("websocket", 100*time.Microsecond, 800)},
			[]string{"not clearly above"}, []string{"faster", "the claim holds"}},
		{"a small ratio keeps its decimal",
			[]realtimeResult{res("poll", 250*time.Microsecond, 2000), res("websocket", 100*time.Microsecond, 800)},
			[]string{"2.5x faster"}, nil},
		{"polling smaller",
			[]realtimeResult{res("poll", 200*time.Millisecond, 500), res("websocket", time.Millisecond, 800)},
			[]string{"used more bytes than polling (800 against 500)"}, []string{"the claim holds", "a few polls"}},
		{"framing overhead",
			[]realtimeResult{res("websocket", 4*time.Millisecond, 800), res("tcp-floor", time.Millisecond, 100)},
			[]string{"4.0x raw TCP", "more than the 1.5x expected"}, []string{"next to nothing"}},
		{"just under the limit as printed",
			[]realtimeResult{res("websocket", 154*time.Microsecond, 800), res("tcp-floor", 100*time.Microsecond, 100)},
			[]string{"1.5x raw TCP", "next to nothing"}, []string{"more than the 1.5x expected"}},
		{"just over the limit as printed",
			[]realtimeResult{res("websocket", 156*time.Microsecond, 800), res("tcp-floor", 100*time.Microsecond, 100)},
			[]string{"1.6x raw TCP", "more than the 1.5x expected"}, []string{"next to nothing"}},
	} {
		got := opts.text().Sentences(realtimeConclusion(opts, tc.results)...)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: conclusion %q lacks %q", tc.name, got, w)
			}
		}
		for _, a := range tc.avoid {
			if strings.Contains(got, a) {
				t.Errorf("%s: conclusion %q says %q", tc.name, got, a)
			}
		}
	}
}

// Where the bytes went is told from the run's own counts, and the sentence
// says which way this run went: it never claims WebSocket is the lighter one
// when polling used fewer bytes, nor the reverse.
func TestRealtimeConclusionBytesCrossover(t *testing.T) {
	t.Parallel()
	opts := RealtimeOptions{Edits: 5, Every: 100 * time.Millisecond, PollInterval: 2 * time.Second}
	// 417 bytes of handshake and close, then 5 pushes of 20 bytes.
	ws := realtimeResult{Strategy: "websocket", Edits: 5, Seen: 5, P50: time.Millisecond,
		Tap: tapCounts{Requests: 1, Bytes: [2]int{250, 267}, Pushes: 5, PushBytes: 100}}
	few := realtimeResult{Strategy: "poll", Edits: 5, Seen: 5, P50: time.Second,
		Tap: tapCounts{Requests: 2, Responses: 2, Bytes: [2]int{200, 226}}}
	many := few
	many.Tap = tapCounts{Requests: 8, Responses: 8, Bytes: [2]int{800, 904}}

	got := opts.text().Sentences(realtimeConclusion(opts, []realtimeResult{few, ws})...)
	for _, w := range []string{"WebSocket paid 417 bytes once", "about 20 bytes per edit", "a poll cost about 213 bytes", "as much as 11 pushed edits",
		"With only 2 polls here, WebSocket's one-time cost was not paid back: polling used fewer bytes."} {
		if !strings.Contains(got, w) {
			t.Errorf("few polls: conclusion lacks %q: %s", w, got)
		}
	}
	got = opts.text().Sentences(realtimeConclusion(opts, []realtimeResult{many, ws})...)
	if w := "With 8 polls here, polling's repeated headers outweighed WebSocket's one-time cost."; !strings.Contains(got, w) {
		t.Errorf("many polls: conclusion lacks %q: %s", w, got)
	}
	if strings.Contains(got, "not paid back") {
		t.Errorf("many polls: conclusion says polling was lighter: %s", got)
	}
}

// With a simulated RTT the conclusion says so, compares WebSocket with raw
// TCP by difference (both wait the same trip, so a ratio says nothing), and
// explains long polling's extra delay only when it was measured.
func TestRealtimeConclusionAtADistance(t *testing.T) {
	t.Parallel()
	opts := RealtimeOptions{Common: Common{RTT: 100 * time.Millisecond}, Edits: 4, Every: 50 * time.Millisecond, PollInterval: 500 * time.Millisecond}
	res := func(name string, p50 time.Duration) realtimeResult {
		return realtimeResult{Strategy: name, Edits: 4, Seen: 4, P50: p50, Tap: tapCounts{Bytes: [2]int{100, 100}}}
	}
	ms := time.Millisecond
	for _, tc := range []struct {
		name        string
		results     []realtimeResult
		want, avoid []string
	}{
		{"long poll pays the trip back",
			[]realtimeResult{res("long-poll", 120*ms), res("websocket", 51*ms), res("tcp-floor", 50500*time.Microsecond)},
			[]string{"Simulated distance: every byte took 50ms each way (--rtt 100ms)", "A push pays the one-way trip once",
				"Raw TCP took 50.5 ms in the same run: both waited the same trip", "69.0 ms more than WebSocket's median", "holds no request for a round trip (100ms"},
			[]string{"1.0x raw TCP", "close to WebSocket's"}},
		{"long poll close to the push",
			[]realtimeResult{res("long-poll", 55*ms), res("websocket", 51*ms)},
			[]string{"its median was close to WebSocket's in this run (55.0 against 51.0 ms)"},
			[]string{"holds no request"}},
		{"a slow push is not called one trip",
			[]realtimeResult{res("websocket", 90*ms), res("tcp-floor", 51*ms)},
			[]string{"WebSocket's 39.0 ms more is more than its framing explains"},
			[]string{"A push pays the one-way trip once", "lost in it"}},
	} {
		got := opts.text().Sentences(realtimeConclusion(opts, tc.results)...)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: conclusion lacks %q: %s", tc.name, w, got)
			}
		}
		for _, a := range tc.avoid {
			if strings.Contains(got, a) {
				t.Errorf("%s: conclusion says %q: %s", tc.name, a, got)
			}
		}
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	t.Parallel()
	var d []time.Duration
	for i := 1; i <= 20; i++ {
		d = append(d, time.Duration(i))
	}
	if p50, p95 := percentile(d, 0.5), percentile(d, 0.95); p50 != 10 || p95 != 19 {
		t.Fatalf("p50 %v, p95 %v of 1..20; want 10, 19", p50, p95)
	}
	if p := percentile(d[:1], 0.95); p != 1 {
		t.Fatalf("p95 of one value = %v", p)
	}
}
