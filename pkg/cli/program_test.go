package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// go run builds wsdemo into its work directory the first time and, from Go
// 1.24 on, runs it from the build cache after that; either way the learner
// typed go run, and hints must say so. A test binary or an installed
// wsdemo is not go run.
func TestBuiltByGoRun(t *testing.T) {
	hash := strings.Repeat("6b3e821d", 8)
	for exe, want := range map[string]bool{
		"/tmp/go-build435038225/b001/exe/wsdemo":                   true,
		"/var/folders/x/T/go-build1/b001/exe/wsdemo":               true, // macOS temp
		"/home/u/.cache/go-build/6b/" + hash + "-d/wsdemo":         true,
		"/home/u/Library/Caches/go-build/6b/" + hash + "-d/wsdemo": true,
		"/tmp/go-build435038225/b001/cli.test":                     false,
		"/home/u/go/bin/wsdemo":                                    false,
		"/usr/local/bin/wsdemo":                                    false,
		"/opt/exe/wsdemo":                                          false,
		"/home/u/.cache/go-build/6b/" + hash[:60] + "-d/wsdemo":    false,
		"/home/u/.cache/go-build/zz/" + hash + "-d/wsdemo":         false,
	} {
		if got := builtByGoRun(exe); got != want {
			t.Errorf("builtByGoRun(%q) = %v, want %v", exe, got, want)
		}
	}
}

// The path given to go run is the main package's, from where the learner
// is: ./cmd/wsdemo at the module's root, ../cmd/wsdemo one level down.
func TestGoRunPath(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module wsdemo\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"cmd/wsdemo", "lessons/en"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for wd, want := range map[string]string{
		root:                                 "./cmd/wsdemo",
		filepath.Join(root, "lessons"):       "../cmd/wsdemo",
		filepath.Join(root, "lessons", "en"): "../../cmd/wsdemo",
		filepath.Join(root, "cmd", "wsdemo"): ".",
		filepath.Dir(root):                   "./cmd/wsdemo", // no go.mod above: as from the root
	} {
		if got := goRunPathFrom("wsdemo/cmd/wsdemo", "wsdemo", wd); got != want {
			t.Errorf("from %s: %q, want %q", wd, got, want)
		}
	}
	if got := goRunPathFrom("other/cmd/x", "wsdemo", root); got != "./cmd/wsdemo" {
		t.Errorf("a main package outside the module: %q", got)
	}
}

// Under go run, help's usage lines and examples name go run: every line
// that starts with the command, and only those.
func TestAsTyped(t *testing.T) {
	got := asTypedFor("go run ./cmd/wsdemo", "  wsdemo learn 4      # lesson 4\n  wsdemo\nwsdemo http\nthe wsdemo command\n  wsdemonstration")
	want := "  go run ./cmd/wsdemo learn 4      # lesson 4\n  go run ./cmd/wsdemo\ngo run ./cmd/wsdemo http\nthe wsdemo command\n  wsdemonstration"
	if got != want {
		t.Errorf("asTyped:\n%s\nwant:\n%s", got, want)
	}
	if got := asTypedFor("wsdemo", "  wsdemo learn"); got != "  wsdemo learn" {
		t.Errorf("installed: %q", got)
	}
}
