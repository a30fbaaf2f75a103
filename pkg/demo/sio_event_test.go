package demo

import (
	"encoding/json"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// sioEvents decodes WebSocket messages (a string is a text message, a
// []byte a binary one) or, with polling, one long-polling body per string,
// through one SocketIODecoder, and maps each packet to its event.
func sioEvents(polling bool, msgs ...any) []trace.Event {
	var d wire.SocketIODecoder
	var evs []trace.Event
	emit := func(p *wire.EIOPacket) { evs = append(evs, sioEvent(p)) }
	for _, m := range msgs {
		switch m := m.(type) {
		case string:
			if polling {
				d.Payload([]byte(m), false, emit)
			} else {
				d.Message(wire.OpText, []byte(m), uint64(len(m)), emit)
			}
		case []byte:
			d.Message(wire.OpBinary, m, uint64(len(m)), emit)
		}
	}
	return evs
}

// Each packet becomes a sio.packet event whose sio object is the trace
// format's: the Engine.IO layer always, the Socket.IO layer for a message
// that carries it, zero values (CONNECT, ack id 0) present when they apply.
func TestSIOEventTraceFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		polling bool
		msgs    []any
		sio     []string // the JSON of each event's sio object
		summary []string
	}{
		{"handshake over polling", true, []any{`0{"sid":"s1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`, "40", `40{"sid":"x"}`},
			[]string{
				`{"transport":"polling","eio_type":0,"eio_name":"open","raw":"0{\"sid\":\"s1\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"}`,
				`{"transport":"polling","eio_type":4,"eio_name":"message","sio_type":0,"sio_name":"CONNECT","nsp":"/","raw":"40"}`,
				`{"transport":"polling","eio_type":4,"eio_name":"message","sio_type":0,"sio_name":"CONNECT","nsp":"/","data":{"sid":"x"},"raw":"40{\"sid\":\"x\"}"}`,
			},
			[]string{`OPEN 0{"sid":"s1","upgrades":["websocket"],"p…`, `CONNECT 40`, `CONNECT 40{"sid":"x"}`}},
		{"upgrade", false, []any{"2probe", "3probe", "5", "6"},
			[]string{
				`{"transport":"websocket","eio_type":2,"eio_name":"ping","raw":"2probe"}`,
				`{"transport":"websocket","eio_type":3,"eio_name":"pong","raw":"3probe"}`,
				`{"transport":"websocket","eio_type":5,"eio_name":"upgrade","raw":"5"}`,
				`{"transport":"websocket","eio_type":6,"eio_name":"noop","raw":"6"}`,
			},
			[]string{"PING 2probe", "PONG 3probe", "UPGRADE 5", "NOOP 6"}},
		{"event and ack", false, []any{`42/chat,0["chat","hi"]`, `43/chat,0["ok"]`},
			[]string{
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":2,"sio_name":"EVENT","nsp":"/chat","ack_id":0,"data":["chat","hi"],"raw":"42/chat,0[\"chat\",\"hi\"]"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":3,"sio_name":"ACK","nsp":"/chat","ack_id":0,"data":["ok"],"raw":"43/chat,0[\"ok\"]"}`,
			},
			[]string{`EVENT 42/chat,0["chat","hi"]`, `ACK 43/chat,0["ok"]`}},
		{"binary event", false, []any{`451-["img",{"_placeholder":true,"num":0}]`, []byte{1, 2, 3, 4}},
			[]string{
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":5,"sio_name":"BINARY_EVENT","nsp":"/","attachments":1,"data":["img",{"_placeholder":true,"num":0}],"raw":"451-[\"img\",{\"_placeholder\":true,\"num\":0}]"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","binary":true,"attachment":0,"data_hex":"01020304"}`,
			},
			[]string{`BINARY_EVENT 451-["img",{"_placeholder":true,"num":0}…`, `BINARY attachment 0 of BINARY_EVENT "img", 4 bytes`}},
		{"binary over polling", true, []any{"451-[\"img\",{\"_placeholder\":true,\"num\":0}]\x1ebAQIDBA=="},
			[]string{
				`{"transport":"polling","eio_type":4,"eio_name":"message","sio_type":5,"sio_name":"BINARY_EVENT","nsp":"/","attachments":1,"data":["img",{"_placeholder":true,"num":0}],"raw":"451-[\"img\",{\"_placeholder\":true,\"num\":0}]"}`,
				`{"transport":"polling","eio_type":4,"eio_name":"message","binary":true,"attachment":0,"data_hex":"01020304","raw":"bAQIDBA=="}`,
			},
			[]string{`BINARY_EVENT 451-["img",{"_placeholder":true,"num":0}…`, `BINARY attachment 0 of BINARY_EVENT "img", 4 bytes (b + base64: 9 bytes on the wire)`}},
		{"violations", false, []any{"9", `42{"a":1}`, "47", "4x", []byte{9}},
			[]string{
				`{"transport":"websocket","eio_type":9,"eio_name":"unknown","raw":"9","violation":"unknown Engine.IO packet type '9': v4 defines 0 open to 6 noop (Engine.IO v4, Protocol)"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":2,"sio_name":"EVENT","nsp":"/","data":{"a":1},"raw":"42{\"a\":1}","violation":"Socket.IO EVENT data must be a JSON array whose first element is the event name: the payload is mandatory and must be a non-empty array (Socket.IO v5, Sending and receiving data)"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":7,"sio_name":"UNKNOWN","raw":"47","violation":"unknown Socket.IO packet type '7': v5 defines 0 CONNECT to 6 BINARY_ACK (Socket.IO v5, Exchange protocol)"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":-1,"sio_name":"UNKNOWN","raw":"4x","violation":"unknown Socket.IO packet type 'x': a packet starts with its type, a digit 0-6 (Socket.IO v5, Packet encoding)"}`,
				`{"transport":"websocket","eio_type":4,"eio_name":"message","binary":true,"data_hex":"09","violation":"binary message with no BINARY_EVENT or BINARY_ACK before it awaiting an attachment: Socket.IO sends binary data only as the attachments announced by such a packet (Socket.IO v5, Packet encoding)"}`,
			},
			[]string{"UNKNOWN 9 (VIOLATION)", `EVENT 42{"a":1} (VIOLATION)`, "UNKNOWN 47 (VIOLATION)", "UNKNOWN 4x (VIOLATION)", "BINARY 1 bytes (VIOLATION)"}},
		{"control characters are quoted", true, []any{"4\x01"},
			[]string{`{"transport":"polling","eio_type":4,"eio_name":"message","sio_type":-1,"sio_name":"UNKNOWN","raw":"4\u0001","violation":"unknown Socket.IO packet type 0x01: a packet starts with its type, a digit 0-6 (Socket.IO v5, Packet encoding)"}`},
			[]string{`UNKNOWN "4\x01" (VIOLATION)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			evs := sioEvents(tt.polling, tt.msgs...)
			if len(evs) != len(tt.sio) {
				t.Fatalf("%d events, want %d", len(evs), len(tt.sio))
			}
			for i, e := range evs {
				if e.Kind != trace.KindSIOPacket {
					t.Errorf("kind %q", e.Kind)
				}
				b, err := json.Marshal(e.SIO)
				if err != nil {
					t.Fatal(err)
				}
				if string(b) != tt.sio[i] {
					t.Errorf("event %d sio =\n%s\nwant\n%s", i, b, tt.sio[i])
				}
				if e.Summary != tt.summary[i] {
					t.Errorf("event %d summary = %q, want %q", i, e.Summary, tt.summary[i])
				}
				if _, err := json.Marshal(e); err != nil {
					t.Errorf("event %d does not marshal: %v", i, err)
				}
			}
		})
	}
}

// A packet cut to keep memory bounded says so; its data, which would be
// half a JSON value, is left out (the trace stays valid JSON), and its raw
// text stops at a whole character.
func TestSIOEventTruncated(t *testing.T) {
	t.Parallel()
	text := `42["big","` + strings.Repeat("é", 100) + `"]`
	var d wire.SocketIODecoder
	var e trace.Event
	d.Message(wire.OpText, []byte(text[:21]), uint64(len(text)), func(p *wire.EIOPacket) { e = sioEvent(p) })
	if !e.RawTruncated || e.SIO.Data != nil || e.SIO.Violation != "" || e.SIO.SIOName != "EVENT" {
		t.Fatalf("cut event: %+v %+v", e, e.SIO)
	}
	if want := text[:20]; e.SIO.Raw != want {
		t.Errorf("raw = %q, want %q (the cut character dropped)", e.SIO.Raw, want)
	}
	if !strings.HasSuffix(e.Summary, "…") {
		t.Errorf("summary %q does not show the cut", e.Summary)
	}
	if _, err := json.Marshal(e); err != nil {
		t.Fatal(err)
	}
}

// A binary attachment's Engine.IO field says it has no type byte, in the
// form it crossed: a binary frame, or b + base64.
func TestSIOFieldsBinary(t *testing.T) {
	en := lang.For(lang.English)
	for _, tc := range []struct{ transport, value, meaning string }{
		{"websocket", "binary frame", "no type byte"},
		{"polling", "b + base64", "no type digit"},
	} {
		fs := sioFields(&trace.SIO{Transport: tc.transport, EIOType: 4, EIOName: "message", Binary: true, DataHex: "010203"}, en)
		if fs[0].Value != tc.value || !strings.HasPrefix(fs[0].Meaning, tc.meaning) {
			t.Errorf("%s: %s = %q (%s)", tc.transport, fs[0].Name, fs[0].Value, fs[0].Meaning)
		}
	}
}
