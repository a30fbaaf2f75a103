package exercise

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// socketIOSteps are the checks of the socketio exercise: a Socket.IO
// server that acknowledges a chat event and sends it on to the other
// clients. The client is wsdemo's own (pkg/sioclient), its connections
// dialled through the run's tap, so the trace shows every Engine.IO and
// Socket.IO packet; the checks judge only what the task asks, never how
// the server's library does the rest (its heartbeat, the upgrade, extra
// events).
func socketIOSteps() []*step {
	return []*step{
		{
			name:  "sio-handshake",
			title: "the server opens an Engine.IO session over long-polling",
			does:  "Sends GET /socket.io/?EIO=4&transport=polling, a Socket.IO client's first request by default, and expects 200 OK with Engine.IO's open packet in its body: 0, then JSON with a sid, the upgrades, pingInterval, pingTimeout and maxPayload.",
			rule:  "by default a Socket.IO session starts with Engine.IO's handshake over HTTP long-polling, answered by an open packet; a client set to WebSocket only opens it on a WebSocket instead (Engine.IO v4, \"Handshake\", \"Upgrade\")",
			hint:  "create the server with the socket.io package, version 3 or later (new Server(httpServer)), listening on the task's port; it answers at /socket.io/ unless you set its path option",
			run:   sioHandshake,
		},
		{
			name:  "sio-connect",
			title: "client A joins the main namespace",
			does:  "Connects client A as a Socket.IO client does (long-polling, then the upgrade to WebSocket if the server offers it) and sends CONNECT, 40; expects the server's CONNECT in answer, 40 with the socket's sid.",
			rule:  "a client joins a namespace with a CONNECT packet, and the server answers with a CONNECT that carries the socket's id, or with a CONNECT_ERROR (Socket.IO v5, \"Connection to a namespace\")",
			hint:  "accept every connection on the main namespace \"/\": no middleware (io.use) that refuses it",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				_, ok, f := s.sioClient(ctx, 0)
				return ok, f
			},
		},
		{
			name:  "sio-second",
			title: "client B joins too",
			does:  "Connects client B the same way, beside client A, then gives the server 0.3 s before anything is sent.",
			rule:  "a Socket.IO server serves many clients at once, each in a session and a socket of its own (Engine.IO v4, \"Handshake\"; Socket.IO v5, \"Connection to a namespace\")",
			hint:  "nothing in the server may depend on being the only client: keep what belongs to one client in its socket",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				_, ok, f := s.sioClient(ctx, 1)
				return ok, f
			},
		},
		{
			name:  "chat-ack",
			title: "a chat event is acknowledged",
			does:  "Client A emits chat with a text and asks for an acknowledgement (42, an ack id, then [\"chat\", text]); expects the server's ACK with the same id within 2 s. What the acknowledgement carries is yours.",
			rule:  "an event sent with an ack id is answered by an ACK packet with the same id once the server's handler calls its callback (Socket.IO v5, \"Acknowledgement\")",
			hint:  "take the callback as the handler's last argument and call it: socket.on(\"chat\", (text, ack) => { ...; if (typeof ack === \"function\") ack(\"ok\") })",
			run:   chatAck,
		},
		{
			name:  "chat-broadcast",
			title: "a chat event reaches the other client",
			does:  "Client A emits chat with a new text (asking for an acknowledgement, as before); client B must receive a chat event with the same text within 2 s.",
			rule:  "the server decides who receives an event: sent to several sockets, it crosses as one packet on each of their connections (Socket.IO docs, \"Broadcasting events\", \"Rooms\")",
			hint:  "send it on from the chat handler: socket.broadcast.emit(\"chat\", text)",
			run: func(ctx context.Context, s *session) (trace.Msg, *failure) {
				return s.chatRelay(ctx, "from A: "+s.nonce)
			},
		},
		{
			name:  "chat-not-to-sender",
			title: "the sender does not get its chat event back",
			does:  "Client A emits one more chat; once client B has it, the check waits 1 s more and expects client A never to have received it.",
			rule:  "a broadcast to the others leaves the sender out, as the task asks: socket.broadcast.emit, not io.emit (Socket.IO docs, \"Broadcasting events\")",
			hint:  "use socket.broadcast.emit (every socket but this one), not io.emit (every socket)",
			run:   chatNotToSender,
		},
	}
}

// sioPeer is one Socket.IO client of the socketio checks, with the events
// the server sent it.
type sioPeer struct {
	c       *sioclient.Client
	mu      sync.Mutex
	events  []sioclient.Event
	changed chan struct{}
}

// sioEventsKept bounds the events a peer keeps: the checks send a few.
const sioEventsKept = 256

func (p *sioPeer) event(e sioclient.Event) {
	p.mu.Lock()
	if len(p.events) < sioEventsKept {
		p.events = append(p.events, e)
	}
	p.mu.Unlock()
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// chat finds a chat event whose first argument is text.
func (p *sioPeer) chat(text string) bool {
	want, _ := json.Marshal(text)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.events {
		if e.Name == "chat" && len(e.Args) > 0 && string(e.Args[0]) == string(want) {
			return true
		}
	}
	return false
}

// others lists the events other than a chat with text, for a detail.
func (p *sioPeer) others(text string) []string {
	want, _ := json.Marshal(text)
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, e := range p.events {
		if e.Name != "chat" || len(e.Args) == 0 || string(e.Args[0]) != string(want) {
			out = append(out, e.Name)
		}
	}
	return out
}

// awaitChat waits up to d for a chat event with text.
func (p *sioPeer) awaitChat(ctx context.Context, d time.Duration, text string) (bool, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	for !p.chat(text) {
		select {
		case <-p.changed:
		case <-t.C:
			return false, nil
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	return true, nil
}

// sioPath is where the learner's Socket.IO server answers: the URL's path,
// or Socket.IO's default when it has none.
func (s *session) sioPath() string {
	p, _, _ := strings.Cut(s.target.Path, "?")
	if p == "" || p == "/" {
		return sioclient.DefaultPath
	}
	return p
}

func sioHandshake(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, f := s.ask(ctx, request{method: http.MethodGet, path: s.sioPath() + "?EIO=4&transport=polling"})
	if f != nil {
		return trace.Msg{}, f
	}
	switch {
	case a.resp.StatusCode == http.StatusNotFound:
		return trace.Msg{}, fail("it answered %s: nothing is at %s", a.resp.Status, s.sioPath()).
			because("the socket.io server answers at /socket.io/ unless its path option says otherwise; is it attached to the HTTP server that listens on the task's port?")
	case a.resp.StatusCode != http.StatusOK:
		return trace.Msg{}, fail("it answered %s, not 200 OK with an open packet", a.resp.Status)
	}
	body := a.body
	if len(body) > 1 && body[0] >= '1' && body[0] <= '9' && strings.Contains(string(body[:min(len(body), 8)]), ":") {
		return trace.Msg{}, fail("the body is Engine.IO v3's, packets counted by their length (%s): the protocol of socket.io 2", clipBody(body)).
			because("upgrade the server's socket.io package to version 3 or later, whose clients speak Engine.IO v4")
	}
	var open *wire.EIOPacket
	wire.DecodeEIOPayload(body, false, func(p *wire.EIOPacket) {
		if open == nil {
			open = p
		}
	})
	switch {
	case open == nil || open.Type != wire.EIOOpen:
		return trace.Msg{}, fail("the body is no open packet: it starts %s", clipBody(body))
	case open.Open == nil:
		return trace.Msg{}, fail("the open packet breaks a rule: %s", open.Violations())
	case open.Open.SID == "":
		return trace.Msg{}, fail("the open packet has no sid")
	}
	return passed("an open packet: sid %s, a ping every %d ms", open.Open.SID, open.Open.PingInterval), nil
}

// clip shows the start of a body in a detail.
func clipBody(b []byte) trace.Msg {
	if len(b) > 40 {
		return lang.M("%q…", string(b[:40]))
	}
	return lang.M("%q", string(b))
}

// sioClient returns client A (i 0) or B (1), connecting it when it is not
// connected yet.
func (s *session) sioClient(ctx context.Context, i int) (*sioPeer, trace.Msg, *failure) {
	name := lang.Msg("client A")
	if i == 1 {
		name = "client B"
		if s.sio[0] == nil {
			if _, _, f := s.sioClient(ctx, 0); f != nil {
				return nil, trace.Msg{}, f
			}
		}
	}
	if p := s.sio[i]; p != nil {
		return p, passed("%s is still connected", name), nil
	}
	p := &sioPeer{changed: make(chan struct{}, 1)}
	transport := &http.Transport{
		Proxy: nil, // the tap must see the server's bytes, not a proxy's
		// The client dials from its own goroutines (the upgrade's in the
		// background): only the run's goroutine touches the session.
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			c, err := s.probe.Dial(ctx, s.target.Addr)
			if wc, ok := c.(*wiretap.Conn); ok {
				// Two clients share the diagram, each with several
				// connections (long-polling, the WebSocket): say whose
				// this one is.
				s.connOwner(wc.ID, name)
			}
			return c, err
		},
		DisableCompression:     true,
		MaxResponseHeaderBytes: wire.MaxHTTPHead,
	}
	dctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	c, err := sioclient.Dial(dctx, sioclient.Options{URL: "http://" + s.target.Host, Path: s.sioPath(),
		HTTPClient: &http.Client{Transport: transport}, Timeout: s.timeout, OnEvent: p.event})
	if err != nil {
		transport.CloseIdleConnections()
		f := s.sioDialFailed(ctx, name, err)
		s.connected = s.connected || !f.down // the server answered something
		return nil, trace.Msg{}, f
	}
	s.connected = true
	p.c = c
	s.sio[i] = p
	if i == 1 {
		// As broadcast gives client B: a server adds the socket to its
		// clients a moment after it has answered.
		if err := sleep(ctx, max(registerWait, s.wait/10)); err != nil {
			return nil, trace.Msg{}, &failure{err: err}
		}
	}
	return p, passed("%s is in the namespace: CONNECT answered, over %s", name, c.Transport()), nil
}

// connOwner labels TCP connection id in the diagram as the connection of
// client name.
func (s *session) connOwner(id int, name lang.Msg) {
	e := trace.Event{From: trace.Client, To: trace.Client, Kind: trace.KindNote, Conn: id}
	e.Summary, e.SummaryMsg = lang.Both("TCP connection #%#d is %s's", id, name)
	s.rec.Emit(e)
}

// sioDialFailed says why a client could not join.
func (s *session) sioDialFailed(ctx context.Context, name lang.Msg, err error) *failure {
	var he *sioclient.HandshakeError
	var ce *sioclient.ConnectError
	switch {
	case ctx.Err() != nil:
		return &failure{err: ctx.Err()}
	case errors.Is(err, syscall.ECONNREFUSED) && !s.connected:
		return &failure{down: true}
	case errors.As(err, &ce):
		return fail("the server refused %s's CONNECT with CONNECT_ERROR %s", name, string(ce.Data)).
			because("a middleware (io.use) that calls next with an error refuses the connection: let this one through")
	case errors.As(err, &he):
		return fail("the Engine.IO handshake of %s failed: %s", name, err.Error())
	case isTimeout(err) || errors.Is(err, context.DeadlineExceeded):
		return fail("%s got no answer to CONNECT within %v", name, s.timeout)
	}
	return fail("%s could not connect: %s", name, err.Error())
}

func chatAck(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, _, f := s.sioClient(ctx, 0)
	if f != nil {
		return trace.Msg{}, f
	}
	sent := time.Now()
	actx, cancel := context.WithTimeout(ctx, s.wait)
	defer cancel()
	ack, err := a.c.EmitAck(actx, "chat", "hello, ack "+s.nonce)
	switch {
	case ctx.Err() != nil:
		return trace.Msg{}, &failure{err: ctx.Err()}
	case errors.Is(err, context.DeadlineExceeded):
		return trace.Msg{}, fail("no acknowledgement within 2 s")
	case errors.Is(err, sioclient.ErrDisconnected):
		return trace.Msg{}, fail("the session ended before the acknowledgement came")
	case err != nil:
		return trace.Msg{}, fail("client A could not send the event: %s", err.Error())
	}
	got := strings.Join(ack.Shown(), ",")
	if ack.Binary {
		// The data as the handler gave it: the attachments in their
		// placeholders' places (Socket.IO v5, "Packet encoding").
		return passed("the BINARY_ACK (6) came %v after the event, carrying [%s]", lang.Span(time.Since(sent)), got), nil
	}
	return passed("the ACK came %v after the event, carrying [%s]", lang.Span(time.Since(sent)), got), nil
}

// chatRelay has client A emit chat with text, asking for an
// acknowledgement, and waits for it at client B.
func (s *session) chatRelay(ctx context.Context, text string) (trace.Msg, *failure) {
	a, _, f := s.sioClient(ctx, 0)
	if f != nil {
		return trace.Msg{}, f
	}
	b, _, f := s.sioClient(ctx, 1)
	if f != nil {
		return trace.Msg{}, f
	}
	sent := time.Now()
	// The acknowledgement is chat-ack's business: it is asked for, since
	// the task's handler calls it, and not waited for here.
	actx, cancel := context.WithTimeout(ctx, s.wait)
	defer cancel()
	acked := make(chan struct{})
	go func() {
		defer close(acked)
		_, _ = a.c.EmitWithAck(actx, "chat", text)
	}()
	defer func() { cancel(); <-acked }()
	ok, err := b.awaitChat(ctx, s.wait, text)
	switch {
	case err != nil:
		return trace.Msg{}, &failure{err: err}
	case !ok && len(b.others(text)) > 0:
		return trace.Msg{}, fail("client B got other events (%s), but not this chat within 2 s", strings.Join(b.others(text), ", "))
	case !ok:
		return trace.Msg{}, fail("client B got nothing within 2 s")
	}
	return passed("client B got the same chat, %v after it was sent", lang.Span(time.Since(sent))), nil
}

func chatNotToSender(ctx context.Context, s *session) (trace.Msg, *failure) {
	text := "from A, for the others only: " + s.nonce
	if _, f := s.chatRelay(ctx, text); f != nil {
		return trace.Msg{}, f
	}
	if err := sleep(ctx, quietWait); err != nil {
		return trace.Msg{}, &failure{err: err}
	}
	if s.sio[0].chat(text) {
		return trace.Msg{}, fail("client A got its own chat event back")
	}
	return passed("client B got it; client A, the sender, did not in the next %v", quietWait), nil
}
