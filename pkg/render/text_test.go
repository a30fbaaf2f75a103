package render

import (
	"reflect"
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
		if got := formatStat(tt.key, tt.v); got != tt.want {
			t.Errorf("formatStat(%q, %v) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}
