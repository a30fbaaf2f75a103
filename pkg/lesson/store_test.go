package lesson

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
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

// A file that is not valid JSON is moved aside (progress.json.bad-TIME),
// never deleted, with a warning naming both files; the store starts afresh
// and saves normally.
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
		bad, _ := filepath.Glob(path + ".bad-*")
		if len(bad) != 1 {
			t.Fatalf("%q: moved-aside copies %q, want one", content, bad)
		}
		if kept, err := os.ReadFile(bad[0]); err != nil || string(kept) != content {
			t.Errorf("%q: the copy holds %q (%v)", content, kept, err)
		}
		if !strings.Contains(warn.String(), "warning") || !strings.Contains(warn.String(), path) || !strings.Contains(warn.String(), bad[0]) {
			t.Errorf("%q: warning = %q", content, warn.String())
		}
		if !s.MarkDone("x") {
			t.Errorf("%q: could not save after moving the damaged file aside", content)
		}
		var warn2 bytes.Buffer
		if s2 := OpenStore(dir, &warn2); !s2.Done("x") || warn2.Len() != 0 {
			t.Errorf("%q: after save: %q, warnings %q", content, s2.Completed(), warn2.String())
		}
		if still, _ := os.ReadFile(bad[0]); string(still) != content {
			t.Errorf("%q: the moved-aside copy changed to %q", content, still)
		}
	}
}

// A progress file the store cannot read (permissions) is never replaced:
// the store says why, keeps what this session does in memory only, and the
// file is as it was afterwards. (Read as root, a mode 000 file is readable:
// a read that fails as for an ordinary user stands in for it.)
func TestStoreNeverReplacesAnUnreadableFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	before := `{"version":1,"completed":["one","two","three"]}`
	if err := os.WriteFile(path, []byte(before), 0o000); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	s := &Store{warn: &warn, done: map[string]bool{}, warned: map[string]bool{}, now: time.Now,
		readFile: func(name string) ([]byte, error) {
			if name == path {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
			}
			return os.ReadFile(name)
		}}
	s.open(dir)
	if !strings.Contains(warn.String(), "could not read progress from "+path+": permission denied") ||
		!strings.Contains(warn.String(), "leaves that file as it is and saves no progress") {
		t.Errorf("warning = %q", warn.String())
	}
	if s.MarkDone("four") || s.SetPosition(Position{Lesson: "five", Block: 2}) {
		t.Error("reported a save over a file it could not read")
	}
	if !s.Done("four") {
		t.Error("this session's progress is not kept in memory")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if after, err := os.ReadFile(path); err != nil || string(after) != before {
		t.Errorf("the unreadable file was changed to %q (%v)", after, err)
	}
	if n := strings.Count(warn.String(), "wsdemo: warning:"); n != 1 {
		t.Errorf("%d warnings, want one:\n%s", n, warn.String())
	}
}

// The same with the real file system, where the test is not root.
func TestStoreNeverReplacesAFileItMayNotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	before := `{"version":1,"completed":["one"]}`
	if err := os.WriteFile(path, []byte(before), 0o000); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(path); err == nil {
		t.Skip("this user reads a mode 000 file (root); TestStoreNeverReplacesAnUnreadableFile covers it")
	}
	var warn bytes.Buffer
	s := OpenStore(dir, &warn)
	if s.MarkDone("two") {
		t.Error("saved over a file it could not read")
	}
	os.Chmod(path, 0o644)
	if after, _ := os.ReadFile(path); string(after) != before {
		t.Errorf("file changed to %q", after)
	}
}

// A progress file written by an older wsdemo (version 1, only "completed")
// loads as it is, and a newer file's extra fields do not disturb it; the
// place kept and the learner id survive a reopening.
func TestStoreFormatCompatible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	old := "{\n  \"version\": 1,\n  \"completed\": [\n    \"request-and-response\"\n  ]\n}\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	s := OpenStore(dir, &warn)
	if !s.Done("request-and-response") || warn.Len() != 0 {
		t.Fatalf("old file: %q, warnings %q", s.Completed(), warn.String())
	}
	if _, ok := s.Position(); ok {
		t.Error("an old file has a place")
	}
	id := s.Learner()
	s.SetPosition(Position{Lesson: "stateless", Block: 3, Section: "What stateless means"})
	again := OpenStore(dir, &warn)
	if p, ok := again.Position(); !ok || p != (Position{Lesson: "stateless", Block: 3, Section: "What stateless means"}) {
		t.Errorf("place after reopening = %+v, %v", p, ok)
	}
	if again.Learner() != id || !again.Done("request-and-response") {
		t.Errorf("learner %q (was %q), done %q", again.Learner(), id, again.Completed())
	}
	// What an older wsdemo reads from the new file: version and completed,
	// as before.
	data, _ := os.ReadFile(path)
	var p struct {
		Version   int      `json:"version"`
		Completed []string `json:"completed"`
	}
	if err := json.Unmarshal(data, &p); err != nil || p.Version != 1 || !reflect.DeepEqual(p.Completed, []string{"request-and-response"}) {
		t.Errorf("file = %s (%v)", data, err)
	}
	// Finishing the lesson forgets the place in it.
	again.MarkDone("stateless")
	if _, ok := OpenStore(dir, nil).Position(); ok {
		t.Error("place kept in a lesson done")
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
