package exercise

import (
	"strings"
	"testing"

	"wsdemo/pkg/lang"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in               string
		host, addr, path string
		err              lang.Msg
	}{
		{in: "ws://127.0.0.1:8080/", host: "127.0.0.1:8080", addr: "127.0.0.1:8080", path: "/"},
		{in: "http://localhost:9000", host: "localhost:9000", addr: "localhost:9000", path: "/"},
		{in: "ws://localhost/chat?room=1", host: "localhost", addr: "localhost:80", path: "/chat?room=1"},
		{in: "WS://[::1]:8080/ws", host: "[::1]:8080", addr: "[::1]:8080", path: "/ws"},
		{in: "127.0.0.1:8080", err: "%q has no scheme; write it as ws://%s (or http:// for the REST exercise)"},
		{in: "ftp://h/", err: "%q has the scheme %s://; the checks speak ws:// and http://"},
		{in: "localhost", err: "%q has no scheme; write it as ws://%s (or http:// for the REST exercise)"},
		{in: "wss://example.com/", err: "%q: the checks talk to a server on your machine without TLS; use ws:// or http://"},
		{in: "ws:///x", err: "%q has no host; it looks like ws://127.0.0.1:8080/"},
		{in: "ws://h:0/", err: "%q: the port must be a number from 1 to 65535"},
		{in: "ws://h:1/#top", err: "%q has a #fragment, which a WebSocket URL must not have (RFC 6455 §3)"},
		{in: "ws://u:p@h:1/", err: "%q has a user name in it; the checks send none: leave it out"},
	} {
		got, err := ParseURL(tc.in)
		if tc.err != "" {
			e, ok := err.(*lang.Error)
			if !ok || e.Say().Format != string(tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got.Host != tc.host || got.Addr != tc.addr || got.Path != tc.path {
			t.Errorf("%q: %+v, %v", tc.in, got, err)
		}
	}
	tg, _ := ParseURL("http://127.0.0.1:8080/api/")
	if tg.Join("/notes") != "/api/notes" || tg.Origin() != "http://127.0.0.1:8080" || tg.WS() != "ws://127.0.0.1:8080/api/" {
		t.Errorf("join %q, origin %q, ws %q", tg.Join("/notes"), tg.Origin(), tg.WS())
	}
}

// A task file's mistakes are named with their file and line.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	const ok = "---\nfollows: 4\nurl: ws://127.0.0.1:8080/\nchecks: handshake, echo-text\n---\n\n# Title\n\n```checks\n```\n"
	if x, err := Parse("en/02-echo.md", []byte(ok)); err != nil || x.Slug != "echo" || x.Number != 2 || len(x.Checks) != 2 || x.Title != "Title" {
		t.Fatalf("%+v, %v", x, err)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"echo.md", ok, "is not NN-slug.md"},
		{"02-echo.md", strings.Replace(ok, "echo-text", "echo-txt", 1), `en/02-echo.md:4: no check is named "echo-txt"`},
		{"02-echo.md", strings.Replace(ok, "follows: 4\n", "", 1), "no follows: line"},
		{"02-echo.md", strings.Replace(ok, "url: ws://127.0.0.1:8080/", "url: ftp://x", 1), "en/02-echo.md:3: url:"},
		{"02-echo.md", strings.Replace(ok, "```checks\n```\n", "", 1), "one ```checks block"},
		{"02-echo.md", ok + "# Another\n", "one # title"},
		{"02-echo.md", strings.Replace(ok, "minutes", "", 1) + "```go\n", "never closed"},
	} {
		_, err := Parse("en/"+tc.name, []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.want, err, tc.want)
		}
	}
}

// Every check has its texts, its rule citing its source (an RFC section,
// or for Socket.IO's checks the Engine.IO v4 or Socket.IO v5 protocol
// document, or Socket.IO's docs), and Task lists an exercise's checks
// where its ```checks block was, in the learner's language.
func TestTaskListsChecks(t *testing.T) {
	t.Parallel()
	for _, name := range Steps() {
		c, ok := Describe(name)
		cites := func(src string) bool { return strings.Contains(string(c.Rule), src) }
		if !ok || c.Title == "" || c.Does == "" || c.Rule == "" ||
			!(cites("RFC ") || cites("(Engine.IO v4, \"") || cites("(Socket.IO v5, \"") || cites("(Socket.IO docs, \"")) {
			t.Errorf("%s: %+v", name, c)
		}
	}
	x := exerciseNamed(t, "rest")
	task := x.Task(lang.For(lang.PortugueseBR))
	if strings.Contains(task, "```checks") || !strings.Contains(task, "6. **Um token enviado antes na mesma conexão não vale** (`auth-stateless`).") {
		t.Errorf("task:\n%s", task)
	}
}
