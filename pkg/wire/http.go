package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// MaxHTTPHead caps the bytes buffered while waiting for the end of an HTTP
// head; a longer head is reported as malformed rather than buffered forever.
const MaxHTTPHead = 64 << 10

// MaxHTTPBody caps one message's body.
const MaxHTTPBody = 8 << 20

// HeaderField is one header line exactly as it crossed the wire.
type HeaderField struct {
	Name, Value string // wire case; value without surrounding whitespace
	Off, Len    int    // the line's bytes in HTTPMessage.Raw, without CRLF
}

// HTTPMessage is one HTTP/1.1 request or response as it crossed the wire.
type HTTPMessage struct {
	From Sender // FromClient for requests, FromServer for responses
	// Raw holds the exact bytes of the message: head and body as sent
	// (chunk framing included).
	Raw []byte
	// HeadLen is the length of the head in Raw: start line, headers and the
	// empty line that ends them.
	HeadLen int
	// StartLine is the first line, without CRLF.
	StartLine string

	Method, Target string // requests
	Status         int    // responses
	Reason         string // responses
	Proto          string // e.g. "HTTP/1.1"

	Headers []HeaderField // wire order and wire case
	// Body is the message body with transfer coding removed (de-chunked).
	Body    []byte
	Chunked bool
}

// IsRequest reports whether m is a request.
func (m *HTTPMessage) IsRequest() bool { return m.From == FromClient }

// Header returns the first value of header name (case-insensitive), or "".
func (m *HTTPMessage) Header(name string) string {
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// BodyLen is the number of bytes after the head, as sent.
func (m *HTTPMessage) BodyLen() int { return len(m.Raw) - m.HeadLen }

// HTTPDecoder turns one direction of an HTTP/1.1 connection into messages.
// It parses with net/http (http.ReadRequest, http.ReadResponse) for framing
// and validation, and reads header names and order from the raw bytes, which
// net/http canonicalises and forgets.
type HTTPDecoder struct {
	from Sender
	buf  []byte
	// need is the buffer length below which a parse attempt cannot succeed
	// (a known Content-Length); it avoids re-parsing on every small read.
	need int
	// untilClose marks a response whose body ends when the connection does;
	// its body starts at bodyStart in buf.
	untilClose bool
	bodyStart  int
	// methods are the request methods a response decoder answers, in order:
	// a response to HEAD has no body whatever its headers say.
	methods []string
	err     error
	stopped bool // a 101 was decoded: the bytes that follow are not HTTP
}

// NewHTTPDecoder returns a decoder for the messages sent by from.
func NewHTTPDecoder(from Sender) *HTTPDecoder { return &HTTPDecoder{from: from} }

// ExpectResponseTo tells a response decoder that a request with this method
// was sent, so it can frame the matching response (HEAD responses have no body).
func (d *HTTPDecoder) ExpectResponseTo(method string) { d.methods = append(d.methods, method) }

// Switched reports whether the decoder stopped after a 101 Switching
// Protocols response; Rest then returns the bytes that followed it.
func (d *HTTPDecoder) Switched() bool { return d.stopped }

// Rest returns and forgets the bytes buffered but not decoded.
func (d *HTTPDecoder) Rest() []byte {
	b := d.buf
	d.buf = nil
	return b
}

// Feed consumes the next bytes of the stream and returns the messages they
// complete. It returns an error once, when the bytes are not valid HTTP/1.1.
func (d *HTTPDecoder) Feed(p []byte) ([]*HTTPMessage, error) {
	if d.err != nil {
		return nil, nil
	}
	d.buf = append(d.buf, p...)
	if d.stopped {
		return nil, nil
	}
	if d.untilClose && len(d.buf)-d.bodyStart > MaxHTTPBody {
		// Only the close would end this body: refuse to hold more of it
		// than any other body, rather than buffer it for as long as the
		// server keeps sending.
		d.err = fmt.Errorf("HTTP body over %d bytes", MaxHTTPBody)
		return nil, d.err
	}
	var out []*HTTPMessage
	for len(d.buf) > 0 && len(d.buf) >= d.need && !d.untilClose {
		m, n, err := d.parse(false)
		if err != nil {
			d.err = err
			return out, err
		}
		if m == nil {
			break
		}
		d.buf = d.buf[n:]
		out = append(out, m)
		if m.Status == http.StatusSwitchingProtocols {
			d.stopped = true
			break
		}
	}
	if len(d.buf) == 0 {
		d.buf = nil // let a big body be collected
	}
	return out, nil
}

// Close tells the decoder the sender closed the connection. A response whose
// body was delimited by the close is complete now; any other buffered bytes
// are a truncated message.
func (d *HTTPDecoder) Close() (*HTTPMessage, error) {
	if d.err != nil || d.stopped || len(d.buf) == 0 {
		return nil, nil
	}
	if d.untilClose {
		m, n, err := d.parse(true)
		if err != nil {
			d.err = err
			return nil, err
		}
		if m != nil {
			d.buf = d.buf[n:]
			return m, nil
		}
	}
	d.err = fmt.Errorf("connection closed in the middle of an HTTP message (%d bytes unparsed)", len(d.buf))
	return nil, d.err
}

// parse tries to decode one message from the start of d.buf. It returns
// (nil, 0, nil) when more bytes are needed.
func (d *HTTPDecoder) parse(atEOF bool) (*HTTPMessage, int, error) {
	headLen := headEnd(d.buf)
	if headLen < 0 {
		if len(d.buf) > MaxHTTPHead {
			return nil, 0, fmt.Errorf("no end of HTTP head within %d bytes", MaxHTTPHead)
		}
		if bytes.HasPrefix(d.buf, []byte{0x16, 0x03}) {
			return nil, 0, errors.New("these bytes are a TLS handshake, not HTTP (is this an https:// or wss:// server?)")
		}
		return nil, 0, nil
	}
	src := &eofReader{r: bytes.NewReader(d.buf)}
	br := bufio.NewReaderSize(src, 4096)
	consumed := func() int { return len(d.buf) - src.r.Len() - br.Buffered() }

	m := &HTTPMessage{From: d.from}
	var body io.ReadCloser
	if d.from == FromClient {
		req, err := http.ReadRequest(br)
		if err != nil && src.hit {
			return nil, 0, nil // a parse that ran out of bytes needs more, not a verdict
		}
		if err != nil {
			return nil, 0, malformed("request", err)
		}
		headLen = consumed() // what net/http took as the head is the truth
		m.Method, m.Target, m.Proto = req.Method, req.RequestURI, req.Proto
		m.Chunked = len(req.TransferEncoding) > 0
		body = req.Body
		if req.ContentLength > 0 {
			d.need = headLen + int(req.ContentLength)
		}
	} else {
		method := http.MethodGet
		if len(d.methods) > 0 {
			method = d.methods[0]
		}
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil && src.hit {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, malformed("response", err)
		}
		headLen = consumed()
		m.Status, m.Proto = resp.StatusCode, resp.Proto
		m.Reason = strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
		m.Chunked = len(resp.TransferEncoding) > 0
		body = resp.Body
		if resp.Body != http.NoBody && resp.ContentLength < 0 && !m.Chunked && !atEOF {
			// The body runs until the server closes the connection (RFC 9112 §6.3).
			d.untilClose, d.bodyStart = true, headLen
			return nil, 0, nil
		}
		if resp.ContentLength > 0 {
			d.need = headLen + int(resp.ContentLength)
		}
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxHTTPBody+1))
	if err != nil && (src.hit || errors.Is(err, io.ErrUnexpectedEOF)) {
		return nil, 0, nil // the body is not all here yet
	}
	if err != nil {
		return nil, 0, fmt.Errorf("malformed HTTP body: %w", err)
	}
	if len(b) > MaxHTTPBody {
		return nil, 0, fmt.Errorf("HTTP body over %d bytes", MaxHTTPBody)
	}
	n := consumed()
	m.HeadLen = headLen
	m.Body = b
	m.Raw = append([]byte(nil), d.buf[:n]...)
	m.StartLine, m.Headers = splitHead(m.Raw[:headLen])
	d.need, d.untilClose = 0, false
	if d.from == FromServer && len(d.methods) > 0 && m.Status >= 200 {
		d.methods = d.methods[1:] // 1xx responses are interim: the final one still comes
	}
	return m, n, nil
}

// malformed says that a request or response did not parse. net/http's own
// errors often say so already ("malformed HTTP response \"...\""); those
// are returned as they are rather than prefixed with the same words again.
func malformed(what string, err error) error {
	if strings.HasPrefix(err.Error(), "malformed HTTP") {
		return err
	}
	return fmt.Errorf("malformed HTTP %s: %w", what, err)
}

// headEnd returns the length of the head (through the blank line), or -1 if
// the buffer holds no complete head yet. Like net/http it takes a bare LF as
// a line end, so the blank line is "\n\n" or "\n\r\n", whichever comes first.
func headEnd(b []byte) int {
	end := -1
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		end = i + 2
	}
	if i := bytes.Index(b, []byte("\n\r\n")); i >= 0 && (end < 0 || i+3 < end) {
		end = i + 3
	}
	return end
}

// splitHead reads the start line and header lines of a head that net/http
// already accepted, keeping wire case, order and byte offsets.
func splitHead(head []byte) (string, []HeaderField) {
	var start string
	var fields []HeaderField
	off := 0
	for first := true; off < len(head); first = false {
		end := bytes.IndexByte(head[off:], '\n')
		if end < 0 {
			end = len(head) - off
		}
		line := head[off : off+end]
		lineLen := len(line)
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case first:
			start = string(line)
		case len(line) == 0:
			return start, fields
		case (line[0] == ' ' || line[0] == '\t') && len(fields) > 0:
			// obs-fold continuation (RFC 9112 §5.2): part of the previous value.
			last := &fields[len(fields)-1]
			last.Value += " " + strings.TrimSpace(string(line))
			last.Len = off + len(line) - last.Off
		default:
			name, value, _ := strings.Cut(string(line), ":")
			fields = append(fields, HeaderField{Name: name, Value: strings.TrimSpace(value), Off: off, Len: len(line)})
		}
		off += lineLen + 1
	}
	return start, fields
}

// eofReader remembers whether a parser asked for more bytes than the buffer
// holds: an error after that means "incomplete", not "malformed".
type eofReader struct {
	r   *bytes.Reader
	hit bool
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		e.hit = true
	}
	return n, err
}

// HasToken reports whether the comma-separated header value lists token,
// compared case-insensitively, as Connection and Upgrade are read (RFC 9110
// §5.6.1, §7.6.1).
func HasToken(value, token string) bool {
	for _, t := range strings.Split(value, ",") {
		if strings.EqualFold(strings.TrimSpace(t), token) {
			return true
		}
	}
	return false
}

// QuoteOrAbsent shows a header value as a check's detail: quoted, or
// "absent" when the request did not send it.
func QuoteOrAbsent(v string) string {
	if v == "" {
		return "absent"
	}
	return strconv.Quote(v)
}
