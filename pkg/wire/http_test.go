package wire

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const (
	getReq      = "GET /api/notes HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: Go-http-client/1.1\r\nAuthorization: Bearer t0k\r\nAccept-Encoding: gzip\r\n\r\n"
	postReq     = "POST /api/notes HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\ncontent-type: application/json\r\n\r\n{\"text\":\"milk\"}"
	chunkedResp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Mixed-Case: yes\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
	createdResp = "HTTP/1.1 201 Created\r\nLocation: /api/notes/1\r\nContent-Length: 2\r\n\r\n{}"
	switchResp  = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x02hi"
)

func feedAll(t *testing.T, d *HTTPDecoder, chunks ...[]byte) []*HTTPMessage {
	t.Helper()
	var out []*HTTPMessage
	for _, c := range chunks {
		ms, err := d.Feed(c)
		if err != nil {
			t.Fatalf("Feed: %v", err)
		}
		out = append(out, ms...)
	}
	return out
}

func TestHTTPDecoderKeepsWireCaseOrderAndRawBytes(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromClient)
	ms := feedAll(t, d, []byte(getReq+postReq))
	if len(ms) != 2 {
		t.Fatalf("got %d messages, want 2", len(ms))
	}
	get, post := ms[0], ms[1]
	if string(get.Raw) != getReq || string(post.Raw) != postReq {
		t.Fatalf("raw bytes differ from what was sent:\n%q\n%q", get.Raw, post.Raw)
	}
	if get.Method != "GET" || get.Target != "/api/notes" || get.Proto != "HTTP/1.1" {
		t.Errorf("start line = %s %s %s", get.Method, get.Target, get.Proto)
	}
	var names []string
	for _, h := range get.Headers {
		names = append(names, h.Name)
		if line := string(get.Raw[h.Off : h.Off+h.Len]); !strings.HasPrefix(line, h.Name+":") {
			t.Errorf("span of %s covers %q", h.Name, line)
		}
	}
	if got := strings.Join(names, ","); got != "Host,User-Agent,Authorization,Accept-Encoding" {
		t.Errorf("header order = %s", got)
	}
	if post.Headers[2].Name != "content-type" {
		t.Errorf("wire case lost: %q", post.Headers[2].Name)
	}
	if string(post.Body) != `{"text":"milk"}` || post.HeadLen != len(postReq)-15 {
		t.Errorf("body %q headlen %d", post.Body, post.HeadLen)
	}
}

func TestHTTPDecoderChunkedResponses(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	ms := feedAll(t, d, []byte(chunkedResp+createdResp))
	if len(ms) != 2 {
		t.Fatalf("got %d messages", len(ms))
	}
	if !ms[0].Chunked || string(ms[0].Body) != "hello, world" || string(ms[0].Raw) != chunkedResp {
		t.Errorf("chunked: %+v", ms[0])
	}
	if ms[1].Status != 201 || ms[1].Reason != "Created" || ms[1].Header("location") != "/api/notes/1" {
		t.Errorf("201: %d %q %q", ms[1].Status, ms[1].Reason, ms[1].Header("location"))
	}
}

// Every split point of a stream of several messages gives the same messages.
func TestHTTPDecoderEverySplitPoint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from   Sender
		stream string
		want   int
	}{
		{FromClient, getReq + postReq + getReq, 3},
		{FromServer, chunkedResp + createdResp + chunkedResp, 3},
	} {
		for i := 0; i <= len(tc.stream); i++ {
			for j := i; j <= len(tc.stream); j += 7 {
				d := NewHTTPDecoder(tc.from)
				s := tc.stream
				ms := feedAll(t, d, []byte(s[:i]), []byte(s[i:j]), []byte(s[j:]))
				if len(ms) != tc.want {
					t.Fatalf("split %d/%d: %d messages", i, j, len(ms))
				}
				var joined []byte
				for _, m := range ms {
					joined = append(joined, m.Raw...)
				}
				if string(joined) != s {
					t.Fatalf("split %d/%d: raw bytes lost", i, j)
				}
			}
		}
	}
}

func TestHTTPDecoderByteByByte(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	var ms []*HTTPMessage
	for i := 0; i < len(createdResp+chunkedResp); i++ {
		ms = append(ms, feedAll(t, d, []byte{(createdResp + chunkedResp)[i]})...)
	}
	if len(ms) != 2 || string(ms[1].Body) != "hello, world" {
		t.Fatalf("got %d messages", len(ms))
	}
}

func TestHTTPDecoderStopsAfter101(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	ms := feedAll(t, d, []byte(switchResp))
	if len(ms) != 1 || ms[0].Status != 101 || !d.Switched() {
		t.Fatalf("got %d messages, switched=%v", len(ms), d.Switched())
	}
	feedAll(t, d, []byte("\x81"))
	if rest := d.Rest(); !bytes.Equal(rest, []byte("\x81\x02hi\x81")) {
		t.Fatalf("rest = %q", rest)
	}
}

func TestHTTPDecoderBodyUntilClose(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	if ms := feedAll(t, d, []byte("HTTP/1.0 200 OK\r\n\r\npart one, ")); len(ms) != 0 {
		t.Fatal("a close-delimited body was complete before the close")
	}
	feedAll(t, d, []byte("part two"))
	m, err := d.Close()
	if err != nil || m == nil || string(m.Body) != "part one, part two" {
		t.Fatalf("Close: %v %+v", err, m)
	}
}

// A body that only the close ends is streamed like any other: the decoder
// keeps a bounded prefix and counts the rest, for as long as the server
// keeps sending.
func TestHTTPDecoderBodyUntilCloseIsBounded(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	head := "HTTP/1.0 200 OK\r\n\r\n"
	body := bytes.Repeat([]byte("0123456789abcdef"), (DefaultKeep+100)/16)
	feedAll(t, d, []byte(head), body[:1000], body[1000:])
	m, err := d.Close()
	if err != nil || m == nil {
		t.Fatalf("Close: %v %v", m, err)
	}
	if m.BodyLength != int64(len(body)) || m.BodyLen() != len(body) || !m.Truncated ||
		!bytes.Equal(m.Body, body[:DefaultKeep]) || string(m.Raw) != head+string(body[:DefaultKeep]) {
		t.Fatalf("BodyLength %d BodyLen %d Truncated %v, %d body and %d raw bytes kept; want %d, %d, true, %d, %d",
			m.BodyLength, m.BodyLen(), m.Truncated, len(m.Body), len(m.Raw), len(body), len(body), DefaultKeep, len(head)+DefaultKeep)
	}
}

// TestHTTPDecoderHugeBodyInBoundedMemory: a 100 MiB Content-Length body and
// a 100 MiB chunked one, fed in 32 KiB reads, come out with exact lengths,
// the exact first bytes, the message after them intact, and a heap that
// stayed within a few MiB.
func TestHTTPDecoderHugeBodyInBoundedMemory(t *testing.T) {
	// Not parallel: it measures the heap.
	const size = 100 << 20
	read := make([]byte, 32<<10)
	for i := range read {
		read[i] = byte('a' + i%26)
	}
	for _, chunked := range []bool{false, true} {
		d := NewHTTPDecoder(FromServer)
		var ms []*HTTPMessage
		feed := func(p []byte) {
			got, err := d.Feed(p)
			if err != nil {
				t.Fatalf("chunked=%v: %v", chunked, err)
			}
			ms = append(ms, got...)
		}
		base := heapInUse()
		peak := uint64(0)
		wire := 0
		if chunked {
			feed([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
			for n := 0; n < size; n += len(read) {
				chunk := fmt.Appendf(nil, "%x\r\n", len(read))
				feed(chunk)
				feed(read)
				feed([]byte("\r\n"))
				wire += len(chunk) + len(read) + 2
				if n%(8<<20) == 0 {
					peak = max(peak, heapInUse())
				}
			}
			feed([]byte("0\r\nX-Trailer: yes\r\n\r\n"))
			wire += len("0\r\nX-Trailer: yes\r\n\r\n")
		} else {
			feed(fmt.Appendf(nil, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", size))
			for n := 0; n < size; n += len(read) {
				feed(read)
				if n%(8<<20) == 0 {
					peak = max(peak, heapInUse())
				}
			}
			wire = size
		}
		feed([]byte(createdResp))
		if len(ms) != 2 || ms[1].Status != 201 {
			t.Fatalf("chunked=%v: got %d messages", chunked, len(ms))
		}
		m := ms[0]
		if m.BodyLength != size || m.BodyLen() != wire || !m.Truncated || !bytes.Equal(m.Body, bytes.Repeat(read, 2)[:DefaultKeep]) {
			t.Fatalf("chunked=%v: BodyLength %d BodyLen %d Truncated %v, %d body bytes kept", chunked, m.BodyLength, m.BodyLen(), m.Truncated, len(m.Body))
		}
		if len(m.Raw) != m.HeadLen+DefaultKeep {
			t.Fatalf("chunked=%v: %d raw bytes kept, want the head and %d", chunked, len(m.Raw), DefaultKeep)
		}
		if grew := int64(peak) - int64(base); grew > 4<<20 {
			t.Fatalf("chunked=%v: a 100 MiB body grew the heap by %d KiB", chunked, grew>>10)
		}
	}
}

// TestHTTPDecoderChunkedBodyIsLinear: once a chunked body is under way, a
// read costs no allocation: the decoder does not parse the body again from
// its start on every read (it used to: quadratic in the body's size).
func TestHTTPDecoderChunkedBodyIsLinear(t *testing.T) {
	// Not parallel: it counts allocations.
	d := NewHTTPDecoder(FromServer)
	feedAll(t, d, []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
	read := []byte("400\r\n" + strings.Repeat("x", 0x400) + "\r\n")
	for range DefaultKeep/0x400 + 1 { // past the kept prefix
		feedAll(t, d, read)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if ms, err := d.Feed(read); err != nil || len(ms) != 0 {
			t.Fatalf("Feed: %v, %d messages", err, len(ms))
		}
	})
	if allocs != 0 {
		t.Fatalf("%.1f allocations per read of a chunked body, want 0", allocs)
	}
}

// TestHTTPDecoderChunked covers the chunked coding's corners (RFC 9112
// §7.1): extensions, trailers, upper-case hex, and what net/http refuses.
func TestHTTPDecoderChunked(t *testing.T) {
	t.Parallel()
	const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	for _, tc := range []struct {
		name, body, want, err string
	}{
		{"extension", "5;name=value\r\nhello\r\n0\r\n\r\n", "hello", ""},
		{"upper-case hex and padding", "000A \r\n0123456789\r\n0\r\n\r\n", "0123456789", ""},
		{"trailer fields", "3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-More: 2\r\n\r\n", "abc", ""},
		{"empty", "0\r\n\r\n", "", ""},
		{"bare LF after the size", "3\nabc\r\n0\r\n\r\n", "", "bare LF;§7.1"},
		{"no CRLF after the data", "3\r\nabcX\r\n0\r\n\r\n", "", "not followed by CRLF;§7.1"},
		{"bad hex", "zz\r\n", "", "malformed HTTP body;invalid byte;§7.1"},
		{"empty size", "\r\n", "", "empty chunk size"},
		{"17 hex digits", "10000000000000000\r\n", "", "more than 16 hex digits"},
		{"trailer that is not a field", "0\r\nnonsense\r\n\r\n", "", "not a field;§7.1.2"},
	} {
		stream := head + tc.body + createdResp
		for i := 0; i <= len(stream); i++ {
			d := NewHTTPDecoder(FromServer)
			a, err1 := d.Feed([]byte(stream[:i]))
			b, err2 := d.Feed([]byte(stream[i:]))
			ms, err := append(a, b...), errors.Join(err1, err2)
			if tc.err != "" {
				for _, part := range strings.Split(tc.err, ";") {
					if err == nil || !strings.Contains(err.Error(), part) {
						t.Fatalf("%s, split at %d: err %v, want %q", tc.name, i, err, part)
					}
				}
				continue
			}
			if err != nil || len(ms) != 2 || string(ms[0].Body) != tc.want || string(ms[0].Raw) != head+tc.body || ms[0].BodyLength != int64(len(tc.want)) || ms[0].Truncated {
				t.Fatalf("%s, split at %d: err %v, %d messages", tc.name, i, err, len(ms))
			}
		}
	}
}

// TestHTTPDecoderInterimResponses: each interim (1xx) response is reported
// with its number, a final response starts the count again, and a flood is
// stopped after MaxInterim with an error naming the rule.
func TestHTTPDecoderInterimResponses(t *testing.T) {
	t.Parallel()
	const cont = "HTTP/1.1 100 Continue\r\n\r\n"
	d := NewHTTPDecoder(FromServer)
	ms := feedAll(t, d, []byte(cont+cont+"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"+createdResp+cont))
	var got []int
	for _, m := range ms {
		got = append(got, m.Interim)
	}
	if fmt.Sprint(got) != "[1 2 3 0 1]" {
		t.Fatalf("Interim %v, want [1 2 3 0 1]", got)
	}
	n := len(ms)
	var err error
	for range MaxInterim * 2 {
		var more []*HTTPMessage
		more, err = d.Feed([]byte(cont))
		n += len(more)
		if err != nil {
			break
		}
	}
	if !errors.Is(err, ErrTooManyInterim) || !strings.Contains(err.Error(), "RFC 9110 §15.2") {
		t.Fatalf("err %v, want ErrTooManyInterim citing RFC 9110 §15.2", err)
	}
	if n != 4+MaxInterim {
		t.Fatalf("%d messages before the error, want %d", n, 4+MaxInterim)
	}
}

// TestHTTPDecoderHeadTooLarge: the error names the limit and the rule.
func TestHTTPDecoderHeadTooLarge(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromClient)
	_, err := d.Feed([]byte("GET / HTTP/1.1\r\nX: " + strings.Repeat("a", MaxHTTPHead)))
	if !errors.Is(err, ErrHeadTooLarge) || !strings.Contains(err.Error(), "RFC 9110 §5.4") || !strings.Contains(err.Error(), "65536 bytes") {
		t.Fatalf("err %v", err)
	}
	// Byte by byte it is found at the same point, not by searching the
	// head again from its start on every read.
	d = NewHTTPDecoder(FromClient)
	in := []byte("GET / HTTP/1.1\r\nX: " + strings.Repeat("a", MaxHTTPHead))
	for i := range in {
		if _, err = d.Feed(in[i : i+1]); err != nil {
			break
		}
	}
	if !errors.Is(err, ErrHeadTooLarge) {
		t.Fatalf("byte by byte: err %v", err)
	}
}

func TestHTTPDecoderHeadResponseHasNoBody(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	d.ExpectResponseTo("HEAD")
	ms := feedAll(t, d, []byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"+createdResp))
	if len(ms) != 2 || len(ms[0].Body) != 0 || ms[1].Status != 201 {
		t.Fatalf("got %d messages", len(ms))
	}
}

func TestHTTPDecoderMalformed(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		from  Sender
		input string
		want  string
	}{
		"bad request line": {FromClient, "GARBAGE\r\n\r\n", "malformed HTTP request"},
		"bad status":       {FromServer, "HTTP/1.1 abc OK\r\n\r\n", "malformed HTTP status code"},
		"not a response":   {FromServer, "\x00garbage\r\n\r\n", `malformed HTTP response "\x00garbage"`},
		"bad header line":  {FromServer, "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "malformed HTTP response: malformed MIME header"},
		"tls":              {FromServer, "\x16\x03\x01\x00\xa5\x01\x00", "TLS"},
		"endless head":     {FromClient, "GET / HTTP/1.1\r\nX: " + strings.Repeat("a", MaxHTTPHead), "HTTP head too large"},
		"bad chunk":        {FromServer, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed HTTP body"},
	} {
		d := NewHTTPDecoder(tc.from)
		_, err := d.Feed([]byte(tc.input))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
		if err != nil && strings.Count(err.Error(), "malformed HTTP") > 1 {
			t.Errorf("%s: err = %v, says malformed twice", name, err)
		}
		if ms, err := d.Feed([]byte(getReq)); ms != nil || err != nil {
			t.Errorf("%s: decoder went on after an error", name)
		}
	}
	d := NewHTTPDecoder(FromClient)
	feedAll(t, d, []byte(postReq[:20]))
	if _, err := d.Close(); err == nil || !strings.Contains(err.Error(), "middle of an HTTP message") {
		t.Errorf("truncated close: %v", err)
	}
}

// FuzzHTTPDecoder checks that the decoder never panics and that how the
// stream is chunked (in two, or byte by byte) never changes the messages or
// the error.
func FuzzHTTPDecoder(f *testing.F) {
	for _, s := range []string{getReq, postReq, chunkedResp, createdResp, switchResp, "GET / HTTP/1.1\r\n\n",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
		"HTTP/1.0 200 OK\r\n\r\nuntil close"} {
		f.Add([]byte(s), uint16(3), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16, client bool) {
		from := FromServer
		if client {
			from = FromClient
		}
		run := func(chunks ...[]byte) ([]*HTTPMessage, string) {
			d := NewHTTPDecoder(from)
			var ms []*HTTPMessage
			var errs []string
			for _, c := range chunks {
				got, err := d.Feed(c)
				ms = append(ms, got...)
				if err != nil {
					errs = append(errs, err.Error())
				}
			}
			m, err := d.Close()
			if m != nil {
				ms = append(ms, m)
			}
			if err != nil {
				errs = append(errs, err.Error())
			}
			return ms, strings.Join(errs, "; ")
		}
		want, wantErr := run(data)
		for _, m := range want {
			if m.HeadLen > len(m.Raw) || int64(len(m.Body)) > m.BodyLength || len(m.Raw)-m.HeadLen > m.BodyLen() {
				t.Fatalf("inconsistent message: HeadLen %d, %d raw bytes, %d of %d body bytes, BodyLen %d", m.HeadLen, len(m.Raw), len(m.Body), m.BodyLength, m.BodyLen())
			}
		}
		i := int(split) % (len(data) + 1)
		got, gotErr := run(data[:i], data[i:])
		if !reflect.DeepEqual(got, want) || gotErr != wantErr {
			t.Fatalf("split at %d: %d messages (err %q), whole gave %d (err %q)", i, len(got), gotErr, len(want), wantErr)
		}
		if len(data) <= 256 {
			bytewise := make([][]byte, len(data))
			for i := range data {
				bytewise[i] = data[i : i+1]
			}
			if got, gotErr := run(bytewise...); !reflect.DeepEqual(got, want) || gotErr != wantErr {
				t.Fatalf("byte by byte: %d messages (err %q), whole gave %d (err %q)", len(got), gotErr, len(want), wantErr)
			}
		}
	})
}

// BenchmarkHTTPDecoderChunkedBody decodes a response with a 1 MiB chunked
// body arriving in 4 KiB reads: each byte is looked at once (the decoder
// used to parse the body again from its start on every read).
func BenchmarkHTTPDecoderChunkedBody(b *testing.B) {
	var stream []byte
	stream = append(stream, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"...)
	chunk := bytes.Repeat([]byte("x"), 1000)
	for range 1 << 20 / len(chunk) {
		stream = fmt.Appendf(stream, "%x\r\n%s\r\n", len(chunk), chunk)
	}
	stream = append(stream, "0\r\n\r\n"...)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		d := NewHTTPDecoder(FromServer)
		n := 0
		for off := 0; off < len(stream); off += 4096 {
			ms, err := d.Feed(stream[off:min(off+4096, len(stream))])
			if err != nil {
				b.Fatal(err)
			}
			n += len(ms)
		}
		if n != 1 {
			b.Fatalf("%d messages", n)
		}
	}
}

// BenchmarkHTTPDecoderInterim decodes interim responses, as a server
// flooding 100 Continue sends them: the cost of each one reported.
func BenchmarkHTTPDecoderInterim(b *testing.B) {
	msg := []byte("HTTP/1.1 100 Continue\r\n\r\n")
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	d := NewHTTPDecoder(FromServer)
	for b.Loop() {
		if ms, err := d.Feed(msg); err != nil || len(ms) != 1 {
			b.Fatal(err)
		}
		d.interim = 0 // a flood past MaxInterim is an error; measure the reporting
	}
}

func BenchmarkHTTPDecoderRequest(b *testing.B) {
	msg := []byte(postReq)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		d := NewHTTPDecoder(FromClient)
		if ms, err := d.Feed(msg); err != nil || len(ms) != 1 {
			b.Fatal(err)
		}
	}
}

// kept copies the Frame of d and its Payload, which the decoder lends, so d
// can be kept.
func kept(d Decoded) Decoded {
	if d.Frame != nil {
		f := *d.Frame
		f.Payload = bytes.Clone(f.Payload)
		d.Frame = &f
	}
	return d
}

func TestConnDecoderSwitchesToFramesAfter101(t *testing.T) {
	t.Parallel()
	req := "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	mask := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	clientFrame := AppendFrame(nil, true, 0, OpText, &mask, []byte("Hello"))
	for split := 0; split <= len(switchResp); split++ {
		c := NewConnDecoder()
		var got []Decoded
		collect := func(d Decoded) { got = append(got, kept(d)) }
		c.Feed(FromClient, []byte(req), collect)
		// The server's first frame arrives in the same read as the 101.
		c.Feed(FromServer, []byte(switchResp[:split]), collect)
		c.Feed(FromServer, []byte(switchResp[split:]), collect)
		c.Feed(FromClient, clientFrame, collect)
		// A fragmented message is reported after its last frame; one-frame
		// messages are not reported apart from their frame.
		c.Feed(FromClient, AppendFrame(nil, false, 0, OpText, &mask, []byte("Hel")), collect)
		c.Feed(FromClient, AppendFrame(nil, true, 0, OpContinuation, &mask, []byte("lo")), collect)
		var kinds []string
		for _, d := range got {
			switch {
			case d.HTTP != nil:
				kinds = append(kinds, "http")
			case d.Frame != nil:
				kinds = append(kinds, "frame:"+string(d.Frame.Payload))
			case d.Message != nil:
				kinds = append(kinds, "msg:"+string(d.Message.Payload))
			case d.Err != nil:
				kinds = append(kinds, "err:"+d.Err.Error())
			}
		}
		if s := strings.Join(kinds, ","); s != "http,http,frame:hi,frame:Hello,frame:Hel,frame:lo,msg:Hello" {
			t.Fatalf("split %d: %s", split, s)
		}
	}
}

// A one-frame message is reported on its own only when it breaks a rule
// that belongs to the whole message (§8.1), not to the frame.
func TestConnDecoderReportsInvalidTextMessage(t *testing.T) {
	t.Parallel()
	c := NewConnDecoder()
	var got []Decoded
	collect := func(d Decoded) { got = append(got, kept(d)) }
	c.Feed(FromServer, []byte(switchResp[:strings.Index(switchResp, "\r\n\r\n")+4]), collect)
	if !c.Upgraded() {
		t.Fatal("the 101 did not switch the decoder to frames")
	}
	got = nil
	c.Feed(FromServer, AppendFrame(nil, true, 0, OpText, nil, []byte("fine")), collect)
	c.Feed(FromServer, AppendFrame(nil, true, 0, OpText, nil, []byte("\xff")), collect)
	if len(got) != 3 || got[0].Frame == nil || got[1].Frame == nil || got[2].Message == nil {
		t.Fatalf("got %+v, want frame, frame, message", got)
	}
	if !strings.Contains(got[2].Message.Violation, "§8.1") {
		t.Fatalf("message violation %q, want the UTF-8 rule", got[2].Message.Violation)
	}
}
