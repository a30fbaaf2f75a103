package render

import (
	"reflect"
	"strings"
	"testing"
)

func TestWrapText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		w    int
		want []string
	}{
		{"", 10, []string{""}},
		{"one two three", 7, []string{"one two", "three"}},
		{"+4 more: Accept-Encoding, Accept-Language", 20, []string{"+4 more:", "Accept-Encoding,", "Accept-Language"}},
		{"key dGhlIHNhbXBsZSBub25jZQ== end", 8, []string{"key", "dGhlIHNh", "bXBsZSBu", "b25jZQ==", "end"}},
		{"a  b", 1, []string{"a", "b"}},
		// A word longer than a line splits after punctuation where it has some.
		{"see https://example.com/a/very/long/path", 16, []string{"see", "https://", "example.com/a/", "very/long/path"}},
		{"Sec-WebSocket-Extensions offers", 20, []string{"Sec-WebSocket-", "Extensions offers"}},
		// A key and the GUID after it, as one word: broken between the two,
		// each whole.
		{"the key, then the GUID: PHtCv2YNvfv5+7pZWt4pRg==258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 50,
			[]string{"the key, then the GUID:", "PHtCv2YNvfv5+7pZWt4pRg==", "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"}},
	}
	for _, tt := range tests {
		if got := wrapText(tt.in, tt.w); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

func TestOneLineEscapesControls(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain ✓":       "plain ✓",
		"a\r\nb\tc":     `a\r\nb\tc`,
		"\x1b[2J":       `\x1b[2J`,
		"bad \xff byte": `bad \xff byte`,
		"c1 \u009b31m":  `c1 \u009b31m`,
		"rtl \u202e":    `rtl \u202e`,
	}
	for in, want := range tests {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatStat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		v    any
		want string
	}{
		{"requests", 3, "3"},
		{"requests", int64(12345), "12345"},
		{"sent_bytes", 1234567, "1,234,567"},
		{"bytes_total", uint32(1000), "1,000"},
		{"latency_ms", 0.4321, "0.43"},
		{"mean_bytes", 12345.678, "12,345.68"},
		{"mean_bytes", -0.5, "-0.50"},
		{"ok", true, "true"},
	}
	for _, tt := range tests {
		if got := New(Options{}).formatStat(tt.key, tt.v); got != tt.want {
			t.Errorf("formatStat(%q, %v) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

func TestWrapValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"fits", "text/plain", 10, []string{"text/plain"}},
		{"empty", "", 5, []string{""}},
		// The space stays at the end of the line it breaks, so nothing is lost.
		{"at a space, not inside utf-8", "application/json; charset=utf-8, text/plain", 30,
			[]string{"application/json; ", "charset=utf-8, text/plain"}},
		{"last space that fits", "application/json; charset=utf-8, text/plain", 20,
			[]string{"application/json; ", "charset=utf-8, ", "text/plain"}},
		{"a quoted payload at word boundaries", `"welcome anonymous: connection established"`, 24,
			[]string{`"welcome anonymous: `, `connection established"`}},
		{"a run of spaces hangs whole", "one   two", 4, []string{"one   ", "two"}},
		{"leading spaces kept", "  abcdef", 5, []string{"  abc", "def"}},
		{"trailing spaces kept", "ab cd  ", 4, []string{"ab ", "cd  "}},
		// No space: after punctuation.
		{"JSON after a comma", `[{"id":1,"text":"x"},{"id":2}]`, 22, []string{`[{"id":1,"text":"x"},`, `{"id":2}]`}},
		{"a path after a slash", "/api/notes/12345/history", 12, []string{"/api/notes/", "12345/", "history"}},
		{"a query after & or ?", "/ws?every=150ms&ping=1", 12, []string{"/ws?", "every=150ms&", "ping=1"}},
		{"not after a leading slash", "/abcdefgh", 4, []string{"/abc", "defg", "h"}},
		// Nothing to break at, or random bytes: cut at the edge.
		{"hex is cut", "b37a4f2cc0624f1690f64606cf385945b2bec4ea", 16,
			[]string{"b37a4f2cc0624f16", "90f64606cf385945", "b2bec4ea"}},
		{"base64 is cut, not at its slash", "S7Y4NhMR/G2qtSft2P8vNA==", 12, []string{"S7Y4NhMR/G2q", "tSft2P8vNA=="}},
		{"escapes stay whole", `abcdef\x1bghi`, 8, []string{"abcdef", `\x1bghi`}},
		{"wide runes by display width", "日本語のテキスト", 7, []string{"日本語", "のテキ", "スト"}},
		{"a rune wider than the line", "日本", 1, []string{"日", "本"}},
	}
	for _, tt := range tests {
		got := wrapValue(tt.in, tt.w)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: wrapValue(%q, %d) = %q, want %q", tt.name, tt.in, tt.w, got, tt.want)
		}
		if j := strings.Join(got, ""); j != tt.in {
			t.Errorf("%s: lines join to %q, not the value %q", tt.name, j, tt.in)
		}
		for _, l := range got {
			if lw := textWidth(strings.TrimRight(l, " ")); lw > tt.w && tt.w > 1 {
				t.Errorf("%s: line %q is %d columns, wider than %d", tt.name, l, lw, tt.w)
			}
		}
	}
}

// Whatever the value and width, wrapping loses no byte and ends.
func FuzzWrapValue(f *testing.F) {
	f.Add("application/json; charset=utf-8, text/plain", 7)
	f.Add(`[{"id":1,"text":"buy milk"}]\n`, 3)
	f.Add("日本 語\\u202e", 2)
	f.Fuzz(func(t *testing.T, s string, w int) {
		s = oneLine(s)
		w = w%200 + 1
		if w < 1 {
			w = -w + 1
		}
		if j := strings.Join(wrapValue(s, w), ""); j != s {
			t.Fatalf("wrapValue(%q, %d) joins to %q", s, w, j)
		}
	})
}
