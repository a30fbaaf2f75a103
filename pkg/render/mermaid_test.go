package render_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// A small parser for the part of Mermaid's sequenceDiagram grammar the
// Mermaid mode writes, strict enough to catch what would break the real
// one: an undeclared participant, a # or ; that would end a message early,
// a %% comment, an empty text.

type mmItem struct {
	kind     string // "arrow" or "note"
	from, to string // arrow ends (participant ids)
	arrow    string // ->>, -->> or -)
	where    string // a note's placement: "over a,b", "left of a", ...
	text     string // decoded: entities and <br/> undone
}

type mmDoc struct {
	title        string
	participants []string // labels, in declaration order
	ids          map[string]string
	items        []mmItem
}

var (
	reMMParticipant = regexp.MustCompile(`^participant ([A-Za-z_][A-Za-z0-9_]*) as (.+)$`)
	reMMArrow       = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)(->>|-->>|-\))([A-Za-z_][A-Za-z0-9_]*): (.+)$`)
	reMMNote        = regexp.MustCompile(`^Note (over [A-Za-z_][A-Za-z0-9_]*(?:,[A-Za-z_][A-Za-z0-9_]*)?|left of [A-Za-z_][A-Za-z0-9_]*|right of [A-Za-z_][A-Za-z0-9_]*): (.+)$`)
	reMMEntity      = regexp.MustCompile(`#(\w+);`)
)

var mmEntities = map[string]string{"35": "#", "59": ";", "37": "%", "lt": "<", "gt": ">", "amp": "&"}

func parseMermaid(t *testing.T, s string) mmDoc {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "sequenceDiagram" {
		t.Fatalf("does not start with sequenceDiagram:\n%s", s)
	}
	d := mmDoc{ids: map[string]string{}}
	text := func(n int, raw string) string {
		bare := reMMEntity.ReplaceAllString(raw, "")
		if strings.ContainsAny(bare, "#;") || strings.Contains(raw, "%%") || strings.TrimSpace(raw) == "" {
			t.Errorf("line %d: text %q would not parse as one message", n, raw)
		}
		out := reMMEntity.ReplaceAllStringFunc(raw, func(m string) string {
			e, ok := mmEntities[m[1:len(m)-1]]
			if !ok {
				t.Errorf("line %d: unknown entity %s", n, m)
			}
			return e
		})
		return strings.ReplaceAll(out, "<br/>", "\n")
	}
	declared := func(n int, ids ...string) {
		for _, id := range ids {
			if _, ok := d.ids[id]; !ok {
				t.Errorf("line %d: participant %q used before it is declared", n, id)
			}
		}
	}
	for i, l := range lines[1:] {
		n := i + 2
		body, ok := strings.CutPrefix(l, "    ")
		if !ok {
			t.Errorf("line %d not indented: %q", n, l)
		}
		switch {
		case strings.HasPrefix(body, "title "):
			d.title = text(n, strings.TrimPrefix(body, "title "))
		case reMMParticipant.MatchString(body):
			m := reMMParticipant.FindStringSubmatch(body)
			if len(d.items) > 0 {
				t.Errorf("line %d: participant declared after the first message", n)
			}
			if _, dup := d.ids[m[1]]; dup {
				t.Errorf("line %d: participant %s declared twice", n, m[1])
			}
			d.ids[m[1]] = text(n, m[2])
			d.participants = append(d.participants, d.ids[m[1]])
		case reMMArrow.MatchString(body):
			m := reMMArrow.FindStringSubmatch(body)
			declared(n, m[1], m[3])
			d.items = append(d.items, mmItem{kind: "arrow", from: m[1], arrow: m[2], to: m[3], text: text(n, m[4])})
		case reMMNote.MatchString(body):
			m := reMMNote.FindStringSubmatch(body)
			ids := strings.Split(m[1][strings.LastIndex(m[1], " ")+1:], ",")
			declared(n, ids...)
			d.items = append(d.items, mmItem{kind: "note", where: m[1], text: text(n, m[2])})
		default:
			t.Errorf("line %d is no statement the diagram should hold: %q", n, body)
		}
	}
	return d
}

// TestMermaidParsesBackToTheTrace: every event becomes one statement, in
// order; messages are arrows between the right participants with their
// summaries, the rest notes; the server is declared last (drawn right).
func TestMermaidParsesBackToTheTrace(t *testing.T) {
	t.Parallel()
	evs := fixtures()
	for i := range evs {
		evs[i].Scenario = "duplex"
	}
	out := renderAll(t, render.Options{Mode: render.Mermaid}, evs)
	d := parseMermaid(t, out)
	if d.title != "wsdemo duplex" {
		t.Errorf("title %q", d.title)
	}
	if got := strings.Join(d.participants, " "); got != "CLIENT TAB-B SERVER" {
		t.Errorf("participants %q, want CLIENT TAB-B SERVER", got)
	}
	if len(d.items) != len(evs) {
		t.Fatalf("%d statements for %d events:\n%s", len(d.items), len(evs), out)
	}
	idOf := func(actor string) string {
		for id, label := range d.ids {
			if label == strings.ToUpper(actor) {
				return id
			}
		}
		return "?" + actor
	}
	for i, e := range evs {
		it := d.items[i]
		switch e.Kind {
		case trace.KindHTTPRequest, trace.KindHTTPResponse, trace.KindWSFrame, trace.KindWSMessage:
			want := map[trace.Kind]string{trace.KindHTTPRequest: "->>", trace.KindHTTPResponse: "-->>"}[e.Kind]
			if want == "" {
				want = "-)"
			}
			label := e.Summary
			if e.Frame != nil && e.Frame.Violation != "" {
				label += " ✗ " + e.Frame.Violation
			}
			if it.kind != "arrow" || it.from != idOf(e.From) || it.to != idOf(e.To) || it.arrow != want || it.text != label {
				t.Errorf("event %d (%s %q) became %+v", i+1, e.Kind, e.Summary, it)
			}
		case trace.KindCheck:
			side := "left of "
			if e.From == trace.Server {
				side = "right of "
			}
			if it.kind != "note" || it.where != side+idOf(e.From) || !strings.Contains(it.text, e.Check.Name) {
				t.Errorf("check %d (%q) became %+v", i+1, e.Summary, it)
			}
		default:
			if it.kind != "note" || !strings.Contains(it.text, strings.Split(e.Summary, "\n")[0]) {
				t.Errorf("event %d (%s %q) became %+v", i+1, e.Kind, e.Summary, it)
			}
		}
	}

	// -v adds the teaching notes: one more note after each event that has
	// one (a note event's note is its text already).
	verbose := parseMermaid(t, renderAll(t, render.Options{Mode: render.Mermaid, Verbose: true}, evs))
	extra := 0
	for _, e := range evs {
		if e.Note != "" && e.Kind != trace.KindNote {
			extra++
		}
	}
	if len(verbose.items) != len(evs)+extra {
		t.Errorf("-v: %d statements, want %d", len(verbose.items), len(evs)+extra)
	}
}

// TestMermaidEscapesWhatItsGrammarReserves: text with # ; % < > & and
// line breaks, and actors named like keywords or with arrow characters,
// still parse, and say what they said.
func TestMermaidEscapesWhatItsGrammarReserves(t *testing.T) {
	t.Parallel()
	nasty := "TEXT \"#1; 100%% <b> & more\" -->> x: y"
	evs := []trace.Event{
		{From: "end", To: "server", Kind: trace.KindHTTPRequest, Summary: nasty},
		{From: "tab-a", To: "server", Kind: trace.KindWSFrame, Summary: "a\nb"},
		{From: "tab_a", To: "server", Kind: trace.KindWSFrame, Summary: ""},
		{From: "server", To: "server", Kind: trace.KindNote, Summary: "%%{init}%%"},
		{From: "x y,z", To: "server", Kind: "quantum.leap", Summary: "from the future"},
	}
	d := parseMermaid(t, renderAll(t, render.Options{Mode: render.Mermaid}, evs))
	if len(d.items) != len(evs) {
		t.Fatalf("%d statements for %d events", len(d.items), len(evs))
	}
	if d.items[0].text != nasty || d.items[1].text != "a\nb" || d.items[3].text != "%%{init}%%" {
		t.Errorf("texts %q, %q, %q", d.items[0].text, d.items[1].text, d.items[3].text)
	}
	if d.items[1].from == d.items[2].from {
		t.Errorf("tab-a and tab_a share the id %s", d.items[1].from)
	}
	if !strings.Contains(d.items[4].text, "[quantum.leap] from the future") {
		t.Errorf("an unknown kind became %+v", d.items[4])
	}
	want := []string{"END", "TAB-A", "TAB_A", "X Y,Z", "SERVER"}
	if fmt.Sprint(d.participants) != fmt.Sprint(want) {
		t.Errorf("participants %q, want %q", d.participants, want)
	}
}

func TestMermaidOfNothingIsNothing(t *testing.T) {
	t.Parallel()
	if out := renderAll(t, render.Options{Mode: render.Mermaid}, nil); out != "" {
		t.Errorf("no events gave %q", out)
	}
}
