package render_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"wsdemo/internal/testkit"
	"wsdemo/internal/theme"
	"wsdemo/internal/tty"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// renderAll draws evs with a Renderer, as a lesson embedding a demo would.
func renderAll(t *testing.T, o render.Options, evs []trace.Event) string {
	t.Helper()
	var b bytes.Buffer
	o.Out = &b
	r := render.New(o)
	for _, e := range evs {
		if err := r.Event(e); err != nil {
			t.Fatalf("Event(%d): %v", e.Seq, err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		o    render.Options
	}{
		{"plain_80", render.Options{Mode: render.Plain, Width: 80}},
		{"plain_raw_80", render.Options{Mode: render.Plain, Width: 80, Raw: true}},
		{"plain_verbose_80", render.Options{Mode: render.Plain, Width: 80, Verbose: true}},
		{"plain_60", render.Options{Mode: render.Plain, Width: 60}},
		{"plain_120", render.Options{Mode: render.Plain, Width: 120}},
		{"pretty_80", render.Options{Mode: render.Pretty, Width: 80}},
		{"pretty_raw_80", render.Options{Mode: render.Pretty, Width: 80, Raw: true}},
		{"pretty_light_80", render.Options{Mode: render.Pretty, Width: 80, Theme: theme.Light}},
		{"pretty_light_raw_80", render.Options{Mode: render.Pretty, Width: 80, Raw: true, Theme: theme.Light}},
		{"json", render.Options{Mode: render.JSON}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := renderAll(t, tt.o, fixtures())
			testkit.Golden(t, filepath.Join("testdata", tt.name+".golden"), got, *update)
		})
	}
}

func TestPlainHasNoEscapeCodes(t *testing.T) {
	t.Parallel()
	evs := fixtures()
	// Bytes off the wire may hold escape sequences; they must not reach the terminal.
	evs = append(evs, trace.Event{Kind: trace.KindNote, Summary: "evil \x1b[2J", Note: "clear\x1b[2J screen\x9b31m"})
	for _, raw := range []bool{false, true} {
		for _, verbose := range []bool{false, true} {
			out := renderAll(t, render.Options{Mode: render.Plain, Raw: raw, Verbose: verbose}, evs)
			if i := strings.IndexByte(out, 0x1b); i >= 0 {
				t.Errorf("raw=%v verbose=%v: ESC at byte %d: %q", raw, verbose, i, out[max(0, i-20):min(len(out), i+20)])
			}
			if strings.Contains(out, "\u009b") {
				t.Errorf("raw=%v verbose=%v: C1 CSI in plain output", raw, verbose)
			}
		}
	}
}

func TestPrettyHasColour(t *testing.T) {
	t.Parallel()
	out := renderAll(t, render.Options{Mode: render.Pretty}, fixtures())
	if !strings.Contains(out, "\x1b[") {
		t.Fatal("pretty output has no escape codes; the colour profile was not forced")
	}
}

func TestNoLineWiderThanWidth(t *testing.T) {
	t.Parallel()
	evs := append(fixtures(), bigFrame(2000), trace.Event{Kind: trace.KindNote,
		Note: strings.Repeat("averyveryverylongwordwithoutanyspaces", 5)})
	for _, width := range []int{60, 80, 120} {
		for _, mode := range []render.Mode{render.Plain, render.Pretty} {
			for _, raw := range []bool{false, true} {
				for _, verbose := range []bool{false, true} {
					o := render.Options{Mode: mode, Width: width, Raw: raw, Verbose: verbose}
					out := renderAll(t, o, evs)
					for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
						if w := lipgloss.Width(l); w > width {
							t.Errorf("%+v line %d is %d columns:\n%s", o, i+1, w, l)
						}
					}
				}
			}
		}
	}
}

func TestJSONLinesRoundTrip(t *testing.T) {
	t.Parallel()
	evs := fixtures()
	out := renderAll(t, render.Options{Mode: render.JSON, Width: 80, Raw: true, Verbose: true}, evs)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(evs) {
		t.Fatalf("got %d lines for %d events", len(lines), len(evs))
	}
	for i, l := range lines {
		want, err := json.Marshal(evs[i])
		if err != nil {
			t.Fatal(err)
		}
		if l != string(want) {
			t.Errorf("line %d is not exactly json.Marshal(event):\n got %s\nwant %s", i+1, l, want)
		}
		var back trace.Event
		if err := json.Unmarshal([]byte(l), &back); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if !reflect.DeepEqual(back, jsonView(t, evs[i])) {
			t.Errorf("line %d round trip:\n got %+v\nwant %+v", i+1, back, evs[i])
		}
	}
}

// jsonView is e as the trace format can carry it: no Fields (presentation
// only), and stats numbers as JSON numbers decode (float64).
func jsonView(t *testing.T, e trace.Event) trace.Event {
	t.Helper()
	e.Fields = nil
	if e.Stats != nil {
		b, err := json.Marshal(e.Stats)
		if err != nil {
			t.Fatal(err)
		}
		e.Stats = nil
		if err := json.Unmarshal(b, &e.Stats); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func TestRenderFollowsRecorderFedConcurrently(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder()
	evs := fixtures()
	go func() {
		defer rec.Close()
		for i, e := range evs {
			if i%3 == 0 {
				time.Sleep(time.Millisecond) // let the renderer catch up and wait
			}
			rec.Emit(e)
		}
	}()
	var b bytes.Buffer
	if err := render.Render(context.Background(), rec, render.Options{Out: &b, Mode: render.JSON}); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&b)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var e trace.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Seq != n+1 || e.Summary != evs[n].Summary {
			t.Fatalf("line %d: seq %d %q, want seq %d %q", n+1, e.Seq, e.Summary, n+1, evs[n].Summary)
		}
		n++
	}
	if n != len(evs) {
		t.Fatalf("rendered %d events, want %d", n, len(evs))
	}
}

func TestRenderMatchesRendererAndPaces(t *testing.T) {
	t.Parallel()
	// Delay only paces; the output is the same as drawing event by event.
	o := render.Options{Mode: render.Plain, Width: 80, Delay: time.Microsecond}
	rec := recorderWith(fixtures())
	want := renderAll(t, o, rec.Events()) // the recorder stamps its own times
	var b bytes.Buffer
	o.Out = &b
	if err := render.Render(context.Background(), rec, o); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Fatalf("Render output differs from Renderer output:\n%s", b.String())
	}
}

func recorderWith(evs []trace.Event) *trace.Recorder {
	rec := trace.NewRecorder()
	for _, e := range evs {
		rec.Emit(e)
	}
	rec.Close()
	return rec
}

func TestStepWaitsForEnterAndStopsOnCancel(t *testing.T) {
	t.Parallel()
	evs := []trace.Event{
		{From: "client", To: "server", Kind: trace.KindTCPConnect, Summary: "conn-opened"}, // never waits
		{From: "client", To: "server", Kind: trace.KindHTTPRequest, Summary: "first-stepped"},
		{From: "server", To: "client", Kind: trace.KindHTTPResponse, Summary: "second-stepped"},
		{From: "client", To: "server", Kind: trace.KindTCPClose, Summary: "conn-closed"},
		{Kind: trace.KindNote, Note: "third-stepped"},
		{Kind: trace.KindNote, Note: "fourth-stepped"},
	}
	var out testkit.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A pipe, like a terminal, gives two lines and then waits for more.
	in, typist := io.Pipe()
	defer typist.Close()
	go typist.Write([]byte("\n"))
	done := make(chan error, 1)
	go func() {
		done <- render.Render(ctx, recorderWith(evs), render.Options{
			Out: &out, In: tty.NewInput(in), Mode: render.Plain, Step: true})
	}()

	// The first stepped event is drawn at once, one Enter releases the
	// second and the TCP line after it; then Render must sit before the
	// third.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "conn-closed") {
		if time.Now().After(deadline) {
			t.Fatalf("Render did not draw the first events:\n%s", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // a chance to misbehave; no timing is asserted
	if s := out.String(); strings.Contains(s, "third-stepped") {
		t.Fatalf("Render drew past the third stepped event without an Enter:\n%s", s)
	}
	select {
	case err := <-done:
		t.Fatalf("Render returned %v while waiting for Enter", err)
	default:
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Render returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Render did not return after cancel")
	}
	for _, want := range []string{"conn-opened", "first-stepped", "second-stepped", "conn-closed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// When the input ends (Ctrl-D) nobody can press Enter any more: the rest of
// the demo is drawn unpaced instead of waiting for ever.
func TestStepAtEndOfInputRunsOnUnpaced(t *testing.T) {
	t.Parallel()
	evs := []trace.Event{{Kind: trace.KindNote, Note: "one"}, {Kind: trace.KindNote, Note: "two"}, {Kind: trace.KindNote, Note: "three"}}
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := render.Render(ctx, recorderWith(evs), render.Options{Out: &out, In: tty.NewInput(strings.NewReader("\n")), Mode: render.Plain, Step: true})
	if err != nil || !strings.Contains(out.String(), "three") {
		t.Fatalf("Render = %v, output:\n%s", err, out.String())
	}
}

func TestStepReadsOnlyWhatItNeeds(t *testing.T) {
	t.Parallel()
	// A lesson reads stdin after the demo (quiz answers); stepping must leave
	// everything after the last key it waited for.
	in := tty.NewInput(strings.NewReader("\nanswer: b\n"))
	evs := []trace.Event{{Kind: trace.KindNote, Note: "one"}, {Kind: trace.KindNote, Note: "two"}}
	err := render.Render(context.Background(), recorderWith(evs), render.Options{In: in, Mode: render.Plain, Step: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := in.ReadLine(context.Background(), 100); got != "answer: b" || err != nil {
		t.Fatalf("stdin left after the demo = %q, %v; want %q", got, err, "answer: b")
	}
}

func TestRenderStopsOnCancelledContext(t *testing.T) {
	t.Parallel()
	rec := trace.NewRecorder() // never closed: Render would wait forever
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := render.Render(ctx, rec, render.Options{Mode: render.Plain}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Render = %v, want context.Canceled", err)
	}
}

type failWriter struct{}

var errDiskFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestRenderReturnsWriteErrors(t *testing.T) {
	t.Parallel()
	for _, mode := range []render.Mode{render.Pretty, render.Plain, render.JSON} {
		err := render.Render(context.Background(), recorderWith(fixtures()), render.Options{Out: failWriter{}, Mode: mode})
		if !errors.Is(err, errDiskFull) {
			t.Errorf("mode %d: Render = %v, want the write error", mode, err)
		}
	}
}

// bigFrame is a binary frame of n payload bytes from the server, long enough
// to have its hex dump shortened.
func bigFrame(n int) trace.Event {
	raw := []byte{0x82, 126, byte(n >> 8), byte(n)}
	for i := 0; i < n; i++ {
		raw = append(raw, byte(i))
	}
	return trace.Event{Conn: 1, From: "server", To: "client", Kind: trace.KindWSFrame,
		Summary: "BINARY 2000 bytes", Raw: raw,
		Fields: []trace.Field{
			{Name: "FIN", Value: "1", Off: 0, Len: 1},
			{Name: "opcode", Value: "0x2 binary", Off: 0, Len: 1},
			{Name: "payload length", Value: "126", Meaning: "126: the real length follows in 16 bits", Off: 1, Len: 1},
			{Name: "extended length", Value: "2000", Off: 2, Len: 2},
			{Name: "payload", Value: strings.Repeat("00 01 02 03 ", 500), Off: 4, Len: n},
		}}
}

func TestHexDumpShortensBigMessages(t *testing.T) {
	t.Parallel()
	evs := []trace.Event{bigFrame(2000)}
	short := renderAll(t, render.Options{Mode: render.Plain, Raw: true}, evs)
	if !strings.Contains(short, "1,680 bytes not shown") {
		t.Errorf("big frame not shortened:\n%s", short)
	}
	for _, want := range []string{"0000  82 7e 07 d0 00 01", "00f0  ", "07c0  ", "07d0  "} {
		if !strings.Contains(short, want) {
			t.Errorf("shortened dump lacks %q:\n%s", want, short)
		}
	}
	if strings.Contains(short, "0100  ") {
		t.Errorf("shortened dump shows byte 0x100:\n%s", short)
	}
	for _, want := range []string{"FIN/opcode: 00  payload length: 01", "extended length: 02–03", "payload: 04–7d3"} {
		if !strings.Contains(short, want) {
			t.Errorf("plain legend lacks %q:\n%s", want, short)
		}
	}
	full := renderAll(t, render.Options{Mode: render.Plain, Raw: true, Verbose: true}, evs)
	if strings.Contains(full, "not shown") || !strings.Contains(full, "0100  ") {
		t.Errorf("verbose dump is not whole:\n%s", full)
	}
}

func TestHeaderNamesTheClientSideActor(t *testing.T) {
	t.Parallel()
	out := renderAll(t, render.Options{Mode: render.Plain}, []trace.Event{
		{From: "tab-b", To: "server", Kind: trace.KindWSFrame, Summary: "hi"},
	})
	first := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(first, "TAB-B") || !strings.HasSuffix(first, "SERVER") {
		t.Fatalf("header = %q", first)
	}
}

func TestEventAfterClose(t *testing.T) {
	t.Parallel()
	r := render.New(render.Options{Mode: render.Plain})
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := r.Event(trace.Event{Kind: trace.KindNote}); err == nil {
		t.Fatal("Event after Close succeeded")
	}
}

// Untimed events (decode: pasted bytes, no time passed between them) are
// drawn without times, live and from a saved decode trace; others keep
// theirs.
func TestUntimedDrawsNoTimes(t *testing.T) {
	t.Parallel()
	frame := trace.Event{Seq: 1, TUS: 10900, From: trace.Server, To: trace.Client, Kind: trace.KindWSFrame, Summary: `TEXT "Hello"`}
	o := render.Options{Mode: render.Plain, Width: 80}
	if out := renderAll(t, o, []trace.Event{frame}); !strings.Contains(out, "+10.9ms") {
		t.Fatalf("a timed event lost its time:\n%s", out)
	}
	o.Untimed = true
	if out := renderAll(t, o, []trace.Event{frame}); strings.Contains(out, "ms") {
		t.Errorf("an untimed event drawn with a time:\n%s", out)
	}
	saved := frame
	saved.Scenario = "decode"
	if out := renderAll(t, render.Options{Mode: render.Plain, Width: 80}, []trace.Event{saved}); strings.Contains(out, "ms") {
		t.Errorf("a saved decode event drawn with a time:\n%s", out)
	}
}
