package lesson

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// HomeEnv names the environment variable that moves wsdemo's data directory.
const HomeEnv = "WSDEMO_HOME"

// ProgressFile is the name of the progress file inside the data directory.
const ProgressFile = "progress.json"

// Progress tells which lessons are done. *Store implements it; tests and
// List can use any other.
type Progress interface {
	Done(slug string) bool
}

// DefaultDir returns wsdemo's data directory: $WSDEMO_HOME if set, else
// os.UserConfigDir()/wsdemo (~/.config/wsdemo on Linux).
func DefaultDir() (string, error) {
	if d := os.Getenv(HomeEnv); d != "" {
		return d, nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find a directory for progress (set %s to choose one): %w", HomeEnv, err)
	}
	return filepath.Join(cfg, "wsdemo"), nil
}

// progressJSON is the file format. Unknown fields are ignored so that older
// versions of wsdemo can read files written by newer ones, and fields are
// only ever added: a file written by an older wsdemo (version 1, with only
// completed) loads as it is.
type progressJSON struct {
	Version   int      `json:"version"`
	Completed []string `json:"completed"`
	// Learner is a random id made for this learner on first use. It seeds
	// the order of each quiz's options, so a retry shows the same order.
	Learner string `json:"learner,omitempty"`
	// At is where the learner stopped inside a lesson not yet done.
	At *Position `json:"at,omitempty"`
	// Exercises records each exercise's check runs, by slug (added with
	// `wsdemo check`; a file without it has checked none).
	Exercises map[string]exerciseJSON `json:"exercises,omitempty"`
}

// exerciseJSON is what the file keeps of one exercise's check runs.
type exerciseJSON struct {
	// Last is the outcome of the latest run: "passed" or "failed".
	Last string `json:"last"`
	// Passed is set once a run has passed, and stays set: a later failing
	// run (the learner changed the server) does not take the pass away.
	Passed bool `json:"passed,omitempty"`
}

// knownKeys are the top-level keys progressJSON reads; any other key a
// newer wsdemo wrote is kept as it is (Store.extra) and written back.
var knownKeys = []string{"version", "completed", "learner", "at", "exercises"}

// Position is a place inside a lesson: the lesson's slug and the index of a
// block (a section, a demo or a quiz) in Lesson.Blocks. Section is the
// title of the ## section the block is in, kept to check that the lesson
// has not been rewritten since (then the place is forgotten).
type Position struct {
	Lesson  string `json:"lesson"`
	Block   int    `json:"block"`
	Section string `json:"section,omitempty"`
}

// Store remembers which lessons are done, where the learner stopped in the
// one they are taking, and the learner's id, in a small JSON file. It never
// fails a lesson:
//
//   - a missing file is an empty progress;
//   - a file that cannot be read (permissions) is left as it is: the store
//     says why and saves nothing this time, so that nothing the learner
//     had is overwritten;
//   - a file that is not valid JSON is moved aside (progress.json.bad-TIME)
//     with a warning naming the copy, and the store starts afresh;
//   - a failed write is a warning (the progress then lives until exit).
//
// Writes are atomic: a temporary file renamed over the old one, so a crash
// never leaves half a file.
//
// A Store is safe for use by several goroutines.
type Store struct {
	path string    // "" when there is nowhere to save
	warn io.Writer // where warnings go; never nil

	mu sync.Mutex
	// readOnly is set when the file exists but could not be read: it is
	// never replaced.
	readOnly bool
	done     map[string]bool
	learner  string
	at       *Position
	// exercises are the exercises' check runs, by slug.
	exercises map[string]exerciseJSON
	// extra holds the top-level keys of the file this wsdemo does not
	// know, so that saving never drops what a newer one recorded.
	extra  map[string]json.RawMessage
	warned map[string]bool // warnings already given, so each shows once
	now    func() time.Time
	// readFile is os.ReadFile; tests running as root (who reads any file)
	// replace it to meet a file they may not read.
	readFile func(string) ([]byte, error)
}

// OpenStore opens the progress in dir ("" means DefaultDir()). Warnings go
// to warn (nil discards them). It does not create anything until the first
// change is saved.
func OpenStore(dir string, warn io.Writer) *Store {
	if warn == nil {
		warn = io.Discard
	}
	s := &Store{warn: warn, done: map[string]bool{}, exercises: map[string]exerciseJSON{}, warned: map[string]bool{}, now: time.Now, readFile: os.ReadFile}
	return s.open(dir)
}

// open finishes OpenStore: finds the directory and loads the file.
func (s *Store) open(dir string) *Store {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			s.warnf("%v; progress will not be saved", err)
			return s
		}
		dir = d
	}
	s.path = filepath.Join(dir, ProgressFile)
	s.mu.Lock()
	s.load()
	s.mu.Unlock()
	return s
}

// Path returns the progress file's path, or "" if progress is not saved.
func (s *Store) Path() string { return s.path }

// Done reports whether the lesson with this slug is done.
func (s *Store) Done(slug string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[slug]
}

// MarkDone records the lesson as done and saves; a place kept inside it is
// forgotten. It reports whether the progress was saved; if not, a warning
// has already been written.
func (s *Store) MarkDone(slug string) bool {
	return s.update(func() {
		s.done[slug] = true
		if s.at != nil && s.at.Lesson == slug {
			s.at = nil
		}
	})
}

// Reset marks the given lessons as not done, or every lesson if none is
// given, and saves; a place kept in one of them is forgotten. It reports
// whether the progress was saved; if not, a warning has already been
// written.
func (s *Store) Reset(slugs ...string) bool {
	return s.update(func() {
		if len(slugs) == 0 {
			clear(s.done)
			s.at = nil
			return
		}
		for _, slug := range slugs {
			delete(s.done, slug)
			if s.at != nil && s.at.Lesson == slug {
				s.at = nil
			}
		}
	})
}

// Position returns where the learner stopped inside a lesson, if anywhere.
func (s *Store) Position() (Position, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		return Position{}, false
	}
	return *s.at, true
}

// SetPosition records where the learner is and saves. It reports whether
// the progress was saved.
func (s *Store) SetPosition(p Position) bool {
	return s.update(func() { s.at = &p })
}

// Learner returns the learner's id, making one (random) on first use; it is
// saved with the next change.
func (s *Store) Learner() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.learner == "" {
		s.learner = newLearnerID()
	}
	return s.learner
}

func newLearnerID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on the systems Go supports; an id
		// from the clock still gives each learner an order of their own.
		return strconv.FormatInt(time.Now().UnixNano(), 16)
	}
	return hex.EncodeToString(b[:])
}

// update applies change to the progress on disk (read again first, so that
// two wsdemo processes do not undo each other) and saves it.
func (s *Store) update(change func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path != "" && !s.readOnly {
		s.load()
	}
	change()
	if s.path == "" || s.readOnly {
		return false
	}
	if err := s.save(); err != nil {
		s.warnf("could not save progress to %s: %v; it is kept only until wsdemo exits", s.path, err)
		return false
	}
	return true
}

// load reads the file into s, keeping the learner id s already has when the
// file has none. A file that cannot be read makes s read-only; one that is
// not valid JSON is moved aside. Either way s then holds an empty progress
// (plus what it had in memory), and the learner has been told.
func (s *Store) load() {
	data, err := s.readFile(s.path)
	// ENOTDIR: a file where a directory of the path should be; no progress
	// file can exist there, so there is none to lose (saving will fail and
	// say so).
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		s.done = map[string]bool{}
		s.at = nil
		s.exercises, s.extra = map[string]exerciseJSON{}, nil
		return
	}
	if err != nil {
		s.readOnly = true
		s.warnf("could not read progress from %s: %v. wsdemo leaves that file as it is and saves no progress this time; fix the file (or set %s to use another directory) to keep your progress", s.path, unwrapPathError(err), HomeEnv)
		return
	}
	var p progressJSON
	if err := json.Unmarshal(data, &p); err != nil {
		s.moveAside(err)
		s.done = map[string]bool{}
		s.at = nil
		s.exercises, s.extra = map[string]exerciseJSON{}, nil
		return
	}
	// What parsed as progressJSON is an object (or null): its other keys
	// are kept.
	var all map[string]json.RawMessage
	_ = json.Unmarshal(data, &all)
	for _, k := range knownKeys {
		delete(all, k)
	}
	s.extra = all
	s.exercises = map[string]exerciseJSON{}
	for slug, x := range p.Exercises {
		if slug != "" && x.Last != "" {
			s.exercises[slug] = x
		}
	}
	done := map[string]bool{}
	for _, slug := range p.Completed {
		if slug != "" {
			done[slug] = true
		}
	}
	s.done = done
	if p.Learner != "" {
		s.learner = p.Learner
	}
	s.at = nil
	if p.At != nil && p.At.Lesson != "" && p.At.Block >= 0 && !done[p.At.Lesson] {
		s.at = p.At
	}
}

// moveAside renames a damaged progress file to progress.json.bad-TIME, so a
// save never destroys what may still be read by hand. If it cannot be
// moved, the store keeps its hands off it.
func (s *Store) moveAside(why error) {
	bad := fmt.Sprintf("%s.bad-%s", s.path, s.now().Format("20060102-150405"))
	if err := os.Rename(s.path, bad); err != nil {
		s.readOnly = true
		s.warnf("progress file %s is damaged (%v) and could not be moved aside (%v); wsdemo leaves it as it is and saves no progress this time", s.path, why, unwrapPathError(err))
		return
	}
	s.warnf("progress file %s was damaged (%v); moved it to %s and starting as if no lesson were done", s.path, why, bad)
}

// unwrapPathError drops the path an *fs.PathError repeats ("open
// /x/progress.json: permission denied" becomes "permission denied"): the
// message names the file already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// save writes the progress atomically: temp file in the same directory,
// synced, then renamed over the old file.
func (s *Store) save() error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if s.learner == "" {
		s.learner = newLearnerID()
	}
	data, err := json.MarshalIndent(progressJSON{Version: 1, Completed: sortedKeys(s.done), Learner: s.learner, At: s.at, Exercises: s.exercises}, "", "  ")
	if err != nil {
		return err
	}
	if len(s.extra) > 0 {
		// Keys a newer wsdemo wrote go back as they were.
		var all map[string]json.RawMessage
		if err := json.Unmarshal(data, &all); err != nil {
			return err
		}
		for k, v := range s.extra {
			all[k] = v
		}
		if data, err = json.MarshalIndent(all, "", "  "); err != nil {
			return err
		}
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(dir, "."+ProgressFile+".*.tmp")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmpName, s.path)
}

// Exercise reports what the checks of the exercise with this slug found:
// the outcome of the latest run ("passed", "failed", or "" when it was
// never checked), and whether any run passed.
func (s *Store) Exercise(slug string) (last string, passedOnce bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.exercises[slug]
	return x.Last, x.Passed
}

// RecordCheck records a check run of the exercise and saves. A pass, once
// recorded, stays (Exercise's passedOnce). It reports whether the
// progress was saved; if not, a warning has already been written.
func (s *Store) RecordCheck(slug string, passed bool) bool {
	return s.update(func() {
		x := s.exercises[slug]
		x.Last = "failed"
		if passed {
			x.Last, x.Passed = "passed", true
		}
		s.exercises[slug] = x
	})
}

// warnf writes a warning once per distinct message.
func (s *Store) warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.warned[msg] {
		return
	}
	s.warned[msg] = true
	fmt.Fprintf(s.warn, "wsdemo: warning: %s\n", msg)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
