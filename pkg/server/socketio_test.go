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
