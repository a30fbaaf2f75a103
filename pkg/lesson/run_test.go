package lesson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	"wsdemo/internal/testkit"
	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
)

// fakeDemo records the demos it was asked to run.
type fakeDemo struct {
	mu   sync.Mutex
	ran  [][]string
	fail error
}

func (f *fakeDemo) run(_ context.Context, args []string, out io.Writer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ran = append(f.ran, args)
	fmt.Fprintf(out, "<demo %s output>\n", strings.Join(args, " "))
	return f.fail
}

// authored returns a learner id for which every quiz of l keeps the order
// its options were written in, so a test's expectations read as its
// fixture. (The order itself is tested in quiz_test.go.)
func authored(t *testing.T, l *Lesson) string {
	t.Helper()
	for i := range 100000 {
		id := fmt.Sprintf("t%d", i)
		same := true
		for k := range l.Quizzes() {
			for j, v := range orderFor(id, l, k+1) {
				same = same && v == j
			}
		}
		if same {
			return id
		}
	}
	t.Fatal("no learner id keeps the authored order")
	return ""
}

func fixtureLesson(t *testing.T) *Lesson {
	t.Helper()
	l, err := Parse("en/01-request-and-response.md", []byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRunNonInteractive(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out, errOut testkit.SyncBuffer
	demo := &fakeDemo{}
	store := OpenStore(t.TempDir(), &errOut)
	res, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(strings.NewReader("")), Out: &out, Err: &errOut,
		Color: true, // ignored: a non-interactive run is plain text
		Demo:  demo.run, Store: store, Lesson: l, Total: 10, Learner: authored(t, l),
	})
	if err != nil || !res.Completed || res.Taken {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	got := out.String()
	if strings.Contains(got, "\x1b") {
		t.Errorf("escape codes in plain output:\n%q", got)
	}
	for _, want := range []string{
		"Lesson 1 of 10 · about 6 minutes\n",
		"# Request and response",
		"$ wsdemo http --no-keepalive\n<demo http --no-keepalive output>",
		"## Who speaks first",
		"Question 1 of 2: Who sends the first message over HTTP/1.1?\n  1) The server.\n  2) The client.\n  3) Both at once.\nAnswer: 2) The client.\n  Why: The client sends a request, then the server answers.",
		"Question 2 of 2: Does the server remember you?",
		"\n\nQuestion 1 of 2",
		"Answer: 1) No.",
		"## What you learned\n\n- The client asks, the server answers.",
		"(Printed only: a lesson counts as done when you go through it on a terminal,\nwith wsdemo learn 1.)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Why: A server only answers") {
		t.Error("plain output shows the why of a wrong option")
	}
	if len(demo.ran) != 1 || strings.Join(demo.ran[0], " ") != "http --no-keepalive" {
		t.Errorf("demos = %q", demo.ran)
	}
	// Printed is not taken: nothing is marked, no place is kept.
	if store.Done("request-and-response") || strings.Contains(got, "Lesson 1 done") {
		t.Error("a piped lesson was marked done")
	}
	if p, ok := store.Position(); ok {
		t.Errorf("a piped lesson kept a place: %+v", p)
	}
	if _, err := os.Stat(store.Path()); !os.IsNotExist(err) {
		t.Errorf("a piped lesson wrote the progress file (%v)", err)
	}
	if errOut.String() != "" {
		t.Errorf("stderr: %s", errOut.String())
	}
}

// scriptIn feeds one line per Read and, at each Read, snapshots what the
// runner had written so far: what the learner could see when asked.
type scriptIn struct {
	lines []string
	out   *testkit.SyncBuffer
	seen  []string
}

func (s *scriptIn) Read(p []byte) (int, error) {
	s.seen = append(s.seen, s.out.String())
	if len(s.lines) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.lines[0]+"\n")
	s.lines = s.lines[1:]
	return n, nil
}

func TestRunInteractiveScripted(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out testkit.SyncBuffer
	in := &scriptIn{out: &out, lines: []string{
		"",  // after the title section: run the demo
		"",  // after the demo: next section
		"",  // to the question
		"h", // hint
		"7", // not an option
		"1", // wrong
		"2", // right
		"",  // to question 2
		"2", // wrong
		"1", // right
		"",  // to the summary
	}}
	demo := &fakeDemo{}
	store := OpenStore(t.TempDir(), nil)
	res, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(in), Out: &out, Interactive: true, Width: 60,
		Demo: demo.run, Store: store, Lesson: l, Total: 10, Learner: authored(t, l),
	})
	if err != nil || !res.Completed || !res.Taken {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	got := out.String()
	if strings.Contains(got, "\x1b") {
		t.Errorf("escape codes without Color:\n%q", got)
	}
	if strings.Contains(got, "No more input") {
		t.Errorf("the script ran out early:\n%s", got)
	}

	// Nothing is shown before the learner asked for it.
	steps := []struct{ shown, notYet string }{
		{"Request and response", "<demo"},                         // read 1: title shown, demo not run
		{"<demo http --no-keepalive output>", "Who speaks first"}, // read 2
		{"Who speaks first", "Question 1 of 2"},                   // read 3
		{"Question 1 of 2", "Hint:"},                              // read 4: waiting for an answer
		{"Hint: Think of a browser.", "is not one of"},            // read 5
		{"is not one of the answers", "Not quite"},                // read 6
		{"Not quite. A server only answers.", "Right."},           // read 7
		{"Right. The client sends a request", "Question 2 of 2"},  // read 8
		{"Question 2 of 2", "Not quite. Not by itself"},           // read 9
		{"Not quite. Not by itself", "Right. Stateless"},          // read 10
		{"Right. Stateless", "What you learned"},                  // read 11
	}
	if len(in.seen) < len(steps) {
		t.Fatalf("only %d reads", len(in.seen))
	}
	for i, s := range steps {
		if !strings.Contains(in.seen[i], s.shown) {
			t.Errorf("read %d: %q not shown yet", i+1, s.shown)
		}
		if strings.Contains(in.seen[i], s.notYet) {
			t.Errorf("read %d: %q shown before the learner asked", i+1, s.notYet)
		}
	}
	if !strings.Contains(got, "What you learned") || !strings.Contains(got, "Lesson 1 done") || !store.Done("request-and-response") {
		t.Errorf("end of lesson missing:\n%s", got)
	}
	if len(demo.ran) != 1 {
		t.Errorf("demo ran %d times", len(demo.ran))
	}
	// The prompt before a demo names it.
	if !strings.Contains(got, "[Enter] run wsdemo http --no-keepalive") {
		t.Errorf("no demo prompt:\n%s", got)
	}
}

func TestRunInteractiveEOFFinishesPlain(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out testkit.SyncBuffer
	demo := &fakeDemo{}
	store := OpenStore(t.TempDir(), nil)
	res, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(strings.NewReader("\n")), Out: &out, Interactive: true,
		Demo: demo.run, Store: store, Lesson: l, Learner: authored(t, l),
	})
	if err != nil || !res.Completed || res.Taken {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	got := out.String()
	for _, want := range []string{"No more input", "Answer: 2) The client.", "Answer: 1) No.", "What you learned", "Printed only"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
	// The rest was printed, not read: the lesson is not done, and the place
	// kept is the last one the learner saw on the terminal (the demo).
	if len(demo.ran) != 1 || store.Done("request-and-response") || strings.Contains(got, "Lesson 1 done") {
		t.Errorf("demos %q, done %v", demo.ran, store.Done("request-and-response"))
	}
	if p, ok := store.Position(); !ok || p.Block != 1 {
		t.Errorf("place kept = %+v, %v; want block 1 (the demo)", p, ok)
	}
}

func TestRunInteractiveNilIn(t *testing.T) {
	t.Parallel()
	var out testkit.SyncBuffer
	res, err := Run(context.Background(), RunOptions{Out: &out, Interactive: true, Lesson: fixtureLesson(t)})
	if err != nil || !res.Completed || !strings.Contains(out.String(), "(The demo is not available here. Run it yourself: wsdemo http --no-keepalive)") {
		t.Errorf("Run = %+v, %v\n%s", res, err, out.String())
	}
}

func TestRunQuitAndSkip(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	for _, tt := range []struct {
		name  string
		input string
	}{
		{"quit at first pause", "q\n"},
		{"skip demo then quit", "s\n\n\nQ\n"},
		{"quit in quiz", "\n\n\n1\nquit\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out testkit.SyncBuffer
			demo := &fakeDemo{}
			store := OpenStore(t.TempDir(), nil)
			res, err := Run(context.Background(), RunOptions{
				In: tty.NewInput(strings.NewReader(tt.input)), Out: &out, Interactive: true,
				Demo: demo.run, Store: store, Lesson: l,
			})
			if err != nil || res.Completed {
				t.Fatalf("Run = %+v, %v", res, err)
			}
			got := out.String()
			if !strings.Contains(got, "Stopped. Continue where you stopped with: wsdemo learn") || store.Done("request-and-response") {
				t.Errorf("output:\n%s", got)
			}
			if strings.HasPrefix(tt.input, "s") {
				if len(demo.ran) != 0 || !strings.Contains(got, "Skipped. Run it yourself any time: wsdemo http --no-keepalive") {
					t.Errorf("skip: demos %q\n%s", demo.ran, got)
				}
			}
		})
	}
}

func TestRunCancelWhileWaiting(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pw.Close() // releases the reading goroutine
	var out testkit.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, RunOptions{In: tty.NewInput(pr), Out: &out, Interactive: true, Lesson: fixtureLesson(t)})
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "[Enter]") {
		if time.Now().After(deadline) {
			t.Fatal("no prompt")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if strings.Contains(out.String(), "Who speaks first") {
		t.Error("advanced without input")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestRunDemoProblems(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out, errOut testkit.SyncBuffer
	demo := &fakeDemo{fail: errors.New("listen: boom")}
	res, err := Run(context.Background(), RunOptions{Out: &out, Err: &errOut, Demo: demo.run, Lesson: l})
	if err != nil || !res.Completed {
		t.Fatalf("a failing demo stopped the lesson: %+v, %v", res, err)
	}
	if !strings.Contains(errOut.String(), `demo "wsdemo http --no-keepalive" failed: listen: boom`) || !strings.Contains(out.String(), "try it again later") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}

	out, errOut = testkit.SyncBuffer{}, testkit.SyncBuffer{}
	demo = &fakeDemo{}
	_, err = Run(context.Background(), RunOptions{
		Out: &out, Err: &errOut, Demo: demo.run, Lesson: l,
		ValidateDemoArgs: func(args []string) error { return fmt.Errorf("unknown flag %s", args[1]) },
	})
	if err != nil || len(demo.ran) != 0 || !strings.Contains(errOut.String(), "unknown flag --no-keepalive") {
		t.Errorf("validate: %v, ran %q, stderr %s", err, demo.ran, errOut.String())
	}

	// A demo interrupted by Ctrl-C ends the lesson with the context's error.
	ctx, cancel := context.WithCancel(context.Background())
	interrupted := func(ctx context.Context, _ []string, _ io.Writer) error { cancel(); return ctx.Err() }
	if _, err := Run(ctx, RunOptions{Demo: interrupted, Lesson: l}); !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted demo: err = %v", err)
	}
	if _, err := Run(context.Background(), RunOptions{}); err == nil {
		t.Error("no lesson: no error")
	}
}

func TestRunInteractiveColor(t *testing.T) {
	t.Parallel()
	var out testkit.SyncBuffer
	_, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(strings.NewReader("")), Out: &out, Interactive: true, Color: true, Width: 50,
		Lesson: fixtureLesson(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\x1b[") {
		t.Error("no colour in an interactive colour run")
	}
}

func TestRunWrapsToWidth(t *testing.T) {
	t.Parallel()
	src := "---\nminutes: 5\n---\n# T\n\n" + strings.Repeat("word ", 60) + "\n\n## What you learned\n\nx\n"
	l, err := Parse("en/01-wrap.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out testkit.SyncBuffer
	if _, err := Run(context.Background(), RunOptions{In: tty.NewInput(strings.NewReader("\n\n")), Out: &out, Interactive: true, Width: 40, Lesson: l}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "word") && len([]rune(line)) > 40 {
			t.Errorf("line wider than 40: %q", line)
		}
	}
}

func TestRunNoPauseAfterBareHeading(t *testing.T) {
	t.Parallel()
	src := "---\nminutes: 5\n---\n# T\n\nIntro.\n\n## Check yourself\n\n```quiz\nQ?\n- [x] a\n  why: b\n- [ ] c\n  why: d\n```\n\n## What you learned\n\nx\n"
	l, err := Parse("en/01-t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out testkit.SyncBuffer
	in := &scriptIn{out: &out, lines: []string{"", "1", ""}}
	res, err := Run(context.Background(), RunOptions{In: tty.NewInput(in), Out: &out, Interactive: true, Lesson: l})
	if err != nil || !res.Completed {
		t.Fatalf("Run = %+v, %v\n%s", res, err, out.String())
	}
	// Read 2 is the answer: the heading and the question came after one Enter.
	if len(in.seen) < 2 || !strings.Contains(in.seen[1], "Check yourself") || !strings.Contains(in.seen[1], "Question 1 of 1") {
		t.Errorf("reads: %q", in.seen)
	}
}

func TestRunPlainKeepsBlankLineAfterHeading(t *testing.T) {
	t.Parallel()
	src := "---\nminutes: 5\n---\n# T\n\n## Check yourself\n\n```quiz\nQ?\n- [x] a\n  why: b\n- [ ] c\n  why: d\n```\n\n## What you learned\n\nx\n"
	l, err := Parse("en/01-t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out testkit.SyncBuffer
	if _, err := Run(context.Background(), RunOptions{Out: &out, Lesson: l}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "## Check yourself\n\nQuestion 1 of 1: Q?") {
		t.Errorf("output:\n%s", out.String())
	}
}

// wordsOf returns the words (runs of letters, lowercased) in s.
func wordsOf(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		out[f] = true
	}
	return out
}

// runnerEnglish are words of the runner's English phrases that no
// Portuguese one has: one of them in a pt-BR run is an English phrase that
// was not translated.
var runnerEnglish = []string{"lesson", "lessons", "question", "quit", "answer", "hint", "skip", "run",
	"minutes", "about", "done", "next", "stopped", "right", "quite", "try", "another", "type", "number", "your",
	"show", "the", "and", "with", "demo", "printed", "only", "counts", "when", "go", "through", "it", "any", "time"}

// englishOnly returns runnerEnglish, leaving out the words of except (the
// lesson's own text).
func englishOnly(except string) map[string]bool {
	pt := wordsOf(except)
	out := map[string]bool{}
	for _, w := range runnerEnglish {
		if !pt[w] {
			out[w] = true
		}
	}
	return out
}

// TestRunPortuguese runs a Portuguese lesson with Lang "pt-BR" every way the
// runner can go: piped, interactive to the end with hints, wrong and bad
// answers, interactive with a skipped demo and a quit, input ending midway,
// and demos that fail, are invalid or are missing. All of it is in
// Portuguese: no word of the runner's English phrases shows.
func TestRunPortuguese(t *testing.T) {
	t.Parallel()
	l, err := Parse("pt-BR/01-request-and-response.md", []byte(fixturePT))
	if err != nil {
		t.Fatal(err)
	}
	demo := func(_ context.Context, args []string, out io.Writer) error {
		fmt.Fprintf(out, "<saída de %s>\n", strings.Join(args, " "))
		return nil
	}
	failing := func(context.Context, []string, io.Writer) error { return errors.New("listen: boom") }
	stopped := func(context.Context, []string, io.Writer) error { return ErrDemoStopped }
	invalid := func([]string) error { return errors.New("unknown flag") }
	run := func(o RunOptions) string {
		t.Helper()
		var out testkit.SyncBuffer
		o.Out, o.Lesson, o.Total, o.Lang = &out, l, 10, "pt-BR"
		o.Store, o.Learner = OpenStore(t.TempDir(), nil), authored(t, l)
		if _, err := Run(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	outputs := map[string]string{
		"piped": run(RunOptions{In: tty.NewInput(strings.NewReader("")), Demo: demo}),
		"interactive": run(RunOptions{Interactive: true, Demo: demo,
			In: tty.NewInput(strings.NewReader("\n\n\nh\n\n9\n1\n2\n\nh\n1\n\n"))}),
		"skip and quit": run(RunOptions{Interactive: true, Demo: demo, In: tty.NewInput(strings.NewReader("s\n\nq\n"))}),
		"input ends":    run(RunOptions{Interactive: true, Demo: demo, In: tty.NewInput(strings.NewReader("\n\n\n"))}),
		"demo fails":    run(RunOptions{Demo: failing}),
		"demo stopped":  run(RunOptions{Interactive: true, Demo: stopped, In: tty.NewInput(strings.NewReader("\n\n"))}),
		"demo invalid":  run(RunOptions{Demo: demo, ValidateDemoArgs: invalid}),
		"no demo":       run(RunOptions{}),
	}
	for name, want := range map[string][]string{
		"piped": {
			"Lição 1 de 10 · cerca de 6 minutos\n",
			"$ wsdemo http\n<saída de http>",
			"Pergunta 1 de 2: Quem envia a primeira mensagem no HTTP/1.1?\n  1) O servidor.\n  2) O cliente.\nResposta: 2) O cliente.\n  Por quê: O cliente envia um pedido, e o servidor responde.",
			"Pergunta 2 de 2: O servidor se lembra de você?",
			"(Só impressa: uma lição conta como concluída quando você a faz num terminal, com\nwsdemo learn 1.)",
		},
		"interactive": {
			"Lição 1 de 10 · cerca de 6 minutos · Enter para seguir, q para sair",
			"[Enter] executar wsdemo http  [s] pular  [q] sair > ",
			"[Enter] continuar  [q] sair > ",
			"[Enter] teste: pergunta 1 de 2  [q] sair > ",
			"[Enter] teste: pergunta 2 de 2  [q] sair > ",
			"Pergunta 1 de 2.",
			"Sua resposta [1-2]  [h] dica  [q] sair > ",
			"Dica: Pense em um navegador.",
			"Digite o número da sua resposta, de 1 a 2.",
			`"9" não é uma das respostas: digite um número de 1 a 2.`,
			"✗ Ainda não. Um servidor só responde.",
			"Tente outra resposta.",
			"✓ Certo! O cliente envia um pedido",
			"Esta pergunta não tem dica.",
			"✓ Lição 1 concluída: Pedido e resposta",
		},
		"skip and quit": {
			"Demonstração pulada. Execute você mesmo quando quiser: wsdemo http",
			"Lição interrompida. Para continuar de onde parou: wsdemo learn",
		},
		"input ends": {"(Acabou a entrada: mostrando o resto da lição sem parar.)", "Resposta: 1) Não."},
		"demo fails": {"(A demonstração não terminou. A lição continua; tente de novo mais tarde com:\nwsdemo http)"},
		"demo stopped": {
			"(Diagramas: explicações em português; nomes e rótulos do protocolo em inglês.)\n$ wsdemo http\n",
			"Demonstração interrompida. Execute de novo quando quiser: wsdemo http\n",
			"[Enter] continuar  [q] sair > ",
		},
		"demo invalid": {"(Esta demonstração não pôde ser executada: wsdemo http)"},
		"no demo":      {"(A demonstração não está disponível aqui. Execute você mesmo: wsdemo http)"},
	} {
		for _, w := range want {
			if !strings.Contains(outputs[name], w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, outputs[name])
			}
		}
	}
	english := englishOnly(fixturePT)
	for name, out := range outputs {
		for w := range wordsOf(out) {
			if english[w] {
				t.Errorf("%s: English word %q in the Portuguese output:\n%s", name, w, out)
			}
		}
	}
}

// q at a step of a demo stops the demo, not the lesson: the runner says so,
// waits as after any demo, and goes on with the next block.
func TestRunDemoStoppedGoesOn(t *testing.T) {
	t.Parallel()
	l := fixtureLesson(t)
	var out, errOut testkit.SyncBuffer
	in := &scriptIn{out: &out, lines: []string{
		"", // run the demo; it stops (the learner typed q at a step)
		"", // after the demo: next section
	}}
	stopped := func(_ context.Context, _ []string, out io.Writer) error {
		fmt.Fprintln(out, "<first step of the demo>")
		return fmt.Errorf("http: %w", ErrDemoStopped)
	}
	store := OpenStore(t.TempDir(), nil)
	res, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(in), Out: &out, Err: &errOut, Interactive: true,
		Demo: stopped, Store: store, Lesson: l,
	})
	if err != nil || !res.Completed {
		t.Fatalf("Run = %+v, %v\n%s", res, err, out.String())
	}
	if len(in.seen) < 2 {
		t.Fatalf("only %d reads:\n%s", len(in.seen), out.String())
	}
	// Read 2 is the pause after the stopped demo: the learner has read that
	// it stopped, and the next section has not come yet.
	seen := in.seen[1]
	for _, want := range []string{
		"<first step of the demo>\nDemo stopped. Run it again any time: wsdemo http --no-keepalive\n",
		"[Enter] continue  [q] quit > ",
	} {
		if !strings.Contains(seen, want) {
			t.Errorf("after the stopped demo, screen lacks %q:\n%s", want, seen)
		}
	}
	if strings.Contains(seen, "Who speaks first") {
		t.Errorf("went past the stopped demo without an Enter:\n%s", seen)
	}
	got := out.String()
	if !strings.Contains(got, "Who speaks first") {
		t.Errorf("the lesson did not go on after the stopped demo:\n%s", got)
	}
	if strings.Contains(got, "did not finish") || strings.Contains(got, "Stopped. Continue") || errOut.String() != "" {
		t.Errorf("a stopped demo reported as a failure or a quit:\n%s\nstderr: %s", got, errOut.String())
	}
}

// Where the runner speaks Portuguese and the diagrams do not, it says so
// once a lesson, before the first demo that runs; in English it says nothing.
func TestRunSaysNotesAreEnglishOnce(t *testing.T) {
	t.Parallel()
	demoBlock := "```wsdemo\nwsdemo http\n```\n"
	src := strings.Replace(fixturePT, demoBlock, demoBlock+"\n"+demoBlock, 1)
	l, err := Parse("pt-BR/01-request-and-response.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(AllDemos([]*Lesson{l})) != 2 {
		t.Fatalf("the test lesson has %d demos, want 2", len(AllDemos([]*Lesson{l})))
	}
	demo := func(_ context.Context, _ []string, out io.Writer) error {
		fmt.Fprintln(out, "<diagrama>")
		return ErrDemoStopped
	}
	for _, tc := range []struct {
		lang string
		want int
	}{{"pt-BR", 1}, {"en", 0}} {
		var out testkit.SyncBuffer
		if _, err := Run(context.Background(), RunOptions{Out: &out, Demo: demo, Lesson: l, Lang: tc.lang}); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		said := lang.For(lang.PortugueseBR).F(diagramsLanguage)
		if n := strings.Count(got, said); n != tc.want {
			t.Errorf("%s: said %d times that the notes are in English, want %d:\n%s", tc.lang, n, tc.want, got)
		}
		if tc.want == 1 && !strings.Contains(got, said+"\n$ wsdemo http\n") {
			t.Errorf("%s: not said just before the first demo:\n%s", tc.lang, got)
		}
		if tc.lang == "pt-BR" && strings.Count(got, "Demonstração interrompida. Execute de novo quando quiser: wsdemo http\n") != 2 {
			t.Errorf("%s: stopped demos not reported in Portuguese:\n%s", tc.lang, got)
		}
	}
}

// closedPipe takes n bytes, then fails every write as a pipe whose reader
// has gone does (wsdemo learn 1 | head).
type closedPipe struct{ n int }

func (c *closedPipe) Write(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
	}
	c.n -= len(p)
	return len(p), nil
}

// A lesson whose reader went away stops at the first failed write, with
// that error, and is not completed: no demo runs for nobody, and no
// progress is saved for a lesson nobody read.
func TestRunStopsWhenTheReaderGoesAway(t *testing.T) {
	t.Parallel()
	demo := &fakeDemo{}
	res, err := Run(context.Background(), RunOptions{
		In: tty.NewInput(strings.NewReader("")), Out: &closedPipe{n: 10}, Demo: demo.run, Lesson: fixtureLesson(t), Total: 10,
	})
	if !errors.Is(err, syscall.EPIPE) || res.Completed {
		t.Fatalf("Run = %+v, %v; want not completed, EPIPE", res, err)
	}
	if len(demo.ran) != 0 {
		t.Errorf("ran %d demos after the reader left", len(demo.ran))
	}
	// A demo whose own output hit the closed pipe ends the lesson too.
	demo = &fakeDemo{fail: fmt.Errorf("write diagram: %w", syscall.EPIPE)}
	res, err = Run(context.Background(), RunOptions{
		In: tty.NewInput(strings.NewReader("")), Out: io.Discard, Demo: demo.run, Lesson: fixtureLesson(t), Total: 10,
	})
	if !errors.Is(err, syscall.EPIPE) || res.Completed || len(demo.ran) != 1 {
		t.Fatalf("Run = %+v, %v after %d demos; want it to stop at the first", res, err, len(demo.ran))
	}
}
