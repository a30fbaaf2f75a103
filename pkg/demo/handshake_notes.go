package demo

import (
	"crypto/tls"
	"fmt"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// handshakeRequestMeanings say why each part of the opening handshake
// request is there (RFC 6455 §4.1 numbers the client's requirements 1-12).
// They replace the general meanings of annotate.go on the handshake.
var handshakeRequestMeanings = map[string]lang.Msg{
	"method":                "the HTTP/1.1 handshake of RFC 6455 is always a GET (RFC 6455 §4.1)",
	"target":                "the WebSocket endpoint: the path of the ws:// URL (RFC 6455 §3)",
	"version":               "the Upgrade handshake of RFC 6455 runs on HTTP/1.1 (RFC 6455 §4.1)",
	"host":                  "required in every HTTP/1.1 request (RFC 9112 §3.2), the handshake too (RFC 6455 §4.1)",
	"upgrade":               "please switch this connection to WebSocket (RFC 6455 §4.1)",
	"connection":            "Upgrade is for this connection only: proxies must not pass it on (RFC 9110 §7.8)",
	"sec-websocket-key":     "16 random bytes, base64, new for each connection: the server must prove it read them (RFC 6455 §4.1)",
	"sec-websocket-version": "13 means RFC 6455 (RFC 6455 §4.1)",
	"origin":                "from a browser, the origin (scheme, host, port) of the page whose script opens this WebSocket; any other client may send any value, or none (RFC 6455 §4.1 item 8, §10.1)",
	"cookie":                "who the user is: cookies go with the handshake as with any request (RFC 6455 §4.1, RFC 6265 §5.4)",
	"user-agent":            "the client program (RFC 9110 §10.1.5)",
	"content-length":        "a POST states its body size, even 0 (RFC 9110 §8.6)",
}

// handshakeResponseMeanings are the meanings of the server's answer.
var handshakeResponseMeanings = map[string]lang.Msg{
	"version":               "the last HTTP on this connection: after this response come frames (RFC 6455 §4.2.2)",
	"upgrade":               "the protocol this connection speaks from now on (RFC 6455 §4.2.2)",
	"connection":            "this response switches this connection (RFC 6455 §4.2.2)",
	"sec-websocket-accept":  "base64(SHA-1(key + GUID)): the server's proof that it read the key (RFC 6455 §4.2.2)",
	"sec-websocket-version": "the versions this server speaks (RFC 6455 §4.2.2, §4.4)",
	"allow":                 "the methods this resource accepts (RFC 9110 §10.2.1)",
}

// refusalMeanings replace handshakeResponseMeanings on an answer that is
// not a 101: there Upgrade names what the client should switch to.
var refusalMeanings = map[string]lang.Msg{
	"version":    "the HTTP version of the answer (RFC 9112 §2.3)",
	"upgrade":    "the protocol the client must switch to; a 426 has to say (RFC 9110 §15.5.22)",
	"connection": "Upgrade is for this connection only: proxies must not pass it on (RFC 9110 §7.8)",
}

// handshakeStatusMeanings refine the status meanings of annotate.go for the
// handshake.
var handshakeStatusMeanings = map[int]lang.Msg{
	101: "accepted: this connection switches protocols (RFC 9110 §15.2.2)",
	400: "the handshake is malformed (RFC 6455 §4.2.1)",
	403: "understood, and refused (RFC 6455 §4.2.2, RFC 9110 §15.5.4)",
	405: "this method is not allowed here (RFC 9110 §15.5.6)",
	426: "switch to the protocol in Upgrade first (RFC 9110 §15.5.22)",
}

// handshakeMeanings gives the fields of the handshake's request, or of its
// answer with status, the handshake's own meanings: what each part is for
// in RFC 6455. Only the built-in server's refusals have known reasons.
// The live scenario and a replay of its trace both use it.
func handshakeMeanings(t lang.Text, fs []trace.Field, request bool, status int, builtin bool) {
	if request {
		setMeanings(t, fs, handshakeRequestMeanings)
		return
	}
	setMeanings(t, fs, handshakeResponseMeanings)
	if status != 101 {
		setMeanings(t, fs, refusalMeanings)
	}
	if m := handshakeStatusMeanings[status]; m != "" && (builtin || status == 101) {
		for i := range fs {
			if fs[i].Name == "status" {
				fs[i].Meaning = t.F(m)
			}
		}
	}
}

// setMeanings replaces the meanings of the fields named in m
// (case-insensitive), translated by t.
func setMeanings(t lang.Text, fs []trace.Field, m map[string]lang.Msg) {
	for i, f := range fs {
		if s, ok := m[strings.ToLower(f.Name)]; ok {
			fs[i].Meaning = t.F(s)
		}
	}
}

// handshakeSetup is what the handshake's notes know of the run besides
// what crossed: how it was started.
type handshakeSetup struct {
	builtin bool   // the built-in server, whose reasons are known
	kase    string // HandshakeOptions.Case: the broken request sent
	origin  string // HandshakeOptions.Origin as given, "" for the default
}

// handshakeConnectNote is the note of the handshake's tcp.connect.
func handshakeConnectNote() trace.Msg {
	return lang.M("This WebSocket begins as an ordinary TCP connection opened by the client, and the handshake that follows is RFC 6455's: plain HTTP/1.1 (RFC 6455 §1.3, §4.1).")
}

// handshakeTLSNote says what wss:// added before the handshake, from the
// TLS state of the connection.
func handshakeTLSNote(st *tls.ConnectionState) trace.Msg {
	return lang.M("wss:// means TLS first: the client and server ran a TLS handshake (%s, %s) before the WebSocket handshake, and every byte on the wire is encrypted (RFC 6455 §4.1). wsdemo taps the connection above TLS, so you see the plaintext inside it; an eavesdropper sees only ciphertext.",
		tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
}

// handshakeRequestNote is the note of the request that crossed.
func handshakeRequestNote(s handshakeSetup, m *trace.HTTP) []trace.Msg {
	switch s.kase {
	case "not-get":
		return []trace.Msg{lang.M("The WebSocket handshake headers, but sent with POST. RFC 6455 §4.1 item 2 says the handshake is a GET.")}
	case "no-upgrade":
		return []trace.Msg{lang.M("A plain GET of the WebSocket endpoint, as a browser's address bar would send it: no Upgrade, no Sec-WebSocket-* headers. It asks for a document, not for a protocol switch.")}
	case "bad-version":
		return []trace.Msg{lang.M("A handshake claiming Sec-WebSocket-Version: 8, the number of a 2011 draft of the protocol (RFC 6455 §11.6). RFC 6455 itself is version 13.")}
	case "bad-key":
		return []trace.Msg{lang.M("A handshake whose Sec-WebSocket-Key %q is base64 of the 9 bytes \"short-key\", not of 16 random bytes (RFC 6455 §4.1 item 7).", badKey)}
	}
	note := []trace.Msg{lang.M("The opening handshake: an ordinary HTTP/1.1 GET that asks the server to switch this connection to WebSocket (RFC 6455 §4.1). Nothing WebSocket-specific has crossed yet.")}
	if origin, ok := m.Header("Origin"); ok {
		note = append(note, originNote(s, origin)...)
	}
	// Go writes header names in its canonical form; say so before a
	// learner wonders why the RFC's Sec-WebSocket-Key is spelt differently.
	for _, kv := range m.Headers {
		if strings.EqualFold(kv[0], "Sec-WebSocket-Key") && kv[0] != "Sec-WebSocket-Key" {
			note = append(note, lang.M("Header names are case-insensitive (RFC 9110 §5.1): %s is the RFC's Sec-WebSocket-Key.", kv[0]))
			break
		}
	}
	return note
}

// originNote says who set the Origin that crossed: always wsdemo's own
// client here, never a browser, so the value is one it chose (the server's
// own origin, or --origin's), not the origin of any page.
func originNote(s handshakeSetup, origin string) []trace.Msg {
	switch {
	case origin == "null":
		return []trace.Msg{lang.M("Origin: wsdemo's client sent null, as --origin asked: what a browser sends for a page with an opaque origin (a sandboxed frame, for example), no server's own origin (RFC 6454 §6.2, §7.1).")}
	case s.origin == "":
		return []trace.Msg{lang.M("Origin: wsdemo's client sent this server's own origin, as a browser would for a page it served; a browser sets Origin itself, and a client that is not a browser can send any (RFC 6455 §4.1 item 8, §10.1).")}
	}
	return []trace.Msg{lang.M("Origin: wsdemo's client sent %s, as --origin asked; a browser sets Origin itself, to its page's origin, and a client that is not a browser can send any (RFC 6455 §4.1 item 8, §10.1).", origin)}
}

// handshakeResponseNote is the note of the answer that crossed; only the
// built-in server's reasons for a refusal are known.
func handshakeResponseNote(s handshakeSetup, m *trace.HTTP) []trace.Msg {
	noFrames := lang.M("There is no 101, so the connection never became a WebSocket: it is still HTTP, and no frame will cross it.")
	if m.Status == 101 {
		return []trace.Msg{lang.M("The server agrees. Right after the empty line that ends this response the connection stops speaking HTTP: from here on both sides send WebSocket frames on this same TCP connection (RFC 6455 §4.2.2).")}
	}
	if !s.builtin {
		// We know why our own server refuses; another server's reasons are
		// only in its answer.
		return []trace.Msg{lang.M("This server did not accept the WebSocket handshake, and its status and body are all it says about why. The client handles the answer as an ordinary HTTP response (RFC 6455 §4.1)."), noFrames}
	}
	switch m.Status {
	case 403:
		return []trace.Msg{
			lang.M("Refused: a server that does not accept an origin answers 403 Forbidden and aborts the handshake (RFC 6455 §4.2.2, §10.2)."),
			sameSiteNote(),
			lang.M("The check protects users of browsers only: wsdemo's client chose this Origin, and any program that is not a browser can send whatever Origin it likes (RFC 6455 §10.1)."),
			noFrames}
	case 405:
		return []trace.Msg{lang.M("Refused: the HTTP/1.1 handshake of RFC 6455 must be a GET, so the server answers 405 and lists the allowed method in Allow (RFC 6455 §4.2.1 item 1, RFC 9110 §15.5.6)."), noFrames}
	case 426:
		if _, ok := m.Header("Sec-WebSocket-Version"); ok {
			note := []trace.Msg{lang.M("Refused: the server does not speak the version the client asked for. RFC 6455 §4.2.2 (step 4, /version/) has it abort the handshake with an error such as 426 Upgrade Required and a Sec-WebSocket-Version listing the versions it does speak, so the client can retry with one of them (RFC 6455 §4.4).")}
			if up, ok := m.Header("Upgrade"); ok {
				note = append(note, lang.M("A 426 must also name the protocol to switch to in Upgrade (RFC 9110 §15.5.22): this one says %s.", up))
			} else {
				note = append(note, lang.M("A 426 must also name the protocol to switch to in Upgrade (RFC 9110 §15.5.22): this one has no Upgrade header."))
			}
			return append(note, noFrames)
		}
		return []trace.Msg{lang.M("Refused: without Upgrade: websocket this was an ordinary GET, and this endpoint only speaks WebSocket. 426 Upgrade Required, with Upgrade naming the protocol to switch to, tells the client so (RFC 9110 §15.5.22)."), noFrames}
	case 400:
		if s.kase == "bad-key" {
			return []trace.Msg{
				lang.M("Refused: RFC 6455 §4.2.1 item 5 requires a Sec-WebSocket-Key whose base64 decodes to 16 bytes, and a server that finds a requirement of §4.2.1 unmet must stop and answer an HTTP error such as 400 Bad Request. This server decodes the key only to count its bytes."),
				lang.M("It could have computed a Sec-WebSocket-Accept all the same: the server joins the key as received, the base64 text itself, with the GUID and hashes that, and need not decode it (RFC 6455 §4.2.2). The 16-byte rule is checked, not needed for the arithmetic."),
				noFrames}
		}
		return []trace.Msg{lang.M("Refused: a handshake that breaks a rule of RFC 6455 §4.2.1 gets 400 Bad Request."), noFrames}
	}
	return []trace.Msg{lang.M("The server did not accept the WebSocket handshake (RFC 6455 §4.1)."), noFrames}
}

// sameSiteNote says why an Origin check matters although cookies have a
// SameSite attribute: what SameSite does for a WebSocket handshake, from
// the draft that defines it (RFC 6265 has no SameSite), and what browsers
// differ on.
func sameSiteNote() trace.Msg {
	return lang.M("Why check it: a browser attaches this server's cookies to the handshake whatever page opens it, unless SameSite keeps them off. A cookie marked SameSite=Lax or Strict stays off a handshake opened by a page of another site, since a WebSocket is no top-level navigation, but not off one from another origin of the same site (another subdomain or port); SameSite=None sends it anyway, and browsers differ on cookies without the attribute (draft-ietf-httpbis-rfc6265bis §4.1.2.7, §5.2). The Origin check covers all of these (RFC 6455 §10.2).")
}

// clientAcceptFields are the steps of the client's check of
// Sec-WebSocket-Accept, from the key it sent (RFC 6455 §4.1).
func clientAcceptFields(t lang.Text, key string) []trace.Field {
	concat, sum, want := wire.AcceptSteps(key)
	return []trace.Field{
		{Name: t.F("1. key + GUID"), Value: concat, Meaning: t.F("the key the client sent, then the GUID of RFC 6455 §1.3")},
		{Name: "2. SHA-1", Value: fmt.Sprintf("%x", sum), Meaning: t.F("20-byte digest, in hex")},
		{Name: "3. base64", Value: want, Meaning: t.F("what Sec-WebSocket-Accept must say")},
	}
}

// handshakeFrameNote is the handshake's sentence table for a frame's
// moments, given its connection's facts after it: the server's first frame
// (before any close frame), and the two halves of the closing handshake.
func handshakeFrameNote(builtin bool, conn int, c connFacts, moments []said) []trace.Msg {
	var notes []trace.Msg
	for _, x := range moments {
		client := x.from == wire.FromClient
		switch {
		case x.m == momentFirstData && !client && c.closes == 0 && builtin:
			notes = append(notes, lang.M("The server's welcome, on the same TCP connection #%#d, and no request asked for it: once the handshake is done either side may send at any time (RFC 6455 §1.2).", conn))
		case x.m == momentFirstData && !client && c.closes == 0:
			notes = append(notes, lang.M("The server's first frame, on the same TCP connection #%#d, and no request asked for it: once the handshake is done either side may send at any time (RFC 6455 §1.2).", conn))
		case x.m == momentCloseStarted:
			n := []trace.Msg{closeStartNote(client, x.frame)}
			if x.frame.CloseCode == 1001 && client {
				n = append(n, lang.M("Going away: the demo was interrupted."))
			}
			if x.frame.Masked {
				n = append(n, lang.M("Like every client frame it is masked (RFC 6455 §5.1)."))
			}
			notes = append(notes, n...)
		case x.m == momentCloseAnswered:
			notes = append(notes, closeReplyNote(client, x.frame, x.frame.CloseCode == c.closeCode)...)
		}
	}
	return notes
}

// closeStartNote says who starts the closing handshake, with which status
// and reason: one whole sentence per side, status and reason, so that a
// translation orders each as its language needs.
func closeStartNote(client bool, f *trace.Frame) trace.Msg {
	code, name, reason := f.CloseCode, wire.CloseCodeName(f.CloseCode), f.CloseReason
	switch {
	case client && code != 0 && reason != "":
		return lang.M("The client starts the closing handshake: a close frame with status code %#d (%s) and the reason %q (RFC 6455 §5.5.1, §7.4.1).", code, name, reason)
	case client && code != 0:
		return lang.M("The client starts the closing handshake: a close frame with status code %#d (%s) (RFC 6455 §5.5.1, §7.4.1).", code, name)
	case client:
		return lang.M("The client starts the closing handshake: a close frame with no status code (RFC 6455 §5.5.1, §7.4.1).")
	case code != 0 && reason != "":
		return lang.M("The server starts the closing handshake: a close frame with status code %#d (%s) and the reason %q (RFC 6455 §5.5.1, §7.4.1).", code, name, reason)
	case code != 0:
		return lang.M("The server starts the closing handshake: a close frame with status code %#d (%s) (RFC 6455 §5.5.1, §7.4.1).", code, name)
	}
	return lang.M("The server starts the closing handshake: a close frame with no status code (RFC 6455 §5.5.1, §7.4.1).")
}

// closeReplyNote says who answers the close frame, and with which status:
// RFC 6455 §5.5.1 requires the answer and says it "typically" echoes the
// status, so an echo is noted as one, and a reply that does not echo is not
// called wrong. The closing handshake is then complete; the WebSocket
// connection is Closed only when the TCP connection is (§7.1.4).
func closeReplyNote(client bool, f *trace.Frame, echoed bool) []trace.Msg {
	code, name := f.CloseCode, wire.CloseCodeName(f.CloseCode)
	var m trace.Msg
	switch {
	case client && code != 0 && echoed:
		m = lang.M("The client answers with its own close frame, echoing status code %#d (%s), as a reply typically does (RFC 6455 §5.5.1).", code, name)
	case client && code != 0:
		m = lang.M("The client answers with its own close frame, status code %#d (%s); a reply typically echoes the status it received, and this one does not (RFC 6455 §5.5.1).", code, name)
	case client:
		m = lang.M("The client answers with its own close frame, with no status code (RFC 6455 §5.5.1).")
	case code != 0 && echoed:
		m = lang.M("The server answers with its own close frame, echoing status code %#d (%s), as a reply typically does (RFC 6455 §5.5.1).", code, name)
	case code != 0:
		m = lang.M("The server answers with its own close frame, status code %#d (%s); a reply typically echoes the status it received, and this one does not (RFC 6455 §5.5.1).", code, name)
	default:
		m = lang.M("The server answers with its own close frame, with no status code (RFC 6455 §5.5.1).")
	}
	return []trace.Msg{m, lang.M("The closing handshake is complete; the WebSocket is Closed once TCP closes (RFC 6455 §7.1.4).")}
}

// quoteOrAbsent is a header's value as a check's detail: quoted, or the
// word "absent" in the reader's language.
func quoteOrAbsent(v string) trace.Msg {
	if v == "" {
		return lang.M("absent")
	}
	return lang.M("%s", strconv.Quote(v))
}

// handshakeCloseNote explains how the TCP connection ended, from what
// crossed it (its facts) and how the tap saw each side end.
func handshakeCloseNote(c connFacts, f tcpEnding, first bool) []trace.Msg {
	if c.status != 0 && !c.upgraded {
		return []trace.Msg{refusedCloseNote(f, first)}
	}
	return wsCloseNote(c.closing(), f, first)
}

// handshakeSummaryNote is the note of the summary: what the one
// handshake bought (handshakeBytes of HTTP, once), or what a refusal left.
// The cookie is spoken of only when a Cookie header crossed.
func handshakeSummaryNote(builtin, answered, upgraded, cookie bool, handshakeBytes int) trace.Msg {
	switch {
	case !answered:
		return trace.Msg{}
	case upgraded && builtin && cookie:
		return lang.M("The HTTP handshake (%d bytes) happened once. After it the connection carried only WebSocket frames, each with a header of 2 to 14 bytes (RFC 6455 §5.2), and nothing had to say who the user is again: the server checked the cookie once, at the handshake.", handshakeBytes)
	case upgraded:
		return lang.M("The HTTP handshake (%d bytes) happened once. After it the connection carried only WebSocket frames, each with a header of 2 to 14 bytes (RFC 6455 §5.2).", handshakeBytes)
	}
	return lang.M("One request, one refusal, no frames: the connection never stopped being HTTP. A browser's new WebSocket() would fire its error and close events, and the page would learn only that the connection failed, not why.")
}

// handshakeSummaryFields are the fields of the handshake's summary: what
// crossed, counted by the tap.
func handshakeSummaryFields(t lang.Text, s wireStats, upgraded bool) []trace.Field {
	framesMeaning := t.F("after the 101, on the same connection")
	if !upgraded {
		framesMeaning = t.F("none: without a 101 the connection never leaves HTTP")
	}
	return []trace.Field{
		{Name: t.F("TCP connections"), Value: t.Int(int64(s.Conns))},
		{Name: t.F("HTTP requests"), Value: t.Int(int64(s.Requests)), Meaning: t.F("the handshake, and nothing else")},
		{Name: t.F("frames"), Value: t.F("client %d · server %d", s.Frames[wire.FromClient], s.Frames[wire.FromServer]), Meaning: framesMeaning},
		{Name: t.F("bytes"), Value: t.F("client %d · server %d", s.Bytes[wire.FromClient], s.Bytes[wire.FromServer]), Meaning: t.F("%d of them the HTTP handshake", s.HeaderBytes+s.BodyBytes)},
	}
}
