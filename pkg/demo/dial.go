package demo

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"

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
			raw, err := tap.Dialer.DialContext(ctx, network, addr)
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
	}
}
