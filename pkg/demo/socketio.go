package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// SocketIOOptions configures the socketio scenario.
type SocketIOOptions struct {
	Common
	// URL, if set, runs wsdemo's Socket.IO client against the learner's
	// server (http://host:port) instead of the story: connect, upgrade,
	// Emit if set, show what arrives for Listen, close.
	URL string
	// Path is Socket.IO's path on that server; "" means /socket.io/.
	Path string
	// Emit is an event to send once connected, with Data (a JSON value)
	// as its argument when Data is set.
	Emit string
	Data json.RawMessage
	// Ack asks for an acknowledgement of Emit: the event carries an ack id,
	// and the run says what came back within Listen.
	Ack bool
	// Listen is how long to show what the server sends before closing; 0
	// means DefaultSocketIOListen.
	Listen time.Duration
	// Origin, if set, is sent as the Origin of every request, as a page of
	// that origin would: a server that does not allow it (CORS) is an
	// error.
	Origin string
	// Auth is the payload of Socket.IO's CONNECT (a JSON object).
	Auth json.RawMessage
	// Verbose shows every frame's fields; otherwise a frame after the
	// first of each direction shows its payload length only, as its packet
	// follows with the rest.
	Verbose bool
}

// DefaultSocketIOListen is how long --url shows what the server sends
// after connecting, unless --listen says otherwise.
const DefaultSocketIOListen = 5 * time.Second

// The built-in server's heartbeat, short so that it shows in the story
// (Socket.IO's defaults are 25 s and 20 s), and the client's wait before
// it reconnects.
const (
	sioPingInterval   = time.Second
	sioPingTimeout    = 5 * time.Second
	sioReconnectDelay = 300 * time.Millisecond
)

// The texts the story sends: chat's, the announcement, the photo's bytes,
// and what the application emits while disconnected.
const (
	sioFirstChat   = "hi"
	sioReply       = "hello from tab B"
	sioAskChat     = "did you get this?"
	sioAnnounce    = "meeting at 3"
	sioOfflineChat = "typed while offline"
)

var sioPhoto = []byte{0x89, 0x50, 0x4e, 0x47} // the first bytes of a PNG file

// RunSocketIO shows what Socket.IO puts on the wire. Without a URL it
// tells the story: a real Socket.IO server (zishang520's, see
// server.SocketIO) and two wsdemo clients (pkg/sioclient), whose
// connections are tapped: Engine.IO's opening over long-polling, the
// upgrade to WebSocket, events both ways with an acknowledgement and a
// binary event, a room, the heartbeat, a cut connection and the
// reconnection, and the same event over a plain WebSocket. With a URL it
// runs the client against the learner's server.
func RunSocketIO(ctx context.Context, rec *trace.Recorder, opts SocketIOOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.URL != "" {
		return runSocketIOURL(ctx, rec, opts)
	}
	s := &sioStory{opts: opts, rec: rec, t: opts.text()}
	return s.run(ctx)
}

// sioStory is one run of the story.
type sioStory struct {
	opts     SocketIOOptions
	rec      *trace.Recorder
	t        lang.Text
	ann      *sioAnnotator
	facts    *sioFacts
	taps     *clientsTap
	trA, trB *tracer
	srv      *server.SocketIO
	a, b     *sioclient.Client
	wa, wb   *sioWatch
}

func (s *sioStory) run(ctx context.Context) (err error) {
	s.ann = newSIOAnnotator(s.t, true, s.opts.Verbose, s.rec.Since)
	s.facts = s.ann.facts
	s.taps = newClientsTap(s.opts.Common)
	s.trA = newTracer(s.rec, s.ann.annotate, s.t)
	s.trB = newTracer(s.rec, s.ann.annotate, s.t)
	s.trB.client = tabB
	defer s.taps.tap.Wait()
	s.opts.announceRTT(s.rec, trace.Client)
	s.srv, err = server.StartSocketIO(s.opts.addr(), server.SocketIOConfig{Rec: s.rec, Lang: s.opts.Lang,
		PingInterval: sioPingInterval, PingTimeout: sioPingTimeout})
	if err != nil {
		return err
	}
	defer s.srv.Close()
	s.wa, s.wb = newSIOWatch(), newSIOWatch()
	defer func() {
		if err != nil {
			s.abort()
		}
	}()
	for _, step := range []func(context.Context) error{s.open, s.events, s.room, s.heartbeat, s.drop, s.compare} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return s.finish()
}

// abort ends what is still open after a failure or Ctrl-C: the clients go
// away (1001) without waiting long, and the tap stops watching for FINs.
func (s *sioStory) abort() {
	for _, c := range []*sioclient.Client{s.a, s.b} {
		if c != nil {
			_ = c.GoingAway(goingAwayWait)
		}
	}
	hurryCloses(s.trA, s.taps.tap)
}

// heading records the start of one of the story's seven steps.
func (s *sioStory) heading(summary trace.Msg, sentences ...trace.Msg) {
	note(s.rec, s.t, summary, sentences...)
}

// client returns the options of one of the story's clients.
func (s *sioStory) client(tr *tracer, w *sioWatch) sioclient.Options {
	return sioclient.Options{URL: s.srv.URL(), HTTPClient: &http.Client{Transport: s.taps.transport(tr)},
		Timeout: s.opts.timeout(), OnEvent: w.event, Notify: w.notify}
}

// open is steps 1 and 2: the client opens a session over long-polling,
// joins the namespace, and upgrades to WebSocket.
func (s *sioStory) open(ctx context.Context) error {
	s.heading(lang.M("1 of 7 · Engine.IO opens a session over HTTP long-polling"),
		lang.M("A Socket.IO client opens its session with ordinary HTTP requests, then asks to join a namespace. Look for what Socket.IO's docs call the handshake, and for what is missing: no Upgrade header, no 101."))
	upgrades := 0
	s.wa.onNotice = func(n sioclient.Notice) {
		switch n.Kind {
		case sioclient.Upgrading:
			upgrades++
			if upgrades == 1 {
				s.heading(lang.M("2 of 7 · The upgrade to WebSocket"),
					lang.M("The session is open and the client is in the namespace, on long-polling. Now it tries a WebSocket for the same session, checks that it works, and moves the session over without losing a packet."))
			}
		default:
			s.clientNotice(trace.Client, n)
		}
	}
	opts := s.client(s.trA, s.wa)
	opts.ReconnectDelay = sioReconnectDelay
	dctx, cancel := context.WithTimeout(ctx, s.opts.timeout())
	defer cancel()
	a, err := sioclient.Dial(dctx, opts)
	if err != nil {
		return s.failed(ctx, err)
	}
	s.a = a
	return s.upgraded(ctx, s.wa, 1)
}

// upgraded waits until the client's n-th upgrade is over: the session on
// its WebSocket, and the connections long-polling used closed.
func (s *sioStory) upgraded(ctx context.Context, w *sioWatch, n int) error {
	if err := w.wait(ctx, s.opts.timeout(), "the upgrade to WebSocket", func(ns []sioclient.Notice, _ []sioclient.Event) bool {
		return countNotices(ns, sioclient.Upgraded) >= n || countNotices(ns, sioclient.UpgradeFailed) > 0
	}); err != nil {
		return err
	}
	if f := w.find(sioclient.UpgradeFailed); f != nil {
		return fmt.Errorf("the client's upgrade to WebSocket failed: %w", f.Err)
	}
	return s.until(ctx, "long-polling's connections to close", func() bool {
		return s.a.Transport() == "websocket" && s.facts.pollingClosed(trace.Client)
	})
}

// until polls cond, over the facts the taps learnt, until it holds, the
// timeout passes or ctx ends; then the events those facts came from are
// in the recorder, before anything the story says next.
func (s *sioStory) until(ctx context.Context, what string, cond func() bool) error {
	deadline := time.Now().Add(s.opts.timeout())
	defer s.trB.settle()
	defer s.trA.settle()
	for !cond() {
		if time.Now().After(deadline) {
			return timeoutError(fmt.Sprintf("timed out waiting for %s", what))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// failed returns ctx's error when the run was stopped, err otherwise.
func (s *sioStory) failed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// events is step 3: tab B connects, then events cross both ways: a plain
// one, one answered by an acknowledgement, a binary one.
func (s *sioStory) events(ctx context.Context) error {
	s.heading(lang.M("3 of 7 · Events, both ways"),
		lang.M("First a second client, tab B, connects: WebSocket only, this time. Then events cross in both directions: a plain one, one that asks for an acknowledgement, and one with binary data."))
	s.wb.onNotice = func(n sioclient.Notice) { s.clientNotice(tabB, n) }
	dctx, cancel := context.WithTimeout(ctx, s.opts.timeout())
	defer cancel()
	opts := s.client(s.trB, s.wb)
	opts.WebSocketOnly = true
	b, err := sioclient.Dial(dctx, opts)
	if err != nil {
		return s.failed(ctx, err)
	}
	s.b = b
	if err := s.a.Emit("chat", sioFirstChat); err != nil {
		return err
	}
	if err := s.wb.waitEvent(ctx, s.opts.timeout(), "chat", sioFirstChat); err != nil {
		return err
	}
	if err := s.b.Emit("chat", sioReply); err != nil {
		return err
	}
	if err := s.wa.waitEvent(ctx, s.opts.timeout(), "chat", sioReply); err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, s.opts.timeout())
	defer cancel()
	if _, err := s.a.EmitWithAck(actx, "chat", sioAskChat); err != nil {
		return s.failed(ctx, fmt.Errorf("no acknowledgement: %w", err))
	}
	if err := s.wb.waitEvent(ctx, s.opts.timeout(), "chat", sioAskChat); err != nil {
		return err
	}
	if err := s.a.Emit("photo", sioPhoto); err != nil {
		return err
	}
	return s.wb.wait(ctx, s.opts.timeout(), "the photo at tab B", func(_ []sioclient.Notice, es []sioclient.Event) bool {
		for _, e := range es {
			if e.Name == "photo" && len(e.Attachments) == 1 {
				return true
			}
		}
		return false
	})
}

// room is step 4: one emit to a room, one packet per socket.
func (s *sioStory) room(ctx context.Context) error {
	s.heading(lang.M("4 of 7 · A room is the server's idea"),
		lang.M("The server put every socket in the room %s when it connected. The client asks it to announce something to the room: watch what reaches each client.", server.SocketIORoom))
	if err := s.a.Emit("announce", sioAnnounce); err != nil {
		return err
	}
	if err := s.wa.waitEvent(ctx, s.opts.timeout(), "announce", sioAnnounce); err != nil {
		return err
	}
	return s.wb.waitEvent(ctx, s.opts.timeout(), "announce", sioAnnounce)
}

// heartbeat is step 5: the server's next ping on the client's WebSocket,
// the pong, and what did not cross.
func (s *sioStory) heartbeat(ctx context.Context) error {
	s.heading(lang.M("5 of 7 · Two heartbeats"),
		lang.M("Waiting for the server's next ping on the client's WebSocket: it comes every %v in this story.", sioPingInterval))
	pongs := s.facts.wsPongs(trace.Client)
	pings := countNotices(s.wa.notices(), sioclient.Pinged)
	if err := s.wa.wait(ctx, s.opts.timeout(), "the server's ping", func(ns []sioclient.Notice, _ []sioclient.Event) bool {
		return countNotices(ns, sioclient.Pinged) > pings
	}); err != nil {
		return err
	}
	if err := s.until(ctx, "the client's pong", func() bool { return s.facts.wsPongs(trace.Client) > pongs }); err != nil {
		return err
	}
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	e.Summary, e.SummaryMsg = lang.Both("two heartbeats: Engine.IO's, and WebSocket's own")
	s.t.SetNote(&e, heartbeatNote(s.facts.pings())...)
	s.rec.Emit(e)
	return nil
}

// heartbeatNote compares Engine.IO's heartbeat with the WebSocket ping
// frames that did, or did not, cross.
func heartbeatNote(wsPings int) []trace.Msg {
	first := lang.M("No WebSocket ping frame (opcode 0x9, RFC 6455 §5.5.2) has crossed on any connection of this run so far: the heartbeat above is Engine.IO's own, data inside text frames.")
	if wsPings > 0 {
		first = lang.M("%d WebSocket ping frames (opcode 0x9, RFC 6455 §5.5.2) crossed too, beside Engine.IO's own heartbeat, which is data inside text frames.", wsPings)
	}
	return []trace.Msg{first,
		lang.M("Engine.IO keeps a heartbeat of its own because its sessions also run over long-polling, where HTTP has no ping, and because a page's JavaScript cannot send a WebSocket ping. Since Engine.IO v4 the server sends the pings, as browsers' timers proved unreliable (Engine.IO v4, \"History\", \"From v3 to v4\").")}
}

// drop is step 6: the client's WebSocket is cut under both sides; the
// client reconnects on its own, and what the app emitted meanwhile
// follows.
func (s *sioStory) drop(ctx context.Context) error {
	s.heading(lang.M("6 of 7 · The connection drops"),
		lang.M("wsdemo now cuts the client's WebSocket connection on the server's side, with no warning to either library. Watch the client find out, and what becomes of an event the app emits while it is disconnected."))
	addr := s.a.LocalAddr()
	s.facts.setCut(s.trA.ConnNumber(addr))
	if !s.srv.Cut(addr) {
		return fmt.Errorf("the server has no connection from %s to cut", addr)
	}
	if err := s.wa.wait(ctx, s.opts.timeout(), "the client to notice", func(ns []sioclient.Notice, _ []sioclient.Event) bool {
		return countNotices(ns, sioclient.Reconnecting) > 0
	}); err != nil {
		return err
	}
	text, _ := json.Marshal([]any{"chat", sioOfflineChat})
	s.facts.emittedOffline(append([]byte("42"), text...))
	if err := s.a.Emit("chat", sioOfflineChat); err != nil {
		return err
	}
	if err := s.wb.waitEvent(ctx, s.opts.timeout(), "chat", sioOfflineChat); err != nil {
		return err
	}
	return s.upgraded(ctx, s.wa, 2)
}

// compare is step 7: the same event, and the same bytes, over a plain
// WebSocket to the same server.
func (s *sioStory) compare(ctx context.Context) error {
	s.heading(lang.M("7 of 7 · The same event over a plain WebSocket"),
		lang.M("To compare, the client sends the chat event's JSON, and the photo's bytes, over a plain WebSocket to the same server: no Engine.IO, no Socket.IO."))
	dial := s.taps.dialer(s.trA)
	transport := s.taps.transport(s.trA)
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err == nil {
			s.facts.setRawConn(c.(*wiretap.Conn).ID)
		}
		return c, err
	}
	defer transport.CloseIdleConnections()
	dctx, cancel := context.WithTimeout(ctx, s.opts.timeout())
	defer cancel()
	ws, _, err := websocket.Dial(dctx, "ws://"+s.srv.Addr()+server.RawWSPath, &websocket.DialOptions{
		HTTPClient: &http.Client{Transport: transport}, CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return s.failed(ctx, fmt.Errorf("plain WebSocket: %w", err))
	}
	defer ws.CloseNow()
	event, _ := json.Marshal([]any{"chat", sioFirstChat})
	if err := ws.Write(dctx, websocket.MessageText, event); err != nil {
		return s.failed(ctx, err)
	}
	if err := ws.Write(dctx, websocket.MessageBinary, sioPhoto); err != nil {
		return s.failed(ctx, err)
	}
	if err := ws.Close(websocket.StatusNormalClosure, ""); err != nil && !errors.Is(err, io.EOF) {
		return s.failed(ctx, err)
	}
	return nil
}

// finish closes both clients, waits for their connections to end, and
// records the summary.
func (s *sioStory) finish() error {
	for _, c := range []*sioclient.Client{s.b, s.a} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	s.trA.waitClosed(closeWait + s.opts.RTT)
	s.trB.waitClosed(closeWait + s.opts.RTT)
	a, b := s.trA.Stats(), s.trB.Stats()
	stats := sioStats{Conns: a.Conns + b.Conns, Requests: a.Requests + b.Requests,
		Frames: a.Frames[0] + a.Frames[1] + b.Frames[0] + b.Frames[1], Measures: s.facts.measures(),
		Reconnections: countNotices(s.wa.notices(), sioclient.Reconnecting)}
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary, Stats: s.opts.withRTT(stats.json())}
	e.Summary, e.SummaryMsg = lang.Both("Socket.IO on the wire: %d TCP connections, %d HTTP requests, %d WebSocket frames", stats.Conns, stats.Requests, stats.Frames)
	s.t.SetNote(&e, socketIOConclusion(stats.Measures)...)
	e.Fields = socketIOSummaryFields(s.t, e.Stats)
	s.rec.Emit(e)
	return nil
}

// clientNotice records what a client says of itself that the wire does not
// show: that it noticed its connection was gone, and will reconnect; that
// it keeps what the app emits meanwhile.
func (s *sioStory) clientNotice(actor string, n sioclient.Notice) {
	e := trace.Event{From: actor, To: actor, Kind: trace.KindNote}
	switch n.Kind {
	case sioclient.Reconnecting:
		if n.Attempt != 1 {
			return
		}
		d := s.wa.find(sioclient.Disconnected)
		cause := lang.M("its session ended")
		if d != nil {
			cause = disconnectCause(d)
		}
		e.Summary, e.SummaryMsg = lang.Both("the connection is gone; a new session in %v", n.Delay)
		s.t.SetNote(&e, lang.M("Socket.IO's client noticed by itself: %s. It does not give up: it will open a new session after %v, then wait twice as long after each failure, up to 5 s. Socket.IO's JavaScript client starts at about a second, randomised (Socket.IO docs, \"Client options\").", cause, n.Delay))
	case sioclient.Buffered:
		e.Summary, e.SummaryMsg = lang.Both("emit(\"chat\", %q) while disconnected", sioOfflineChat)
		s.t.SetNote(&e, lang.M("The client is not connected, so it does not send the event: it keeps it until it is connected again, as Socket.IO's client does by default (Socket.IO docs, \"Offline behavior\")."))
	default:
		return
	}
	s.rec.Emit(e)
}

// disconnectCause says, from the reason and the error the client gave,
// how its session ended.
func disconnectCause(n *sioclient.Notice) trace.Msg {
	switch {
	case n.Reason == sioclient.ReasonPingTimeout:
		return lang.M("no ping came within pingInterval + pingTimeout")
	case n.Reason == sioclient.ReasonServer:
		return lang.M("the server sent Socket.IO's DISCONNECT: it put the client out of the namespace")
	case n.Reason == sioclient.ReasonTransportClose && n.Err == nil:
		return lang.M("the server closed the session (Engine.IO's close packet, or a WebSocket close frame)")
	case errors.Is(n.Err, syscall.ECONNRESET):
		return lang.M("a read on its connection failed: the other end reset it (a TCP RST)")
	case errors.Is(n.Err, io.EOF), errors.Is(n.Err, io.ErrUnexpectedEOF):
		return lang.M("a read on its connection failed: the connection ended")
	case n.Err != nil:
		return lang.M("its session failed: %s", n.Err.Error())
	}
	return lang.M("its session ended (%s)", n.Reason)
}

// sioWatch keeps what one client told Notify and OnEvent, for the story to
// wait on.
type sioWatch struct {
	// onNotice, if set, is called with each notice, in the client's
	// goroutine, before it is kept.
	onNotice func(sioclient.Notice)

	mu      sync.Mutex
	ns      []sioclient.Notice
	es      []sioclient.Event
	changed chan struct{}
}

func newSIOWatch() *sioWatch { return &sioWatch{changed: make(chan struct{}, 1)} }

func (w *sioWatch) notify(n sioclient.Notice) {
	if w.onNotice != nil {
		w.onNotice(n)
	}
	w.mu.Lock()
	w.ns = append(w.ns, n)
	w.mu.Unlock()
	w.poke()
}

func (w *sioWatch) event(e sioclient.Event) {
	w.mu.Lock()
	w.es = append(w.es, e)
	w.mu.Unlock()
	w.poke()
}

func (w *sioWatch) poke() {
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

func (w *sioWatch) notices() []sioclient.Notice {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]sioclient.Notice(nil), w.ns...)
}

// find returns the last notice of kind k, or nil.
func (w *sioWatch) find(k sioclient.NoticeKind) *sioclient.Notice {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.ns) - 1; i >= 0; i-- {
		if w.ns[i].Kind == k {
			n := w.ns[i]
			return &n
		}
	}
	return nil
}

// wait waits until cond holds over what was kept, d passes or ctx ends.
func (w *sioWatch) wait(ctx context.Context, d time.Duration, what string, cond func([]sioclient.Notice, []sioclient.Event) bool) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		w.mu.Lock()
		ok := cond(w.ns, w.es)
		w.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-w.changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			return timeoutError(fmt.Sprintf("timed out waiting for %s (%v)", what, d))
		}
	}
}

// waitEvent waits for the event name whose first argument is the string
// arg.
func (w *sioWatch) waitEvent(ctx context.Context, d time.Duration, name, arg string) error {
	want, _ := json.Marshal(arg)
	return w.wait(ctx, d, fmt.Sprintf("the event %s %s", name, want), func(_ []sioclient.Notice, es []sioclient.Event) bool {
		for _, e := range es {
			if e.Name == name && len(e.Args) > 0 && string(e.Args[0]) == string(want) {
				return true
			}
		}
		return false
	})
}

// countNotices counts the notices of kind k.
func countNotices(ns []sioclient.Notice, k sioclient.NoticeKind) int {
	n := 0
	for _, x := range ns {
		if x.Kind == k {
			n++
		}
	}
	return n
}
