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
	// Err is set when the bytes could not be decoded; Raw then holds them
	// (up to a limit), so the learner sees what broke.
	Err error
	Raw []byte
}

// ConnDecoder decodes both directions of one connection. It follows the
// connection's protocol: HTTP/1.1 messages, and after a 101 Switching
// Protocols the bytes that follow in both directions belong to the new
// protocol (RFC 9110 §7.8, RFC 6455 §4.2.2).
type ConnDecoder struct {
	http     [2]*HTTPDecoder
	upgraded bool
	ws       *wsDecoder // set after a 101, when the frame decoder takes over
}

// NewConnDecoder returns a decoder for a fresh connection.
func NewConnDecoder() *ConnDecoder {
	return &ConnDecoder{http: [2]*HTTPDecoder{NewHTTPDecoder(FromClient), NewHTTPDecoder(FromServer)}}
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
	for _, m := range ms {
		emit(Decoded{From: from, HTTP: m})
		if from == FromClient {
			c.http[FromServer].ExpectResponseTo(m.Method)
		}
	}
	if err != nil {
		emit(Decoded{From: from, Err: err, Raw: ClipRaw(d.Rest())})
	}
	if d.Switched() {
		c.upgraded = true
		c.ws = newWSDecoder()
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
	case err != nil:
		emit(Decoded{From: from, Err: err, Raw: ClipRaw(d.Rest())})
	}
}

// MaxErrorRaw is how many bytes of undecodable input an error event shows.
const MaxErrorRaw = 256

// ClipRaw returns a copy of the first MaxErrorRaw bytes of b: the raw bytes
// an error carries, short enough to show and safe to keep.
func ClipRaw(b []byte) []byte {
	return append([]byte(nil), b[:min(len(b), MaxErrorRaw)]...)
}
