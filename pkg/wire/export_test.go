package wire

// Test-only helpers: nothing outside the tests needs them.

// Upgraded reports whether the connection switched protocols.
func (c *ConnDecoder) Upgraded() bool { return c.upgraded }
