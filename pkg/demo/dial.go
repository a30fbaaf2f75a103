package demo

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"wsdemo/internal/neterr"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// tappedTransport returns an HTTP transport whose connections go through
// tap: plain TCP for ws:// and http://, and for wss:// TLS with the tap
// above it, so the trace holds the plaintext either way (the note says it
// was encrypted on the wire). host names the server for TLS; tlsConfig may
// be nil. onConn, if set, learns each tapped connection and, for TLS, its
// state.
func tappedTransport(tap *wiretap.Tap, host string, tlsConfig *tls.Config, onConn func(*wiretap.Conn, *tls.ConnectionState)) *http.Transport {
	seen := func(c *wiretap.Conn, st *tls.ConnectionState) {
		if onConn != nil {
			onConn(c, st)
		}
	}
	return &http.Transport{
		Proxy: nil, // talk to the server itself: the tap must see its bytes, not a proxy's
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := tap.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			tc := c.(*wiretap.Conn)
			seen(tc, nil)
			return tc, nil
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			// Dialled raw (and at the simulated distance, if any), so TLS
			// runs under the delay as it would over a long path.
			raw, err := tap.DialRaw(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			cfg := &tls.Config{}
			if tlsConfig != nil {
				cfg = tlsConfig.Clone()
			}
			if cfg.ServerName == "" {
				cfg.ServerName = host
			}
			// WebSocket over HTTP/2 is another protocol (RFC 8441): ask for 1.1.
			cfg.NextProtos = []string{"http/1.1"}
			tlsConn := tls.Client(raw, cfg)
			if err := tlsConn.HandshakeContext(ctx); err != nil {
				raw.Close()
				// Wrapped, so the transport passes it on as it is rather
				// than as "server gave HTTP response to HTTPS client".
				return nil, fmt.Errorf("TLS handshake: %w", err)
			}
			st := tlsConn.ConnectionState()
			c := tap.WrapClient(tlsConn)
			seen(c, &st)
			return c, nil
		},
		// No Accept-Encoding: gzip: keep the requests to what they need and
		// the bodies readable.
		DisableCompression: true,
		// The tap reads heads up to wire.MaxHTTPHead; the client stops at
		// the same point (net/http's default is 10 MiB), which also ends a
		// flood of interim 1xx responses: their heads count together.
		MaxResponseHeaderBytes: wire.MaxHTTPHead,
	}
}

// connectFailure turns a failure to get any answer from target (no TCP
// connection, no TLS, no HTTP) into one clear sentence, keeping the cause
// in the chain so the CLI can find a hint for it.
func connectFailure(target string, timeout time.Duration, err error) error {
	var dns *net.DNSError
	var op *net.OpError
	var notTLS tls.RecordHeaderError
	var untrusted *tls.CertificateVerificationError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &sayError{lang.M("no answer from %s within %v", target, timeout), []error{context.DeadlineExceeded}}
	case errors.As(err, &dns):
		return lookupError{dns}
	case errors.As(err, &notTLS):
		return &sayError{lang.M("connect to %s: the server does not speak TLS (try ws:// instead of wss://)", target), nil}
	case errors.As(err, &untrusted):
		return &sayError{lang.M("connect to %s: the server's TLS certificate is not trusted: %s", target, untrusted.Err.Error()), []error{untrusted.Err}}
	case strings.Contains(err.Error(), "TLS handshake"):
		return fmt.Errorf("%s: %w", target, tlsCause(err))
	case errors.As(err, &op) && op.Op == "dial":
		cause := neterr.Cause(op.Err)
		return &sayError{lang.M("connect to %s: %s", target, sayCause(cause)), []error{cause}}
	case errors.Is(err, syscall.ECONNRESET):
		// A reset that arrives on our socket was sent by the server's side
		// of the connection: say so, keeping ECONNRESET for the hint.
		return &sayError{lang.M("the server at %s reset the connection (a TCP RST) before answering the handshake", target), []error{syscall.ECONNRESET}}
	case strings.Contains(err.Error(), "server response headers exceeded"):
		// net/http's words for MaxResponseHeaderBytes, which tappedTransport
		// sets to the tap's own limit: all response heads together, the
		// interim 1xx ones before the answer included.
		return &sayError{lang.M("the server at %s sent more than %s of response heads without finishing its answer to the handshake; wsdemo reads no more (RFC 9110 §5.4 lets a recipient limit them)",
			target, kib(wire.MaxHTTPHead)), []error{ErrHeadTooLarge}}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "malformed HTTP"):
		return &sayError{lang.M("%s did not answer the handshake with HTTP: no HTTP response", target), []error{ErrNotHTTP}}
	}
	// coder/websocket's own words ("failed to WebSocket dial: ...") add nothing.
	return &sayError{lang.M("WebSocket handshake with %s failed: %s", target, strings.TrimPrefix(err.Error(), "failed to WebSocket dial: ")), []error{err}}
}

// sayCause says a dial's cause in the learner's language when it is one
// of the usual ones, and in the system's words otherwise.
func sayCause(err error) any {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return lang.M("connection refused")
	case errors.Is(err, syscall.EHOSTUNREACH):
		return lang.M("no route to host")
	case errors.Is(err, syscall.ENETUNREACH):
		return lang.M("network is unreachable")
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return lang.M("cannot assign requested address")
	}
	return err.Error()
}

// lookupError says which name could not be resolved, once: net.DNSError
// already names it, and the resolver's address helps nobody here.
type lookupError struct{ dns *net.DNSError }

func (e lookupError) Error() string { return lang.Trace.Say(e.Say()) }

// Say implements lang.Sayer: the resolver's usual answer in the
// learner's language.
func (e lookupError) Say() trace.Msg {
	if e.dns.IsNotFound {
		return lang.M("look up %s: no such host", e.dns.Name)
	}
	return lang.M("look up %s: %s", e.dns.Name, e.dns.Err)
}
func (e lookupError) Unwrap() error { return e.dns }

// ErrNotHTTP says the server closed the connection or sent something that is
// not an HTTP response.
var ErrNotHTTP = errors.New("no HTTP response")

// ErrHeadTooLarge says the server's response heads passed the client's
// limit (wire.MaxHTTPHead) before its answer to the handshake ended.
var ErrHeadTooLarge = errors.New("response head too large")

// kib writes a size in bytes that is a whole number of KiB as "64 KiB".
func kib(n int) string { return fmt.Sprintf("%d KiB", n>>10) }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// tlsCause finds the TLS handshake error under the layers of wrapping that
// net/http and coder/websocket add.
func tlsCause(err error) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.HasPrefix(e.Error(), "TLS handshake") {
			return e
		}
	}
	return err
}
