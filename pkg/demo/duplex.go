package demo

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// Defaults of the duplex scenario.
const (
	// DefaultDuplexMessages is how many text messages the client sends (and
	// the built-in server pushes) in the scripted story.
	DefaultDuplexMessages = 3
	// DefaultDuplexInterval is the time between the client's messages in the
	// scripted story. The built-in server pushes on a schedule of its own,
	// 3/5 of it (150 ms), so the two visibly interleave.
	DefaultDuplexInterval = 250 * time.Millisecond
	// DefaultInteractivePush is how often the built-in server pushes in
	// interactive mode: slow enough to type between pushes.
	DefaultInteractivePush = 3 * time.Second
	// MaxDuplexMessages bounds --messages; the demo server pushes at most
	// this many messages too.
	MaxDuplexMessages = 1000
)

// pushEvery is the built-in server's push interval in the scripted story
// ("an edit from another tab"): 3/5 of the client's, 150 ms for 250 ms, so
// the two schedules interleave however fast --interval makes the story.
// The server pushes at most once a minute apart (server.MaxPushEvery).
func (o DuplexOptions) pushEvery() time.Duration {
	return max(min(o.Interval*3/5, server.MaxPushEvery), time.Millisecond)
}

// DuplexOptions configures the duplex scenario. Messages and Interval must
// be set (see the Default* constants); Validate says what is wrong.
type DuplexOptions struct {
	Common
	// URL is a ws:// or wss:// URL of another WebSocket server to run the
	// client against; "" starts the built-in server (on Common.Addr).
	URL string
	// Messages is how many text messages the client sends in the scripted
	// story, 1 to MaxDuplexMessages; the built-in server pushes as many.
	Messages int
	// Interval is the time between the client's steps in the scripted story
	// (DefaultDuplexInterval is the story's); the built-in server pushes at
	// 3/5 of it. In interactive mode it is the built-in server's push
	// interval instead (DefaultInteractivePush), at most
	// server.MaxPushEvery, and ignored with NoPush.
	Interval time.Duration
	// NoPush turns the built-in server's pushes off in interactive mode
	// (--interval 0): the server then only answers.
	NoPush bool
	// Verbose keeps the handshake in full: every header and each check the
	// server made, and every frame's fields with their meanings.
	Verbose bool
	// Interactive sends what the user types (read from In, one line per
	// message) instead of the scripted story.
	Interactive bool
	// In is read in interactive mode: one message per line.
	In *tty.Input
	// Prompt, when set, is the line the learner types on, pinned below the
	// diagram (In is then a terminal, read key by key in raw mode), whose
	// Writers the diagram and Hint write through; nil reads In a line at a
	// time as it comes (a pipe).
	Prompt *tty.Prompt
	// Width is the terminal's width, which hints wrap to (0: no wrapping).
	Width int
	// TooBig ends the scripted story by sending one message larger than the
	// built-in server accepts (server.MaxMessage), instead of closing with
	// 1000: the server refuses it with close code 1009 (message too big).
	TooBig bool
	// Compress has the client offer permessage-deflate (RFC 7692) and the
	// built-in server accept it, both compressing every message: the frames
	// then carry DEFLATE data, and the trace shows each message inflated
	// beside the bytes that crossed.
	Compress bool
	// Hint receives the interactive prompt and one-line hints for mistyped
	// commands; nil discards them. It is kept apart from the trace so
	// --json output stays pure.
	Hint io.Writer

	// tlsConfig, when set, is used for wss:// (tests trust their own CA).
	tlsConfig *tls.Config
}

// Validate reports the first option RunDuplex cannot run with, as a
// *FieldError.
func (o DuplexOptions) Validate() error {
	if err := o.Common.Validate(); err != nil {
		return err
	}
	if o.Messages < 1 || o.Messages > MaxDuplexMessages {
		return fieldErrorf(OptMessages, "must be from 1 to %#d, got %#d", MaxDuplexMessages, o.Messages)
	}
	if fe := o.intervalError(); fe != nil {
		return fe
	}
	switch {
	case o.TooBig && (o.Interactive || o.URL != ""):
		return &FieldError{Field: OptTooBig, With: []Option{OptInteractive, OptURL},
			Err: conflict("shows the built-in server's message limit; it cannot be combined with %s or %s")}
	case o.URL == "":
		return nil
	}
	// The same rules as handshake's URL: a host, and no #fragment (RFC 6455 §3).
	if _, err := ParseWebSocketURL(o.URL); err != nil {
		return &FieldError{Field: OptURL, Err: err}
	}
	if o.Addr != "" {
		return builtInOnly(OptAddr, "sets where the built-in server listens; with %s there is no built-in server")
	}
	return nil
}

// intervalError is what is wrong with Interval, or nil: in the scripted
// story it must be positive; in interactive mode it is the built-in
// server's push interval, at most server.MaxPushEvery, unless NoPush turns
// the pushes off (which the CLI does for --interactive --interval 0).
func (o DuplexOptions) intervalError() *FieldError {
	switch {
	case o.Interval < 0 && o.Interactive:
		return fieldErrorf(OptInterval, "must not be negative, got %s", o.Interval)
	case o.Interval <= 0 && !o.Interactive:
		return &FieldError{Field: OptInterval, With: []Option{OptInterval, OptInteractive},
			Err: conflict(fmt.Sprintf("must be positive, got %s (%%s 0 turns the server's pushes off with %%s)", o.Interval))}
	case o.NoPush:
		return nil
	case o.Interval == 0:
		return fieldErrorf(OptInterval, "must be positive unless the server's pushes are off (NoPush), got 0s")
	case o.URL == "" && o.Interval > server.MaxPushEvery:
		return &FieldError{Field: OptInterval, With: []Option{OptInterval},
			Err: conflict(fmt.Sprintf("%s: the built-in server waits at most %s between pushes (%%s 0 turns them off)", ShortDuration(o.Interval), ShortDuration(server.MaxPushEvery)))}
	}
	return nil
}

func (o DuplexOptions) hint() io.Writer {
	if o.Hint == nil {
		return io.Discard
	}
	return o.Hint
}

// pngSignature is the binary message of the story: the eight bytes that
// start every PNG file (PNG specification §5.2), a payload that is plainly
// not text.
var pngSignature = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}

// fragments are the pieces of the story's long message, in the run's
// language: what they say teaches, so a learner reads them in theirs. The
// middle one is longer than 125 bytes (in every language) so its header
// needs the 16-bit length form.
func fragments(t lang.Text) []string {
	return []string{
		t.F("A long message can be sent in pieces. "),
		t.F("This middle piece is longer than 125 bytes, so the 7-bit length field cannot hold its length: the field says 126 and the next two bytes carry the real length. "),
		t.F("The receiver joins the pieces into one message."),
	}
}

// closeReason is the reason the scripted client gives when it closes.
const closeReason lang.Msg = "demo finished"

// RunDuplex shows a WebSocket as a two-way road: after one HTTP handshake,
// the client and the server send frames whenever they like on the one TCP
// connection, until a closing handshake ends it.
//
// Against the built-in server (opts.URL == "") the server pushes messages on
// its own schedule and pings once while the client sends its messages, a
// fragmented message, a binary message and a ping, then closes with 1000.
// With opts.URL the same client runs against any WebSocket server and shows
// whatever comes back. With opts.Interactive the client sends what the user
// types instead.
//
// When ctx is cancelled (Ctrl-C) the client closes with 1001 (going away),
// so that frame crosses and is recorded, and RunDuplex returns ctx.Err().
func RunDuplex(ctx context.Context, rec *trace.Recorder, opts DuplexOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d := &duplex{opts: opts, rec: rec, builtIn: opts.URL == ""}
	if d.builtIn {
		// The push note says the interval the server was asked for, capped
		// or not (pushEvery): never 150 ms in place of the one asked.
		d.pushEvery = opts.pushEvery()
		switch {
		case opts.Interactive && opts.NoPush:
			d.pushEvery = 0
		case opts.Interactive:
			d.pushEvery = opts.Interval
		}
	}
	tr := newTracer(rec, newDuplexAnnotator(d).annotate, opts.text())
	d.tracer = tr
	opts.announceRTT(rec, trace.Client)
	d.tap = opts.newTap(tr)
	// No watch for a FIN outlives the scenario. Deferred first, so it runs
	// last, after the server has closed its side.
	defer d.tap.Wait()

	target := opts.URL
	if d.builtIn {
		// Without --verbose the server's checks go to a private recorder and
		// reach the trace as two summarising checks, the RFC's and the server's own
		// policy (duplexAnnotator.handshakeChecks).
		srvRec := rec
		if !opts.Verbose {
			d.checks = trace.NewRecorder()
			srvRec = d.checks
		}
		srv := server.New(server.Config{Rec: srvRec, ConnNumber: tr.ConnNumber, Strangers: d.stranger, Lang: opts.Lang})
		if err := srv.Start(opts.addr()); err != nil {
			return err
		}
		defer srv.Close()
		wo := server.WSOptions{Push: opts.Messages, Every: d.pushEvery, Ping: true}
		if opts.Interactive {
			wo.Push = MaxDuplexMessages
			if opts.NoPush {
				wo = server.WSOptions{}
			}
		}
		wo.Compress = opts.Compress
		target = "ws://" + srv.Addr() + "/ws" + wo.Query()
	}

	if err := d.dial(ctx, target); err != nil {
		return err
	}
	if opts.Interactive {
		return d.interactive(ctx)
	}
	return d.scripted(ctx)
}

// duplex is one run of the scenario.
type duplex struct {
	opts      DuplexOptions
	rec       *trace.Recorder
	checks    *trace.Recorder // the built-in server's checks when condensed
	tracer    *tracer
	tap       *wiretap.Tap
	facts     wsFacts      // what crossed, as the tap saw it: notes, summary, how it ended
	strangers atomic.Int64 // requests to the built-in server from clients that are not ours
	builtIn   bool
	pushEvery time.Duration

	conn      *websocket.Conn
	raw       net.Conn // the tapped connection under conn
	transport *http.Transport
	inbox     *inbox
}

// stranger is asked about each request to the built-in server from a
// client that is not the demo's own (server.Config.Strangers): another
// program that found --addr. With --verbose the server shows its checks of
// it, marked as another client's; without, the first one is noted and the
// rest counted for the summary. Either way nothing is kept per client, so a
// long session (duplex -i --addr) holds no more memory however many come.
func (d *duplex) stranger(addr string) bool {
	if d.strangers.Add(1) == 1 && !d.opts.Verbose {
		e := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindNote}
		d.opts.text().SetNote(&e, lang.M("A client that is not this demo's connected to the server's address. The demo does not tap its connection and its requests are not part of this story: the summary counts them, and --verbose shows the server's checks of each."))
		e.Summary, e.SummaryMsg = lang.Both("another client connected from %s: not this demo's", addr)
		d.rec.Emit(e)
	}
	return d.opts.Verbose
}

// dial opens the WebSocket through the tap and starts the reader.
func (d *duplex) dial(ctx context.Context, target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("parse %s: %w", target, err)
	}
	d.transport = tappedTransport(d.tap, u.Hostname(), d.opts.tlsConfig, func(c *wiretap.Conn, _ *tls.ConnectionState) {
		d.raw = c
		// --timeout bounds the whole handshake, also the library's own
		// waits: after a 101 that fails its checks (a wrong
		// Sec-WebSocket-Accept) coder/websocket reads the connection for
		// up to 3 s more, whatever the dial's context says.
		_ = c.SetDeadline(time.Now().Add(d.opts.timeout()))
	})

	// The dial honours Ctrl-C: before the upgrade there is no WebSocket to
	// close politely.
	dctx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	dopts := &websocket.DialOptions{
		HTTPClient:      &http.Client{Transport: d.transport},
		CompressionMode: websocket.CompressionDisabled,
	}
	if d.opts.Compress {
		// Offers "permessage-deflate" with context takeover, and
		// compresses every message, however short.
		dopts.CompressionMode = websocket.CompressionContextTakeover
		dopts.CompressionThreshold = server.CompressAll
	}
	conn, resp, err := websocket.Dial(dctx, target, dopts)
	if err != nil {
		d.transport.CloseIdleConnections()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return dialError(target, d.opts.timeout(), resp, err)
	}
	_ = d.raw.SetDeadline(time.Time{}) // from here each step sets its own bound
	conn.SetReadLimit(clientReadLimit)
	d.conn = conn
	d.inbox = startReader(conn)
	return nil
}

// clientReadLimit is the largest message the duplex client accepts: the
// echo of the biggest message the built-in server takes. A bigger one makes
// the client close with 1009 (message too big, RFC 6455 §7.4.1).
const clientReadLimit = server.MaxMessage + 64

// dialError turns a failed dial into one clear sentence.
// It is the same *HandshakeError the handshake command returns when the
// server answered but did not open a WebSocket, so both get the same hints.
func dialError(target string, timeout time.Duration, resp *http.Response, err error) error {
	if resp == nil {
		return connectFailure(target, timeout, err)
	}
	e := &HandshakeError{URL: target, Status: resp.StatusCode,
		Reason: strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		e.Location = resp.Header.Get("Location")
	case resp.StatusCode == http.StatusSwitchingProtocols:
		// A 101 that fails the client's checks (RFC 6455 §4.1), e.g. a wrong
		// Sec-WebSocket-Accept: the library's own words, without its prefixes.
		msg := err.Error()
		if i := strings.LastIndex(msg, "protocol violation: "); i >= 0 {
			msg = msg[i+len("protocol violation: "):]
		}
		e.Problem = msg
	}
	return e
}

// opCtx bounds one network operation. It is not derived from the caller's
// ctx: coder/websocket closes the connection when an operation's context is
// cancelled, and a Ctrl-C must still let the 1001 close frame cross.
func (d *duplex) opCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d.opts.timeout())
}

func (d *duplex) write(typ websocket.MessageType, p []byte) error {
	ctx, cancel := d.opCtx()
	defer cancel()
	if err := d.conn.Write(ctx, typ, p); err != nil {
		kind := "text"
		if typ == websocket.MessageBinary {
			kind = "binary"
		}
		return d.failed(fmt.Errorf("send %s message: %w", kind, err))
	}
	return nil
}

// failed explains an operation that failed because the server had already
// ended the connection, which says more than the write error does.
func (d *duplex) failed(err error) error {
	// The reader learns of the close a moment after a write fails on it.
	t := time.NewTimer(200 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return err
	case <-d.inbox.done:
		return d.readEnd()
	}
}

// readEnd explains why the reader stopped, once it has (see wsFacts.readEnd):
// the server's close frame, the client failing the connection because of
// what the server sent, or the server's end of TCP without a close frame.
func (d *duplex) readEnd() error {
	return d.facts.readEnd(d.inbox.err, d.tracer.Stats().Bytes[wire.FromServer], clientReadLimit)
}

// unfinished says, for a wait that ran out of time, that a server frame
// had begun to arrive and not finished (or "").
func (d *duplex) unfinished() string {
	return unfinished(d.facts.partial(d.tracer.Stats().Bytes[wire.FromServer]))
}

// serverClosed is a step cut short by the server's close frame.
type serverClosed struct{ status websocket.StatusCode }

func (e serverClosed) Error() string {
	return fmt.Sprintf("the server closed the connection: status %d (%s)", int(e.status), string(wire.CloseCodeName(int(e.status))))
}

// stop ends the story after a step failed. A server that closed with 1000
// (normal closure) or 1001 (going away) ended the conversation, as either
// side may at any time (RFC 6455 §1.4, §7.1.2): that is shown and summed
// up, not reported as wsdemo failing. Any other failure aborts the run.
func (d *duplex) stop(err error) error {
	var failed ClientFailedError
	if errors.As(err, &failed) {
		// The client's library has failed the connection: its close frame
		// is sent, and closing TCP comes next, with no answer to wait for
		// (RFC 6455 §7.1.7); a server still sending a huge message would
		// otherwise keep it open until --timeout.
		d.conn.CloseNow()
		d.transport.CloseIdleConnections()
		_ = d.inbox.wait(d.opts.timeout())
		return err
	}
	var closed serverClosed
	if !errors.As(err, &closed) || (closed.status != websocket.StatusNormalClosure && closed.status != websocket.StatusGoingAway) {
		return d.abort(err)
	}
	_ = d.closeNormally("") // the library has already answered the server's close frame
	note(d.rec, d.opts.text(), lang.M("the server ended the conversation before the story was over"),
		lang.M("The server sent a close frame with status %#d (%s), so the client stopped its story there. Either side may start the closing handshake whenever it likes (RFC 6455 §1.4, §7.1.2); the client's library answered with a close frame of its own (§5.5.1).", int(closed.status), wire.CloseCodeName(int(closed.status))))
	d.emitSummary()
	return nil
}

// ping sends a ping and waits for its pong (the reader delivers it). Ctrl-C
// ends the wait, and ping returns nil: the caller sees ctx and closes with
// 1001, which also ends the Ping still waiting. The Ping itself never sees
// ctx: coder/websocket drops the connection when a write's context ends,
// and the 1001 close frame must still be able to cross.
func (d *duplex) ping(ctx context.Context) error {
	result := make(chan error, 1)
	go func() {
		pctx, cancel := d.opCtx()
		defer cancel()
		result <- d.conn.Ping(pctx)
	}()
	var err error
	select {
	case err = <-result:
	case <-ctx.Done():
		return nil
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return d.failed(timeoutError(fmt.Sprintf("ping: no pong within %s%s", d.opts.timeout(), d.unfinished())))
	}
	return d.failed(fmt.Errorf("ping: %w", err))
}

// writeFragmented sends one text message in several frames: each Write of
// coder/websocket's message writer is one frame with FIN clear, and Close
// ends the message with a final frame.
func (d *duplex) writeFragmented(parts []string) error {
	ctx, cancel := d.opCtx()
	defer cancel()
	w, err := d.conn.Writer(ctx, websocket.MessageText)
	if err != nil {
		return d.failed(fmt.Errorf("send fragmented message: %w", err))
	}
	for _, p := range parts {
		if _, err := io.WriteString(w, p); err != nil {
			w.Close()
			return d.failed(fmt.Errorf("send fragment: %w", err))
		}
	}
	if err := w.Close(); err != nil {
		return d.failed(fmt.Errorf("finish fragmented message: %w", err))
	}
	return nil
}

// close runs the closing handshake and waits for the reader to stop, for
// at most bound: against a peer that never answers, coder/websocket would
// wait 5 s to send the close frame and 5 s more for the reply, whatever
// --timeout says. A deadline on the tapped connection ends both waits. A
// peer answering with another status code is what happened, not a failure.
func (d *duplex) close(code websocket.StatusCode, reason string, bound time.Duration) error {
	if d.raw != nil {
		_ = d.raw.SetDeadline(time.Now().Add(bound))
	}
	d.facts.startClosing()
	err := d.conn.Close(code, reason)
	d.transport.CloseIdleConnections()
	if werr := d.inbox.wait(bound); werr != nil && err == nil {
		err = werr
	}
	switch {
	case err == nil, websocket.CloseStatus(err) != -1, errors.Is(err, net.ErrClosed):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return timeoutError(fmt.Sprintf("close: the server did not complete the closing handshake within %s%s", bound, d.unfinished()))
	}
	return fmt.Errorf("close the WebSocket: %w", err)
}

// closeNormally ends the session with 1000 (normal closure), waiting for
// the server's reply for up to --timeout.
func (d *duplex) closeNormally(reason string) error {
	return d.close(websocket.StatusNormalClosure, reason, d.opts.timeout())
}

// goingAway closes with 1001 after Ctrl-C and returns ctx's error.
func (d *duplex) goingAway(ctx context.Context) error {
	_ = d.close(websocket.StatusGoingAway, "going away: interrupted", min(goingAwayWait, d.opts.timeout()))
	hurryCloses(d.tracer, d.tap)
	return ctx.Err()
}

// abort ends the connection after a failure: a close attempt (1001: the
// client is leaving), bounded by --timeout, then the failure itself.
func (d *duplex) abort(err error) error {
	_ = d.close(websocket.StatusGoingAway, "giving up after an error", d.opts.timeout())
	return err
}

// timeoutError is a wait that ran out of time: its own words, and
// errors.Is(err, context.DeadlineExceeded) for the CLI's hint.
type timeoutError string

func (e timeoutError) Error() string { return string(e) }
func (e timeoutError) Unwrap() error { return context.DeadlineExceeded }

// pause waits between the client's steps. It ends early when the server
// closes the connection (an error), or at Ctrl-C (nil: the caller checks
// ctx, then closes with 1001).
func (d *duplex) pause(ctx context.Context, every time.Duration) error {
	t := time.NewTimer(every)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-d.inbox.done:
		return d.failed(errors.New("the server ended the connection"))
	}
	return nil
}

// scripted runs the story: messages on the client's schedule while the
// server pushes on its own, a ping, a fragmented and a binary message, then
// the closing handshake and the summary.
func (d *duplex) scripted(ctx context.Context) error {
	n, every := d.opts.Messages, d.opts.Interval
	steps := []func() error{}
	for i := 1; i <= n; i++ {
		msg := lang.For(d.opts.Lang).F("message %d from the client", i)
		steps = append(steps, func() error { return d.write(websocket.MessageText, []byte(msg)) })
	}
	steps = append(steps,
		func() error { return d.ping(ctx) },
		func() error { return d.writeFragmented(fragments(lang.For(d.opts.Lang))) },
		func() error { return d.write(websocket.MessageBinary, pngSignature) },
	)
	for i, step := range steps {
		if i > 0 {
			if err := d.pause(ctx, every); err != nil {
				return d.stop(err)
			}
		}
		if ctx.Err() != nil {
			return d.goingAway(ctx)
		}
		err := step()
		if ctx.Err() != nil {
			return d.goingAway(ctx)
		}
		if err != nil {
			return d.stop(err)
		}
	}

	// Let the answers arrive before closing: the built-in server's are
	// counted (welcome, pushes, one echo per message); another server's are
	// not known, so wait until it has been quiet for a moment.
	var err error
	if d.builtIn {
		err = d.inbox.waitFor(ctx, 2*n+3, d.opts.timeout())
	} else {
		err = d.inbox.waitQuiet(ctx, max(every, 300*time.Millisecond), d.opts.timeout())
	}
	var early readerStopped
	switch {
	case ctx.Err() != nil:
		return d.goingAway(ctx)
	case errors.As(err, &early):
		return d.stop(fmt.Errorf("after %d of the %d messages the built-in server sends, %w", early.n, early.want, d.readEnd()))
	case errors.Is(err, context.DeadlineExceeded):
		return d.stop(timeoutError(err.Error() + d.unfinished()))
	case err != nil:
		return d.stop(err)
	}
	if d.opts.TooBig {
		return d.tooBig()
	}
	if err := d.closeNormally(lang.For(d.opts.Lang).F(closeReason)); err != nil {
		return err
	}
	d.emitSummary()
	return nil
}

// tooBig sends one message over the server's read limit and shows how the
// server defends itself: it reads up to the limit, refuses, and closes
// with 1009 (message too big, RFC 6455 §7.4.1). The client's
// library answers that close frame by itself.
func (d *duplex) tooBig() error {
	big := make([]byte, server.MaxMessage+1)
	for i := range big {
		big[i] = byte(i)
	}
	conn := 0
	if c, ok := d.raw.(*wiretap.Conn); ok {
		conn = c.ID // the tapped connection this note is about
	}
	intro := trace.Event{Conn: conn, From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	d.opts.text().SetNote(&intro, lang.M("A server must protect itself from messages too big for it (RFC 6455 §10.4). It could refuse as soon as the frame header states the length; this one (coder/websocket) reads the payload up to its limit, then stops and closes the connection with status 1009, message too big (RFC 6455 §7.4.1). Its close reason says %#d: the library reads one byte past the limit to notice the excess.", server.MaxMessage+1))
	intro.Summary, intro.SummaryMsg = lang.Both("the client sends %d bytes: one more than the server accepts in a message (%d)", len(big), server.MaxMessage)
	d.rec.Emit(intro)
	// The write may fail once the server has closed: what happened is in
	// the trace, and the close status below says whether it was a 1009.
	_ = d.write(websocket.MessageBinary, big)
	if err := d.inbox.wait(d.opts.timeout()); err != nil {
		return d.abort(err)
	}
	d.transport.CloseIdleConnections()
	if got := d.inbox.closeStatus(); got != websocket.StatusMessageTooBig {
		return fmt.Errorf("sent %d bytes, over the server's limit of %d, but the connection ended with status %d, not 1009", len(big), server.MaxMessage, got)
	}
	d.emitSummary()
	return nil
}

// inbox is what the reader goroutine reports: how many data messages came in
// and when, and how reading ended.
type inbox struct {
	mu      sync.Mutex
	n       int
	last    time.Time
	changed chan struct{} // closed and replaced on every message
	done    chan struct{} // closed when the reader stops
	err     error         // why it stopped; set before done closes
}

// startReader runs the reader coder/websocket needs: pings are answered and
// pongs and close frames processed only while a Read is in progress. It
// stops when the connection closes.
func startReader(conn *websocket.Conn) *inbox {
	in := &inbox{changed: make(chan struct{}), done: make(chan struct{}), last: time.Now()}
	go func() {
		defer close(in.done)
		for {
			// No deadline: the connection may rightly be idle for long (an
			// interactive user thinking). Close ends this Read.
			_, _, err := conn.Read(context.Background())
			in.mu.Lock()
			if err != nil {
				in.err = err
				in.mu.Unlock()
				return
			}
			in.n++
			in.last = time.Now()
			close(in.changed)
			in.changed = make(chan struct{})
			in.mu.Unlock()
		}
	}()
	return in
}

func (in *inbox) state() (n int, last time.Time, changed <-chan struct{}) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.n, in.last, in.changed
}

// waitFor waits until want messages have arrived. Its deadline is for
// silence: each message that arrives restarts it, so a long story (many
// slow pushes) is not cut short while the server keeps sending.
func (in *inbox) waitFor(ctx context.Context, want int, idle time.Duration) error {
	for {
		n, _, changed := in.state()
		if n >= want {
			return nil
		}
		t := time.NewTimer(idle)
		select {
		case <-changed:
			t.Stop()
		case <-in.done:
			t.Stop()
			return readerStopped{n, want}
		case <-t.C:
			return timeoutError(fmt.Sprintf("waiting for the server's messages: %d of %d arrived, then nothing for %s", n, want, idle))
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// readerStopped is a wait for messages that ended because the reader
// stopped, after n of the want messages: the caller says why it stopped.
type readerStopped struct{ n, want int }

func (e readerStopped) Error() string {
	return fmt.Sprintf("the connection ended after %d of the %d messages expected", e.n, e.want)
}

// waitQuiet waits until no message has arrived for quiet (at most timeout).
func (in *inbox) waitQuiet(ctx context.Context, quiet, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		_, last, changed := in.state()
		t := time.NewTimer(time.Until(last.Add(quiet)))
		select {
		case <-t.C:
			if _, l, _ := in.state(); !l.After(last) {
				return nil
			}
		case <-changed:
		case <-in.done:
			t.Stop()
			return nil // the server closed; close() reports how
		case <-deadline.C:
			t.Stop()
			return nil // a chatty server: stop listening and close
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		t.Stop()
	}
}

// wait waits for the reader to stop; it stops once the connection closes.
func (in *inbox) wait(timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-in.done:
		return nil
	case <-t.C:
		return fmt.Errorf("the connection did not close within %s", timeout)
	}
}

// closeStatus reports how the reader ended: the status of the peer's close
// frame, or -1 when there was none.
func (in *inbox) closeStatus() websocket.StatusCode {
	in.mu.Lock()
	defer in.mu.Unlock()
	return websocket.CloseStatus(in.err)
}

// emitSummary reports what one connection carried.
func (d *duplex) emitSummary() {
	d.tracer.waitClosed(closeWait) // both ends of the connection, before the summary
	s := d.tracer.Stats()
	f := d.facts.frameStats()
	const c, sv = 0, 1 // indices: client → server, server → client
	summary, summaryMsg := lang.Both("%d TCP connections, %d HTTP requests, %d client + %d server frames",
		s.Conns, s.Requests, f.frames[c], f.frames[sv])
	t := d.opts.text()
	note := []trace.Msg{lang.M("A frame header is 2 to 14 bytes: 2, plus 2 or 8 for a longer length, plus 4 for the masking key of a client frame (RFC 6455 §5.2).")}
	switch m := f.messages[c]; {
	case m == 1:
		note = append(note, lang.M("For comparison, the one HTTP request head was %d bytes: sending the client's message as an HTTP request would have cost a head like it, and the server could not have pushed anything at all.", f.requestHead))
	case m > 1:
		note = append(note, lang.M("For comparison, the one HTTP request head was %d bytes: sending each of the client's %d messages as its own HTTP request would have repeated a head like it every time, and the server could not have pushed anything at all.", f.requestHead, m))
	}
	fields := duplexSummaryFields(t, s, f, d.strangers.Load())
	stats := map[string]any{
		"tcp_connections":                     s.Conns,
		"http_requests":                       s.Requests,
		"frames_client_to_server":             f.frames[c],
		"frames_server_to_client":             f.frames[sv],
		"messages_client_to_server":           f.messages[c],
		"messages_server_to_client":           f.messages[sv],
		"control_frames_client_to_server":     f.control[c],
		"control_frames_server_to_client":     f.control[sv],
		"bytes_client_to_server":              s.Bytes[c],
		"bytes_server_to_client":              s.Bytes[sv],
		"handshake_bytes":                     s.HeaderBytes + s.BodyBytes,
		"frame_header_bytes_client_to_server": f.header[c],
		"frame_header_bytes_server_to_client": f.header[sv],
		"payload_bytes_client_to_server":      f.payload[c],
		"payload_bytes_server_to_client":      f.payload[sv],
	}
	if n := d.strangers.Load(); n > 0 {
		stats["other_client_requests"] = n
	}
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary, Summary: summary, SummaryMsg: summaryMsg,
		Fields: fields, Stats: d.opts.withRTT(stats)}
	t.SetNote(&e, note...)
	d.rec.Emit(e)
}

// duplexSummaryFields are the fields of duplex's summary: what each side
// sent, counted by the tap; strangers counts other clients' requests.
func duplexSummaryFields(t lang.Text, s wireStats, f frameStats, strangers int64) []trace.Field {
	const c, sv = 0, 1 // indices: client → server, server → client
	both := func(client, server int) string { return t.F("client %d · server %d", client, server) }
	fields := []trace.Field{
		{Name: t.F("frames sent"), Value: both(f.frames[c], f.frames[sv]),
			Meaning: t.F("including %d and %d control frames (ping, pong, close)", f.control[c], f.control[sv])},
		{Name: t.F("messages sent"), Value: both(f.messages[c], f.messages[sv]), Meaning: t.F("data messages, fragments joined")},
		{Name: t.F("bytes sent"), Value: both(s.Bytes[c], s.Bytes[sv]), Meaning: t.F("everything on the wire; %d of them the HTTP handshake", s.HeaderBytes+s.BodyBytes)},
		{Name: t.F("header bytes"), Value: both(f.header[c], f.header[sv]), Meaning: t.F("frame headers")},
		{Name: t.F("payload bytes"), Value: both(f.payload[c], f.payload[sv]), Meaning: t.F("application data")},
	}
	if strangers > 0 {
		fields = append(fields, trace.Field{Name: t.F("other clients"), Value: t.Int(strangers),
			Meaning: t.F("requests to the demo server from clients that are not this demo's")})
	}
	return fields
}
