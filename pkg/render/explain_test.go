package render

import (
	"bytes"
	"strings"
	"testing"

	"wsdemo/pkg/trace"
)

// A meaning is explained the first time its field appears, then not again,
// unless --verbose asks for everything.
func TestFieldMeaningIsExplainedOnce(t *testing.T) {
	t.Parallel()
	ev := trace.Event{Kind: trace.KindHTTPRequest, From: trace.Client, To: trace.Server, Summary: "GET /",
		Fields: []trace.Field{{Name: "Host", Value: "x", Meaning: "which site the client wants"}}}
	for _, verbose := range []bool{false, true} {
		var out bytes.Buffer
		r := New(Options{Out: &out, Mode: Plain, Verbose: verbose})
		for i := 0; i < 2; i++ {
			if err := r.Event(ev); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		want := 1
		if verbose {
			want = 2
		}
		if n := strings.Count(out.String(), "which site the client wants"); n != want {
			t.Errorf("verbose=%v: meaning shown %d times, want %d:\n%s", verbose, n, want, out.String())
		}
	}
}
