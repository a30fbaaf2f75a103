package server

import "time"

// Test-only helpers: nothing outside the tests needs them.

// ApplyEdit applies an edit to document id as tab A's POST does (by author,
// "" for anonymous), and returns it with its version and time.
func (s *Server) ApplyEdit(id, text, author string) (Edit, error) {
	d, err := s.rt.doc(id)
	if err != nil {
		return Edit{}, err
	}
	return s.applyEdit(d, 0, id, editOp{text: text}, author)
}

// DelayHandlers holds up the "connection" handler of every socket by d.
func (s *SocketIO) DelayHandlers(d time.Duration) { s.handlersDelay.Store(int64(d)) }

// DelayAfterAnswer holds up zishang520's work after it handed each CONNECT
// answer to the transport by d.
func (s *SocketIO) DelayAfterAnswer(d time.Duration) { s.answerDelay.Store(int64(d)) }
