package proxy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"wsdemo/internal/neterr"
)

// answerWait bounds how long a client whose upstream could not be reached
// is waited for: for the head of its request, and then for its end of
// stream after the 502.
const answerWait = 3 * time.Second

// maxRequestHead bounds the request head read before a 502 is written.
const maxRequestHead = 64 << 10

// badGateway answers the client whose upstream could not be reached, when
// what it sends is an HTTP/1.x request: it reads the request's head and
// writes a 502 Bad Gateway (RFC 9110 §15.6.3, "a gateway ... received an
// invalid response from an inbound server" or none at all), marked
// Connection: close (RFC 9112 §9.6), whose body says why. A client that
// sends nothing in time, or not HTTP (TLS, say), gets nothing: the relay
// only closes. After the answer the relay ends its stream and reads what
// the client still sends until it ends its own (a lingering close, RFC
// 9112 §9.6), so that closing with unread bytes does not reset the
// connection and destroy the answer before the client reads it.
func (rl *relay) badGateway(cause error) {
	c := rl.client
	_ = c.SetReadDeadline(time.Now().Add(answerWait))
	head := make([]byte, 0, 1024)
	buf := make([]byte, 4096)
	for !bytes.Contains(head, []byte("\r\n\r\n")) && len(head) < maxRequestHead {
		n, err := c.Read(buf)
		head = append(head, buf[:n]...)
		if len(head) > 0 && !looksLikeHTTPRequest(head) {
			return
		}
		if err != nil {
			if len(head) == 0 || rl.isAborted() || !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrDeadlineExceeded) {
				return
			}
			break // a head cut short still deserves an answer
		}
	}
	if rl.isAborted() {
		return
	}
	body := fmt.Sprintf("502 Bad Gateway: the proxy could not connect to %s (%s)\n", rl.r.Upstream, neterr.Cause(cause).Error())
	resp := "HTTP/1.1 502 Bad Gateway\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		"Connection: close\r\n\r\n"
	if !bytes.HasPrefix(head, []byte("HEAD ")) {
		resp += body // a response to HEAD has no body (RFC 9110 §9.3.2)
	}
	_ = c.SetWriteDeadline(time.Now().Add(answerWait))
	if _, err := io.WriteString(c, resp); err != nil {
		return
	}
	if closeWrite(c) != nil {
		return
	}
	_ = c.SetReadDeadline(time.Now().Add(answerWait))
	_, _ = io.CopyN(io.Discard, c, maxRequestHead)
}

// looksLikeHTTPRequest reports whether b starts like an HTTP/1.x request
// line: a method token (RFC 9110 §9.1) and a space; with the line whole,
// also its version.
func looksLikeHTTPRequest(b []byte) bool {
	sp := bytes.IndexByte(b, ' ')
	if sp == 0 || sp > 32 {
		return false
	}
	method := b
	if sp > 0 {
		method = b[:sp]
	} else if len(b) > 32 {
		return false
	}
	for _, ch := range method {
		if ch < 'A' || ch > 'Z' && ch < 'a' || ch > 'z' {
			if ch != '-' && ch != '_' {
				return false
			}
		}
	}
	if i := bytes.Index(b, []byte("\r\n")); i >= 0 {
		return bytes.HasSuffix(b[:i], []byte(" HTTP/1.1")) || bytes.HasSuffix(b[:i], []byte(" HTTP/1.0"))
	}
	return true
}
