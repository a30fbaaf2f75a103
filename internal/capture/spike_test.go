package capture

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	ws "github.com/gorilla/websocket"
	sioclient "github.com/zishang520/socket.io/clients/socket/v3"

	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// These tests record what the spike of issue #15 found about zishang520's
// Socket.IO v3.0.6 client, so that a later version that changes it shows
// up here. They need the real server and client, so they live in this
// module, outside wsdemo's CI.

// The client takes its first transport from a Go map (types.Set.Keys in
// clients/engine socket-without-upgrade.go), so with polling and WebSocket
// allowed it starts with either, at random: the "polling first, then
// upgrade" story cannot rely on it.
func TestFirstTransportIsRandom(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 64; i++ {
		tr := newTranscript()
		srv := startServer(t, tr)
		c := dial(t, srv.addr, sioclient.Polling, sioclient.WebSocket)
		waitFor(t, "the first request", 10*time.Second, func() bool { return firstLine(tr.text()) != "" })
		first := firstLine(tr.text())
		switch {
		case strings.Contains(first, "transport=polling"):
			seen["polling"]++
		case strings.Contains(first, "transport=websocket"):
			seen["websocket"]++
		default:
			t.Fatalf("first request %q", first)
		}
		c.Disconnect()
		srv.stop(t)
	}
	t.Logf("first transport over 64 connections: %v", seen)
	if seen["polling"] == 0 || seen["websocket"] == 0 {
		t.Errorf("the first transport was always the same (%v): the order bug is fixed, revisit the capture's retries", seen)
	}
}

// On long-polling alone, the client's POSTs wait in the same queue as its
// GETs (polling.go: one writeQueue runs doPoll and doWrite in turn), so an
// emit is sent only after the pending GET returns: here, after the
// server's next ping. Order, not time, shows it: the POST carrying the
// event comes after the GET that carried the ping.
func TestZishangPollingWritesWaitForThePoll(t *testing.T) {
	tr := newTranscript()
	srv := startServer(t, tr) // pings every 300 ms
	c := client(t, srv.addr, sioclient.Polling)
	time.Sleep(100 * time.Millisecond) // let the client's next GET go out and wait
	acked := make(chan struct{})
	if err := c.Emit("ask", "ready?", func([]any, error) { close(acked) }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-acked:
	case <-time.After(10 * time.Second):
		t.Fatalf("no ack; the tap saw:\n%s", tr.text())
	}
	c.Disconnect()
	srv.stop(t)
	text := tr.text()
	post := strings.Index(text, `420[\"ask\",\"ready?\"]`)
	ping := strings.Index(text, `\r\n\r\n2"`)
	if post < 0 || ping < 0 {
		t.Fatalf("no POST of the event (%d) or no ping (%d):\n%s", post, ping, text)
	}
	if post < ping {
		t.Errorf("the event was POSTed before the pending GET returned: the write queue no longer waits for the poll")
	}
}

// The client has no dial hook: its polling transport builds its own
// http.Transport (v3/pkg/request NewTransport, beside an HTTP/3 one) and its
// WebSocket transport its own gorilla Dialer (clients/engine websocket.go:
// Proxy from the environment, which skips loopback, and no NetDial). A tap
// installed in http.DefaultTransport and gorilla's DefaultDialer sees none
// of its connections, while the server-side tap sees them all.
func TestZishangClientCannotBeTappedClientSide(t *testing.T) {
	var clientSide atomic.Int32
	tap := wiretap.New(countOpened{&clientSide})
	defaultTransport, defaultDialer := http.DefaultTransport, ws.DefaultDialer
	http.DefaultTransport = &http.Transport{DialContext: tap.DialContext}
	ws.DefaultDialer = &ws.Dialer{NetDialContext: tap.DialContext}
	defer func() { http.DefaultTransport, ws.DefaultDialer = defaultTransport, defaultDialer }()

	tr := newTranscript()
	srv := startServer(t, tr)
	c := client(t, srv.addr, sioclient.Polling, sioclient.WebSocket)
	waitFor(t, "the websocket", 10*time.Second, func() bool { return transportName(c) == "websocket" })
	c.Disconnect()
	srv.stop(t)
	if n := clientSide.Load(); n != 0 {
		t.Errorf("a client-side tap saw %d connections: the client has a dial hook after all", n)
	}
	if !strings.Contains(tr.text(), "transport=websocket") {
		t.Errorf("the server-side tap did not see the WebSocket:\n%s", tr.text())
	}
}

// countOpened counts the connections a tap saw open.
type countOpened struct{ n *atomic.Int32 }

func (c countOpened) Opened(*wiretap.Conn)                  { c.n.Add(1) }
func (countOpened) Data(*wiretap.Conn, wire.Sender, []byte) {}
func (countOpened) Ended(*wiretap.Conn, wiretap.End)        {}
