package server_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"wsdemo/pkg/server"
	"wsdemo/pkg/sioclient"
)

// A socket is in the room when its CONNECT is answered: an event emitted
// to the room as soon as the client is connected reaches it, however late
// the server runs its "connection" handler (zishang520 runs it after the
// answer has gone).
func TestSocketIORoomBeforeConnectAnswer(t *testing.T) {
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.DelayHandlers(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	a, err := sioclient.Dial(ctx, sioclient.Options{URL: srv.URL(), WebSocketOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	got := make(chan sioclient.Event, 8)
	b, err := sioclient.Dial(ctx, sioclient.Options{URL: srv.URL(), WebSocketOnly: true, OnEvent: func(e sioclient.Event) { got <- e }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// A's "chat" waits for A's own handlers; the acknowledgement says the
	// server has sent it on to the room.
	if _, err := a.EmitWithAck(ctx, "chat", "are you there?"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-got:
		var text string
		if e.Name != "chat" || len(e.Args) != 1 || json.Unmarshal(e.Args[0], &text) != nil || text != "are you there?" {
			t.Errorf("B got %s %s", e.Name, e.Args)
		}
	case <-ctx.Done():
		t.Fatal("the event to the room never reached B, connected before it was sent")
	}
}

// A client may emit as soon as its CONNECT is answered (Socket.IO v5,
// "Sending and receiving data"): the server takes the event, however late
// it records the namespace as joined after the answer went out
// (zishang520 closes a session whose packet names a namespace it has not
// recorded yet: "invalid state", then "forced close").
func TestSocketIOEventRightAfterConnect(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts sioclient.Options
	}{
		{"websocket", sioclient.Options{WebSocketOnly: true}},
		{"polling", sioclient.Options{NoUpgrade: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			srv.DelayAfterAnswer(300 * time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			got := make(chan sioclient.Event, 8)
			ended := make(chan sioclient.Notice, 8)
			opts := tc.opts
			opts.URL = srv.URL()
			opts.OnEvent = func(e sioclient.Event) { got <- e }
			opts.Notify = func(n sioclient.Notice) {
				if n.Kind == sioclient.Disconnected {
					ended <- n
				}
			}
			c, err := sioclient.Dial(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Emit("announce", "now"); err != nil {
				t.Fatal(err)
			}
			select {
			case e := <-got:
				if e.Name != "announce" || len(e.Args) != 1 || string(e.Args[0]) != `"now"` {
					t.Errorf("got %s %s", e.Name, e.Args)
				}
			case n := <-ended:
				t.Fatalf("the session ended (%s, %v) instead of the announcement coming back", n.Reason, n.Err)
			case <-ctx.Done():
				t.Fatal("the announcement never came back")
			}
		})
	}
}
