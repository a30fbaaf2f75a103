package trace

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// Msg is a text for people kept as its parts, so that it can be said in
// another language than the one it was made in: Format is the English
// text (a fmt format when it has Args) and the key of its translations;
// Args are its arguments, and an argument that is itself a Msg (or a List
// of them) is said first. Package lang makes and says them; trace carries
// them, and writes and reads their JSON form.
//
// The JSON form (summary_msg, note_msg, check.name_msg, check.detail_msg,
// frame.violation_msg) is the key and the arguments, each argument an
// object whose one key says its kind, so that it formats again exactly as
// it did:
//
//	{"key":"%d of %d edits","args":[{"d":3},{"d":4}]}
//
//	{"d":3}                              an integer (any Go integer type; read back as int64, or uint64 beyond it)
//	{"f":0.19}                           a float64
//	{"s":"text"}                         a string
//	{"dur_ns":1500000}                   a time.Duration
//	{"msg":{"key":...}}                  a Msg
//	{"list":{"sep":", ","items":[...]}}  a List
//	{"ms":0.19}                          a number of a type another package formats (Number): package lang's
//	                                     "ms", "span_ns", "ratio" and "count"
//
// "args" is absent when there are none. A Msg with an argument of any
// other type (or nested deeper than maxDepth) has no JSON form: IsZero
// says so, and the writer leaves it out (or writes null in a list), so the
// trace holds only the text beside it.
//
// Reading ignores what it cannot use (a kind of argument it does not know,
// a Msg that is no object with a key): the Msg is then zero, and the text
// beside it is all there is. Whether a key is one this wsdemo can say, and
// whether the arguments fit its verbs, is package lang's to check.
type Msg struct {
	Format string
	Args   []any
}

// List is a Msg argument that is a list of items (strings, Msgs ...),
// each said in the language of the text it is part of, joined by Sep.
// Package lang names it lang.List.
type List struct {
	Sep   string
	Items []any
}

// Number is a Msg argument of a type that another package defines and
// formats its own way (package lang's Millis, Span, Ratio, Count), as the
// JSON form carries it: Kind names the type ("ms"), Value is the number.
// Reading a trace gives a Number; the package that knows the kind turns it
// back into its type.
type Number struct {
	Kind  string
	Value json.Number
}

// Arg is implemented by Msg argument types of other packages that have a
// JSON form: TraceArg returns what the JSON carries of the value, a Msg, a
// List, a Number or one of the basic types above.
type Arg interface {
	TraceArg() any
}

// maxDepth bounds how deep Msgs and Lists nest, written and read: wsdemo
// nests three deep at most, and a damaged line must not cost more than a
// few passes over it.
const maxDepth = 8

// The kinds of argument trace knows; any other kind is a Number's.
var argKinds = map[string]bool{"d": true, "f": true, "s": true, "dur_ns": true, "msg": true, "list": true}

// msgJSON and listJSON are the JSON forms of a Msg and a List; an
// argument is a map with one key, its kind.
type msgJSON struct {
	Key  string           `json:"key"`
	Args []map[string]any `json:"args,omitempty"`
}

type listJSON struct {
	Sep   string           `json:"sep"`
	Items []map[string]any `json:"items"`
}

// toJSON is m's JSON form, or false when it has none.
func toJSON(m Msg, depth int) (msgJSON, bool) {
	if m.Format == "" || depth > maxDepth {
		return msgJSON{}, false
	}
	j := msgJSON{Key: m.Format}
	if len(m.Args) > 0 {
		j.Args = make([]map[string]any, len(m.Args))
		for i, a := range m.Args {
			kind, v, ok := argJSON(a, depth)
			if !ok {
				return msgJSON{}, false
			}
			j.Args[i] = map[string]any{kind: v}
		}
	}
	return j, true
}

// argJSON is an argument's kind and the value written under it.
func argJSON(a any, depth int) (kind string, v any, ok bool) {
	if x, isArg := a.(Arg); isArg {
		a = x.TraceArg()
	}
	switch a := a.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr:
		return "d", a, true
	case float64:
		return "f", a, !math.IsNaN(a) && !math.IsInf(a, 0)
	case string:
		return "s", a, true
	case time.Duration:
		return "dur_ns", int64(a), true
	case Msg:
		j, ok := toJSON(a, depth+1)
		return "msg", j, ok
	case List:
		if depth+1 > maxDepth {
			return "", nil, false
		}
		l := listJSON{Sep: a.Sep, Items: make([]map[string]any, len(a.Items))}
		for i, item := range a.Items {
			kind, v, ok := argJSON(item, depth+1)
			if !ok {
				return "", nil, false
			}
			l.Items[i] = map[string]any{kind: v}
		}
		return "list", l, true
	case Number:
		_, ok := number(json.RawMessage(a.Value))
		return a.Kind, a.Value, ok && a.Kind != "" && !argKinds[a.Kind]
	}
	return "", nil, false
}

// IsZero reports whether m has no JSON form: no key, or an argument of a
// type the form does not carry. The JSON writer leaves such a Msg out
// (omitzero).
func (m Msg) IsZero() bool {
	_, ok := toJSON(m, 0)
	return !ok
}

// MarshalJSON implements json.Marshaler: m's JSON form, or null when it
// has none (IsZero).
func (m Msg) MarshalJSON() ([]byte, error) {
	j, ok := toJSON(m, 0)
	if !ok {
		return []byte("null"), nil
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler. It never fails: what is not a
// Msg's JSON form, or holds an argument of a kind it does not know, reads
// as the zero Msg.
func (m *Msg) UnmarshalJSON(b []byte) error {
	*m = decodeMsg(b, 0)
	return nil
}

// decodeMsg reads a Msg's JSON form; the zero Msg when b is none.
func decodeMsg(b []byte, depth int) Msg {
	if depth > maxDepth {
		return Msg{}
	}
	var j struct {
		Key  string                       `json:"key"`
		Args []map[string]json.RawMessage `json:"args"`
	}
	if json.Unmarshal(b, &j) != nil || j.Key == "" {
		return Msg{}
	}
	var args []any
	if len(j.Args) > 0 {
		args = make([]any, len(j.Args))
		for i, raw := range j.Args {
			a, ok := decodeArg(raw, depth)
			if !ok {
				return Msg{}
			}
			args[i] = a
		}
	}
	// Reading a key from a trace is the one place a Msg is made from a
	// string that was not a constant in this source: package lang says it
	// only if it is a key of its catalog (pkg/lang's source test allows
	// it here).
	return Msg{Format: j.Key, Args: args}
}

// decodeArg reads one argument: an object with one key, its kind.
func decodeArg(arg map[string]json.RawMessage, depth int) (any, bool) {
	if len(arg) != 1 {
		return nil, false
	}
	for kind, raw := range arg {
		if string(raw) == "null" {
			return nil, false
		}
		switch kind {
		case "d":
			n, ok := number(raw)
			if !ok {
				return nil, false
			}
			if i, err := n.Int64(); err == nil {
				return i, true
			}
			u, err := strconv.ParseUint(string(n), 10, 64)
			return u, err == nil
		case "f":
			var f float64
			return f, json.Unmarshal(raw, &f) == nil
		case "s":
			var s string
			return s, json.Unmarshal(raw, &s) == nil
		case "dur_ns":
			var ns int64
			return time.Duration(ns), json.Unmarshal(raw, &ns) == nil
		case "msg":
			m := decodeMsg(raw, depth+1)
			return m, m.Format != ""
		case "list":
			if depth+1 > maxDepth {
				return nil, false
			}
			var l struct {
				Sep   string                       `json:"sep"`
				Items []map[string]json.RawMessage `json:"items"`
			}
			if json.Unmarshal(raw, &l) != nil {
				return nil, false
			}
			items := make([]any, len(l.Items))
			for i, item := range l.Items {
				a, ok := decodeArg(item, depth+1)
				if !ok {
					return nil, false
				}
				items[i] = a
			}
			return List{Sep: l.Sep, Items: items}, true
		default:
			n, ok := number(raw)
			return Number{Kind: kind, Value: n}, ok && kind != ""
		}
	}
	return nil, false
}

// number reads a JSON number (not a string holding one, which
// json.Number would also take).
func number(raw json.RawMessage) (json.Number, bool) {
	if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return "", false
	}
	var n json.Number
	return n, json.Unmarshal(raw, &n) == nil
}
