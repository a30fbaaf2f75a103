package exercise

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// maxBody is the most of a response body the REST checks read: a list of
// notes is a few hundred bytes.
const maxBody = 1 << 20

// httpConn is the REST checks' HTTP/1.1 client: one connection, requests
// written byte for byte as shown, answers read with net/http. Keeping the
// connection in its own hands is what lets a check send two requests on the
// same connection, and know that it did.
type httpConn struct {
	conn net.Conn
	br   *bufio.Reader
	// done is set when the connection cannot carry another request: the
	// server said Connection: close, or its side ended.
	done bool
	// served counts the responses read on it.
	served int
}

// request is one request a check sends.
type request struct {
	method, path string
	token        string // "" sends no Authorization header
	body         string // JSON; "" sends none
}

// bytes writes the request as it goes on the wire.
func (r request) bytes(host string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: wsdemo-check\r\nAccept: application/json\r\n", r.method, r.path, host)
	if r.token != "" {
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", r.token)
	}
	if r.body != "" {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(r.body))
	}
	b.WriteString("\r\n")
	b.WriteString(r.body)
	return []byte(b.String())
}

// answer is a response read whole.
type answer struct {
	resp *http.Response
	body []byte
}

// errBodyTooLong says a response body passed maxBody.
var errBodyTooLong = errors.New("response body too long")

// do sends r on h and reads the response and its body.
func (h *httpConn) do(s *session, r request) (*answer, error) {
	_ = h.conn.SetDeadline(time.Now().Add(s.timeout))
	defer h.conn.SetDeadline(time.Time{})
	if _, err := h.conn.Write(r.bytes(s.target.Host)); err != nil {
		h.done = true
		return nil, err
	}
	resp, err := http.ReadResponse(h.br, &http.Request{Method: r.method})
	if err != nil {
		h.done = true
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	resp.Body.Close()
	if err != nil {
		h.done = true
		return nil, err
	}
	if len(body) > maxBody {
		h.done = true
		return nil, errBodyTooLong
	}
	h.served++
	if resp.Close {
		h.done = true
	}
	return &answer{resp: resp, body: body}, nil
}

// httpDial opens a fresh connection for the REST checks.
func (s *session) httpDial(ctx context.Context) (*httpConn, *failure) {
	conn, f := s.dial(ctx)
	if f != nil {
		return nil, f
	}
	h := &httpConn{conn: conn, br: bufio.NewReader(conn)}
	s.trackHTTP(h)
	return h, nil
}

// ask sends r on the session's HTTP connection, dialling one when there is
// none or the last one cannot carry another request. A request that finds
// a reused connection closed before any answer (the server may close an
// idle connection, RFC 9112 §9.3) is sent once more on a new one, as
// browsers do.
func (s *session) ask(ctx context.Context, r request) (*answer, *failure) {
	for attempt := 0; ; attempt++ {
		if s.hc == nil || s.hc.done {
			if s.hc != nil {
				s.hc.conn.Close()
			}
			h, f := s.httpDial(ctx)
			if f != nil {
				return nil, f
			}
			s.hc = h
		}
		reused := s.hc.served > 0
		a, err := s.hc.do(s, r)
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return nil, &failure{err: ctx.Err()}
		}
		if reused && attempt == 0 && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isReset(err)) {
			continue
		}
		if errors.Is(err, errBodyTooLong) {
			return nil, fail("the response body is longer than %d bytes; the checks read no more", maxBody)
		}
		return nil, s.noAnswer(err)
	}
}
