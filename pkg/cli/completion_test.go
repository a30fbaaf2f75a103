package cli

import (
	"context"
	"strings"
	"testing"
)

// complete runs cobra's hidden __complete command, as the shell scripts do,
// and returns the candidates it prints and its directive line.
func complete(t *testing.T, args ...string) (candidates []string, directive string) {
	t.Helper()
	ios, _, out, errOut := Test()
	if code := Run(context.Background(), ios, append([]string{"__complete"}, args...)); code != ExitOK {
		t.Fatalf("__complete %q: exit %d: %s", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

// Completion works though the command is hidden from --help: lessons by
// number or slug with their titles (in the language asked for), and the
// values of the flags that have a fixed set; never file names where a file
// makes no sense.
func TestCompletion(t *testing.T) {
	t.Parallel()
	const noFiles = ":4" // cobra.ShellCompDirectiveNoFileComp
	for _, tc := range []struct {
		args      []string
		want      []string // candidates, in order; "…" ends a list that goes on
		directive string
	}{
		{[]string{"learn", ""}, []string{"1\tRequest and response: HTTP, REST, GET and POST", "2\tStateless and one-way", "…"}, noFiles},
		{[]string{"learn", "1"}, []string{"1\tRequest and response", "10\tWhen to use which", "11\tSocket.IO on the wire"}, noFiles},
		{[]string{"learn", "fa"}, []string{"faking-real-time\tFaking real time over HTTP"}, noFiles},
		{[]string{"learn", "--lang", "pt-BR", "3"}, []string{"3\tFingindo tempo real com HTTP"}, noFiles},
		{[]string{"learn", "4", ""}, nil, noFiles},
		// A word inside a name: the name from that word, which learn finds.
		{[]string{"learn", "hand"}, []string{"handshake\tThe WebSocket handshake"}, noFiles},
		{[]string{"learn", "real"}, []string{"real-time\tFaking real time over HTTP"}, noFiles},
		{[]string{"exercise", ""}, []string{"rest\tA notes REST API", "echo\tA WebSocket echo server", "…"}, noFiles},
		{[]string{"check", "e"}, []string{"echo\tA WebSocket echo server"}, noFiles},
		{[]string{"exercise", "--lang", "pt-BR", "b"}, []string{"broadcast\tBroadcast: as duas abas"}, noFiles},
		{[]string{"check", "echo", ""}, nil, noFiles},
		{[]string{"lessons", ""}, nil, noFiles},
		{[]string{"http", "--lang", ""}, []string{"en\tEnglish", "pt-BR\tportuguês do Brasil"}, noFiles},
		{[]string{"learn", "--theme", ""}, []string{"auto\t", "dark\t", "light\t"}, noFiles},
		{[]string{"realtime", "--only", ""}, []string{"refresh\t", "poll\t", "long-poll\t", "websocket\t", "tcp-floor\t"}, ":6"},
		{[]string{"realtime", "--only", "poll,"}, []string{"poll,refresh\t", "poll,long-poll\t", "poll,websocket\t", "poll,tcp-floor\t"}, ":6"},
		{[]string{"realtime", "--only", "poll,web"}, []string{"poll,websocket\t"}, ":6"},
		{[]string{"handshake", "--case", ""}, []string{"not-get\t", "no-upgrade\t", "bad-version\t", "bad-key\t"}, noFiles},
		{[]string{"show", "--format", ""}, []string{"pretty\t", "plain\t", "json\t", "mermaid\t"}, noFiles},
		{[]string{"show", ""}, []string{"jsonl", "json"}, ":8"},
		{[]string{"decode", "--from", ""}, []string{"client\t", "server\t"}, noFiles},
		{[]string{"duplex", ""}, nil, noFiles},
	} {
		got, directive := complete(t, tc.args...)
		if directive != tc.directive {
			t.Errorf("%q: directive %s, want %s", tc.args, directive, tc.directive)
		}
		want := tc.want
		if n := len(want); n > 0 && want[n-1] == "…" {
			want = want[:n-1]
			if len(got) > len(want) {
				got = got[:len(want)]
			}
		}
		if len(got) != len(want) {
			t.Errorf("%q: candidates %q, want %q", tc.args, got, tc.want)
			continue
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("%q: candidate %d is %q, want it to start with %q", tc.args, i, got[i], want[i])
			}
		}
	}
}

// The completion command is hidden from --help, and prints a script.
func TestCompletionCommandHiddenButThere(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := Test()
	if code := Run(context.Background(), ios, []string{"--help"}); code != ExitOK || strings.Contains(out.String(), "completion") {
		t.Errorf("--help (exit %d) names completion:\n%s", code, out)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		ios, _, out, errOut := Test()
		if code := Run(context.Background(), ios, []string{"completion", shell}); code != ExitOK || !strings.Contains(out.String(), "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, code, out.Len(), errOut)
		}
	}
}
