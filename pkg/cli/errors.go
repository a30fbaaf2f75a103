package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"wsdemo/pkg/render"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // 128 + SIGINT, as shells report it
)

// usageError marks a mistake in how the command was called: exit 2 and a
// pointer to --help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// hintError carries a one-line suggestion printed under the error.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

func withHint(err error, hint string) error { return hintError{err, hint} }

// hintFor finds a hint for errors that commonly come from the network.
func hintFor(err error) string {
	var h hintError
	if errors.As(err, &h) {
		return h.hint
	}
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return "another program uses that port; try --addr 127.0.0.1:0 to let the system pick a free one"
	case errors.Is(err, syscall.EACCES):
		return "ports below 1024 need privileges; try a port above 1024 or --addr 127.0.0.1:0"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "nothing is listening there; check the host and port, and that the server is running"
	case errors.Is(err, context.DeadlineExceeded):
		return "the other side did not answer in time; raise --timeout or check the address"
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "no such host name; check its spelling in --url (localhost or 127.0.0.1 for this machine)"
		}
		return "the host name could not be looked up; check this machine's network and DNS, or use an IP address"
	case errors.Is(err, syscall.ECONNRESET):
		return "the server dropped the connection; check that the URL points at a WebSocket endpoint"
	}
	return ""
}

// report prints err the way every wsdemo error looks and returns the exit code.
func report(errOut io.Writer, err error, cmdPath string, interrupted bool) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, render.ErrStopped) && !interrupted {
		// q at a --step prompt: the learner ended the demo, as q ends a
		// pager. The diagram shows where it stopped; nothing failed.
		return ExitOK
	}
	if interrupted || errors.Is(err, context.Canceled) {
		fmt.Fprintln(errOut, "wsdemo: interrupted")
		return ExitInterrupted
	}
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintf(errOut, "wsdemo: %s\n", msg)
	var u usageError
	if errors.As(err, &u) {
		if strings.HasPrefix(msg, "unknown command") {
			fmt.Fprintln(errOut, "hint: the commands are learn, lessons, http, handshake, duplex and realtime")
		}
		fmt.Fprintf(errOut, "Run '%s --help' for usage.\n", cmdPath)
		return ExitUsage
	}
	if hint := hintFor(err); hint != "" {
		fmt.Fprintf(errOut, "hint: %s\n", hint)
	}
	return ExitFailure
}
