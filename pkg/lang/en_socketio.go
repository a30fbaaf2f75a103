package lang

// enPluralsSocketIO are the English plural entries of `wsdemo socketio`
// (see enPlurals).
func enPluralsSocketIO() map[string]string {
	return map[string]string{
		"BINARY attachment %#d of %s %s, %d bytes": "BINARY attachment %#d of %s %s, %d {byte|bytes}",
		"BINARY attachment %#d of %s, %d bytes":    "BINARY attachment %#d of %s, %d {byte|bytes}",
		"%d WebSocket ping frames (opcode 0x9, RFC 6455 §5.5.2) crossed too, beside Engine.IO's own heartbeat, which is data inside text frames.": "%d WebSocket ping {frame|frames} (opcode 0x9, RFC 6455 §5.5.2) crossed too, beside Engine.IO's own heartbeat, which is data inside text frames.",
		"Socket.IO on the wire: %d TCP connections, %d HTTP requests, %d WebSocket frames":                                                        "Socket.IO on the wire: %d TCP {connection|connections}, %d HTTP {request|requests}, %d WebSocket {frame|frames}",
		"%d TCP connections, %d HTTP requests, %d WebSocket frames; %d events received":                                                           "%d TCP {connection|connections}, %d HTTP {request|requests}, %d WebSocket {frame|frames}; %d {event|events} received",
		"after the failed upgrade: the session stayed on long-polling, %d events received":                                                        "after the failed upgrade: the session stayed on long-polling, %d {event|events} received",
		"Socket.IO: %d bytes, 1 frame":                             "Socket.IO: %d {byte|bytes}, 1 frame",
		"plain WebSocket: %d bytes, 1 frame":                       "plain WebSocket: %d {byte|bytes}, 1 frame",
		"Socket.IO: %d bytes in %d frames":                         "Socket.IO: %d {1:byte|bytes} in %d {2:frame|frames}",
		"Socket.IO: %d bytes, %d HTTP requests, until the upgrade": "Socket.IO: %d {1:byte|bytes}, %d HTTP {2:request|requests}, until the upgrade",
		"plain WebSocket: %d bytes, one handshake":                 "plain WebSocket: %d {byte|bytes}, one handshake",
		"Socket.IO: %d bytes every %v":                             "Socket.IO: %d {byte|bytes} every %v",
		"Per event, Socket.IO cost %d bytes more than the same JSON over a plain WebSocket: the packet types before it.":                                                              "Per event, Socket.IO cost %d {byte|bytes} more than the same JSON over a plain WebSocket: the packet types before it.",
		"Binary data took %d frames and %d bytes, where a plain binary message took one frame of %d.":                                                                                 "Binary data took %d {1:frame|frames} and %d {2:byte|bytes}, where a plain binary message took one frame of %d.",
		"The larger cost is the opening: %d bytes and %d HTTP requests before the session ran on its WebSocket, where a plain WebSocket's handshake took %d.":                         "The larger cost is the opening: %d {1:byte|bytes} and %d HTTP {2:request|requests} before the session ran on its WebSocket, where a plain WebSocket's handshake took %d.",
		"The same %d bytes as on the other connection: one emit to the room became one packet per socket, each written on its own connection. Nothing in them names the room.":        "The same %d {byte|bytes} as on the other connection: one emit to the room became one packet per socket, each written on its own connection. Nothing in them names the room.",
		"The same event as the application's own JSON, %s, in one text frame of %d bytes: no packet types, nothing around it but the frame's header (RFC 6455 §5.2).":                 "The same event as the application's own JSON, %s, in one text frame of %d {byte|bytes}: no packet types, nothing around it but the frame's header (RFC 6455 §5.2).",
		"The same bytes as the photo, as one binary message: one frame of %d bytes (RFC 6455 §5.6).":                                                                                  "The same bytes as the photo, as one binary message: one frame of %d {byte|bytes} (RFC 6455 §5.6).",
		"The attachment: the %d bytes of placeholder %#d, in a binary frame of their own, as they are (Engine.IO v4, \"Packet encoding\": binary data is sent as is over WebSocket).": "The attachment: the %d {byte|bytes} of placeholder %#d, in a binary frame of their own, as they are (Engine.IO v4, \"Packet encoding\": binary data is sent as is over WebSocket).",
		"The attachment over long-polling: b and the %d bytes in base64, a packet of its own in the body (Engine.IO v4, \"Packet encoding\").":                                        "The attachment over long-polling: b and the %d {byte|bytes} in base64, a packet of its own in the body (Engine.IO v4, \"Packet encoding\").",
		"Engine.IO's open packet (0), in the body of an ordinary 200: the session's id (sid) %s, the transports it may upgrade to %s, a ping every %d ms, %d ms to answer it, at most %d bytes to a payload. This is what Socket.IO's docs call the handshake, and it is not lesson 4's WebSocket handshake: no Upgrade, no 101 (Engine.IO v4, \"Handshake\").": "Engine.IO's open packet (0), in the body of an ordinary 200: the session's id (sid) %s, the transports it may upgrade to %s, a ping every %d ms, %d ms to answer it, at most %d {byte|bytes} to a payload. This is what Socket.IO's docs call the handshake, and it is not lesson 4's WebSocket handshake: no Upgrade, no 101 (Engine.IO v4, \"Handshake\").",
	}
}
