package wire

import (
	"strings"
	"testing"
)

// The encoded examples of the Socket.IO v5 specification ("Packet
// encoding", "Sample session"), decoded, and encoded back to the same text.
func TestSocketIOSpecExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text        string
		typ         SIOType
		attachments int
		nsp         string
		ack         int64 // -1: none
		data, event string
		holders     int
	}{
		{`0`, SIOConnect, 0, "/", -1, "", "", 0},
		{`0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}`, SIOConnect, 0, "/admin", -1, `{"sid":"oSO0OpakMV_3jnilAAAA"}`, "", 0},
		{`4{"message":"Not authorized"}`, SIOConnectError, 0, "/", -1, `{"message":"Not authorized"}`, "", 0},
		{`2["foo"]`, SIOEvent, 0, "/", -1, `["foo"]`, "foo", 0},
		{`2/admin,["bar"]`, SIOEvent, 0, "/admin", -1, `["bar"]`, "bar", 0},
		{`51-["baz",{"_placeholder":true,"num":0}]`, SIOBinaryEvent, 1, "/", -1, `["baz",{"_placeholder":true,"num":0}]`, "baz", 1},
		{`52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`, SIOBinaryEvent, 2, "/admin", -1,
			`["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`, "baz", 2},
		{`212["foo"]`, SIOEvent, 0, "/", 12, `["foo"]`, "foo", 0},
		{`3/admin,13["bar"]`, SIOAck, 0, "/admin", 13, `["bar"]`, "", 0},
		{`61-15["bar",{"_placeholder":true,"num":0}]`, SIOBinaryAck, 1, "/", 15, `["bar",{"_placeholder":true,"num":0}]`, "", 1},
		{`1`, SIODisconnect, 0, "/", -1, "", "", 0},
		{`1/admin,`, SIODisconnect, 0, "/admin", -1, "", "", 0},
		// The sample session.
		{`0{"sid":"wZX3oN0bSVIhsaknAAAI"}`, SIOConnect, 0, "/", -1, `{"sid":"wZX3oN0bSVIhsaknAAAI"}`, "", 0},
		{`2["hey","Jude"]`, SIOEvent, 0, "/", -1, `["hey","Jude"]`, "hey", 0},
		{`0/admin,`, SIOConnect, 0, "/admin", -1, "", "", 0},
		{`2/admin,1["tellme"]`, SIOEvent, 0, "/admin", 1, `["tellme"]`, "tellme", 0},
		{`61-/admin,1[{"_placeholder":true,"num":0}]`, SIOBinaryAck, 1, "/admin", 1, `[{"_placeholder":true,"num":0}]`, "", 1},
		// Numbers are event names too (socket.io-parser); ack id 0 is an id.
		{`20[42,"x"]`, SIOEvent, 0, "/", 0, `[42,"x"]`, "42", 0},
		{`30[]`, SIOAck, 0, "/", 0, `[]`, "", 0},
		{`4"refused"`, SIOConnectError, 0, "/", -1, `"refused"`, "", 0},
		// A placeholder nested anywhere in the data counts.
		{`51-["up",{"file":{"_placeholder":true,"num":0},"n":[1,{"_placeholder":false}]}]`, SIOBinaryEvent, 1, "/", -1,
			`["up",{"file":{"_placeholder":true,"num":0},"n":[1,{"_placeholder":false}]}]`, "up", 1},
		{`50-["none"]`, SIOBinaryEvent, 0, "/", -1, `["none"]`, "none", 0},
	}
	for _, tt := range tests {
		p := ParseSIOPacket([]byte(tt.text))
		ack := int64(-1)
		if p.HasAckID {
			ack = int64(p.AckID)
		}
		if p.Violation != "" || p.Type != tt.typ || p.Attachments != tt.attachments || p.Nsp != tt.nsp || ack != tt.ack ||
			string(p.Data) != tt.data || p.Event != tt.event || p.Placeholders != tt.holders {
			t.Errorf("%s: got %+v (data %s)", tt.text, p, p.Data)
		}
		if (tt.data == "") != (p.Data == nil) {
			t.Errorf("%s: data nil = %v", tt.text, p.Data == nil)
		}
		if back := AppendSIOPacket(nil, &p); string(back) != tt.text {
			t.Errorf("%s: encodes back as %s", tt.text, back)
		}
	}
}

// Packets that name the main namespace, or end their namespace without a
// comma, decode as the reference parser decodes them.
func TestSocketIONamespaceForms(t *testing.T) {
	t.Parallel()
	for text, nsp := range map[string]string{`2/,["a"]`: "/", `1/admin`: "/admin", `0/a/b,{}`: "/a/b", `2/chat,7["a"]`: "/chat"} {
		if p := ParseSIOPacket([]byte(text)); p.Nsp != nsp || p.Violation != "" {
			t.Errorf("%s: nsp %q, violation %q; want %q", text, p.Nsp, p.Violation, nsp)
		}
	}
}

func TestSocketIOViolations(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, violation string }{
		{``, "empty Socket.IO packet"},
		{`x`, "unknown Socket.IO packet type 'x'"},
		{`7`, "unknown Socket.IO packet type '7'"},
		{`9["a"]`, "unknown Socket.IO packet type '9'"},
		{`2{"a":1}`, "Socket.IO EVENT data must be a JSON array whose first element is the event name"},
		{`2`, "Socket.IO EVENT data must be a JSON array whose first element is the event name"},
		{`2"chat"`, "Socket.IO EVENT data must be a JSON array"},
		{`2[]`, "Socket.IO EVENT data is an empty array"},
		{`2[ ]`, "Socket.IO EVENT data is an empty array"},
		{`2[{}]`, "first element is the event name, a string or a number"},
		{`2[null]`, "first element is the event name, a string or a number"},
		{`2["connect"]`, `event name "connect" is reserved`},
		{`2["disconnecting",1]`, `event name "disconnecting" is reserved`},
		{`2["a"`, "Socket.IO EVENT data is not valid JSON"},
		{`2["a"]x`, "Socket.IO EVENT data is not valid JSON"},
		{`3[]`, "must carry the id of the event it answers"},
		{`31`, "Socket.IO ACK data must be a JSON array"},
		{`31{}`, "Socket.IO ACK data must be a JSON array"},
		{`1{}`, "DISCONNECT carries no data"},
		{`0[]`, "CONNECT data must be a JSON object"},
		{`0"x"`, "CONNECT data must be a JSON object"},
		{`4`, "CONNECT_ERROR data must be a JSON object"},
		{`4[1]`, "CONNECT_ERROR data must be a JSON object"},
		{`5["a"]`, `must give its attachment count and a "-"`},
		{`51["a"]`, `must give its attachment count and a "-"`},
		{`5-["a"]`, `must give its attachment count and a "-"`},
		{`51`, `must give its attachment count and a "-"`},
		{`599999999999-["a"]`, "announces 99999999999 attachments"},
		{`299999999999999999999["a"]`, "ack id 99999999999999999999 does not fit in 64 bits"},
		{`51-["a",{"_placeholder":true,"num":1}]`, "placeholder num 1 points at no attachment: the packet announces 1, numbered 0 to 0"},
		{`51-["a",{"_placeholder":true,"num":-1}]`, "placeholder num -1 points at no attachment"},
		{`51-["a",{"_placeholder":true,"num":0.5}]`, "placeholder num 0.5 points at no attachment"},
		{`51-["a",{"_placeholder":true,"num":"0"}]`, "must say which attachment replaces it with a number"},
		{`51-["a",{"_placeholder":true}]`, "must say which attachment replaces it with a number"},
		{`61-[{"_placeholder":1,"num":3}]`, "must carry the id of the event it answers"},
		{`61-1[{"_placeholder":1,"num":3}]`, "placeholder num 3 points at no attachment"},
	}
	for _, tt := range tests {
		p := ParseSIOPacket([]byte(tt.text))
		if !strings.Contains(p.Violation, tt.violation) {
			t.Errorf("%q: violation %q, want %q", tt.text, p.Violation, tt.violation)
		}
		if !strings.Contains(p.Violation, "(Socket.IO v5, ") && !strings.Contains(p.Violation, "(socket.io-parser") {
			t.Errorf("%q: violation %q cites neither the specification nor its parser", tt.text, p.Violation)
		}
	}
}

// decodeSession feeds a SocketIODecoder WebSocket messages (a string is a
// text message, a []byte a binary one) and returns the packets.
func decodeSession(d *SocketIODecoder, msgs ...any) []*EIOPacket {
	var out []*EIOPacket
	emit := func(p *EIOPacket) { out = append(out, p) }
	for _, m := range msgs {
		switch m := m.(type) {
		case string:
			d.Message(OpText, []byte(m), uint64(len(m)), emit)
		case []byte:
			d.Message(OpBinary, m, uint64(len(m)), emit)
		}
	}
	return out
}

// The reassembler pairs a binary packet with the attachments that follow it,
// and says what is wrong when the count and the binary messages disagree.
func TestSocketIOAttachments(t *testing.T) {
	t.Parallel()
	t.Run("paired", func(t *testing.T) {
		var d SocketIODecoder
		ps := decodeSession(&d, `452-["img",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`, "2", []byte{1, 2}, []byte{3, 4}, `42["after"]`)
		if len(ps) != 5 {
			t.Fatalf("%d packets", len(ps))
		}
		for _, p := range ps {
			if v := p.Violations(); v != "" {
				t.Errorf("%q: %s", p.Raw, v)
			}
		}
		if ps[0].SIO.Type != SIOBinaryEvent || ps[0].SIO.Attachments != 2 || ps[0].SIO.Placeholders != 2 {
			t.Errorf("binary event = %+v", ps[0].SIO)
		}
		if ps[1].Type != EIOPing || ps[1].Attachment != nil {
			t.Errorf("the ping between is %+v", ps[1])
		}
		for i, p := range ps[2:4] {
			if a := p.Attachment; a == nil || a.Num != i || a.Count != 2 || a.Of != SIOBinaryEvent || a.Event != "img" {
				t.Errorf("attachment %d = %+v", i, a)
			}
		}
		if ps[4].SIO.Event != "after" || d.Close() != nil {
			t.Errorf("after: %+v, close %v", ps[4].SIO, d.Close())
		}
	})
	t.Run("too few", func(t *testing.T) {
		var d SocketIODecoder
		ps := decodeSession(&d, `452-["img",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`, []byte{1}, `42["next"]`)
		want := "attachment count says 2, but 1 binary packet followed before this text packet: the BINARY_EVENT before it is incomplete"
		if !strings.Contains(ps[2].Violation, want) {
			t.Errorf("violation %q, want %q", ps[2].Violation, want)
		}
		if ps[2].SIO == nil || ps[2].SIO.Event != "next" || ps[2].SIO.Violation != "" {
			t.Errorf("the text packet itself is still decoded: %+v", ps[2].SIO)
		}
		// ... and the next binary message is no attachment of the old packet.
		ps = decodeSession(&d, []byte{2})
		if ps[0].Attachment != nil || !strings.Contains(ps[0].Violation, "binary message with no BINARY_EVENT or BINARY_ACK before it") {
			t.Errorf("stray binary = %+v", ps[0])
		}
	})
	t.Run("stream ends", func(t *testing.T) {
		var d SocketIODecoder
		decodeSession(&d, `461-3[{"_placeholder":true,"num":0}]`)
		err := d.Close()
		if err == nil || err.Error() != "attachment count says 1, but 0 binary packets followed before the stream ended: the BINARY_ACK is incomplete (Socket.IO v5, Packet encoding)" {
			t.Fatalf("close = %v", err)
		}
		if d.Close() != nil {
			t.Error("the incomplete packet is reported twice")
		}
	})
	t.Run("across transports", func(t *testing.T) {
		// A binary event sent while polling, its attachment in the same
		// payload ("b" + base64), then one over the WebSocket.
		var d SocketIODecoder
		var ps []*EIOPacket
		d.Payload([]byte("452-[\"two\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]\x1ebAQIDBA=="), false, func(p *EIOPacket) { ps = append(ps, p) })
		ps = append(ps, decodeSession(&d, []byte{5})...)
		if len(ps) != 3 || ps[1].Attachment == nil || ps[1].Attachment.Num != 0 || string(ps[1].Data) != "\x01\x02\x03\x04" ||
			ps[2].Attachment == nil || ps[2].Attachment.Num != 1 || ps[2].Transport != WebSocketTransport || d.Close() != nil {
			t.Errorf("packets %+v %+v %+v", ps[0], ps[1], ps[2])
		}
	})
	t.Run("zero attachments", func(t *testing.T) {
		var d SocketIODecoder
		ps := decodeSession(&d, `450-["none"]`, []byte{1})
		if ps[0].Violations() != "" || ps[1].Attachment != nil || ps[1].Violation == "" {
			t.Errorf("%+v %+v", ps[0], ps[1])
		}
	})
}

func TestSIOTypeNames(t *testing.T) {
	t.Parallel()
	want := []string{"CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"}
	for i, w := range want {
		if got := SIOType(i).String(); got != w || !SIOType(i).Valid() {
			t.Errorf("SIOType(%d) = %q, want %q", i, got, w)
		}
	}
	if SIOInvalid.Valid() || SIOType(7).String() != "UNKNOWN" {
		t.Error("invalid types")
	}
}
