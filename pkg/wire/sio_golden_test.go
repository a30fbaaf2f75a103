package wire_test

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/wire"
)

var update = flag.Bool("update", false, "rewrite testdata/sio/*.golden from the current output")

// record is one line of a capture: a connection opening, bytes one side
// sent, or the first close.
type record struct {
	conn int
	kind string // "open", "data", "close"
	from wire.Sender
	data []byte
}

// readCapture reads a capture made by internal/capture (its header says the
// format).
func readCapture(t *testing.T, path string) []record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.SplitN(line, " ", 3)
		conn, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			t.Fatalf("%s:%d: bad line %q", path, n, line)
		}
		r := record{conn: conn}
		sender := func(s string) wire.Sender {
			switch s {
			case "client":
				return wire.FromClient
			case "server":
				return wire.FromServer
			}
			t.Fatalf("%s:%d: no side %q", path, n, s)
			return 0
		}
		switch {
		case fields[1] == "open":
			r.kind = "open"
		case fields[1] == "close" && len(fields) == 3:
			r.kind, r.from = "close", sender(fields[2])
		case len(fields) == 3:
			s, err := strconv.Unquote(fields[2])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
			r.kind, r.from, r.data = "data", sender(fields[1]), []byte(s)
		default:
			t.Fatalf("%s:%d: bad line %q", path, n, line)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// sessionDecoder follows Engine.IO sessions through the connections of a
// capture, as the demo layer does: long-polling bodies (POST requests, and
// answers to polling GETs) and WebSocket messages go to the session's
// SocketIODecoder for that direction, the session being the sid of the
// request (or, for the handshake, of the open packet that answers it).
type sessionDecoder struct {
	out      []string
	packets  []*wire.EIOPacket
	sessions map[string]*[2]wire.SocketIODecoder
	conns    map[int]*connState
}

type connState struct {
	dec     *wire.ConnDecoder
	pending []wire.EIORequest // requests awaiting their response, in order
	methods []string
	session string // after a 101: the WebSocket's session
}

func (s *sessionDecoder) session(key string) *[2]wire.SocketIODecoder {
	d := s.sessions[key]
	if d == nil {
		d = new([2]wire.SocketIODecoder)
		s.sessions[key] = d
	}
	return d
}

func (s *sessionDecoder) decodeAll(recs []record) {
	for _, r := range recs {
		c := s.conns[r.conn]
		switch r.kind {
		case "open":
			s.conns[r.conn] = &connState{dec: wire.NewConnDecoder()}
			s.printf(r.conn, "tcp open")
		case "data":
			c.dec.Feed(r.from, r.data, func(d wire.Decoded) { s.decoded(r.conn, c, d) })
		case "close":
			c.dec.Close(r.from, func(d wire.Decoded) { s.decoded(r.conn, c, d) })
			s.printf(r.conn, "tcp close by %s", r.from)
		}
	}
	for key, d := range s.sessions {
		for side := range d {
			if err := d[side].Close(); err != nil {
				s.out = append(s.out, fmt.Sprintf("session %s %s: %v", key, wire.Sender(side), err))
			}
		}
	}
}

func (s *sessionDecoder) printf(conn int, format string, args ...any) {
	s.out = append(s.out, fmt.Sprintf("c%d ", conn)+fmt.Sprintf(format, args...))
}

func (s *sessionDecoder) decoded(conn int, c *connState, d wire.Decoded) {
	emit := func(p *wire.EIOPacket) {
		s.packets = append(s.packets, p)
		s.printf(conn, "%s %s", d.From, describe(p))
	}
	switch {
	case d.HTTP != nil && d.HTTP.IsRequest():
		m := d.HTTP
		s.printf(conn, "%s %s %s", d.From, m.Method, m.Target)
		r, _ := wire.ParseEIORequest(m.Target)
		c.pending = append(c.pending, r)
		c.methods = append(c.methods, m.Method)
		if m.Method == "POST" && r.Transport == "polling" {
			s.session(r.SID)[wire.FromClient].Payload(m.Body, false, emit)
		}
		if r.Transport == "websocket" {
			c.session = r.SID
			if c.session == "" {
				c.session = fmt.Sprintf("conn %d", conn)
			}
		}
	case d.HTTP != nil:
		m := d.HTTP
		s.printf(conn, "%s %d %s", d.From, m.Status, m.Reason)
		if len(c.pending) == 0 {
			s.printf(conn, "a response to no request")
			return
		}
		r, method := c.pending[0], c.methods[0]
		c.pending, c.methods = c.pending[1:], c.methods[1:]
		if method != "GET" || r.Transport != "polling" {
			return
		}
		if m.Status != 200 {
			s.printf(conn, "%s not a payload: %q", d.From, m.Body)
			return
		}
		key := r.SID
		if key == "" {
			key = fmt.Sprintf("handshake on conn %d", conn)
		}
		dec := s.session(key)
		dec[wire.FromServer].Payload(m.Body, false, func(p *wire.EIOPacket) {
			if p.Open != nil && r.SID == "" {
				s.sessions[p.Open.SID] = dec
				delete(s.sessions, key)
			}
			emit(p)
		})
	case d.Frame != nil:
		f := d.Frame
		switch {
		case f.Opcode == wire.OpText || f.Opcode == wire.OpBinary:
			if f.Fin {
				s.session(c.session)[d.From].Message(f.Opcode, f.Payload, f.PayloadLen, emit)
			}
		case f.Opcode == wire.OpContinuation:
		default:
			s.printf(conn, "%s ws %s %d %q", d.From, f.Opcode, f.CloseCode, f.Payload)
		}
	case d.Message != nil:
		if m := d.Message; m.Frames > 1 {
			s.session(c.session)[d.From].Message(m.Opcode, m.Payload, m.Length, emit)
		}
	case d.Err != nil:
		s.printf(conn, "%s error %v", d.From, d.Err)
	}
}

// describe is one packet as a golden line: every field the decoder found.
func describe(p *wire.EIOPacket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s eio=%d %s", p.Transport, p.Type, p.Type)
	if p.Binary {
		fmt.Fprintf(&b, " binary=%s", hex.EncodeToString(p.Data))
		if p.Base64 {
			b.WriteString(" (base64)")
		}
	}
	if a := p.Attachment; a != nil {
		fmt.Fprintf(&b, " attachment=%d/%d of %s %q", a.Num, a.Count, a.Of, a.Event)
	}
	if o := p.Open; o != nil {
		fmt.Fprintf(&b, " sid=%s upgrades=%v pingInterval=%d pingTimeout=%d maxPayload=%d", o.SID, o.Upgrades, o.PingInterval, o.PingTimeout, o.MaxPayload)
	}
	if q := p.SIO; q != nil {
		fmt.Fprintf(&b, " sio=%d %s nsp=%s", q.Type, q.Type, q.Nsp)
		if q.HasAckID {
			fmt.Fprintf(&b, " ack=%d", q.AckID)
		}
		if q.Type.IsBinary() {
			fmt.Fprintf(&b, " attachments=%d placeholders=%d", q.Attachments, q.Placeholders)
		}
		if q.Event != "" {
			fmt.Fprintf(&b, " event=%q", q.Event)
		}
		if q.Data != nil {
			fmt.Fprintf(&b, " data=%s", q.Data)
		}
	} else if !p.Binary && len(p.Data) > 0 && p.Open == nil {
		fmt.Fprintf(&b, " data=%q", p.Data)
	}
	if v := p.Violations(); v != "" {
		fmt.Fprintf(&b, " VIOLATION: %s", v)
	}
	return b.String()
}

// The decoder against real traffic: sessions between zishang520's Socket.IO
// server and a real client, captured by internal/capture. Every packet
// decodes without a violation, the golden files hold what was decoded, and
// each session shows the steps the socketio story needs, in order.
func TestSocketIOCaptures(t *testing.T) {
	t.Parallel()
	// must lists, per capture, what each side must have sent, in this
	// order ("side|a part of the golden line"), or anywhere ("~side|...").
	// The two sides race each other, so only each side's own order is
	// checked, and where one side races itself (the client's CONNECT and
	// its upgrade go out on two connections at once) only presence; which
	// transport carried a packet is named only where the story fixes it.
	must := map[string][]string{
		"upgrade": {
			"server|polling eio=0 open sid=", "server|upgrades=[websocket]",
			"client|websocket eio=2 ping data=\"probe\"",
			"client|websocket eio=5 upgrade",
			"~client|eio=4 message sio=0 CONNECT nsp=/",
			"client|websocket eio=4 message sio=2 EVENT nsp=/ event=\"chat\" data=[\"chat\",\"hi\"]",
			"client|websocket eio=4 message sio=2 EVENT nsp=/ ack=0 event=\"ask\"",
			"client|websocket eio=4 message sio=5 BINARY_EVENT nsp=/ attachments=1 placeholders=1 event=\"upload\"",
			"client|websocket eio=4 message binary=01020304 attachment=0/1 of BINARY_EVENT \"upload\"",
			"client|websocket eio=3 pong",

			"server|websocket eio=3 pong data=\"probe\"",
			"server|polling eio=6 noop",
			"~server|eio=4 message sio=0 CONNECT nsp=/ data={\"sid\":",
			"server|websocket eio=4 message sio=3 ACK nsp=/ ack=0 data=[\"yes\"]",
			"server|websocket eio=4 message sio=5 BINARY_EVENT nsp=/ attachments=1 placeholders=1 event=\"file\"",
			"server|websocket eio=4 message binary=cafe attachment=0/1 of BINARY_EVENT \"file\"",
			"server|websocket eio=2 ping",
		},
		"polling": {
			"server|polling eio=0 open sid=", "server|upgrades=[websocket]",
			"server|polling eio=4 message sio=0 CONNECT nsp=/ data={\"sid\":",
			"server|polling eio=4 message sio=3 ACK nsp=/ ack=0 data=[\"yes\"]",
			"server|polling eio=4 message sio=5 BINARY_EVENT",
			"server|polling eio=4 message binary=cafe (base64) attachment=0/1 of BINARY_EVENT \"file\"",
			"server|polling eio=2 ping",

			"client|polling eio=4 message sio=0 CONNECT nsp=/",
			"client|polling eio=4 message sio=2 EVENT nsp=/ ack=0 event=\"ask\"",
			"client|polling eio=4 message sio=5 BINARY_EVENT nsp=/ attachments=1 placeholders=1 event=\"upload\"",
			"client|polling eio=4 message binary=01020304 (base64) attachment=0/1",
			"client|polling eio=3 pong",
			"client|polling eio=1 close",
		},
		"websocket": {
			"server|websocket eio=0 open sid=", "server|upgrades=[]",
			"server|websocket eio=4 message sio=0 CONNECT nsp=/ data={\"sid\":",
			"server|websocket eio=4 message sio=3 ACK nsp=/ ack=0",
			"server|websocket eio=4 message binary=cafe attachment=0/1",
			"server|websocket eio=2 ping",

			"client|websocket eio=4 message sio=0 CONNECT nsp=/",
			"client|websocket eio=3 pong",
		},
	}
	paths, err := filepath.Glob("testdata/sio/*.capture")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".capture")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := &sessionDecoder{sessions: map[string]*[2]wire.SocketIODecoder{}, conns: map[int]*connState{}}
			s.decodeAll(readCapture(t, path))
			for _, p := range s.packets {
				if v := p.Violations(); v != "" {
					t.Errorf("real traffic breaks a rule: %s: %s", describe(p), v)
				}
			}
			got := strings.Join(s.out, "\n") + "\n"
			testkit.Golden(t, strings.TrimSuffix(path, ".capture")+".golden", got, *update)
			for _, side := range []string{"client", "server"} {
				var lines []string
				for _, l := range s.out {
					if _, rest, ok := strings.Cut(l, " "); ok && strings.HasPrefix(rest, side+" ") {
						lines = append(lines, l)
					}
				}
				sent, at := strings.Join(lines, "\n"), 0
				for _, want := range must[name] {
					if w, ok := strings.CutPrefix(want, "~"+side+"|"); ok && !strings.Contains(sent, w) {
						t.Fatalf("%s: the %s sent no %q", name, side, w)
					}
					if w, ok := strings.CutPrefix(want, side+"|"); ok {
						i := strings.Index(sent[at:], w)
						if i < 0 {
							t.Fatalf("%s: the %s sent no %q after what came before it", name, side, w)
						}
						at += i + len(w)
					}
				}
			}
			if _, ok := must[name]; !ok {
				t.Errorf("capture %s has no list of what it must show", name)
			}
		})
	}
}

// A ConnDecoder finds the Engine.IO traffic of real sessions by itself:
// each connection whose requests are Engine.IO's has its polling bodies and
// WebSocket messages decoded (Decoded.SIO), and what it finds is packet for
// packet what the session decoder above, which follows sessions across
// connections by their sid, found.
func TestConnDecoderFindsEngineIO(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("testdata/sio/*.capture")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			recs := readCapture(t, path)
			s := &sessionDecoder{sessions: map[string]*[2]wire.SocketIODecoder{}, conns: map[int]*connState{}}
			s.decodeAll(recs)
			var want []string
			for _, p := range s.packets {
				want = append(want, describe(p))
			}

			var got []string
			conns := map[int]*wire.ConnDecoder{}
			collect := func(d wire.Decoded) {
				if d.SIO != nil {
					got = append(got, describe(d.SIO))
				}
			}
			for _, r := range recs {
				switch r.kind {
				case "open":
					conns[r.conn] = wire.NewConnDecoder()
				case "data":
					conns[r.conn].Feed(r.from, r.data, collect)
				case "close":
					conns[r.conn].Close(r.from, collect)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("the connections' own decoding found\n%s\n\nthe sessions'\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestIsEngineIOTarget(t *testing.T) {
	t.Parallel()
	for target, want := range map[string]bool{
		"/socket.io/?EIO=4&transport=polling&t=N8hyd6w":   true,
		"/socket.io/?EIO=4&transport=websocket&sid=abc":   true,
		"/chat/?EIO=4&transport=polling":                  true, // a path of the app's choosing
		"/socket.io/?EIO=3&transport=polling":             false,
		"/socket.io/?EIO=4":                               false,
		"/socket.io/":                                     false,
		"/api/notes?transport=polling":                    false,
		"/socket.io/?EIO=4&transport=webtransport&sid=ab": false,
	} {
		if got := wire.IsEngineIOTarget(target); got != want {
			t.Errorf("IsEngineIOTarget(%q) = %v, want %v", target, got, want)
		}
	}
}
