package demo

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/coder/websocket"

	"wsdemo/internal/neterr"
	"wsdemo/pkg/wire"
)

// readEnd explains why reading the WebSocket stopped with err: the server's
// close frame (serverClosed), the client failing the connection because of
// what the server sent (ClientFailedError), or the server's TCP connection
// ending without a close frame, by FIN or by reset (connectionLost).
// serverBytes is how many bytes the tap saw from the server; limit is the
// client's read limit.
func (f *wsFacts) readEnd(err error, serverBytes, limit int) error {
	if err == nil {
		return nil
	}
	if s := websocket.CloseStatus(err); s != -1 {
		return serverClosed{s}
	}
	if c := f.clientFailedWith(); c != nil {
		f.mu.Lock()
		defer f.mu.Unlock()
		return ClientFailedError{Code: c.CloseCode, reason: c.CloseReason, rule: f.violation, limit: limit}
	}
	lost := connectionLost{cut: f.partial(serverBytes)}
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		lost.reset = true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
	default:
		var op *net.OpError
		if !errors.As(err, &op) {
			return err
		}
		lost.cause = neterr.Cause(op.Err)
	}
	return lost
}

// ClientFailedError is a connection the client's WebSocket library ended
// because of what the server sent: it sent a close frame with Code (1002
// for a broken rule, 1009 for a message over its limit) and closed, and
// the trace shows that frame.
type ClientFailedError struct {
	Code   int
	reason string // the close frame's reason: the library's words
	rule   string // the rule the server's last frame broke, in wsdemo's decoder's words
	limit  int    // the client's read limit, for 1009
}

func (e ClientFailedError) Error() string {
	if e.Code == int(websocket.StatusMessageTooBig) && e.limit > 0 {
		// Nothing in the protocol announces a limit: the client chose its
		// own, and the server could not know it.
		return fmt.Sprintf("the server sent a message longer than the %s bytes this client accepts (a receiver chooses its own limit, RFC 6455 §10.4), so the client closed the connection with 1009 (message too big, RFC 6455 §7.4.1)", grouped(e.limit))
	}
	failed := fmt.Sprintf("so the client failed the WebSocket connection as RFC 6455 §7.1.7 asks: it sent a close frame with %d (%s) and closed", e.Code, wire.CloseCodeName(e.Code))
	switch {
	case e.rule != "":
		return fmt.Sprintf("a frame from the server breaks a rule of the protocol: %s; %s", e.rule, failed)
	case e.reason != "":
		return fmt.Sprintf("the client's WebSocket library refused what the server sent (%q), %s", e.reason, failed)
	}
	return "the client's WebSocket library refused what the server sent, " + failed
}

// connectionLost is a connection whose server side ended without a close
// frame: a FIN (the server closed TCP) or a reset, as our socket saw it.
type connectionLost struct {
	reset bool
	cut   int   // bytes of a server frame that had arrived when it ended, 0 if none
	cause error // another network error, when neither
}

func (e connectionLost) Error() string {
	how := "the server closed the TCP connection"
	switch {
	case e.reset:
		how = "the server reset the connection (a TCP RST)"
	case e.cause != nil:
		how = fmt.Sprintf("the connection to the server failed (%v)", e.cause)
	}
	if e.cut > 0 {
		how += fmt.Sprintf(" in the middle of a frame (%s bytes of it had arrived)", grouped(e.cut))
	}
	return how + " without a close frame: the WebSocket closed abnormally (1006, RFC 6455 §7.1.5)"
}

// Unwrap keeps a reset findable (errors.Is(err, syscall.ECONNRESET)) for the
// CLI's hint.
func (e connectionLost) Unwrap() error {
	switch {
	case e.reset:
		return syscall.ECONNRESET
	case e.cause != nil:
		return e.cause
	}
	return io.EOF
}

// unfinished says, for a wait that timed out, that a server frame had begun
// to arrive and did not finish: the reason nothing more was read.
func unfinished(cut int) string {
	if cut == 0 {
		return ""
	}
	return fmt.Sprintf(": the server began a frame and did not finish it (%s bytes of it arrived)", grouped(cut))
}
