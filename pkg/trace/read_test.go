package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// readAll reads every event of text, returning them, the keys Unknown was
// called with, and the error that stopped the reading (nil at the end of a
// good trace).
func readAll(t *testing.T, text string) ([]Event, []string, error) {
	t.Helper()
	rd := NewReader(strings.NewReader(text), "run.jsonl")
	var warnings []string
	rd.Unknown = func(line int, key string) {
		warnings = append(warnings, key)
	}
	var evs []Event
	for {
		e, err := rd.Next()
		if err == io.EOF {
			return evs, warnings, nil
		}
		if err != nil {
			// A reader stays stopped at its error.
			if _, again := rd.Next(); again != err {
				t.Errorf("after %v, Next said %v", err, again)
			}
			return evs, warnings, err
		}
		evs = append(evs, e)
	}
}

func TestReaderRoundTripsEvents(t *testing.T) {
	t.Parallel()
	sid := 3
	evs := []Event{
		{Seq: 1, TUS: 12, Conn: 1, From: Client, To: Server, Kind: KindTCPConnect, Summary: "TCP connection #1 opened", Scenario: "http"},
		{Seq: 2, TUS: 340, Conn: 1, From: Client, To: Server, Kind: KindHTTPRequest, Summary: "GET /", Raw: []byte("GET / HTTP/1.1\r\n\r\n"),
			HTTP: &HTTP{Method: "GET", Target: "/", Proto: "HTTP/1.1", Headers: [][2]string{{"Host", "x"}}}, Note: "a <note> & more", Scenario: "http"},
		{Seq: 3, TUS: 900, Conn: 1, From: Server, To: Client, Kind: KindWSFrame, Summary: "TEXT \"hi\"", Raw: []byte{0x81, 0x02, 'h', 'i'},
			Frame: &Frame{Fin: true, Opcode: 1, OpcodeName: "text", PayloadLen: 2, HeaderLen: 2, Payload: "hi"}, Scenario: "duplex"},
		{Seq: 4, Kind: KindSIOPacket, SIO: &SIO{Transport: "websocket", EIOType: 4, EIOName: "message", SIOType: &sid, Data: json.RawMessage(`["a",1]`)}},
		{Seq: 5, Kind: KindSummary, Summary: "done", Stats: map[string]any{"requests": 3.0, "timings": []any{map[string]any{"wrote_ms": 0.25}}}},
	}
	var b bytes.Buffer
	for _, e := range evs {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteString("\n")
	}
	got, warnings, err := readAll(t, b.String())
	if err != nil || len(warnings) > 0 {
		t.Fatalf("read: %v, warnings %v", err, warnings)
	}
	if !reflect.DeepEqual(got, evs) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, evs)
	}
	// And written again, the same bytes.
	var again bytes.Buffer
	for _, e := range got {
		line, _ := json.Marshal(e)
		again.Write(line)
		again.WriteString("\n")
	}
	if again.String() != b.String() {
		t.Errorf("re-encoded\n%s\nwant\n%s", again.String(), b.String())
	}
}

func TestReaderSkipsBlankLinesAndCRLF(t *testing.T) {
	t.Parallel()
	text := "\n" + `{"seq":1,"kind":"note","summary":"a"}` + "\r\n   \n" + `{"seq":2,"kind":"note","summary":"b"}` // no final newline
	evs, _, err := readAll(t, text)
	if err != nil || len(evs) != 2 || evs[1].Summary != "b" {
		t.Fatalf("got %+v, %v", evs, err)
	}
}

// TestReaderExplainsDamagedTraces: a trace that is damaged, or is not a
// trace, stops at a clear error naming the file and the line; never a
// panic.
func TestReaderExplainsDamagedTraces(t *testing.T) {
	t.Parallel()
	good := `{"seq":1,"t_us":5,"conn":1,"from":"client","to":"server","kind":"tcp.connect","summary":"x"}`
	for _, c := range []struct {
		name, text string
		events     int
		want       string
	}{
		{"empty file", "", 0, "run.jsonl: no trace events in it (the file is empty)"},
		{"blank lines only", "\n\n  \n", 0, "run.jsonl: no trace events in it"},
		{"truncated last line", good + "\n" + `{"seq":2,"t_us":9,"kind":"ws.fr`, 1,
			"run.jsonl:2: not a wsdemo trace event: the line ends in the middle of a JSON value (was the file cut short?)"},
		{"not JSON", "GET / HTTP/1.1\n", 0, "run.jsonl:1: not a wsdemo trace event: not JSON (invalid character 'G' looking for beginning of value, at byte 1)"},
		{"a list", good + "\n\n[1,2]\n", 1, "run.jsonl:3: not a wsdemo trace event: a JSON array, not an object"},
		{"seq as text", `{"seq":"one","kind":"note"}`, 0, `run.jsonl:1: not a wsdemo trace event: "seq" is a JSON string, want a whole number`},
		{"frame as text", `{"seq":1,"kind":"ws.frame","frame":"81 05"}`, 0, `run.jsonl:1: not a wsdemo trace event: "frame" is a JSON string, want an object`},
		{"fin as number", `{"seq":1,"kind":"ws.frame","frame":{"fin":1}}`, 0, `run.jsonl:1: not a wsdemo trace event: "frame.fin" is a JSON number, want true or false`},
		{"raw_hex not hex", `{"seq":1,"kind":"ws.frame","raw_hex":"8g"}`, 0, "run.jsonl:1: not a wsdemo trace event: raw_hex is not hex: encoding/hex: invalid byte: U+0067 'g'"},
		{"no kind", `{"seq":1,"summary":"x"}`, 0, `run.jsonl:1: not a wsdemo trace event: it has no "kind": every event says what it describes`},
		{"null", "null", 0, `run.jsonl:1: not a wsdemo trace event: it has no "kind"`},
		{"two values", good + good, 0, "run.jsonl:1: not a wsdemo trace event: more than one JSON value on the line (one event per line)"},
		{"line too long", `{"seq":1,"kind":"note","summary":"` + strings.Repeat("x", MaxLine) + `"}`, 0, "run.jsonl:1: not a wsdemo trace event: the line is longer than 16 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			evs, _, err := readAll(t, c.text)
			if err == nil {
				t.Fatalf("no error; read %d events", len(evs))
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error\n%s\nwant it to start\n%s", err, c.want)
			}
			if len(evs) != c.events {
				t.Errorf("%d events before the error, want %d", len(evs), c.events)
			}
			var re *ReadError
			if !errors.As(err, &re) || re.Name != "run.jsonl" {
				t.Errorf("error %T %v is no *ReadError naming the file", err, err)
			}
		})
	}
}

// TestReaderIgnoresNewerKeysWithOneWarning: a newer wsdemo may add keys
// (at the top or inside an object); they are ignored and reported once.
func TestReaderIgnoresNewerKeysWithOneWarning(t *testing.T) {
	t.Parallel()
	text := `{"seq":1,"kind":"tcp.connect","summary":"a","hologram":true}` + "\n" +
		`{"seq":2,"kind":"ws.frame","summary":"b","frame":{"fin":true,"opcode":1,"colour":"blue"}}` + "\n" +
		`{"seq":3,"kind":"quantum.leap","summary":"c","hologram":false}` + "\n"
	evs, warnings, err := readAll(t, text)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || !evs[1].Frame.Fin || evs[2].Kind != "quantum.leap" {
		t.Errorf("events %+v", evs)
	}
	if len(warnings) != 1 || warnings[0] != "hologram" {
		t.Errorf("warnings %q, want one naming hologram", warnings)
	}
}

func FuzzReader(f *testing.F) {
	f.Add(`{"seq":1,"kind":"ws.frame","raw_hex":"8105","frame":{"fin":true}}` + "\n")
	f.Add("[]\n{}\nnull\n\"x\"\n")
	f.Add(`{"seq":1,"kind":"summary","stats":{"a":[1,{"b":null}]}}`)
	f.Add(`{"seq":1,"kind":"note","summary":"x","summary_msg":{"key":"%d of %s","args":[{"d":1},{"msg":{"key":"y","args":[{"list":{"sep":", ","items":[{"s":"z"},{"ms":0.5}]}}]}}]},"note":"n","note_msg":[{"key":"n"},null,{"key":"%v","args":[{"dur_ns":5}]}]}`)
	f.Add(`{"seq":1,"kind":"check","check":{"name":"a","name_msg":{"key":"a","args":[{"d":"x"}]},"detail_msg":[1]},"frame":{"violation_msg":{"key":"v","args":[{"f":1e400}]}}}`)
	f.Fuzz(func(t *testing.T, text string) {
		rd := NewReader(strings.NewReader(text), "f")
		for i := 0; i < 1000; i++ {
			e, err := rd.Next()
			if err != nil {
				return
			}
			if e.Kind == "" {
				t.Fatalf("event without kind: %+v", e)
			}
			// What was read can be written again (wsdemo show --format json).
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("read %+v, cannot write it again: %v", e, err)
			}
		}
	})
}
