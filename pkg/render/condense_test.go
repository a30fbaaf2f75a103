package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

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
