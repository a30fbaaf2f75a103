package trace

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// number is an argument type of another package, as lang's Millis is.
type millis float64

func (m millis) TraceArg() any {
	b, _ := json.Marshal(float64(m))
	return Number{Kind: "ms", Value: json.Number(b)}
}

// Every kind of argument is written as the README says, and reads back as
// the value it formats the same as (integers as int64, or uint64 beyond),
// and the line written again is the same bytes.
func TestMsgJSONRoundTrips(t *testing.T) {
	t.Parallel()
	e := Event{Seq: 1, Kind: KindNote, Summary: "s",
		SummaryMsg: Msg{Format: "%d of %d, %s, %.2f, %v, %v, %s, %s, %v, %q", Args: []any{
			3, uint8(200), "a <b> & \"c\"", 0.19, 1500 * time.Millisecond, uint64(math.MaxUint64),
			Msg{Format: "nested %#d", Args: []any{int32(1000)}},
			List{Sep: ", ", Items: []any{"x", Msg{Format: "y"}}},
			millis(12.5), 'x'}},
		NoteMsgs: []Msg{{Format: "one."}, {Format: "two %d.", Args: []any{-2}}},
		Check:    &Check{Name: "n", NameMsg: &Msg{Format: "n"}},
		Frame:    &Frame{Violation: "v", ViolationMsg: &Msg{Format: "v"}}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"summary_msg":{"key":"%d of %d, %s, %.2f, %v, %v, %s, %s, %v, %q","args":[{"d":3},{"d":200},{"s":"a \u003cb\u003e \u0026 \"c\""},{"f":0.19},{"dur_ns":1500000000},{"d":18446744073709551615},{"msg":{"key":"nested %#d","args":[{"d":1000}]}},{"list":{"sep":", ","items":[{"s":"x"},{"msg":{"key":"y"}}]}},{"ms":12.5},{"d":120}]}`,
		`"note_msg":[{"key":"one."},{"key":"two %d.","args":[{"d":-2}]}]`,
		`"check":{"name":"n","ok":false,"name_msg":{"key":"n"}}`,
		`"violation":"v","violation_msg":{"key":"v"}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := []any{int64(3), int64(200), "a <b> & \"c\"", 0.19, 1500 * time.Millisecond, uint64(math.MaxUint64),
		Msg{Format: "nested %#d", Args: []any{int64(1000)}},
		List{Sep: ", ", Items: []any{"x", Msg{Format: "y"}}},
		Number{Kind: "ms", Value: "12.5"}, int64('x')}
	if !reflect.DeepEqual(back.SummaryMsg.Args, want) {
		t.Errorf("read back %#v\nwant %#v", back.SummaryMsg.Args, want)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(b) {
		t.Errorf("written again\n%s\nwant\n%s", again, b)
	}
}

// A Msg with an argument the form does not carry has no JSON form: left
// out of the event (the text beside it is all the trace holds), null in a
// list of sentences.
func TestMsgWithoutJSONFormIsLeftOut(t *testing.T) {
	t.Parallel()
	deep := Msg{Format: "x"}
	for range maxDepth + 1 {
		deep = Msg{Format: "%s", Args: []any{deep}}
	}
	for _, m := range []Msg{
		{Format: "%v", Args: []any{struct{}{}}},
		{Format: "%v", Args: []any{true}},
		{Format: "%f", Args: []any{math.NaN()}},
		{Format: "%x", Args: []any{[4]byte{1, 2, 3, 4}}},
		{Format: "%s", Args: []any{Msg{Format: "%v", Args: []any{nil}}}},
		{Format: "%s", Args: []any{List{Items: []any{float32(1)}}}},
		{Format: "%v", Args: []any{Number{Kind: "d", Value: "1"}}},  // a kind of trace's own
		{Format: "%v", Args: []any{Number{Kind: "ms", Value: "x"}}}, // not a number
		{Args: []any{1}}, // no key
		deep,
	} {
		if !m.IsZero() {
			t.Errorf("%#v has a JSON form", m)
		}
		b, err := json.Marshal(Event{Kind: KindNote, SummaryMsg: m, NoteMsgs: []Msg{{Format: "ok"}, m},
			Check: &Check{NameMsg: &m}})
		if err != nil {
			t.Fatal(err)
		}
		if s := string(b); strings.Contains(s, "summary_msg") || strings.Contains(s, "name_msg") || !strings.Contains(s, `"note_msg":[{"key":"ok"},null]`) {
			t.Errorf("%#v written as %s", m, s)
		}
	}
}

// Reading never fails on a *_msg: what is not a Msg's JSON form, or has an
// argument of a kind trace does not know the shape of, reads as the zero
// Msg (the event shows its recorded text); a number of a kind it does not
// know is a Number, for package lang to judge.
func TestMsgJSONReadsWhatItCan(t *testing.T) {
	t.Parallel()
	deep := `{"key":"x"}`
	for range maxDepth + 1 {
		deep = `{"key":"%s","args":[{"msg":` + deep + `}]}`
	}
	for in, want := range map[string]Msg{
		`{"key":"a %d","args":[{"d":1}]}`:       {Format: "a %d", Args: []any{int64(1)}},
		`{"key":"a","extra":true}`:              {Format: "a"},
		`{"key":"%v","args":[{"rpm":33}]}`:      {Format: "%v", Args: []any{Number{Kind: "rpm", Value: "33"}}},
		`{"key":"%v","args":[{"rpm":"33"}]}`:    {},
		`{"key":"%d","args":[{"d":"3"}]}`:       {},
		`{"key":"%d","args":[{"d":1.5}]}`:       {},
		`{"key":"%d","args":[{"d":1e3}]}`:       {},
		`{"key":"%d","args":[{"d":null}]}`:      {},
		`{"key":"%d","args":[{"d":1,"s":"x"}]}`: {},
		`{"key":"%d","args":[{}]}`:              {},
		`{"key":"%d","args":[3]}`:               {},
		`{"key":"%d","args":{"d":3}}`:           {},
		`{"key":"%s","args":[{"msg":{}}]}`:      {},
		`{"key":"%s","args":[{"list":[1]}]}`:    {},
		`{"key":"%s","args":[{"dur_ns":"1s"}]}`: {},
		`{"key":"%v","args":[{"":1}]}`:          {},
		`{"key":""}`:                            {},
		`{"args":[{"d":1}]}`:                    {},
		`"a string"`:                            {},
		`null`:                                  {},
		`[{"key":"a"}]`:                         {},
		deep:                                    {},
	} {
		var m Msg
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Errorf("%s: %v", in, err)
		}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("%s read as %#v, want %#v", in, m, want)
		}
	}
}
