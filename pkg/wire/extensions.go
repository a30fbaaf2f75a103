package wire

import (
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Extension is one extension named in a Sec-WebSocket-Extensions header
// field (RFC 6455 §9.1): in a request an offer, in a 101 the extension the
// server accepted, with the parameters that configure it.
type Extension struct {
	Name   string
	Params []ExtensionParam
	// Off and Len locate the extension (its name and parameters) in the
	// header field's value.
	Off, Len int
}

// ExtensionParam is one parameter of an Extension, e.g.
// client_max_window_bits=10.
type ExtensionParam struct {
	Name string
	// Value is the value after "=", unquoted; HasValue says whether there
	// was one ("client_max_window_bits" alone has none).
	Value    string
	HasValue bool
	// Off and Len locate the parameter (name and value) in the header
	// field's value.
	Off, Len int
}

// Param returns the parameter called name (case-insensitive) and whether
// the extension has it.
func (e *Extension) Param(name string) (ExtensionParam, bool) {
	for _, p := range e.Params {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return ExtensionParam{}, false
}

// ParseExtensions parses the value of a Sec-WebSocket-Extensions header field
// (RFC 6455 §9.1):
//
//	extension-list = 1#extension
//	extension      = extension-token *( ";" extension-param )
//	extension-param = token [ "=" (token | quoted-string) ]
//
// It returns every extension it could read, in order, and an error naming
// the first part that breaks the grammar (that part is skipped; the error
// is a lang.Sayer, to be said in the reader's language). A request
// may carry several header fields: parse each one, or their values joined
// with ", " (RFC 9110 §5.3), offsets then counting in the joined value.
func ParseExtensions(value string) ([]Extension, error) {
	var exts []Extension
	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, item := range splitOutsideQuotes(value, ',', 0) {
		parts := splitOutsideQuotes(value[item.off:item.off+item.len], ';', item.off)
		name := trimSpan(value, parts[0])
		if name.len == 0 {
			if len(parts) > 1 {
				fail(lang.Errorf("a parameter with no extension before it in %q (RFC 6455 §9.1)", value))
			}
			continue // empty list elements are allowed (RFC 9110 §5.6.1)
		}
		tok := value[name.off : name.off+name.len]
		if !isToken(tok) {
			fail(lang.Errorf("%q is not a valid extension name (a token, RFC 6455 §9.1)", tok))
			continue
		}
		ext := Extension{Name: tok, Off: name.off}
		end := name.off + name.len
		for _, ps := range parts[1:] {
			s := trimSpan(value, ps)
			if s.len == 0 {
				fail(lang.Errorf("an empty parameter in extension %s (RFC 6455 §9.1)", tok))
				continue
			}
			p, bad := parseParam(value[s.off:s.off+s.len], s.off)
			if bad.Format != "" {
				fail(lang.Errorf("extension %s: %s", tok, bad))
				continue
			}
			ext.Params = append(ext.Params, p)
			end = s.off + s.len
		}
		ext.Len = end - ext.Off
		exts = append(exts, ext)
	}
	return exts, first
}

// parseParam parses one extension-param that starts at off in the value;
// bad says what is wrong with it, if anything.
func parseParam(s string, off int) (p ExtensionParam, bad trace.Msg) {
	p = ExtensionParam{Off: off, Len: len(s)}
	name, value, hasValue := strings.Cut(s, "=")
	p.Name = strings.TrimRight(name, " \t")
	if !isToken(p.Name) {
		return p, lang.M("%q is not a valid parameter name (a token, RFC 6455 §9.1)", p.Name)
	}
	if !hasValue {
		return p, trace.Msg{}
	}
	p.HasValue = true
	value = strings.TrimLeft(value, " \t")
	if strings.HasPrefix(value, `"`) {
		u, err := strconv.Unquote(value)
		if err != nil || strings.ContainsAny(value, "\n") {
			return p, lang.M("parameter %s has a malformed quoted value %s", p.Name, value)
		}
		// The unquoted value must itself be a token (RFC 6455 §9.1).
		if !isToken(u) {
			return p, lang.M("parameter %s: the quoted value %s is not a token once unquoted (RFC 6455 §9.1)", p.Name, value)
		}
		p.Value = u
		return p, trace.Msg{}
	}
	if !isToken(value) {
		return p, lang.M("parameter %s has the value %q, which is not a token (RFC 6455 §9.1)", p.Name, value)
	}
	p.Value = value
	return p, trace.Msg{}
}

// span is a part of a string: off and len in bytes.
type span struct{ off, len int }

// splitOutsideQuotes splits s at sep outside quoted strings; the spans are
// offsets in the whole value (base is s's offset in it).
func splitOutsideQuotes(s string, sep byte, base int) []span {
	var out []span
	start, quoted, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			out = append(out, span{base + start, i - start})
			start = i + 1
		}
	}
	return append(out, span{base + start, len(s) - start})
}

// trimSpan trims optional whitespace (RFC 9110 §5.6.3) off both ends of sp.
func trimSpan(value string, sp span) span {
	for sp.len > 0 && (value[sp.off] == ' ' || value[sp.off] == '\t') {
		sp.off++
		sp.len--
	}
	for sp.len > 0 && (value[sp.off+sp.len-1] == ' ' || value[sp.off+sp.len-1] == '\t') {
		sp.len--
	}
	return sp
}

// isToken reports whether s is a token (RFC 9110 §5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// PermessageDeflate is the name of the DEFLATE compression extension (RFC
// 7692 §7).
const PermessageDeflate = "permessage-deflate"

// Deflate is what a permessage-deflate negotiation agreed on: the
// parameters of the server's answer (RFC 7692 §7.1).
type Deflate struct {
	// ServerNoContextTakeover: the server compresses each message on its
	// own, never referring back to an earlier one (RFC 7692 §7.1.1.1).
	ServerNoContextTakeover bool
	// ClientNoContextTakeover: the same for the client (RFC 7692
	// §7.1.1.2).
	ClientNoContextTakeover bool
	// ServerMaxWindowBits and ClientMaxWindowBits limit the LZ77 window the
	// server's and the client's compressor use to 2^bits bytes (8-15; 0
	// means not limited below the 15 of DEFLATE itself, RFC 7692 §7.1.2).
	ServerMaxWindowBits, ClientMaxWindowBits int
}

// NoContextTakeover reports whether from compresses each message on its
// own.
func (d Deflate) NoContextTakeover(from Sender) bool {
	if from == FromServer {
		return d.ServerNoContextTakeover
	}
	return d.ClientNoContextTakeover
}

// NegotiateDeflate reads what the client offered (offer: the request's
// Sec-WebSocket-Extensions values) and what the server answered in its 101
// (answer: the response's) and returns the agreed parameters, whether
// permessage-deflate is in use, and what is wrong with the answer, each a
// sentence (a Msg, package lang), with its RFC section when it breaks a
// rule. A decoder follows the answer even when it breaks a rule, since the
// two peers may go on regardless; a client that keeps the rules would have
// failed the connection instead.
func NegotiateDeflate(offer, answer []string) (d Deflate, ok bool, problems []trace.Msg) {
	var offered bool
	var offerHasClientBits bool
	for _, v := range offer {
		exts, _ := ParseExtensions(v)
		for _, e := range exts {
			if strings.EqualFold(e.Name, PermessageDeflate) {
				offered = true
				if _, has := e.Param("client_max_window_bits"); has {
					offerHasClientBits = true
				}
			}
		}
	}
	var accepted []Extension
	for _, v := range answer {
		exts, err := ParseExtensions(v)
		if err != nil {
			_, why := lang.ErrorBoth(err)
			problems = append(problems, lang.M("the server's Sec-WebSocket-Extensions is malformed: %s", why))
		}
		for _, e := range exts {
			if strings.EqualFold(e.Name, PermessageDeflate) {
				accepted = append(accepted, e)
			}
		}
	}
	if len(accepted) == 0 {
		return Deflate{}, false, problems
	}
	if !offered {
		problems = append(problems, lang.M("the server accepted permessage-deflate, which the client did not offer: a client must then fail the connection (RFC 6455 §4.1)"))
	}
	if len(accepted) > 1 {
		problems = append(problems, lang.M("the server accepted permessage-deflate more than once; its first answer is the one decoded here"))
	}
	e := accepted[0]
	seen := map[string]bool{}
	for _, p := range e.Params {
		name := strings.ToLower(p.Name)
		if seen[name] {
			problems = append(problems, lang.M("the answer has %s twice: a client must fail the connection (RFC 7692 §7.1)", p.Name))
		}
		seen[name] = true
		switch name {
		case "server_no_context_takeover", "client_no_context_takeover":
			if p.HasValue {
				problems = append(problems, lang.M("%s takes no value, but the answer gives it %q (RFC 7692 §7.1.1)", p.Name, p.Value))
			}
			if name == "server_no_context_takeover" {
				d.ServerNoContextTakeover = true
			} else {
				d.ClientNoContextTakeover = true
			}
		case "server_max_window_bits", "client_max_window_bits":
			bits, err := strconv.Atoi(p.Value)
			if !p.HasValue || err != nil || bits < 8 || bits > 15 || p.Value != strconv.Itoa(bits) {
				problems = append(problems, windowBitsProblem(p))
				continue
			}
			if name == "server_max_window_bits" {
				d.ServerMaxWindowBits = bits
			} else {
				if !offerHasClientBits {
					problems = append(problems, lang.M("the answer limits client_max_window_bits, which the client's offer did not include: a server must not (RFC 7692 §7.1.2.2)"))
				}
				d.ClientMaxWindowBits = bits
			}
		default:
			problems = append(problems, lang.M("the answer has the parameter %s, which permessage-deflate does not define: a client must fail the connection (RFC 7692 §7.1)", p.Name))
		}
	}
	return d, true, problems
}

// windowBitsProblem says what is wrong with a window-bits parameter of an
// answer: a value that is no number from 8 to 15, or none at all.
func windowBitsProblem(p ExtensionParam) trace.Msg {
	if !p.HasValue {
		return lang.M("%s in an answer must be a number from 8 to 15, and has no value (RFC 7692 §7.1.2)", p.Name)
	}
	return lang.M("%s in an answer must be a number from 8 to 15, got %q (RFC 7692 §7.1.2)", p.Name, p.Value)
}
