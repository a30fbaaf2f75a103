package exercise

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
)

// Target is where the learner's server listens, from `wsdemo check --url`.
// Either scheme names the same server: ws:// is to http:// what the
// WebSocket exercises need (RFC 6455 §3), and the REST exercise speaks
// HTTP to the same host and port.
type Target struct {
	// Host is host[:port] as the URL wrote it: the Host header's value,
	// and the host of the server's own origin.
	Host string
	// Addr is host:port to dial, the default port (80) added.
	Addr string
	// Path is the URL's path and query, "/" when it has none: where the
	// WebSocket handshake goes, and the base the REST paths are joined to.
	Path string
}

// ParseURL reads --url: ws:// or http://, a host, an optional port and path.
// Its errors are learner-facing (*lang.Error): say them with Text.Err.
func ParseURL(s string) (Target, error) {
	if !strings.Contains(s, "://") {
		// "localhost:8080" would parse with the scheme "localhost".
		return Target{}, lang.Errorf("%q has no scheme; write it as ws://%s (or http:// for the REST exercise)", s, strings.TrimPrefix(s, "//"))
	}
	u, err := url.Parse(s)
	if err != nil {
		return Target{}, lang.Errorf("%q is not a URL; a URL for the checks looks like ws://127.0.0.1:8080/ or http://127.0.0.1:8080", s)
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "http":
	case "wss", "https":
		return Target{}, lang.Errorf("%q: the checks talk to a server on your machine without TLS; use ws:// or http://", s)
	default:
		return Target{}, lang.Errorf("%q has the scheme %s://; the checks speak ws:// and http://", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return Target{}, lang.Errorf("%q has no host; it looks like ws://127.0.0.1:8080/", s)
	}
	port := u.Port()
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Target{}, lang.Errorf("%q: the port must be a number from 1 to 65535", s)
		}
	} else {
		port = "80"
	}
	if u.Fragment != "" || strings.HasSuffix(s, "#") {
		return Target{}, lang.Errorf("%q has a #fragment, which a WebSocket URL must not have (RFC 6455 §3)", s)
	}
	if u.User != nil {
		return Target{}, lang.Errorf("%q has a user name in it; the checks send none: leave it out", s)
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return Target{Host: u.Host, Addr: net.JoinHostPort(u.Hostname(), port), Path: p}, nil
}

// WS is the target as a WebSocket URL.
func (t Target) WS() string { return "ws://" + t.Host + t.Path }

// Origin is the server's own origin: what a browser sends for a page the
// server itself served (RFC 6454 §6.2).
func (t Target) Origin() string { return "http://" + t.Host }

// Join returns the path p (which starts with /) under the target's path:
// /notes under / is /notes, under /api/ it is /api/notes.
func (t Target) Join(p string) string {
	base, _, _ := strings.Cut(t.Path, "?")
	return strings.TrimSuffix(base, "/") + p
}
