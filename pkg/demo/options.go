package demo

import (
	"fmt"
	"strings"
	"time"

	"wsdemo/pkg/lang"
)

// Option names a field of a scenario's options, for a FieldError. Its
// value is the Go field's name; the CLI maps it to its flag (--allow-origin
// for AllowOrigins), so nothing in this package writes flag syntax.
type Option string

// The options a FieldError can name.
const (
	OptAddr         Option = "Addr"    // Common.Addr
	OptTimeout      Option = "Timeout" // Common.Timeout
	OptRTT          Option = "RTT"     // Common.RTT
	OptURL          Option = "URL"
	OptOrigin       Option = "Origin"
	OptAllowOrigins Option = "AllowOrigins"
	OptCase         Option = "Case"
	OptMessages     Option = "Messages"
	OptInterval     Option = "Interval"
	OptInteractive  Option = "Interactive"
	OptTooBig       Option = "TooBig"
	OptEdits        Option = "Edits"
	OptEvery        Option = "Every"
	OptPollInterval Option = "PollInterval"
	OptOnly         Option = "Only"
	OptFrom         Option = "From"
	OptTo           Option = "To"
	OptListen       Option = "Listen"
	OptPageLang     Option = "PageLang"
	OptPath         Option = "Path"
	OptEmit         Option = "Emit"
	OptData         Option = "Data"
	OptAuth         Option = "Auth"
	OptAck          Option = "Ack"
)

// FieldError is an option whose value a scenario cannot run with: each
// options type's Validate returns one, and so does its Run function before
// it starts anything. The CLI turns it into a usage error that names the
// flag (Say), so the rule lives once, on the options.
type FieldError struct {
	// Field is the option whose value is wrong.
	Field Option
	// With are the options Err's words name, in order: for a conflict,
	// those Field cannot be combined with; or an option's value that would
	// do ("--interval 0 turns them off").
	With []Option
	// Err says what is wrong with the value, naming no option itself: the
	// words that follow the option's name. With options in With it holds
	// a %s for each of them, in order.
	Err error
}

func (e *FieldError) Error() string {
	return e.Say(func(o Option) string { return string(o) })
}

// Unwrap returns the cause, for errors.Is.
func (e *FieldError) Unwrap() error { return e.Err }

// Say is the error with each option named by name: "--origin \"x\" is not
// an origin; ..." where Error says "Origin \"x\" is not an origin; ...".
func (e *FieldError) Say(name func(Option) string) string {
	msg := e.Err.Error()
	if len(e.With) > 0 {
		names := make([]any, len(e.With))
		for i, o := range e.With {
			names[i] = name(o)
		}
		msg = fmt.Sprintf(msg, names...)
	}
	return name(e.Field) + " " + msg
}

// fieldErrorf is a FieldError for field whose value breaks a rule.
func fieldErrorf(field Option, format lang.Msg, args ...any) *FieldError {
	return &FieldError{Field: field, Err: lang.Errorf(format, args...)}
}

// builtInOnly is an option of the built-in server given with a URL, which
// runs no built-in server.
func builtInOnly(field Option, why string) *FieldError {
	return &FieldError{Field: field, With: []Option{OptURL}, Err: conflict(why)}
}

// conflict is the words of a FieldError with options in With: they are a
// format, filled in by Say, so they are not formatted anywhere else.
type conflict string

func (c conflict) Error() string { return string(c) }

// ShortDuration writes d as a person would: 24h and 10m rather than
// time.Duration's 24h0m0s and 10m0s.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
