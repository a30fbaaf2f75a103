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

// Notes show their summary and the fields of the computation they describe;
// TCP lines show their teaching note.
func TestNoteAndTCPShowEverything(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := New(Options{Out: &out, Mode: Plain})
	r.Event(trace.Event{Kind: trace.KindTCPConnect, From: trace.Client, To: trace.Server, Summary: "TCP connection #1 opened", Note: "HTTP rides on TCP."})
	r.Event(trace.Event{Kind: trace.KindNote, From: trace.Server, To: trace.Server, Summary: "computes Sec-WebSocket-Accept = X",
		Fields: []trace.Field{{Name: "2. SHA-1", Value: "b37a4f2cc0624f1690f64606cf385945b2bec4ea"}}, Note: "Only a WebSocket server can."})
	r.Close()
	for _, want := range []string{"HTTP rides on TCP.", "server: computes Sec-WebSocket-Accept = X", "b37a4f2cc0624f1690f64606cf385945b2bec4ea", "Only a WebSocket server can."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
