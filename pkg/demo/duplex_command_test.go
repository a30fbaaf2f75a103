package demo

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"wsdemo/pkg/wire"
)

func TestParseCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		want command
		err  string // substring of the hint; "" means no error
	}{
		{line: "", want: command{kind: cmdNone}},
		{line: "\r\n", want: command{kind: cmdNone}},
		{line: "hello", want: command{kind: cmdText, text: "hello"}},
		{line: "  spaced  ", want: command{kind: cmdText, text: "  spaced  "}},
		{line: "hello\r", want: command{kind: cmdText, text: "hello"}},
		{line: "olá ✓", want: command{kind: cmdText, text: "olá ✓"}},
		{line: "//not a command", want: command{kind: cmdText, text: "/not a command"}},
		{line: "//", want: command{kind: cmdText, text: "/"}},
		{line: "a/b", want: command{kind: cmdText, text: "a/b"}},
		{line: "bad \xff byte", err: "must be UTF-8"},

		{line: "/ping", want: command{kind: cmdPing}},
		{line: "/PING", want: command{kind: cmdPing}},
		{line: "/ping are you there?", want: command{kind: cmdPing, text: "are you there?"}},
		{line: "/ping    padded  ", want: command{kind: cmdPing, text: "padded"}},
		{line: "/ping " + strings.Repeat("x", 125), want: command{kind: cmdPing, text: strings.Repeat("x", 125)}},
		{line: "/ping " + strings.Repeat("x", 126), err: "at most 125 bytes"},

		{line: "/close", want: command{kind: cmdClose, code: 1000}},
		{line: "/close 1001", want: command{kind: cmdClose, code: 1001}},
		{line: "/close 4000 see you", want: command{kind: cmdClose, code: 4000, text: "see you"}},
		{line: "/close 3000   lots of   space ", want: command{kind: cmdClose, code: 3000, text: "lots of   space"}},
		{line: "/close 1005", err: "may not be sent"},
		{line: "/close 1006 x", err: "may not be sent"},
		{line: "/close 999", err: "may not be sent"},
		{line: "/close 5000", err: "may not be sent"},
		{line: "/close bye", err: "usage: /close"},
		{line: "/close -1", err: "may not be sent"},
		{line: "/close 99999999999999999999", err: "usage: /close"},
		{line: "/close 1000 " + strings.Repeat("r", 123), want: command{kind: cmdClose, code: 1000, text: strings.Repeat("r", 123)}},
		{line: "/close 1000 " + strings.Repeat("r", 124), err: "fits in 123 bytes"},

		{line: "/binary 89 50 4e 47", want: command{kind: cmdBinary, data: []byte{0x89, 'P', 'N', 'G'}}},
		{line: "/binary 0x00ff", want: command{kind: cmdBinary, data: []byte{0, 0xff}}},
		{line: "/bin DEAD", want: command{kind: cmdBinary, data: []byte{0xde, 0xad}}},
		{line: "/binary", err: "usage: /binary"},
		{line: "/binary abc", err: "hex digits in pairs"},
		{line: "/binary zz", err: "hex digits in pairs"},

		{line: "/help", want: command{kind: cmdHelp}},
		{line: "/?", want: command{kind: cmdHelp}},
		{line: "/", err: `unknown command "/"`},
		{line: "/quit", err: `unknown command "/quit"`},
	} {
		got, err := parseCommand(tc.line)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseCommand(%q) error = %v, want one containing %q", tc.line, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("parseCommand(%q): hint is not one line: %q", tc.line, err)
			}
		case err != nil:
			t.Errorf("parseCommand(%q) error: %v", tc.line, err)
		case got.kind != tc.want.kind || got.text != tc.want.text || got.code != tc.want.code || !bytes.Equal(got.data, tc.want.data):
			t.Errorf("parseCommand(%q) = %+v, want %+v", tc.line, got, tc.want)
		}
	}
}

// FuzzParseCommand: any line parses or yields a one-line hint, never a
// panic, and whatever parses can be sent as it is.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "hello", "//x", "/ping", "/ping hi", "/close", "/close 1000 bye", "/close 1005",
		"/binary 0102", "/binary 0x", "/help", "/", "/close  ", "\xff", "/ping \xff", "/close 1000 \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := parseCommand(line)
		if err != nil {
			if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") {
				t.Fatalf("hint %q is not one line", msg)
			}
			return
		}
		switch c.kind {
		case cmdText:
			if !utf8.ValidString(c.text) || c.text == "" {
				t.Fatalf("text %q", c.text)
			}
		case cmdPing:
			if len(c.text) > maxControlPayload {
				t.Fatalf("ping payload of %d bytes", len(c.text))
			}
		case cmdClose:
			if !wire.ValidCloseCodeOnWire(c.code) || len(c.text) > maxCloseReason || !utf8.ValidString(c.text) {
				t.Fatalf("close %d %q", c.code, c.text)
			}
		case cmdBinary:
			if len(c.data) == 0 {
				t.Fatal("empty binary message")
			}
		}
	})
}
