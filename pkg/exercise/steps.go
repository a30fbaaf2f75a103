package exercise

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// step is one check: what it verifies, what it sends, the rule behind it,
// a hint, and the code that runs it. Its texts are whole sentences of the
// catalog; they are the ones `wsdemo exercise` lists, so the task's list of
// checks is what the checks do.
//
// A step needs nothing of the steps before it: one that needs a WebSocket
// opens one when no earlier step did, so a teacher may list the steps of a
// new exercise in any order.
type step struct {
	name  string
	title lang.Msg // what it verifies, short: "a text message comes back as text"
	does  lang.Msg // what it sends and waits for, with the numbers the task promises
	rule  lang.Msg // the rule it verifies, with its RFC section
	hint  lang.Msg // where to look when it fails
	// run runs the check: the detail of a pass, or how it failed.
	run func(ctx context.Context, s *session) (trace.Msg, *failure)
}

// allSteps are the checks, in the order the ladder meets them.
var allSteps = sync.OnceValue(func() []*step {
	var all []*step
	for _, group := range [][]*step{restSteps(), wsSteps(), pushSteps(), broadcastSteps(), originSteps(), robustSteps(), socketIOSteps()} {
		all = append(all, group...)
	}
	return all
})

// lookup returns the step named name, or nil.
func lookup(name string) *step {
	for _, st := range allSteps() {
		if st.name == name {
			return st
		}
	}
	return nil
}

// Steps returns the names of every check, for an exercise's front matter.
func Steps() []string {
	var out []string
	for _, st := range allSteps() {
		out = append(out, st.name)
	}
	return out
}

// CheckText is one check as the task lists it.
type CheckText struct {
	Name              string
	Title, Does, Rule lang.Msg
}

// Describe returns what the check named name verifies, does and rests on;
// ok is false for an unknown name.
func Describe(name string) (CheckText, bool) {
	st := lookup(name)
	if st == nil {
		return CheckText{}, false
	}
	return CheckText{Name: st.name, Title: st.title, Does: st.does, Rule: st.rule}, true
}

// Task returns the exercise's Markdown with its ```checks block replaced
// by the numbered list of its checks, in the language of t.
func (x *Exercise) Task(t lang.Text) string {
	var list strings.Builder
	for i, name := range x.Checks {
		st := lookup(name)
		if st == nil {
			continue
		}
		fmt.Fprintf(&list, "%d. **%s** (`%s`). %s %s.\n", i+1, capitalize(t.F(st.title)), st.name, t.F(st.does), t.F("Rule: %s", st.rule))
	}
	lines := strings.Split(x.Body, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) && strings.TrimSpace(strings.TrimLeft(t, t[:1])) == ChecksMarker {
			fence := t[:len(t)-len(strings.TrimLeft(t, t[:1]))]
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
			}
			out = append(out, strings.TrimRight(list.String(), "\n"))
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}

// capitalize starts s with a capital letter: a check's title is a clause,
// and the list shows it as a sentence.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// opName names a data opcode in the learner's language ("text", "binary").
func opName(op wire.Opcode) lang.Msg {
	if op == wire.OpBinary {
		return "binary"
	}
	return "text"
}

// short shows the start of a payload in a detail: quoted text, or the
// length of bytes that are not text.
func short(op wire.Opcode, p []byte, length uint64) trace.Msg {
	if op == wire.OpText && len(p) <= 48 && strings.ToValidUTF8(string(p), "") == string(p) {
		return lang.M("%q", string(p))
	}
	return lang.M("%d bytes", length)
}
