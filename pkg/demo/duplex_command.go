package demo

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/wire"
)

// commandKind is what one line typed in interactive mode asks for.
type commandKind int

const (
	cmdNone   commandKind = iota // an empty line: nothing to do
	cmdText                      // send the text as a text message
	cmdPing                      // send a ping, text is its payload
	cmdClose                     // close with code and reason (text)
	cmdBinary                    // send data as a binary message
	cmdHelp                      // print the commands
)

// command is a parsed interactive line.
type command struct {
	kind commandKind
	text string // the message, the ping payload or the close reason
	data []byte // the binary message
	code int    // the close status code
}

// Limits from RFC 6455 §5.5: a control frame carries at most 125 bytes, and
// a close frame's first two are the status code.
const (
	maxControlPayload = 125
	maxCloseReason    = maxControlPayload - 2
)

// commandHelp lists the interactive commands; the commands themselves are
// typed the same in every language.
const commandHelp lang.Msg = `  any line             a text message (// sends a line starting with /)
  /ping [text]         a ping; the peer's pong carries the same text back
  /binary <hex>        a binary message, e.g. /binary 89 50 4e 47
  /close [code] [why]  start the closing handshake, e.g. /close 1000 bye
  end of input         (Ctrl-D) closes with 1000; Ctrl-C closes with 1001`

// parseCommand reads one line typed in interactive mode. Lines not starting
// with "/" are text messages ("//" escapes a leading slash). An error is a
// one-line hint for the user; the session goes on.
func parseCommand(line string) (command, error) {
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return command{kind: cmdNone}, nil
	}
	if !strings.HasPrefix(line, "/") || strings.HasPrefix(line, "//") {
		if strings.HasPrefix(line, "//") {
			line = line[1:]
		}
		if !utf8.ValidString(line) {
			return command{}, lang.Errorf("text messages must be UTF-8 (RFC 6455 §5.6); send other bytes with /binary <hex>")
		}
		return command{kind: cmdText, text: line}, nil
	}
	name, arg, _ := strings.Cut(line[1:], " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(name) {
	case "ping":
		if len(arg) > maxControlPayload {
			return command{}, lang.Errorf("a ping carries at most %d bytes (RFC 6455 §5.5), this one has %d", maxControlPayload, len(arg))
		}
		return command{kind: cmdPing, text: arg}, nil
	case "close":
		return parseClose(arg)
	case "binary", "bin":
		return parseBinary(arg)
	case "help", "?":
		return command{kind: cmdHelp}, nil
	}
	return command{}, lang.Errorf("unknown command %s: /help lists the commands; // sends a line starting with /", quoteShort("/"+name))
}

// parseClose reads "[code] [reason]".
func parseClose(arg string) (command, error) {
	c := command{kind: cmdClose, code: 1000}
	if arg == "" {
		return c, nil
	}
	codeText, reason, _ := strings.Cut(arg, " ")
	code, err := strconv.Atoi(codeText)
	if err != nil {
		return command{}, lang.Errorf("usage: /close [code] [reason], e.g. /close 1000 bye; %s is not a status code", quoteShort(codeText))
	}
	if !wire.ValidCloseCodeOnWire(code) {
		return command{}, lang.Errorf("close code %#d may not be sent: use 1000-1003, 1007-1014 or 3000-4999 (RFC 6455 §7.4)", code)
	}
	reason = strings.TrimSpace(reason)
	if len(reason) > maxCloseReason {
		return command{}, lang.Errorf("a close reason fits in %d bytes (a control frame carries 125, RFC 6455 §5.5), this one has %d", maxCloseReason, len(reason))
	}
	if !utf8.ValidString(reason) {
		return command{}, lang.Errorf("a close reason must be UTF-8 (RFC 6455 §5.5.1)")
	}
	c.code, c.text = code, reason
	return c, nil
}

// parseBinary reads hex bytes, spaces allowed: "89 50 4e 47" or "0x89504e47".
func parseBinary(arg string) (command, error) {
	h := strings.Join(strings.Fields(arg), "")
	h = strings.TrimPrefix(strings.TrimPrefix(h, "0x"), "0X")
	if h == "" {
		return command{}, lang.Errorf("usage: /binary <hex>, e.g. /binary 89 50 4e 47")
	}
	data, err := hex.DecodeString(h)
	var bad hex.InvalidByteError
	switch {
	case errors.As(err, &bad):
		return command{}, lang.Errorf("/binary takes hex digits in pairs, e.g. /binary 89 50 4e 47: %q is not a hex digit", rune(bad))
	case err != nil:
		return command{}, lang.Errorf("/binary takes hex digits in pairs, e.g. /binary 89 50 4e 47: an odd number of digits")
	}
	return command{kind: cmdBinary, data: data}, nil
}
