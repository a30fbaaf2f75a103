package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"wsdemo/internal/testkit"
	"wsdemo/pkg/wire"
)

// frameAfter101 is a server that answers every handshake with a correct 101,
// sends frame, and waits for the client to close.
func frameAfter101(t *testing.T, frame []byte) string {
	return "ws://" + testkit.ServeTCP(t, func(c net.Conn) {
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+
			wire.AcceptKey(req.Header.Get("Sec-WebSocket-Key"))+"\r\n\r\n")
		c.Write(frame)
		_, _ = io.Copy(io.Discard, c)
	}) + "/"
}

// What a learner reads on stderr when their server breaks a rule or sends
// more than the client takes: one line naming the side that did it and the
// rule, a hint, and exit 1 (handshake --url exited 0 for both).
func TestServerFaultsOnStderr(t *testing.T) {
	big := append([]byte{0x82, 127, 0, 0, 0, 0, 0, 0xa0, 0, 0}, make([]byte, 10<<20)...) // 10 MiB
	for _, tc := range []struct {
		name  string
		frame []byte
		err   string
		hint  string
	}{
		{"RSV1", []byte{0xC1, 2, 'h', 'i'},
			"wsdemo: a frame from the server breaks a rule of the protocol: RSV1 is set but no extension was negotiated (RFC 6455 §5.2); so the client failed the WebSocket connection as RFC 6455 §7.1.7 asks: it sent a close frame with 1002 (protocol error) and closed",
			"hint: the fault is the server's: the diagram shows its frame and the rule it breaks"},
		{"10 MiB", big,
			"wsdemo: the server sent a message longer than the 32,768 bytes this client accepts (a receiver chooses its own limit, RFC 6455 §10.4), so the client closed the connection with 1009 (message too big, RFC 6455 §7.4.1)",
			"hint: the limit is the client's own, for the whole message however it is fragmented: have the server send smaller messages"},
	} {
		url := frameAfter101(t, tc.frame)
		ios, _, _, errOut := Test()
		if code := Run(context.Background(), ios, []string{"handshake", "--url", url, "--json", "--timeout", "2s"}); code != ExitFailure {
			t.Errorf("%s: exit %d, want 1", tc.name, code)
		}
		if got, want := errOut.String(), tc.err+"\n"+tc.hint+"\n"; got != want {
			t.Errorf("%s: stderr\n%s\nwant\n%s", tc.name, got, want)
		}
		if strings.Contains(errOut.String(), "failed to") {
			t.Errorf("%s: the library's words reach the learner: %q", tc.name, errOut)
		}
	}
}
