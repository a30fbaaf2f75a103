package demo

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

func decodeHex(t *testing.T, text, from string) ([]trace.Event, error) {
	t.Helper()
	b, err := ParseHex(text)
	if err != nil {
		t.Fatalf("ParseHex(%q): %v", text, err)
	}
	return record(RunDecode, DecodeOptions{Bytes: b, From: from})
}

// shape lists the events as kind and summary, one per line.
func shape(evs []trace.Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s %s→%s %s\n", e.Kind, e.From, e.To, e.Summary)
	}
	return b.String()
}

// TestDecodeRFC6455Examples decodes every example of RFC 6455 §5.7.
func TestDecodeRFC6455Examples(t *testing.T) {
	t.Parallel()
	bin256 := "82 7e 01 00 " + strings.Repeat("ab ", 256)
	bin64k := "82 7f 00 00 00 00 00 01 00 00" + hex.EncodeToString(bytes.Repeat([]byte{0xcd}, 65536))
	for _, c := range []struct {
		name, hex, want string
	}{
		{"single-frame unmasked text", "81 05 48 65 6c 6c 6f",
			"note server→client read as frames the server sent\nws.frame server→client TEXT \"Hello\"\n"},
		{"single-frame masked text", "81 85 37 fa 21 3d 7f 9f 4d 51 58",
			"note client→server read as frames the client sent\nws.frame client→server TEXT \"Hello\" (masked)\n"},
		{"fragmented unmasked text", "01 03 48 65 6c 80 02 6c 6f",
			"note server→client read as frames the server sent\nws.frame server→client TEXT \"Hel\" (FIN=0)\nws.frame server→client CONTINUATION \"lo\"\nws.message server→client text message \"Hello\", reassembled from 2 frames\n"},
		{"unmasked ping", "89 05 48 65 6c 6c 6f",
			"note server→client read as frames the server sent\nws.frame server→client PING \"Hello\"\n"},
		{"masked pong", "8a 85 37 fa 21 3d 7f 9f 4d 51 58",
			"note client→server read as frames the client sent\nws.frame client→server PONG \"Hello\" (masked)\n"},
		{"256 bytes binary, 16-bit length", bin256,
			"note server→client read as frames the server sent\nws.frame server→client BINARY 256 bytes\n"},
		{"64 KiB binary, 64-bit length", bin64k,
			"note server→client read as frames the server sent\nws.frame server→client BINARY 65536 bytes\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			evs, err := decodeHex(t, c.hex, "")
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := shape(evs); got != c.want {
				t.Errorf("events\n%s\nwant\n%s", got, c.want)
			}
		})
	}

	// The lengths: the field table says which form of RFC 6455 §5.2 each uses.
	for _, c := range []struct {
		hex          string
		length, form string
		hl           int
	}{
		{bin256, "256", "126 in 7 bits, then a 16-bit length (RFC 6455 §5.2)", 4},
		{bin64k, "65536", "127 in 7 bits, then a 64-bit length (RFC 6455 §5.2)", 10},
	} {
		evs, _ := decodeHex(t, c.hex, "")
		f := evs[1].Expanded()
		if f.Frame.HeaderLen != c.hl {
			t.Errorf("header_len %d, want %d", f.Frame.HeaderLen, c.hl)
		}
		i := slices.IndexFunc(f.Fields, func(x trace.Field) bool { return x.Name == "payload length" })
		if i < 0 || f.Fields[i].Value != c.length || f.Fields[i].Meaning != c.form || f.Fields[i].Len != c.hl-1 {
			t.Errorf("payload length field %+v", f.Fields)
		}
	}
	// 64 KiB is kept only in part, and the event says so.
	evs, _ := decodeHex(t, bin64k, "")
	if !evs[1].RawTruncated || evs[1].Frame.PayloadLen != 65536 {
		t.Errorf("64 KiB frame: raw_truncated %v, payload_len %d", evs[1].RawTruncated, evs[1].Frame.PayloadLen)
	}
}

func TestDecodeMaskedHelloFields(t *testing.T) {
	t.Parallel()
	evs, err := decodeHex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58", "")
	if err != nil {
		t.Fatal(err)
	}
	e := evs[1].Expanded()
	var got []string
	for _, f := range e.Fields {
		got = append(got, fmt.Sprintf("%s=%s@%d+%d", f.Name, f.Value, f.Off, f.Len))
	}
	want := []string{"FIN=1@0+1", "RSV1-3=000@0+1", "opcode=0x1 text@0+1", "MASK=1@1+1", "payload length=5@1+1",
		"masking key=37fa213d@2+4", `payload="Hello"@6+5`}
	if !slices.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	if !strings.Contains(evs[0].Note, "MASK is 1") || !strings.Contains(evs[0].Note, "RFC 6455 §5.1") {
		t.Errorf("the inference note says %q", evs[0].Note)
	}
}

func TestDecodeCloseFrame(t *testing.T) {
	t.Parallel()
	// A masked close with 1000 and "bye", as wsdemo handshake's client sends it.
	evs, err := decodeHex(t, "88 85 7c 31 0e e5 7f d9 6c 9c 19", "")
	if err != nil {
		t.Fatal(err)
	}
	f := evs[1]
	if f.Summary != `CLOSE 1000 "bye" (masked)` || f.Frame.CloseCode != 1000 || f.Frame.CloseReason != "bye" {
		t.Errorf("close frame %q %+v", f.Summary, f.Frame)
	}
	fs := f.Expanded().Fields
	if i := slices.IndexFunc(fs, func(x trace.Field) bool { return x.Name == "close code" }); i < 0 || !strings.Contains(fs[i].Meaning, "normal closure") {
		t.Errorf("fields %+v", fs)
	}
}

func TestDecodeWithFrom(t *testing.T) {
	t.Parallel()
	// Said to be the client's: no inference note, and an unmasked frame
	// breaks RFC 6455 §5.1.
	evs, err := decodeHex(t, "81 05 48 65 6c 6c 6f", "client")
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "frame 1 breaks a rule") || !strings.Contains(err.Error(), "§5.1") {
		t.Fatalf("error %v", err)
	}
	if evs[0].Kind != trace.KindWSFrame || evs[0].From != trace.Client || evs[0].Frame.Violation == "" {
		t.Errorf("events\n%s", shape(evs))
	}
	// Said to be the server's, a masked frame is the server's mistake.
	if _, err := decodeHex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58", "server"); err == nil || !strings.Contains(err.Error(), "§5.1") {
		t.Errorf("masked frame from the server: %v", err)
	}
}

// TestDecodeIncompleteSaysWhatIsMissing: bytes cut short say what is
// missing, with the RFC section, and are an error.
func TestDecodeIncompleteSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ hex, want string }{
		{"81 05 48 65 6c", "frame 1: its header says 5 payload bytes, 3 given: the frame is incomplete (RFC 6455 §5.2)"},
		{"81 05 48 65 6c 6c 6f 81 85 37 fa", "frame 2: its header needs 6 bytes, 4 given: the frame is incomplete (RFC 6455 §5.2)"},
		{"82 7e 01", "frame 1: its header needs 4 bytes, 3 given: the frame is incomplete (RFC 6455 §5.2)"},
		{"81", "a WebSocket frame's header is at least 2 bytes (RFC 6455 §5.2); 1 given"},
		{"82 7f 80 00 00 00 00 00 00 01", "frame 1: the 64-bit payload length has its most significant bit set, which RFC 6455 §5.2 forbids"},
		{"47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a 48 6f 73 74 3a 20 78 0d 0a", "The HTTP message stops after 25 bytes, before the empty line that ends its head (CRLF CRLF): it is incomplete (RFC 9112 §2.1)"},
	} {
		evs, err := decodeHex(t, c.hex, "")
		var de *DecodeError
		if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant %s", c.hex, err, c.want)
			continue
		}
		if last := evs[len(evs)-1]; last.Kind != trace.KindError || last.Summary != err.Error() {
			t.Errorf("%s: the diagram ends with %s %q, not the error", c.hex, last.Kind, last.Summary)
		}
	}
}

// TestDecodeFragmentsOutOfContext: a frame pasted alone may be one piece
// of a longer stream: the rule it would break there is a note, not an error.
func TestDecodeFragmentsOutOfContext(t *testing.T) {
	t.Parallel()
	evs, err := decodeHex(t, "80 02 6c 6f", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(evs[1].Note, "continuation frame with no fragmented message to continue (RFC 6455 §5.4)") {
		t.Errorf("note %q", evs[1].Note)
	}
	evs, err = decodeHex(t, "01 03 48 65 6c", "")
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Kind != trace.KindNote || !strings.Contains(last.Note, "FIN=0") {
		t.Errorf("an unfinished message ends with %+v", last)
	}
}

func TestDecodeHTTP(t *testing.T) {
	t.Parallel()
	// RFC 6455 §1.2's handshake, then the server's 101 and a first frame.
	req := "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n"
	evs, err := record(RunDecode, DecodeOptions{Bytes: []byte(req)})
	if err != nil {
		t.Fatal(err)
	}
	if got := shape(evs); got != "http.request client→server GET /chat\n" {
		t.Errorf("request: %s", got)
	}
	fs := evs[0].Expanded().Fields
	if len(fs) != 3+7 || fs[3].Name != "Host" || fs[3].Off != len("GET /chat HTTP/1.1\r\n") {
		t.Errorf("fields %+v", fs)
	}

	resp := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x05Hello"
	evs, err = record(RunDecode, DecodeOptions{Bytes: []byte(resp)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shape(evs), "http.response server→client 101 Switching Protocols\nws.frame server→client TEXT \"Hello\"\n"; got != want {
		t.Errorf("response and frame:\n%s\nwant\n%s", got, want)
	}

	// A response whose body runs to the end: what is given is all of it.
	evs, err = record(RunDecode, DecodeOptions{Bytes: []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello")})
	if err != nil || len(evs) != 1 || evs[0].HTTP.Body != "hello" {
		t.Errorf("body to the end: %v\n%s", err, shape(evs))
	}

	for _, c := range []struct{ in, from, want string }{
		{"POST /api/notes HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", "", "Content-Length says 10 body bytes, 3 given: the message is incomplete (RFC 9112 §6.2)"},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "", "the chunked body stops after 6 bytes, before its last chunk"},
		{"GET / HTTP/1.1\r\n\r\n", "server", "these bytes are an HTTP request, which only a client sends (RFC 9112 §2.1); --from server does not fit them"},
		{"GET / HTTP/1.1\r\nHost x\r\n\r\n", "", "not a valid HTTP/1.1 message: "},
	} {
		_, err := record(RunDecode, DecodeOptions{Bytes: []byte(c.in), From: c.from})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v\nwant %s", c.in, err, c.want)
		}
	}
}

func TestParseHex(t *testing.T) {
	t.Parallel()
	hello := "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"
	for _, in := range []string{
		"81 85 37 fa 21 3d 7f 9f 4d 51 58",
		"818537FA213D7F9F4D5158",
		"0x81,0x85,0x37,0xfa,0x21,0x3d,0x7f,0x9f,0x4d,0x51,0x58",
		"0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58",
		`\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58`,
		"81 85 37 fa\n21 3d 7f 9f\r\n4d 51 58\n",
		"8185 37fa 213d 7f9f 4d51 58",
		// A copied wsdemo --raw dump, lifelines and all.
		"  │ 0000  81 85 37 fa 21 3d 7f 9f  4d 51 58                 ..7.!=..MQX      │",
		// xxd, and hexdump -C.
		"00000000: 8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX",
		"00000000  81 85 37 fa 21 3d 7f 9f  4d 51 58                 |..7.!=..MQX|",
	} {
		got, err := ParseHex(in)
		if err != nil || string(got) != hello {
			t.Errorf("ParseHex(%q) = %x, %v", in, got, err)
		}
	}
	// A dump's character column that looks like hex is still the column.
	got, err := ParseHex("0000  61 62  ab\n0002  63 64 65  cde")
	if err != nil || string(got) != "abcde" {
		t.Errorf("dump with a hex-looking column = %q, %v", got, err)
	}
	// "0000 1111" is bytes, not an offset.
	if got, _ := ParseHex("0000 1111"); !bytes.Equal(got, []byte{0, 0, 0x11, 0x11}) {
		t.Errorf("0000 1111 = %x", got)
	}
	for _, c := range []struct{ in, want string }{
		{"81 zz 05", `not hex: "zz" (token 2)`},
		{"81 850", `"850" has an odd number of hex digits: a byte is two (write 0f, not f) (token 2)`},
		{"0x", `not hex: "0x" (token 1)`},
		{"81 05\nFIN/opcode: 00", `line 2: not hex: "FIN/opcode:" (token 1)`},
		{`\x8`, `"\\x8" has an odd number of hex digits`},
	} {
		if _, err := ParseHex(c.in); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("ParseHex(%q) error %v, want %s", c.in, err, c.want)
		}
	}
}

// FuzzParseHex: the parser never panics, and bytes written in any of the
// usual ways read back as themselves.
func FuzzParseHex(f *testing.F) {
	f.Add([]byte("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"), "81 85 37 fa")
	f.Add([]byte{}, "0000  61 62  ab")
	f.Add([]byte{0}, `│ \x0 0x, ,,`)
	f.Fuzz(func(t *testing.T, b []byte, text string) {
		ParseHex(text) // must not panic
		if len(b) == 0 {
			return
		}
		var spaced, prefixed, escaped []string
		for _, c := range b {
			spaced = append(spaced, fmt.Sprintf("%02x", c))
			prefixed = append(prefixed, fmt.Sprintf("0x%02X", c))
			escaped = append(escaped, fmt.Sprintf(`\x%02x`, c))
		}
		for _, in := range []string{hex.EncodeToString(b), strings.Join(spaced, " "), strings.Join(prefixed, ","), strings.Join(escaped, "")} {
			got, err := ParseHex(in)
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("ParseHex(%q) = %x, %v; want %x", in, got, err, b)
			}
		}
	})
}

// TestDecodeSpeaksPortuguese: decode's notes read as Portuguese (that each
// has its translation is TestSourceSaysEveryKey's, in pkg/lang).
func TestDecodeSpeaksPortuguese(t *testing.T) {
	t.Parallel()
	pt := Common{Lang: lang.PortugueseBR}
	// (Not "80 02 6c 6f": the rule a frame breaks is named in wire's
	// words, English in every language, as in the demos.)
	for _, in := range []string{"81 85 37 fa 21 3d 7f 9f 4d 51 58", "81 05 48 65 6c 6c 6f", "01 03 48 65 6c"} {
		b, _ := ParseHex(in)
		evs, _ := record(RunDecode, DecodeOptions{Common: pt, Bytes: b})
		checkPortuguese(t, evs)
	}
}

// FuzzDecode: whatever bytes are pasted, decode draws what it can and
// explains the rest; it never panics, and an error is always a DecodeError
// the diagram ends with.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"81 85 37 fa 21 3d 7f 9f 4d 51 58", "01 03 48 65 6c 80 02 6c 6f", "82 7f 80 00 00 00 00 00 00 01", "88 02 03 e8"} {
		b, _ := ParseHex(s)
		f.Add(b, "")
	}
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n\x81\x05Hello"), "server")
	f.Add([]byte("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe"), "client")
	f.Fuzz(func(t *testing.T, b []byte, from string) {
		if from != "client" && from != "server" {
			from = ""
		}
		evs, err := record(RunDecode, DecodeOptions{Bytes: b, From: from})
		for _, e := range evs {
			e.Expanded()
		}
		var de *DecodeError
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("error %T %v is no DecodeError", err, err)
		}
	})
}

// hexOf is s as hex, the way decode takes it.
func hexOf(s string) string { return hex.EncodeToString([]byte(s)) }

// A frame with RSV1 set is inflated only after a 101 that accepted
// permessage-deflate; after a 101 that did not, RSV1 breaks RFC 6455
// §5.2; with no handshake in the input, the note hedges and nothing is
// called broken or inflated.
func TestDecodeRSV1FollowsTheHandshake(t *testing.T) {
	t.Parallel()
	const hello = "c1 07 f2 48 cd c9 c9 07 00" // "Hello", compressed (RFC 7692 §7.2.3.1)
	head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
	frame := func(evs []trace.Event) *trace.Event {
		for i := range evs {
			if evs[i].Kind == trace.KindWSFrame {
				return &evs[i]
			}
		}
		t.Fatalf("no frame in\n%s", shape(evs))
		return nil
	}

	evs, err := decodeHex(t, hexOf(head+"Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")+hello, "")
	if err != nil {
		t.Fatalf("after a 101 with permessage-deflate: %v\n%s", err, shape(evs))
	}
	if f := frame(evs).Frame; !f.Compressed || f.Violation != "" {
		t.Errorf("after a 101 with permessage-deflate: %+v", f)
	}
	if !strings.Contains(shape(evs), `"Hello"`) {
		t.Errorf("not inflated:\n%s", shape(evs))
	}

	evs, err = decodeHex(t, hexOf(head+"\r\n")+hello, "")
	if err == nil || !strings.Contains(err.Error(), "RSV1 is set but no extension was negotiated (RFC 6455 §5.2)") {
		t.Errorf("after a 101 without extensions: %v", err)
	}
	if f := frame(evs).Frame; f.Compressed {
		t.Errorf("inflated without permessage-deflate: %+v", f)
	}

	evs, err = decodeHex(t, hello, "")
	if err != nil {
		t.Errorf("frames alone, RSV1: %v; the handshake is unknown, not broken", err)
	}
	e := frame(evs)
	if e.Frame.Compressed || e.Frame.Violation != "" || !strings.Contains(e.Note, "The handshake is not in these bytes, so wsdemo cannot tell which") {
		t.Errorf("frames alone, RSV1: %+v, note %q", e.Frame, e.Note)
	}
	for _, e := range evs {
		if strings.Contains(e.Note, "not valid UTF-8") {
			t.Errorf("a maybe-compressed payload judged as text: %q", e.Note)
		}
	}
	// The hedge is about RSV1 alone: a rule the frame breaks besides (a
	// client's frame unmasked, RSV1 on a ping) is still said.
	if _, err := decodeHex(t, hello, "client"); err == nil || !strings.Contains(err.Error(), "mask") {
		t.Errorf("an unmasked client frame with RSV1: %v", err)
	}
	if _, err := decodeHex(t, "c9 00", ""); err == nil || !strings.Contains(err.Error(), "RSV1") {
		t.Errorf("a ping with RSV1: %v", err)
	}
}

// Rules an HTTP message breaks as a whole are flagged, with exit 1: an
// HTTP/1.1 request without Host (RFC 9112 §3.2), both Content-Length and
// Transfer-Encoding (RFC 9112 §6.1, §6.2, §6.3).
func TestDecodeHTTPRules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, msg, note, err string }{
		{"no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
			"must answer such a request with 400 (Bad Request) (RFC 9112 §3.2)", "an HTTP/1.1 request without Host"},
		{"CL and TE in a request", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			"request smuggling", "a request with both Content-Length and Transfer-Encoding"},
		{"CL and TE in a response", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			"response splitting", "a response with both Content-Length and Transfer-Encoding"},
		{"HTTP/1.0 without Host is fine", "GET / HTTP/1.0\r\n\r\n", "", ""},
	} {
		evs, err := decodeHex(t, hexOf(c.msg), "")
		if c.err == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.err) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
		if len(evs) == 0 || !strings.Contains(evs[0].Note, c.note) {
			t.Errorf("%s: events\n%s", c.name, shape(evs))
		}
	}
}

// Content-Length on a 304 announces no body (RFC 9110 §8.6, §15.4.5); a
// response with Content-Length and no body given may answer a HEAD, which
// decode cannot know, and says so.
func TestDecodeContentLengthWithoutBody(t *testing.T) {
	t.Parallel()
	evs, err := decodeHex(t, hexOf("HTTP/1.1 304 Not Modified\r\nContent-Length: 120\r\n\r\n"), "")
	if err != nil {
		t.Fatalf("304: %v", err)
	}
	for _, f := range evs[0].Fields {
		if f.Name == "Content-Length" && (strings.Contains(f.Meaning, "where this message ends") || !strings.Contains(f.Meaning, "a 304 has no body")) {
			t.Errorf("Content-Length on a 304: %q", f.Meaning)
		}
	}
	_, err = decodeHex(t, hexOf("HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n"), "")
	if err == nil || !strings.Contains(err.Error(), "unless it answers a HEAD request") {
		t.Errorf("a response with no body given: %v", err)
	}
}

// decode measures nothing, so it stamps no times a renderer could show as
// measured; and only bytes that look like TLS are called TLS.
func TestDecodeTLSOnlyWhenItLooksLikeTLS(t *testing.T) {
	t.Parallel()
	evs, _ := decodeHex(t, "01 03 48 65 6c 80 02 6c 6f 89 00", "")
	for _, e := range evs {
		if e.TUS != 0 {
			t.Errorf("%s stamped t_us %d: decode measures no time", e.Kind, e.TUS)
		}
	}
	_, err := decodeHex(t, "16 03 01 00 05 01 02 03 04 05", "")
	var de *DecodeError
	if !errors.As(err, &de) || !de.TLS {
		t.Errorf("a TLS record: %v", err)
	}
	for _, h := range []string{"16 05 48 65 6c 6c 6f", "81 05 48 65 6c 6c 6f", "42 42"} {
		_, err := decodeHex(t, h, "")
		if errors.As(err, &de) && de.TLS || err != nil && strings.Contains(err.Error(), "TLS") {
			t.Errorf("%s called TLS: %v", h, err)
		}
	}
}
