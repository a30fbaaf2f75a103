package lang

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// A run in English (wsdemo --help included) never compiles the Portuguese
// catalogue, which took about 15 ms of every start. The check runs in a
// process of its own: the other tests of this package speak Portuguese.
func TestEnglishNeverBuildsThePortugueseCatalogue(t *testing.T) {
	if os.Getenv("WSDEMO_LANG_CHILD") == "1" {
		en := For(English)
		if got := en.F("%d bytes", 1); got != "1 byte" {
			t.Errorf("plural: %q", got)
		}
		if got := en.F("%d requests, %d responses over %d TCP connections", 1200, 2, 1); got == "" {
			t.Error("empty")
		}
		en.F("a text without plural forms: %v", time.Second)
		Trace.F("%d bytes", 1500)
		if portugueseBuilt.Load() {
			t.Error("saying English built the Portuguese catalogue")
		}
		For(PortugueseBR).F("%d bytes", 2)
		if !portugueseBuilt.Load() {
			t.Error("saying Portuguese did not build its catalogue")
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnglishNeverBuildsThePortugueseCatalogue$", "-test.v")
	cmd.Env = append(os.Environ(), "WSDEMO_LANG_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
