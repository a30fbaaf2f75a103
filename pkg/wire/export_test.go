package wire

import "encoding/binary"

// Test-only helpers: nothing outside the tests needs them.

// ClosePayload builds the payload of a close frame (§5.5.1): the status code
// as a 2-byte big-endian integer followed by the UTF-8 reason. code is
// truncated to 16 bits, so demos can build invalid codes on purpose but not
// codes that do not fit the field.
func ClosePayload(code int, reason string) []byte {
	b := make([]byte, 2, 2+len(reason))
	binary.BigEndian.PutUint16(b, uint16(code))
	return append(b, reason...)
}

// Upgraded reports whether the connection switched protocols.
func (c *ConnDecoder) Upgraded() bool { return c.upgraded }
