// Package lang is wsdemo's one way to say things in the reader's language:
// the teaching notes, the meanings beside each field, the renderer's own
// words, the lesson runner's prompts. It is golang.org/x/text underneath: a
// language.Matcher picks the language, a message/catalog holds the
// translations, feature/plural chooses plural forms and a message.Printer
// writes numbers the way the language does (1,456 and 0.19 in English;
// 1.456 and 0,19 in Brazilian Portuguese).
//
// The English text is the key, written out at the call site as a whole
// sentence (a fmt format when it has arguments), so the code reads as
// English; a text without a translation is said in English. A key has the
// type Msg, and every Msg is a constant somewhere in the source: a test
// reads the source and checks that each has its translation, and that the
// catalog holds nothing the code no longer says.
//
// Numbers. In a format, %d is a quantity and is grouped by the language
// (1,456 / 1.456); an identifier (a port, a status or close code, a
// connection number, a year) is written %#d and never grouped, so close code
// 1000 never reads "1.000". Floats (%.2f) take the language's decimal
// separator; time.Duration arguments too (1.5s / 1,5s); Count and Millis are
// numbers that format themselves the same way, also through plain fmt
// (in English).
//
// What is not translated on purpose: the protocol's own words (header
// names, methods, status lines, opcodes, frame field names, JSON keys). The
// --json trace stays English: an event carries its summary in English and,
// beside it, the key and arguments (trace.Msg) a renderer says in the
// reader's language. The JSON keeps those too (summary_msg, note_msg ...),
// so that `wsdemo show` can say a saved trace in another language than the
// run's (Text.Again checks what it reads back). A teaching note is said in
// the run's language and kept as its sentences: SetNote and AddNote.
package lang

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"wsdemo/pkg/trace"
)

// The languages wsdemo speaks, as --lang spells them.
const (
	English      = "en"
	PortugueseBR = "pt-BR"
)

// Supported lists the languages in the order a usage message names them.
var Supported = []string{English, PortugueseBR}

// tags are Supported as language tags, in the same order.
var tags = []language.Tag{language.English, language.BrazilianPortuguese}

var matcher = sync.OnceValue(func() language.Matcher { return language.NewMatcher(tags) })

// Match finds the supported language that s asks for, written as a --lang
// value ("pt-BR", "pt-br", "pt") or as $LANG spells a locale
// ("pt_BR.UTF-8"). "", "C" and "POSIX" mean English. ok is false when
// language.Matcher finds no supported language close to s (a High
// confidence match at least: pt-PT reads pt-BR); the language is then
// English.
func Match(s string) (lang string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || strings.EqualFold(s, "C") || strings.EqualFold(s, "POSIX") {
		return English, true
	}
	t, err := language.Parse(s)
	if err != nil {
		return English, false
	}
	_, i, conf := matcher().Match(t)
	if conf < language.High {
		return English, false
	}
	return Supported[i], true
}

// Msg is a text in English: a whole sentence (or label), a fmt format when
// it takes arguments, and the key of its translations. Every Msg value is a
// constant written in the source (TestSourceSaysEveryKey).
type Msg string

// Text says things in one language. The zero value is English.
type Text struct {
	l speaker
}

// speaker is a Text's language: an index into tagOf and printers.
type speaker uint8

const (
	english speaker = iota
	portuguese
	neutral // Trace: English words, numbers as Go writes them
)

// tagOf is each speaker's language tag. Trace's is en-US-POSIX: English
// words and plural rules, and numbers without digit grouping (CLDR's POSIX
// number format).
var tagOf = [3]language.Tag{language.English, language.BrazilianPortuguese, language.MustParse("en-US-u-va-posix")}

// Trace says things as the --json trace carries them, whatever the reader's
// language: in English, with numbers as Go writes them (1456, 0.19), so
// that a tool reading the trace need not know a locale.
var Trace = Text{l: neutral}

// For returns the Text of lang, a language as Match returns it; anything
// else is English. It does no matching of its own: the CLI matches once.
func For(lang string) Text {
	if lang == PortugueseBR {
		return Text{l: portuguese}
	}
	return Text{l: english}
}

// Lang is the language t speaks, as in Supported (Trace speaks English).
func (t Text) Lang() string {
	if t.l == portuguese {
		return PortugueseBR
	}
	return English
}

// printers are built on first use, so a command that says nothing (--help)
// does not pay for the catalog.
var printers = func() (p [3]func() *message.Printer) {
	for i := range p {
		p[i] = sync.OnceValue(func() *message.Printer {
			c := englishCatalogue
			if speaker(i) == portuguese {
				c = portugueseCatalogue
			}
			return message.NewPrinter(tagOf[i], message.Catalog(c()))
		})
	}
	return p
}()

// plainPrinters format without a catalog: English text that has no plural
// forms is its own translation, and needs none compiled.
var plainPrinters = func() (p [3]func() *message.Printer) {
	for i := range p {
		p[i] = sync.OnceValue(func() *message.Printer {
			return message.NewPrinter(tagOf[i], message.Catalog(catalog.NewBuilder()))
		})
	}
	return p
}()

// englishPlural is the set of English texts with plural forms.
var englishPlural = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for k := range enPlurals() {
		m[k] = true
	}
	return m
})

// printer formats format: through the catalog when it has something to say
// of it (any Portuguese text, English plural forms), else plainly.
func (t Text) printer(format Msg) *message.Printer {
	if t.l != portuguese && !englishPlural()[string(format)] {
		return plainPrinters[t.l]()
	}
	return printers[t.l]()
}

// F says format, translated, with args formatted for the language: %d
// groups digits, %#d does not (identifiers), floats take the decimal
// separator, plural forms agree with their numbers. An argument that is a
// Msg or a trace.Msg is said first, in the same language.
func (t Text) F(format Msg, args ...any) string {
	return t.printer(format).Sprintf(string(format), t.localize(args)...)
}

// localize replaces the arguments the printer would not write in the
// language by ones it does: durations, and nested messages.
func (t Text) localize(args []any) []any {
	var out []any
	for i, a := range args {
		var v any
		switch a := a.(type) {
		case time.Duration:
			v = duration(a)
		case trace.Msg:
			v = t.Say(a)
		case Msg:
			v = t.F(a)
		case List:
			v = t.list(a)
		case trace.Number:
			v = number(a)
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = v
	}
	if out == nil {
		return args
	}
	return out
}

// List is an argument that is a list of items (strings, Msgs, trace.Msgs),
// each said in the language of the text it is part of, joined by Sep.
type List = trace.List

func (t Text) list(l List) string {
	items := make([]string, len(l.Items))
	for i, a := range t.localize(l.Items) {
		items[i] = fmt.Sprint(a)
	}
	return strings.Join(items, l.Sep)
}

// M keeps a text as its key and arguments, for a renderer to say later in
// the reader's language (trace.Event.SummaryMsg and the like).
func M(format Msg, args ...any) trace.Msg { return trace.Msg{Format: string(format), Args: args} }

// TraceArg implements trace.Arg: a Msg argument is a trace.Msg in the
// JSON trace.
func (m Msg) TraceArg() any { return M(m) }

// Say says m in t's language; "" for the zero Msg.
func (t Text) Say(m trace.Msg) string {
	if m.Format == "" {
		return ""
	}
	// The one conversion of a string to a Msg: m.Format was a Msg when M
	// made m (TestSourceSaysEveryKey allows it here only).
	return t.F(Msg(m.Format), m.Args...)
}

// Both returns the text of format with args as the --json trace says it
// (Trace), and the same text as a trace.Msg, for the screen.
func Both(format Msg, args ...any) (english string, m trace.Msg) {
	m = M(format, args...)
	return Trace.Say(m), m
}

// Error is an error whose message can be said in the reader's language:
// Error() is English (as Trace says it), Text.Err says it in a Text's
// language.
type Error struct{ m trace.Msg }

// Errorf returns an *Error saying format with args.
func Errorf(format Msg, args ...any) error { return &Error{m: M(format, args...)} }

func (e *Error) Error() string { return Trace.Say(e.m) }

// Sayer is an error (or other value) that can say itself in any language:
// Say returns its text as a trace.Msg.
type Sayer interface{ Say() trace.Msg }

// Say implements Sayer.
func (e *Error) Say() trace.Msg { return e.m }

// Err says err in t's language when it is an *Error or another Sayer, and
// as err.Error() otherwise. A wrapped Sayer is not looked for: its
// wrapper's words would be lost.
func (t Text) Err(err error) string {
	if s, ok := err.(Sayer); ok {
		return t.Say(s.Say())
	}
	return err.Error()
}

// ErrorBoth is Both for an error: its text as Trace says it, and a Msg that says it
// in the reader's language when it is an *Error (otherwise the Msg is
// zero: the text is shown as it is).
func ErrorBoth(err error) (english string, m trace.Msg) {
	if s, ok := err.(Sayer); ok {
		return err.Error(), s.Say()
	}
	return err.Error(), trace.Msg{}
}

// duration writes a time.Duration as Go does (1.5s, 300ms), with the
// language's decimal separator.
type duration time.Duration

func (d duration) Format(s fmt.State, verb rune) {
	out := time.Duration(d).String()
	if isPT(s) {
		out = strings.Replace(out, ".", ",", 1)
	}
	fmt.Fprint(s, out)
}

// isPT says a Brazilian Portuguese message.Printer formats the argument
// (fmt, which does not say its language, is English).
func isPT(s fmt.State) bool { return numbersFor(s).l == portuguese }
