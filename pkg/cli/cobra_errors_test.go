package cli

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"wsdemo/pkg/lang"
)

// Each of cobra's usage errors that sayCobra knows is made by cobra itself
// here, so that a cobra whose wording changed fails this test rather than
// leaving the learner an English line: each must be read back into a key,
// and said in pt-BR with none of cobra's words left.
func TestSayCobraReadsCobrasOwnWords(t *testing.T) {
	cmd := &cobra.Command{Use: "x", Run: func(*cobra.Command, []string) {}}
	cmd.Flags().String("need", "", "")
	if err := cmd.MarkFlagRequired("need"); err != nil {
		t.Fatal(err)
	}
	cmd.SetArgs([]string{})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	required := cmd.Execute()
	errs := map[string]error{
		"exact":    cobra.ExactArgs(2)(cmd, []string{"a"}),
		"most":     cobra.MaximumNArgs(1)(cmd, []string{"a", "b"}),
		"least":    cobra.MinimumNArgs(2)(cmd, []string{"a"}),
		"range":    cobra.RangeArgs(1, 2)(cmd, nil),
		"required": required,
	}
	pt := lang.For(lang.PortugueseBR)
	for name, err := range errs {
		if err == nil {
			t.Fatalf("%s: cobra returned no error", name)
		}
		said := sayCobra(err)
		var s lang.Sayer
		if !errors.As(said, &s) {
			t.Errorf("%s: %q not read back into a key", name, err)
			continue
		}
		for _, w := range []string{"accepts", "received", "requires", "required", "arg(s)"} {
			if got := pt.Err(said); strings.Contains(got, w) {
				t.Errorf("%s: pt-BR %q keeps %q", name, got, w)
			}
		}
	}
	if err := errors.New("something else"); sayCobra(err) != err {
		t.Errorf("a message that is not cobra's changed: %v", sayCobra(err))
	}
}
