package demo

import (
	"strconv"
	"testing"
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

func TestGrouped(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4601: "4,601", 1234567: "1,234,567", -1234: "-1,234", -999: "-999"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}
