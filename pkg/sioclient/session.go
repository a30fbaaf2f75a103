package sioclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/wire"
)

// maxBody bounds what the client reads of one long-polling answer.
const maxBody = 8 << 20

// outPacket is one Engine.IO packet to send: its text (type digit
// included), or binary data.
type outPacket struct {
	text   []byte
	binary []byte
	isBin  bool
}

// connectAnswer is the server's answer to CONNECT.
type connectAnswer struct {
	socketID string
	err      error
}

// session is one Engine.IO session: opened by a handshake, ended by a
// failure, the server, or the client. It owns its goroutines: a reader (the
// poll loop, or the WebSocket's), a writer, and the upgrade while it runs.
type session struct {
	c    *Client
	sid  string
	info wire.EIOOpenData

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed once the session has ended (fail)
	// connected receives the answer to CONNECT, once.
	connected chan connectAnswer
	early     []wire.EIOPacket // packets that came with the open packet

	endOnce   sync.Once
	endReason string
	endErr    error

	mu      sync.Mutex
	cond    *sync.Cond  // signalled when queue, paused, writing, ws or ended change
	queue   []outPacket // packets waiting for the writer
	paused  bool        // polling paused for an upgrade: the writer waits
	writing bool        // the writer is sending a batch
	ended   bool        // fail has run
	ws      *websocket.Conn
	addr    string // the client's address on the connection a request used last
	wsAddr  string // the client's address on the session's WebSocket
	answer  bool   // CONNECT was answered

	goroutines sync.WaitGroup
	pollDone   chan struct{} // closed when the poll loop has returned
	heartbeat  *time.Timer
	binary     *incoming // a BINARY_EVENT or BINARY_ACK awaiting its attachments
}

// incoming is a binary packet whose attachments are arriving.
type incoming struct {
	pkt         wire.SIOPacket
	attachments [][]byte
}

func newSession(c *Client) *session {
	ctx, cancel := context.WithCancel(c.ctx)
	s := &session{c: c, ctx: ctx, cancel: cancel, done: make(chan struct{}), connected: make(chan connectAnswer, 1), pollDone: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// query is the URL of an Engine.IO request on transport, with the
// session's id once it has one ("Transports": EIO, transport, sid).
func (s *session) query(transport string) string {
	u := *s.c.base
	q := url.Values{}
	q.Set("EIO", "4")
	q.Set("transport", transport)
	if s.sid != "" {
		q.Set("sid", s.sid)
	}
	u.RawQuery = q.Encode()
	if transport == "websocket" {
		if u.Scheme == "https" {
			u.Scheme = "wss"
		} else {
			u.Scheme = "ws"
		}
	}
	return u.String()
}

// traced returns ctx with a hook that remembers the connection a request
// used.
func (s *session) traced(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if i.Conn != nil {
			s.mu.Lock()
			s.addr = i.Conn.LocalAddr().String()
			s.mu.Unlock()
		}
	}})
}

func (s *session) header(req *http.Request) {
	for k, vs := range s.c.opts.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
}

// open performs the Engine.IO handshake: a long-polling GET answered by
// the open packet, or a WebSocket whose first message is the open packet
// ("Handshake").
func (s *session) open(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.c.timeout)
	defer cancel()
	if s.c.opts.WebSocketOnly {
		ws, addr, err := s.dialWS(ctx)
		if err != nil {
			return err
		}
		s.wsAddr = addr
		_, data, err := ws.Read(ctx)
		if err != nil {
			ws.CloseNow()
			return fmt.Errorf("no open packet on the WebSocket: %w", err)
		}
		p := wire.DecodeEIOMessage(wire.OpText, data, uint64(len(data)))
		if p.Open == nil {
			ws.CloseNow()
			return &HandshakeError{URL: s.query("websocket"), Problem: NotEngineIO, Status: http.StatusSwitchingProtocols, Body: clip(data), Detail: p.Violations()}
		}
		s.sid, s.info = p.Open.SID, *p.Open
		s.ws = ws
		return nil
	}
	target := s.query("polling")
	req, err := http.NewRequestWithContext(s.traced(ctx), http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	s.header(req)
	res, err := s.c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return fmt.Errorf("read the answer to the handshake: %w", err)
	}
	if err := checkHandshake(target, res, body, req.Header.Get("Origin")); err != nil {
		return err
	}
	var ps []wire.EIOPacket
	wire.DecodeEIOPayload(body, false, func(p *wire.EIOPacket) { ps = append(ps, *p) })
	s.sid, s.info = ps[0].Open.SID, *ps[0].Open
	s.early = ps[1:]
	return nil
}

// dialWS opens the session's WebSocket: the handshake of an upgrade (with
// the sid) or of a WebSocket-only session.
func (s *session) dialWS(ctx context.Context) (*websocket.Conn, string, error) {
	h := http.Header{}
	for k, vs := range s.c.opts.Header {
		h[k] = slices.Clone(vs)
	}
	var addr string
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if i.Conn != nil {
			addr = i.Conn.LocalAddr().String()
		}
	}})
	ws, res, err := websocket.Dial(ctx, s.query("websocket"), &websocket.DialOptions{
		HTTPClient: s.c.hc, HTTPHeader: h, CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		if res != nil && res.StatusCode != http.StatusSwitchingProtocols {
			return nil, "", statusError(s.query("websocket"), res, nil)
		}
		return nil, "", err
	}
	limit := s.info.MaxPayload
	if limit <= 0 || limit > maxBody {
		limit = maxBody
	}
	ws.SetReadLimit(limit)
	return ws, addr, nil
}

// start starts the session's goroutines once it is open.
func (s *session) start() {
	s.resetHeartbeat()
	s.goroutines.Add(2)
	go s.writer()
	if s.ws != nil {
		close(s.pollDone)
		go s.readWS(s.ws)
	} else {
		go s.poll()
	}
}

// offers says the open packet lists transport among its upgrades.
func (s *session) offers(transport string) bool { return slices.Contains(s.info.Upgrades, transport) }

func (s *session) transportName() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws != nil {
		return "websocket"
	}
	return "polling"
}

func (s *session) localAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws != nil {
		return s.wsAddr
	}
	return s.addr
}

// resetHeartbeat restarts the wait for the server's next ping: a client
// that hears none within pingInterval + pingTimeout SHOULD consider the
// connection closed (Engine.IO v4, "Heartbeat").
func (s *session) resetHeartbeat() {
	d := time.Duration(s.info.PingInterval+s.info.PingTimeout) * time.Millisecond
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	if s.heartbeat == nil {
		s.heartbeat = time.AfterFunc(d, func() { s.fail(ReasonPingTimeout, nil) })
		return
	}
	s.heartbeat.Reset(d)
}

// poll keeps one GET pending at a time, as long-polling does ("Receiving
// data": never more than one), until the session ends or is paused for an
// upgrade.
func (s *session) poll() {
	defer s.goroutines.Done()
	defer close(s.pollDone)
	for _, p := range s.early {
		s.handle(&p)
	}
	s.early = nil
	for {
		s.mu.Lock()
		stop := s.paused || s.ended
		s.mu.Unlock()
		if stop {
			return
		}
		ps, err := s.get()
		if err != nil {
			s.fail(ReasonTransportError, err)
			return
		}
		for i := range ps {
			s.handle(&ps[i])
		}
	}
}

// get sends one long-polling GET and decodes the packets of its answer.
func (s *session) get() ([]wire.EIOPacket, error) {
	req, err := http.NewRequestWithContext(s.traced(s.ctx), http.MethodGet, s.query("polling"), nil)
	if err != nil {
		return nil, err
	}
	s.header(req)
	res, err := s.c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("a long-polling GET was answered %s: %s", res.Status, clip(body))
	}
	var ps []wire.EIOPacket
	wire.DecodeEIOPayload(body, false, func(p *wire.EIOPacket) { ps = append(ps, *p) })
	return ps, nil
}

// post sends packets as one long-polling payload ("Sending data": one POST
// at a time, which the writer guarantees). Binary data is "b" + base64.
func (s *session) post(ps []outPacket) error {
	enc := make([][]byte, len(ps))
	for i, p := range ps {
		if p.isBin {
			enc[i] = wire.AppendEIOBinaryPolling(nil, p.binary)
		} else {
			enc[i] = p.text
		}
	}
	req, err := http.NewRequestWithContext(s.traced(s.ctx), http.MethodPost, s.query("polling"), bytes.NewReader(wire.JoinEIOPayload(enc...)))
	if err != nil {
		return err
	}
	s.header(req)
	req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	res, err := s.c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("a long-polling POST was answered %s: %s", res.Status, clip(body))
	}
	return nil
}

// readWS reads the session's WebSocket: one Engine.IO packet per message.
func (s *session) readWS(ws *websocket.Conn) {
	defer s.goroutines.Done()
	for {
		typ, data, err := ws.Read(s.ctx)
		if err != nil {
			reason := ReasonTransportError
			if websocket.CloseStatus(err) != -1 {
				reason = ReasonTransportClose
				err = nil
			}
			s.fail(reason, err)
			return
		}
		op := wire.OpText
		if typ == websocket.MessageBinary {
			op = wire.OpBinary
		}
		p := wire.DecodeEIOMessage(op, data, uint64(len(data)))
		s.handle(&p)
	}
}

// send queues packets for the writer, in order.
func (s *session) send(ps ...outPacket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	s.queue = append(s.queue, ps...)
	s.cond.Broadcast()
}

// writer sends what is queued: over long-polling every packet waiting as
// one POST, over the WebSocket one message per packet ("Packet encoding").
// While polling is paused for an upgrade it waits, so that nothing is
// sent by HTTP once the upgrade has begun, and resumes on the WebSocket.
func (s *session) writer() {
	defer s.goroutines.Done()
	for {
		s.mu.Lock()
		for !s.ended && (len(s.queue) == 0 || s.paused) {
			s.cond.Wait()
		}
		if s.ended {
			s.mu.Unlock()
			return
		}
		batch, ws := s.queue, s.ws
		s.queue = nil
		s.writing = true
		s.mu.Unlock()
		var err error
		if ws != nil {
			err = writeWS(s.ctx, ws, batch)
		} else {
			err = s.post(batch)
		}
		s.mu.Lock()
		s.writing = false
		s.cond.Broadcast()
		s.mu.Unlock()
		if err != nil {
			s.fail(ReasonTransportError, err)
			return
		}
	}
}

func writeWS(ctx context.Context, ws *websocket.Conn, ps []outPacket) error {
	for _, p := range ps {
		var err error
		if p.isBin {
			err = ws.Write(ctx, websocket.MessageBinary, p.binary)
		} else {
			err = ws.Write(ctx, websocket.MessageText, p.text)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// upgradeInBackground moves the session to a WebSocket without holding up
// its caller.
func (s *session) upgradeInBackground() {
	s.goroutines.Add(1)
	go func() {
		defer s.goroutines.Done()
		if err := s.upgrade(); err != nil {
			s.c.notify(Notice{Kind: UpgradeFailed, SID: s.sid, Err: err})
		}
	}()
}

// upgrade follows "Upgrade": a WebSocket with the same sid, the ping
// "probe" answered by the pong "probe"; then, as the reference client
// does, long-polling is paused (no new GET; the server ends the pending
// one with a noop) and what was being sent finishes, and the upgrade
// packet moves the session to the WebSocket.
func (s *session) upgrade() error {
	s.c.notify(Notice{Kind: Upgrading, SID: s.sid})
	ctx, cancel := context.WithTimeout(s.ctx, s.c.timeout)
	defer cancel()
	ws, addr, err := s.dialWS(ctx)
	if err != nil {
		return err
	}
	keep := false
	defer func() {
		if !keep {
			ws.CloseNow()
		}
	}()
	if err := ws.Write(ctx, websocket.MessageText, []byte("2probe")); err != nil {
		return err
	}
	typ, data, err := ws.Read(ctx)
	if err != nil {
		return fmt.Errorf("no answer to 2probe: %w", err)
	}
	if typ != websocket.MessageText || string(data) != "3probe" {
		return fmt.Errorf("the server answered 2probe with %q, not 3probe", clip(data))
	}
	s.c.notify(Notice{Kind: Probed, SID: s.sid})
	s.mu.Lock()
	s.paused = true
	s.cond.Broadcast()
	s.mu.Unlock()
	select {
	case <-s.pollDone:
	case <-ctx.Done():
		s.fail(ReasonTransportError, errors.New("the pending long-polling GET did not end during the upgrade"))
		return ctx.Err()
	}
	s.mu.Lock()
	for s.writing && !s.ended {
		s.cond.Wait()
	}
	ended := s.ended
	s.mu.Unlock()
	if ended {
		return s.cause()
	}
	s.c.notify(Notice{Kind: Upgraded, SID: s.sid, Transport: "websocket"})
	if err := ws.Write(ctx, websocket.MessageText, []byte("5")); err != nil {
		s.fail(ReasonTransportError, err)
		return err
	}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return s.cause()
	}
	s.ws, s.wsAddr = ws, addr
	s.paused = false
	s.cond.Broadcast()
	keep = true
	s.goroutines.Add(1)
	s.mu.Unlock()
	go s.readWS(ws)
	// Polling is over: its connections are left idle by the GET and the
	// POSTs; close them rather than keep them for nothing.
	s.c.hc.CloseIdleConnections()
	return nil
}

// handle acts on one packet from the server, in the order they came.
func (s *session) handle(p *wire.EIOPacket) {
	if p.Binary {
		s.attachment(p.Data)
		return
	}
	switch p.Type {
	case wire.EIOPing:
		s.resetHeartbeat()
		s.c.notify(Notice{Kind: Pinged, SID: s.sid, Transport: s.transportName()})
		s.send(outPacket{text: wire.AppendEIOPacket(nil, wire.EIOPong, p.Data)})
	case wire.EIOClose:
		s.fail(ReasonTransportClose, nil)
	case wire.EIOMessage:
		s.message(wire.ParseSIOPacket(p.Data))
	}
}

// message acts on a Socket.IO packet.
func (s *session) message(q wire.SIOPacket) {
	if q.Violation != "" {
		s.fail(ReasonParse, errors.New(q.Violation))
		return
	}
	if q.Nsp != wire.DefaultNamespace {
		return // only the main namespace is joined
	}
	switch q.Type {
	case wire.SIOConnect:
		var data struct {
			SID string `json:"sid"`
		}
		_ = json.Unmarshal(q.Data, &data)
		s.answered(connectAnswer{socketID: data.SID})
	case wire.SIOConnectError:
		ce := &ConnectError{Data: json.RawMessage(bytes.Clone(q.Data))}
		var m struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(q.Data, &m) == nil {
			ce.Message = m.Message
		}
		s.answered(connectAnswer{err: ce})
	case wire.SIODisconnect:
		s.fail(ReasonServer, nil)
	case wire.SIOEvent, wire.SIOAck:
		s.deliver(q, nil)
	case wire.SIOBinaryEvent, wire.SIOBinaryAck:
		if q.Attachments == 0 {
			s.deliver(q, nil)
			return
		}
		s.binary = &incoming{pkt: q}
	}
}

// answered passes on the answer to CONNECT, once.
func (s *session) answered(a connectAnswer) {
	s.mu.Lock()
	first := !s.answer
	s.answer = true
	s.mu.Unlock()
	if first {
		s.connected <- a
	}
}

// attachment adds binary data to the packet awaiting it.
func (s *session) attachment(data []byte) {
	in := s.binary
	if in == nil {
		return // binary data nothing announced: ignored, as the reference parser does
	}
	in.attachments = append(in.attachments, bytes.Clone(data))
	if len(in.attachments) == in.pkt.Attachments {
		s.binary = nil
		s.deliver(in.pkt, in.attachments)
	}
}

// deliver hands an event to OnEvent, or an acknowledgement to its waiter.
func (s *session) deliver(q wire.SIOPacket, attachments [][]byte) {
	var args []json.RawMessage
	if err := json.Unmarshal(q.Data, &args); err != nil {
		return
	}
	switch q.Type {
	case wire.SIOAck, wire.SIOBinaryAck:
		if q.HasAckID {
			s.c.acked(Ack{ID: q.AckID, Binary: q.Type == wire.SIOBinaryAck, Args: args, Attachments: attachments})
		}
	default:
		if len(args) == 0 {
			return
		}
		var name string
		if json.Unmarshal(args[0], &name) != nil {
			name = string(args[0])
		}
		if s.c.opts.OnEvent != nil {
			s.c.opts.OnEvent(Event{Name: name, Args: args[1:], Attachments: attachments})
		}
	}
}

// fail ends the session once: its connections are dropped where they are
// and its goroutines told to stop; the client learns why.
func (s *session) fail(reason string, err error) {
	s.endOnce.Do(func() {
		s.mu.Lock()
		s.ended = true
		s.endReason, s.endErr = reason, err
		if s.heartbeat != nil {
			s.heartbeat.Stop()
		}
		ws := s.ws
		s.cond.Broadcast()
		s.mu.Unlock()
		s.cancel()
		if ws != nil && reason != ReasonClient {
			ws.CloseNow()
		}
		close(s.done)
		s.c.ended(s, reason, err)
	})
}

// cause is why the session ended.
func (s *session) cause() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.endErr != nil {
		return s.endErr
	}
	return errors.New(s.endReason)
}

// leave ends the session as Close asks: Socket.IO's DISCONNECT, then
// Engine.IO's close packet over long-polling, or the WebSocket's closing
// handshake.
func (s *session) leave(code websocket.StatusCode, wait time.Duration) {
	s.mu.Lock()
	ws, polling := s.ws, s.ws == nil
	s.mu.Unlock()
	leave := []outPacket{{text: []byte("41")}}
	if polling {
		leave = append(leave, outPacket{text: wire.AppendEIOPacket(nil, wire.EIOClose, nil)})
	}
	s.send(leave...)
	s.drain(wait)
	if ws != nil {
		closed := make(chan struct{})
		go func() {
			defer close(closed)
			_ = ws.Close(code, "")
		}()
		select {
		case <-closed:
		case <-time.After(wait):
			ws.CloseNow()
			<-closed
		}
	}
	s.fail(ReasonClient, nil)
}

// drain waits until the writer has sent everything queued, or d passes.
func (s *session) drain(d time.Duration) {
	timer := time.AfterFunc(d, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(d)
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.ended && (len(s.queue) > 0 || s.writing) && time.Now().Before(deadline) {
		s.cond.Wait()
	}
}

// stop ends the session if it has not ended, and waits for its
// goroutines.
func (s *session) stop() {
	s.fail(ReasonClient, nil)
	s.goroutines.Wait()
	s.mu.Lock()
	ws := s.ws
	s.mu.Unlock()
	if ws != nil {
		ws.CloseNow()
	}
}

// clip returns the first bytes of b as text, for an error message.
func clip(b []byte) string {
	const n = 120
	if len(b) > n {
		return string(bytes.ToValidUTF8(b[:n], nil)) + "…"
	}
	return string(bytes.ToValidUTF8(b, nil))
}
