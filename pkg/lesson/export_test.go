package lesson

// Test-only helpers: nothing outside the tests needs them.

// Completed returns the slugs of the lessons done, sorted.
func (s *Store) Completed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.done)
}
