// Package wire decodes the bytes a tap saw on a connection: HTTP/1.1 messages
// (built on net/http's parsers, keeping each message's exact raw bytes) and,
// after a 101 Switching Protocols, RFC 6455 WebSocket frames.
//
// Every decoder is streaming: bytes go in as they were read or written, in
// chunks of any size, and complete messages come out. Decoders never panic on
// malformed input; they report which rule the bytes broke.
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
