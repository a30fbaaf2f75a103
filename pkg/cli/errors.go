package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/render"
	"wsdemo/pkg/server"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // 128 + SIGINT, as shells report it
	ExitTerminated  = 143 // 128 + SIGTERM
	// ExitBrokenPipe is the status of a run whose reader went away
	// (wsdemo duplex | head -1): the demo stops cleanly (its WebSocket
	// closed with 1001) and exits quietly with 128 + SIGPIPE, the status
	// the shell would have shown had the signal killed it. Not 0: the
	// demo did not finish, and a script with pipefail should know that its
	// output was cut, as with any other program stopped by a closed pipe;
	// q at a --step prompt, which the learner chose, is the one early end
	// that exits 0.
	ExitBrokenPipe = 141
)

// usageError marks a mistake in how the command was called: exit 2 and a
// pointer to --help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usageErrorf is a usage error that says itself in the run's language
// (report): format is a catalog key.
func usageErrorf(format lang.Msg, args ...any) error {
	return usageError{lang.Errorf(format, args...)}
}

// sayErr is err as report prints it: in t's language when the error under
// the usage and hint wrappers (which add no words) can say itself, and as
// err.Error() otherwise.
func sayErr(t lang.Text, err error) string {
	inner := err
	for {
		if u, ok := inner.(usageError); ok {
			inner = u.err
		} else if h, ok := inner.(hintError); ok {
			inner = h.err
		} else {
			break
		}
	}
	if _, ok := inner.(lang.Sayer); ok {
		return t.Err(inner)
	}
	return err.Error()
}

// What report says around an error, in the run's language.
const (
	sayTerminated  lang.Msg = "wsdemo: terminated"
	sayInterrupted lang.Msg = "wsdemo: interrupted"
	sayHint        lang.Msg = "hint: %s"
	sayCommands    lang.Msg = "hint: the commands are learn, lessons, http, handshake, duplex, realtime, socketio, serve, proxy, show, decode, exercises, exercise and check"
	sayRunHelp     lang.Msg = "Run '%s --help' for usage."
)

// hintError carries a one-line suggestion printed under the error.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

func withHint(err error, hint string) error { return hintError{err, hint} }

// hintFor finds a hint for errors that commonly come from the network, and
// for a server that answered the WebSocket handshake without opening one,
// said in t's language (a hint given with withHint is said where it is made).
func hintFor(t lang.Text, err error) string {
	var h hintError
	if errors.As(err, &h) {
		return h.hint
	}
	var dns *net.DNSError
	var he *demo.HandshakeError
	var listen *server.ListenError
	var failed demo.ClientFailedError
	switch {
	case errors.As(err, &failed) && failed.Code == 1009:
		return t.F("the limit is the client's own, for the whole message however it is fragmented: have the server send smaller messages")
	case errors.As(err, &failed):
		return t.F("the fault is the server's: the diagram shows its frame and the rule it breaks")
	case errors.As(err, &listen) && errors.As(err, &dns):
		// The name came from --addr, where the demo server listens.
		if dns.IsNotFound {
			return t.F("no such host name; check its spelling in --addr (127.0.0.1 or localhost for this machine)")
		}
		return t.F("the host name in --addr could not be looked up; use an IP address such as 127.0.0.1")
	case errors.Is(err, syscall.EADDRINUSE):
		return t.F("another program uses that port; try --addr 127.0.0.1:0 to let the system pick a free one")
	case errors.Is(err, syscall.EACCES):
		return t.F("ports below 1024 need privileges; try a port above 1024 or --addr 127.0.0.1:0")
	case errors.Is(err, syscall.ECONNREFUSED):
		return t.F("nothing is listening there; check the host and port, and that the server is running")
	case errors.Is(err, context.DeadlineExceeded):
		return t.F("the other side did not answer in time; raise --timeout or check the address")
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return t.F("no such host name; check its spelling in --url (localhost or 127.0.0.1 for this machine)")
		}
		return t.F("the host name could not be looked up; check this machine's network and DNS, or use an IP address")
	case errors.Is(err, syscall.ECONNRESET):
		return t.F("the other side reset the connection; the diagram shows the last bytes that crossed before it")
	case errors.As(err, &he):
		return handshakeHint(t, he)
	case errors.Is(err, demo.ErrHeadTooLarge):
		return t.F("the answer to a handshake is a few hundred bytes; --raw shows the bytes the server sent")
	case errors.Is(err, demo.ErrNotHTTP):
		return t.F("is it a WebSocket server? for a server that speaks TLS, use wss://")
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return t.F("that address cannot be reached from here; check it and your network")
	case strings.Contains(err.Error(), "TLS handshake"):
		return t.F("for a server without TLS use ws://; for a certificate error, check the host name and that the certificate is valid")
	}
	return ""
}

// handshakeHint says what to try when a server answered the handshake but
// did not open a WebSocket.
func handshakeHint(t lang.Text, he *demo.HandshakeError) string {
	switch {
	case he.Problem != "":
		return t.F("the server did not compute base64(SHA-1(key + GUID)) correctly, or something between you and it changed the response")
	case he.Status >= 300 && he.Status < 400:
		return t.F("try the URL it redirects to with --url")
	case he.Status == 401 || he.Status == 403:
		return t.F("the server refused the handshake; it may check Origin (see --origin) or want credentials")
	case he.Status == 404:
		return t.F("nothing at that path; WebSocket endpoints often live at a path such as /ws")
	case he.Status == 400:
		return t.F("the server found the request malformed; its answer above may say why (a server that speaks TLS needs wss://)")
	case he.Status == 426:
		return t.F("the server wants another protocol or version: see the Upgrade and Sec-WebSocket-Version headers of its answer above")
	}
	return t.F("is this a WebSocket endpoint? a web page answers 200; check the path")
}

// report prints err the way every wsdemo error looks, in t's language, and
// returns the exit code. stopped is why the run's context ended (a
// stoppedBy signal), or nil.
func report(errOut io.Writer, err error, cmdPath string, stopped error, t lang.Text) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, render.ErrStopped) && stopped == nil {
		// q at a --step prompt: the learner ended the demo, as q ends a
		// pager. The diagram shows where it stopped; nothing failed.
		return ExitOK
	}
	if errors.Is(err, syscall.EPIPE) && stopped == nil {
		// The reader of stdout went away: nobody is left to read a
		// message, and programs stay quiet about it.
		return ExitBrokenPipe
	}
	if stopped != nil || errors.Is(err, context.Canceled) {
		var s stoppedBy
		if errors.As(stopped, &s) && s.sig == syscall.SIGTERM {
			fmt.Fprintln(errOut, t.F(sayTerminated))
			return ExitTerminated
		}
		fmt.Fprintln(errOut, t.F(sayInterrupted))
		return ExitInterrupted
	}
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintf(errOut, "wsdemo: %s\n", strings.TrimSpace(sayErr(t, err)))
	var u usageError
	if errors.As(err, &u) {
		if strings.HasPrefix(msg, "unknown command") {
			fmt.Fprintln(errOut, t.F(sayCommands))
		} else if hint := hintFor(t, err); hint != "" {
			fmt.Fprintln(errOut, t.F(sayHint, hint))
		}
		fmt.Fprintln(errOut, t.F(sayRunHelp, asTyped(cmdPath)))
		return ExitUsage
	}
	if hint := hintFor(t, err); hint != "" {
		fmt.Fprintln(errOut, t.F(sayHint, hint))
	}
	return ExitFailure
}
