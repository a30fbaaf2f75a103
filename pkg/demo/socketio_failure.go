package demo

import (
	"context"
	"errors"
	"io"
	"strings"
	"syscall"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
)

// ErrServerEnded is in the chain of the error --url returns when the
// learner's server ended the session by failing it (its connection closed
// or reset, its heartbeat stopped), not by saying so: a server that went
// away, most often one whose process died.
var ErrServerEnded = errors.New("the server ended the session")

// sayError is an error in wsdemo's own words that says itself in the
// reader's language (lang.Sayer), with its causes kept for errors.Is and
// the CLI's hints, their library words never shown.
type sayError struct {
	m      trace.Msg
	causes []error
}

func (e *sayError) Error() string   { return lang.Trace.Say(e.m) }
func (e *sayError) Say() trace.Msg  { return e.m }
func (e *sayError) Unwrap() []error { return e.causes }

// netCause says in plain words what a failed read, write or dial on the
// server's connection met, from the error's cause, or ok false when it is
// none of the usual ones.
func netCause(err error) (m trace.Msg, ok bool) {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return lang.M("nothing was listening at the server's address any more (connection refused)"), true
	case errors.Is(err, syscall.ECONNRESET):
		return lang.M("the server reset the connection (a TCP RST)"), true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return lang.M("the server closed the connection"), true
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return lang.M("the server did not answer in time"), true
	}
	return trace.Msg{}, false
}

// upgradeCause says why the upgrade to WebSocket failed, without the
// library's words where the cause is a usual one.
func upgradeCause(err error) trace.Msg {
	if m, ok := netCause(err); ok {
		return m
	}
	s := err.Error()
	// coder/websocket's words for an answer other than 101.
	if _, code, ok := strings.Cut(s, "expected handshake response status code 101 but got "); ok {
		return lang.M("the server answered %s instead of 101 Switching Protocols", code)
	}
	return lang.M("the WebSocket did not work: %s", strings.TrimPrefix(s, "failed to WebSocket dial: "))
}

// sessionEndedError is what --url returns when the server failed the
// session under the client (n, a Disconnected notice), or nil when the
// session ended as a server ends one on purpose (its DISCONNECT, its close
// packet or close frame).
func sessionEndedError(n sioclient.Notice) error {
	switch {
	case n.Reason == sioclient.ReasonServer, n.Reason == sioclient.ReasonClient,
		n.Reason == sioclient.ReasonTransportClose && n.Err == nil:
		return nil
	case n.Reason == sioclient.ReasonPingTimeout:
		return &sayError{lang.M("your server stopped answering: no ping came within pingInterval + pingTimeout"), []error{ErrServerEnded}}
	case errors.Is(n.Err, syscall.ECONNREFUSED):
		return &sayError{lang.M("your server stopped answering: nothing listens at its address any more (connection refused)"), []error{ErrServerEnded, n.Err}}
	case errors.Is(n.Err, syscall.ECONNRESET):
		return &sayError{lang.M("your server reset the connection (a TCP RST) in the middle of the session"), []error{ErrServerEnded, n.Err}}
	case errors.Is(n.Err, io.EOF), errors.Is(n.Err, io.ErrUnexpectedEOF), errors.Is(n.Err, syscall.EPIPE):
		return &sayError{lang.M("your server closed the connection in the middle of the session"), []error{ErrServerEnded, n.Err}}
	}
	return &sayError{lang.M("your server ended the session in the middle (%s)", n.Reason), []error{ErrServerEnded, n.Err}}
}
