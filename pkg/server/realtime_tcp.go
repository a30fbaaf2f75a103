package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"wsdemo/internal/neterr"
)

// TCPRelay pushes the edits of one document over raw TCP: each edit as one
// JSON line, the same JSON a WebSocket message carries, with no HTTP and no
// WebSocket framing around it. The client sends nothing. It is the reference the
// realtime scenario measures the other ways against.
type TCPRelay struct {
	ln  net.Listener
	doc *doc
	rt  *realtime

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// relayWriteTimeout bounds each line written to a follower.
const relayWriteTimeout = 10 * time.Second

// StartTCPRelay listens on addr (host:port; port 0 lets the OS pick) and
// pushes every edit of document id to each connection, from the first. It
// runs until Close or CloseRealtime.
func (s *Server) StartTCPRelay(addr, id string) (*TCPRelay, error) {
	d, err := s.rt.doc(id)
	if err != nil {
		return nil, fmt.Errorf("tcp relay for %q: %w", id, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, neterr.Cause(err))
	}
	r := &TCPRelay{ln: ln, doc: d, rt: s.rt, conns: map[net.Conn]struct{}{}}
	s.rt.mu.Lock()
	if s.rt.closed {
		s.rt.mu.Unlock()
		ln.Close()
		return nil, errClosing
	}
	s.rt.relays[r] = struct{}{}
	s.rt.mu.Unlock()
	r.wg.Add(1)
	go r.accept()
	return r, nil
}

// Addr is the address the relay listens on.
func (r *TCPRelay) Addr() string { return r.ln.Addr().String() }

// Close stops listening, closes every follower's connection and waits for
// the relay's goroutines. It is idempotent.
func (r *TCPRelay) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		r.wg.Wait()
		return nil
	}
	r.closed = true
	err := r.ln.Close()
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
	r.rt.mu.Lock()
	delete(r.rt.relays, r)
	r.rt.mu.Unlock()
	return err
}

func (r *TCPRelay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return // closed
		}
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			c.Close()
			return
		}
		r.conns[c] = struct{}{}
		r.wg.Add(1)
		r.mu.Unlock()
		go r.serve(c)
	}
}

func (r *TCPRelay) serve(c net.Conn) {
	defer r.wg.Done()
	defer func() {
		r.mu.Lock()
		delete(r.conns, c)
		r.mu.Unlock()
	}()
	// The follower sends nothing; reading tells us when it leaves (EOF).
	left := make(chan struct{})
	go func() {
		defer close(left)
		io.Copy(io.Discard, c)
	}()
	defer func() { c.Close(); <-left }()
	sent := 0
	for {
		edits, changed := r.doc.since(sent)
		for _, e := range edits {
			line, err := json.Marshal(e)
			if err != nil {
				return
			}
			c.SetWriteDeadline(time.Now().Add(relayWriteTimeout))
			if _, err := c.Write(append(line, '\n')); err != nil {
				return
			}
			sent = e.V
		}
		select {
		case <-changed:
		case <-left:
			return
		}
	}
}
