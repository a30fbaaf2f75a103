package wrap

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestWords(t *testing.T) {
	runes := utf8.RuneCountInString
	half := func(word string, w int) int { return w }
	for _, tc := range []struct {
		s     string
		w     int
		split func(string, int) int
		want  []string
	}{
		{"", 10, nil, []string{""}},
		{"  one  two three ", 9, nil, []string{"one two", "three"}},
		{"ação é já", 6, nil, []string{"ação é", "já"}},
		// A word longer than a line: a line of its own, or cut.
		{"a abcdefghij b", 4, nil, []string{"a", "abcdefghij", "b"}},
		{"a abcdefghij b", 4, half, []string{"a", "abcd", "efgh", "ij b"}},
	} {
		if got := Words(tc.s, tc.w, runes, tc.split); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Words(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
	}
}
