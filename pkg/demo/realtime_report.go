package demo

import (
	"math"
	"slices"
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
		trace.StatStrategy:      r.Strategy,
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
	e := trace.Event{From: tabB, To: trace.Server, Kind: trace.KindSummary,
		Stats:  opts.withRTT(stats),
		Fields: resultFields(opts.text(), r)}
	opts.text().SetNote(&e, strategyVerdict(opts, r))
	e.Summary, e.SummaryMsg = lang.Both("%s: %s", r.Strategy, resultRow(r))
	rec.Emit(e)
}

// resultRow is one strategy's numbers on one line, as words to say.
func resultRow(r realtimeResult) trace.Msg {
	lat := len(r.Latencies) > 0
	p50, p95, maxMS := fmtMS(r.P50), fmtMS(r.P95), fmtMS(r.Max)
	req, empty, bytes := r.Tap.Requests, r.Tap.Empty, r.bytes()
	switch {
	case r.SeenOnReload > 0 && lat:
		return lang.M("seen %d/%d (%d on reload) · p50 %v ms · p95 %v ms · max %v ms · %d HTTP requests · %d empty · %d bytes",
			r.Seen, r.Edits, r.SeenOnReload, p50, p95, maxMS, req, empty, bytes)
	case r.SeenOnReload > 0:
		return lang.M("seen %d/%d (%d on reload) · no latency measured · %d HTTP requests · %d empty · %d bytes",
			r.Seen, r.Edits, r.SeenOnReload, req, empty, bytes)
	case lat:
		return lang.M("seen %d/%d · p50 %v ms · p95 %v ms · max %v ms · %d HTTP requests · %d empty · %d bytes",
			r.Seen, r.Edits, p50, p95, maxMS, req, empty, bytes)
	}
	return lang.M("seen %d/%d · no latency measured · %d HTTP requests · %d empty · %d bytes",
		r.Seen, r.Edits, req, empty, bytes)
}

func resultFields(t lang.Text, r realtimeResult) []trace.Field {
	fs := []trace.Field{
		{Name: t.F("edits seen"), Value: t.F("%d of %d", r.Seen, r.Edits), Meaning: t.F("edits tab B received as updates while it followed the document")},
	}
	if r.SeenOnReload > 0 {
		fs = append(fs, trace.Field{Name: t.F("shown by the reload"), Value: t.Int(int64(r.SeenOnReload)), Meaning: t.F("edits tab B got only when the user reloaded")})
	}
	if len(r.Latencies) > 0 {
		fs = append(fs,
			trace.Field{Name: t.F("latency p50"), Value: t.F("%v ms", fmtMS(r.P50)), Meaning: t.F("half the edits reached tab B no later than this")},
			trace.Field{Name: t.F("latency p95"), Value: t.F("%v ms", fmtMS(r.P95)), Meaning: t.F("19 in 20 edits reached tab B no later than this")},
			trace.Field{Name: t.F("latency max"), Value: t.F("%v ms", fmtMS(r.Max)), Meaning: t.F("the slowest edit")})
	}
	return append(fs,
		trace.Field{Name: t.F("HTTP requests"), Value: t.Int(int64(r.Tap.Requests)), Meaning: t.F("requests tab B sent, each with its full headers")},
		trace.Field{Name: t.F("empty responses"), Value: t.Int(int64(r.Tap.Empty)), Meaning: t.F("answers with no news (304 Not Modified, 204 No Content)")},
		trace.Field{Name: t.F("bytes"), Value: t.F("%d (%d sent, %d received)", r.bytes(), r.Tap.Bytes[0], r.Tap.Bytes[1]), Meaning: t.F("everything on tab B's TCP connections, both ways")},
	)
}

// strategyVerdict is the note of a strategy's summary, drawn from its numbers.
func strategyVerdict(opts RealtimeOptions, r realtimeResult) trace.Msg {
	switch r.Strategy {
	case "refresh":
		return lang.M("Tab B saw none of the %d edits as they happened. The reload showed all %d at once; an edit waited %s ms for it at the median.",
			r.Edits, r.SeenOnReload, fmtMS(r.P50))
	case "poll":
		return lang.M("%d of %d answers were empty. Edits waited for the next poll: %s ms at the median with one poll every %v.",
			r.Tap.Empty, r.Tap.Responses, fmtMS(r.P50), opts.PollInterval)
	case "long-poll":
		return lang.M("Tab B saw %d of %d edits, %s ms after they were made (median), at the price of %d HTTP requests: one per answer.",
			r.Seen, r.Edits, fmtMS(r.P50), r.Tap.Requests)
	case "websocket":
		return lang.M("%d HTTP requests, then %d edits pushed on the same connection: %s ms after they were made (median).",
			r.Tap.Requests, r.Seen, fmtMS(r.P50))
	case "tcp-floor":
		return lang.M("Raw TCP, the reference on this machine in this run: %s ms from the server applying an edit to tab B reading its line (median).", fmtMS(r.P50))
	}
	return trace.Msg{}
}

// emitRealtimeComparison records the final summary: one field per strategy
// and a conclusion drawn from the measured numbers.
func emitRealtimeComparison(rec *trace.Recorder, opts RealtimeOptions, results []realtimeResult) {
	t := opts.text()
	var fields []trace.Field
	var names []string
	for _, r := range results {
		fields = append(fields, trace.Field{Name: r.Strategy, Value: t.Say(resultRow(r)), Meaning: t.F(strategyTitles[r.Strategy])})
		names = append(names, r.Strategy)
	}
	// stats.compared names the strategies whose summaries this one compares,
	// so a renderer can draw them as one table.
	e := trace.Event{From: tabB, To: trace.Server, Kind: trace.KindSummary, Fields: fields,
		Stats: opts.withRTT(map[string]any{trace.StatCompared: names})}
	t.SetNote(&e, realtimeConclusion(opts, results)...)
	e.Summary, e.SummaryMsg = lang.Both("comparison")
	rec.Emit(e)
}

// realtimeConclusion says what the numbers show, and says so plainly where
// they contradict what the demo expects. Every comparison in it is judged
// on the numbers as printed, and every explanation is one the run's own
// numbers (or the simulated distance, which the run imposed) bear out.
func realtimeConclusion(opts RealtimeOptions, results []realtimeResult) []trace.Msg {
	by := map[string]*realtimeResult{}
	for i := range results {
		by[results[i].Strategy] = &results[i]
	}
	ws, poll, lp, floor, refresh := by["websocket"], by["poll"], by["long-poll"], by["tcp-floor"], by["refresh"]
	c := &conclusion{opts: opts, oneWay: opts.RTT / 2}
	if opts.RTT > 0 {
		// --rtt's value as the learner typed it: flag syntax, not a number to localise.
		c.say("Simulated distance: every byte took %v each way (--rtt %s), so no edit could reach tab B sooner than %v after it was made.", c.oneWay, opts.RTT.String(), c.oneWay)
	}
	if ws != nil {
		c.websocket(ws, floor)
	}
	if poll != nil {
		c.poll(poll, ws)
	}
	if lp != nil {
		c.longPoll(lp, ws)
	}
	if floor != nil && ws == nil {
		c.say("Raw TCP, the reference: tab B had each edit %s ms after the server applied it (median), in %d bytes.", fmtMS(floor.P50), floor.bytes())
	}
	if refresh != nil {
		c.say("Refresh: tab B saw none of the %d edits as they happened; the reload showed them %s ms late at the median.", refresh.Edits, fmtMS(refresh.P50))
	}
	if ws != nil && poll != nil && float64(poll.P50) >= 1.1*float64(ws.P50) && ws.bytes() < poll.bytes() && ws.Seen == ws.Edits {
		c.say("So the claim holds on this machine: to keep two tabs in sync the server must be able to speak first, and a WebSocket lets it, on one connection.")
	}
	return c.note
}

// conclusion is the realtime comparison's note being written, one sentence
// after another.
type conclusion struct {
	opts   RealtimeOptions
	oneWay time.Duration // half the simulated round trip
	note   []trace.Msg
}

// add appends sentences.
func (c *conclusion) add(sentences ...trace.Msg) { c.note = append(c.note, sentences...) }

func (c *conclusion) say(format lang.Msg, args ...any) { c.add(lang.M(format, args...)) }

// websocket says what WebSocket measured, against raw TCP if it ran.
func (c *conclusion) websocket(ws, floor *realtimeResult) {
	c.say("WebSocket: tab B saw %d of %d edits, %s ms after they were made (median), with %d HTTP requests and %d bytes.",
		ws.Seen, ws.Edits, fmtMS(ws.P50), ws.Tap.Requests, ws.bytes())
	if c.opts.RTT > 0 && ws.P50 < c.oneWay+c.oneWay/2 {
		c.say("A push pays the one-way trip once, and no more.")
	}
	if floor != nil && floor.P50 > 0 {
		c.add(wsAgainstTCP(c.opts, ws, floor))
	}
}

// poll says what polling measured, against WebSocket if it ran.
func (c *conclusion) poll(poll, ws *realtimeResult) {
	c.say("Polling every %v: %s ms median, %d requests, %d of them answered empty, %d bytes.",
		c.opts.PollInterval, fmtMS(poll.P50), poll.Tap.Requests, poll.Tap.Empty, poll.bytes())
	if c.opts.RTT > 0 {
		c.say("An edit waits for the next poll to reach the server, then for the answer to come back.")
	}
	if ws == nil {
		return
	}
	// Faster only by a margin that shows when printed: 1.04x is not
	// "faster".
	faster := float64(poll.P50) >= 1.1*float64(ws.P50) && poll.P50 > 0
	smaller := ws.bytes() < poll.bytes()
	share := 100 * float64(ws.bytes()) / float64(max(poll.bytes(), 1))
	switch {
	case faster && smaller && ws.P50 > 0:
		c.say("WebSocket was %vx faster and used %.0f%% of the bytes.", ratio(poll.P50, ws.P50), share)
	case faster && smaller:
		c.say("WebSocket was immeasurably faster and used %.0f%% of the bytes.", share)
	case faster && ws.P50 > 0:
		c.say("WebSocket was %vx faster, but in this run it used more bytes than polling (%d against %d).", ratio(poll.P50, ws.P50), ws.bytes(), poll.bytes())
	case faster:
		c.say("WebSocket was immeasurably faster, but in this run it used more bytes than polling (%d against %d).", ws.bytes(), poll.bytes())
	case smaller:
		c.say("Unexpectedly, polling's median delay was not clearly above WebSocket's in this run (%s against %s ms), though WebSocket used fewer bytes.", fmtMS(poll.P50), fmtMS(ws.P50))
	default:
		c.say("Unexpectedly, polling was not clearly behind WebSocket on delay, and used no more bytes, in this run: that is what was measured.")
	}
	c.add(bytesCrossover(ws, poll)...)
}

// longPoll says what long polling measured, against WebSocket at a
// simulated distance.
func (c *conclusion) longPoll(lp, ws *realtimeResult) {
	c.say("Long polling saw %d of %d edits, %s ms median, but paid %d HTTP requests and %d bytes: a full request and response per answer.",
		lp.Seen, lp.Edits, fmtMS(lp.P50), lp.Tap.Requests, lp.bytes())
	if c.opts.RTT <= 0 || ws == nil {
		return
	}
	if lp.P50-ws.P50 >= c.oneWay/5 {
		c.say("At this distance that is %s ms more than WebSocket's median: after each answer the server holds no request for a round trip (%v: the answer's way to tab B, then the next request's way back), and an edit made meanwhile waits for it.", fmtMS(lp.P50-ws.P50), c.opts.RTT)
	} else {
		c.say("At this distance its median was close to WebSocket's in this run (%s against %s ms).", fmtMS(lp.P50), fmtMS(ws.P50))
	}
}

// wsAgainstTCP compares WebSocket's median with raw TCP's, the reference
// measured in the same run. At a simulated distance both wait the same
// one-way trip, so a ratio would say nothing about WebSocket: the
// difference does.
func wsAgainstTCP(opts RealtimeOptions, ws, floor *realtimeResult) trace.Msg {
	if opts.RTT > 0 {
		if diff := ws.P50 - floor.P50; diff > opts.RTT/20 {
			return lang.M("Raw TCP took %s ms in the same run: WebSocket's %s ms more is more than its framing explains (a busy machine shows up here).", fmtMS(floor.P50), fmtMS(diff))
		}
		return lang.M("Raw TCP took %s ms in the same run: both waited the same trip, and what WebSocket adds to raw TCP is lost in it.", fmtMS(floor.P50))
	}
	// Judged as printed (one decimal), so the sentence never says "1.5x,
	// more than the 1.5x expected".
	ratio := math.Round(10*float64(ws.P50)/float64(floor.P50)) / 10
	if ratio <= 1.5 {
		return lang.M("That is %.1fx raw TCP's %s ms in the same run: the WebSocket framing costs next to nothing.", ratio, fmtMS(floor.P50))
	}
	return lang.M("That is %.1fx raw TCP's %s ms in the same run, more than the 1.5x expected: this run measured more overhead (a busy machine shows up here).", ratio, fmtMS(floor.P50))
}

// bytesCrossover says where WebSocket's bytes and polling's went, from the
// run's own counts: WebSocket pays its handshake and close once, then a
// frame per edit; polling pays a whole request and response per poll, news
// or not. Which costs fewer bytes depends on how many edits come per poll,
// so the sentence gives the exchange rate and says which way this run went.
func bytesCrossover(ws, poll *realtimeResult) []trace.Msg {
	if ws.Tap.Pushes == 0 || ws.Tap.PushBytes == 0 || poll.Tap.Requests == 0 {
		return nil
	}
	once := ws.bytes() - ws.Tap.PushBytes
	perEdit := float64(ws.Tap.PushBytes) / float64(ws.Tap.Pushes)
	perPoll := float64(poll.bytes()) / float64(poll.Tap.Requests)
	s := lang.M("Where the bytes went: WebSocket paid %d bytes once, for the handshake and the close, then about %d bytes per edit; a poll cost about %d bytes, a request and its response with full headers, news or not: as much as %d pushed edits.",
		once, int(math.Round(perEdit)), int(math.Round(perPoll)), int(math.Round(perPoll/perEdit)))
	if ws.bytes() > poll.bytes() {
		return []trace.Msg{s, lang.M("With only %d polls here, WebSocket's one-time cost was not paid back: polling used fewer bytes.", poll.Tap.Requests)}
	}
	return []trace.Msg{s, lang.M("With %d polls here, polling's repeated headers outweighed WebSocket's one-time cost.", poll.Tap.Requests)}
}

// fmtMS is a duration in milliseconds, written with the precision its
// size deserves in the language that formats it (lang.Millis).
func fmtMS(d time.Duration) lang.Millis { return lang.Millis(ms(d)) }

// ratio says how many times a is b, with the precision its size deserves
// (3.4, 340).
func ratio(a, b time.Duration) lang.Ratio { return lang.Ratio(float64(a) / float64(b)) }
