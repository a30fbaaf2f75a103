// Package sioclient is a small Socket.IO v5 client over Engine.IO v4, the
// protocol of Socket.IO 3 and later, written for wsdemo: net/http for
// HTTP long-polling, coder/websocket for the WebSocket, both through an
// *http.Client the caller gives, so that every connection can go through
// wsdemo's tap and every byte be shown.
//
// Why not zishang520's Go client (github.com/zishang520/socket.io, clients
// v3), whose server wsdemo uses: it builds its own transports (its own HTTP
// client, its own gorilla dialer) with no hook to dial through a tap; it
// picks its first transport at random (from a Go map); on polling it queues
// each POST behind the pending GET; and importing it starts a network
// monitor and a signal handler for the whole process (internal/capture pins
// all of this). This client follows the specifications instead
// (socketio/engine.io-protocol and socketio/socket.io-protocol, cited by
// section title), and the reference client's choices where they leave one
// open, as the documentation of each says.
//
// What it does: the Engine.IO handshake over polling (or a WebSocket-only
// session), Socket.IO's CONNECT to the main namespace (with an optional
// auth payload), the upgrade to WebSocket (2probe, 3probe, waiting for the
// pending poll, 5), events with and without acknowledgements, binary events
// with attachments, answering the server's pings, noticing a missing ping
// (pingInterval + pingTimeout), reconnecting with a fresh session after
// the transport fails, buffering what is emitted while disconnected, and a
// clean DISCONNECT. What it does not: namespaces other than "/",
// connection state recovery, volatile events, custom parsers.
//
// Notify tells the caller what the client is about to do and what happened
// to it, synchronously, before the bytes that follow from it cross: a demo
// can put its explanation first.
package sioclient
