package lang

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sectionPattern finds a cited section, "RFC 6455 §5.1" or a bare "§5.3"
// that continues a list.
var sectionPattern = regexp.MustCompile(`(RFC \d+ )?§[0-9]+(\.[0-9]+)*`)

// sections lists the sections a text cites, sorted: a translation may
// order its sentence differently, but cites the same sections.
func sections(s string) []string {
	out := sectionPattern.FindAllString(s, -1)
	slices.Sort(out)
	return out
}

func verbs(s string) []string {
	var out []string
	for _, v := range verbPattern().FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// Every translation formats the same arguments in the same order, and says
// something: a catalog mistake must not print %!d(MISSING) to a learner.
func TestCatalogKeepsVerbs(t *testing.T) {
	seen := map[string]string{}
	for i, part := range ptBRParts {
		for en, pt := range part() {
			if prev, ok := seen[en]; ok && prev != pt {
				t.Errorf("part %d: %q is translated twice, differently", i, en)
			}
			seen[en] = pt
			if strings.TrimSpace(pt) == "" {
				t.Errorf("%q has an empty translation", en)
			}
			if !slices.Equal(verbs(en), verbs(pt)) {
				t.Errorf("verbs differ:\n  en %q %v\n  pt %q %v", en, verbs(en), pt, verbs(pt))
			}
			if !slices.Equal(sections(en), sections(pt)) {
				t.Errorf("RFC sections differ:\n  en %q %v\n  pt %q %v", en, sections(en), pt, sections(pt))
			}
		}
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{
		"": "en", "C": "en", "POSIX": "en", "C.UTF-8": "en", "en": "en", "en_US.UTF-8": "en",
		"pt-BR": "pt-BR", "pt_BR.UTF-8": "pt-BR", "pt-br": "pt-BR", "pt": "pt-BR", "pt_BR@euro": "pt-BR",
		// language.Matcher finds Brazilian Portuguese close to Portugal's
		// (High confidence): a reader of pt-PT reads it better than English.
		"pt_PT.UTF-8": "pt-BR",
	} {
		if got, ok := Match(in); got != want || !ok {
			t.Errorf("Match(%q) = %q, %v; want %q, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"fr", "de_DE.UTF-8", "es_ES.UTF-8", "x-bogus!"} {
		if got, ok := Match(in); ok || got != English {
			t.Errorf("Match(%q) = %q, %v; want English, false", in, got, ok)
		}
	}
}

// Numbers follow the language: quantities are grouped and take the
// language's decimal separator; identifiers (%#d) never are; the trace
// writes them as Go does.
func TestNumbersFollowTheLanguage(t *testing.T) {
	const f Msg = "close %#d after %d bytes in %.2f ms (%v, %v)"
	for _, tc := range []struct {
		t    Text
		want string
	}{
		{For(English), "close 1000 after 1,456 bytes in 0.19 ms (12,345, 0.19)"},
		{For(PortugueseBR), "close 1000 after 1.456 bytes in 0,19 ms (12.345, 0,19)"},
		{Trace, "close 1000 after 1456 bytes in 0.19 ms (12345, 0.19)"},
	} {
		// f has no pt-BR entry: the English key, with pt-BR numbers.
		if got := tc.t.F(f, 1000, 1456, 0.19, Count(12345), Millis(0.19)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.t.Lang(), got, tc.want)
		}
	}
	if got := For(PortugueseBR).F("%v", 1500*time.Millisecond); got != "1,5s" {
		t.Errorf("pt-BR duration %q, want 1,5s", got)
	}
	if got := For(English).F("%v", 1500*time.Millisecond); got != "1.5s" {
		t.Errorf("en duration %q, want 1.5s", got)
	}
	for v, want := range map[float64]string{0.193: "0,19", 12.34: "12,3", 1234.5: "1.234", 3: "3,00"} {
		if got := For(PortugueseBR).Millis(v); got != want {
			t.Errorf("pt-BR Millis(%v) = %q, want %q", v, got, want)
		}
	}
	if got := fmt.Sprint(Count(4601)); got != "4,601" {
		t.Errorf("Count in plain fmt = %q, want English 4,601", got)
	}
}

// Plural forms come from the catalog, chosen by the language's rules; zero
// takes the plural in Brazilian Portuguese.
func TestPluralsComeFromTheCatalog(t *testing.T) {
	const key Msg = "%d requests, %d responses over %d TCP connections"
	for _, tc := range []struct {
		t    Text
		n    int
		want string
	}{
		{For(English), 1, "1 request, 1 response over 1 TCP connection"},
		{For(English), 2, "2 requests, 2 responses over 2 TCP connections"},
		{For(English), 0, "0 requests, 0 responses over 0 TCP connections"},
		{Trace, 1, "1 request, 1 response over 1 TCP connection"},
		{Trace, 1456, "1456 requests, 1456 responses over 1456 TCP connections"},
		{For(PortugueseBR), 1, "1 requisição e 1 resposta em 1 conexão TCP"},
		{For(PortugueseBR), 0, "0 requisições e 0 respostas em 0 conexões TCP"},
		{For(PortugueseBR), 1456, "1.456 requisições e 1.456 respostas em 1.456 conexões TCP"},
	} {
		if got := tc.t.F(key, tc.n, tc.n, tc.n); got != tc.want {
			t.Errorf("%s, %d: %q, want %q", tc.t.Lang(), tc.n, got, tc.want)
		}
	}
}

// Every catalog text compiles into catalog messages: a plural choice has a
// number to choose by and no verb inside it.
func TestCatalogCompiles(t *testing.T) {
	parts := append([]func() map[string]string{enPlurals}, ptBRParts...)
	for _, part := range parts {
		for key, text := range part() {
			if _, err := compile(tags[1], text); err != nil {
				t.Errorf("%q: %v", key, err)
			}
			// A choice made by the n-th argument names a count.
			vs := verbs(choicePattern().ReplaceAllString(text, ""))
			for _, m := range choicePattern().FindAllStringSubmatch(text, -1) {
				if m[1] == "" {
					continue
				}
				n, _ := strconv.Atoi(m[1])
				if n < 1 || n > len(vs) || !strings.HasSuffix(vs[n-1], "d") {
					t.Errorf("%q: the choice %s is made by argument %d, which is no %%d (verbs %v)", key, m[0], n, vs)
				}
			}
		}
	}
	for _, bad := range []string{"{one|other} %d", "%d {a %d|b}"} {
		if _, err := compile(tags[0], bad); err == nil {
			t.Errorf("compile(%q) accepted it", bad)
		}
	}
}

// A Msg argument (a close code's name) and a trace.Msg are said in the
// language of the sentence they are part of.
func TestNestedTextsAreTranslated(t *testing.T) {
	pt := For(PortugueseBR)
	if got := pt.F("breaks a rule: %s", M("client frames must be masked (RFC 6455 §5.1)")); got != "viola uma regra: os frames do cliente precisam ser mascarados (RFC 6455 §5.1)" {
		t.Errorf("nested trace.Msg: %q", got)
	}
	if got := pt.F("the client closed the WebSocket with %#d (%s)", 1000, Msg("normal closure")); got != "o cliente fechou o WebSocket com 1000 (fechamento normal)" {
		t.Errorf("nested Msg: %q", got)
	}
	err := Errorf("wrong token")
	if err.Error() != "wrong token" || pt.Err(err) != "token errado" {
		t.Errorf("Error: %q, said in pt-BR %q", err.Error(), pt.Err(err))
	}
}

// The pt-BR catalog avoids words a learner review found misleading: a
// server "empurra" nothing (it sends on its own, "envia por conta
// própria"), and condensed lines are "agrupadas", not "dobradas".
func TestPortugueseWording(t *testing.T) {
	t.Parallel()
	avoid := regexp.MustCompile(`(?i)empurr|\bdobra(d[ao]s?|s|m|ndo)?\b`)
	for _, part := range ptBRParts {
		for en, pt := range part() {
			if m := avoid.FindString(pt); m != "" {
				t.Errorf("%q in the translation of %q: %s", m, en, pt)
			}
		}
	}
}

// A note that names TIME_WAIT says what it is: any such note may be the
// first a learner reads.
func TestTIMEWAITDefinedWhereUsed(t *testing.T) {
	t.Parallel()
	s := mustSource(t)
	n := 0
	for key := range s.keys {
		if strings.Contains(key, "TIME_WAIT") {
			n++
			if !strings.Contains(key, "TIME_WAIT:") {
				t.Errorf("TIME_WAIT without its definition: %q", key)
			}
		}
	}
	for _, part := range ptBRParts {
		for en, pt := range part() {
			if strings.Contains(pt, "TIME_WAIT") && !strings.Contains(pt, "TIME_WAIT:") {
				t.Errorf("pt-BR TIME_WAIT without its definition: %q", en)
			}
		}
	}
	if n == 0 {
		t.Error("no note names TIME_WAIT: is the source read?")
	}
}
