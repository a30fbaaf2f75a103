package wire

// Decoded is one thing a ConnDecoder found in the stream: exactly one of its
// pointer fields is set.
type Decoded struct {
	From Sender
	HTTP *HTTPMessage
	// Frame is a frame, after a 101; Frame.Violation includes fragmentation
	// rules. It is lent, as by FrameDecoder.Decode: the Frame and its
	// Payload are reused for the next frame, so copy them to keep them (Raw
	// may be kept as it is).
	Frame *Frame
	// Message is a complete data message its frames alone do not show,
	// reported after the frame that completed it: one reassembled from
	// fragments (§5.4), or one that breaks a rule only the whole message can
	// break (text that is not UTF-8, §8.1). A one-frame message is its frame.
	Message *Message
	// SIO is one Engine.IO packet (and the Socket.IO packet inside it), on
	// a connection whose requests are Engine.IO's: one packet of a
	// long-polling body, reported after its HTTP message, or the packet a
	// WebSocket message carries, reported after that message (its frame,
	// or its Message). It is the callee's to keep.
	SIO *EIOPacket
	// Err is set when the bytes could not be decoded; Raw then holds them
	// (up to a limit), so the learner sees what broke.
	Err error
	Raw []byte
}

// ConnDecoder decodes both directions of one connection. It follows the
// connection's protocol: HTTP/1.1 messages, and after a 101 Switching
// Protocols the bytes that follow in both directions belong to the new
// protocol (RFC 9110 §7.8, RFC 6455 §4.2.2), decoded as WebSocket frames,
// inflated when the 101 accepted permessage-deflate (RFC 7692).
//
// A request whose target is Engine.IO's (a query with EIO=4 and a
// transport, as "/socket.io/?EIO=4&transport=polling" has) makes the
// connection's traffic Engine.IO as well: the packets of a long-polling
// body (a POST's, or the body of the response to a GET) and the packet of
// each WebSocket message after an Engine.IO upgrade are decoded too
// (Decoded.SIO). Each connection is decoded on its own, so a Socket.IO
// binary packet whose attachments crossed on another connection of the
// same session is reported incomplete.
type ConnDecoder struct {
	http     [2]*HTTPDecoder
	upgraded bool
	ws       *wsDecoder // set after a 101, when the frame decoder takes over

	// offer is the Sec-WebSocket-Extensions of the last request asking to
	// upgrade, and upgradeEIO says it was Engine.IO's.
	offer      []string
	upgradeEIO bool
	// eioPending says, for each request not yet answered, in order,
	// whether its response's body is an Engine.IO payload (a long-polling
	// GET's); sio decodes the packets of each side's polling bodies.
	eioPending []bool
	sio        *[2]SocketIODecoder
}

// NewConnDecoder returns a decoder for a fresh connection.
func NewConnDecoder() *ConnDecoder {
	return &ConnDecoder{http: [2]*HTTPDecoder{NewHTTPDecoder(FromClient), NewHTTPDecoder(FromServer)}}
}

// Partial returns the frame from's side of an upgraded connection is in the
// middle of, as far as it has arrived (FrameDecoder.Partial): its header
// fields, and in Raw and Payload the bytes kept so far. It returns nil
// before the 101, between frames and while a header is still arriving.
// The frame is the decoder's own and changes with the next Feed.
func (c *ConnDecoder) Partial(from Sender) *Frame {
	if !c.upgraded {
		return nil
	}
	return c.ws.frames[from].Partial()
}

// Feed consumes bytes sent by from and calls emit with what they complete,
// in order, before it returns. It reports through a callback rather than a
// slice because the tap calls it for every read and write.
func (c *ConnDecoder) Feed(from Sender, p []byte, emit func(Decoded)) {
	if c.upgraded {
		c.ws.feed(from, p, emit)
		return
	}
	d := c.http[from]
	ms, err := d.Feed(p)
	var switched *HTTPMessage
	for _, m := range ms {
		emit(Decoded{From: from, HTTP: m})
		if from == FromClient {
			c.http[FromServer].ExpectResponseTo(m.Method)
			c.request(m, emit)
		} else {
			c.response(m, emit)
		}
		if m.Status == 101 {
			switched = m
		}
	}
	if err != nil {
		emit(Decoded{From: from, Err: err, Raw: ClipRaw(d.Rest())})
	}
	if d.Switched() {
		c.upgraded = true
		var deflate *Deflate
		if switched != nil {
			if agreed, ok, _ := NegotiateDeflate(c.offer, switched.HeaderValues("Sec-WebSocket-Extensions")); ok {
				deflate = &agreed
			}
		}
		c.ws = newWSDecoder(deflate, c.upgradeEIO)
		c.sio = nil // polling is over on this connection
		// Bytes after the 101 in the same read are already the new protocol
		// (a server may send its first frame together with the 101), and so
		// is anything the client sent after its request.
		c.ws.feed(FromServer, d.Rest(), emit)
		c.ws.feed(FromClient, c.http[FromClient].Rest(), emit)
	}
}

// Close tells the decoder that from closed its side of the connection, and
// calls emit with anything that ends there: a body delimited by the close,
// or the error of a message or frame cut short.
func (c *ConnDecoder) Close(from Sender, emit func(Decoded)) {
	if c.upgraded {
		c.ws.close(from, emit)
		return
	}
	d := c.http[from]
	m, err := d.Close()
	switch {
	case m != nil:
		emit(Decoded{From: from, HTTP: m})
		if from == FromServer {
			c.response(m, emit)
		}
	case err != nil:
		emit(Decoded{From: from, Err: err, Raw: ClipRaw(d.Rest())})
	}
	if c.sio != nil {
		if err := c.sio[from].Close(); err != nil {
			emit(Decoded{From: from, Err: err})
		}
	}
}

// maxEIOPending bounds the requests whose responses are awaited, as
// maxPendingMethods does for their methods.
const maxEIOPending = maxPendingMethods

// request notes what a request says about the connection: an offer of
// extensions, an Engine.IO target; and decodes an Engine.IO POST's body.
func (c *ConnDecoder) request(m *HTTPMessage, emit func(Decoded)) {
	eio := IsEngineIOTarget(m.Target)
	if m.Header("Upgrade") != "" {
		c.offer = m.HeaderValues("Sec-WebSocket-Extensions")
		c.upgradeEIO = eio
	}
	if len(c.eioPending) < maxEIOPending {
		c.eioPending = append(c.eioPending, eio && m.Method == "GET")
	}
	if !eio {
		return
	}
	if c.sio == nil {
		c.sio = &[2]SocketIODecoder{}
	}
	if m.Method == "POST" && m.BodyLength > 0 {
		c.sio[FromClient].Payload(m.Body, m.Truncated, func(p *EIOPacket) { emit(Decoded{From: FromClient, SIO: p}) })
	}
}

// response decodes the body of the answer to an Engine.IO long-polling GET.
func (c *ConnDecoder) response(m *HTTPMessage, emit func(Decoded)) {
	if m.Status < 200 && m.Status != 101 {
		return // interim: the final response is still to come
	}
	if len(c.eioPending) == 0 {
		return
	}
	poll := c.eioPending[0]
	c.eioPending = c.eioPending[1:]
	if poll && m.Status == 200 && m.BodyLength > 0 && c.sio != nil {
		c.sio[FromServer].Payload(m.Body, m.Truncated, func(p *EIOPacket) { emit(Decoded{From: FromServer, SIO: p}) })
	}
}

// IsEngineIOTarget reports whether a request target is Engine.IO's: its
// query names protocol version 4 (EIO=4) and a transport, as Socket.IO's
// client sends on every request ("/socket.io/?EIO=4&transport=polling",
// Engine.IO v4, "Transports"), whatever the path it was configured with.
func IsEngineIOTarget(target string) bool {
	r, ok := ParseEIORequest(target)
	return ok && r.EIO == "4" && (r.Transport == "polling" || r.Transport == "websocket")
}

// MaxErrorRaw is how many bytes of undecodable input an error event shows.
const MaxErrorRaw = 256

// ClipRaw returns a copy of the first MaxErrorRaw bytes of b: the raw bytes
// an error carries, short enough to show and safe to keep.
func ClipRaw(b []byte) []byte {
	return append([]byte(nil), b[:min(len(b), MaxErrorRaw)]...)
}
