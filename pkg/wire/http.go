package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// MaxHTTPHead caps the bytes of one HTTP head (start line, header fields and
// the blank line that ends them). HTTP sets no limit (RFC 9110 §5.4) but
// lets a recipient refuse more than it wishes to process; a longer head is
// reported as an error (ErrHeadTooLarge) rather than buffered for as long as
// a peer keeps sending. net/http's server allows 1 MiB plus 4 KiB by
// default; 64 KiB is far above any head a demo or a browser sends.
const MaxHTTPHead = 64 << 10

// MaxInterim is how many interim (1xx) responses a response decoder reports
// before the final response it is waiting for; one more is an error
// (ErrTooManyInterim). RFC 9110 §15.2 lets a server send any number, each
// only saying that a final response is still to come, so a peer could send
// them forever; 100 leaves room for any real use and stops a flood.
const MaxInterim = 100

// The errors a decoder stops at when a peer exceeds one of its limits, for
// callers that word them (errors.Is) rather than print them.
var (
	// ErrHeadTooLarge: an HTTP head grew past MaxHTTPHead bytes without
	// the blank line that ends it.
	ErrHeadTooLarge = errors.New("HTTP head too large")
	// ErrTooManyInterim: more than MaxInterim interim (1xx) responses
	// arrived before a final one.
	ErrTooManyInterim = errors.New("too many interim (1xx) responses")
)

// HeaderField is one header line exactly as it crossed the wire.
type HeaderField struct {
	Name, Value string // wire case; value without surrounding whitespace
	Off, Len    int    // the line's bytes in HTTPMessage.Raw, without CRLF
}

// HTTPMessage is one HTTP/1.1 request or response as it crossed the wire.
//
// Its head is always whole (at most MaxHTTPHead bytes). Of its body the
// decoder keeps at most DefaultKeep bytes, so a peer sending a gigabyte
// costs the tap a bounded prefix: BodyLen and BodyLength stay exact, and
// Truncated says when Raw and Body were cut.
type HTTPMessage struct {
	From Sender // FromClient for requests, FromServer for responses
	// Raw holds the exact bytes of the message: head and body as sent
	// (chunk framing included), or, when Truncated is set, the head and the
	// first bytes of the body as sent.
	Raw []byte
	// HeadLen is the length of the head in Raw: start line, headers and the
	// empty line that ends them.
	HeadLen int
	// StartLine is the first line, without CRLF.
	StartLine string

	Method, Target string // requests
	Status         int    // responses
	Reason         string // responses
	// Answers is, for a response, the method of the request it answers as
	// the decoder was told (ExpectResponseTo), or "" when it was not: a
	// response to HEAD has no body whatever its headers say (RFC 9110
	// §9.3.2).
	Answers string
	Proto   string // e.g. "HTTP/1.1"

	Headers []HeaderField // wire order and wire case
	// Body is the message body with transfer coding removed (de-chunked),
	// or its first bytes when Truncated is set.
	Body []byte
	// BodyLength is the exact length of the whole body, de-chunked.
	BodyLength int64
	Chunked    bool
	// Truncated reports that Raw and Body hold only the exact first bytes
	// of the body, to keep memory bounded (the trace's raw_truncated).
	Truncated bool
	// Interim numbers an interim (1xx) response other than 101 among those
	// that came before the same final response: 1, 2, 3 … up to MaxInterim,
	// so a caller can show the first few and count the rest (RFC 9110
	// §15.2). It is 0 for every other message.
	Interim int

	bodyWire int64 // body bytes as sent, framing included
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

// HeaderValues returns the values of every header line called name
// (case-insensitive), in wire order: a field a sender may split over
// several lines, such as Sec-WebSocket-Extensions (RFC 9110 §5.3).
func (m *HTTPMessage) HeaderValues(name string) []string {
	var out []string
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

// BodyLen is the number of bytes after the head, as sent (chunk framing
// included), whether or not Raw kept them all.
func (m *HTTPMessage) BodyLen() int { return int(m.bodyWire) }

// HTTPDecoder turns one direction of an HTTP/1.1 connection into messages.
// It parses heads with net/http (http.ReadRequest, http.ReadResponse) for
// validation, reads header names and order from the raw bytes, which
// net/http canonicalises and forgets, and streams bodies itself: a
// Content-Length body is counted down, a chunked one (RFC 9112 §7.1) goes
// through a small state machine, so each byte is looked at once however
// the body is chunked on the wire, and only a bounded prefix is kept.
type HTTPDecoder struct {
	from Sender
	// buf holds the next head while it arrives in pieces; after a 101 it
	// holds the bytes that followed (Rest).
	buf     []byte
	scanned int // bytes of buf already searched for the head's end

	cur  *HTTPMessage // the message whose body is arriving
	body bodyState

	// methods are the request methods a response decoder answers, in order:
	// a response to HEAD has no body whatever its headers say.
	methods []string
	interim int // interim responses since the last final one
	err     error
	stopped bool // a 101 was decoded: the bytes that follow are not HTTP

	// Reused for every head, so parsing one costs no buffer.
	rd  eofReader
	br  *bufio.Reader
	raw bytes.Reader
}

// NewHTTPDecoder returns a decoder for the messages sent by from.
func NewHTTPDecoder(from Sender) *HTTPDecoder { return &HTTPDecoder{from: from} }

// maxPendingMethods bounds the methods remembered for responses that have
// not arrived: a peer that never answers cannot make the list grow without
// end. Past it, responses are framed as answers to GET, which only a HEAD
// request would change.
const maxPendingMethods = 1024

// ExpectResponseTo tells a response decoder that a request with this method
// was sent, so it can frame the matching response (HEAD responses have no body).
func (d *HTTPDecoder) ExpectResponseTo(method string) {
	if len(d.methods) < maxPendingMethods {
		d.methods = append(d.methods, method)
	}
}

// Switched reports whether the decoder stopped after a 101 Switching
// Protocols response; Rest then returns the bytes that followed it.
func (d *HTTPDecoder) Switched() bool { return d.stopped }

// Rest returns and forgets the bytes buffered but not decoded: after a 101
// those that followed it, after an error those it stopped at.
func (d *HTTPDecoder) Rest() []byte {
	b := d.buf
	d.buf, d.scanned = nil, 0
	return b
}

// Feed consumes the next bytes of the stream and returns the messages they
// complete. It returns an error once, when the bytes are not valid HTTP/1.1
// or exceed a limit (ErrHeadTooLarge, ErrTooManyInterim); after it, and
// after a 101, it decodes nothing more.
func (d *HTTPDecoder) Feed(p []byte) ([]*HTTPMessage, error) {
	if d.err != nil {
		return nil, nil
	}
	if d.stopped {
		d.buf = append(d.buf, p...)
		return nil, nil
	}
	var out []*HTTPMessage
	for {
		if d.cur != nil {
			n, done, err := d.feedBody(p)
			if err != nil {
				return out, d.fail(err, p[n:])
			}
			p = p[n:]
			if !done {
				return out, nil // p is used up inside the body
			}
			out = append(out, d.cur)
			d.cur = nil
			continue
		}
		if len(p) == 0 {
			return out, nil
		}
		// A head: parsed in place when it is all in p, else gathered in buf.
		src := p
		if len(d.buf) > 0 {
			d.buf = append(d.buf, p...)
			src = d.buf
		}
		m, n, err := d.parseHead(src)
		if err != nil {
			return out, d.fail(err, src)
		}
		if m == nil { // the head is not all here
			if len(d.buf) == 0 {
				d.buf = append(d.buf, p...)
			}
			return out, nil
		}
		// Go on with the bytes after the head. When they are in buf, buf
		// is let go rather than reused, so nothing writes over them.
		p = src[n:]
		d.buf, d.scanned = nil, 0
		if m.Status == http.StatusSwitchingProtocols {
			out = append(out, m)
			d.stopped = true
			d.buf = append([]byte(nil), p...)
			return out, nil
		}
		if d.cur == nil {
			out = append(out, m) // no body
			continue
		}
	}
}

// fail records a fatal error and keeps the bytes it stopped at for Rest.
func (d *HTTPDecoder) fail(err error, at []byte) error {
	d.err = err
	d.buf = append([]byte(nil), at[:min(len(at), MaxErrorRaw)]...)
	d.cur = nil
	return err
}

// Close tells the decoder the sender closed the connection. A response whose
// body was delimited by the close is complete now; any other unfinished
// message is an error.
func (d *HTTPDecoder) Close() (*HTTPMessage, error) {
	d.br = nil // nothing more comes: let the reader's buffer go
	if d.err != nil || d.stopped {
		return nil, nil
	}
	if m := d.cur; m != nil {
		if d.body.mode == untilClose {
			d.cur = nil
			return m, nil
		}
		d.err = fmt.Errorf("connection closed in the middle of an HTTP message's body (%d bytes of it arrived)", m.bodyWire)
		return nil, d.err
	}
	if len(d.buf) == 0 {
		return nil, nil
	}
	d.err = fmt.Errorf("connection closed in the middle of an HTTP message (%d bytes unparsed)", len(d.buf))
	return nil, d.err
}

// parseHead decodes the head at the start of src. It returns the message
// and the length of its head, or a nil message when the head is not all
// here yet. A message with a body is left in d.cur for feedBody.
func (d *HTTPDecoder) parseHead(src []byte) (*HTTPMessage, int, error) {
	from := max(d.scanned-3, 0) // the blank line may straddle the last search
	headLen := headEnd(src[from:])
	if headLen < 0 {
		d.scanned = len(src)
		if len(src) > MaxHTTPHead {
			return nil, 0, headTooLarge()
		}
		if bytes.HasPrefix(src, []byte{0x16, 0x03}) {
			return nil, 0, errors.New("these bytes are a TLS handshake, not HTTP (is this an https:// or wss:// server?)")
		}
		return nil, 0, nil
	}
	headLen += from
	if headLen > MaxHTTPHead {
		return nil, 0, headTooLarge()
	}
	d.raw.Reset(src)
	d.rd = eofReader{r: &d.raw}
	if d.br == nil {
		d.br = bufio.NewReaderSize(&d.rd, 4096)
	} else {
		d.br.Reset(&d.rd)
	}
	consumed := func() int { return len(src) - d.raw.Len() - d.br.Buffered() }

	m := &HTTPMessage{From: d.from}
	mode, length := lengthMode, int64(0)
	if d.from == FromClient {
		req, err := http.ReadRequest(d.br)
		if err != nil && d.rd.hit {
			return nil, 0, nil // a parse that ran out of bytes needs more, not a verdict
		}
		if err != nil {
			return nil, 0, malformed("request", err)
		}
		headLen = consumed() // what net/http took as the head is the truth
		m.Method, m.Target, m.Proto = req.Method, req.RequestURI, req.Proto
		m.Chunked = len(req.TransferEncoding) > 0
		length = max(req.ContentLength, 0)
	} else {
		method := http.MethodGet
		if len(d.methods) > 0 {
			method = d.methods[0]
			m.Answers = method
		}
		resp, err := http.ReadResponse(d.br, &http.Request{Method: method})
		if err != nil && d.rd.hit {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, malformed("response", err)
		}
		headLen = consumed()
		m.Status, m.Proto = resp.StatusCode, resp.Proto
		m.Reason = strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
		m.Chunked = len(resp.TransferEncoding) > 0
		switch {
		case resp.Body == http.NoBody:
		case m.Chunked:
		case resp.ContentLength >= 0:
			length = resp.ContentLength
		default:
			// The body runs until the server closes the connection (RFC 9112 §6.3).
			mode = untilClose
		}
		switch {
		case m.Status >= 200:
			d.interim = 0
			if len(d.methods) > 0 {
				d.methods = d.methods[1:]
			}
		case m.Status != http.StatusSwitchingProtocols:
			// Interim: the final response to the same request still comes.
			d.interim++
			if d.interim > MaxInterim {
				return nil, 0, fmt.Errorf("%w: %d arrived and no final response: a 1xx response only announces that the final one is still to come (RFC 9110 §15.2), so decoding stops here", ErrTooManyInterim, MaxInterim+1)
			}
			m.Interim = d.interim
		}
	}
	if m.Chunked {
		mode = chunked
	}
	m.HeadLen = headLen
	// A known length sizes Raw and Body once; other bodies grow them as
	// they arrive, up to what is kept.
	keepBody := 0
	if mode == lengthMode && length > 0 {
		keepBody = int(min(length, DefaultKeep))
		m.Body = make([]byte, 0, keepBody)
	}
	m.Raw = make([]byte, headLen, headLen+keepBody)
	copy(m.Raw, src[:headLen])
	m.StartLine, m.Headers = splitHead(m.Raw)
	if mode != lengthMode || length > 0 {
		d.cur = m
		d.body = bodyState{mode: mode, left: length}
	}
	return m, headLen, nil
}

// headTooLarge is the error for a head past MaxHTTPHead.
func headTooLarge() error {
	return fmt.Errorf("%w: more than %d bytes without the blank line that ends it; HTTP sets no limit, but a recipient may refuse fields larger than it wishes to process (RFC 9110 §5.4), and wsdemo stops there", ErrHeadTooLarge, MaxHTTPHead)
}

// bodyMode is how a message's body ends (RFC 9112 §6.3).
type bodyMode uint8

const (
	lengthMode bodyMode = iota // after Content-Length bytes (0 when absent)
	chunked                    // after the last chunk and the trailer section (§7.1)
	untilClose                 // when the connection closes (a response only)
)

// chunkStep is where a chunked body's state machine stands (RFC 9112 §7.1).
type chunkStep uint8

const (
	chunkSizeLine chunkStep = iota // chunk-size [ chunk-ext ] CRLF
	chunkData                      // chunk-data: left bytes to go
	chunkDataEnd                   // the CRLF after chunk-data
	chunkTrailer                   // trailer field lines, then an empty line
)

// maxChunkLine caps a chunk-size line, as net/http does.
const maxChunkLine = 4096

// bodyState is where the body of HTTPDecoder.cur stands.
type bodyState struct {
	mode bodyMode
	left int64 // lengthMode: bytes to go; chunked: bytes of the chunk to go
	step chunkStep
	line []byte // the chunk-size or trailer line so far
	// trailer counts the trailer section's bytes, held to MaxHTTPHead.
	trailer int
	crlf    int // bytes of the CRLF after chunk-data seen
}

// feedBody takes the bytes of d.cur's body at the start of p and returns how
// many it took, and whether the body is complete.
func (d *HTTPDecoder) feedBody(p []byte) (int, bool, error) {
	b := &d.body
	switch b.mode {
	case untilClose:
		d.keep(p, p)
		return len(p), false, nil
	case lengthMode:
		n := int(min(int64(len(p)), b.left))
		d.keep(p[:n], p[:n])
		b.left -= int64(n)
		return n, b.left == 0, nil
	}
	// Chunked: framing bytes go to Raw only, data to Raw and Body.
	i := 0
	for i < len(p) {
		switch b.step {
		case chunkData:
			n := int(min(int64(len(p)-i), b.left))
			d.keep(p[i:i+n], p[i:i+n])
			i += n
			b.left -= int64(n)
			if b.left == 0 {
				b.step, b.crlf = chunkDataEnd, 0
			}
		case chunkDataEnd:
			want := "\r\n"[b.crlf]
			if p[i] != want {
				return i, false, chunkError("chunk data is not followed by CRLF")
			}
			d.keep(p[i:i+1], nil)
			i++
			if b.crlf++; b.crlf == 2 {
				b.step = chunkSizeLine
			}
		case chunkSizeLine, chunkTrailer:
			j := bytes.IndexByte(p[i:], '\n')
			end := len(p)
			if j >= 0 {
				end = i + j + 1
			}
			d.keep(p[i:end], nil)
			b.line = append(b.line, p[i:end]...)
			if b.step == chunkTrailer {
				if b.trailer += end - i; b.trailer > MaxHTTPHead {
					return i, false, fmt.Errorf("%w: a trailer section of more than %d bytes (RFC 9110 §5.4)", ErrHeadTooLarge, MaxHTTPHead)
				}
			} else if len(b.line) > maxChunkLine {
				return i, false, chunkError("a chunk-size line longer than 4096 bytes")
			}
			i = end
			if j < 0 {
				return i, false, nil // the line goes on in the next bytes
			}
			if done, err := b.endLine(); err != nil || done {
				return i, done, err
			}
		}
	}
	return i, false, nil
}

// endLine handles a complete chunk-size or trailer line in b.line and
// reports whether it ended the body.
func (b *bodyState) endLine() (bool, error) {
	line := b.line
	b.line = b.line[:0]
	if b.step == chunkTrailer {
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) == 0 {
			return true, nil // the empty line that ends the trailer section
		}
		if bytes.IndexByte(line, ':') <= 0 {
			return false, fmt.Errorf("malformed HTTP body: trailer line %q is not a field (RFC 9112 §7.1.2)", clip(line))
		}
		return false, nil
	}
	// net/http's chunked reader is this strict, and the bytes must decode
	// the way the peer's own Go code would read them.
	if len(line) < 2 || line[len(line)-2] != '\r' {
		return false, chunkError("a chunk-size line ends with a bare LF")
	}
	line = line[:len(line)-2]
	if bytes.IndexByte(line, '\r') >= 0 {
		return false, chunkError("a CR inside a chunk-size line")
	}
	line = bytes.TrimRight(line, " \t")
	line, _, _ = bytes.Cut(line, []byte(";")) // chunk extensions carry nothing we show
	size, err := parseChunkSize(line)
	if err != nil {
		return false, err
	}
	if size == 0 {
		b.step = chunkTrailer // the last chunk
		return false, nil
	}
	b.step, b.left = chunkData, size
	return false, nil
}

// parseChunkSize reads a chunk-size: 1 to 16 hex digits.
func parseChunkSize(v []byte) (int64, error) {
	if len(v) == 0 {
		return 0, chunkError("an empty chunk size")
	}
	var n uint64
	for i, c := range v {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, chunkError(fmt.Sprintf("invalid byte %q in chunk size", v[i]))
		}
		if i == 16 {
			return 0, chunkError("a chunk size of more than 16 hex digits")
		}
		n = n<<4 | uint64(c)
	}
	if n > math.MaxInt64 {
		return 0, chunkError("a chunk size too large")
	}
	return int64(n), nil
}

// chunkError reports a chunked body that breaks RFC 9112 §7.1.
func chunkError(what string) error {
	return fmt.Errorf("malformed HTTP body: %s (RFC 9112 §7.1)", what)
}

// clip shortens a quoted line in an error.
func clip(b []byte) []byte { return b[:min(len(b), 60)] }

// keep records body bytes of d.cur: wire are the bytes as sent (counted,
// and kept in Raw while there is room), data what they carry (counted, and
// kept in Body while there is room).
func (d *HTTPDecoder) keep(wire, data []byte) {
	m := d.cur
	m.bodyWire += int64(len(wire))
	if room := m.HeadLen + DefaultKeep - len(m.Raw); room > 0 {
		m.Raw = append(m.Raw, wire[:min(room, len(wire))]...)
	}
	m.BodyLength += int64(len(data))
	if room := DefaultKeep - len(m.Body); room > 0 && len(data) > 0 {
		m.Body = append(m.Body, data[:min(room, len(data))]...)
	}
	if m.bodyWire > int64(len(m.Raw)-m.HeadLen) || m.BodyLength > int64(len(m.Body)) {
		m.Truncated = true
	}
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
