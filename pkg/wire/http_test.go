package wire

import (
	"bytes"
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

// A body that only the close ends is held to MaxHTTPBody like any other,
// while it arrives, not only once the connection closes.
func TestHTTPDecoderBodyUntilCloseIsCapped(t *testing.T) {
	t.Parallel()
	d := NewHTTPDecoder(FromServer)
	feedAll(t, d, []byte("HTTP/1.0 200 OK\r\n\r\n"), bytes.Repeat([]byte("x"), MaxHTTPBody))
	_, err := d.Feed([]byte("y"))
	if err == nil || !strings.Contains(err.Error(), "HTTP body over") {
		t.Fatalf("Feed past the cap: %v", err)
	}
	if m, err := d.Close(); m != nil || err != nil {
		t.Errorf("Close after the error: %v %v", m, err)
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
		"endless head":     {FromClient, "GET / HTTP/1.1\r\nX: " + strings.Repeat("a", MaxHTTPHead), "no end of HTTP head"},
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

func FuzzHTTPDecoder(f *testing.F) {
	for _, s := range []string{getReq, postReq, chunkedResp, createdResp, switchResp, "GET / HTTP/1.1\r\n\n"} {
		f.Add([]byte(s), uint16(3), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16, client bool) {
		from := FromServer
		if client {
			from = FromClient
		}
		whole := NewHTTPDecoder(from)
		a, errA := whole.Feed(data)
		i := int(split) % (len(data) + 1)
		parts := NewHTTPDecoder(from)
		b1, errB := parts.Feed(data[:i])
		b2, errB2 := parts.Feed(data[i:])
		if errA == nil && errB == nil && errB2 == nil && len(a) != len(b1)+len(b2) {
			t.Fatalf("whole gave %d messages, split at %d gave %d", len(a), i, len(b1)+len(b2))
		}
		whole.Close()
	})
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

func TestConnDecoderSwitchesToFramesAfter101(t *testing.T) {
	t.Parallel()
	req := "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	mask := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	clientFrame := AppendFrame(nil, true, 0, OpText, &mask, []byte("Hello"))
	for split := 0; split <= len(switchResp); split++ {
		c := NewConnDecoder()
		var got []Decoded
		collect := func(d Decoded) { got = append(got, d) }
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
	collect := func(d Decoded) { got = append(got, d) }
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
