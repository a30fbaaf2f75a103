package lang

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"wsdemo/pkg/trace"
)

// numbers writes the numbers of one language: a message.Printer without a
// catalog, so it only formats.
type numbers struct {
	p *message.Printer
	l speaker
}

var numberPrinters = func() (p [3]func() numbers) {
	for i := range p {
		p[i] = sync.OnceValue(func() numbers { return numbers{p: message.NewPrinter(tagOf[i]), l: speaker(i)} })
	}
	return p
}()

// numbersOf returns the number writer for tag: Brazilian Portuguese for any
// Portuguese, Trace's for the POSIX variant, English otherwise.
func numbersOf(tag language.Tag) numbers {
	if base, _ := tag.Base(); base.String() == "pt" {
		return numberPrinters[portuguese]()
	}
	for _, v := range tag.Variants() {
		if v.String() == "posix" {
			return numberPrinters[neutral]()
		}
	}
	if tag == tagOf[neutral] {
		return numberPrinters[neutral]()
	}
	return numberPrinters[english]()
}

func (t Text) numbers() numbers { return numberPrinters[t.l]() }

// numbersFor is the number writer of whoever formats an argument: a
// message.Printer says its language; plain fmt is English (the CLI's error
// messages are written with fmt).
func numbersFor(s fmt.State) numbers {
	if l, ok := s.(interface{ Language() language.Tag }); ok {
		return numbersOf(l.Language())
	}
	return numberPrinters[english]()
}

// Count is a quantity (bytes, requests) that groups its digits in the
// language that formats it: 1,456 in English and in plain fmt, 1.456 in
// Brazilian Portuguese, 1456 in the --json trace (Trace).
type Count int64

// Format implements fmt.Formatter.
func (c Count) Format(s fmt.State, verb rune) {
	fmt.Fprint(s, numbersFor(s).p.Sprintf("%d", int64(c)))
}

// Millis is a measured time in milliseconds, written with the precision
// its size deserves (0.19, 12.3, 340) and the language's separators.
type Millis float64

// Format implements fmt.Formatter.
func (m Millis) Format(s fmt.State, verb rune) {
	fmt.Fprint(s, numbersFor(s).millis(float64(m)))
}

func (n numbers) millis(v float64) string {
	switch {
	case v >= 100 || v <= -100:
		return n.p.Sprintf("%.0f", v)
	case v >= 10 || v <= -10:
		return n.p.Sprintf("%.1f", v)
	}
	return n.p.Sprintf("%.2f", v)
}

// Int writes a quantity with the language's digit grouping.
func (t Text) Int(n int64) string { return t.numbers().p.Sprintf("%d", n) }

// Millis writes a time in milliseconds as the Millis type does.
func (t Text) Millis(v float64) string { return t.numbers().millis(v) }

// Fixed writes v with prec decimals, grouped, in the language.
func (t Text) Fixed(v float64, prec int) string { return t.numbers().p.Sprintf("%.*f", prec, v) }

// Ratio is how many times one quantity is another: one decimal under 10
// (3.4), none from 10 (340), in the language's numbers.
type Ratio float64

// Format implements fmt.Formatter.
func (r Ratio) Format(s fmt.State, verb rune) {
	p := numbersFor(s).p
	if r < 10 {
		fmt.Fprint(s, p.Sprintf("%.1f", float64(r)))
		return
	}
	fmt.Fprint(s, p.Sprintf("%.0f", float64(r)))
}

// Span is a short time between two events, written as the close summaries
// write it: milliseconds with two decimals under a second (0.41 ms),
// seconds with two decimals from one (1.00 s), in the language's numbers.
type Span time.Duration

// Format implements fmt.Formatter.
func (d Span) Format(s fmt.State, verb rune) {
	p := numbersFor(s).p
	if time.Duration(d) < time.Second {
		fmt.Fprint(s, p.Sprintf("%.2f ms", float64(time.Duration(d).Microseconds())/1000))
		return
	}
	fmt.Fprint(s, p.Sprintf("%.2f s", time.Duration(d).Seconds()))
}

// The kinds of the numbers above in the JSON trace (trace.Number): each
// formats itself, so a saved trace keeps its type to say it again as the
// run did.
const (
	kindCount = "count"
	kindMs    = "ms"
	kindRatio = "ratio"
	kindSpan  = "span_ns"
)

// TraceArg implements trace.Arg.
func (c Count) TraceArg() any { return intNumber(kindCount, int64(c)) }

// TraceArg implements trace.Arg.
func (m Millis) TraceArg() any { return floatNumber(kindMs, float64(m)) }

// TraceArg implements trace.Arg.
func (r Ratio) TraceArg() any { return floatNumber(kindRatio, float64(r)) }

// TraceArg implements trace.Arg.
func (d Span) TraceArg() any { return intNumber(kindSpan, int64(d)) }

func intNumber(kind string, v int64) trace.Number {
	return trace.Number{Kind: kind, Value: json.Number(strconv.FormatInt(v, 10))}
}

// floatNumber writes v as encoding/json would; NaN and infinities, which
// JSON has no number for, are no trace.Number (the trace leaves the text's
// Msg out).
func floatNumber(kind string, v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	b, _ := json.Marshal(v)
	return trace.Number{Kind: kind, Value: json.Number(b)}
}

// numberOf is a trace.Number read back from a saved trace as the type it was
// written from; ok false for a kind this wsdemo does not know or a value
// that does not fit it.
func numberOf(n trace.Number) (v any, ok bool) {
	switch n.Kind {
	case kindCount, kindSpan:
		i, err := n.Value.Int64()
		if err != nil {
			return nil, false
		}
		if n.Kind == kindCount {
			return Count(i), true
		}
		return Span(i), true
	case kindMs, kindRatio:
		f, err := n.Value.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		if n.Kind == kindMs {
			return Millis(f), true
		}
		return Ratio(f), true
	}
	return nil, false
}

// number is numberOf for the printer: a Number it does not know is written
// as its value.
func number(n trace.Number) any {
	if v, ok := numberOf(n); ok {
		return v
	}
	return string(n.Value)
}
