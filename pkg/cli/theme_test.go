package cli

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"wsdemo/internal/theme"
	"wsdemo/pkg/lang"
)

// --theme, then $WSDEMO_THEME, then the terminal: the diagram is drawn with
// the palette of the background that wins. A bad value is a usage error,
// and the terminal is never asked when no colour will be drawn (asking
// writes to it and reads its answer from stdin).
func TestThemeChoice(t *testing.T) {
	dark, light := "38;5;"+theme.Dark.Palette().Muted+"m", "38;5;"+theme.Light.Palette().Muted+"m"
	for _, tc := range []struct {
		name     string
		args     []string
		env      string
		detected theme.Theme
		tty      bool
		want     string // a colour only that theme draws; "" for no colour
		asked    bool
	}{
		{"default dark", nil, "", theme.Dark, true, dark, true},
		{"the terminal says light", nil, "", theme.Light, true, light, true},
		{"--theme light", []string{"--theme", "light"}, "", theme.Dark, true, light, false},
		{"--theme dark beats the terminal", []string{"--theme", "dark"}, "", theme.Light, true, dark, false},
		{"WSDEMO_THEME=light", nil, "light", theme.Dark, true, light, false},
		{"--theme auto asks despite WSDEMO_THEME", []string{"--theme", "auto"}, "dark", theme.Light, true, light, true},
		{"--theme beats WSDEMO_THEME", []string{"--theme", "dark"}, "light", theme.Light, true, dark, false},
		{"no colour, no question", nil, "", theme.Light, false, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, out, errOut := Test()
			ios.StdoutTTY = tc.tty
			ios.ThemeEnv = tc.env
			asked := false
			ios.DetectTheme = func() theme.Theme { asked = true; return tc.detected }
			if code := Run(t.Context(), ios, append([]string{"http"}, tc.args...)); code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got := out.String()
			switch {
			case tc.want == "" && strings.Contains(got, "\x1b["):
				t.Errorf("colour without a terminal")
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("the diagram lacks %q (the %s palette)", tc.want, tc.name)
			}
			if asked != tc.asked {
				t.Errorf("asked the terminal: %v, want %v", asked, tc.asked)
			}
		})
	}
	for _, tc := range []struct {
		args []string
		env  string
		err  string
	}{
		{[]string{"http", "--theme", "blue"}, "", `wsdemo: --theme: "blue" is not a theme: use auto, dark or light`},
		{[]string{"http"}, "solarized", `wsdemo: $WSDEMO_THEME: "solarized" is not a theme: use auto, dark or light`},
		{[]string{"lessons", "--theme", "blue"}, "", `wsdemo: --theme: "blue" is not a theme`},
	} {
		t.Setenv("WSDEMO_HOME", t.TempDir())
		ios, _, _, errOut := Test()
		ios.ThemeEnv = tc.env
		if code := Run(t.Context(), ios, tc.args); code != ExitUsage || !strings.Contains(errOut.String(), tc.err) {
			t.Errorf("%v (env %q): exit %d, stderr %q; want 2 and %q", tc.args, tc.env, code, errOut, tc.err)
		}
	}
}

func TestThemeFromCOLORFGBG(t *testing.T) {
	for v, want := range map[string]theme.Theme{
		"":             theme.Dark,
		"15;0":         theme.Dark,
		"0;15":         theme.Light,
		"0;7":          theme.Light,
		"15;default;0": theme.Dark,
		"0;default;15": theme.Light,
		"7;8":          theme.Dark, // bright black is a dark grey
		"junk":         theme.Dark,
	} {
		if got := themeFromCOLORFGBG(v); got != want {
			t.Errorf("COLORFGBG=%q: %v, want %v", v, got, want)
		}
	}
}

// Inside tmux or screen the terminal is not asked: $COLORFGBG decides if it
// says something, and otherwise the theme is dark and a guess.
func TestDetectThemeInsideAMultiplexer(t *testing.T) {
	for _, tc := range []struct {
		term, fgbg string
		ask        bool
		want       theme.Theme
		guessed    bool
	}{
		{"tmux-256color", "", true, theme.Dark, true},
		{"screen", "", true, theme.Dark, true},
		{"tmux-256color", "0;15", true, theme.Light, false},
		{"tmux-256color", "15;0", true, theme.Dark, false},
		{"tmux-256color", "", false, theme.Dark, false}, // no colour drawn: nothing to say
		{"xterm", "0;15", false, theme.Light, false},
	} {
		env := map[string]string{"TERM": tc.term, "COLORFGBG": tc.fgbg}
		got, guessed := detectTheme(nil, tc.ask, func(k string) string { return env[k] })
		if got != tc.want || guessed != tc.guessed {
			t.Errorf("TERM=%s COLORFGBG=%q ask=%v: %v (guessed %v), want %v (guessed %v)", tc.term, tc.fgbg, tc.ask, got, guessed, tc.want, tc.guessed)
		}
	}
}

// A guessed theme is said on stderr, in the run's language, with the way
// to choose the other one; once a run, even when a lesson's demos (copies
// of the streams) settle their theme again; never when --theme or
// $WSDEMO_THEME chose.
func TestThemeGuessSaidOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"http"}, "", "wsdemo: colours for a dark background: inside tmux or screen wsdemo cannot ask the terminal which background it has. On a light background, use --theme light (or set WSDEMO_THEME=light).\n"},
		{[]string{"http", "--lang", "pt-BR"}, "", "wsdemo: cores para fundo escuro: dentro do tmux ou do screen o wsdemo não consegue perguntar ao terminal qual é o fundo. Se o seu fundo for claro, use --theme light (ou defina WSDEMO_THEME=light).\n"},
		{[]string{"http", "--theme", "dark"}, "", ""},
		{[]string{"http"}, "light", ""},
	} {
		ios, _, _, errOut := Test()
		ios.Width = 300 // one line, for the comparison
		ios.StdoutTTY = true
		ios.ThemeEnv = tc.env
		ios.themeHint = new(sync.Once)
		ios.DetectTheme = func() theme.Theme { return theme.Dark }
		ios.ThemeGuessed = func() bool { return true }
		if code := Run(t.Context(), ios, tc.args); code != ExitOK {
			t.Fatalf("%q: exit %d: %s", tc.args, code, errOut)
		}
		if tc.want != "" {
			child := *ios // as a lesson's demo copies them
			child.sayThemeGuess(theme.Dark, "en")
		}
		if errOut.String() != tc.want {
			t.Errorf("%q: stderr %q, want %q", tc.args, errOut, tc.want)
		}
	}
}

// The command line speaks pt-BR when --lang (or $LANG) says so: the help's
// headings, the commands' summaries and the global flags, a usage error and
// the line under it, "interrupted". Protocol tokens and flag names stay.
func TestCommandLineSpeaksPortuguese(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		env     string
		out     []string
		errOut  []string
		english []string
	}{
		{args: []string{"--help", "--lang", "pt-BR"},
			out:     []string{"Comandos disponíveis:", "Opções:", "Idas e voltas REST", "Lições guiadas no terminal", "Primeira vez? Comece pelas lições:", "para saber mais sobre um comando."},
			english: []string{"Available Commands", "Flags:", "REST round trips", "New here?"}},
		{args: []string{"http", "--help"}, env: "pt-BR",
			out:     []string{"Uso:", "Exemplos:", "ajuda do http", "imprime o trace como linhas JSON"},
			english: []string{"Usage:", "Examples:", "help for http", "print the trace as JSON"}},
		{args: []string{"learn", "--help", "--lang", "pt-BR"},
			out:     []string{"Sem argumento, o learn continua", "# a lição 4", "marca a lição (ou, sem uma, todas as lições)"},
			english: []string{"Without an argument", "# lesson 4", "mark the lesson"}},
		{args: []string{"http", "--help", "--lang", "pt-BR"},
			out:     []string{"Inicia uma pequena API REST", "abre uma conexão TCP nova"},
			english: []string{"Start a small notes", "open a new TCP connection"}},
		{args: []string{"duplex", "--help", "--lang", "pt-BR"},
			out:     []string{"uma via de mão dupla", "/close [cód] [motivo]", "envia as linhas que você digita"},
			english: []string{"two-way road", "send the lines you type"}},
		{args: []string{"handshake", "--help", "--lang", "pt-BR"},
			out:     []string{"o handshake de abertura da RFC 6455 §4", "bad-key: uma chave que não tem 16 bytes (400)", "envia um handshake quebrado: CASE é um de"},
			english: []string{"Start the demo server", "a key that is not 16 bytes", "send a broken handshake"}},
		{args: []string{"http", "--delay", "-1s", "--lang=pt-BR"},
			errOut:  []string{"wsdemo: --delay não pode ser negativo, veio -1s\n", "Rode 'wsdemo http --help' para ver como usar.\n"},
			english: []string{"must not be negative", "for usage"}},
		{args: []string{"duplex", "--url", "ws://127.0.0.1:1/", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: conectar a ws://127.0.0.1:1/: conexão recusada\n", "dica: nada está escutando ali; confira o host e a porta"},
			english: []string{"connect to", "connection refused", "hint:", "nothing is listening"}},
		{args: []string{"http", "--bogus", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: opção desconhecida: --bogus\n"},
			english: []string{"unknown flag"}},
		{args: []string{"htp", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: comando desconhecido \"htp\" para \"wsdemo\"; você quis dizer http?\n"},
			english: []string{"unknown command", "Did you mean"}},
		{args: []string{"duplex", "--messages", "x", "--json=maybe", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: --messages \"x\" não é um número inteiro\n"},
			english: []string{"invalid argument", "strconv"}},
		{args: []string{"duplex", "--json=maybe", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: --json \"maybe\": diga true ou false\n"},
			english: []string{"invalid argument", "strconv"}},
		{args: []string{"proxy", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: proxy precisa de --to: o endereço do seu próprio servidor\n", "dica: rode o seu app (por exemplo na porta 3000), depois: wsdemo proxy --to 127.0.0.1:3000\n"},
			english: []string{"needs --to", "run your app"}},
		{args: []string{"decode", "zz", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: não é hex: \"zz\" (item 1)\n", "dica: escreva os bytes como pares de dígitos hex"},
			english: []string{"not hex", "token", "write the bytes"}},
		{args: []string{"help", "nope", "--lang", "pt-BR"},
			out:     []string{"Tópico de ajuda desconhecido \"nope\"\n", "Uso:"},
			english: []string{"Unknown help topic"}},
		{args: []string{"duplex", "--messages", "0", "--lang", "pt-BR"},
			errOut:  []string{"wsdemo: --messages precisa ser de 1 a 1000, veio 0\n"},
			english: []string{"must be", "got 0"}},
		{args: []string{"nope"}, env: "pt-BR",
			errOut:  []string{"dica: os comandos são learn"},
			english: []string{"hint: the commands"}},
	} {
		ios, _, out, errOut := Test()
		ios.Lang = tc.env
		Run(t.Context(), ios, tc.args)
		for _, w := range tc.out {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%q: stdout lacks %q:\n%s", tc.args, w, out)
			}
		}
		for _, w := range tc.errOut {
			if !strings.Contains(errOut.String(), w) {
				t.Errorf("%q: stderr lacks %q:\n%s", tc.args, w, errOut)
			}
		}
		for _, w := range tc.english {
			if strings.Contains(out.String()+errOut.String(), w) {
				t.Errorf("%q: English %q left:\n%s%s", tc.args, w, out, errOut)
			}
		}
	}
	var b strings.Builder
	if code := report(&b, context.Canceled, "wsdemo http", stoppedBy{syscall.SIGINT}, lang.For(lang.PortugueseBR)); code != ExitInterrupted || b.String() != "wsdemo: interrompido\n" {
		t.Errorf("interrupted in pt-BR: exit %d, %q", code, b.String())
	}
}

// Every command's help, under pt-BR, is Portuguese: its text, its examples'
// comments, its flags, the headings. What is typed stays as typed, so it is
// set aside before looking for English: the command lines of the examples
// and of the usage line (their comments are kept), flags, command names and
// hyphenated values (not-get, long-poll); and an example that switches to
// English (--lang en) may say so in English.
func TestEveryHelpSpeaksPortuguese(t *testing.T) {
	ios0, _, _, _ := Test()
	root := NewRootCmd(ios0)
	cmds := [][]string{{}}
	var names []string
	for _, c := range root.Commands() {
		cmds = append(cmds, []string{c.Name()})
		names = append(names, c.Name())
	}
	if len(cmds) < 15 {
		t.Fatalf("only %d commands: %q", len(cmds), cmds)
	}
	commandLine := regexp.MustCompile(`^(\s*(?:\d+\.\s+)?(?:wsdemo|xxd) [^#]*)`)
	typed := regexp.MustCompile(`(^|\s|\()(--?[\w-]+|[a-z]+(?:-[a-z]+)+|` + strings.Join(names, "|") + `)\b`)
	for _, c := range cmds {
		ios, _, out, errOut := Test()
		args := append(c, "--help", "--lang", "pt-BR")
		if code := Run(t.Context(), ios, args); code != ExitOK {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		// cobra's and pflag's own words, which are not in englishStopWords.
		for _, w := range []string{"(default", "[flags]", "Help about"} {
			if strings.Contains(out.String(), w) {
				t.Errorf("%q: %q left", args, w)
			}
		}
		var kept []string
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.Contains(line, "--lang en") {
				continue
			}
			line = commandLine.ReplaceAllString(line, "")
			kept = append(kept, typed.ReplaceAllString(line, "$1"))
		}
		if found := englishIn(strings.Join(kept, "\n")); len(found) > 0 {
			t.Errorf("%q: English left:\n  %s", args, strings.Join(found, "\n  "))
		}
	}
}
