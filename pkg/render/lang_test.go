package render_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// chromeEvents exercise every word the renderer says of its own and every
// text an event carries as a trace.Msg: a TCP line, a server's failed check,
// a frame that breaks a rule, a local step, a fold line, a strategy's
// summary and the comparison table with its charts.
func chromeEvents() []trace.Event {
	say := func(e trace.Event, f lang.Msg, args ...any) trace.Event {
		e.Summary, e.SummaryMsg = lang.Both(f, args...)
		return e
	}
	name, detail := lang.M("authorization"), lang.M("no Authorization header")
	violation := lang.M("client frames must be masked (RFC 6455 §5.1)")
	evs := []trace.Event{
		say(trace.Event{Conn: 1, From: trace.Client, To: trace.Server, Kind: trace.KindTCPConnect},
			"TCP connection #%#d opened: %s → %s", 1000, "127.0.0.1:1000", "127.0.0.1:1001"),
		{Conn: 1, From: trace.Server, To: trace.Server, Kind: trace.KindCheck, Summary: "authorization: FAILED",
			Check: &trace.Check{Name: "authorization", Detail: "no Authorization header", NameMsg: &name, DetailMsg: &detail}},
		{Conn: 1, From: trace.Client, To: trace.Server, Kind: trace.KindWSFrame, Summary: `TEXT "x"`,
			Frame: &trace.Frame{Fin: true, Opcode: 1, OpcodeName: "text", Payload: "x", PayloadLen: 1,
				Violation: lang.Trace.Say(violation), ViolationMsg: &violation}},
		say(trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindNote},
			"meanwhile, another user adds note #%#d %q on the server", 2, "call Ana"),
	}
	// Three alike: the third folds into a line that counts it.
	for i := range 3 {
		evs = append(evs, say(trace.Event{From: "tab-a", To: trace.Server, Kind: trace.KindNote},
			"applied tab-a's edit v%#d to %s: %q", i+1, "poll", "x"))
	}
	stats := map[string]any{"strategy": "poll", "edits": 20, "seen": 20, "latency_ms_p50": 0.19,
		"latency_ms_p95": 1456.5, "latency_ms_max": 1500.0, "http_requests": 6, "empty_responses": 1, "bytes": 1456}
	evs = append(evs,
		say(trace.Event{From: "tab-b", To: trace.Server, Kind: trace.KindSummary, Stats: stats}, "comparison"),
		say(trace.Event{From: "tab-b", To: trace.Server, Kind: trace.KindSummary,
			Stats: map[string]any{"compared": []string{"poll"}}}, "comparison"))
	return evs
}

func renderChrome(t *testing.T, l string) string {
	t.Helper()
	rec := trace.NewRecorder()
	for _, e := range chromeEvents() {
		rec.Emit(e)
	}
	rec.Close()
	var b strings.Builder
	if err := render.Render(context.Background(), rec, render.Options{Out: &b, Mode: render.Plain, Width: 100, Condense: true, Lang: l}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The renderer says its own words and the events' texts in the reader's
// language, with the language's numbers; identifiers keep their digits.
func TestRendererSpeaksTheReadersLanguage(t *testing.T) {
	t.Parallel()
	pt := renderChrome(t, lang.PortugueseBR)
	for _, want := range []string{
		"CLIENTE", "SERVIDOR",
		"Conexão TCP #1000 aberta: 127.0.0.1:1000 → 127.0.0.1:1001",
		"✗ falhou: autorização — sem cabeçalho Authorization",
		"✗ viola uma regra: os frames do cliente precisam ser mascarados (RFC 6455 §5.1)",
		"servidor: enquanto isso, outro usuário adiciona a nota #2",
		"… mais 1 como os de cima: 1 × aplicou a edição v3 da aba A ao documento poll",
		"técnica  vistas  p50 ms  p95 ms  máx. ms  requisições  vazias  bytes",

		"latência mediana, ms (menor é melhor)",
		"bytes nas conexões da aba B (menor é melhor)",
	} {
		if !strings.Contains(pt, want) {
			t.Errorf("pt-BR: no %q in:\n%s", want, pt)
		}
	}
	if !regexp.MustCompile(`poll +20/20 +0,19 +1\.456 +1\.500 +6 +1 +1\.456`).MatchString(pt) {
		t.Errorf("pt-BR: the comparison's numbers are not Portuguese:\n%s", pt)
	}
	for _, bad := range []string{"1.000", "opened", "failed", "breaks a rule", "meanwhile", "more like those above", "shorter is better"} {
		if strings.Contains(pt, bad) {
			t.Errorf("pt-BR: %q in:\n%s", bad, pt)
		}
	}
	en := renderChrome(t, lang.English)
	for _, want := range []string{
		"CLIENT", "SERVER", "TCP connection #1000 opened", "✗ failed: authorization — no Authorization header",
		"✗ breaks a rule: client frames must be masked", "server: meanwhile", "… 1 more like those above",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("en: no %q in:\n%s", want, en)
		}
	}
	if !regexp.MustCompile(`poll +20/20 +0\.19 +1,456 +1,500 +6 +1 +1,456`).MatchString(en) {
		t.Errorf("en: the comparison's numbers are not English:\n%s", en)
	}
	// The time above an arrow is a number too.
	ev := trace.Event{Conn: 1, TUS: 16900, From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /"}
	if got := renderAll(t, render.Options{Mode: render.Plain, Lang: lang.PortugueseBR}, []trace.Event{ev}); !strings.Contains(got, "#1  +16,9ms") {
		t.Errorf("pt-BR time: %s", got)
	}
}

// Portuguese joins the preposition to the actor's article: "da aba B",
// "para a aba B", never "de aba B".
func TestTowardsActorPortuguese(t *testing.T) {
	evs := []trace.Event{
		{Conn: 1, From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /"},
		{Conn: 2, From: "tab-b", To: trace.Server, Kind: trace.KindHTTPRequest, Summary: "GET /a"},
		{Conn: 2, From: trace.Server, To: "tab-b", Kind: trace.KindHTTPResponse, Summary: "200 OK"},
	}
	got := renderAll(t, render.Options{Mode: render.Plain, Lang: lang.PortugueseBR, Untimed: true}, evs)
	for _, want := range []string{"da aba B", "para a aba B"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "de aba B") || strings.Contains(got, "para aba B") {
		t.Errorf("no article:\n%s", got)
	}
}
