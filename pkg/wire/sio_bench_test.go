package wire

import "testing"

// BenchmarkSocketIOEvent decodes one chat event as the tap sees it over a
// WebSocket, Engine.IO and Socket.IO layers both: the cost the socketio
// demo adds per message on top of the frame decoder.
func BenchmarkSocketIOEvent(b *testing.B) {
	msg := []byte(`42["chat","hello from the other tab"]`)
	var d SocketIODecoder
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		d.Message(OpText, msg, uint64(len(msg)), func(*EIOPacket) {})
	}
}

// BenchmarkSocketIOBinaryEvent decodes a binary event and its attachment:
// the placeholder walk streams JSON tokens.
func BenchmarkSocketIOBinaryEvent(b *testing.B) {
	msg := []byte(`451-["upload",{"name":"a.png","file":{"_placeholder":true,"num":0}}]`)
	att := make([]byte, 1024)
	var d SocketIODecoder
	b.ReportAllocs()
	for b.Loop() {
		d.Message(OpText, msg, uint64(len(msg)), func(*EIOPacket) {})
		d.Message(OpBinary, att, uint64(len(att)), func(*EIOPacket) {})
	}
}

// BenchmarkEngineIOPayload decodes a long-polling body of three packets.
func BenchmarkEngineIOPayload(b *testing.B) {
	body := []byte("42[\"hello\"]\x1e42[\"world\"]\x1e2")
	var d SocketIODecoder
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d.Payload(body, false, func(*EIOPacket) {})
	}
}
