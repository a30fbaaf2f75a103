package demo

import (
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// moment is a thing worth saying about a frame, found in the facts of its
// connection (wsFacts.observe): mostly the first time something happened.
// A scenario's sentence table says each moment in its own words, or says
// nothing of it.
type moment uint8

const (
	_                       moment = iota
	momentFirstData                // a side's first data frame
	momentInterleaved              // the client's first data frame with server frames before it since its previous one (n: how many)
	momentFragmentFirst            // a side's first frame of a fragmented message (FIN=0)
	momentFragmentMiddle           // a side's first continuation frame with FIN=0
	momentFragmentLast             // a side's first continuation frame with FIN=1
	momentBinary                   // a side's first binary frame
	momentFirstPing                // the connection's first ping
	momentPingOtherSide            // a side's first ping, after the other side pinged
	momentPingAnswered             // a side's first pong carrying the payload of the other side's latest ping
	momentCloseStarted             // the first close frame: the closing handshake starts
	momentCloseAnswered            // the other side's close frame: the closing handshake is complete
	momentLength16                 // the connection's first frame with a 16-bit length (RFC 6455 §5.2)
	momentLength64                 // the connection's first frame with a 64-bit length
	momentWelcome                  // the built-in server's welcome
	momentPush                     // the built-in server's first push
	momentEcho                     // the built-in server's first echo
	momentCompressed               // the connection's first frame with RSV1 set by permessage-deflate (RFC 7692 §6)
	momentCompressedMessage        // the connection's first compressed message that paid, or the first that did not (message)
)

// said is one moment of one frame, or of one message: what a sentence
// table is given, beside the connection's facts after it.
type said struct {
	m    moment
	from wire.Sender
	// frame is the frame; for a message (a ws.message event, seen for
	// compressed messages) its opcode and inflated payload.
	frame *trace.Frame
	// message is the message of a ws.message event, nil for a frame.
	message *trace.Message
	n       int // a count the moment carries (momentInterleaved)
}
