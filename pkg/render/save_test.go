package render_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// jsonOf is what JSON mode writes for evs, each stamped with scenario.
func jsonOf(t *testing.T, evs []trace.Event, scenario string) string {
	t.Helper()
	return renderAll(t, render.Options{Mode: render.JSON, Scenario: scenario}, evs)
}

// TestSaveWritesWhatJSONWrites: --save's file holds exactly the lines
// --json prints, whatever the screen shows: every event, folded or not,
// stamped with the scenario.
func TestSaveWritesWhatJSONWrites(t *testing.T) {
	t.Parallel()
	// Ten polls: condensing folds most of them on screen, not in the file.
	var evs []trace.Event
	for i := 0; i < 10; i++ {
		evs = append(evs,
			trace.Event{Conn: 1, From: "tab-b", To: "server", Kind: trace.KindHTTPRequest, Summary: "GET /docs/poll"},
			trace.Event{Conn: 1, From: "server", To: "tab-b", Kind: trace.KindHTTPResponse, Summary: "304 Not Modified"})
	}
	evs = append(evs, fixtures()...)
	for _, mode := range []render.Mode{render.Plain, render.JSON, render.Mermaid} {
		rec := recorderWith(evs)
		// Events, taken before anything reads it, is every event as
		// recorded (the recorder lets go of what its reader has taken).
		all := rec.Events()
		var out, saved bytes.Buffer
		err := render.Render(context.Background(), rec, render.Options{Out: &out, Mode: mode, Condense: true, Save: &saved, Scenario: "realtime"})
		if err != nil {
			t.Fatal(err)
		}
		want := jsonOf(t, all, "realtime")
		if saved.String() != want {
			t.Errorf("mode %d: saved\n%s\nwant\n%s", mode, saved.String(), want)
		}
		if mode == render.Plain && !strings.Contains(out.String(), "more like those above") {
			t.Errorf("nothing was folded on screen: the test shows nothing")
		}
		if mode == render.JSON && out.String() != want {
			t.Errorf("JSON output and saved file differ")
		}
	}
}

// TestSaveGoesOnAfterTheDrawingStops: q at a step stops the drawing, not
// the saving: the file gets the rest of the run.
func TestSaveGoesOnAfterTheDrawingStops(t *testing.T) {
	t.Parallel()
	rec := recorderWith(fixtures())
	all := rec.Events() // before the reader takes them
	var out, saved bytes.Buffer
	err := render.Render(context.Background(), rec, render.Options{Out: &out, Mode: render.Plain,
		Step: true, In: tty.NewInput(strings.NewReader("\nq\n")), Save: &saved, Scenario: "duplex"})
	if !errors.Is(err, render.ErrStopped) {
		t.Fatalf("Render = %v, want ErrStopped", err)
	}
	if want := jsonOf(t, all, "duplex"); saved.String() != want {
		t.Errorf("saved %d bytes, want the whole run (%d)", saved.Len(), len(want))
	}
	if strings.Contains(out.String(), "2 HTTP round trips") {
		t.Errorf("the drawing went on after q")
	}
}

// TestScenarioStampKeepsAnEventsOwn: a saved trace shown again keeps the
// scenario each event was recorded with.
func TestScenarioStampKeepsAnEventsOwn(t *testing.T) {
	t.Parallel()
	evs := []trace.Event{{Seq: 1, Kind: trace.KindNote, Summary: "a", Scenario: "http"}, {Seq: 2, Kind: trace.KindNote, Summary: "b"}}
	got := jsonOf(t, evs, "decode")
	if !strings.Contains(got, `"summary":"a","scenario":"http"}`) || !strings.Contains(got, `"summary":"b","scenario":"decode"}`) {
		t.Errorf("stamped:\n%s", got)
	}
	if got := jsonOf(t, evs[1:], ""); strings.Contains(got, "scenario") {
		t.Errorf("no scenario to stamp, yet %s", got)
	}
}

type failAfter struct {
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

// TestSaveErrorDoesNotStopTheDrawing: a full disk loses the file, not the
// lesson; Render says so when the drawing is done.
func TestSaveErrorDoesNotStopTheDrawing(t *testing.T) {
	t.Parallel()
	rec := recorderWith(fixtures())
	all := rec.Events() // before the reader takes them
	var out bytes.Buffer
	err := render.Render(context.Background(), rec, render.Options{Out: &out, Mode: render.Plain, Save: &failAfter{n: 3}})
	if !errors.Is(err, errDiskFull) {
		t.Errorf("Render = %v, want the save error", err)
	}
	if want := renderAll(t, render.Options{Mode: render.Plain}, all); out.String() != want {
		t.Errorf("the drawing was cut by the save error")
	}
}

// sliceSource is a Source over a slice, as wsdemo show's reader is one.
type sliceSource []trace.Event

func (s sliceSource) Next(_ context.Context, i int) (trace.Event, error) {
	if i >= len(s) {
		return trace.Event{}, io.EOF
	}
	return s[i], nil
}

// TestRenderFromKeepsTheEventsTimes: a saved trace is drawn with its own
// sequence numbers and times, not a recorder's new ones.
func TestRenderFromKeepsTheEventsTimes(t *testing.T) {
	t.Parallel()
	evs := fixtures()
	var b bytes.Buffer
	if err := render.RenderFrom(context.Background(), sliceSource(evs), render.Options{Out: &b, Mode: render.JSON}); err != nil {
		t.Fatal(err)
	}
	if want := jsonOf(t, evs, ""); b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestJSONKeepsTheKeys: the trace keeps, beside each text said through the
// catalog, its key and arguments (summary_msg, note_msg), except a frame's
// label, whose words its frame object gives: expanded or not, a ws.frame
// is written the same.
func TestJSONKeepsTheKeys(t *testing.T) {
	t.Parallel()
	label := lang.M("%s (masked)", `TEXT "hi"`)
	frame := trace.Event{Seq: 1, Kind: trace.KindWSFrame, Summary: `TEXT "hi" (masked)`,
		Frame: &trace.Frame{Fin: true, Opcode: 1, OpcodeName: "text", Masked: true}}
	expanded := frame
	expanded.SummaryMsg = label
	msg := trace.Event{Seq: 2, Kind: trace.KindWSMessage}
	msg.Summary, msg.SummaryMsg = lang.Both("text message, %d bytes", 1456)
	lang.For(lang.PortugueseBR).SetNote(&msg, lang.M("The %d fragments joined into one message. Frame boundaries carry no meaning of their own (RFC 6455 §5.4): a message API, such as the browser's WebSocket, hands the application only the whole message.", 2))
	out := jsonOf(t, []trace.Event{frame, expanded, msg}, "duplex")
	lines := strings.Split(out, "\n")
	if lines[0] != lines[1] || strings.Contains(lines[0], "summary_msg") {
		t.Errorf("a frame's line depends on its expansion, or has its label's key:\n%s", out)
	}
	for _, want := range []string{
		`"summary":"text message, 1456 bytes","summary_msg":{"key":"text message, %d bytes","args":[{"d":1456}]}`,
		`"note":"Os 2 fragmentos se juntaram numa só mensagem.`,
		`"note_msg":[{"key":"The %d fragments joined into one message.`,
	} {
		if !strings.Contains(lines[2], want) {
			t.Errorf("lacks %s:\n%s", want, lines[2])
		}
	}
}
