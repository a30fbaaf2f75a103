package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/demo"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// The golden traces: each command's --json output, recorded once (go test
// ./pkg/cli -run TestShowGolden -update) with ports and times made fixed,
// next to the plain diagram the command drew in the same run.
var showGolden = []struct {
	name string
	args []string
}{
	{"http", []string{"http"}},
	{"handshake", []string{"handshake"}},
	{"duplex", []string{"duplex"}},
	{"realtime_websocket", []string{"realtime", "--only", "websocket"}},
}

// TestShowGolden: show reproduces a saved trace byte for byte with
// --format json, and draws it as the command drew it.
func TestShowGolden(t *testing.T) {
	for _, g := range showGolden {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			jsonl := filepath.Join("testdata", "show", g.name+".jsonl")
			if *update {
				recordShowGolden(t, g.args, jsonl)
			}
			want, err := os.ReadFile(jsonl)
			if err != nil {
				t.Fatalf("%v (record it with -update)", err)
			}
			code, out, errOut := runCLI(t, "show", "--format", "json", jsonl)
			if code != 0 || out != string(want) {
				t.Errorf("show --format json: exit %d, %s\nthe events differ from %s", code, errOut, jsonl)
			}
			code, out, errOut = runCLI(t, "show", jsonl)
			if code != 0 || errOut != "" {
				t.Fatalf("show: exit %d, %s", code, errOut)
			}
			// Compared, never rewritten: the golden drawing is the
			// command's own, written when the trace was recorded.
			testkit.Golden(t, filepath.Join("testdata", "show", g.name+".golden"), normalizeDiagram(out), false)
		})
	}
}

// recordShowGolden runs a command with --save, checks that show draws the
// saved trace exactly as the command drew it, then writes the trace with
// fixed ports and times, and the drawing normalised, as golden files.
func recordShowGolden(t *testing.T, args []string, jsonl string) {
	t.Helper()
	saved := filepath.Join(t.TempDir(), "run.jsonl")
	code, live, errOut := runCLI(t, append(args, "--save", saved)...)
	if code != 0 {
		t.Fatalf("%v: exit %d, %s", args, code, errOut)
	}
	code, replay, errOut := runCLI(t, "show", saved)
	if code != 0 || replay != live {
		t.Fatalf("show of the run's own trace differs from the run's drawing (exit %d, %s):\n%s\n---\n%s", code, errOut, live, replay)
	}
	raw, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(jsonl), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonl, fixTrace(t, raw), 0o644); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("show", strings.TrimSuffix(filepath.Base(jsonl), ".jsonl")+".golden"), normalizeDiagram(live))
}

var rePort = regexp.MustCompile(`127\.0\.0\.1:(\d+)`)

// fixTrace makes a recorded trace the same on every recording: each port
// becomes 4000N (same width, in strings and in raw bytes alike), and each
// time seq milliseconds.
func fixTrace(t *testing.T, raw []byte) []byte {
	t.Helper()
	ports := map[string]string{}
	fix := func(s string) string {
		return rePort.ReplaceAllStringFunc(s, func(m string) string {
			p := m[len("127.0.0.1:"):]
			if _, ok := ports[p]; !ok {
				n := strconv.Itoa(len(ports) + 1)
				ports[p] = "4" + strings.Repeat("0", max(0, len(p)-1-len(n))) + n
			}
			return "127.0.0.1:" + ports[p]
		})
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, trace.MaxLine)
	for sc.Scan() {
		var e trace.Event
		if err := json.Unmarshal([]byte(fix(sc.Text())), &e); err != nil {
			t.Fatal(err)
		}
		e.TUS = int64(e.Seq) * 1000
		e.Raw = []byte(fix(string(e.Raw)))
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestShowRedrawsWhatTheDemoDrew runs commands with --save and checks that
// show, with the same drawing flags, draws exactly what they drew.
func TestShowRedrawsWhatTheDemoDrew(t *testing.T) {
	for _, c := range []struct {
		run, show []string
	}{
		{[]string{"http", "--raw", "--no-keepalive"}, []string{"--raw"}},
		{[]string{"handshake", "-v"}, []string{"-v"}},
		{[]string{"handshake", "--case", "bad-key"}, nil},
		{[]string{"handshake", "--origin", "https://evil.example", "--lang", "pt-BR"}, []string{"--lang", "pt-BR"}},
		{[]string{"duplex", "--raw", "--messages", "2"}, []string{"--raw"}},
		{[]string{"duplex", "-v", "--lang", "pt-BR", "--messages", "2"}, []string{"-v", "--lang", "pt-BR"}},
		{[]string{"duplex", "--lang", "pt-BR", "--messages", "2"}, []string{"--lang", "pt-BR"}},
		{[]string{"duplex", "--compress", "--raw", "--messages", "2"}, []string{"--raw"}},
		{[]string{"duplex", "--compress", "-v", "--lang", "pt-BR", "--messages", "2"}, []string{"-v", "--lang", "pt-BR"}},
		{[]string{"realtime", "--only", "poll,websocket", "--edits", "4", "--every", "30ms", "--poll-interval", "50ms"}, nil},
		{[]string{"decode", "81", "85", "37", "fa", "21", "3d", "7f", "9f", "4d", "51", "58", "--raw"}, []string{"--raw"}},
		{[]string{"socketio"}, nil},
		{[]string{"socketio", "--raw", "-v", "--lang", "pt-BR"}, []string{"--raw", "-v", "--lang", "pt-BR"}},
	} {
		t.Run(strings.Join(c.run, " "), func(t *testing.T) {
			t.Parallel()
			saved := filepath.Join(t.TempDir(), "run.jsonl")
			code, live, errOut := runCLI(t, append(c.run, "--save", saved)...)
			if code != 0 {
				t.Fatalf("exit %d, %s", code, errOut)
			}
			code, replay, errOut := runCLI(t, append([]string{"show", saved}, c.show...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("show: exit %d, %s", code, errOut)
			}
			if replay != live {
				t.Errorf("show draws\n%s\nthe command drew\n%s", replay, live)
			}
		})
	}
}

// TestShowSaysARecordingInAnotherLanguage: a trace recorded in Brazilian
// Portuguese, shown in English, draws what an English run draws: its notes,
// summaries, checks and violations are said again from the keys the trace
// keeps (note_msg, summary_msg ...). decode's bytes are fixed, so its
// English run is drawn exactly (times aside); the demos' runs differ each
// time, so their English replay must hold no Portuguese, and said back in
// Portuguese (through a trace saved in English) match the live drawing.
func TestShowSaysARecordingInAnotherLanguage(t *testing.T) {
	t.Parallel()
	portuguese := regexp.MustCompile(`\b(não|é|são|conexão|requisição|mensagem|então|também|quando|nenhum|já)\b|ção\b`)
	t.Run("decode", func(t *testing.T) {
		t.Parallel()
		// A masked frame, a fragment, and an unmasked continuation that
		// breaks a rule: notes with a number and with a nested rule.
		in := strings.Fields("81 85 37 fa 21 3d 7f 9f 4d 51 58 01 83 01 02 03 04 41 42 43 80 03 44 45 46")
		saved := filepath.Join(t.TempDir(), "pt.jsonl")
		code, _, errOut := runCLI(t, append(append([]string{"decode"}, in...), "--lang", "pt-BR", "--save", saved)...)
		if code != 1 || !strings.Contains(errOut, "breaks a rule") {
			t.Fatalf("decode: exit %d, %s", code, errOut)
		}
		_, live, _ := runCLI(t, append([]string{"decode"}, in...)...)
		code, replay, errOut := runCLI(t, "show", saved)
		if code != 0 || errOut != "" {
			t.Fatalf("show: exit %d, %s", code, errOut)
		}
		if normalizeDiagram(replay) != normalizeDiagram(live) {
			t.Errorf("show of the pt-BR trace draws\n%s\nthe English run drew\n%s", replay, live)
		}
	})
	for _, run := range [][]string{{"handshake", "-v"}, {"duplex", "--messages", "2"}, {"duplex", "--compress", "--messages", "2"}, {"handshake", "--case", "bad-key"}, {"socketio"}} {
		t.Run(strings.Join(run, " "), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			pt, en := filepath.Join(dir, "pt.jsonl"), filepath.Join(dir, "en.jsonl")
			code, live, errOut := runCLI(t, append(run, "--lang", "pt-BR", "--save", pt)...)
			if code != 0 {
				t.Fatalf("exit %d, %s", code, errOut)
			}
			show := slices.DeleteFunc(slices.Clone(run[1:]), func(a string) bool { return a != "-v" })
			code, english, errOut := runCLI(t, append([]string{"show", pt, "--lang", "en", "--save", en}, show...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("show --lang en: exit %d, %s", code, errOut)
			}
			// What crossed the wire (a payload, a close reason) stays as
			// the run sent it; wsdemo's own words follow --lang.
			own, _ := wsdemoWords(english)
			if w := portuguese.FindString(strings.Join(own, "\n")); w != "" {
				t.Errorf("show --lang en of a pt-BR trace says %q:\n%s", w, english)
			}
			code, again, errOut := runCLI(t, append([]string{"show", en, "--lang", "pt-BR"}, show...)...)
			if code != 0 || again != live {
				t.Errorf("said in English and back (exit %d, %s), show draws\n%s\nthe pt-BR run drew\n%s", code, errOut, again, live)
			}
		})
	}
}

// TestShowTranslatesWhatItCan: an English trace shown --lang pt-BR has its
// fields in Portuguese, and every note, summary and check the trace keeps
// the keys of (note_msg, summary_msg ...), numbers and all. A trace from a
// wsdemo before those keys (here the same trace without them) has its
// notes translated only where the English is a whole text of the catalog:
// a note with a number in it stays as recorded.
func TestShowTranslatesWhatItCan(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("testdata", "show", "handshake.jsonl")
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	// The same trace as a wsdemo before the keys wrote it.
	var stripped bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		delete(e, "summary_msg")
		delete(e, "note_msg")
		for _, obj := range []string{"check", "frame"} {
			if o, ok := e[obj].(map[string]any); ok {
				delete(o, "name_msg")
				delete(o, "detail_msg")
				delete(o, "violation_msg")
			}
		}
		out, _ := json.Marshal(e)
		stripped.Write(append(out, '\n'))
	}
	if !strings.Contains(string(b), `"note_msg"`) || strings.Contains(stripped.String(), "_msg") {
		t.Fatalf("the keys are not where they were expected:\n%s", stripped.String())
	}
	older := filepath.Join(t.TempDir(), "older.jsonl")
	if err := os.WriteFile(older, stripped.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path      string
		want, not []string
	}{
		{golden, []string{
			"o handshake HTTP/1.1 da RFC 6455 é sempre um GET",  // a field's meaning
			"Este WebSocket começa como uma conexão TCP comum",  // a note that is a catalog key
			"O handshake HTTP (414 bytes) aconteceu uma vez só", // a note with a number
			"Conexão TCP #1 aberta",                             // a summary
			"o método é GET",                                    // a check's name
		}, []string{"The HTTP handshake ("}},
		{older, []string{
			"o handshake HTTP/1.1 da RFC 6455 é sempre um GET",
			"Este WebSocket começa como uma conexão TCP comum",
			"The HTTP handshake (", // as recorded
			"TCP connection #1 opened",
			"method is GET",
		}, nil},
	} {
		code, out, errOut := runCLI(t, "show", "--lang", "pt-BR", c.path)
		if code != 0 || errOut != "" {
			t.Fatalf("%s: exit %d, %s", c.path, code, errOut)
		}
		flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
		for _, want := range c.want {
			if !strings.Contains(flat, want) {
				t.Errorf("show --lang pt-BR %s lacks %q:\n%s", filepath.Base(c.path), want, out)
			}
		}
		for _, not := range c.not {
			if strings.Contains(flat, not) {
				t.Errorf("show --lang pt-BR %s still says %q:\n%s", filepath.Base(c.path), not, out)
			}
		}
	}
}

// TestShowExplainsDamagedTraces: the CLI's side of trace.Reader's errors:
// one line naming the file and line, exit 1, the diagram drawn so far
// closed; newer keys a warning, newer kinds drawn.
func TestShowExplainsDamagedTraces(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := `{"seq":1,"t_us":5,"conn":1,"from":"client","to":"server","kind":"tcp.connect","summary":"TCP connection #1 opened"}`
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, text string
		code       int
		stderr     string
		stdout     string
	}{
		{"empty.jsonl", "", 1, "empty.jsonl: no trace events in it (the file is empty)\n", ""},
		{"cut.jsonl", good + "\n" + `{"seq":2,"kind":"http.requ`, 1, "cut.jsonl:2: not a wsdemo trace event: the line ends in the middle of a JSON value (was the file cut short?)\n", "TCP connection #1 opened"},
		{"types.jsonl", good + "\n" + `{"seq":2,"kind":"ws.frame","frame":{"opcode":"text"}}`, 1, `types.jsonl:2: not a wsdemo trace event: "frame.opcode" is a JSON string, want a whole number` + "\n", "┴"},
		{"html.jsonl", "<html><body>404</body></html>\n", 1, "html.jsonl:1: not a wsdemo trace event: not JSON (invalid character '<' looking for beginning of value, at byte 1)\n", ""},
		{"newer.jsonl", good + "\n" + `{"seq":2,"kind":"ws.frame","summary":"TEXT \"hi\"","from":"server","to":"client","frame":{"fin":true,"opcode":1,"deflated":true},"colour":"red"}` + "\n" +
			`{"seq":3,"kind":"quantum.leap","summary":"from the future","colour":"blue"}`, 0, "", "[quantum.leap] from the future"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "show", write(c.name, c.text))
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if c.stderr != "" && !strings.HasSuffix(errOut, c.stderr) {
				t.Errorf("stderr %q, want it to end %q", errOut, c.stderr)
			}
			if c.stdout != "" && !strings.Contains(out, c.stdout) {
				t.Errorf("stdout lacks %q:\n%s", c.stdout, out)
			}
			if c.name == "newer.jsonl" {
				if n := strings.Count(errOut, "warning"); n != 1 || !strings.Contains(errOut, `newer.jsonl:2: "deflated" is not part of this wsdemo's trace format`) {
					t.Errorf("want one warning naming the first unknown key, got %q", errOut)
				}
			}
		})
	}
}

func TestShowRefusesWhatCannotWork(t *testing.T) {
	t.Parallel()
	trace := filepath.Join("testdata", "show", "handshake.jsonl")
	copyOf := filepath.Join(t.TempDir(), "hs.jsonl")
	if b, err := os.ReadFile(trace); err != nil || os.WriteFile(copyOf, b, 0o644) != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"show"}, 2, "wsdemo show takes one trace file (or - for standard input), got 0 arguments"},
		{[]string{"show", trace, "--format", "svg"}, 2, `--format "svg": say one of pretty, plain, json or mermaid`},
		{[]string{"show", trace, "--addr", "127.0.0.1:8080"}, 2, "--addr is for the commands that run a demo on the network; show opens no connection"},
		{[]string{"show", trace, "--format", "mermaid", "--delay", "1s"}, 2, "--format mermaid writes the whole diagram at once"},
		{[]string{"show", trace, "--json", "--format", "plain"}, 2, "--json prints the trace as JSON; it cannot be combined with --format plain"},
		{[]string{"show", copyOf, "--save", copyOf}, 2, "is the trace being shown: saving would empty it before it is read"},
		{[]string{"show", filepath.Join(t.TempDir(), "nope.jsonl")}, 1, "no such file or directory"},
		{[]string{"http", "--save", "-"}, 2, "--save writes the trace to a file; to print it on standard output use --json"},
		{[]string{"http", "--save", filepath.Join(t.TempDir(), "no", "such", "dir.jsonl")}, 1, "--save: open "},
		{[]string{"learn", "--save", "x.jsonl"}, 2, "--save is a flag of the demo commands"},
	} {
		code, _, errOut := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.stderr) {
			t.Errorf("%q: exit %d, %q\nwant exit %d and %q", c.args, code, errOut, c.code, c.stderr)
		}
	}
	// The trace that was refused as its own --save target is untouched.
	if b, _ := os.ReadFile(copyOf); len(b) == 0 {
		t.Errorf("%s was emptied", copyOf)
	}
}

// unMermaid undoes the entity codes of Mermaid mode's text.
var unMermaid = strings.NewReplacer("#35;", "#", "#59;", ";", "#37;", "%", "#lt;", "<", "#gt;", ">", "#amp;", "&")

// TestShowMermaidHasEveryMessage: the export has an arrow for each message
// of the trace, with its summary.
func TestShowMermaidHasEveryMessage(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "show", "duplex.jsonl")
	code, out, errOut := runCLI(t, "show", "--format", "mermaid", path)
	if code != 0 || !strings.HasPrefix(out, "sequenceDiagram\n    title wsdemo duplex\n    participant client as CLIENT\n    participant server as SERVER\n") {
		t.Fatalf("exit %d, %s\n%s", code, errOut, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := trace.NewReader(f, path)
	arrows := regexp.MustCompile(`(?m)^    (client|server)(->>|-->>|-\))(client|server): (.*)$`).FindAllStringSubmatch(out, -1)
	i := 0
	for {
		e, err := rd.Next()
		if err != nil {
			break
		}
		switch e.Kind {
		case trace.KindHTTPRequest, trace.KindHTTPResponse, trace.KindWSFrame, trace.KindWSMessage:
			if i >= len(arrows) {
				t.Fatalf("no arrow for %s %q", e.Kind, e.Summary)
			}
			a := arrows[i]
			if a[1] != e.From || a[3] != e.To || unMermaid.Replace(a[4]) != e.Summary {
				t.Errorf("arrow %d %q, want %s→%s %q", i+1, a[0], e.From, e.To, e.Summary)
			}
			i++
		}
	}
	if i == 0 || i != len(arrows) {
		t.Errorf("%d messages, %d arrows", i, len(arrows))
	}
}

// TestSaveFileIsTheJSONTrace: --save writes what --json prints, the
// scenario named.
func TestSaveFileIsTheJSONTrace(t *testing.T) {
	t.Parallel()
	saved := filepath.Join(t.TempDir(), "hs.jsonl")
	code, _, errOut := runCLI(t, "decode", "81", "05", "48", "65", "6c", "6c", "6f", "--save", saved, "--json")
	if code != 0 {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	ios, _, out, _ := Test()
	Run(context.Background(), ios, []string{"decode", "81", "05", "48", "65", "6c", "6c", "6f", "--json"})
	b, _ := os.ReadFile(saved)
	// Times differ from run to run; the rest is the same.
	strip := regexp.MustCompile(`"t_us":\d+`)
	if strip.ReplaceAllString(string(b), "") != strip.ReplaceAllString(out.String(), "") || !strings.Contains(string(b), `"scenario":"decode"`) {
		t.Errorf("saved\n%s\n--json printed\n%s", b, out.String())
	}
}

// FuzzShow: whatever a trace file holds, show draws it or stops at a clear
// error; it never panics, with every field rebuilt and the bytes dumped.
func FuzzShow(f *testing.F) {
	for _, name := range []string{"handshake", "duplex"} {
		b, err := os.ReadFile(filepath.Join("testdata", "show", name+".jsonl"))
		if err == nil {
			lines := strings.SplitAfter(string(b), "\n")
			for i := 0; i+3 <= len(lines); i += 3 {
				f.Add(strings.Join(lines[i:i+3], ""))
			}
		}
	}
	frame := func(rawHex, frameJSON string) string {
		return fmt.Sprintf(`{"seq":1,"kind":"ws.frame","from":"client","to":"server","scenario":"duplex","raw_hex":%q,"frame":%s}`, rawHex, frameJSON)
	}
	f.Add(frame(hex.EncodeToString([]byte{0x81, 0x85, 1, 2, 3, 4, 5}), `{"fin":true,"opcode":1,"masked":true,"mask_key":"01020304","payload_len":5,"header_len":6}`))
	f.Add(frame("8802", `{"fin":true,"opcode":8,"payload_len":2,"header_len":2,"close_code":1000}`))
	f.Add(`{"seq":1,"kind":"http.response","from":"server","to":"client","scenario":"handshake","raw_hex":"485454502f312e3120343236","http":{"status":426}}`)
	f.Add(`{"seq":1,"kind":"summary","scenario":"realtime","stats":{"strategy":"poll","latencies_ms":[1e300,-1,"x"],"latency_ms_p50":1e308}}` + "\n" + `{"seq":2,"kind":"summary","scenario":"realtime","stats":{"compared":["poll",3]}}`)
	// Keys and arguments that do not fit: said as recorded, never as %!d(...).
	f.Add(`{"seq":1,"kind":"note","from":"client","to":"server","summary":"%!d(string=x) requests, 1 response over 1 TCP connection","summary_msg":{"key":"%d requests, %d responses over %d TCP connections","args":[{"s":"x"},{"d":1},{"d":1}]},` +
		`"note":"n","note_msg":[{"key":"%d bytes","args":[{"ms":1}]}],"check":{"name":"c","name_msg":{"key":"method is GET","args":[{"d":1}]},"detail_msg":{"key":"%s","args":[{"list":{"sep":"","items":[{"rpm":1}]}}]}}}`)
	f.Add(`{"seq":1,"kind":"ws.frame","from":"client","to":"server","summary":"TEXT \"hi\" (masked, VIOLATION)","raw_hex":"8182010203046a6b","frame":{"fin":true,"opcode":1,"masked":true,"mask_key":"01020304","payload_len":2,"header_len":6,"violation":"v","violation_msg":{"key":"%s","args":[{"msg":{"key":"%q"}}]}}}`)
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"en", "pt-BR"} {
			for _, mode := range []render.Mode{render.Plain, render.Mermaid} {
				rd := trace.NewReader(strings.NewReader(text), "f")
				first, err := rd.Next()
				if err != nil {
					return
				}
				src := &traceSource{rd: rd, first: &first, replay: demo.NewReplay(lang, false)}
				var out bytes.Buffer
				render.RenderFrom(context.Background(), src, render.Options{Out: &out, Mode: mode, Raw: true, Width: 60, Condense: true, Lang: lang})
				if strings.Contains(out.String(), "%!") && !strings.Contains(text, "%!") && !strings.Contains(text, `%\u0021`) {
					t.Fatalf("a text said with arguments that do not fit:\n%s", out.String())
				}
			}
		}
	})
}
