package render

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

func TestCondenseFoldsRepetitionUntilTheSummary(t *testing.T) {
	t.Parallel()
	poll := func(i int) []trace.Event {
		return []trace.Event{
			{Kind: trace.KindHTTPRequest, From: "tab-b", To: trace.Server, Summary: fmt.Sprintf("GET /docs/d?since=%d", i)},
			{Kind: trace.KindHTTPResponse, From: trace.Server, To: "tab-b", Summary: "304 Not Modified"},
			{Kind: trace.KindNote, From: trace.Server, To: trace.Server, Summary: fmt.Sprintf("applied edit %q", string(rune('a'+i)))},
		}
	}
	for _, tc := range []struct {
		condense, verbose bool
		wantGETs          int
		wantFold          bool
	}{
		{true, false, 2, true},
		{true, true, 10, false},
		{false, false, 10, false},
	} {
		var out bytes.Buffer
		r := New(Options{Out: &out, Mode: Plain, Condense: tc.condense, Verbose: tc.verbose, Width: 100})
		var evs []trace.Event
		for i := 0; i < 10; i++ {
			evs = append(evs, poll(i)...)
		}
		evs = append(evs, trace.Event{Kind: trace.KindError, From: "tab-b", To: trace.Server, Summary: "boom"})
		evs = append(evs, trace.Event{Kind: trace.KindSummary, From: "tab-b", To: trace.Server, Summary: "the end"})
		for _, e := range evs {
			if !r.folds(e) {
				r.Event(e)
			}
		}
		r.Close()
		s := out.String()
		// The fold line names the first and the last event it folded.
		if n := strings.Count(s, "GET /docs/d?since="); n != tc.wantGETs+2*boolInt(tc.wantFold) {
			t.Errorf("condense=%v verbose=%v: %d GET lines:\n%s", tc.condense, tc.verbose, n, s)
		}
		fold := strings.Index(s, "… 24 more like those above: 8 × GET /docs/d?since=2 … GET /docs/d?since=9,")
		if (fold >= 0) != tc.wantFold {
			t.Errorf("condense=%v verbose=%v: fold line present=%v:\n%s", tc.condense, tc.verbose, fold >= 0, s)
		}
		if tc.wantFold && (fold > strings.Index(s, "the end") || !strings.Contains(s, "boom")) {
			t.Errorf("the fold line must come before the summary, and errors are never folded:\n%s", s)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// condensed draws evs through Render (the path the CLI takes: fold, pace,
// draw) in Plain mode, wide enough that no fold line wraps, and returns the
// story: one entry per line drawn, without lifelines, arrows reduced to
// "▶ label" or "◀ label".
func condensed(t *testing.T, evs []trace.Event) []string {
	t.Helper()
	var out bytes.Buffer
	if err := Render(context.Background(), recorded(evs), Options{Out: &out, Mode: Plain, Condense: true, Width: 200}); err != nil {
		t.Fatal(err)
	}
	return story(out.String())
}

func recorded(evs []trace.Event) *trace.Recorder {
	rec := trace.NewRecorder()
	for _, e := range evs {
		rec.Emit(e)
	}
	rec.Close()
	return rec
}

// story reads a Plain diagram back as the learner does, line by line.
func story(diagram string) []string {
	var out []string
	for _, l := range strings.Split(diagram, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasSuffix(l, "▶│"):
			out = append(out, "▶ "+strings.Trim(l, "├─▶│ "))
		case strings.HasPrefix(l, "│◀"):
			out = append(out, "◀ "+strings.Trim(l, "│◀─┤ "))
		default:
			l = strings.TrimSpace(strings.Trim(l, "│├┤┝┥┄━┴"))
			if l != "" && !strings.HasPrefix(l, "#") { // not the "#1 +0.0ms" above an arrow
				out = append(out, l)
			}
		}
	}
	return out
}

// index is the position of the first line of s containing sub after from,
// or -1.
func index(s []string, sub string, from int) int {
	for i := max(from, 0); i < len(s); i++ {
		if strings.Contains(s[i], sub) {
			return i
		}
	}
	return -1
}

func note(conn int, summary string) trace.Event {
	return trace.Event{Conn: conn, From: "tab-a", To: trace.Server, Kind: trace.KindNote, Summary: summary}
}

func request(conn int, target string) trace.Event {
	return trace.Event{Conn: conn, From: "tab-b", To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET " + target,
		HTTP: &trace.HTTP{Method: "GET", Target: target, Proto: "HTTP/1.1"}}
}

func response(conn, status int, reason string) trace.Event {
	return trace.Event{Conn: conn, From: trace.Server, To: "tab-b", Kind: trace.KindHTTPResponse,
		Summary: fmt.Sprintf("%d %s", status, reason), HTTP: &trace.HTTP{Proto: "HTTP/1.1", Status: status, Reason: reason}}
}

func textFrame(conn int, from, to, payload string) trace.Event {
	return trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindWSFrame, Summary: fmt.Sprintf("TEXT %q", payload),
		Frame: &trace.Frame{Fin: true, Opcode: 1, OpcodeName: "text", Payload: payload}}
}

func closeFrameFrom(conn int, from, to string) trace.Event {
	return trace.Event{Conn: conn, From: from, To: to, Kind: trace.KindWSFrame, Summary: `CLOSE 1000 "bye"`,
		Frame: &trace.Frame{Fin: true, Opcode: 8, OpcodeName: "close", CloseCode: 1000, CloseReason: "bye"}}
}

func tcpClose(conn int) trace.Event {
	return trace.Event{Conn: conn, From: "tab-b", To: trace.Server, Kind: trace.KindTCPClose,
		Summary: fmt.Sprintf("TCP connection #%d closed by tab-b", conn)}
}

func summary(s string) trace.Event {
	return trace.Event{From: "tab-b", To: trace.Server, Kind: trace.KindSummary, Summary: s}
}

// The fold counts, per label, on one fold line: "9 × GET /x" → {"GET /x": 9}.
func foldCounts(line string) map[string]int {
	out := map[string]int{}
	_, parts, _ := strings.Cut(line, "like those above: ")
	parts, _, _ = strings.Cut(parts, " (--verbose")
	for _, p := range strings.Split(parts, ", ") {
		var n int
		var label string
		if _, err := fmt.Sscanf(p, "%d × ", &n); err == nil {
			_, label, _ = strings.Cut(p, " × ")
			label, _, _ = strings.Cut(label, " … ")
			out[label] += n
		}
	}
	return out
}

// A polling tab: the answers vary (304, 200) while the requests look alike.
// Folding decides per exchange, so every ◀ shown follows its ▶ and every ▶
// shown is answered; the old per-shape folding showed a 200 OK right after
// another, its GET folded away.
func TestFoldKeepsRequestsWithTheirResponses(t *testing.T) {
	t.Parallel()
	answers := []int{304, 200, 304, 304, 200, 200, 304, 200, 200, 304}
	evs := []trace.Event{{Conn: 1, From: "tab-b", To: trace.Server, Kind: trace.KindTCPConnect, Summary: "TCP connection #1 opened"}}
	for i, status := range answers {
		evs = append(evs, request(1, "/docs/poll"))
		if i%3 == 1 {
			evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i))) // while the request is out
		}
		if status == 304 {
			evs = append(evs, response(1, 304, "Not Modified"))
		} else {
			evs = append(evs, response(1, 200, "OK"))
		}
	}
	evs = append(evs, tcpClose(1), summary("poll: done"))
	s := condensed(t, evs)

	var last string // the direction of the last arrow shown
	shown := map[string]int{}
	folded := map[string]int{}
	for _, l := range s {
		switch {
		case strings.HasPrefix(l, "▶"):
			if last == "▶" {
				t.Errorf("a request shown without its response:\n%s", strings.Join(s, "\n"))
			}
			last = "▶"
			shown["GET /docs/poll"]++
		case strings.HasPrefix(l, "◀"):
			if last != "▶" {
				t.Errorf("a response shown without its request:\n%s", strings.Join(s, "\n"))
			}
			last = "◀"
			shown[strings.TrimPrefix(l, "◀ ")]++
		case strings.HasPrefix(l, "… "):
			for k, n := range foldCounts(l) {
				folded[k] += n
			}
		}
	}
	if last != "◀" {
		t.Errorf("the last request shown has no response:\n%s", strings.Join(s, "\n"))
	}
	// Exact counts: what is shown and what is folded add up to what happened.
	for label, want := range map[string]int{"GET /docs/poll": 10, "304 Not Modified": 5, "200 OK": 5} {
		if got := shown[label] + folded[label]; got != want {
			t.Errorf("%s: %d shown + %d folded, want %d in all:\n%s", label, shown[label], folded[label], want, strings.Join(s, "\n"))
		}
	}
	if shown["GET /docs/poll"] != 2 {
		t.Errorf("%d requests shown, want the first 2:\n%s", shown["GET /docs/poll"], strings.Join(s, "\n"))
	}
}

// A fold line stands where the events it counts happened: before the next
// event shown, never after it. The old condenser put one line at the end
// of the section, after events that came later.
func TestFoldLineStandsWhereTheEventsWere(t *testing.T) {
	t.Parallel()
	var evs []trace.Event
	for i := 1; i <= 5; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i)))
	}
	evs = append(evs, trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindCheck, Summary: "half-way mark",
		Check: &trace.Check{Name: "half-way mark", OK: true}})
	for i := 6; i <= 10; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i)))
	}
	evs = append(evs, summary("the end"))
	s := condensed(t, evs)
	first := index(s, "… 3 more like those above: 3 × applied edit v3 … applied edit v5", 0)
	mark := index(s, "half-way mark", 0)
	second := index(s, "… 5 more like those above: 5 × applied edit v6 … applied edit v10", 0)
	end := index(s, "the end", 0)
	if first < 0 || !(first < mark && mark < second && second < end) {
		t.Fatalf("want edits v1, v2, a fold of v3-v5, the mark, a fold of v6-v10, the summary; got:\n%s", strings.Join(s, "\n"))
	}
	if index(s, "applied edit v2", 0) > first || index(s, "applied edit v1", 0) < 0 {
		t.Fatalf("the first two edits must be shown before the fold:\n%s", strings.Join(s, "\n"))
	}
}

// Nothing folds across a close: a CLOSE frame, a tcp.close or a summary
// ends the run before it. The old condenser showed the CLOSE frames, then
// "… 4 × TEXT", as if data came after the close.
func TestFoldNeverCrossesAClose(t *testing.T) {
	t.Parallel()
	evs := []trace.Event{{Conn: 2, From: "tab-b", To: trace.Server, Kind: trace.KindTCPConnect, Summary: "TCP connection #2 opened"}}
	for i := 1; i <= 6; i++ {
		evs = append(evs, textFrame(2, trace.Server, "tab-b", fmt.Sprintf("v%d", i)))
	}
	evs = append(evs, closeFrameFrom(2, "tab-b", trace.Server), closeFrameFrom(2, trace.Server, "tab-b"), tcpClose(2))
	// After the close, the same notes on either side of a second tcp.close
	// (a connection's other direction, say), then a new section.
	for i := 1; i <= 4; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i)))
	}
	evs = append(evs, tcpClose(2))
	for i := 5; i <= 8; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i)))
	}
	evs = append(evs, summary("websocket: done"))
	for i := 1; i <= 3; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit w%d", i)))
	}
	evs = append(evs, summary("tcp-floor: done"))
	s := condensed(t, evs)
	all := strings.Join(s, "\n")

	closing := index(s, `CLOSE 1000 "bye"`, 0)
	if f := index(s, "… 4 more like those above: 4 × TEXT", 0); f < 0 || f > closing {
		t.Errorf("the folded TEXT frames must be counted before the CLOSE frame:\n%s", all)
	}
	if i := index(s, "TEXT", closing); i >= 0 {
		t.Errorf("a data frame counted after the CLOSE frame (line %d):\n%s", i, all)
	}
	firstClose := index(s, "closed by tab-b", 0)
	secondClose := index(s, "closed by tab-b", firstClose+1)
	if f := index(s, "… 2 more like those above: 2 × applied edit v3 … applied edit v4", 0); f < firstClose || f > secondClose {
		t.Errorf("edits v3-v4 must be folded between the two tcp.close lines:\n%s", all)
	}
	summaryAt := index(s, "websocket: done", 0)
	if f := index(s, "… 4 more like those above: 4 × applied edit v5 … applied edit v8", 0); f < secondClose || f > summaryAt {
		t.Errorf("edits v5-v8 must be folded between the second tcp.close and the summary:\n%s", all)
	}
	// A new section counts afresh: its first two edits are shown.
	if i := index(s, "applied edit w2", summaryAt); i < 0 || index(s, "… 1 more like those above: 1 × applied edit w3", i) < 0 {
		t.Errorf("the next section must show its first two edits and fold the third:\n%s", all)
	}
}

// A note stays in its section: what was folded before a summary is
// counted before it, and the next section's fold line counts only its own.
func TestFoldKeepsNotesInTheirSection(t *testing.T) {
	t.Parallel()
	var evs []trace.Event
	heading := func(s string) trace.Event {
		return trace.Event{From: "tab-b", To: trace.Server, Kind: trace.KindNote, Summary: s}
	}
	evs = append(evs, heading("1/2 poll"))
	for i := 1; i <= 4; i++ {
		evs = append(evs, note(1, fmt.Sprintf("server: closed with %d", 1000+i)))
	}
	evs = append(evs, summary("poll: done"), heading("2/2 websocket"))
	for i := 1; i <= 5; i++ {
		evs = append(evs, note(2, fmt.Sprintf("server: closed with %d", 2000+i)))
	}
	evs = append(evs, summary("websocket: done"))
	s := condensed(t, evs)
	all := strings.Join(s, "\n")
	first, second := index(s, "1/2 poll", 0), index(s, "2/2 websocket", 0)
	if f := index(s, "… 2 more like those above: 2 × server: closed with 1003 … server: closed with 1004", 0); f < first || f > index(s, "poll: done", 0) {
		t.Errorf("the first section's notes must be folded under its heading, before its summary:\n%s", all)
	}
	if f := index(s, "… 3 more like those above: 3 × server: closed with 2003 … server: closed with 2005", 0); f < second {
		t.Errorf("the second section's fold must count only its own notes:\n%s", all)
	}
	if i := index(s, "closed with 100", second); i >= 0 {
		t.Errorf("a note of the first section appears under the second heading:\n%s", all)
	}
}

// A folded event costs the learner no Enter: with --step, Render waits only
// before the events it shows.
func TestStepSkipsFoldedEvents(t *testing.T) {
	t.Parallel()
	var evs []trace.Event
	for i := 1; i <= 10; i++ {
		evs = append(evs, note(0, fmt.Sprintf("applied edit v%d", i)))
	}
	evs = append(evs, summary("the end"))
	// Three events are shown (two edits and the summary): three Enters, then
	// a q that only a wait for a folded event would read.
	var out bytes.Buffer
	in := tty.NewInput(strings.NewReader("\n\n\nq\n"))
	err := Render(context.Background(), recorded(evs), Options{Out: &out, In: in, Mode: Plain, Condense: true, Step: true, Width: 200})
	if err != nil {
		t.Fatalf("Render = %v: a folded event waited for Enter:\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "… 8 more like those above") {
		t.Fatalf("no fold line:\n%s", out.String())
	}
}

// Fragments of a message fold or show with the first, and so does the
// ws.message that reassembles them; an interim 1xx answer does not end an
// exchange.
func TestFoldKeepsMessagesAndInterimAnswersTogether(t *testing.T) {
	t.Parallel()
	var c condenser
	frag := func(op int, fin bool, summary string) trace.Event {
		return trace.Event{Conn: 3, From: trace.Server, To: "tab-b", Kind: trace.KindWSFrame, Summary: summary,
			Frame: &trace.Frame{Fin: fin, Opcode: op}}
	}
	msg := trace.Event{Conn: 3, From: trace.Server, To: "tab-b", Kind: trace.KindWSMessage, Summary: "text message"}
	var got []bool
	for i := 0; i < 4; i++ {
		got = append(got, foldE(&c, frag(1, false, "TEXT (FIN=0)")), foldE(&c, frag(0, true, "CONT")), foldE(&c, msg))
	}
	want := []bool{false, false, false, false, false, false, true, true, true, true, true, true}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fragments and message folded %v, want %v", got, want)
	}

	c = condenser{}
	got = nil
	for i := 0; i < 3; i++ {
		got = append(got, foldE(&c, request(4, "/upload")), foldE(&c, response(4, 100, "Continue")), foldE(&c, response(4, 201, "Created")))
	}
	want = []bool{false, false, false, false, false, false, true, true, true}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("request, 100 Continue, 201 folded %v, want %v", got, want)
	}
}

// Memory stays bounded whatever a peer sends: counts and a few labels.
func TestCondenserIsBounded(t *testing.T) {
	t.Parallel()
	var c condenser
	for i := 0; i < 10*maxShapes; i++ {
		for j := 0; j < 3; j++ {
			foldE(&c, trace.Event{Conn: i, From: "tab-b", To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /" + strings.Repeat("x", i%500) + "/y"})
			foldE(&c, trace.Event{Conn: i, From: "tab-b", To: trace.Server, Kind: trace.KindNote, Summary: strings.Repeat("y", i)})
		}
	}
	if len(c.seen) > maxShapes || len(c.pending) > maxConns || len(c.run.parts) > maxFoldParts {
		t.Fatalf("%d shapes, %d connections, %d parts", len(c.seen), len(c.pending), len(c.run.parts))
	}
	for _, q := range c.pending {
		if len(q) > maxPending {
			t.Fatalf("%d pending requests on one connection", len(q))
		}
	}
	line := c.take(lang.Text{})
	if n := textWidth(line); n > 600 {
		t.Fatalf("fold line of %d columns", n)
	}
	if !strings.Contains(line, "× other events") {
		t.Fatalf("fold line without its remainder: %s", line)
	}
}

// foldE folds e with its summary as the label, as an English diagram does.
func foldE(c *condenser, e trace.Event) bool { return c.fold(e, e.Summary) }

// An event the recorder condensed a flood into (trace.Repeat) says under
// its arrow how many more there were, until when and how many bytes; a
// fold line counts them too, so its number is the wire's.
func TestRepeatIsDrawnAndCounted(t *testing.T) {
	t.Parallel()
	flood := func(conn int) trace.Event {
		return trace.Event{Conn: conn, From: trace.Server, To: trace.Client, Kind: trace.KindWSFrame, Summary: "TEXT",
			Frame:  &trace.Frame{Fin: true, Opcode: 1, OpcodeName: "text", HeaderLen: 2},
			Repeat: &trace.Repeat{More: 3999999, Bytes: 7999998, LastTUS: 11_020_000}}
	}
	var out bytes.Buffer
	if err := Render(context.Background(), recorded([]trace.Event{flood(1)}), Options{Out: &out, Mode: Plain, Width: 200}); err != nil {
		t.Fatal(err)
	}
	want := "… and 3,999,999 more like it, until +11.02s (7,999,998 bytes): they came faster than they could be drawn one by one"
	if s := story(out.String()); index(s, want, index(s, "◀ TEXT", 0)) < 0 {
		t.Errorf("no repeat line under the arrow:\n%s", out.String())
	}
	// Condensed: three such events, the third folded with its repeats.
	got := condensed(t, []trace.Event{flood(1), flood(1), flood(1), note(0, "end")})
	if index(got, "… 4,000,000 more like those above: 4,000,000 × TEXT", 0) < 0 {
		t.Errorf("fold line does not count the repeats:\n%s", strings.Join(got, "\n"))
	}
}
