package demo

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// appendQuoteShort's ASCII fast path must quote exactly as strconv does, and
// cut at the same rune, whatever the input.
func TestAppendQuoteShortMatchesStrconv(t *testing.T) {
	t.Parallel()
	want := func(s string, limit int) string {
		r := []rune(s)
		if len(r) > limit {
			return strconv.Quote(string(r[:limit])) + "…"
		}
		return strconv.Quote(s)
	}
	for _, s := range []string{
		"", "hello", "edit: the quick brown fox",
		`say "hi"`, `back\slash`, "tab\there", "new\nline", "del\x7f", "\x00",
		"olá, mundo", "日本語のテキスト", "emoji 🙂 ok", "\xff\xfe not utf-8",
		"exactly ten", "a long ascii payload that goes on past the limit of any label",
		"ascii then ü after the cut point is reached somewhere",
	} {
		for _, limit := range []int{0, 1, 5, 10, 11, 40} {
			if got := string(appendQuoteShort(nil, s, limit)); got != want(s, limit) {
				t.Errorf("appendQuoteShort(%q, %d) = %s, want %s", s, limit, got, want(s, limit))
			}
		}
	}
}

func FuzzAppendQuoteShort(f *testing.F) {
	f.Add("hello", 40)
	f.Add(`a "quoted" \ string`, 8)
	f.Add("olá", 2)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = max(0, limit%64)
		r := []rune(s)
		want := strconv.Quote(s)
		if len(r) > limit {
			want = strconv.Quote(string(r[:limit])) + "…"
		}
		if got := string(appendQuoteShort(nil, s, limit)); got != want {
			t.Fatalf("appendQuoteShort(%q, %d) = %s, want %s", s, limit, got, want)
		}
	})
}

// A count reads as its language writes it, in a sentence as in a table;
// the JSON trace writes it as Go does.
func TestGrouped(t *testing.T) {
	t.Parallel()
	en, pt := lang.For(lang.English), lang.For(lang.PortugueseBR)
	for n, want := range map[int][3]string{0: {"0", "0", "0"}, 999: {"999", "999", "999"}, 1000: {"1,000", "1.000", "1000"},
		4601: {"4,601", "4.601", "4601"}, 1234567: {"1,234,567", "1.234.567", "1234567"}, -1234: {"-1,234", "-1.234", "-1234"}} {
		got := [3]string{en.F("%v", grouped(n)), pt.F("%v", grouped(n)), lang.Trace.F("%v", grouped(n))}
		if got != want {
			t.Errorf("grouped(%d) in en, pt-BR, the trace = %q, want %q", n, got, want)
		}
		if s := fmt.Sprint(grouped(n)); s != want[0] {
			t.Errorf("grouped(%d) in plain fmt (the CLI's errors) = %q, want English %q", n, s, want[0])
		}
	}
}

// upgradeMeaning decodes one HTTP message and returns the meaning httpEvent
// gives its Upgrade header.
func upgradeMeaning(t *testing.T, from wire.Sender, raw string) string {
	t.Helper()
	d := wire.NewHTTPDecoder(from)
	if from == wire.FromServer {
		d.ExpectResponseTo("GET")
	}
	ms, err := d.Feed([]byte(raw))
	if err != nil || len(ms) != 1 {
		t.Fatalf("decode %q: %v, %d messages", raw, err, len(ms))
	}
	for _, f := range httpEvent(ms[0], lang.For(lang.English)).Fields {
		if f.Name == "Upgrade" {
			return f.Meaning
		}
	}
	t.Fatalf("no Upgrade field in %q", raw)
	return ""
}

// RFC 9110 §7.8: in a request Upgrade invites the server to switch; in a 101
// it names the protocol the connection switches to, in a 426 the one the
// server requires. One gloss for all would tell a learner the server is
// asking.
func TestUpgradeMeaningFollowsTheMessage(t *testing.T) {
	t.Parallel()
	req := upgradeMeaning(t, wire.FromClient, "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	switched := upgradeMeaning(t, wire.FromServer, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	required := upgradeMeaning(t, wire.FromServer, "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n")
	if !strings.Contains(req, "asks") {
		t.Errorf("request: %q", req)
	}
	if strings.Contains(switched, "asks") || !strings.Contains(switched, "switches to") {
		t.Errorf("101: %q", switched)
	}
	if strings.Contains(required, "asks") || !strings.Contains(required, "must switch") {
		t.Errorf("426: %q", required)
	}
}

// A frame, message or body longer than what the decoders keep is still
// described by its whole length, and an event shown after the decoder moved
// on describes its own frame (the decoder reuses its Frame).
func TestEventsCountBytesTheDecoderDidNotKeep(t *testing.T) {
	t.Parallel()
	mask := [4]byte{1, 2, 3, 4}
	const n = wire.DefaultKeep + 1000
	d := wire.NewFrameDecoder(wire.FromClient, 0)
	var evs []trace.Event
	var msgs []string
	var asm wire.MessageAssembler
	stream := wire.AppendFrame(nil, true, 0, wire.OpBinary, &mask, make([]byte, n))
	stream = wire.AppendFrame(stream, false, 0, wire.OpBinary, &mask, make([]byte, n))
	stream = wire.AppendFrame(stream, true, 0, wire.OpContinuation, &mask, []byte("tail"))
	d.Decode(stream, func(f *wire.Frame) {
		evs = append(evs, frameEvent(f, wire.FromClient, lang.Text{}))
		if m, done, _ := asm.Add(f); done {
			msgs = append(msgs, messageEvent(&m, lang.Text{}).Summary)
		}
	})
	for i := range evs { // expanded as a reader would, after the decoder moved on
		evs[i] = evs[i].Expanded()
	}
	if len(evs) != 3 || !evs[0].RawTruncated || evs[2].RawTruncated {
		t.Fatalf("%d frames, raw_truncated %v", len(evs), []bool{evs[0].RawTruncated, evs[len(evs)-1].RawTruncated})
	}
	if !strings.Contains(evs[0].Summary, fmt.Sprintf("%d bytes", n)) || !strings.Contains(evs[2].Summary, `"tail"`) {
		t.Fatalf("frame summaries %q", []string{evs[0].Summary, evs[1].Summary, evs[2].Summary})
	}
	if got := evs[0]; got.Fields[2].Value != "0x2 binary" { // the first frame's opcode, not the last one's
		t.Fatalf("the first frame's opcode field is %q", got.Fields[2].Value)
	}
	if len(msgs) != 2 || !strings.Contains(msgs[1], fmt.Sprintf("%d bytes", n+4)) {
		t.Fatalf("message summaries %q", msgs)
	}

	h := wire.NewHTTPDecoder(wire.FromServer)
	ms, err := h.Feed(fmt.Appendf(nil, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", n, make([]byte, n)))
	if err != nil || len(ms) != 1 {
		t.Fatalf("HTTP: %v, %d messages", err, len(ms))
	}
	e := httpEvent(ms[0], lang.Text{})
	if body := e.Fields[len(e.Fields)-1]; body.Meaning != (lang.Text{}).F("%d bytes", n) { // English: 33,768
		t.Fatalf("body field meaning %q, want the whole length", body.Meaning)
	}
}

// fieldMeanings decodes raw (a request, or a response to method) and
// returns its fields' meanings by name, as the learner's own traffic
// (foreign) or wsdemo's.
func fieldMeanings(t *testing.T, raw, method string, foreign bool) map[string]string {
	t.Helper()
	from := wire.FromClient
	if method != "" {
		from = wire.FromServer
	}
	d := wire.NewHTTPDecoder(from)
	if method != "" {
		d.ExpectResponseTo(method)
	}
	ms, err := d.Feed([]byte(raw))
	if err != nil || len(ms) != 1 {
		t.Fatalf("decode %q: %v, %d messages", raw, err, len(ms))
	}
	got := map[string]string{}
	for _, f := range httpEventOf(ms[0], lang.For(lang.English), foreign).Fields {
		got[f.Name] = f.Meaning
	}
	return got
}

// The demo's story (a POST creates a note, a Location names the new note,
// the challenge is a bearer token) does not leak into the meanings given
// to anyone else's traffic: POST is what RFC 9110 §9.3.3 says, Location
// follows the status (§10.2.2), WWW-Authenticate names the scheme sent
// (§11.6.1), and a demo-only header has no meaning.
func TestForeignMeaningsTellNoStory(t *testing.T) {
	t.Parallel()
	post := fieldMeanings(t, "POST /api/login HTTP/1.1\r\nHost: h\r\nX-User: ana\r\nCookie: s=1\r\nContent-Length: 2\r\n\r\n{}", "", true)
	if m := post["method"]; strings.Contains(m, "note") || !strings.Contains(m, "RFC 9110 §9.3.3") {
		t.Errorf("POST: %q", m)
	}
	if m := post["X-User"]; m != "" {
		t.Errorf("X-User, the demo's own header, explained as %q", m)
	}
	if m := post["Cookie"]; strings.Contains(m, "browser") {
		t.Errorf("Cookie: %q", m)
	}
	if m := fieldMeanings(t, "POST /notes HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}", "", false)["method"]; !strings.Contains(m, "create a note") {
		t.Errorf("the demo's own POST: %q", m)
	}
	redirect := fieldMeanings(t, "HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\n\r\n", "GET", true)
	if m := redirect["Location"]; strings.Contains(m, "created") || !strings.Contains(m, "redirect") {
		t.Errorf("Location on a 302: %q", m)
	}
	if m := fieldMeanings(t, "HTTP/1.1 201 Created\r\nLocation: /notes/1\r\nContent-Length: 0\r\n\r\n", "POST", true)["Location"]; !strings.Contains(m, "created") {
		t.Errorf("Location on a 201: %q", m)
	}
	for scheme, want := range map[string]string{
		`Basic realm="admin"`:          "the Basic scheme, a user name and password in Authorization (RFC 9110 §11.6.1, RFC 7617)",
		`Bearer realm="api"`:           "the Bearer scheme, a token in Authorization (RFC 9110 §11.6.1, RFC 6750 §3)",
		`Digest realm="x", qop="auth"`: "the Digest scheme",
	} {
		for _, foreign := range []bool{true, false} {
			m := fieldMeanings(t, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: "+scheme+"\r\nContent-Length: 0\r\n\r\n", "GET", foreign)["WWW-Authenticate"]
			if !strings.Contains(m, want) {
				t.Errorf("WWW-Authenticate: %s: %q, want %q", scheme, m, want)
			}
		}
	}
}
