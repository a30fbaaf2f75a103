package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// checkSave checks --save before anything starts: a file name, not "-"
// (stdout has the diagram; --json prints the trace there).
func (g *globalOptions) checkSave() error {
	switch {
	case g.save == "-":
		return usageErrorf("--save writes the trace to a file; to print it on standard output use --json")
	case g.save != "" && strings.TrimSpace(g.save) == "":
		return usageErrorf("--save needs a file name")
	}
	return nil
}

// saveFile is --save's file. Its Write never fails, so a full disk does not
// stop the demo being drawn: the first error is kept, nothing more is
// written, and finish reports it once the run is over.
type saveFile struct {
	name string
	f    *os.File
	err  error
}

// openSave creates --save's file (nil without --save). It is created only
// now, as the run starts, so that a usage error leaves no empty file
// behind; a file that cannot be created stops the run before it starts.
func (g *globalOptions) openSave() (*saveFile, error) {
	if g.save == "" {
		return nil, nil
	}
	f, err := os.Create(g.save)
	if err != nil {
		return nil, withHint(fmt.Errorf("--save: %w", err), "check that the folder exists and can be written to")
	}
	return &saveFile{name: g.save, f: f}, nil
}

func (s *saveFile) Write(p []byte) (int, error) {
	if s.err == nil {
		_, s.err = s.f.Write(p)
	}
	return len(p), nil
}

// finish closes the file and returns err, or else the error that kept the
// trace from being saved whole.
func (s *saveFile) finish(err error) error {
	if s == nil {
		return err
	}
	cerr := s.f.Close()
	if s.err == nil {
		s.err = cerr
	}
	if s.err == nil || err != nil {
		return err
	}
	var pe *os.PathError
	if errors.As(s.err, &pe) {
		return fmt.Errorf("--save: the trace is incomplete: %w", s.err)
	}
	return fmt.Errorf("--save %s: the trace is incomplete: %w", s.name, s.err)
}
