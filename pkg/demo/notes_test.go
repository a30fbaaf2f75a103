package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The notes as data, tested without a network, as go/printer's golden
// tests call the printer on a fixed AST: events in, facts and moments out
// (wsFacts.observe); moments and facts in, sentences out (the scenarios'
// sentence tables).

// wsFrame is a frame event of connection 1 as the tracer makes it.
func wsFrame(from wire.Sender, op wire.Opcode, fin bool, payload string) *trace.Event {
	e := &trace.Event{Kind: trace.KindWSFrame, Conn: 1, From: trace.Client, To: trace.Server,
		Frame: &trace.Frame{Fin: fin, Opcode: int(op), OpcodeName: op.String(), Masked: from == wire.FromClient,
			PayloadLen: uint64(len(payload)), HeaderLen: 2, Payload: payload}}
	if from == wire.FromServer {
		e.From, e.To = trace.Server, trace.Client
	}
	return e
}

func closeFrame(from wire.Sender, code int) *trace.Event {
	e := wsFrame(from, wire.OpClose, true, "")
	e.Frame.CloseCode, e.Frame.PayloadLen = code, 2
	return e
}

// momentsOf feeds events to fresh facts and returns, per event, the
// moments found.
func momentsOf(evs ...*trace.Event) (got [][]moment, f *wsFacts) {
	f = &wsFacts{}
	for _, e := range evs {
		said, _ := f.observe(e)
		var ms []moment
		for _, x := range said {
			ms = append(ms, x.m)
		}
		got = append(got, ms)
	}
	return got, f
}

func TestFactsFindMoments(t *testing.T) {
	const c, s = wire.FromClient, wire.FromServer
	long := strings.Repeat("x", 200)
	for _, tc := range []struct {
		name string
		evs  []*trace.Event
		want [][]moment
	}{
		{"the duplex story", []*trace.Event{
			wsFrame(s, wire.OpText, true, "welcome demo-user: connection established"),
			wsFrame(c, wire.OpText, true, "message 1 from the client"),
			wsFrame(s, wire.OpText, true, "echo: message 1 from the client"),
			wsFrame(s, wire.OpText, true, "edit 1 from another tab"),
			wsFrame(s, wire.OpPing, true, "1"),
			wsFrame(c, wire.OpPong, true, "1"),
			wsFrame(c, wire.OpText, true, "message 2 from the client"),
			wsFrame(c, wire.OpPing, true, "2"),
			wsFrame(s, wire.OpPong, true, "2"),
			wsFrame(c, wire.OpText, false, "A long"),
			wsFrame(c, wire.OpContinuation, false, long),
			wsFrame(c, wire.OpContinuation, true, ""),
			wsFrame(c, wire.OpBinary, true, "\x89PNG"),
			closeFrame(c, 1000),
			closeFrame(s, 1000),
		}, [][]moment{
			{momentFirstData, momentWelcome},
			{momentFirstData},
			{momentEcho},
			{momentPush},
			{momentFirstPing},
			{momentPingAnswered},
			{momentInterleaved},
			{momentPingOtherSide},
			{momentPingAnswered},
			{momentFragmentFirst},
			{momentFragmentMiddle, momentLength16},
			{momentFragmentLast},
			{momentBinary},
			{momentCloseStarted},
			{momentCloseAnswered},
		}},
		// Never assumed: a pong that carries another payload answers no
		// ping (an unsolicited heartbeat, RFC 6455 §5.5.3).
		{"a pong that answers nothing", []*trace.Event{
			wsFrame(s, wire.OpPing, true, "1"),
			wsFrame(c, wire.OpPong, true, "heartbeat"),
			wsFrame(c, wire.OpPong, true, "1"),
		}, [][]moment{{momentFirstPing}, nil, {momentPingAnswered}}},
		{"a pong before any ping", []*trace.Event{wsFrame(c, wire.OpPong, true, "")}, [][]moment{nil}},
		// A side that pings again is not "now" pinging: the other side has
		// not pinged at all.
		{"one side pings twice", []*trace.Event{
			wsFrame(s, wire.OpPing, true, "1"),
			wsFrame(s, wire.OpPing, true, "2"),
			wsFrame(c, wire.OpPing, true, "3"),
		}, [][]moment{{momentFirstPing}, nil, {momentPingOtherSide}}},
		// A close frame that breaks a rule moves no closing handshake.
		{"a close frame that breaks a rule", []*trace.Event{
			func() *trace.Event { e := closeFrame(s, 1005); e.Frame.Violation = "close code 1005"; return e }(),
			closeFrame(c, 1002),
			closeFrame(s, 1000),
		}, [][]moment{nil, {momentCloseStarted}, {momentCloseAnswered}}},
		// The same side's second close frame answers nothing.
		{"a close frame sent twice", []*trace.Event{closeFrame(c, 1000), closeFrame(c, 1000)}, [][]moment{{momentCloseStarted}, nil}},
		{"server frames between client messages", []*trace.Event{
			wsFrame(c, wire.OpText, true, "a"),
			wsFrame(s, wire.OpText, true, "b"),
			wsFrame(s, wire.OpPing, true, ""),
			wsFrame(s, wire.OpText, true, "c"),
			wsFrame(c, wire.OpText, true, "d"),
			wsFrame(s, wire.OpText, true, "e"),
			wsFrame(c, wire.OpText, true, "f"),
		}, [][]moment{{momentFirstData}, {momentFirstData}, {momentFirstPing}, nil, {momentInterleaved}, nil, nil}},
	} {
		got, _ := momentsOf(tc.evs...)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
}

// compressedFrame is a frame of a message compressed with
// permessage-deflate: RSV1 on its first frame only, its payload DEFLATE
// data (hex).
func compressedFrame(from wire.Sender, op wire.Opcode, fin bool) *trace.Event {
	e := wsFrame(from, op, fin, "")
	e.Frame.Compressed, e.Frame.PayloadHex, e.Frame.PayloadLen = true, "2a0000", 3
	if op != wire.OpContinuation {
		e.Frame.RSV = 4
	}
	return e
}

// compressedMessage is the ws.message of a compressed message: what
// crossed (wire bytes) and what it inflated to.
func compressedMessage(from wire.Sender, payload string, wire uint64) *trace.Event {
	e := wsFrame(from, 1, true, "")
	e.Kind, e.Frame = trace.KindWSMessage, nil
	e.Message = &trace.Message{Opcode: 1, Frames: 1, Length: uint64(len(payload)), Payload: payload, Compressed: true, CompressedLen: wire}
	return e
}

// Compressed messages: the frames carry DEFLATE data, so the first with
// RSV1 is a moment of its own, and what a message is (the built-in
// server's welcome, an echo) and whether compression paid are found in its
// ws.message, inflated.
func TestFactsFindCompressedMoments(t *testing.T) {
	const c, s = wire.FromClient, wire.FromServer
	welcome := "welcome demo-user: connection established"
	got, _ := momentsOf(
		compressedFrame(s, wire.OpText, true),
		compressedMessage(s, welcome, 30),
		compressedFrame(c, wire.OpText, false),
		compressedFrame(c, wire.OpContinuation, true),
		compressedMessage(c, "hi", 9),
		compressedFrame(s, wire.OpText, true),
		compressedMessage(s, "echo: hi", 12),
		compressedMessage(s, "edit 1 from another tab", 20),
		// A message wsdemo could not inflate says nothing of what paid.
		func() *trace.Event {
			e := compressedMessage(s, "", 5)
			e.Message.Violation, e.Message.NotInflated = "does not inflate", true
			return e
		}(),
		// Uncompressed messages (fragmented ones) are the frames' business.
		func() *trace.Event { e := compressedMessage(s, "echo: x", 0); e.Message.Compressed = false; return e }(),
	)
	want := [][]moment{
		{momentCompressed, momentFirstData},
		{momentCompressedMessage, momentWelcome},
		{momentFirstData, momentFragmentFirst}, // the first RSV1 is said once a connection
		{momentFragmentLast},
		{momentCompressedMessage}, // 9 bytes for 2: did not pay
		nil,
		{momentEcho}, // 12 for 8: did not pay, said already
		{momentPush}, // 20 for 23: paid, said already
		nil,
		nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("moments\n got %v\nwant %v", got, want)
	}
}

func TestFactsCountForTheSummaries(t *testing.T) {
	req := &trace.Event{Kind: trace.KindHTTPRequest, Conn: 1, Raw: []byte("GET / HTTP/1.1\r\n\r\nbody"), HTTP: &trace.HTTP{Body: "body"}}
	resp := &trace.Event{Kind: trace.KindHTTPResponse, Conn: 1, Raw: []byte("HTTP/1.1 101 Switching Protocols\r\n\r\n"), HTTP: &trace.HTTP{Status: 101}}
	none := &trace.Event{Kind: trace.KindHTTPResponse, Conn: 2, HTTP: &trace.HTTP{Status: 304}}
	_, f := momentsOf(req, resp, none,
		wsFrame(wire.FromClient, wire.OpText, false, "ab"),
		wsFrame(wire.FromClient, wire.OpContinuation, true, "c"),
		wsFrame(wire.FromServer, wire.OpPing, true, ""),
		closeFrame(wire.FromServer, 1000))
	s := f.frameStats()
	want := frameStats{frames: [2]int{2, 2}, header: [2]int{4, 4}, payload: [2]int{3, 2}, messages: [2]int{1, 0},
		control: [2]int{0, 2}, data: [2]int{2, 0}, dataBytes: [2]int{7, 0}, requestHead: len("GET / HTTP/1.1\r\n\r\n")}
	if s != want {
		t.Errorf("stats\n got %+v\nwant %+v", s, want)
	}
	if f.bodilessResponses() != 1 {
		t.Errorf("bodiless responses %d, want 1", f.bodilessResponses())
	}
	_, c1 := f.observe(&trace.Event{Kind: trace.KindTCPClose, Conn: 1})
	if !c1.upgraded || c1.closing() != (wsClosing{upgraded: true, closeFrames: 1}) {
		t.Errorf("connection 1: %+v", c1)
	}
	if _, c2 := f.observe(&trace.Event{Kind: trace.KindTCPClose, Conn: 2}); c2.upgraded || c2.status != 304 {
		t.Errorf("connection 2: %+v", c2)
	}
}

// TestDuplexSentenceTable: each moment said with the facts given, the
// story's sentences for the built-in server, none for what it does not
// explain.
// The compression notes match RFC 7692 §7.2.1 and §7.2.2: the sender ends
// the message's DEFLATE data with an empty block with no compression
// (BTYPE=00, RFC 1951 §3.2.4) and removes that block's last 4 bytes; the
// receiver appends them to the message, not to a frame. An empty last
// fragment of a compressed message is explained as such, not as the
// uncompressed writer's habit.
func TestCompressionNotesMatchRFC7692(t *testing.T) {
	en := lang.For(lang.English)
	n := en.Say(compressedFrameNote())
	for _, w := range []string{"an empty block with no compression (BTYPE=00, RFC 1951 §3.2.4)", "adding one if needed",
		"removes that block's last 4 bytes, 00 00 ff ff (RFC 7692 §7.2.1)", "appends 00 00 ff ff to the message's payload and inflates it (RFC 7692 §7.2.2)"} {
		if !strings.Contains(n, w) {
			t.Errorf("compressed frame note lacks %q: %s", w, n)
		}
	}
	if strings.Contains(strings.ToLower(n), "stored") {
		t.Errorf("compressed frame note names the block zlib's way: %s", n)
	}
	last := wsFrame(wire.FromClient, wire.OpContinuation, true, "").Frame
	last.Compressed = true
	got := en.Say(fragmentNote(momentFragmentLast, last))
	for _, w := range []string{"compresses messages, not frames", "joins the payloads of all its frames, appends 00 00 ff ff", "(RFC 7692 §7.2.2)"} {
		if !strings.Contains(got, w) {
			t.Errorf("empty last fragment of a compressed message: note lacks %q: %s", w, got)
		}
	}
	last.Compressed = false
	if got := en.Say(fragmentNote(momentFragmentLast, last)); strings.Contains(got, "7692") {
		t.Errorf("empty last fragment of an uncompressed message speaks of compression: %s", got)
	}
}

// Full duplex is claimed only for what the tap saw that no client frame
// asked for: the server's pings, or the built-in server's pushes. Against
// another server that only echoes (duplex --url), the note says what was
// seen and no more; the old note called any server frame between two
// client messages "full duplex".
func TestInterleavedNoteClaimsOnlyWhatWasSeen(t *testing.T) {
	en := lang.For(lang.English)
	const c, s = wire.FromClient, wire.FromServer
	builtIn, other := duplexSetup{builtIn: true}, duplexSetup{}
	for _, tc := range []struct {
		name   string
		setup  duplexSetup
		evs    []*trace.Event
		duplex bool
		want   string
	}{
		{"an echo server", other, []*trace.Event{wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "a"), wsFrame(c, wire.OpText, true, "b")},
			false, "The tap cannot tell whether it answers the client's messages or came unasked"},
		{"another server's ping", other, []*trace.Event{wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "a"), wsFrame(s, wire.OpPing, true, "p"), wsFrame(c, wire.OpText, true, "b")},
			true, "has sent 2 frames on this same connection, 1 of them a ping, which answers nothing"},
		{"the built-in server's echo only", builtIn, []*trace.Event{wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "echo: a"), wsFrame(c, wire.OpText, true, "b")},
			false, "has sent 1 frame on this same connection, an answer to the client"},
		{"the built-in server's push", builtIn, []*trace.Event{wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "echo: a"), wsFrame(s, wire.OpText, true, "edit 1 from another tab"), wsFrame(c, wire.OpText, true, "b")},
			true, "has sent 2 frames on this same connection, 1 of them a push that no client message asked for"},
		{"a server that spoke first", other, []*trace.Event{wsFrame(s, wire.OpText, true, "hello"), wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "a"), wsFrame(c, wire.OpText, true, "b")},
			false, "That this server sends unasked showed earlier, when it sent a message before any of the client's."},
		// A push-like text from a server that is not ours proves nothing.
		{"another server's push-like text", other, []*trace.Event{wsFrame(c, wire.OpText, true, "a"), wsFrame(s, wire.OpText, true, "edit 1 from another tab"), wsFrame(c, wire.OpText, true, "b")},
			false, "The tap cannot tell"},
	} {
		f := &wsFacts{}
		var note string
		for _, e := range tc.evs {
			said, facts := f.observe(e)
			for _, x := range said {
				if x.m == momentInterleaved {
					note = en.Sentences(duplexFrameNote(tc.setup, facts, x)...)
				}
			}
		}
		if !strings.Contains(note, tc.want) {
			t.Errorf("%s: note %q lacks %q", tc.name, note, tc.want)
		}
		if got := strings.Contains(note, "that is full duplex"); got != tc.duplex {
			t.Errorf("%s: claims full duplex = %v, want %v: %s", tc.name, got, tc.duplex, note)
		}
	}
	// Another server's message before any of the client's is said to be
	// unasked.
	f := &wsFacts{}
	said, facts := f.observe(wsFrame(s, wire.OpText, true, "hello"))
	if n := en.Sentences(duplexFrameNote(other, facts, said[0])...); !strings.Contains(n, "before any message from the client") {
		t.Errorf("first server message: %s", n)
	}
}

func TestDuplexSentenceTable(t *testing.T) {
	en := lang.For(lang.English)
	builtIn := duplexSetup{builtIn: true, pushEvery: 150 * time.Millisecond}
	other := duplexSetup{}
	const c, s = wire.FromClient, wire.FromServer
	fr := func(e *trace.Event) *trace.Frame { return e.Frame }
	for _, tc := range []struct {
		setup duplexSetup
		facts connFacts
		x     said
		want  string // a prefix of the note; "" for none
	}{
		{builtIn, connFacts{}, said{m: momentFirstData, from: c, frame: fr(wsFrame(c, wire.OpText, true, "hi"))}, "Client frames are always masked"},
		{builtIn, connFacts{}, said{m: momentFirstData, from: s, frame: fr(wsFrame(s, wire.OpText, true, "hi"))}, "Server frames are never masked"},
		{builtIn, connFacts{lastGapPushes: 1}, said{m: momentInterleaved, from: c, n: 1, frame: fr(wsFrame(c, wire.OpText, true, "x"))}, "Since the client's previous message the server has sent 1 frame on this same connection, 1 of them a push"},
		{builtIn, connFacts{lastGapPushes: 2}, said{m: momentInterleaved, from: c, n: 3, frame: fr(wsFrame(c, wire.OpText, true, "x"))}, "Since the client's previous message the server has sent 3 frames on this same connection, 2 of them pushes"},
		{builtIn, connFacts{}, said{m: momentFragmentFirst, from: c, frame: fr(wsFrame(c, wire.OpText, false, "x"))}, "FIN=0: only the first fragment of a message. Its opcode (text)"},
		{builtIn, connFacts{}, said{m: momentFragmentMiddle, from: c, frame: fr(wsFrame(c, wire.OpContinuation, false, "x"))}, "Opcode 0x0, continuation"},
		{builtIn, connFacts{}, said{m: momentFragmentLast, from: c, frame: fr(wsFrame(c, wire.OpContinuation, true, ""))}, "FIN=1 with an empty payload ends the message."},
		{builtIn, connFacts{}, said{m: momentFragmentLast, from: c, frame: fr(wsFrame(c, wire.OpContinuation, true, "x"))}, "FIN=1 ends the message (RFC 6455 §5.4)."},
		{builtIn, connFacts{}, said{m: momentFragmentFirst, from: s, frame: fr(wsFrame(s, wire.OpText, false, "x"))}, ""},
		{builtIn, connFacts{}, said{m: momentBinary, from: c, frame: &trace.Frame{Opcode: 2, PayloadHex: pngHex}}, "Opcode 0x2, a binary message: the payload is any bytes, here the 8 bytes that start every PNG file"},
		{builtIn, connFacts{}, said{m: momentBinary, from: c, frame: &trace.Frame{Opcode: 2, PayloadHex: "00"}}, "Opcode 0x2, a binary message: the payload is any bytes, shown in hex"},
		{builtIn, connFacts{}, said{m: momentBinary, from: s, frame: &trace.Frame{Opcode: 2}}, "The server sends binary messages back unchanged."},
		{other, connFacts{}, said{m: momentBinary, from: s, frame: &trace.Frame{Opcode: 2}}, ""},
		{builtIn, connFacts{}, said{m: momentWelcome, from: s, frame: &trace.Frame{}}, "Nobody asked for this"},
		{builtIn, connFacts{}, said{m: momentPush, from: s, frame: &trace.Frame{}}, "A push: the server sends this on its own schedule (every 150ms)"},
		{builtIn, connFacts{}, said{m: momentEcho, from: s, frame: &trace.Frame{}}, "The server's reply to the client's message."},
		{other, connFacts{}, said{m: momentPush, from: s, frame: &trace.Frame{}}, ""},
		{builtIn, connFacts{}, said{m: momentFirstPing, from: s, frame: &trace.Frame{}}, "A ping (opcode 0x9) asks"},
		{builtIn, connFacts{}, said{m: momentPingOtherSide, from: c, frame: &trace.Frame{}}, "Now the client pings"},
		{builtIn, connFacts{}, said{m: momentPingOtherSide, from: s, frame: &trace.Frame{}}, "Now the server pings"},
		{builtIn, connFacts{}, said{m: momentPingAnswered, from: c, frame: &trace.Frame{}}, "The client answered with a pong carrying the same payload"},
		{builtIn, connFacts{}, said{m: momentPingAnswered, from: s, frame: &trace.Frame{}}, "The server answered with a pong carrying the same payload"},
		{builtIn, connFacts{}, said{m: momentCloseStarted, from: c, frame: fr(closeFrame(c, 1000))},
			"A close frame (opcode 0x8) starts the closing handshake: status 1000 (normal closure), and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1). After it the client sends no more data frames."},
		{builtIn, connFacts{}, said{m: momentCloseStarted, from: s, frame: fr(closeFrame(s, 0))},
			"A close frame (opcode 0x8) starts the closing handshake: no status code, and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1). After it the server sends no more data frames."},
		{builtIn, connFacts{closeCode: 1000}, said{m: momentCloseAnswered, from: s, frame: fr(closeFrame(s, 1000))}, "The server answers with its own close frame, echoing status 1000."},
		{builtIn, connFacts{closeCode: 1000}, said{m: momentCloseAnswered, from: s, frame: fr(closeFrame(s, 1001))}, "The server answers with its own close frame, status 1001 (going away)."},
		{builtIn, connFacts{closeCode: 1000}, said{m: momentCloseAnswered, from: c, frame: fr(closeFrame(c, 0))}, "The client answers with its own close frame, with no status code."},
		{builtIn, connFacts{}, said{m: momentLength16, from: c, frame: &trace.Frame{PayloadLen: 200}}, "Its payload is 200 bytes, more than the 7-bit length field holds"},
		{builtIn, connFacts{}, said{m: momentLength64, from: c, frame: &trace.Frame{PayloadLen: 70000}}, ""},
	} {
		got := en.Sentences(duplexFrameNote(tc.setup, tc.facts, tc.x)...)
		if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
			t.Errorf("moment %d from %v (built-in %v):\n got %q\nwant %q…", tc.x.m, tc.x.from, tc.setup.builtIn, got, tc.want)
		}
	}
	if got := en.Sentences(duplexResponseNote(426, nil, nil)...); !strings.HasPrefix(got, "The server did not switch protocols") {
		t.Errorf("426: %q", got)
	}
	if got := en.Sentences(duplexConnectNote(duplexSetup{wss: true})...); !strings.Contains(got, "wrapped in TLS") {
		t.Errorf("wss: %q", got)
	}
	// permessage-deflate: what the offer and the answer that crossed say,
	// and what a compressed message cost against what it inflated to.
	offer := []string{"permessage-deflate; client_max_window_bits"}
	for _, tc := range []struct {
		got, want string
	}{
		{en.Sentences(duplexRequestNote(offer)...), "Sec-WebSocket-Extensions offers permessage-deflate"},
		{en.Sentences(duplexResponseNote(101, offer, []string{"permessage-deflate"})...), "The server accepted permessage-deflate"},
		{en.Sentences(duplexResponseNote(101, offer, nil)...), "the server's answer does not accept it"},
		{en.Sentences(duplexFrameNote(builtIn, connFacts{}, said{m: momentCompressed, from: s, frame: &trace.Frame{}})...), "RSV1 is set: this message is compressed (RFC 7692 §6)."},
		{en.Sentences(duplexFrameNote(builtIn, connFacts{}, said{m: momentCompressedMessage, from: s, frame: &trace.Frame{},
			message: &trace.Message{Compressed: true, CompressedLen: 9, Length: 2}})...), "Compression did not pay here: 9 bytes crossed for a message of 2."},
	} {
		if !strings.Contains(tc.got, tc.want) {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if got := en.Sentences(duplexRequestNote(nil)...); strings.Contains(got, "deflate") {
		t.Errorf("no offer: %q", got)
	}
}

func TestHandshakeSentenceTable(t *testing.T) {
	en := lang.For(lang.English)
	const c, s = wire.FromClient, wire.FromServer
	welcome := said{m: momentFirstData, from: s, frame: wsFrame(s, wire.OpText, true, "welcome").Frame}
	going := closeFrame(c, 1001).Frame
	going.CloseReason = "interrupted"
	for _, tc := range []struct {
		builtin bool
		facts   connFacts
		moments []said
		want    string
	}{
		{true, connFacts{}, []said{welcome}, "The server's welcome, on the same TCP connection #1, and no request asked for it"},
		{false, connFacts{}, []said{welcome}, "The server's first frame, on the same TCP connection #1"},
		// After a close frame, the server's first data is no welcome.
		{true, connFacts{closes: 1}, []said{welcome}, ""},
		{true, connFacts{}, []said{{m: momentFirstData, from: c, frame: &trace.Frame{}}}, ""},
		{true, connFacts{}, []said{{m: momentCloseStarted, from: c, frame: going}},
			`The client starts the closing handshake: a close frame with status code 1001 (going away) and the reason "interrupted" (RFC 6455 §5.5.1, §7.4.1). Going away: the demo was interrupted. Like every client frame it is masked (RFC 6455 §5.1).`},
		{true, connFacts{}, []said{{m: momentCloseStarted, from: s, frame: closeFrame(s, 1000).Frame}},
			"The server starts the closing handshake: a close frame with status code 1000 (normal closure) (RFC 6455 §5.5.1, §7.4.1)."},
		{true, connFacts{}, []said{{m: momentCloseAnswered, from: c, frame: closeFrame(c, 1000).Frame}},
			"The client answers with its own close frame, status code 1000 (normal closure); a reply typically echoes the status it received, and this one does not (RFC 6455 §5.5.1). The closing handshake is complete; the WebSocket is Closed once TCP closes (RFC 6455 §7.1.4)."},
		{true, connFacts{closeCode: 1000}, []said{{m: momentCloseAnswered, from: c, frame: closeFrame(c, 1000).Frame}},
			"The client answers with its own close frame, echoing status code 1000 (normal closure), as a reply typically does (RFC 6455 §5.5.1). The closing handshake is complete; the WebSocket is Closed once TCP closes (RFC 6455 §7.1.4)."},
		{true, connFacts{}, []said{{m: momentPingAnswered, from: c, frame: &trace.Frame{}}}, ""},
	} {
		if got := en.Sentences(handshakeFrameNote(tc.builtin, 1, tc.facts, tc.moments)...); got != tc.want && !(tc.want != "" && strings.HasPrefix(got, tc.want)) {
			t.Errorf("%+v:\n got %q\nwant %q", tc.moments, got, tc.want)
		}
	}
}

func TestHandshakeRequestAndAnswerNotes(t *testing.T) {
	en := lang.For(lang.English)
	get := &trace.HTTP{Method: "GET", Headers: [][2]string{{"Sec-Websocket-Key", "x"}}}
	for _, tc := range []struct {
		got, want string
	}{
		{en.Sentences(handshakeRequestNote(handshakeSetup{kase: "bad-key"}, get)...), `A handshake whose Sec-WebSocket-Key "c2hvcnQta2V5" is base64 of the 9 bytes`},
		{en.Sentences(handshakeRequestNote(handshakeSetup{origin: "null"}, get)...), "The opening handshake: an ordinary HTTP/1.1 GET"},
		{en.Sentences(handshakeRequestNote(handshakeSetup{}, get)...), "The opening handshake"},
		{en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true}, &trace.HTTP{Status: 101})...), "The server agrees."},
		{en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true}, &trace.HTTP{Status: 403})...), "Refused: a server that does not accept an origin answers 403"},
		// Another server's reasons are only in its answer.
		{en.Sentences(handshakeResponseNote(handshakeSetup{}, &trace.HTTP{Status: 403})...), "This server did not accept the WebSocket handshake, and its status and body are all it says about why."},
		{en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true, kase: "bad-key"}, &trace.HTTP{Status: 400})...), "Refused: RFC 6455 §4.2.1 item 5 requires a Sec-WebSocket-Key whose base64 decodes to 16 bytes"},
		{en.Say(handshakeSummaryNote(false, true, true, true, 300)), "The HTTP handshake (300 bytes) happened once. After it the connection carried only WebSocket frames, each with a header of 2 to 14 bytes (RFC 6455 §5.2)."},
		{en.Say(handshakeSummaryNote(true, true, false, true, 300)), "One request, one refusal, no frames"},
	} {
		if !strings.HasPrefix(tc.got, tc.want) {
			t.Errorf("got %q, want %q…", tc.got, tc.want)
		}
	}
	// Go's canonical header name is explained.
	if n := en.Sentences(handshakeRequestNote(handshakeSetup{}, get)...); !strings.Contains(n, "Sec-Websocket-Key is the RFC's Sec-WebSocket-Key") {
		t.Errorf("request note %q", n)
	}
	if en.Say(handshakeSummaryNote(true, false, false, true, 0)) != "" {
		t.Error("a summary note without an answer")
	}
}

// The Origin that crossed is said to be wsdemo's client's choice, never
// "the page's": no browser and no page took part (RFC 6455 §4.1 item 8,
// §10.1). Without an Origin header nothing is said of one.
func TestHandshakeOriginNoteSaysWhoSetIt(t *testing.T) {
	en := lang.For(lang.English)
	get := func(origin string) *trace.HTTP {
		return &trace.HTTP{Method: "GET", Headers: [][2]string{{"Origin", origin}}}
	}
	for _, tc := range []struct {
		name  string
		setup handshakeSetup
		m     *trace.HTTP
		want  []string
	}{
		{"default", handshakeSetup{builtin: true}, get("http://127.0.0.1:8080"),
			[]string{"Origin: wsdemo's client sent this server's own origin", "RFC 6455 §4.1 item 8, §10.1"}},
		{"--origin", handshakeSetup{builtin: true, origin: "http://evil.example"}, get("http://evil.example"),
			[]string{"Origin: wsdemo's client sent http://evil.example, as --origin asked;", "a client that is not a browser can send any"}},
		{"null", handshakeSetup{builtin: true, origin: "null"}, get("null"),
			[]string{"Origin: wsdemo's client sent null, as --origin asked:", "what a browser sends for a page with an opaque origin"}},
		{"none", handshakeSetup{}, &trace.HTTP{Method: "GET"}, nil},
	} {
		n := en.Sentences(handshakeRequestNote(tc.setup, tc.m)...)
		for _, w := range tc.want {
			if !strings.Contains(n, w) {
				t.Errorf("%s: request note %q lacks %q", tc.name, n, w)
			}
		}
		if strings.Contains(n, "the page opening it") || strings.Contains(n, "says the page") {
			t.Errorf("%s: request note %q calls wsdemo's Origin a page's", tc.name, n)
		}
		if tc.want == nil && strings.Contains(n, "Origin") {
			t.Errorf("%s: request note %q speaks of an Origin that did not cross", tc.name, n)
		}
	}
	if m := en.F(handshakeRequestMeanings["origin"]); strings.Contains(m, "browsers always send it") || !strings.Contains(m, "any other client may send any value") {
		t.Errorf("Origin's meaning %q", m)
	}
}

// The 403 note says what SameSite does, citing the draft that defines it
// (RFC 6265 has none), hedges what browsers differ on, and says who chose
// the Origin.
func TestHandshake403NoteOnSameSite(t *testing.T) {
	en := lang.For(lang.English)
	n := en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true}, &trace.HTTP{Status: 403})...)
	for _, w := range []string{"draft-ietf-httpbis-rfc6265bis §4.1.2.7, §5.2", "no top-level navigation", "another origin of the same site",
		"browsers differ on cookies without the attribute", "wsdemo's client chose this Origin", "RFC 6455 §10.1"} {
		if !strings.Contains(n, w) {
			t.Errorf("403 note lacks %q: %s", w, n)
		}
	}
	if strings.Contains(n, "RFC 6265 §") {
		t.Errorf("403 note cites RFC 6265 for SameSite: %s", n)
	}
}

// The bad key's refusal says what RFC 6455 requires (§4.2.1 item 5: the
// key decodes to 16 bytes, else an error such as 400) and how Accept is
// really computed: from the key string as received, not decoded (§4.2.2).
// The old note said the server could not prove anything without a proper
// key, which is false: it could hash any string.
func TestHandshakeBadKeyNoteIsExact(t *testing.T) {
	en := lang.For(lang.English)
	n := en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true, kase: "bad-key"}, &trace.HTTP{Status: 400})...)
	for _, w := range []string{"§4.2.1 item 5", "decodes to 16 bytes", "400 Bad Request", "the key as received, the base64 text itself", "need not decode it (RFC 6455 §4.2.2)"} {
		if !strings.Contains(n, w) {
			t.Errorf("bad-key note lacks %q: %s", w, n)
		}
	}
	if strings.Contains(n, "cannot prove") {
		t.Errorf("bad-key note says the server cannot compute Accept: %s", n)
	}
	// What the note says the server does is what it does: Accept hashes
	// the key's text, whatever it decodes to.
	if _, _, got := wire.AcceptSteps(badKey); got != wire.AcceptKey(badKey) || got == "" {
		t.Errorf("AcceptKey(%q) = %q", badKey, got)
	}
}

// A 426 for an unsupported Sec-WebSocket-Version cites RFC 6455 §4.2.2's
// /version/ step and §4.4, and RFC 9110 §15.5.22 for the Upgrade every 426
// must carry, saying whether this one did.
func TestHandshake426NoteCitesBothRFCs(t *testing.T) {
	en := lang.For(lang.English)
	with := &trace.HTTP{Status: 426, Headers: [][2]string{{"Sec-WebSocket-Version", "13"}, {"Upgrade", "websocket"}}}
	without := &trace.HTTP{Status: 426, Headers: [][2]string{{"Sec-WebSocket-Version", "13"}}}
	n := en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true, kase: "bad-version"}, with)...)
	for _, w := range []string{"RFC 6455 §4.2.2 (step 4, /version/)", "(RFC 6455 §4.4)", "(RFC 9110 §15.5.22): this one says websocket."} {
		if !strings.Contains(n, w) {
			t.Errorf("426 note lacks %q: %s", w, n)
		}
	}
	if n := en.Sentences(handshakeResponseNote(handshakeSetup{builtin: true, kase: "bad-version"}, without)...); !strings.Contains(n, "this one has no Upgrade header") {
		t.Errorf("426 without Upgrade: %s", n)
	}
}

// The summary speaks of the cookie only when a Cookie header crossed.
func TestHandshakeSummarySpeaksOfACookieThatCrossed(t *testing.T) {
	en := lang.For(lang.English)
	if n := en.Say(handshakeSummaryNote(true, true, true, false, 300)); strings.Contains(n, "cookie") {
		t.Errorf("summary without a Cookie header: %q", n)
	}
	if n := en.Say(handshakeSummaryNote(true, true, true, true, 300)); !strings.Contains(n, "checked the cookie once") {
		t.Errorf("summary with a Cookie header: %q", n)
	}
}

func TestRealtimeSentenceTable(t *testing.T) {
	for _, tc := range []struct {
		strategy string
		e        *trace.Event
		want     lang.Msg
	}{
		{"poll", &trace.Event{Kind: trace.KindHTTPResponse, HTTP: &trace.HTTP{Status: 304}}, "Nothing new: 304 Not Modified"},
		{"long-poll", &trace.Event{Kind: trace.KindHTTPResponse, HTTP: &trace.HTTP{Status: 204}}, "The server held the request"},
		{"refresh", &trace.Event{Kind: trace.KindHTTPRequest}, "The user reloads tab B"},
		{"websocket", wsFrame(wire.FromServer, wire.OpText, true, "{}"), "The server pushes the edit"},
		{"websocket", func() *trace.Event { e := closeFrame(wire.FromClient, 1000); e.From = tabB; return e }(), "Tab B starts the closing handshake: a Close frame"},
		// Tab B sends no text frames: nothing to say of one.
		{"websocket", wsFrame(wire.FromClient, wire.OpText, true, "{}"), ""},
		{"poll", &trace.Event{Kind: trace.KindHTTPResponse, HTTP: &trace.HTTP{Status: 204}}, ""},
		{"tcp-floor", &trace.Event{Kind: trace.KindHTTPRequest}, ""},
	} {
		got := realtimeNote(tc.strategy, realtimeKindOf(tc.e))
		if (tc.want == "") != (got == "") || !strings.HasPrefix(string(got), string(tc.want)) {
			t.Errorf("%s %s: got %q, want %q…", tc.strategy, tc.e.Kind, got, tc.want)
		}
	}
}

// Sec-WebSocket-Protocol is cited where RFC 6455 defines it: subprotocols
// (§1.9), the client's list (§4.1 item 10), the server's choice (§4.2.2);
// §11.3.4 is only its IANA registration.
func TestSubprotocolMeaningCitesTheRFC(t *testing.T) {
	m := string(headerMeanings["sec-websocket-protocol"])
	if !strings.Contains(m, "(RFC 6455 §1.9, §4.1 item 10, §4.2.2)") || strings.Contains(m, "§11.3.4") {
		t.Errorf("Sec-WebSocket-Protocol's meaning: %q", m)
	}
}

// The ping note keeps RFC 6455's two rules apart: a control frame is never
// fragmented and carries at most 125 bytes (§5.5), and it may come between
// the fragments of a data message (§5.4), which the old note cited to §5.5.
func TestPingNoteCitesFragmentRules(t *testing.T) {
	en := lang.For(lang.English)
	n := en.Sentences(duplexFrameNote(duplexSetup{}, connFacts{}, said{m: momentFirstPing, from: wire.FromServer, frame: &trace.Frame{}})...)
	for _, w := range []string{"at most 125 bytes", "never fragmented itself", "between the fragments of a data message", "(RFC 6455 §5.4, §5.5, §5.5.2)"} {
		if !strings.Contains(n, w) {
			t.Errorf("ping note lacks %q: %s", w, n)
		}
	}
}

// The condensed handshake shows each Sec-WebSocket-Extensions header line
// that crossed, once per line: one offer once, two header lines twice (a
// client may send the header more than once, RFC 6455 §11.3.2), never a copy of its
// own.
func TestShortHandshakeShowsExtensionsAsTheyCrossed(t *testing.T) {
	t.Parallel()
	en := lang.For(lang.English)
	count := func(raw string) int {
		ms, err := wire.NewHTTPDecoder(wire.FromClient).Feed([]byte(raw))
		if err != nil || len(ms) != 1 {
			t.Fatalf("decode: %v, %d messages", err, len(ms))
		}
		n := 0
		for _, f := range shortHandshake(httpEvent(ms[0], en).Fields, true) {
			if strings.EqualFold(f.Name, "Sec-WebSocket-Extensions") {
				n++
			}
		}
		return n
	}
	head := "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
	once := head + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
	twice := head + "Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n"
	if n := count(once); n != 1 {
		t.Errorf("one header line shown %d times", n)
	}
	if n := count(twice); n != 2 {
		t.Errorf("two header lines shown %d times", n)
	}
}
