// Package wire decodes the bytes a tap saw on a connection: HTTP/1.1 messages
// (built on net/http's parsers, keeping each message's exact raw bytes) and,
// after a 101 Switching Protocols, RFC 6455 WebSocket frames.
//
// Every decoder is streaming: bytes go in as they were read or written, in
// chunks of any size, and complete messages come out. Decoders never panic on
// malformed input; they report which rule the bytes broke.
//
// Memory is bounded whatever a peer sends: a payload or body streams through
// its decoder, which keeps only its first DefaultKeep bytes (and says so:
// Frame.Truncated, Message.Truncated, HTTPMessage.Truncated) while lengths,
// header fields and verdicts (UTF-8 included, RFC 6455 §8.1) stay exact. Heads
// are capped (MaxHTTPHead) and interim responses counted (MaxInterim).
package wire

// Sender says which side of a connection wrote some bytes.
type Sender int

// The two sides of a connection.
const (
	FromClient Sender = iota // bytes the client wrote (client → server)
	FromServer               // bytes the server wrote (server → client)
)

// String returns "client" or "server", the actor names of the trace format.
func (s Sender) String() string {
	if s == FromServer {
		return "server"
	}
	return "client"
}

// Peer returns the other side.
func (s Sender) Peer() Sender {
	if s == FromServer {
		return FromClient
	}
	return FromServer
}
