package lesson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestStoreRoundTrip(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "wsdemo")
	var warn bytes.Buffer
	s := OpenStore(dir, &warn)
	if s.Done("a") || len(s.Completed()) != 0 {
		t.Fatal("new store is not empty")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("opening created %s (err %v); it should wait for the first save", dir, err)
	}
	if !s.MarkDone("b") || !s.MarkDone("a") {
		t.Fatal("MarkDone did not save")
	}
	again := OpenStore(dir, &warn)
	if got := again.Completed(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("reopened = %q", got)
	}
	data, err := os.ReadFile(filepath.Join(dir, ProgressFile))
	if err != nil {
		t.Fatal(err)
	}
	var p progressJSON
	if err := json.Unmarshal(data, &p); err != nil || p.Version != 1 || !reflect.DeepEqual(p.Completed, []string{"a", "b"}) {
		t.Errorf("file = %s (%v)", data, err)
	}
	again.Reset("a")
	if s2 := OpenStore(dir, &warn); s2.Done("a") || !s2.Done("b") {
		t.Errorf("after Reset(a): %q", s2.Completed())
	}
	again.Reset()
	if s3 := OpenStore(dir, &warn); len(s3.Completed()) != 0 {
		t.Errorf("after Reset(): %q", s3.Completed())
	}
	if warn.Len() != 0 {
		t.Errorf("warnings: %s", warn.String())
	}
	// Atomic writes leave no temporary files behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want only %s", len(entries), ProgressFile)
	}
}

func TestStoreMergesWithOtherProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := OpenStore(dir, nil)
	b := OpenStore(dir, nil)
	a.MarkDone("one")
	b.MarkDone("two") // b read the file before a wrote; it must not drop "one"
	if got := OpenStore(dir, nil).Completed(); !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Errorf("merged = %q", got)
	}
}

func TestStoreCorruptFile(t *testing.T) {
	t.Parallel()
	for _, content := range []string{"{not json", "", `{"completed": "x"}`, "\x00\x01"} {
		dir := t.TempDir()
		path := filepath.Join(dir, ProgressFile)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		var warn bytes.Buffer
		s := OpenStore(dir, &warn)
		if len(s.Completed()) != 0 {
			t.Errorf("%q: progress = %q", content, s.Completed())
		}
		if !strings.Contains(warn.String(), "warning") || !strings.Contains(warn.String(), path) {
			t.Errorf("%q: warning = %q", content, warn.String())
		}
		// Finishing a lesson replaces the corrupt file.
		if !s.MarkDone("x") {
			t.Errorf("%q: could not save over the corrupt file", content)
		}
		var warn2 bytes.Buffer
		if s2 := OpenStore(dir, &warn2); !s2.Done("x") || warn2.Len() != 0 {
			t.Errorf("%q: after save: %q, warnings %q", content, s2.Completed(), warn2.String())
		}
	}
}

func TestStoreUnwritable(t *testing.T) {
	t.Parallel()
	// A regular file where the directory should be: no one, root included,
	// can create a directory or a file under it.
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	s := OpenStore(filepath.Join(blocker, "wsdemo"), &warn)
	if s.MarkDone("a") {
		t.Error("MarkDone reported a save that cannot have happened")
	}
	if !s.Done("a") {
		t.Error("progress is not kept in memory after a failed save")
	}
	if !strings.Contains(warn.String(), "could not save progress") {
		t.Errorf("warning = %q", warn.String())
	}
	// The same failure is reported once, not on every save.
	s.MarkDone("a")
	if n := strings.Count(warn.String(), "could not save"); n != 1 {
		t.Errorf("warned %d times", n)
	}
}

func TestStoreUnreadable(t *testing.T) {
	t.Parallel()
	// A directory where the file should be cannot be read as a file.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ProgressFile), 0o755); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	s := OpenStore(dir, &warn)
	if !strings.Contains(warn.String(), "could not read progress") {
		t.Errorf("warning = %q", warn.String())
	}
	if s.MarkDone("a") {
		t.Error("saved over a directory")
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv(HomeEnv, "/tmp/somewhere")
	if d, err := DefaultDir(); err != nil || d != "/tmp/somewhere" {
		t.Errorf("with %s: %q, %v", HomeEnv, d, err)
	}
	t.Setenv(HomeEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg")
	if d, err := DefaultDir(); err != nil || d != filepath.Join("/tmp/cfg", "wsdemo") {
		t.Errorf("default: %q, %v", d, err)
	}
}

func TestOpenStoreDefault(t *testing.T) {
	home := t.TempDir()
	t.Setenv(HomeEnv, home)
	s := OpenStore("", nil)
	if s.Path() != filepath.Join(home, ProgressFile) {
		t.Errorf("Path = %q", s.Path())
	}
}
