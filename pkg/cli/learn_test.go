package cli

import (
	"io"
	"strings"
	"testing"

	"wsdemo/internal/testkit"
	"wsdemo/lessons"
	"wsdemo/pkg/lesson"
)

// Every inline demo of every lesson, in every language, is a real wsdemo
// command with valid flags: a typo fails here, not in front of a learner.
func TestLessonDemosAreValidCommands(t *testing.T) {
	for _, lang := range lesson.Languages(lessons.FS) {
		all, err := lesson.Load(lessons.FS, lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if n := len(lesson.AllDemos(all)); n < 10 {
			t.Errorf("%s: only %d inline demos", lang, n)
		}
		if err := lesson.CheckDemos(all, validateDemoArgs); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}

func TestValidateDemoArgsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"nosuch"},
		{"http", "--nosuch"},
		{"http", "extra-arg"},
		{"learn", "1"},
		{"realtime", "--edits", "many"},
		// Values the options refuse, not the flag parser.
		{"realtime", "--edits", "0"},
		{"handshake", "--case", "nope"},
		{"duplex", "--too-big", "--url", "ws://127.0.0.1:1/"},
		{},
	} {
		if err := validateDemoArgs(args); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
	if err := validateDemoArgs([]string{"http", "--no-keepalive"}); err != nil {
		t.Errorf("http --no-keepalive rejected: %v", err)
	}
}

// --lang is one flag, matched once, with one message, whichever command
// takes it (a persistent flag: lessons and learn define none of their own).
func TestLangFlag(t *testing.T) {
	for _, tc := range []struct {
		lang string
		code int
	}{{"fr", ExitUsage}, {"pt-BR", ExitOK}, {"pt_BR.UTF-8", ExitOK}, {"en", ExitOK}} {
		t.Setenv("WSDEMO_HOME", t.TempDir())
		for _, c := range []string{"http", "learn"} {
			if tc.code != ExitUsage {
				continue
			}
			ios, _, _, errOut := Test()
			if code := Run(t.Context(), ios, []string{c, "--lang", tc.lang}); code != ExitUsage || !strings.Contains(errOut.String(), "--lang \"fr\": wsdemo speaks en, pt-BR") {
				t.Errorf("%s --lang %s: exit %d, stderr %q", c, tc.lang, code, errOut)
			}
		}
		ios, _, out, errOut := Test()
		if code := Run(t.Context(), ios, []string{"lessons", "--lang", tc.lang}); code != tc.code {
			t.Errorf("--lang %s: exit %d, want %d (stderr %q)", tc.lang, code, tc.code, errOut)
		}
		if tc.code == ExitUsage && !strings.Contains(errOut.String(), "en, pt-BR") {
			t.Errorf("--lang %s: stderr %q does not list the languages", tc.lang, errOut)
		}
		if strings.HasPrefix(tc.lang, "pt") && !strings.Contains(out.String(), "Lições") {
			t.Errorf("--lang %s: list not in Portuguese:\n%s", tc.lang, out)
		}
	}
}

// learn and lessons refuse the demo flags, so their help does not offer them;
// the demo commands' help still does.
func TestLearnHelpLeavesOutDemoFlags(t *testing.T) {
	for _, args := range [][]string{{"learn", "--help"}, {"lessons", "--help"}, {"help", "learn"}, {"http", "--help"}} {
		ios, _, out, _ := Test()
		if code := Run(t.Context(), ios, args); code != ExitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		demo := args[0] == "http"
		for _, flag := range []string{"--addr", "--step", "--json"} {
			if strings.Contains(out.String(), flag) != demo {
				t.Errorf("%v: help mentions %s: %v, want %v:\n%s", args, flag, !demo, demo, out)
			}
		}
		if !strings.Contains(out.String(), "--no-color") {
			t.Errorf("%v: help lacks --no-color:\n%s", args, out)
		}
	}
}

// typist plays a learner at a terminal: each Read gets at most one line,
// chosen by answer from what is on the screen so far, as a terminal in
// canonical mode hands over one line at a time. After limit lines it types
// Ctrl-D (EOF), so a run that misbehaves ends instead of looping.
type typist struct {
	screen  *testkit.SyncBuffer
	answer  func(screen string) string
	pending []byte
	lines   int
	limit   int
}

func (t *typist) Read(p []byte) (int, error) {
	if len(t.pending) == 0 {
		if t.lines >= t.limit {
			return 0, io.EOF
		}
		t.lines++
		t.pending = []byte(t.answer(t.screen.String()) + "\n")
	}
	n := copy(p, t.pending)
	t.pending = t.pending[n:]
	return n, nil
}

// q typed at a step of a demo inside a lesson stops that demo (its server
// and client shut down: TestMain checks no goroutine is left) and the lesson
// goes on with its next block; q at the lesson's own prompt then quits it.
func TestLearnQuitStopsTheDemoNotTheLesson(t *testing.T) {
	for _, tc := range []struct {
		lang                      string
		stopped, nextBlock, quit  string
		runSecondDemo, notesLabel string
	}{
		{"en", "Demo stopped. Run it again any time: wsdemo http\n", "One connection, many requests",
			"Stopped. Continue where you stopped with: wsdemo learn", "[Enter] run wsdemo http --no-keepalive", ""},
		{"pt-BR", "Demonstração interrompida. Execute de novo quando quiser: wsdemo http\n", "Uma conexão, muitas requisições",
			"Lição interrompida. Para continuar de onde parou: wsdemo learn", "[Enter] executar wsdemo http --no-keepalive",
			"(Diagramas: explicações em português; nomes e rótulos do protocolo em inglês.)\n$ wsdemo http\n"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Setenv("WSDEMO_HOME", t.TempDir())
			out := &testkit.SyncBuffer{}
			steps := 0
			in := &typist{screen: out, limit: 200, answer: func(screen string) string {
				if strings.HasSuffix(screen, "> ") { // the lesson asks
					if strings.HasSuffix(screen, tc.runSecondDemo+"  [s] skip  [q] quit > ") ||
						strings.HasSuffix(screen, tc.runSecondDemo+"  [s] pular  [q] sair > ") {
						return "q" // quit the lesson before its second demo
					}
					return ""
				}
				steps++ // the demo waits at a step: one Enter, then q
				if steps == 1 {
					return ""
				}
				return "q"
			}}
			ios, _, _, errOut := Test()
			ios.In, ios.Out = in, out
			ios.StdinTTY, ios.StdoutTTY, ios.NoColorEnv = true, true, true
			if code := Run(t.Context(), ios, []string{"learn", "1", "--lang", tc.lang}); code != ExitOK {
				t.Fatalf("exit %d; stderr %q", code, errOut)
			}
			got := out.String()
			_, rest, ok := strings.Cut(got, "$ wsdemo http\n")
			if !ok {
				t.Fatalf("the demo did not run:\n%s", got)
			}
			diagram, after, ok := strings.Cut(rest, tc.stopped)
			if !ok {
				t.Fatalf("no %q after the demo:\n%s", tc.stopped, rest)
			}
			if !strings.Contains(diagram, "GET /api/notes") || strings.Contains(diagram, "401 Unauthorized") {
				t.Errorf("the demo did not stop at its second step:\n%s", diagram)
			}
			if !strings.Contains(after, tc.nextBlock) || !strings.Contains(after, tc.quit) {
				t.Errorf("after the stopped demo the lesson did not go on to %q, then quit:\n%s", tc.nextBlock, after)
			}
			if tc.notesLabel != "" && strings.Count(got, tc.notesLabel) != 1 {
				t.Errorf("the notes are in English: not said once before the first demo:\n%s", got)
			}
			if steps != 2 {
				t.Errorf("the demo asked for %d steps, want 2", steps)
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
}

// A stepped demo speaks the language matched for it (a lesson's, whose
// prompt is then in that language too), and q at a standalone --step demo
// ends it with exit 0.
func TestStepPromptAndStop(t *testing.T) {
	g := &globalOptions{step: true}
	if _, err := g.language(&IOStreams{Lang: "pt-BR"}); err != nil {
		t.Fatal(err)
	}
	if o := g.renderOptions(&IOStreams{}); o.Lang != "pt-BR" {
		t.Errorf("render options carry Lang %q", o.Lang)
	}
	ios, _, out, errOut := Test()
	ios.In = &typist{screen: &testkit.SyncBuffer{}, limit: 10, answer: func(string) string { return "q" }}
	ios.StdinTTY = true
	if code := Run(t.Context(), ios, []string{"http", "--step"}); code != ExitOK || errOut.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// q at the first prompt (under the first step, or before it when it
	// does not fit the first screen) stops before the answer.
	if strings.Contains(out.String(), "200 OK") {
		t.Errorf("q at the first step drew past it:\n%s", out)
	}
}

// A lesson in Portuguese chosen by $LANG (System reads it into
// IOStreams.Lang) runs its demo with Portuguese notes too.
func TestLearnDemoFollowsLANG(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	ios, _, out, errOut := Test()
	ios.Lang = "pt-BR"
	if code := Run(t.Context(), ios, []string{"learn", "1"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := out.String()
	if !strings.Contains(got, "O HTTP viaja sobre uma conexão TCP") || strings.Contains(got, "HTTP rides on a TCP connection") {
		t.Fatalf("the demo's notes are not in Portuguese:\n%s", got)
	}
}

// A lesson that does not exist is a usage error (exit 2), with the hint.
func TestLearnNoSuchLessonIsUsage(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	ios, _, _, errOut := Test()
	if code := Run(t.Context(), ios, []string{"learn", "42"}); code != ExitUsage {
		t.Fatalf("exit %d, want %d (stderr %q)", code, ExitUsage, errOut)
	}
	if !strings.Contains(errOut.String(), "hint: wsdemo lessons lists them") {
		t.Errorf("stderr %q lacks the hint", errOut)
	}
}
