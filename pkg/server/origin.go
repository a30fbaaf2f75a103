package server

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// origin is a scheme/host/port triple (RFC 6454 §3.2), normalised as RFC
// 6454 §4 computes it from a URI: scheme and host in lower case, the port
// always explicit (the scheme's default port when the text gives none).
// Two origins are the same only when all three parts are (RFC 6454 §5).
type origin struct{ scheme, host, port string }

// defaultPorts are the ports implied by a scheme when none is written
// (RFC 9110 §4.2.1, §4.2.2; RFC 6455 §3 for ws and wss).
var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443"}

// String is the origin's ASCII serialisation (RFC 6454 §6.2): the default
// port is left out.
func (o origin) String() string {
	s := o.scheme + "://" + bracketIPv6(o.host)
	if o.port != defaultPorts[o.scheme] {
		s += ":" + o.port
	}
	return s
}

func bracketIPv6(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// errOpaque is the Origin "null": an opaque origin (RFC 6454 §6.2, §7.1),
// sent for a sandboxed frame, a file or a privacy-sensitive redirect. It
// is not a triple, so it is never the same as this server's (RFC 6454 §5).
var errOpaque = errors.New("opaque origin")

// parseOrigin reads an Origin header value: "null" (errOpaque) or the
// serialisation scheme://host[:port], with no path, query or user
// (RFC 6454 §7.1).
func parseOrigin(s string) (origin, error) {
	if s == "null" {
		return origin{}, errOpaque
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Hostname() == "" || u.Opaque != "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		return origin{}, lang.Errorf("%q is not an origin (scheme://host[:port])", s)
	}
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		o.port = defaultPorts[o.scheme]
	} else if n, err := strconv.Atoi(o.port); err != nil || n > 65535 {
		return origin{}, lang.Errorf("%q is not an origin: the port %s is not a port number", s, o.port)
	} else {
		o.port = strconv.Itoa(n) // "080" is port 80
	}
	return o, nil
}

// anotherOrigin says that value is not this server's origin own, and
// which of scheme, host and port differ: one whole sentence for each, so
// a translation can agree with them.
func anotherOrigin(value string, o, own origin) trace.Msg {
	scheme, host, port := o.scheme != own.scheme, o.host != own.host, o.port != own.port
	switch {
	case scheme && host && port:
		return lang.M("%s is another origin: this server's own is %s (the scheme, host and port differ)", value, own.String())
	case scheme && host:
		return lang.M("%s is another origin: this server's own is %s (the scheme and host differ)", value, own.String())
	case scheme && port:
		return lang.M("%s is another origin: this server's own is %s (the scheme and port differ)", value, own.String())
	case host && port:
		return lang.M("%s is another origin: this server's own is %s (the host and port differ)", value, own.String())
	case scheme:
		return lang.M("%s is another origin: this server's own is %s (the scheme differs)", value, own.String())
	case host:
		return lang.M("%s is another origin: this server's own is %s (the host differs)", value, own.String())
	}
	return lang.M("%s is another origin: this server's own is %s (the port differs)", value, own.String())
}

// originPattern is one allowed origin: a whole origin whose host may hold
// path.Match wildcards ("*.example.com") and whose port may be "*".
type originPattern struct {
	text               string // as configured, for the check's detail
	scheme, host, port string // port "" is the scheme's default port
}

// OriginPatternHelp describes what ParseOriginPattern accepts, for usage
// messages.
const OriginPatternHelp = "scheme://host[:port], e.g. http://app.example, https://*.example.com or http://localhost:*"

// CheckOriginPattern reports whether p is a valid allowed-origin pattern for
// Config.AllowOrigins: a whole origin, scheme://host[:port], because an
// origin is scheme, host and port together (RFC 6454 §3.2, §5). The host may
// use path.Match wildcards (*.example.com); the port is a number, "*" for
// any port, or absent for the scheme's default port (80 for http, 443 for
// https). The error starts with p quoted and says what is wrong.
func CheckOriginPattern(p string) error {
	_, err := parseOriginPattern(p)
	return err
}

func parseOriginPattern(p string) (originPattern, error) {
	scheme, rest, ok := strings.Cut(p, "://")
	if !ok {
		if p == "" {
			return originPattern{}, fmt.Errorf("%q is empty; an allowed origin is scheme://host[:port]", p)
		}
		if p == "null" {
			// Allowing it would let in every sandboxed page of every site.
			return originPattern{}, fmt.Errorf("%q is an opaque origin, sent by pages of any site (RFC 6454 §6.2): it cannot be allowed", p)
		}
		return originPattern{}, fmt.Errorf("%q has no scheme, and an origin is scheme, host and port together (RFC 6454 §5): write http://%s or https://%s", p, p, p)
	}
	if !validScheme(scheme) {
		return originPattern{}, fmt.Errorf("%q does not start with a scheme such as http:// or https://", p)
	}
	if strings.ContainsAny(rest, "/?#@") {
		return originPattern{}, fmt.Errorf("%q is not an origin: an origin has no path, query or user, only scheme://host[:port]", p)
	}
	host, port, hasPort := rest, "", false
	if strings.HasPrefix(rest, "[") { // an IPv6 literal
		end := strings.Index(rest, "]")
		if end < 0 {
			return originPattern{}, fmt.Errorf("%q has an IPv6 address without its closing ]", p)
		}
		host, rest = rest[1:end], rest[end+1:]
		if rest != "" && !strings.HasPrefix(rest, ":") {
			return originPattern{}, fmt.Errorf("%q has text after the IPv6 address that is not a :port", p)
		}
		port, hasPort = strings.TrimPrefix(rest, ":"), rest != ""
	} else {
		host, port, hasPort = strings.Cut(rest, ":")
	}
	if host == "" {
		return originPattern{}, fmt.Errorf("%q has no host; an allowed origin is scheme://host[:port]", p)
	}
	if _, err := path.Match(host, ""); err != nil {
		return originPattern{}, fmt.Errorf("%q: the host pattern %s is malformed (%v)", p, host, err)
	}
	if hasPort && port != "*" {
		n, err := strconv.Atoi(port)
		if err != nil || strings.Trim(port, "0123456789") != "" || n > 65535 {
			return originPattern{}, fmt.Errorf("%q: the port must be a number or *, not %q", p, port)
		}
		port = strconv.Itoa(n)
	}
	return originPattern{text: p, scheme: strings.ToLower(scheme), host: strings.ToLower(host), port: port}, nil
}

// validScheme is RFC 3986 §3.1: a letter, then letters, digits, +, - or .
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// matches reports whether o is one of the origins p allows: the same
// scheme, a host that matches p's host pattern, and the same port (p's
// default port when it names none) unless p's port is "*".
func (p originPattern) matches(o origin) bool {
	if o.scheme != p.scheme {
		return false
	}
	if ok, _ := path.Match(p.host, o.host); !ok {
		return false
	}
	switch p.port {
	case "*":
		return true
	case "":
		return o.port == defaultPorts[p.scheme]
	}
	return o.port == p.port
}

// originAllowed applies the server's Origin policy (RFC 6455 §10.2): the
// server's own origin and the configured patterns are allowed, every other
// origin is refused. host is the request's Host, tls whether it came over
// TLS: this server's own origin is http://host (https://host over TLS).
// A request with no Origin does not come from a browser page (browsers
// always send it, RFC 6455 §4.1), so there is no page to forge and it is
// let in.
func (s *Server) originAllowed(value, host string, tls bool) (bool, trace.Msg) {
	if value == "" {
		return true, lang.M("no Origin header: not sent by a browser page")
	}
	o, err := parseOrigin(value)
	if errors.Is(err, errOpaque) {
		return false, lang.M("null is an opaque origin (a sandboxed frame, for example): never this server's own, and no allowed origin matches it")
	}
	if err != nil {
		_, m := lang.ErrorBoth(err)
		return false, m
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	own, ownErr := parseOrigin(scheme + "://" + host)
	if ownErr == nil && o == own {
		if value != own.String() {
			return true, lang.M("%s is this server's own origin, %s", value, own.String())
		}
		return true, lang.M("%s is this server's own origin", value)
	}
	for _, p := range s.allow {
		if p.matches(o) {
			return true, lang.M("%s matches --allow-origin %s", value, p.text)
		}
	}
	if ownErr != nil {
		return false, lang.M("%s is another origin than this server's own", value)
	}
	return false, anotherOrigin(value, o, own)
}
