package demo

import (
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// The notes on tcp.close events. Each is chosen from what the tap observed
// (a tcpEnding, and what crossed before it), one whole sentence per case and
// per side so that a translation can name each side in its own words. They
// are pure: close_notes_test.go holds the table from facts to sentence.

// bySide picks the sentence that names side.
func bySide(side wire.Sender, server, client lang.Msg) lang.Msg {
	if side == wire.FromServer {
		return server
	}
	return client
}

// wsClosing is what a WebSocket scenario saw cross before TCP closed.
type wsClosing struct {
	upgraded bool // a 101 crossed: the connection became a WebSocket
	// closeFrames counts the close frames: 0, 1 (unanswered), or 2, one
	// from each side: the closing handshake is complete.
	closeFrames int
}

// wsCloseNote is the note of a tcp.close event on a WebSocket connection
// (first: the connection's first end, which says who closed it; otherwise
// the other side's). It is none where the summary says enough, and on a
// connection that never became a WebSocket.
func wsCloseNote(ws wsClosing, f tcpEnding, first bool) []trace.Msg {
	if !ws.upgraded {
		return nil
	}
	if !first {
		note := []trace.Msg{followerNote(f)}
		if f.Then == wiretap.StillOpen && ws.closeFrames >= 2 {
			note = append(note, lang.M("Once an endpoint has sent and received a close frame it must close the TCP connection (RFC 6455 §5.5.1)."))
		}
		return note
	}
	reset := f.FirstKind == wiretap.Reset
	switch {
	case ws.closeFrames >= 2 && reset:
		return []trace.Msg{lang.M(bySide(f.First,
			"After the closing handshake the server reset the TCP connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6). Both close frames had crossed, so the WebSocket itself was closed cleanly (RFC 6455 §7.1.4).",
			"After the closing handshake the client reset the TCP connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6). Both close frames had crossed, so the WebSocket itself was closed cleanly (RFC 6455 §7.1.4)."))}
	case ws.closeFrames >= 2:
		return []trace.Msg{lang.M(bySide(f.First,
			"After the closing handshake the server closed the TCP connection first, as RFC 6455 §7.1.1 recommends: then the server holds TIME_WAIT (TIME_WAIT: the first side to close waits a while, to be sure the other got its last ACK; RFC 9293 §3.3.2).",
			"After the closing handshake the client closed TCP first, as it may (RFC 6455 §5.5.1), though §7.1.1 prefers the server first, to hold TIME_WAIT (TIME_WAIT: the first to close waits a while, so the other surely got its last ACK; RFC 9293 §3.3.2)."))}
	case ws.closeFrames == 1 && reset:
		return []trace.Msg{lang.M(bySide(f.First,
			"The server reset the TCP connection (RST) before the closing handshake was complete.",
			"The client reset the TCP connection (RST) before the closing handshake was complete."))}
	case ws.closeFrames == 1:
		return []trace.Msg{lang.M(bySide(f.First,
			"The server closed the TCP connection before the closing handshake was complete.",
			"The client closed the TCP connection before the closing handshake was complete."))}
	case reset:
		return []trace.Msg{lang.M(bySide(f.First,
			"The server reset the TCP connection (RST) without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).",
			"The client reset the TCP connection (RST) without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5)."))}
	}
	return []trace.Msg{lang.M(bySide(f.First,
		"The server closed the TCP connection without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).",
		"The client closed the TCP connection without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5)."))}
}

// refusedCloseNote is the note of a tcp.close event on a connection whose
// WebSocket handshake was refused: it stayed plain HTTP.
func refusedCloseNote(f tcpEnding, first bool) trace.Msg {
	switch {
	case !first:
		return followerNote(f)
	case f.FirstKind == wiretap.Reset:
		return lang.M(bySide(f.First,
			"The refused handshake left a plain HTTP connection that nobody needs: the server reset it (RST).",
			"The refused handshake left a plain HTTP connection that nobody needs: the client reset it (RST)."))
	}
	return lang.M(bySide(f.First,
		"The refused handshake left a plain HTTP connection that nobody needs: the server closed it first.",
		"The refused handshake left a plain HTTP connection that nobody needs: the client closed it first."))
}

// httpConn is what crossed an HTTP/1.1 connection before it closed.
type httpConn struct {
	// closeOption: a request or response on it carried Connection: close.
	closeOption bool
	// idle: every request on it had its response.
	idle bool
}

// httpCloseNote is the note of the first tcp.close of an HTTP/1.1
// connection.
func httpCloseNote(hc httpConn, f tcpEnding) trace.Msg {
	switch {
	case f.FirstKind == wiretap.Reset:
		return lang.M(bySide(f.First,
			"The server reset the connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6).",
			"The client reset the connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6)."))
	case hc.closeOption && hc.idle:
		return lang.M(bySide(f.First,
			"The server closed the TCP connection first, after its response: a server that receives Connection: close must start closing the connection once it has sent its response (RFC 9112 §9.6).",
			"The client closed the TCP connection first, after reading the response. With Connection: close the client must close after the response, and the server must start closing too (RFC 9112 §9.6): here the client's FIN came first."))
	case hc.idle:
		return lang.M(bySide(f.First,
			"The server closed the idle connection: either side may close a persistent connection at any time (RFC 9112 §9.5).",
			"The client closed its idle connection: either side may close a persistent connection at any time (RFC 9112 §9.5)."))
	}
	return lang.M(bySide(f.First,
		"The server closed the connection before every request on it had its response. Either side may close a connection at any time, and both must be able to recover from it (RFC 9112 §9.5).",
		"The client closed the connection before every request on it had its response. Either side may close a connection at any time, and both must be able to recover from it (RFC 9112 §9.5)."))
}

// followerNote is the note of the second tcp.close of any connection: what
// became of the other side's stream, when that is worth a sentence. A FIN
// that followed is not: the summary says it.
func followerNote(f tcpEnding) trace.Msg {
	side := f.follower()
	switch f.Then {
	case wiretap.Reset:
		return lang.M(bySide(side,
			"Then the server reset the connection (RST) instead of closing its end with a FIN (RFC 9293 §3.6).",
			"Then the client reset the connection (RST) instead of closing its end with a FIN (RFC 9293 §3.6)."))
	case wiretap.StillOpen:
		return lang.M(bySide(side,
			"The server had not closed its end of the connection %.0f ms after the client's FIN, when wsdemo stopped waiting for it.",
			"The client had not closed its end of the connection %.0f ms after the server's FIN, when wsdemo stopped waiting for it."), ms(f.After))
	}
	return trace.Msg{}
}
