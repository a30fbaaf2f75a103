package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
)

// realtimeResult is what one strategy measured.
type realtimeResult struct {
	Strategy string
	Edits    int
	// Seen counts the edits tab B received as updates while it followed the
	// document. Refresh follows nothing: its one reload at the end shows
	// every edit at once, which counts as SeenOnReload, not as seen.
	Seen, SeenOnReload int
	// Latencies are per edit tab B got (as it happened or on the reload), by
	// version: from the server applying the edit to tab B's code having
	// parsed the message that carried it.
	Latencies     []time.Duration
	P50, P95, Max time.Duration
	Tap           tapCounts
}

func (r realtimeResult) bytes() int { return r.Tap.Bytes[0] + r.Tap.Bytes[1] }

func newRealtimeResult(name string, opts RealtimeOptions, edits []server.Edit, seen *seenLog, tap tapCounts) realtimeResult {
	times, reloaded := seen.times()
	res := realtimeResult{Strategy: name, Edits: opts.Edits, Tap: tap}
	for i, t := range times {
		if i >= len(edits) {
			break
		}
		res.Latencies = append(res.Latencies, max(t.Sub(edits[i].At), 0))
	}
	if reloaded {
		res.SeenOnReload = len(times)
	} else {
		res.Seen = len(times)
	}
	if len(res.Latencies) > 0 {
		sorted := slices.Clone(res.Latencies)
		slices.Sort(sorted)
		res.P50, res.P95, res.Max = percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[len(sorted)-1]
	}
	return res
}

// percentile is the nearest-rank percentile of sorted values: the smallest
// value with at least q of the values at or below it.
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

// emitRealtimeSummary records one strategy's numbers: the stats a table or
// a JSON consumer reads, and fields for a renderer that draws them.
func emitRealtimeSummary(rec *trace.Recorder, opts RealtimeOptions, r realtimeResult) {
	stats := map[string]any{
		"strategy":              r.Strategy,
		"edits":                 r.Edits,
		"seen":                  r.Seen,
		"missed":                r.Edits - r.Seen,
		"http_requests":         r.Tap.Requests,
		"http_responses":        r.Tap.Responses,
		"empty_responses":       r.Tap.Empty,
		"bytes":                 r.bytes(),
		"bytes_tab_b_to_server": r.Tap.Bytes[0],
		"bytes_server_to_tab_b": r.Tap.Bytes[1],
		"tcp_connections":       r.Tap.Conns,
		"every_ms":              ms(opts.Every),
	}
	if len(r.Latencies) > 0 {
		stats["latency_ms_p50"] = ms(r.P50)
		stats["latency_ms_p95"] = ms(r.P95)
		stats["latency_ms_max"] = ms(r.Max)
		list := make([]float64, len(r.Latencies))
		for i, l := range r.Latencies {
			list[i] = ms(l)
		}
		stats["latencies_ms"] = list
	}
	switch r.Strategy {
	case "refresh":
		stats["seen_on_reload"] = r.SeenOnReload
	case "poll":
		stats["poll_interval_ms"] = ms(opts.PollInterval)
	}
	rec.Emit(trace.Event{From: tabB, To: trace.Server, Kind: trace.KindSummary,
		Summary: fmt.Sprintf("%s: %s", r.Strategy, resultRow(r)),
		Note:    strategyVerdict(opts, r),
		Stats:   opts.withRTT(stats),
		Fields:  resultFields(opts.text(), r)})
}

// resultRow is one strategy's numbers on one line.
func resultRow(r realtimeResult) string {
	seen := fmt.Sprintf("seen %d/%d", r.Seen, r.Edits)
	if r.SeenOnReload > 0 {
		seen += fmt.Sprintf(" (%d on reload)", r.SeenOnReload)
	}
	lat := "no latency measured"
	if len(r.Latencies) > 0 {
		lat = fmt.Sprintf("p50 %s ms · p95 %s ms · max %s ms", fmtMS(r.P50), fmtMS(r.P95), fmtMS(r.Max))
	}
	return fmt.Sprintf("%s · %s · %s · %d empty · %s bytes", seen, lat, plural(r.Tap.Requests, "HTTP request"), r.Tap.Empty, grouped(r.bytes()))
}

func resultFields(t lang.Text, r realtimeResult) []trace.Field {
	fs := []trace.Field{
		{Name: "edits seen", Value: fmt.Sprintf("%d of %d", r.Seen, r.Edits), Meaning: t.F("edits tab B received as updates while it followed the document")},
	}
	if r.SeenOnReload > 0 {
		fs = append(fs, trace.Field{Name: "shown by the reload", Value: fmt.Sprint(r.SeenOnReload), Meaning: t.F("edits tab B got only when the user reloaded")})
	}
	if len(r.Latencies) > 0 {
		fs = append(fs,
			trace.Field{Name: "latency p50", Value: fmtMS(r.P50) + " ms", Meaning: t.F("half the edits reached tab B no later than this")},
			trace.Field{Name: "latency p95", Value: fmtMS(r.P95) + " ms", Meaning: t.F("19 in 20 edits reached tab B no later than this")},
			trace.Field{Name: "latency max", Value: fmtMS(r.Max) + " ms", Meaning: t.F("the slowest edit")})
	}
	return append(fs,
		trace.Field{Name: "HTTP requests", Value: fmt.Sprint(r.Tap.Requests), Meaning: t.F("requests tab B sent, each with its full headers")},
		trace.Field{Name: "empty responses", Value: fmt.Sprint(r.Tap.Empty), Meaning: t.F("answers with no news (304 Not Modified, 204 No Content)")},
		trace.Field{Name: "bytes", Value: fmt.Sprintf("%s (%s sent, %s received)", grouped(r.bytes()), grouped(r.Tap.Bytes[0]), grouped(r.Tap.Bytes[1])), Meaning: t.F("everything on tab B's TCP connections, both ways")},
	)
}

// strategyVerdict is the note of a strategy's summary, drawn from its numbers.
func strategyVerdict(opts RealtimeOptions, r realtimeResult) string {
	t := opts.text()
	switch r.Strategy {
	case "refresh":
		return t.F("Tab B saw none of the %d edits as they happened. The reload showed all %d at once; an edit waited %s ms for it at the median.",
			r.Edits, r.SeenOnReload, fmtMS(r.P50))
	case "poll":
		return t.F("%d of %d answers were empty. Edits waited for the next poll: %s ms at the median with one poll every %v.",
			r.Tap.Empty, r.Tap.Responses, fmtMS(r.P50), opts.PollInterval)
	case "long-poll":
		return t.F("Tab B saw %d of %d edits, %s ms after they were made (median), at the price of %s: one per answer.",
			r.Seen, r.Edits, fmtMS(r.P50), pluralIn(t, r.Tap.Requests, "HTTP request"))
	case "websocket":
		return t.F("%s, then %d edits pushed on the same connection: %s ms after they were made (median).",
			pluralIn(t, r.Tap.Requests, "HTTP request"), r.Seen, fmtMS(r.P50))
	case "tcp-floor":
		return t.F("Raw TCP, the reference on this machine in this run: %s ms from the server applying an edit to tab B reading its line (median).", fmtMS(r.P50))
	}
	return ""
}

// emitRealtimeComparison records the final summary: one field per strategy
// and a conclusion drawn from the measured numbers.
func emitRealtimeComparison(rec *trace.Recorder, opts RealtimeOptions, results []realtimeResult) {
	var fields []trace.Field
	var names []string
	for _, r := range results {
		fields = append(fields, trace.Field{Name: r.Strategy, Value: resultRow(r), Meaning: opts.text().F(strategyTitles[r.Strategy])})
		names = append(names, r.Strategy)
	}
	// stats.compared names the strategies whose summaries this one compares,
	// so a renderer can draw them as one table.
	rec.Emit(trace.Event{From: tabB, To: trace.Server, Kind: trace.KindSummary,
		Summary: "comparison", Note: realtimeConclusion(opts, results), Fields: fields,
		Stats: opts.withRTT(map[string]any{"compared": names})})
}

// realtimeConclusion says what the numbers show, and says so plainly where
// they contradict what the demo expects. Every comparison in it is judged
// on the numbers as printed, and every explanation is one the run's own
// numbers (or the simulated distance, which the run imposed) bear out.
func realtimeConclusion(opts RealtimeOptions, results []realtimeResult) string {
	by := map[string]*realtimeResult{}
	for i := range results {
		by[results[i].Strategy] = &results[i]
	}
	ws, poll, lp, floor, refresh := by["websocket"], by["poll"], by["long-poll"], by["tcp-floor"], by["refresh"]
	t := opts.text()
	oneWay := opts.RTT / 2
	var b strings.Builder
	add := func(sentence string) { // already in the language of t
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentence)
	}
	say := func(format string, args ...any) { add(t.F(format, args...)) }
	if opts.RTT > 0 {
		say("Simulated distance: every byte took %v each way (--rtt %v), so no edit could reach tab B sooner than %v after it was made.", oneWay, opts.RTT, oneWay)
	}
	if ws != nil {
		say("WebSocket: tab B saw %d of %d edits, %s ms after they were made (median), with %s and %s bytes.",
			ws.Seen, ws.Edits, fmtMS(ws.P50), pluralIn(t, ws.Tap.Requests, "HTTP request"), grouped(ws.bytes()))
		if opts.RTT > 0 && ws.P50 < oneWay+oneWay/2 {
			say("A push pays the one-way trip once, and no more.")
		}
		if floor != nil && floor.P50 > 0 {
			add(wsAgainstTCP(opts, ws, floor))
		}
	}
	if poll != nil {
		say("Polling every %v: %s ms median, %s, %d of them answered empty, %s bytes.",
			opts.PollInterval, fmtMS(poll.P50), pluralIn(t, poll.Tap.Requests, "request"), poll.Tap.Empty, grouped(poll.bytes()))
		if opts.RTT > 0 {
			say("An edit waits for the next poll to reach the server, then for the answer to come back.")
		}
		if ws != nil {
			// Faster only by a margin that shows when printed: 1.04x is not
			// "faster".
			faster := float64(poll.P50) >= 1.1*float64(ws.P50) && poll.P50 > 0
			smaller := ws.bytes() < poll.bytes()
			switch {
			case faster && smaller:
				say("WebSocket was %s faster and used %s the bytes.", ratioText(t, poll.P50, ws.P50), fraction(t, ws.bytes(), poll.bytes()))
			case faster:
				say("WebSocket was %s faster, but in this run it used more bytes than polling (%s against %s).", ratioText(t, poll.P50, ws.P50), grouped(ws.bytes()), grouped(poll.bytes()))
			case smaller:
				say("Unexpectedly, polling's median delay was not clearly above WebSocket's in this run (%s against %s ms), though WebSocket used fewer bytes.", fmtMS(poll.P50), fmtMS(ws.P50))
			default:
				say("Unexpectedly, polling was not clearly behind WebSocket on delay, and used no more bytes, in this run: that is what was measured.")
			}
			if s := bytesCrossover(t, ws, poll); s != "" {
				add(s)
			}
		}
	}
	if lp != nil {
		say("Long polling saw %d of %d edits, %s ms median, but paid %s and %s bytes: a full request and response per answer.",
			lp.Seen, lp.Edits, fmtMS(lp.P50), pluralIn(t, lp.Tap.Requests, "HTTP request"), grouped(lp.bytes()))
		if opts.RTT > 0 && ws != nil {
			if lp.P50-ws.P50 >= oneWay/5 {
				say("At this distance that is %s ms more than WebSocket's median: after each answer the server holds no request for a round trip (%v: the answer's way to tab B, then the next request's way back), and an edit made meanwhile waits for it.", fmtMS(lp.P50-ws.P50), opts.RTT)
			} else {
				say("At this distance its median was close to WebSocket's in this run (%s against %s ms).", fmtMS(lp.P50), fmtMS(ws.P50))
			}
		}
	}
	if floor != nil && ws == nil {
		say("Raw TCP, the reference: tab B had each edit %s ms after the server applied it (median), in %s bytes.", fmtMS(floor.P50), grouped(floor.bytes()))
	}
	if refresh != nil {
		say("Refresh: tab B saw none of the %d edits as they happened; the reload showed them %s ms late at the median.", refresh.Edits, fmtMS(refresh.P50))
	}
	if ws != nil && poll != nil && float64(poll.P50) >= 1.1*float64(ws.P50) && ws.bytes() < poll.bytes() && ws.Seen == ws.Edits {
		say("So the claim holds on this machine: to keep two tabs in sync the server must be able to speak first, and a WebSocket lets it, on one connection.")
	}
	return b.String()
}

// wsAgainstTCP compares WebSocket's median with raw TCP's, the reference
// measured in the same run. At a simulated distance both wait the same
// one-way trip, so a ratio would say nothing about WebSocket: the
// difference does.
func wsAgainstTCP(opts RealtimeOptions, ws, floor *realtimeResult) string {
	t := opts.text()
	if opts.RTT > 0 {
		if diff := ws.P50 - floor.P50; diff > opts.RTT/20 {
			return t.F("Raw TCP took %s ms in the same run: WebSocket's %s ms more is more than its framing explains (a busy machine shows up here).", fmtMS(floor.P50), fmtMS(diff))
		}
		return t.F("Raw TCP took %s ms in the same run: both waited the same trip, and what WebSocket adds to raw TCP is lost in it.", fmtMS(floor.P50))
	}
	// Judged as printed (one decimal), so the sentence never says "1.5x,
	// more than the 1.5x expected".
	ratio := math.Round(10*float64(ws.P50)/float64(floor.P50)) / 10
	if ratio <= 1.5 {
		return t.F("That is %.1fx raw TCP's %s ms in the same run: the WebSocket framing costs next to nothing.", ratio, fmtMS(floor.P50))
	}
	return t.F("That is %.1fx raw TCP's %s ms in the same run, more than the 1.5x expected: this run measured more overhead (a busy machine shows up here).", ratio, fmtMS(floor.P50))
}

// bytesCrossover says where WebSocket's bytes and polling's went, from the
// run's own counts: WebSocket pays its handshake and close once, then a
// frame per edit; polling pays a whole request and response per poll, news
// or not. Which costs fewer bytes depends on how many edits come per poll,
// so the sentence gives the exchange rate and says which way this run went.
func bytesCrossover(t lang.Text, ws, poll *realtimeResult) string {
	if ws.Tap.Pushes == 0 || ws.Tap.PushBytes == 0 || poll.Tap.Requests == 0 {
		return ""
	}
	once := ws.bytes() - ws.Tap.PushBytes
	perEdit := float64(ws.Tap.PushBytes) / float64(ws.Tap.Pushes)
	perPoll := float64(poll.bytes()) / float64(poll.Tap.Requests)
	s := t.F("Where the bytes went: WebSocket paid %s bytes once, for the handshake and the close, then about %s bytes per edit; a poll cost about %s bytes, a request and its response with full headers, news or not: as much as %s pushed edits.",
		grouped(once), grouped(int(math.Round(perEdit))), grouped(int(math.Round(perPoll))), grouped(int(math.Round(perPoll/perEdit))))
	if ws.bytes() > poll.bytes() {
		return s + " " + t.F("With only %s here, WebSocket's one-time cost was not paid back: polling used fewer bytes.", pluralIn(t, poll.Tap.Requests, "poll"))
	}
	return s + " " + t.F("With %s here, polling's repeated headers outweighed WebSocket's one-time cost.", pluralIn(t, poll.Tap.Requests, "poll"))
}

func fmtMS(d time.Duration) string {
	v := ms(d)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func plural(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// pluralIn is plural in the language of t, for notes: the count and the
// noun are translated as one phrase ("1 HTTP request", "%d HTTP requests").
func pluralIn(t lang.Text, n int, what string) string {
	if n == 1 {
		return t.F("1 " + what)
	}
	return t.F("%d "+what+"s", n)
}

// ratioText says how many times a is b ("340x").
func ratioText(t lang.Text, a, b time.Duration) string {
	if b <= 0 {
		return t.F("immeasurably")
	}
	r := float64(a) / float64(b)
	if r < 10 {
		return fmt.Sprintf("%.1fx", r)
	}
	return fmt.Sprintf("%.0fx", r)
}

// fraction says what part a is of b ("a third of", "62% of").
func fraction(t lang.Text, a, b int) string {
	if b == 0 {
		return t.F("all")
	}
	return t.F("%.0f%% of", 100*float64(a)/float64(b))
}
