package demo

import (
	"encoding/json"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// The socketio scenario's sentence table: moments and what the run is in,
// sentences out (pure: no state, no network). The moments come from the
// facts (socketio_facts.go). builtIn is the story against wsdemo's own
// server, whose handlers are known (what it does with an event, the
// connection wsdemo cut); against the learner's server (--url) only the
// sentences that hold for any Socket.IO server are said. Rules cite the
// Engine.IO v4 and Socket.IO v5 protocol documents by section, RFCs by
// section.

// sioNote says one moment.
//
// A table written as a switch, one case a moment: it reads more plainly
// than a map of functions (gocyclo counts each case).
func sioNote(builtIn bool, x sioSaid) []trace.Msg {
	one := func(format lang.Msg, args ...any) []trace.Msg { return []trace.Msg{lang.M(format, args...)} }
	switch x.m {
	case sioFirstPoll:
		return one("The first request is plain HTTP: a GET whose query says EIO=4, the Engine.IO version, and transport=polling, with no Upgrade header. By default Socket.IO starts with HTTP long-polling, not with a WebSocket (Engine.IO v4, \"Handshake\", \"Query parameters\").")
	case sioFreshHandshake:
		return one("A fresh start: a GET with no sid, as at the very beginning. The old session is gone with its connection, so the client asks for a new one (Engine.IO v4, \"Handshake\").")
	case sioPollGET:
		return one("The client asks for what the server has to send, naming its session (sid). When the server has nothing yet, it holds this GET open until it has: long-polling (Engine.IO v4, \"Receiving data\").")
	case sioPollPOST:
		return one("Long-polling sends with POSTs: the body carries the packets, and a client may have only one POST in progress at a time (Engine.IO v4, \"Sending data\").")
	case sioPOSTBesideGET:
		return one("The GET on connection #%#d has no answer yet, so this POST goes on another connection: sending and receiving go on at the same time, as two HTTP requests.", x.conn)
	case sioUpgradeRequest:
		ms := one("The upgrade begins with a real WebSocket handshake, lesson 4's: a GET with Upgrade: websocket and a Sec-WebSocket-Key, whose query names the session's sid, so that the WebSocket joins the session polling opened (Engine.IO v4, \"Upgrade\"; RFC 6455 §4.1).")
		if x.text != "" {
			ms = append(ms, lang.M("This client writes the name %s: header names are case-insensitive (RFC 9110 §5.1), so it is the same header.", x.text))
		}
		return ms
	case sioWebSocketFirst:
		if builtIn && x.tab {
			return one("Tab B skips long-polling: its first request is already a WebSocket handshake, with transport=websocket and no sid, because its client was told to use WebSocket only. Its session will open inside the WebSocket (Engine.IO v4, \"Handshake\").")
		}
		return one("The first request is already a WebSocket handshake, with transport=websocket and no sid: the session will open inside the WebSocket (Engine.IO v4, \"Handshake\").")
	case sioHeldGET:
		return one("The server held this GET for %s ms before it answered: until it had a packet to send.", lang.Millis(ms(x.d)))
	case sioPOSTOK:
		return one("ok: the server took the packets (Engine.IO v4, \"Sending data\"). Its own packets never come back in a POST's answer, only in a GET's.")
	case sio101Upgrade:
		return one("101 Switching Protocols: this connection is a WebSocket now (RFC 6455 §4.2.2). The session still runs on long-polling, though: it moves only once the WebSocket has passed a probe and the upgrade packet is sent (Engine.IO v4, \"Upgrade\").")
	case sio101WebSocketFirst:
		return one("101: the WebSocket is open (RFC 6455 §4.2.2), and Engine.IO's handshake takes place inside it.")
	case sioFirstClientFrame:
		if x.text == "text" && x.n == 1 {
			return one("Over the WebSocket each Engine.IO packet is one message, here one text frame, masked as every client frame is (Engine.IO v4, \"Packet encoding\"; RFC 6455 §5.3). The packet inside is shown next.")
		}
	case sioRawHandshake:
		return one("A plain WebSocket to the same server, for comparison: one handshake, and nothing of Engine.IO's or Socket.IO's (RFC 6455 §4.1).")
	case sioRawText:
		return one("The same event as the application's own JSON, %s, in one text frame of %d bytes: no packet types, nothing around it but the frame's header (RFC 6455 §5.2).", x.text, x.n)
	case sioRawBinary:
		return one("The same bytes as the photo, as one binary message: one frame of %d bytes (RFC 6455 §5.6).", x.n)
	case sioViolation:
		return one("This packet breaks a rule: %s.", x.text)
	case sioAttachment:
		return sioAttachmentNote(x)
	case sioOpen:
		return sioOpenNote(builtIn, x)
	case sioNewSession:
		return one("A new session, sid %s, not %s: nothing of the old one carries over, and the client joins the namespace again with a CONNECT of its own.", x.sid, x.old)
	case sioProbe:
		return one("2probe: a ping (2) with the text probe, on the new WebSocket. Before it moves the session, the client checks that the WebSocket really carries Engine.IO packets to the same session (Engine.IO v4, \"Upgrade\").")
	case sioProbeAnswer:
		return one("3probe: the server's pong (3) with the same text. The WebSocket works (Engine.IO v4, \"Upgrade\").")
	case sioPing:
		if x.transport == "polling" {
			return one("Engine.IO's heartbeat: the server's ping (2), every pingInterval (%v in this session), here in the answer to a long-polling GET. The client must answer it (Engine.IO v4, \"Heartbeat\").", x.d)
		}
		return one("Engine.IO's heartbeat: the server's ping (2), every pingInterval (%v in this session), inside an ordinary text frame. The client must answer it (Engine.IO v4, \"Heartbeat\").", x.d)
	case sioPong:
		return one("The client's pong (3). A server that gets none within pingTimeout considers the connection closed; a client that hears no ping within pingInterval + pingTimeout does the same (Engine.IO v4, \"Heartbeat\").")
	case sioNoop:
		return one("A noop (6), the whole answer to the GET the server was holding: a packet that carries nothing, sent so that long-polling can stop cleanly (Engine.IO v4, \"Upgrade\": the server sends a noop to a pending GET).")
	case sioUpgradePacket:
		return one("The upgrade packet (5), on the WebSocket: the session moves there. From here on its packets cross as WebSocket frames, and the client sends no more long-polling requests (Engine.IO v4, \"Upgrade\").")
	case sioClosePacket:
		return one("Engine.IO's close packet (1): this session's transport can be closed (Engine.IO v4, \"Protocol\").")
	default:
		return sioSocketIONote(builtIn, x)
	}
	return nil
}

// sioSocketIONote says the moments of Socket.IO's packets, and of the
// connections' ends.
func sioSocketIONote(builtIn bool, x sioSaid) []trace.Msg {
	one := func(format lang.Msg, args ...any) []trace.Msg { return []trace.Msg{lang.M(format, args...)} }
	switch x.m {
	case sioConnect:
		switch {
		case x.text != "/" && x.text != "":
			return one("Socket.IO's CONNECT to the namespace %s: 4 is Engine.IO's message, 0 Socket.IO's CONNECT, then the namespace's name and a comma (Socket.IO v5, \"Connection to a namespace\").", x.text)
		case x.transport == "polling":
			return one("Socket.IO's CONNECT: 4 is Engine.IO's message, 0 Socket.IO's CONNECT, to the main namespace \"/\" (a packet names its namespace only when it is another). Over long-polling it rides in a POST's body (Socket.IO v5, \"Connection to a namespace\").")
		}
		return one("Socket.IO's CONNECT, 40, in a WebSocket text frame this time (Socket.IO v5, \"Connection to a namespace\").")
	case sioConnectAnswer:
		return one("The server's CONNECT: the client has joined the namespace. Its sid, %s, is the Socket.IO socket's id, not the Engine.IO session's (%s): since revision 5 of the protocol (Socket.IO 3.0) the two differ (Socket.IO v5, \"History\", \"Difference between v5 and v4\").", x.sid, x.old)
	case sioConnectError:
		return one("CONNECT_ERROR (4): the server refused the client in this namespace, and says why. A server's middleware does this when it calls next with an error (Socket.IO v5, \"Connection to a namespace\").")
	case sioDisconnect:
		if x.fromClient {
			return one("Socket.IO's DISCONNECT (1): the client leaves the namespace; no answer is expected (Socket.IO v5, \"Disconnection from a namespace\").")
		}
		return one("Socket.IO's DISCONNECT (1), from the server: it put the client out of the namespace (Socket.IO v5, \"Disconnection from a namespace\").")
	case sioOfflineEvent:
		if x.connected {
			return one("This event was emitted %v ago, while the client was disconnected. wsdemo's client kept it, and it crossed now, over %s, after the new session's CONNECT was answered: as Socket.IO's client does by default, an emit while offline is buffered, not lost (Socket.IO docs, \"Offline behavior\").", lang.Span(x.d), x.transport)
		}
		return one("This event was emitted %v ago, while the client was disconnected. wsdemo's client kept it, and it crossed now, over %s: as Socket.IO's client does by default, an emit while offline is buffered, not lost (Socket.IO docs, \"Offline behavior\").", lang.Span(x.d), x.transport)
	case sioEventWithAck:
		return one("This event asks for an acknowledgement: after 42 comes its id, %#d, before the JSON. Its answer, an ACK, must carry the same id (Socket.IO v5, \"Acknowledgement\").", x.ack)
	case sioFirstEvent:
		return one("An event: 4 is Engine.IO's message, 2 Socket.IO's EVENT, then the JSON array of the event's name and its arguments, what emit sent. %s is all Socket.IO and Engine.IO put before the application's JSON (Socket.IO v5, \"Sending and receiving data\", \"Packet encoding\").", x.text)
	case sioSameOnTwoConns:
		if builtIn {
			return one("The same %d bytes as on the other connection: one emit to the room became one packet per socket, each written on its own connection. Nothing in them names the room.", x.n)
		}
	case sioRelayed:
		if builtIn {
			return one("The server's handler passed the event on to the room's other sockets (socket.to(room).emit): tab B gets 42 and the same JSON, without the sender's ack id if it had one. Nothing on tab B's connection says who sent it first.")
		}
	case sioServerEvent:
		return one("An event from the server, unasked: the same format from the other side. Once the session is open either side may send at any time (Socket.IO v5, \"Sending and receiving data\").")
	case sioAck:
		if x.fromClient {
			return one("The acknowledgement: 3 is Socket.IO's ACK, then the same id, %#d, and the arguments the client's callback gave. It is a packet of its own: WebSocket itself has no responses, only messages (Socket.IO v5, \"Acknowledgement\").", x.ack)
		}
		return one("The acknowledgement: 3 is Socket.IO's ACK, then the same id, %#d, and the arguments the server's callback gave. It is a packet of its own: WebSocket itself has no responses, only messages (Socket.IO v5, \"Acknowledgement\").", x.ack)
	case sioBinaryEvent:
		switch {
		case x.fromClient:
			return one("A binary event: 5 is Socket.IO's BINARY_EVENT, then %#d- the number of attachments. The JSON holds a placeholder where the bytes go, and the bytes follow as a packet of their own (Socket.IO v5, \"Packet encoding\").", x.n)
		case builtIn && x.tab:
			return one("The server's handler passed the photo on to the room's other sockets: the same two packets, on tab B's connection.")
		}
	case sioCut:
		if builtIn {
			return one("wsdemo cut this connection on the server's side: it reset the server's socket (SO_LINGER 0) under the Socket.IO server, as a server that crashes, or a proxy that drops the connection, would. No close packet, no close frame: neither Socket.IO nor WebSocket said goodbye, an abnormal closure (RFC 6455 §7.1.5).")
		}
	case sioPollingClosed:
		return one("The client closed a connection that long-polling used: no HTTP request crossed on it after the upgrade packet.")
	}
	return nil
}

// sioOpenNote says a client's first open packet, with the values it
// carries.
func sioOpenNote(builtIn bool, x sioSaid) []trace.Msg {
	o := x.open
	if x.transport == "websocket" {
		return []trace.Msg{lang.M("Engine.IO's open packet, the first message on the WebSocket: a session of its own, sid %s, a ping every %d ms (Engine.IO v4, \"Handshake\").", o.SID, o.PingInterval)}
	}
	upgrades, _ := json.Marshal(o.Upgrades)
	ms := []trace.Msg{lang.M("Engine.IO's open packet (0), in the body of an ordinary 200: the session's id (sid) %s, the transports it may upgrade to %s, a ping every %d ms, %d ms to answer it, at most %d bytes to a payload. This is what Socket.IO's docs call the handshake, and it is not lesson 4's WebSocket handshake: no Upgrade, no 101 (Engine.IO v4, \"Handshake\").",
		o.SID, string(upgrades), o.PingInterval, o.PingTimeout, o.MaxPayload)}
	if builtIn {
		ms = append(ms, lang.M("wsdemo's server sets pingInterval to %v so that the heartbeat shows in this story; Socket.IO's default is 25 seconds.", time.Duration(o.PingInterval)*time.Millisecond))
	}
	return ms
}

// sioAttachmentNote says a side's first attachment on a transport.
func sioAttachmentNote(x sioSaid) []trace.Msg {
	if x.transport == "polling" {
		return []trace.Msg{lang.M("The attachment over long-polling: b and the %d bytes in base64, a packet of its own in the body (Engine.IO v4, \"Packet encoding\").", x.n)}
	}
	ms := []trace.Msg{lang.M("The attachment: the %d bytes of placeholder %#d, in a binary frame of their own, as they are (Engine.IO v4, \"Packet encoding\": binary data is sent as is over WebSocket).", x.n, x.num)}
	if x.frames > 1 {
		ms = append(ms, lang.M("One event took %d WebSocket frames: its packet, then its attachments.", x.frames))
	}
	return ms
}

// sioPOST is the meaning of a POST's method here: Engine.IO's long-polling
// sends packets with it (the demos' default meaning speaks of notes).
var sioPOST = map[string]lang.Msg{"method": "send data for the server to process: here, Engine.IO packets (RFC 9110 §9.3.3)"}

// sioFrame shows a frame whose packet follows it: after the first frame of
// each direction, only its payload length (its form said), since the
// packet's arrow shows its payload, layer by layer.
type sioFrame struct {
	sf *shownFrame
	t  lang.Text
}

// Expand implements trace.Expander.
func (s sioFrame) Expand(e *trace.Event) {
	s.sf.Expand(e)
	e.Fields = sioFrameFields(s.t, e.Fields, e.Raw)
}

// sioFrameFields keeps a frame's payload length, with the length's form,
// and its close code, if any.
func sioFrameFields(t lang.Text, fs []trace.Field, raw []byte) []trace.Field {
	return keepFields(compactFrameFields(t, fs, raw, false), "payload length", "close code", "close reason")
}
