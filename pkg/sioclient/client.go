package sioclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/wire"
)

// DefaultPath is where Socket.IO answers unless told otherwise (Engine.IO
// v4, "Request path").
const DefaultPath = "/socket.io/"

// DefaultTimeout bounds each step of connecting when Options.Timeout is 0.
const DefaultTimeout = 10 * time.Second

// maxReconnectDelay caps the wait between reconnection attempts, which
// doubles after each failed one (the reference client's
// reconnectionDelayMax is 5 s).
const maxReconnectDelay = 5 * time.Second

// Options configures a Client.
type Options struct {
	// URL is the server: http://host:port or https://host:port. Its path,
	// if any, is ignored: Path says where Socket.IO answers.
	URL string
	// Path is Socket.IO's path on the server; "" means DefaultPath.
	Path string
	// HTTPClient makes every request, the WebSocket handshake included
	// (its Transport must be an *http.Transport or behave like one for a
	// 101); nil means a client of its own.
	HTTPClient *http.Client
	// WebSocketOnly opens the session on a WebSocket directly, with no
	// long-polling first (the reference client's transports:
	// ["websocket"]).
	WebSocketOnly bool
	// NoUpgrade stays on long-polling even when the server offers an
	// upgrade.
	NoUpgrade bool
	// Auth is the payload of the CONNECT packet, a JSON object (Socket.IO
	// v5, "Connection to a namespace"); nil sends none.
	Auth json.RawMessage
	// Header is added to every request (an Origin, as a browser page
	// would send, for example).
	Header http.Header
	// ReconnectDelay, if positive, makes the client reconnect after its
	// session ended other than by Close or the server's DISCONNECT: first
	// after ReconnectDelay, then twice as long after each failure, up to
	// 5 s. 0 never reconnects.
	ReconnectDelay time.Duration
	// Timeout bounds each step of connecting (a request, the CONNECT's
	// answer, the upgrade's probe); 0 means DefaultTimeout.
	Timeout time.Duration
	// OnEvent receives the events the server sends, in order, from the
	// client's reading goroutine. It must not block.
	OnEvent func(Event)
	// Notify receives what the client is about to do and what happened to
	// it (see NoticeKind), synchronously, before what follows from it
	// crosses the wire. It must not block, nor call the Client.
	Notify func(Notice)
}

// Event is an event the server sent (EVENT or BINARY_EVENT).
type Event struct {
	Name string
	// Args are the event's arguments after its name, as JSON; a binary
	// argument is its placeholder, {"_placeholder":true,"num":N}.
	Args []json.RawMessage
	// Attachments are the binary attachments of a BINARY_EVENT, in the
	// order of their placeholders' num.
	Attachments [][]byte
}

// NoticeKind says what a Notice is about.
type NoticeKind int

// What the client tells Notify.
const (
	// Connecting: a new Engine.IO session is about to be opened (Attempt 0
	// for the first, then 1, 2 ... for reconnections), on Transport.
	Connecting NoticeKind = iota
	// Opened: the open packet arrived (Open, SID).
	Opened
	// Connected: the server answered CONNECT (SocketID), and anything
	// emitted while disconnected is about to be sent (Count packets).
	Connected
	// Upgrading: the client is about to open the WebSocket of an upgrade.
	Upgrading
	// Probed: the server answered 2probe with 3probe; polling is paused
	// (no new GET) and the client waits for the pending one to end.
	Probed
	// Upgraded: the upgrade packet (5) is about to be sent: the session
	// moves to the WebSocket, and polling stops.
	Upgraded
	// UpgradeFailed: the WebSocket could not take over (Err); the session
	// stays on long-polling.
	UpgradeFailed
	// Disconnected: the session ended (Reason, and Err for a transport
	// failure).
	Disconnected
	// Reconnecting: the client will try again after Delay (Attempt from
	// 1).
	Reconnecting
	// ReconnectFailed: an attempt failed (Err, Attempt).
	ReconnectFailed
	// Buffered: an emit found the client disconnected; its packets wait
	// for the next session (Count: packets waiting now).
	Buffered
	// Pinged: the server's ping arrived (Transport); the pong is about to
	// be sent.
	Pinged
)

// Notice is what Notify receives.
type Notice struct {
	Kind      NoticeKind
	Transport string // "polling" or "websocket"
	SID       string // the Engine.IO session id
	SocketID  string // the Socket.IO socket id, from the CONNECT answer
	Open      *wire.EIOOpenData
	Reason    string // Disconnected: "transport error", "transport close", "ping timeout", "io server disconnect", "io client disconnect"
	Err       error
	Delay     time.Duration
	Attempt   int
	Count     int
}

// The reasons a session ends, as the reference client names them.
const (
	ReasonTransportError = "transport error"      // a read or write failed
	ReasonTransportClose = "transport close"      // the connection ended, or the server's close packet
	ReasonPingTimeout    = "ping timeout"         // no ping within pingInterval + pingTimeout
	ReasonServer         = "io server disconnect" // the server's DISCONNECT: no reconnection
	ReasonClient         = "io client disconnect" // Close
	ReasonParse          = "parse error"          // the server sent what this client cannot decode
	reasonUpgradeClosed  = "transport close (upgrade)"
)

// ErrClosed is returned by a Client's methods after Close.
var ErrClosed = errors.New("the Socket.IO client is closed")

// ErrDisconnected is what an acknowledgement still awaited gets when the
// session ends.
var ErrDisconnected = errors.New("the session ended before the acknowledgement came")

// Client is a connected Socket.IO client. Its methods are safe for
// concurrent use.
type Client struct {
	opts    Options
	base    *url.URL // scheme, host and Path
	hc      *http.Client
	timeout time.Duration

	ctx    context.Context // the client's life: cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // reconnection loops

	mu      sync.Mutex
	sess    *session // the current session, nil while disconnected
	closed  bool
	pending []outPacket // packets emitted while disconnected
	acks    map[uint64]chan ackResult
	nextID  uint64
}

// ackResult is the answer to an event sent with an ack id.
type ackResult struct {
	ack Ack
	err error
}

// Ack is the server's answer to an event sent with an ack id: an ACK, or a
// BINARY_ACK when an argument was binary (Socket.IO v5,
// "Acknowledgement").
type Ack struct {
	// ID is the ack id the event asked with, which the answer repeats.
	ID uint64
	// Binary is true for a BINARY_ACK (6).
	Binary bool
	// Args are the answer's arguments, as JSON; a binary argument is its
	// placeholder, {"_placeholder":true,"num":N}.
	Args []json.RawMessage
	// Attachments are a BINARY_ACK's attachments, in the order of their
	// placeholders' num.
	Attachments [][]byte
}

// Dial opens a session and connects to the main namespace: it returns once
// the server has answered CONNECT, and (unless NoUpgrade or WebSocketOnly)
// the upgrade to WebSocket goes on in the background. Its errors say what
// the server answered instead: *HandshakeError, *ConnectError, or the
// network's.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	base, err := baseURL(opts.URL, opts.Path)
	if err != nil {
		return nil, err
	}
	c := &Client{opts: opts, base: base, hc: opts.HTTPClient, timeout: opts.Timeout, acks: map[uint64]chan ackResult{}}
	if c.hc == nil {
		c.hc = &http.Client{Transport: &http.Transport{DisableCompression: true}}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	if err := c.connect(ctx, 0); err != nil {
		c.cancel()
		c.hc.CloseIdleConnections()
		return nil, err
	}
	return c, nil
}

// baseURL is the URL every request starts from: the server's scheme and
// host, and Socket.IO's path.
func baseURL(raw, path string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("server URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("server URL %q: the scheme must be http or https", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("server URL %q has no host", raw)
	}
	if path == "" {
		path = DefaultPath
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}, nil
}

func (c *Client) notify(n Notice) {
	if c.opts.Notify != nil {
		c.opts.Notify(n)
	}
}

// connect opens a session, sends CONNECT and waits for its answer; then it
// sends what was emitted while disconnected and starts the upgrade.
func (c *Client) connect(ctx context.Context, attempt int) error {
	s := newSession(c)
	transport := "polling"
	if c.opts.WebSocketOnly {
		transport = "websocket"
	}
	c.notify(Notice{Kind: Connecting, Attempt: attempt, Transport: transport})
	if err := s.open(ctx); err != nil {
		s.stop()
		return err
	}
	c.notify(Notice{Kind: Opened, SID: s.sid, Open: &s.info, Transport: transport})
	s.start()
	connect := []byte("40")
	if len(c.opts.Auth) > 0 {
		connect = append(connect, c.opts.Auth...)
	}
	s.send(outPacket{text: connect})
	var answer connectAnswer
	select {
	case answer = <-s.connected:
	case <-s.done:
		s.stop()
		return fmt.Errorf("the session ended before the server answered CONNECT: %w", s.cause())
	case <-ctx.Done():
		s.fail(ReasonClient, ctx.Err())
		s.stop()
		return ctx.Err()
	case <-time.After(c.timeout):
		s.fail(ReasonTransportError, errors.New("no answer to CONNECT"))
		s.stop()
		return fmt.Errorf("the server did not answer Socket.IO's CONNECT within %v", c.timeout)
	}
	if answer.err != nil {
		s.fail(ReasonServer, answer.err)
		s.stop()
		return answer.err
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		s.fail(ReasonClient, ErrClosed)
		s.stop()
		return ErrClosed
	}
	c.sess = s
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	c.notify(Notice{Kind: Connected, SID: s.sid, SocketID: answer.socketID, Transport: transport, Attempt: attempt, Count: len(pending)})
	if len(pending) > 0 {
		s.send(pending...)
	}
	if !c.opts.WebSocketOnly && !c.opts.NoUpgrade && s.offers("websocket") {
		s.upgradeInBackground()
	}
	return nil
}

// ended is called once when a session ends; it starts a reconnection
// unless the end was asked for.
func (c *Client) ended(s *session, reason string, err error) {
	c.mu.Lock()
	current := c.sess == s
	if current {
		c.sess = nil
	}
	closed := c.closed
	acks := c.acks
	c.acks = map[uint64]chan ackResult{}
	c.mu.Unlock()
	for _, ch := range acks {
		ch <- ackResult{err: ErrDisconnected}
	}
	if !current {
		return // a session that never connected: connect reports it
	}
	c.notify(Notice{Kind: Disconnected, SID: s.sid, Reason: reason, Err: err})
	if closed || reason == ReasonServer || reason == ReasonClient || c.opts.ReconnectDelay <= 0 {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		s.stop() // its goroutines are over before the next session starts
		c.reconnect()
	}()
}

// reconnect tries new sessions until one connects or the client is closed.
func (c *Client) reconnect() {
	delay := c.opts.ReconnectDelay
	for attempt := 1; ; attempt++ {
		c.notify(Notice{Kind: Reconnecting, Delay: delay, Attempt: attempt})
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return
		}
		ctx, cancel := context.WithTimeout(c.ctx, c.timeout)
		err := c.connect(ctx, attempt)
		cancel()
		if err == nil || c.ctx.Err() != nil {
			return
		}
		c.notify(Notice{Kind: ReconnectFailed, Err: err, Attempt: attempt})
		delay = min(2*delay, maxReconnectDelay)
	}
}

// Emit sends an event with args, each marshalled to JSON; a []byte
// argument is sent as a binary attachment (a BINARY_EVENT). While the
// client is disconnected the event waits, and is sent once the next
// session has connected (the reference client's default).
func (c *Client) Emit(event string, args ...any) error {
	ps, err := eventPackets(event, args, nil)
	if err != nil {
		return err
	}
	return c.queue(ps)
}

// EmitWithAck sends an event that asks for an acknowledgement and waits
// for it: the ACK's arguments, as JSON.
func (c *Client) EmitWithAck(ctx context.Context, event string, args ...any) ([]json.RawMessage, error) {
	a, err := c.EmitAck(ctx, event, args...)
	return a.Args, err
}

// EmitAck is EmitWithAck that returns the whole answer: its type, and a
// BINARY_ACK's attachments.
func (c *Client) EmitAck(ctx context.Context, event string, args ...any) (Ack, error) {
	ch := make(chan ackResult, 1)
	c.mu.Lock()
	id := c.nextID
	c.nextID++
	c.acks[id] = ch
	c.mu.Unlock()
	ps, err := eventPackets(event, args, &id)
	if err == nil {
		err = c.queue(ps)
	}
	if err != nil {
		c.mu.Lock()
		delete(c.acks, id)
		c.mu.Unlock()
		return Ack{ID: id}, err
	}
	select {
	case r := <-ch:
		return r.ack, r.err
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.acks, id)
		c.mu.Unlock()
		return Ack{ID: id}, ctx.Err()
	}
}

// queue sends packets on the current session, or keeps them for the next.
func (c *Client) queue(ps []outPacket) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	s := c.sess
	if s == nil {
		c.pending = append(c.pending, ps...)
		n := len(c.pending)
		c.mu.Unlock()
		c.notify(Notice{Kind: Buffered, Count: n})
		return nil
	}
	c.mu.Unlock()
	s.send(ps...)
	return nil
}

// acked delivers an ACK to whoever waits for it.
func (c *Client) acked(a Ack) {
	c.mu.Lock()
	ch := c.acks[a.ID]
	delete(c.acks, a.ID)
	c.mu.Unlock()
	if ch != nil {
		ch <- ackResult{ack: a}
	}
}

// Transport is the current session's transport ("polling" or
// "websocket"), "" while disconnected.
func (c *Client) Transport() string {
	c.mu.Lock()
	s := c.sess
	c.mu.Unlock()
	if s == nil {
		return ""
	}
	return s.transportName()
}

// LocalAddr is the client's address on the connection its session uses
// now: the WebSocket's once upgraded, the last polling request's before;
// "" while disconnected.
func (c *Client) LocalAddr() string {
	c.mu.Lock()
	s := c.sess
	c.mu.Unlock()
	if s == nil {
		return ""
	}
	return s.localAddr()
}

// Close leaves the namespace (DISCONNECT) and ends the session: over
// long-polling with Engine.IO's close packet, over a WebSocket by closing
// it (1000), as the reference client does. It waits for every goroutine of
// the client, at most about Timeout.
func (c *Client) Close() error { return c.close(websocket.StatusNormalClosure, c.timeout) }

// GoingAway is Close for a program that stops (Ctrl-C): the WebSocket is
// closed with 1001, going away (RFC 6455 §7.4.1), and nothing waits longer
// than wait.
func (c *Client) GoingAway(wait time.Duration) error {
	return c.close(websocket.StatusGoingAway, wait)
}

func (c *Client) close(code websocket.StatusCode, wait time.Duration) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	s := c.sess
	c.mu.Unlock()
	if s != nil {
		s.leave(code, wait)
	}
	c.cancel()
	c.wg.Wait()
	if s != nil {
		s.stop()
	}
	c.hc.CloseIdleConnections()
	return nil
}

// Abort ends the client at once: no DISCONNECT, no close packet or frame,
// its connections closed as they are.
func (c *Client) Abort() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	s := c.sess
	c.mu.Unlock()
	c.cancel()
	if s != nil {
		s.fail(ReasonClient, ErrClosed)
	}
	c.wg.Wait()
	if s != nil {
		s.stop()
	}
	c.hc.CloseIdleConnections()
}
