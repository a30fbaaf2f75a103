package lesson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
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
// versions of wsdemo can read files written by newer ones.
type progressJSON struct {
	Version   int      `json:"version"`
	Completed []string `json:"completed"`
}

// Store remembers which lessons are done, in a small JSON file. It never
// fails a lesson: a missing file is an empty progress, a corrupt or
// unreadable file is reported as a warning and treated as empty, and a
// failed write is a warning too (the progress then lives only until the
// program exits). Writes are atomic: a temporary file renamed over the old
// one, so a crash never leaves half a file.
//
// A Store is safe for use by several goroutines.
type Store struct {
	path string    // "" when there is nowhere to save
	warn io.Writer // where warnings go; never nil

	mu     sync.Mutex
	done   map[string]bool
	warned map[string]bool // warnings already given, so each shows once
}

// OpenStore opens the progress in dir ("" means DefaultDir()). Warnings go
// to warn (nil discards them). It does not create anything until the first
// change is saved.
func OpenStore(dir string, warn io.Writer) *Store {
	if warn == nil {
		warn = io.Discard
	}
	s := &Store{warn: warn, done: map[string]bool{}, warned: map[string]bool{}}
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
	s.done = s.load()
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

// Completed returns the slugs of the lessons done, sorted.
func (s *Store) Completed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.done)
}

// MarkDone records the lesson as done and saves. It reports whether the
// progress was saved; if not, a warning has already been written.
func (s *Store) MarkDone(slug string) bool {
	return s.update(func(done map[string]bool) { done[slug] = true })
}

// Reset marks the given lessons as not done, or every lesson if none is
// given, and saves. It reports whether the progress was saved; if not, a
// warning has already been written.
func (s *Store) Reset(slugs ...string) bool {
	return s.update(func(done map[string]bool) {
		if len(slugs) == 0 {
			clear(done)
			return
		}
		for _, slug := range slugs {
			delete(done, slug)
		}
	})
}

// update applies change to the progress on disk (read again first, so that
// two wsdemo processes do not undo each other) and saves it.
func (s *Store) update(change func(map[string]bool)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path != "" {
		s.done = s.load()
	}
	change(s.done)
	if s.path == "" {
		return false
	}
	if err := s.save(); err != nil {
		s.warnf("could not save progress to %s: %v; it is kept only until wsdemo exits", s.path, err)
		return false
	}
	return true
}

// load reads the file. Problems are warnings and give an empty progress.
func (s *Store) load() map[string]bool {
	done := map[string]bool{}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return done
	}
	if err != nil {
		s.warnf("could not read progress from %s: %v; starting as if no lesson were done", s.path, err)
		return done
	}
	var p progressJSON
	if err := json.Unmarshal(data, &p); err != nil {
		s.warnf("progress file %s is corrupt (%v); starting as if no lesson were done (it will be replaced when you finish a lesson)", s.path, err)
		return done
	}
	for _, slug := range p.Completed {
		if slug != "" {
			done[slug] = true
		}
	}
	return done
}

// save writes the progress atomically: temp file in the same directory,
// synced, then renamed over the old file.
func (s *Store) save() error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(progressJSON{Version: 1, Completed: sortedKeys(s.done)}, "", "  ")
	if err != nil {
		return err
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
