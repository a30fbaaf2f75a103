package wire

// Partial returns the message whose body is still arriving, or nil: its
// head is whole, Raw and Body hold the bytes that arrived so far, and
// BodyLen counts them. It lets a caller show a message that was cut short
// (bytes pasted into wsdemo decode, a saved trace whose raw bytes were cut
// to keep memory bounded) and say how much of it is missing. The message
// belongs to the decoder: it may grow if more bytes are fed.
func (d *HTTPDecoder) Partial() *HTTPMessage { return d.cur }

// BodyMode says how the body of the message being decoded is delimited:
// "length" (Content-Length), "chunked", "close" (by the end of the
// connection), or "" when no body is arriving.
func (d *HTTPDecoder) BodyMode() string {
	if d.cur == nil {
		return ""
	}
	switch d.body.mode {
	case lengthMode:
		return "length"
	case chunked:
		return "chunked"
	case untilClose:
		return "close"
	}
	return ""
}
