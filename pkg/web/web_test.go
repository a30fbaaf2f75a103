package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(Files, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The ids tests and learners rely on are there, and the switch offers the
// four modes by their stable values.
func TestPageHasItsStableIDs(t *testing.T) {
	page := read(t, "index.html")
	for _, want := range []string{`id="doc"`, `id="mode"`, `id="log"`, `id="edits"`, `id="foreign"`,
		`value="refresh"`, `value="poll"`, `value="long-poll"`, `value="websocket"`,
		PlaceholderLang, PlaceholderForeignPort, PlaceholderRun} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !strings.Contains(read(t, "app.js"), "dataset.latencyMs") {
		t.Error("app.js no longer sets data-latency-ms")
	}
}

// The page works offline: nothing it loads comes from another host (no CDN,
// no web font), and it needs no build step (no module bundler syntax).
func TestPageLoadsNothingFromElsewhere(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//|\bimport\s.*\bfrom\b|require\(`)
	entries, err := fs.ReadDir(Files, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if m := external.FindString(read(t, e.Name())); m != "" {
			t.Errorf("%s loads from elsewhere or needs a build: %q", e.Name(), m)
		}
	}
}

// Every word the page shows has its Portuguese, and no translation lacks
// its English.
func TestPageSpeaksBothLanguages(t *testing.T) {
	js := read(t, "app.js")
	key := regexp.MustCompile(`(?m)^\s{6}(\w+):`)
	en := js[strings.Index(js, "    en: {"):strings.Index(js, "    'pt-BR': {")]
	pt := js[strings.Index(js, "    'pt-BR': {"):strings.Index(js, "  const lang = ")]
	keys := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, m := range key.FindAllStringSubmatch(s, -1) {
			out[m[1]] = true
		}
		// Several keys share a line ("modeRefresh: ..., modePoll: ...").
		for _, m := range regexp.MustCompile(`,\s(\w+):\s['"]`).FindAllStringSubmatch(s, -1) {
			out[m[1]] = true
		}
		return out
	}
	ek, pk := keys(en), keys(pt)
	if len(ek) < 20 {
		t.Fatalf("found only %d English words: the test no longer reads app.js", len(ek))
	}
	for k := range ek {
		if !pk[k] {
			t.Errorf("%q has no Portuguese", k)
		}
	}
	for k := range pk {
		if !ek[k] {
			t.Errorf("%q has Portuguese but no English", k)
		}
	}
	for _, m := range regexp.MustCompile(`data-i18n="(\w+)"`).FindAllStringSubmatch(read(t, "index.html"), -1) {
		if !ek[m[1]] {
			t.Errorf("index.html asks for %q, which app.js does not have", m[1])
		}
	}
}
