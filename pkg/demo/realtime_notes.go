package demo

import (
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The sentence table of the realtime scenario: a strategy's heading and
// title, and the note on the first event of each kind in it, as pure
// functions of the strategy and the event's kind. Its annotator
// (realtimeNotes, realtime_tap.go) counts the kinds in the facts of the
// strategy and calls it.

// realtimeKind is what a strategy's notes tell events apart by: their kind,
// a response's status, a frame's opcode and sender.
type realtimeKind struct {
	kind   trace.Kind
	status int
	opcode wire.Opcode
	from   wire.Sender
}

func realtimeKindOf(e *trace.Event) realtimeKind {
	k := realtimeKind{kind: e.Kind}
	switch {
	case e.Kind == trace.KindHTTPResponse && e.HTTP != nil:
		k.status = e.HTTP.Status
	case e.Kind == trace.KindWSFrame && e.Frame != nil:
		k.opcode, k.from = wire.Opcode(e.Frame.Opcode), senderOf(e)
	}
	return k
}

// realtimeNote is the teaching note for the first event of a kind in a
// strategy: the realtime scenario's sentence table.
//
// It is a table written as a switch, one case per strategy and kind, which
// reads more plainly than a map of maps (gocyclo counts each case).
func realtimeNote(strategy string, k realtimeKind) lang.Msg {
	var (
		request  = realtimeKind{kind: trace.KindHTTPRequest}
		response = func(status int) realtimeKind { return realtimeKind{kind: trace.KindHTTPResponse, status: status} }
		frame    = func(op wire.Opcode, from wire.Sender) realtimeKind {
			return realtimeKind{kind: trace.KindWSFrame, opcode: op, from: from}
		}
	)
	switch strategy {
	case "refresh":
		switch k {
		case request:
			return "The user reloads tab B: one GET for the whole document. Plain HTTP gives tab B no other way to learn that something changed."
		case response(200):
			return "Every edit tab A made arrives at once, folded into the document. Tab B saw none of them as they happened."
		}
	case "poll":
		switch k {
		case request:
			return "Tab B asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2). It asks on a timer, whether or not anything happened."
		case response(304):
			return "Nothing new: 304 Not Modified, and no body (RFC 9110 §15.4.5). An empty answer still costs a whole request and response on the wire."
		case response(200):
			return "Something changed: the whole document, with every edit made since the last poll. Those edits waited for this poll to be seen."
		}
	case "long-poll":
		switch k {
		case request:
			return "Tab B asks for the edits after the version it has, and the server holds the request open until there is one: long polling (RFC 6202 §2.1)."
		case response(200):
			return "The answer leaves as soon as tab A's edit is applied. Tab B asks again at once: one full request and response per answer."
		case response(204):
			return "The server held the request as long as it would with no edit, then answered 204 No Content (RFC 9110 §15.3.5); tab B asks again."
		}
	case "websocket":
		switch k {
		case request:
			return "One HTTP request, asking to switch this connection to WebSocket: Upgrade: websocket (RFC 6455 §4.1). It is the only HTTP request of this strategy."
		case response(101):
			return "101 Switching Protocols: from here on the connection carries WebSocket frames, and either side may send at will (RFC 6455 §1.2, §4.2.2)."
		case frame(wire.OpText, wire.FromServer):
			return "The server pushes the edit the moment it is applied; tab B did not ask. A small frame header and the JSON, nothing else (RFC 6455 §5.2)."
		case frame(wire.OpClose, wire.FromClient):
			return "Tab B closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1)."
		}
	}
	return ""
}

// strategyTitles are the one-line titles of the strategies.
var strategyTitles = map[string]lang.Msg{
	"refresh":   "plain HTTP, tab B sees changes only when the user reloads",
	"poll":      "tab B asks again and again whether anything changed",
	"long-poll": "tab B asks, and the server answers only when there is a change",
	"websocket": "one handshake, then the server pushes every edit",
	"tcp-floor": "the same pushes over raw TCP: no HTTP, no WebSocket framing",
}

// strategyNote is the note of a strategy's heading.
func strategyNote(name string, opts RealtimeOptions) trace.Msg {
	switch name {
	case "refresh":
		return lang.M("In HTTP the server only ever answers requests (RFC 9110 §3.4), so an open page cannot be told that the document changed. Tab B sends nothing until the user reloads it, once, a moment after tab A's last edit.")
	case "poll":
		return lang.M("Tab B sends a GET every %v. Most answers are empty when edits come less often than polls; when they come more often, they wait for the next poll. Either way the server cannot speak first (RFC 6455 §1.1 calls polling an abuse of HTTP).", opts.PollInterval)
	case "long-poll":
		return lang.M("Tab B keeps a GET waiting at the server, which answers it when there is an edit, and asks again as soon as it has the answer. This is how Socket.IO's Engine.IO starts a connection, before it upgrades to a WebSocket, and how it keeps working where WebSockets are blocked.")
	case "websocket":
		return lang.M("Tab B opens a WebSocket: one HTTP request to upgrade the connection (RFC 6455 §4), then the server sends each edit as a frame the moment it is applied, on the same TCP connection, unasked.")
	case "tcp-floor":
		return lang.M("The server pushes the same JSON, one line per edit, over a raw TCP connection, tapped like the others. It is a reference for the other numbers, measured in the same run on this machine, not a bound on what a protocol can do: refresh, for one, may send fewer bytes.")
	}
	return trace.Msg{}
}
