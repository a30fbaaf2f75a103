package lang

import (
	"regexp"
	"testing"
)

// claim is a class of wording that states a rule more strongly than the RFC
// it cites, or cites the wrong section for it. Each was found in wsdemo's
// own notes (issue #11); the catalog's keys are every English note and
// meaning a scenario can show, so checking them (and their translations)
// keeps the class from coming back in new words.
type claim struct {
	name string
	// bad matches the wording, in English or Portuguese.
	bad *regexp.Regexp
	// unless, when set, is what makes a match right after all (e.g. the
	// section that does state the rule).
	unless *regexp.Regexp
}

var claims = []claim{
	// RFC 9110 §9.2.1: safe means the client does not request a change; the
	// server may still have side effects.
	{name: "GET asks for no change; the RFC does not forbid effects",
		bad: regexp.MustCompile(`(?i)must not create|changes nothing|does not change anything|não pode criar|não muda nada`)},
	// RFC 9112 §9.3.2: a client MAY pipeline; waiting is the usual habit.
	{name: "waiting for each response is a habit; pipelining is allowed",
		bad:    regexp.MustCompile(`(?i)waits? for (its|the|each) response|espera a resposta`),
		unless: regexp.MustCompile(`§9\.3\.2`)},
	// The user agent's Cookie rule is RFC 6265 §5.4; §3.1 is examples.
	{name: "cookies are sent by RFC 6265 §5.4",
		bad: regexp.MustCompile(`RFC 6265 §3\.1`)},
	// §5.7's examples are "masked" or "unmasked"; who sends which is §5.1.
	{name: "§5.7's examples say masked or unmasked, not who sent them",
		bad: regexp.MustCompile(`(?i)§5\.7[^.]*(sent by|client|server|enviad[ao] por|cliente|servidor)|(sent by|enviad[ao] por)[^.]*§5\.7`)},
	// RFC 6455 §5.1 holds the MUST ("a client MUST mask all frames that it
	// sends"); §5.3 is the masking algorithm and the fresh key.
	{name: "the masking rule is §5.1, not §5.3",
		bad:    regexp.MustCompile(`(?i)(always masked|it is masked|must (be )?mask|sempre mascarad|é mascarado|precisa mascarar)`),
		unless: regexp.MustCompile(`§5\.1\b`)},
	// The 426 (or another error) with Sec-WebSocket-Version is §4.2.2's
	// "/version/" step; §4.4 only adds that a client may retry.
	{name: "a refused version is §4.2.2; §4.4 is about supporting several",
		bad:    regexp.MustCompile(`426[^§]*§4\.4|§4\.4[^§]*426`),
		unless: regexp.MustCompile(`§4\.2\.2`)},
	// §1.3 explains the accept value as proof that the server read a
	// WebSocket handshake; it says nothing about caches.
	{name: "RFC 6455 §1.3 says nothing about caches",
		bad: regexp.MustCompile(`(?i)cache[^.]*§1\.3|§1\.3[^.]*cache`)},
	// RFC 9110 §3.3: a server "MUST NOT assume that two requests on the
	// same connection are from the same user agent unless the connection is
	// secured and specific to that agent". Without the "unless" the note
	// forbids what the RFC allows; and statelessness is about understanding
	// each request alone, not a rule that each must carry everything.
	{name: "RFC 9110 §3.3's MUST NOT has an exception",
		bad:    regexp.MustCompile(`(?i)must not assume|não pode supor`),
		unless: regexp.MustCompile(`(?i)unless|a não ser que`)},
	{name: "RFC 9110 §3.3 does not say each request must carry everything",
		bad: regexp.MustCompile(`(?i)(must carry|precisa levar)[^.]*§3\.3`)},
	// Continuation frames link the fragments of one message (RFC 6455
	// §5.4), and a streaming API can hand an application part of a frame;
	// what nothing links is one message to another.
	{name: "frames are linked into messages; it is messages nothing pairs",
		bad: regexp.MustCompile(`(?i)never the frames|nunca os frames|one frame to another|um frame a outro`)},
	// A control frame can wait behind a large frame: it may only be
	// injected between fragments (RFC 6455 §5.4, §5.5).
	{name: "control frames are not delayed only when the sender fragments",
		bad: regexp.MustCompile(`(?i)never delay|nunca atras`)},
	// Raw TCP is the reference a run measures, not a bound no protocol can
	// pass: refresh can send fewer bytes in the same run.
	{name: "the TCP floor is a reference, not an unbeatable bound",
		bad: regexp.MustCompile(`(?i)no protocol can beat|nothing costs less|nenhum protocolo consegue superar|nada custa menos`)},
}

func TestCatalogStatesRulesAsTheRFCs(t *testing.T) {
	for _, part := range ptBRParts {
		for en, pt := range part() {
			for _, c := range claims {
				for _, s := range []string{en, pt} {
					if c.bad.MatchString(s) && (c.unless == nil || !c.unless.MatchString(s)) {
						t.Errorf("%s:\n  %q", c.name, s)
					}
				}
			}
		}
	}
}
