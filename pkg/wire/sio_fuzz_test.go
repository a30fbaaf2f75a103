package wire

import (
	"bytes"
	"encoding/base64"
	"reflect"
	"testing"
)

// sioSeeds are the packets the Socket.IO fuzz targets start from: the
// specification's examples, every rule the parser checks, and odd forms.
var sioSeeds = []string{
	`0`, `0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}`, `4{"message":"Not authorized"}`, `2["foo"]`, `2/admin,["bar"]`,
	`51-["baz",{"_placeholder":true,"num":0}]`, `52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]`,
	`212["foo"]`, `3/admin,13["bar"]`, `61-15["bar",{"_placeholder":true,"num":0}]`, `1`, `1/admin,`,
	`61-/admin,1[{"_placeholder":true,"num":0}]`, `2/,["a"]`, `1/admin`, `20[42]`, `30[]`, `4"x"`,
	``, `x`, `7`, `2{}`, `2[]`, `2[{}]`, `2["connect"]`, `2["a"`, `3[]`, `1{}`, `0[]`, `5["a"]`, `5-[]`,
	`599999999999-["a"]`, `299999999999999999999["a"]`, `51-["a",{"_placeholder":true,"num":1}]`,
	`51-["a",{"_placeholder":{},"num":0.5}]`, `51-[{"_placeholder":true,"num":0,"x":[{"_placeholder":true,"num":0}]}]`,
	"2[\"\\\"esc\\u00e9\"]", `2[ "sp" ]`, `2 ["sp"]`, `21 []`,
}

// FuzzSocketIOPacket checks that the Socket.IO parser never panics, keeps
// no more than EIOKeep bytes, and that a packet it finds well formed
// encodes (AppendSIOPacket) to a text it decodes to the same packet.
func FuzzSocketIOPacket(f *testing.F) {
	for _, s := range sioSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		p := ParseSIOPacket(text)
		if len(p.Data) > EIOKeep || len(p.Nsp) > EIOKeep || len(p.Event) > maxEventName+len("…") {
			t.Fatalf("kept too much: data %d, nsp %d, event %d", len(p.Data), len(p.Nsp), len(p.Event))
		}
		if p.Violation != "" || len(text) > EIOKeep {
			return
		}
		if !p.Type.Valid() || p.Nsp == "" || p.Nsp[0] != '/' {
			t.Fatalf("%q: well formed, yet type %d nsp %q", text, p.Type, p.Nsp)
		}
		enc := AppendSIOPacket(nil, &p)
		q := ParseSIOPacket(enc)
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("%q encodes as %q, which decodes differently:\n%+v\n%+v", text, enc, p, q)
		}
	})
}

// FuzzEngineIOPayload checks that decoding a long-polling body, with the
// Socket.IO layer and its attachment pairing, never panics; that the
// packets' Raw bytes are the body split at each record separator; that a
// well-formed binary packet encodes back to its text; and the same body
// given as a cut prefix, or as one WebSocket message, decodes without
// panicking too.
func FuzzEngineIOPayload(f *testing.F) {
	seeds := []string{
		"4hello\x1e2\x1e4world", "4hello\x1ebAQIDBA==",
		`0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}`,
		"40", `40{"sid":"wZX3oN0bSVIhsaknAAAI"}`, `42["hey","Jude"]`, "42[\"hello\"]\x1e42[\"world\"]", "6", "2probe", "3probe", "5", "1",
		"451-[\"baz\",{\"_placeholder\":true,\"num\":0}]\x1ebAQIDBA==", "452-[\"a\",{\"_placeholder\":true,\"num\":0}]\x1ebAQ==\x1e42[\"x\"]",
		"bAQ", "b", "b====", "\x1e", "\x1e\x1e", "9", "4\xff", "0{}", "4", "",
	}
	for _, s := range sioSeeds {
		seeds = append(seeds, "4"+s)
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var d SocketIODecoder
		var raws [][]byte
		d.Payload(body, false, func(p *EIOPacket) {
			checkPacket(t, p)
			if p.Truncated {
				// Kept a prefix: the bytes still match the body's.
				raws = append(raws, nil)
				return
			}
			raws = append(raws, p.Raw)
			// Base64 whose unused bits are not zero ("bAQIDBAW=") or with
			// line breaks in it decodes as Node's Buffer decodes it; only
			// canonical base64 (RFC 4648 §3.5) encodes back to the same text.
			_, strictErr := base64.StdEncoding.Strict().DecodeString(string(p.Raw[min(1, len(p.Raw)):]))
			canonical := strictErr == nil && !bytes.ContainsAny(p.Raw, "\r\n")
			if p.Binary && p.Violation == "" && canonical && !bytes.Equal(AppendEIOBinaryPolling(nil, p.Data), p.Raw) {
				t.Fatalf("binary packet %q decodes to %x, which encodes differently", p.Raw, p.Data)
			}
		})
		d.Close()
		parts := bytes.Split(body, []byte{RecordSeparator})
		if len(raws) != len(parts) {
			t.Fatalf("%q: %d packets, want %d", body, len(raws), len(parts))
		}
		for i, r := range raws {
			if r != nil && !bytes.Equal(r, parts[i]) {
				t.Fatalf("%q: packet %d is %q, want %q", body, i, r, parts[i])
			}
		}
		d = SocketIODecoder{}
		d.Payload(body[:len(body)/2], true, func(p *EIOPacket) { checkPacket(t, p) })
		d.Message(OpText, body, uint64(len(body)), func(p *EIOPacket) { checkPacket(t, p) })
		d.Message(OpText, body[:len(body)/2], uint64(len(body)), func(p *EIOPacket) { checkPacket(t, p) })
		d.Message(OpBinary, body, uint64(len(body)), func(p *EIOPacket) { checkPacket(t, p) })
	})
}

// checkPacket checks what every decoded packet promises.
func checkPacket(t *testing.T, p *EIOPacket) {
	t.Helper()
	if len(p.Raw) > EIOKeep || len(p.Data) > EIOKeep || p.Len < len(p.Raw) {
		t.Fatalf("packet keeps %d raw, %d data bytes, Len %d", len(p.Raw), len(p.Data), p.Len)
	}
	if (p.SIO != nil) != (p.Type == EIOMessage && !p.Binary) {
		t.Fatalf("%q: SIO %v for type %v binary %v", p.Raw, p.SIO != nil, p.Type, p.Binary)
	}
	if p.Attachment != nil && !p.Binary {
		t.Fatalf("%q: a text packet paired as an attachment", p.Raw)
	}
	if !p.Type.Valid() && p.Violation == "" {
		t.Fatalf("%q: type %d and no violation", p.Raw, p.Type)
	}
}
