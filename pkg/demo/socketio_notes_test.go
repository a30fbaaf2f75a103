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

// Socket.IO's notes as data, without a network: events in, moments out
// (sioFacts.observe); moments in, sentences out (sioNote).

// sioPacket is a sio.packet event as sioEvent makes it from the packet's
// text, between actor and the server.
func sioPacket(actor string, fromClient bool, transport wire.EIOTransport, text string) *trace.Event {
	var p *wire.EIOPacket
	var d wire.SocketIODecoder
	if transport == wire.WebSocketTransport {
		d.Message(wire.OpText, []byte(text), uint64(len(text)), func(q *wire.EIOPacket) { p = q })
	} else {
		d.Payload([]byte(text), false, func(q *wire.EIOPacket) { p = q })
	}
	e := sioEvent(p)
	e.Conn, e.From, e.To = 1, trace.Server, actor
	if fromClient {
		e.From, e.To = actor, trace.Server
	}
	return &e
}

func sioRequest(actor, method, target string, headers ...[2]string) *trace.Event {
	return &trace.Event{Kind: trace.KindHTTPRequest, Conn: 1, From: actor, To: trace.Server,
		HTTP: &trace.HTTP{Method: method, Target: target, Headers: headers}}
}

func sioMomentsOf(evs ...*trace.Event) (got [][]sioMoment, all [][]sioSaid) {
	f := newSIOFacts(func() time.Duration { return 0 })
	for _, e := range evs {
		said := f.observe(e)
		var ms []sioMoment
		for _, x := range said {
			ms = append(ms, x.m)
		}
		got, all = append(got, ms), append(all, said)
	}
	return got, all
}

func TestSIOFactsFindMoments(t *testing.T) {
	const c, s = true, false
	ws, poll := wire.WebSocketTransport, wire.Polling
	open := `0{"sid":"e1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`
	for _, tc := range []struct {
		name string
		evs  []*trace.Event
		want [][]sioMoment
	}{
		{"an opening over long-polling", []*trace.Event{
			sioRequest(trace.Client, "GET", "/socket.io/?EIO=4&transport=polling"),
			sioPacket(trace.Client, s, poll, open),
			sioRequest(trace.Client, "POST", "/socket.io/?EIO=4&transport=polling&sid=e1"),
			sioPacket(trace.Client, c, poll, "40"),
			sioPacket(trace.Client, s, poll, `40{"sid":"s1"}`),
			sioPacket(trace.Client, c, ws, "2probe"),
			sioPacket(trace.Client, s, ws, "3probe"),
			sioPacket(trace.Client, s, poll, "6"),
			sioPacket(trace.Client, c, ws, "5"),
			sioPacket(trace.Client, s, ws, "2"),
			sioPacket(trace.Client, c, ws, "3"),
		}, [][]sioMoment{
			{sioFirstPoll}, {sioOpen}, {sioPollPOST}, {sioConnect}, {sioConnectAnswer},
			{sioProbe}, {sioProbeAnswer}, {sioNoop}, {sioUpgradePacket}, {sioPing}, {sioPong},
		}},
		// Never assumed: a heartbeat the wrong way round (Engine.IO v3's
		// client pings), a noop over a WebSocket, a GET that asks to
		// upgrade: none is the moment its look suggests.
		{"what only looks like a moment", []*trace.Event{
			sioRequest(trace.Client, "GET", "/socket.io/?EIO=4&transport=polling", [2]string{"Upgrade", "websocket"}),
			sioPacket(trace.Client, c, ws, "2"),
			sioPacket(trace.Client, s, ws, "3"),
			sioPacket(trace.Client, s, ws, "6"),
			sioPacket(trace.Client, s, poll, "40"),
		}, [][]sioMoment{nil, nil, nil, nil, nil}},
		{"events, acks, a namespace", []*trace.Event{
			sioPacket(trace.Client, c, ws, `42["chat","hi"]`),
			sioPacket(trace.Client, c, ws, `42["chat","again"]`),
			sioPacket(trace.Client, c, ws, `420["chat","ack?"]`),
			sioPacket(trace.Client, s, ws, `430["ok"]`),
			sioPacket(trace.Client, c, ws, `40/admin,`),
			sioPacket(trace.Client, s, ws, `42["news","x"]`),
			sioPacket(trace.Client, s, ws, `44{"message":"no"}`),
			sioPacket(trace.Client, s, ws, `41`),
		}, [][]sioMoment{{sioFirstEvent}, nil, {sioEventWithAck}, {sioAck}, {sioConnect}, {sioServerEvent}, {sioConnectError}, {sioDisconnect}}},
		// One packet on two clients' connections, whichever came first.
		{"the same event to two clients", []*trace.Event{
			sioPacket(tabB, s, ws, `42["announce","x"]`),
			sioPacket(trace.Client, s, ws, `42["announce","x"]`),
			sioPacket(trace.Client, s, ws, `42["announce","y"]`),
		}, [][]sioMoment{{sioRelayed}, {sioSameOnTwoConns}, {sioServerEvent}}},
	} {
		got, _ := sioMomentsOf(tc.evs...)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}

	// What the moments carry: the open packet's values, the event's
	// prefix, the ack's id and side, the frames a binary event took.
	_, all := sioMomentsOf(
		sioPacket(trace.Client, s, poll, open),
		sioPacket(trace.Client, c, ws, `42/chat,["a"]`),
		sioPacket(trace.Client, c, ws, `431["ok"]`),
		sioPacket(trace.Client, c, ws, `452-["photo",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`),
		func() *trace.Event {
			e := sioPacket(trace.Client, c, ws, "")
			e.SIO = &trace.SIO{Transport: "websocket", EIOName: "message", Binary: true, Attachment: new(int), DataHex: "89504e47"}
			return e
		}(),
	)
	if x := all[0][0]; x.open.SID != "e1" || x.open.PingInterval != 25000 || x.transport != "polling" {
		t.Errorf("open: %+v", x)
	}
	if x := all[1][0]; x.m != sioFirstEvent || x.text != "42/chat," {
		t.Errorf("first event: %+v", x)
	}
	if x := all[2][0]; x.m != sioAck || x.ack != 1 || !x.fromClient {
		t.Errorf("ack: %+v", x)
	}
	if x := all[4][0]; x.m != sioAttachment || x.n != 4 || x.frames != 3 {
		t.Errorf("attachment: %+v", x)
	}
}

// The story's connection ends: the one it cut (a reset under the server),
// a long-polling connection the client closed unused after the upgrade.
func TestSIOFactsFindEnds(t *testing.T) {
	f := newSIOFacts(func() time.Duration { return 0 })
	get := sioRequest(trace.Client, "GET", "/socket.io/?EIO=4&transport=polling&sid=e1")
	get.Conn = 2
	f.observe(sioPacket(trace.Client, false, wire.Polling, `0{"sid":"e1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1}`))
	f.observe(get)
	f.observe(sioPacket(trace.Client, true, wire.WebSocketTransport, "5"))
	f.setCut(3)
	end := func(conn int, from, how string) []sioSaid {
		return f.observe(&trace.Event{Kind: trace.KindTCPClose, Conn: conn, From: from, TCP: &trace.TCPEnd{First: true, How: how}})
	}
	if got := end(3, trace.Client, trace.TCPEndReset); got != nil {
		t.Errorf("the client's end of the cut connection: %v", got)
	}
	if got := end(2, trace.Server, trace.TCPEndFIN); got != nil {
		t.Errorf("the server closed the polling connection: %v", got)
	}
	f.setCut(4)
	if got := end(4, trace.Server, trace.TCPEndReset); len(got) != 1 || got[0].m != sioCut {
		t.Errorf("the cut: %v", got)
	}
	f.observe(get) // conn 2 again, closed already
	get.Conn = 5
	f.observe(get) // a GET after the upgrade: not unused
	if got := end(5, trace.Client, trace.TCPEndFIN); got != nil {
		t.Errorf("a connection used after the upgrade: %v", got)
	}
}

// The sentence table: each moment said from what it carries; the story's
// own sentences only for the built-in server.
func TestSIOSentenceTable(t *testing.T) {
	en := lang.For(lang.English)
	o := wire.EIOOpenData{SID: "e1", Upgrades: []string{"websocket"}, PingInterval: 1000, PingTimeout: 5000, MaxPayload: 100}
	for _, tc := range []struct {
		builtIn bool
		x       sioSaid
		want    string // a part of the note; "" for none
	}{
		{true, sioSaid{m: sioOpen, transport: "polling", open: o}, `the transports it may upgrade to ["websocket"], a ping every 1,000 ms, 5,000 ms to answer it`},
		{true, sioSaid{m: sioOpen, transport: "polling", open: o}, "wsdemo's server sets pingInterval to 1s"},
		{false, sioSaid{m: sioOpen, transport: "polling", open: o}, "no Upgrade, no 101 (Engine.IO v4, \"Handshake\")."},
		{true, sioSaid{m: sioOpen, transport: "websocket", open: o}, "the first message on the WebSocket"},
		{true, sioSaid{m: sioConnect, transport: "polling", text: "/"}, "Over long-polling it rides in a POST's body"},
		{true, sioSaid{m: sioConnect, transport: "websocket", text: "/admin"}, "CONNECT to the namespace /admin"},
		{true, sioSaid{m: sioAck, ack: 7, fromClient: true}, "the same id, 7, and the arguments the client's callback gave"},
		{true, sioSaid{m: sioAck, ack: 7}, "the server's callback gave"},
		{true, sioSaid{m: sioAttachment, transport: "websocket", n: 4, num: 0, frames: 2}, "One event took 2 WebSocket frames"},
		{true, sioSaid{m: sioAttachment, transport: "polling", n: 4}, "b and the 4 bytes in base64"},
		{true, sioSaid{m: sioPing, transport: "polling", d: time.Second}, "here in the answer to a long-polling GET"},
		{true, sioSaid{m: sioFirstClientFrame, text: "text", n: 1}, "one text frame, masked"},
		{true, sioSaid{m: sioFirstClientFrame, text: "binary", n: 1}, ""},
		{true, sioSaid{m: sioWebSocketFirst, tab: true}, "Tab B skips long-polling"},
		{false, sioSaid{m: sioWebSocketFirst, tab: true}, "The first request is already a WebSocket handshake"},
		{true, sioSaid{m: sioSameOnTwoConns, n: 20}, "The same 20 bytes as on the other connection"},
		{false, sioSaid{m: sioSameOnTwoConns, n: 20}, ""},
		{false, sioSaid{m: sioRelayed}, ""},
		{false, sioSaid{m: sioCut}, ""},
		{true, sioSaid{m: sioCut}, "abnormal closure (RFC 6455 §7.1.5)"},
		{true, sioSaid{m: sioBinaryEvent, fromClient: true, n: 1}, "then 1- the number of attachments"},
		{false, sioSaid{m: sioBinaryEvent, tab: true}, ""},
		{true, sioSaid{m: sioOfflineEvent, d: 1500 * time.Millisecond}, "This event was emitted 1.50 s ago"},
		// What was seen: the transport it crossed on, and the CONNECT's
		// answer only when it had crossed.
		{true, sioSaid{m: sioOfflineEvent, d: time.Second, transport: "polling"}, "it crossed now, over polling: as"},
		{true, sioSaid{m: sioOfflineEvent, d: time.Second, transport: "websocket", connected: true}, "over websocket, after the new session's CONNECT was answered"},
		{false, sioSaid{m: sioFirstPoll}, "By default Socket.IO starts with HTTP long-polling"},
		{false, sioSaid{m: sioUpgradeRequest, text: "Sec-Websocket-Key"}, "writes the name Sec-Websocket-Key: header names are case-insensitive (RFC 9110 §5.1)"},
		{false, sioSaid{m: sioConnectAnswer, sid: "a", old: "b"}, "since revision 5 of the protocol (Socket.IO 3.0)"},
		{true, sioSaid{m: sioPOSTBesideGET, conn: 3}, "The GET on connection #3 has no answer yet"},
	} {
		got := en.Sentences(sioNote(tc.builtIn, tc.x)...)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("moment %d (built-in %v):\n got %q\nwant …%q…", tc.x.m, tc.builtIn, got, tc.want)
		}
	}
	// Every moment the facts can find has words, in the story.
	for m := sioFirstPoll; m <= sioPollingClosed; m++ {
		x := sioSaid{m: m, fromClient: true, tab: true, text: "text", n: 1, transport: "websocket", open: o}
		if m == sioFirstClientFrame || m == sioViolation {
			continue // said only of a text frame; the rule broken is the decoder's words
		}
		if len(sioNote(true, x)) == 0 {
			t.Errorf("moment %d has no sentence in the story", m)
		}
	}

}

// A GET the server held is said to have waited for a packet only when its
// answer carries one: a lone noop ended it for the upgrade, and has a note
// of its own.
func TestSIOFactsHeldGET(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []sioMoment
	}{
		{"6", nil},
		{`42["chat","hi"]`, []sioMoment{sioHeldGET}},
	} {
		now := time.Duration(0)
		f := newSIOFacts(func() time.Duration { return now })
		f.observe(sioRequest(trace.Client, "GET", "/socket.io/?EIO=4&transport=polling&sid=e1"))
		now = 100 * time.Millisecond
		var got []sioMoment
		for _, x := range f.observe(&trace.Event{Kind: trace.KindHTTPResponse, Conn: 1, From: trace.Server, To: trace.Client,
			HTTP: &trace.HTTP{Status: 200, Body: tc.body}}) {
			got = append(got, x.m)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("held GET answered %q: %v, want %v", tc.body, got, tc.want)
		}
	}
}

// The head's own spelling of a header name, when it differs.
func TestOtherSpelling(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"GET / HTTP/1.1\r\nSec-Websocket-Key: x\r\n\r\n", "Sec-Websocket-Key"},
		{"GET / HTTP/1.1\r\nSec-WebSocket-Key: x\r\n\r\n", ""},
		{"GET / HTTP/1.1\r\nHost: h\r\n\r\nSec-Websocket-Key: in the body", ""},
	} {
		if got := otherSpelling([]byte(tc.raw), "Sec-WebSocket-Key"); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.raw, got, tc.want)
		}
	}
}
