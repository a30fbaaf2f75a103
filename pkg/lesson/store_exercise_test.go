package lesson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Check runs are kept next to the lessons: the latest outcome, and a pass
// that a later failure does not take away. Lessons, place and learner are
// untouched, and reopening reads them all back.
func TestStoreRecordsChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := OpenStore(dir, nil)
	s.MarkDone("request-and-response")
	id := s.Learner()
	if last, once := s.Exercise("echo"); last != "" || once {
		t.Fatalf("before any run: %q, %v", last, once)
	}
	if !s.RecordCheck("echo", false) {
		t.Fatal("not saved")
	}
	s.RecordCheck("rest", true)
	again := OpenStore(dir, nil)
	if last, once := again.Exercise("echo"); last != "failed" || once {
		t.Errorf("echo after a failure: %q, %v", last, once)
	}
	again.RecordCheck("echo", true)
	again.RecordCheck("echo", false)
	third := OpenStore(dir, nil)
	if last, once := third.Exercise("echo"); last != "failed" || !once {
		t.Errorf("echo after pass then failure: %q, %v", last, once)
	}
	if last, once := third.Exercise("rest"); last != "passed" || !once {
		t.Errorf("rest: %q, %v", last, once)
	}
	if !third.Done("request-and-response") || third.Learner() != id {
		t.Errorf("lessons %q, learner %q (was %q)", third.Completed(), third.Learner(), id)
	}
	// Resetting the lessons leaves the exercises alone.
	third.Reset()
	if last, _ := OpenStore(dir, nil).Exercise("rest"); last != "passed" {
		t.Errorf("rest after a lesson reset: %q", last)
	}
}

// A key a newer wsdemo wrote is kept through every save: no version drops
// what a later one recorded.
func TestStoreKeepsUnknownKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	newer := `{"version":1,"completed":["a"],"badges":{"gold":3},"exercises":{"echo":{"last":"passed","passed":true,"streak":4}}}`
	if err := os.WriteFile(path, []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	s := OpenStore(dir, nil)
	s.MarkDone("b")
	s.RecordCheck("rest", false)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Completed []string                  `json:"completed"`
		Badges    map[string]int            `json:"badges"`
		Exercises map[string]map[string]any `json:"exercises"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Badges["gold"] != 3 || len(got.Completed) != 2 || got.Exercises["echo"]["last"] != "passed" || got.Exercises["rest"]["last"] != "failed" {
		t.Errorf("file after saving:\n%s", data)
	}
}
