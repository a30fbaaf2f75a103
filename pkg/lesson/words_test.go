package lesson

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"wsdemo/lessons"
)

// phrases returns the fields of w by name.
func phrases(w *words) map[string]string {
	v := reflect.ValueOf(w).Elem()
	out := make(map[string]string, v.NumField())
	for i := range v.NumField() {
		out[v.Type().Field(i).Name] = v.Field(i).String()
	}
	return out
}

var (
	verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
	keyRE  = regexp.MustCompile(`\[[^\]]*\]`) // [Enter], [q], [1-%d]
)

func TestWordsComplete(t *testing.T) {
	t.Parallel()
	for lang, w := range catalogue {
		for name, s := range phrases(w) {
			if name == "notesInEnglish" && w == &english {
				if s != "" {
					t.Errorf("en: notesInEnglish %q would tell English readers their notes are in English", s)
				}
				continue
			}
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", lang, name)
			}
		}
	}
}

// The step prompt is drawn inside the diagram, whose narrowest width (40
// columns) leaves it 34; a longer one would be cut. It names both keys.
func TestWordsStepPrompt(t *testing.T) {
	t.Parallel()
	for lang, w := range catalogue {
		if n := utf8.RuneCountInString(w.promptStep); n > 34 {
			t.Errorf("%s: promptStep %q is %d columns, more than 34", lang, w.promptStep, n)
		}
		if !strings.Contains(w.promptStep, "Enter") || !strings.Contains(w.promptStep, "q") {
			t.Errorf("%s: promptStep %q does not name Enter and q", lang, w.promptStep)
		}
	}
	if got := StepPrompt("pt_BR.UTF-8"); got != portuguese.promptStep {
		t.Errorf("StepPrompt(pt_BR.UTF-8) = %q", got)
	}
}

// A translation keeps the format verbs of the English phrase, in order, and
// the keys the learner types.
func TestWordsVerbsMatch(t *testing.T) {
	t.Parallel()
	en := phrases(&english)
	for lang, w := range catalogue {
		if w == &english {
			continue
		}
		for name, s := range phrases(w) {
			if got, want := verbRE.FindAllString(s, -1), verbRE.FindAllString(en[name], -1); !slices.Equal(got, want) {
				t.Errorf("%s: %s has verbs %q, English has %q\n  %s\n  %s", lang, name, got, want, s, en[name])
			}
			if got, want := keyRE.FindAllString(s, -1), keyRE.FindAllString(en[name], -1); !slices.Equal(got, want) {
				t.Errorf("%s: %s names keys %q, English names %q", lang, name, got, want)
			}
			if strings.HasSuffix(en[name], "> ") != strings.HasSuffix(s, "> ") {
				t.Errorf("%s: %s: a prompt ends with \"> \" in every language: %q", lang, name, s)
			}
		}
	}
}

// Every translation of the lessons has the runner's words too: a learner
// reading Portuguese lessons should not get English prompts around them.
func TestWordsForEveryLessonLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range Languages(lessons.FS) {
		if catalogue[lang] == nil {
			t.Errorf("lessons/%s/ exists but words.go has no %s words", lang, lang)
		}
	}
}

func TestWordsFor(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]*words{
		"":            &english,
		"en":          &english,
		"en_US.UTF-8": &english,
		"C":           &english,
		"POSIX":       &english,
		"de_DE.UTF-8": &english,
		"xx":          &english,
		"pt-BR":       &portuguese,
		"pt_BR.UTF-8": &portuguese,
		"pt-br":       &portuguese,
		"PT_br":       &portuguese,
		"pt_BR@euro":  &portuguese,
		"pt":          &portuguese,
	} {
		if got := wordsFor(lang); got != want {
			t.Errorf("wordsFor(%q) = %q words", lang, got.lesson)
		}
	}
}
