package cli

import (
	"testing"

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
