// Package testkit holds small helpers that the tests of several wsdemo
// packages share. Only tests import it.
package testkit

import (
	"strings"
	"sync"
)

// SyncBuffer is an output buffer that one goroutine may read while another
// writes to it: a renderer or lesson runner writing while a test watches.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write appends p.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
