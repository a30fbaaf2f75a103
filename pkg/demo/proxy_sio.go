package demo

import (
	"strconv"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// sioNote explains the first packet of each kind a run shows: the Engine.IO
// layer (open, ping, pong, upgrade, noop, close) or the Socket.IO packet a
// message carries (CONNECT, EVENT, ACK, ...), with its section of the
// specification; and any rule a packet breaks.
func (p *proxyRun) sioNote(e *trace.Event) trace.Msg {
	s := e.SIO
	if s == nil {
		return trace.Msg{}
	}
	if s.Violation != "" {
		return lang.M("This packet breaks a rule: %s.", s.Violation)
	}
	key := "eio " + s.EIOName
	if s.SIOName != "" {
		key = "sio " + s.SIOName
	}
	if s.EIOName == "ping" || s.EIOName == "pong" {
		if s.Raw == "2probe" || s.Raw == "3probe" {
			key += " probe"
		}
	}
	if !p.once(key) {
		return trace.Msg{}
	}
	switch key {
	case "eio open":
		return lang.M("Engine.IO's open packet (0), the server's answer to the handshake: the session id (sid) that every later request names, the transports it may upgrade to, and how often it will ping (Engine.IO v4, \"Handshake\").")
	case "eio ping", "eio pong":
		return lang.M("Engine.IO's heartbeat: the server sends a ping (2) every pingInterval and the client answers with a pong (3); a side that hears nothing for too long closes the session (Engine.IO v4, \"Heartbeat\").")
	case "eio ping probe", "eio pong probe":
		return lang.M("2probe and 3probe: before moving the session to the new WebSocket, the client checks that it works (Engine.IO v4, \"Upgrade\").")
	case "eio upgrade":
		return lang.M("The upgrade packet (5): the client moves the session to the WebSocket; long-polling stops (Engine.IO v4, \"Upgrade\").")
	case "eio noop":
		return lang.M("A noop packet (6): the server ends a long-poll still waiting, so that the client can finish the upgrade (Engine.IO v4, \"Upgrade\").")
	case "eio close":
		return lang.M("The close packet (1): the session is over (Engine.IO v4, \"Protocol\").")
	case "eio message":
		return lang.M("An Engine.IO message packet (4): data for the layer above (Engine.IO v4, \"Protocol\").")
	case "sio CONNECT":
		return lang.M("Socket.IO's CONNECT packet: 4 is Engine.IO's message, 0 Socket.IO's CONNECT. The client joins a namespace, \"/\" unless it names one, and the server's CONNECT answers with the socket's id (Socket.IO v5, \"Connection to a namespace\").")
	case "sio EVENT":
		return lang.M("Socket.IO's EVENT packet: 4 is Engine.IO's message, 2 Socket.IO's EVENT, then a JSON array of the event's name and its arguments: what emit(\"name\", ...) sends (Socket.IO v5, \"Sending and receiving data\").")
	case "sio ACK":
		return lang.M("Socket.IO's ACK packet (3): the answer to an event sent with an acknowledgement id, carrying the same id (Socket.IO v5, \"Acknowledgement\").")
	case "sio DISCONNECT":
		return lang.M("Socket.IO's DISCONNECT packet (1): the socket leaves the namespace (Socket.IO v5, \"Disconnection from a namespace\").")
	case "sio BINARY_EVENT", "sio BINARY_ACK":
		return lang.M("A binary event or acknowledgement (5 or 6): the JSON holds a placeholder for each binary argument, and the binary data follows as separate packets, one per attachment (Socket.IO v5, \"Packet encoding\").")
	}
	return trace.Msg{}
}

// sioFields shows a packet's layers, one field each: Engine.IO's type, and
// for a message the Socket.IO packet inside it.
func sioFields(s *trace.SIO, t lang.Text) []trace.Field {
	if s == nil {
		return nil
	}
	fs := []trace.Field{{Name: "Engine.IO", Value: strconv.Itoa(s.EIOType) + " " + s.EIOName,
		Meaning: t.F("the transport's packet type (Engine.IO v4, \"Packet encoding\")")}}
	switch {
	case s.Binary && s.Transport == "polling":
		// Binary data has no type digit: "b" and base64 mark it, and it is
		// a message (Engine.IO v4, "Packet encoding").
		fs[0].Value = "b + base64"
		fs[0].Meaning = t.F("no type digit: over long-polling binary data is b followed by its base64, and is a message (Engine.IO v4, \"Packet encoding\")")
	case s.Binary:
		fs[0].Value = t.F("binary frame")
		fs[0].Meaning = t.F("no type byte: over WebSocket binary data is a binary frame of its own, as it is, and is a message (Engine.IO v4, \"Packet encoding\")")
	case s.EIOType < 0:
		fs[0].Value = s.EIOName
	}
	fs = append(fs, trace.Field{Name: "transport", Value: s.Transport})
	if s.SIOType != nil {
		fs = append(fs, trace.Field{Name: "Socket.IO", Value: strconv.Itoa(*s.SIOType) + " " + s.SIOName,
			Meaning: t.F("the packet type of Socket.IO, inside Engine.IO's message (Socket.IO v5, \"Packet encoding\")")})
		if s.Nsp != "" {
			fs = append(fs, trace.Field{Name: "namespace", Value: s.Nsp})
		}
		if s.AckID != nil {
			fs = append(fs, trace.Field{Name: "ack id", Value: strconv.FormatUint(*s.AckID, 10),
				Meaning: t.F("the ACK that answers this carries the same id (Socket.IO v5, \"Acknowledgement\")")})
		}
		if s.Attachments != nil {
			fs = append(fs, trace.Field{Name: "attachments", Value: strconv.Itoa(*s.Attachments)})
		}
	}
	switch {
	case len(s.Data) > 0:
		fs = append(fs, trace.Field{Name: "data", Value: string(s.Data)})
	case s.DataHex != "":
		fs = append(fs, trace.Field{Name: "data", Value: s.DataHex})
	}
	return fs
}
