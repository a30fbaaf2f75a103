package lang

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// verbs lists the fmt verbs of a format in order (%% is not a verb).
var verbPattern = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

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
	for _, v := range verbPattern.FindAllString(s, -1) {
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
		for en, pt := range part {
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
	} {
		if got, ok := Match(in); got != want || !ok {
			t.Errorf("Match(%q) = %q, %v; want %q, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"fr", "de_DE.UTF-8", "pt_PT"} {
		if got, ok := Match(in); ok || got != English {
			t.Errorf("Match(%q) = %q, %v; want English, false", in, got, ok)
		}
	}
}

func TestTextFallsBackToEnglish(t *testing.T) {
	pt := Text{catalog: map[string]string{"%d frames": "%d quadros"}}
	if got := pt.F("%d frames", 3); got != "3 quadros" {
		t.Errorf("F = %q", got)
	}
	if got := pt.F("untranslated 100%"); got != "untranslated 100%" {
		t.Errorf("F without args = %q, want the text as it is", got)
	}
	if !slices.Contains(Missed(), "untranslated 100%") {
		t.Error("a missing translation is not reported")
	}
	if got := For(English).F("%d frames", 2); got != "2 frames" {
		t.Errorf("English F = %q", got)
	}
}
