package lessons_test

import (
	"regexp"
	"strings"
	"testing"

	"wsdemo/pkg/lesson"
)

// lessonClaims are classes of wording that state a rule more strongly than
// the RFC it cites, or cite the wrong section for it (issue #11). Each is
// checked per paragraph, in every language, so the class cannot come back
// in other words of the same shape.
var lessonClaims = []struct {
	name string
	// bad matches the wording, in English or Portuguese.
	bad *regexp.Regexp
	// unless, when set, is what makes a match right after all.
	unless *regexp.Regexp
}{
	// RFC 9110 §9.2.1: the client does not request a change; a server may
	// still have side effects (its log, say).
	{name: "GET asks for no change; the RFC does not forbid effects",
		bad: regexp.MustCompile(`(?i)must not create|does not change anything|changes nothing|only reads|não pode criar|não muda nada|só lê`)},
	// RFC 9110 §15.2: one or more interim (1xx) responses may come before
	// the final one, so a request gets one final response, not one response.
	{name: "a request gets one final response, maybe after interim 1xx ones",
		bad: regexp.MustCompile(`(?i)one request, one response|exactly one response|one response per request|uma requisição, uma resposta\b[^ f]|uma requisição, uma resposta\.|exatamente uma resposta\b[^ f]|exatamente uma resposta,|uma resposta por requisição`)},
	// RFC 9110 §15.2.2: after a 101 the connection leaves HTTP, so the 101
	// is no example of an interim response before a final one.
	{name: "101 is no interim response before a final one",
		bad: regexp.MustCompile(`(?i)before the final one, like the .101|antes da resposta final, como o .101`)},
	// RFC 6454 §4: Origin names an origin (scheme, host, port); a site
	// (registrable domain) is wider.
	{name: "Origin names an origin, not a site",
		bad: regexp.MustCompile(`(?i)Origin.{1,3}, the site of|Origin.{1,3}, o site d`)},
	// RFC 6454 §4 defines the origin of a URI; §3.2 is the principle.
	{name: "an origin is defined by RFC 6454 §4",
		bad: regexp.MustCompile(`(?i)(scheme, host and port|esquema, o host e a porta)[^§]*RFC 6454 §3\.2`)},
	// The handshake (sid, pingInterval, pingTimeout) and the heartbeat are
	// Engine.IO's; Socket.IO rides on them (Socket.IO docs, "How it works").
	{name: "the heartbeat and its handshake are Engine.IO's",
		bad: regexp.MustCompile(`(?i)Socket\.IO's (own )?(handshake|heartbeat)|Socket\.IO has a heartbeat|heartbeat do Socket\.IO|handshake próprio do Socket\.IO|(^|\. )O Socket\.IO também tem um heartbeat`)},
	// RFC 9112 §9.3.2: a client MAY pipeline. Waiting for each response is
	// the usual habit, so a paragraph that describes it names the rule.
	{name: "waiting for each response is a habit; pipelining is allowed",
		bad:    regexp.MustCompile(`(?i)wait(s|ing)? for (its|the|each) response|then response, then|espera a resposta|depois resposta, depois`),
		unless: regexp.MustCompile(`RFC 9112 §9\.3\.2`)},
	// RFC 6455 §5.4, §5.5: control frames may be injected between
	// fragments; behind one large frame they wait.
	{name: "a control frame waits behind an unfragmented message",
		bad: regexp.MustCompile(`(?i)never delays?|nunca os atrasa`)},
	// Continuation frames link the fragments of one message (§5.4); what
	// nothing pairs is a message with another.
	{name: "frames are linked into messages",
		bad: regexp.MustCompile(`(?i)one frame to another|um frame a outro`)},
	// The user agent's Cookie rule is RFC 6265 §5.4; §3.1 is examples.
	{name: "cookies are sent by RFC 6265 §5.4",
		bad: regexp.MustCompile(`RFC 6265 §3\.1`)},
	// RFC 6455 §1.3 says nothing about caches.
	{name: "RFC 6455 §1.3 says nothing about caches",
		bad: regexp.MustCompile(`(?i)cache[^§]*§1\.3|§1\.3[^§]*cache`)},
	// RFC 6455 §5.7's examples are "masked" or "unmasked"; who sends which
	// follows from §5.1, not from §5.7.
	{name: "§5.7's examples say masked or unmasked, not who sent them",
		bad: regexp.MustCompile(`(?i)§5\.7[^.]*(sent by|enviad[ao] por)|(sent by|enviad[ao] por)[^.]*§5\.7`)},
	// Engine.IO v4 (Socket.IO 3 and later): the server sends the pings and
	// the client answers (Engine.IO protocol v4, "Heartbeat", and "History",
	// "From v3 to v4"); older tutorials show the client pinging.
	{name: "since Engine.IO v4 the server sends the heartbeat's pings",
		bad: regexp.MustCompile(`(?i)(socket\.io|engine\.io)[^.]*\bclient (sends|pings)\b[^.]*\bping|(socket\.io|engine\.io)[^.]*\bcliente (envia|manda)\b[^.]*\bping`)},
}

// paragraphs splits a lesson into what a claim is checked against: each
// paragraph of its text, each quiz question, option and why.
func paragraphs(l *lesson.Lesson) []string {
	var out []string
	for _, b := range l.Blocks {
		switch b.Kind {
		case lesson.Text:
			for _, p := range strings.Split(b.Text, "\n\n") {
				out = append(out, strings.Join(strings.Fields(p), " "))
			}
		case lesson.Quiz:
			out = append(out, b.Quiz.Question, b.Quiz.Hint)
			for _, o := range b.Quiz.Options {
				out = append(out, o.Text, o.Why)
			}
		}
	}
	return out
}

func TestLessonsStateRulesAsTheRFCs(t *testing.T) {
	t.Parallel()
	for _, l := range loadAll(t) {
		for _, p := range paragraphs(l) {
			for _, c := range lessonClaims {
				if c.bad.MatchString(p) && (c.unless == nil || !c.unless.MatchString(p)) {
					t.Errorf("%s: %s:\n  %s", l.File, c.name, p)
				}
			}
		}
	}
}
