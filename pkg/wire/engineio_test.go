package wire

import (
	"bytes"
	"strings"
	"testing"
)

// payloadPackets decodes a long-polling body with a fresh SocketIODecoder.
func payloadPackets(body string, cut bool) []*EIOPacket {
	var d SocketIODecoder
	var out []*EIOPacket
	d.Payload([]byte(body), cut, func(p *EIOPacket) { out = append(out, p) })
	return out
}

// The examples of the Engine.IO v4 specification ("Packet encoding",
// "Handshake", "Upgrade"), decoded.
func TestEngineIOSpecExamples(t *testing.T) {
	t.Parallel()
	type want struct {
		typ    EIOType
		binary bool
		data   string
	}
	tests := []struct {
		name string
		body string // a long-polling payload
		want []want
	}{
		{"three packets", "4hello\x1e2\x1e4world", []want{{EIOMessage, false, "hello"}, {EIOPing, false, ""}, {EIOMessage, false, "world"}}},
		{"text and binary", "4hello\x1ebAQIDBA==", []want{{EIOMessage, false, "hello"}, {EIOMessage, true, "\x01\x02\x03\x04"}}},
		{"probe ping", "2probe", []want{{EIOPing, false, "probe"}}},
		{"probe pong", "3probe", []want{{EIOPong, false, "probe"}}},
		{"upgrade", "5", []want{{EIOUpgrade, false, ""}}},
		{"noop", "6", []want{{EIONoop, false, ""}}},
		{"close", "1", []want{{EIOClose, false, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []*EIOPacket
			DecodeEIOPayload([]byte(tt.body), false, func(p *EIOPacket) { got = append(got, p) })
			if len(got) != len(tt.want) {
				t.Fatalf("%q: %d packets, want %d", tt.body, len(got), len(tt.want))
			}
			var raws [][]byte
			for i, p := range got {
				w := tt.want[i]
				if p.Type != w.typ || p.Binary != w.binary || string(p.Data) != w.data || p.Violation != "" || p.Transport != Polling {
					t.Errorf("packet %d = %+v, want %+v", i, p, w)
				}
				if p.Len != len(p.Raw) || p.Truncated {
					t.Errorf("packet %d: Len %d, Raw %d bytes, Truncated %v", i, p.Len, len(p.Raw), p.Truncated)
				}
				raws = append(raws, p.Raw)
			}
			if j := JoinEIOPayload(raws...); string(j) != tt.body {
				t.Errorf("raws join to %q, want %q", j, tt.body)
			}
		})
	}
}

func TestEngineIOOpenPacket(t *testing.T) {
	t.Parallel()
	// The handshake example of "Handshake", as the sample session of the
	// Socket.IO specification sends it.
	text := `0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}`
	p := DecodeEIOMessage(OpText, []byte(text), uint64(len(text)))
	if p.Violation != "" || p.Type != EIOOpen || p.Open == nil {
		t.Fatalf("open = %+v", p)
	}
	o := p.Open
	if o.SID != "lv_VI97HAXpY6yYWAAAC" || len(o.Upgrades) != 1 || o.Upgrades[0] != "websocket" ||
		o.PingInterval != 25000 || o.PingTimeout != 5000 || o.MaxPayload != 1000000 {
		t.Errorf("open data = %+v", o)
	}
	if p.Transport != WebSocketTransport || p.Transport.String() != "websocket" || Polling.String() != "polling" {
		t.Errorf("transport = %v", p.Transport)
	}
}

func TestEngineIOViolations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		ws         bool // a WebSocket text message rather than a polling body
		typ        EIOType
		violation  string // a part of it
	}{
		{"unknown digit", "9", false, 9, "unknown Engine.IO packet type '9'"},
		{"unknown letter", "xyz", true, EIOInvalid, "unknown Engine.IO packet type 'x'"},
		{"control byte", "\x01", true, EIOInvalid, "unknown Engine.IO packet type 0x01"},
		{"non-ASCII", "é", true, EIOInvalid, `unknown Engine.IO packet type 'é'`},
		{"empty message", "", true, EIOInvalid, "empty Engine.IO packet"},
		{"empty body", "", false, EIOInvalid, "empty long-polling payload"},
		{"bad base64", "bAQ", false, EIOMessage, "is not valid base64"},
		{"b over websocket", "bAQIDBA==", true, EIOMessage, "over WebSocket binary data is sent as is"},
		{"not UTF-8", "4\xff", false, EIOMessage, "not valid UTF-8"},
		{"open not JSON", "0sid", true, EIOOpen, "must carry a JSON object"},
		{"open array", "0[]", true, EIOOpen, "must carry a JSON object"},
		{"open lacks maxPayload", `0{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1}`, true, EIOOpen, `lacks "maxPayload"`},
		{"open sid number", `0{"sid":1,"upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1}`, true, EIOOpen, "wrong type"},
		{"open empty sid", `0{"sid":"","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1}`, true, EIOOpen, "empty sid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p EIOPacket
			if tt.ws {
				p = DecodeEIOMessage(OpText, []byte(tt.body), uint64(len(tt.body)))
			} else {
				ps := payloadPackets(tt.body, false)
				if len(ps) != 1 {
					t.Fatalf("%d packets", len(ps))
				}
				p = *ps[0]
			}
			if p.Type != tt.typ || !strings.Contains(p.Violation, tt.violation) {
				t.Errorf("%q: type %d, violation %q; want type %d and %q", tt.body, p.Type, p.Violation, tt.typ, tt.violation)
			}
			if !strings.Contains(p.Violation, "(Engine.IO v4, ") {
				t.Errorf("violation %q cites no section of the specification", p.Violation)
			}
		})
	}
}

// A WebSocket binary message is a message packet sent as is: no type digit,
// no base64 ("Packet encoding", WebSocket).
func TestEngineIOBinaryWebSocketMessage(t *testing.T) {
	t.Parallel()
	p := DecodeEIOMessage(OpBinary, []byte{1, 2, 3, 4}, 4)
	if p.Type != EIOMessage || !p.Binary || !bytes.Equal(p.Data, []byte{1, 2, 3, 4}) || !bytes.Equal(p.Raw, p.Data) || p.Violation != "" {
		t.Fatalf("binary message = %+v", p)
	}
}

// A packet never aliases the bytes it was decoded from, which the frame
// decoder may reuse.
func TestEngineIOPacketsOwnTheirBytes(t *testing.T) {
	t.Parallel()
	buf := []byte(`42["chat","hi"]`)
	p := DecodeEIOMessage(OpText, buf, uint64(len(buf)))
	var d SocketIODecoder
	var q *EIOPacket
	d.Message(OpText, buf, uint64(len(buf)), func(p *EIOPacket) { q = p })
	for i := range buf {
		buf[i] = 'X'
	}
	if string(p.Raw) != `42["chat","hi"]` || string(q.Raw) != `42["chat","hi"]` || string(q.SIO.Data) != `["chat","hi"]` || q.SIO.Nsp != "/" {
		t.Fatalf("packet changed with the input: %q %q %q", p.Raw, q.Raw, q.SIO.Data)
	}
}

// Memory is bounded: a packet keeps EIOKeep bytes of itself, and says so;
// verdicts still cover the whole packet when it was given whole.
func TestEngineIOKeepsABoundedPrefix(t *testing.T) {
	t.Parallel()
	big := `42["big","` + strings.Repeat("a", 2*EIOKeep) + `"]`
	var d SocketIODecoder
	var p *EIOPacket
	d.Message(OpText, []byte(big), uint64(len(big)), func(q *EIOPacket) { p = q })
	if !p.Truncated || len(p.Raw) != EIOKeep || p.Len != len(big) || p.Violations() != "" || p.SIO.Event != "big" {
		t.Fatalf("big event: Truncated %v, Raw %d, Len %d, violation %q, event %q", p.Truncated, len(p.Raw), p.Len, p.Violations(), p.SIO.Event)
	}
	if len(p.SIO.Data) != EIOKeep-2 {
		t.Errorf("SIO data keeps %d bytes, want the rest of Raw (%d)", len(p.SIO.Data), EIOKeep-2)
	}
	// Whole, so judged whole: the JSON broken at its very end is seen.
	broken := big[:len(big)-1]
	d.Message(OpText, []byte(broken), uint64(len(broken)), func(q *EIOPacket) { p = q })
	if !strings.Contains(p.Violations(), "not valid JSON") {
		t.Errorf("broken big event: violation %q", p.Violations())
	}
	// Given cut (the message assembler kept a prefix), not judged.
	d.Message(OpText, []byte(big[:1000]), uint64(len(big)), func(q *EIOPacket) { p = q })
	if !p.Truncated || p.Len != len(big) || len(p.Raw) != 1000 || p.Violations() != "" || p.SIO.Event != "big" {
		t.Errorf("cut event: Truncated %v, Len %d, Raw %d, violation %q, event %q", p.Truncated, p.Len, len(p.Raw), p.Violations(), p.SIO.Event)
	}
	// A cut polling body: the last packet given is cut, the others whole.
	ps := payloadPackets("2\x1e42[\"a\"]\x1e42[\"unfini", true)
	if len(ps) != 3 || ps[0].Truncated || ps[1].Truncated || !ps[2].Truncated || ps[2].Violations() != "" || ps[2].SIO.Data == nil {
		t.Errorf("cut body: %d packets, last %+v", len(ps), ps[len(ps)-1])
	}
	// A cut "b" packet: no verdict on its base64.
	ps = ps[:0]
	DecodeEIOPayload([]byte("bAQ"), true, func(p *EIOPacket) { ps = append(ps, p) })
	if len(ps) != 1 || !ps[0].Truncated || ps[0].Violation != "" || !ps[0].Binary {
		t.Errorf("cut b packet: %+v", ps[0])
	}
}

func TestParseEIORequest(t *testing.T) {
	t.Parallel()
	r, ok := ParseEIORequest("/socket.io/?EIO=4&transport=polling&t=N8hyd7H&sid=lv_VI97HAXpY6yYWAAAC")
	if !ok || r.Path != "/socket.io/" || r.EIO != "4" || r.Transport != "polling" || r.SID != "lv_VI97HAXpY6yYWAAAC" {
		t.Errorf("got %+v, %v", r, ok)
	}
	for _, target := range []string{"/", "/socket.io/", "/socket.io/?transport=polling", "/?EIO=4", "/?%zz"} {
		if _, ok := ParseEIORequest(target); ok {
			t.Errorf("%q taken for an Engine.IO request", target)
		}
	}
}

func TestEIOTypeNames(t *testing.T) {
	t.Parallel()
	want := []string{"open", "close", "ping", "pong", "message", "upgrade", "noop"}
	for i, w := range want {
		if got := EIOType(i).String(); got != w || !EIOType(i).Valid() {
			t.Errorf("EIOType(%d) = %q, want %q", i, got, w)
		}
	}
	for _, bad := range []EIOType{EIOInvalid, 7, 9} {
		if bad.String() != "unknown" || bad.Valid() {
			t.Errorf("EIOType(%d) = %q", bad, bad.String())
		}
	}
}
