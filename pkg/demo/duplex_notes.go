package demo

import (
	"encoding/hex"
	"strings"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The sentence table of the duplex scenario: pure functions from what the
// tap observed (an event's kind, a moment and its connection's facts) to
// whole sentences, kept as their keys and arguments (lang.M) so that a
// saved trace can be said again in another language. None of them counts
// or remembers anything, so a test calls them with made-up facts and no
// network (notes_test.go). The annotator that feeds them is in
// duplex_annotate.go.

// duplexSetup is what the duplex notes know of the run besides the facts:
// how it was started, not what crossed.
type duplexSetup struct {
	builtIn   bool          // the built-in server, whose messages are known
	wss       bool          // the client dialled wss://
	pushEvery time.Duration // the built-in server's push interval
}

func duplexConnectNote(s duplexSetup) []trace.Msg {
	note := []trace.Msg{lang.M("One TCP connection carries everything that follows: the handshake, then frames in both directions, until it closes.")}
	if s.wss {
		note = append(note, lang.M("It is wrapped in TLS; the tap sits above TLS, so it shows the plaintext that TLS encrypts."))
	}
	return note
}

// duplexRequestNote says what the handshake's request is, and what its
// Sec-WebSocket-Extensions offer, as they crossed.
func duplexRequestNote(offer []string) []trace.Msg {
	note := []trace.Msg{lang.M("The opening handshake is one ordinary HTTP/1.1 GET asking to switch protocols: Upgrade: websocket, and a random Sec-WebSocket-Key (RFC 6455 §4.1). It is the only HTTP request on this connection.")}
	if offersDeflate(offer) {
		note = append(note, lang.M("Sec-WebSocket-Extensions offers permessage-deflate: compression of each message, if the server agrees (RFC 7692 §7)."))
	}
	return note
}

// duplexResponseNote says what the answer to the handshake did: its status
// and its Sec-WebSocket-Extensions, against the request's offer, are facts
// of the tapped messages.
func duplexResponseNote(status int, offer, answer []string) []trace.Msg {
	if status == 101 {
		return append([]trace.Msg{
			lang.M("101 Switching Protocols: from here on this TCP connection carries WebSocket frames, in both directions, until one side closes it."),
			lang.M("Sec-WebSocket-Accept is base64(SHA-1(key + a fixed GUID)): proof that the server understood the WebSocket request (RFC 6455 §4.2.2)."),
		}, extensionNote(offer, answer)...)
	}
	return []trace.Msg{lang.M("The server did not switch protocols, so there is no WebSocket: a successful handshake answers 101 (RFC 6455 §4.2.2).")}
}

// pngHex is the story's binary message as a frame's payload_hex.
var pngHex = hex.EncodeToString(pngSignature)

// duplexFrameNote says one moment of a frame (or of a message, for the
// moments of compressed messages), given its connection's facts after it;
// nothing when the duplex story has nothing to say of it.
//
// It is one switch over the moments, a table read top to bottom, which is
// clearer than splitting it by side (gocyclo counts each case).
func duplexFrameNote(s duplexSetup, c connFacts, x said) []trace.Msg {
	client := x.from == wire.FromClient
	f := x.frame
	switch x.m {
	case momentCompressed:
		return []trace.Msg{compressedFrameNote()}
	case momentCompressedMessage:
		return []trace.Msg{compressedMessageNote(x.message)}
	case momentFirstData:
		if client {
			return []trace.Msg{
				lang.M("Client frames are always masked (RFC 6455 §5.1): the payload is XORed with a fresh random 4-byte key that travels in the frame (RFC 6455 §5.3)."),
				lang.M("That is not secrecy; it stops a script in a web page from choosing the exact bytes on the wire, so it cannot forge bytes that a proxy or cache on the way would mistake for HTTP (RFC 6455 §10.3)."),
			}
		}
		return []trace.Msg{lang.M("Server frames are never masked (RFC 6455 §5.1): the attack masking defends against needs bytes chosen by a page's script, and those only travel from the client (RFC 6455 §10.3).")}
	case momentInterleaved:
		if x.n == 1 {
			return []trace.Msg{lang.M("Since the client's previous message the server has sent a frame on this same connection, on its own schedule or in reply; neither side waited for the other. That is full duplex.")}
		}
		return []trace.Msg{lang.M("Since the client's previous message the server has sent %d frames on this same connection, on its own schedule and in reply; neither side waited for the other. That is full duplex.", x.n)}
	case momentFragmentFirst, momentFragmentMiddle, momentFragmentLast:
		if client {
			return []trace.Msg{fragmentNote(x.m, f)}
		}
	case momentBinary:
		switch {
		case client && f.PayloadHex == pngHex:
			return []trace.Msg{lang.M("Opcode 0x2, a binary message: the payload is any bytes, here the 8 bytes that start every PNG file, shown in hex (RFC 6455 §5.6).")}
		case client:
			return []trace.Msg{lang.M("Opcode 0x2, a binary message: the payload is any bytes, shown in hex (RFC 6455 §5.6).")}
		case s.builtIn:
			return []trace.Msg{lang.M("The server sends binary messages back unchanged.")}
		}
	case momentWelcome, momentPush, momentEcho:
		if s.builtIn && !client {
			return []trace.Msg{builtinMessageNote(s, x.m)}
		}
	case momentFirstPing:
		return []trace.Msg{lang.M("A ping (opcode 0x9) asks: are you still there? It is a control frame: either side may send one at any time, even between the fragments of a message, and it carries at most 125 bytes (RFC 6455 §5.5, §5.5.2).")}
	case momentPingOtherSide:
		// One sentence per side, so a translation names the side in its
		// own words.
		if client {
			return []trace.Msg{lang.M("Now the client pings: either side may (RFC 6455 §5.5.2).")}
		}
		return []trace.Msg{lang.M("Now the server pings: either side may (RFC 6455 §5.5.2).")}
	case momentPingAnswered:
		if client {
			return []trace.Msg{lang.M("The client answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself, but only while something reads the connection, which is why this client keeps a reader running all the time.")}
		}
		return []trace.Msg{lang.M("The server answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself. Heartbeats like these keep an idle connection open through NATs, proxies and load balancers that drop connections they think are dead, and show that the peer is still there.")}
	case momentCloseStarted:
		return closeStartedNote(client, f.CloseCode)
	case momentCloseAnswered:
		return []trace.Msg{closeAnswerNote(client, f.CloseCode, f.CloseCode == c.closeCode, wire.CloseCodeName(f.CloseCode))}
	case momentLength16:
		return []trace.Msg{lang.M("Its payload is %d bytes, more than the 7-bit length field holds (0-125): the field says 126 and the next 2 bytes carry the length. From 65,536 bytes the field says 127 and 8 bytes follow (RFC 6455 §5.2).", f.PayloadLen)}
	}
	return nil
}

// closeStartedNote says that a close frame starts the closing handshake,
// and that its sender sends no data after it.
func closeStartedNote(client bool, code int) []trace.Msg {
	var note trace.Msg
	if code != 0 {
		note = lang.M("A close frame (opcode 0x8) starts the closing handshake: status %#d (%s), and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1).", code, wire.CloseCodeName(code))
	} else {
		note = lang.M("A close frame (opcode 0x8) starts the closing handshake: no status code, and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1).")
	}
	if client {
		return []trace.Msg{note, lang.M("After it the client sends no more data frames.")}
	}
	return []trace.Msg{note, lang.M("After it the server sends no more data frames.")}
}

// fragmentNote explains the frames of a fragmented client message.
func fragmentNote(m moment, f *trace.Frame) trace.Msg {
	switch {
	case m == momentFragmentFirst:
		return lang.M("FIN=0: only the first fragment of a message. Its opcode (%s) names the type of the whole message; the next fragments are continuation frames (RFC 6455 §5.4). Fragments let a sender start before it knows the message's full length.", f.OpcodeName)
	case m == momentFragmentMiddle:
		return lang.M("Opcode 0x0, continuation: the next fragment of the same message. FIN=0 again: more follow (RFC 6455 §5.4).")
	case f.PayloadLen == 0:
		return lang.M("FIN=1 with an empty payload ends the message. coder/websocket sends each Write of a message writer as one fragment, and this empty final fragment when the writer closes: legal, since fragments may be empty (RFC 6455 §5.4).")
	}
	return lang.M("FIN=1 ends the message (RFC 6455 §5.4).")
}

// builtinMessageNote explains the built-in server's first message of each
// kind, whose content we know.
func builtinMessageNote(s duplexSetup, m moment) trace.Msg {
	switch m {
	case momentWelcome:
		return lang.M("Nobody asked for this: right after the 101 the server sends a message of its own. In HTTP a server only ever answers a request.")
	case momentPush:
		return lang.M("A push: the server sends this on its own schedule (every %s), not in answer to anything. Think of an edit a teammate makes in another tab, reaching this page at once.", s.pushEvery)
	}
	return lang.M("The server's reply to the client's message. Replies and pushes share the one connection in whatever order they happen: WebSocket itself pairs nothing up, the application's content tells them apart.")
}

// closeAnswerNote explains the close frame that answers the other side's:
// one whole sentence per side and per status (echoed, another, none).
func closeAnswerNote(client bool, code int, echoed bool, name lang.Msg) trace.Msg {
	switch {
	case client && code != 0 && echoed:
		return lang.M("The client answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code)
	case client && code != 0:
		return lang.M("The client answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code, name)
	case client:
		return lang.M("The client answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).")
	case code != 0 && echoed:
		return lang.M("The server answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code)
	case code != 0:
		return lang.M("The server answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).", code, name)
	}
	return lang.M("The server answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).")
}

// compactFrameFields trims a frame's fields without --verbose, in place. The
// renderer already gives each meaning once; this keeps on every frame what
// a blanked meaning would hide, the length form, and shows a clear RSV1-3
// only when showRSV (the first frame).
func compactFrameFields(t lang.Text, fs []trace.Field, raw []byte, showRSV bool) []trace.Field {
	out := fs[:0]
	for _, f := range fs {
		switch {
		case f.Name == "RSV1-3" && f.Value == "000":
			if !showRSV {
				continue
			}
		case f.Name == "payload length" && len(raw) > 1:
			switch raw[1] & 0x7f {
			case 126:
				f.Value = t.F("%s (16-bit form)", f.Value)
			case 127:
				f.Value = t.F("%s (64-bit form)", f.Value)
			default:
				f.Value = t.F("%s (7-bit form)", f.Value)
			}
		}
		out = append(out, f)
	}
	return out
}

// shortHandshake keeps of the handshake's request or answer the fields
// duplex shows without --verbose: the key headers, live and in a replay.
func shortHandshake(fs []trace.Field, request bool) []trace.Field {
	if request {
		return keepFields(fs, "method", "target", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions")
	}
	return keepFields(fs, "status", "upgrade", "connection", "sec-websocket-accept", "sec-websocket-extensions")
}

// keepFields keeps the fields named in names (case-insensitive), dropping
// their meanings: the condensed handshake shows the key headers only. The
// parts of a Sec-WebSocket-Extensions header stay, meanings and all: they
// are news each time.
func keepFields(fs []trace.Field, names ...string) []trace.Field {
	var out []trace.Field
	for _, f := range fs {
		if strings.HasPrefix(f.Name, extensionIndent) {
			out = append(out, f)
			continue
		}
		for _, name := range names {
			if strings.EqualFold(f.Name, name) {
				f.Meaning = ""
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// checkGroup is one check standing for cs: passed when all of them did,
// naming each one, or naming the ones that failed.
func checkGroup(name lang.Msg, cs []*trace.Check) *trace.Check {
	var names, failed []any
	say := func(m *trace.Msg, english string) any {
		if m != nil {
			return *m
		}
		return english
	}
	for _, c := range cs {
		names = append(names, say(c.NameMsg, c.Name))
		if !c.OK {
			failed = append(failed, lang.M("%s (%s)", say(c.NameMsg, c.Name), say(c.DetailMsg, c.Detail)))
		}
	}
	nameMsg := lang.M(name)
	var detail trace.Msg
	switch {
	case len(failed) > 0:
		detail = lang.M("failed: %s", lang.List{Sep: "; ", Items: failed})
	case len(names) == 2:
		detail = lang.M("both passed: %s", lang.List{Sep: ", ", Items: names})
	default:
		detail = lang.M("all %d passed: %s", len(names), lang.List{Sep: ", ", Items: names})
	}
	english := lang.Trace
	return &trace.Check{Name: english.Say(nameMsg), OK: len(failed) == 0, Detail: english.Say(detail),
		NameMsg: &nameMsg, DetailMsg: &detail}
}
