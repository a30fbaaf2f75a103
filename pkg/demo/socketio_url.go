package demo

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
)

// runSocketIOURL runs wsdemo's Socket.IO client against the learner's
// server: connect (long-polling, then the upgrade if the server offers
// it), emit what --emit asks, show what arrives for Listen, and leave.
func runSocketIOURL(ctx context.Context, rec *trace.Recorder, opts SocketIOOptions) error {
	t := opts.text()
	u, err := url.Parse(opts.URL)
	if err != nil {
		return err
	}
	ann := newSIOAnnotator(t, false, opts.Verbose, rec.Since)
	tr := newTracer(rec, ann.annotate, t)
	opts.announceRTT(rec, trace.Client)
	tap := opts.newTap(tr)
	tap.Dialer.Timeout = opts.timeout()
	defer tap.Wait()
	transport := tappedTransport(tap, u.Hostname(), nil, nil)
	defer transport.CloseIdleConnections()
	listen := opts.Listen
	if listen <= 0 {
		listen = DefaultSocketIOListen
	}
	path := opts.Path
	if path == "" {
		path = sioclient.DefaultPath
	}
	intro := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote}
	intro.Summary, intro.SummaryMsg = lang.Both("wsdemo's Socket.IO client → %s, path %s", opts.URL, path)
	t.SetNote(&intro, lang.M("wsdemo connects to your server as a Socket.IO client does: long-polling first, then the upgrade to WebSocket if the server offers it. Every packet either side sends is shown. The plan, once connected: listen for %v, then leave the namespace and close.", listen))
	rec.Emit(intro)

	w := newSIOWatch()
	// Once the client leaves, how its session ends is its own doing, even
	// when the server's end of the connection comes first: no notice.
	var leaving atomic.Bool
	// upgradeFailedAt is how many events had arrived when the upgrade
	// failed, -1 while it has not: the end says what followed.
	var upgradeFailedAt atomic.Int64
	upgradeFailedAt.Store(-1)
	w.onNotice = func(n sioclient.Notice) {
		ended := w.last(sioclient.Disconnected).Kind == sioclient.Disconnected
		if n.Kind == sioclient.UpgradeFailed && !ended {
			upgradeFailedAt.Store(int64(len(w.eventsSoFar())))
		}
		if n.Kind != sioclient.Disconnected || !leaving.Load() {
			urlNotice(rec, t, n, ended)
		}
	}
	h := http.Header{}
	if opts.Origin != "" {
		h.Set("Origin", opts.Origin)
	}
	dctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	c, err := sioclient.Dial(dctx, sioclient.Options{URL: opts.URL, Path: path, HTTPClient: &http.Client{Transport: transport},
		Header: h, Auth: opts.Auth, Timeout: opts.timeout(), OnEvent: w.event, Notify: w.notify})
	if err != nil {
		transport.CloseIdleConnections()
		if ctx.Err() != nil {
			hurryCloses(tr, tap)
			return ctx.Err()
		}
		tr.waitClosed(closeWait + opts.RTT)
		return socketIOFailure(opts.URL, opts.timeout(), err)
	}
	var acked chan struct{}
	if opts.Emit != "" {
		var args []any
		if opts.Data != nil {
			args = append(args, opts.Data)
		}
		if opts.Ack {
			acked = make(chan struct{})
			actx, cancelAck := context.WithTimeout(ctx, listen)
			defer cancelAck()
			go func() {
				defer close(acked)
				a, err := c.EmitAck(actx, opts.Emit, args...)
				if ctx.Err() == nil {
					ackNote(rec, t, a, err, listen)
				}
			}()
		} else if err := c.Emit(opts.Emit, args...); err != nil {
			leaving.Store(true)
			_ = c.GoingAway(goingAwayWait)
			return err
		}
	}
	ended := w.wait(ctx, listen, "", func(ns []sioclient.Notice, _ []sioclient.Event) bool {
		return countNotices(ns, sioclient.Disconnected) > 0
	})
	if acked != nil {
		// The acknowledgement is waited for as long as the listening, and
		// no longer: a session that ended has failed it already.
		<-acked
	}
	leaving.Store(ended != nil)
	var endErr error
	switch {
	case ctx.Err() != nil:
		_ = c.GoingAway(goingAwayWait)
		hurryCloses(tr, tap)
		return ctx.Err()
	case ended == nil:
		// The server ended the session; the notice said how.
		c.Abort()
		endErr = sessionEndedError(w.last(sioclient.Disconnected))
	default:
		if err := c.Close(); err != nil && !errors.Is(err, sioclient.ErrClosed) {
			return err
		}
	}
	tr.waitClosed(closeWait + opts.RTT)
	if at := upgradeFailedAt.Load(); at >= 0 {
		afterUpgradeFailed(rec, t, len(w.eventsSoFar())-int(at), endErr)
	}
	s := tr.Stats()
	events := len(w.eventsSoFar())
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary,
		Stats: opts.withRTT(map[string]any{"server": opts.URL, "tcp_connections": s.Conns, "http_requests": s.Requests,
			"ws_frames": s.Frames[0] + s.Frames[1], "events_received": events,
			"bytes_client_to_server": s.Bytes[0], "bytes_server_to_client": s.Bytes[1]})}
	e.Summary, e.SummaryMsg = lang.Both("%d TCP connections, %d HTTP requests, %d WebSocket frames; %d events received", s.Conns, s.Requests, s.Frames[0]+s.Frames[1], events)
	e.Fields = socketIOSummaryFields(t, e.Stats)
	rec.Emit(e)
	return endErr
}

// afterUpgradeFailed says what the tap saw after the upgrade failed: the
// session ended too (err, from sessionEndedError), or it went on over
// long-polling with the events that arrived since.
func afterUpgradeFailed(rec *trace.Recorder, t lang.Text, events int, err error) {
	e := trace.Event{From: trace.Client, To: trace.Client, Kind: trace.KindNote}
	switch {
	case err != nil:
		e.Summary, e.SummaryMsg = lang.Both("after the failed upgrade: the session ended too")
		t.SetNote(&e, lang.M("The WebSocket never opened, and the long-polling requests that still carried the session failed as well: the server went away. Is it still running?"))
	default:
		e.Summary, e.SummaryMsg = lang.Both("after the failed upgrade: the session stayed on long-polling, %d events received", events)
		t.SetNote(&e, lang.M("The WebSocket never opened; the session went on in HTTP requests and their bodies, as long-polling carries it."))
	}
	rec.Emit(e)
}

// urlNotice records what the client says of itself against the learner's
// server: an upgrade that failed, a session the server ended.
//
// ended says the session had ended already when n came: an upgrade's
// failure can be told after the long-polling's.
func urlNotice(rec *trace.Recorder, t lang.Text, n sioclient.Notice, ended bool) {
	e := trace.Event{From: trace.Client, To: trace.Client, Kind: trace.KindNote}
	switch n.Kind {
	case sioclient.UpgradeFailed:
		e.Summary, e.SummaryMsg = lang.Both("the upgrade to WebSocket failed: %s", upgradeCause(n.Err))
		if ended {
			t.SetNote(&e, lang.M("The session on long-polling had already ended: the server went away under both."))
			break
		}
		t.SetNote(&e, lang.M("The session had not moved yet: it was still on long-polling, where a Socket.IO client keeps it when the WebSocket does not open (Engine.IO v4, \"Upgrade\"). What follows shows how it went on."))
	case sioclient.Disconnected:
		if n.Reason == sioclient.ReasonClient {
			return
		}
		e.Summary, e.SummaryMsg = lang.Both("the session ended (%s)", n.Reason)
		t.SetNote(&e, disconnectCause(&n))
	default:
		return
	}
	rec.Emit(e)
}

// ackNote says what answered an event sent with --ack: the ACK or
// BINARY_ACK with its id and its data (binary attachments put back where
// their placeholders were), or that none came.
func ackNote(rec *trace.Recorder, t lang.Text, a sioclient.Ack, err error, listen time.Duration) {
	e := trace.Event{From: trace.Client, To: trace.Client, Kind: trace.KindNote}
	switch {
	case err == nil && a.Binary:
		e.Summary, e.SummaryMsg = lang.Both("the acknowledgement came: BINARY_ACK (6) with id %#d, data [%s]", a.ID, strings.Join(a.Shown(), ","))
		t.SetNote(&e, lang.M("An acknowledgement with binary data came: a BINARY_ACK, the same id, the placeholders in its JSON and the bytes in attachments after it, put back here in their places (Socket.IO v5, \"Acknowledgement\")."))
	case err == nil:
		e.Summary, e.SummaryMsg = lang.Both("the acknowledgement came: ACK (3) with id %#d, data [%s]", a.ID, strings.Join(a.Shown(), ","))
		t.SetNote(&e, lang.M("An acknowledgement came: an ACK packet with the same id as the event, carrying what the server's handler gave its callback (Socket.IO v5, \"Acknowledgement\")."))
	case errors.Is(err, sioclient.ErrDisconnected):
		e.Summary, e.SummaryMsg = lang.Both("no acknowledgement: the session ended before one came (ack id %#d)", a.ID)
		t.SetNote(&e, lang.M("The event asked for an acknowledgement with its id; no ACK with that id arrived while the session lasted."))
	case errors.Is(err, context.DeadlineExceeded):
		e.Summary, e.SummaryMsg = lang.Both("no acknowledgement within %v (ack id %#d)", listen, a.ID)
		t.SetNote(&e, lang.M("The event asked for an acknowledgement with its id; no ACK with that id arrived. Does the server's handler take the callback as its last argument and call it?"))
	default:
		e.Summary, e.SummaryMsg = lang.Both("the event could not be sent: %s", err.Error())
	}
	rec.Emit(e)
}

// last returns the last notice of kind k (the zero Notice when none came).
func (w *sioWatch) last(k sioclient.NoticeKind) sioclient.Notice {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.ns) - 1; i >= 0; i-- {
		if w.ns[i].Kind == k {
			return w.ns[i]
		}
	}
	return sioclient.Notice{}
}

// eventsSoFar returns the events kept so far.
func (w *sioWatch) eventsSoFar() []sioclient.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]sioclient.Event(nil), w.es...)
}

// socketIOFailure says why the client could not connect: the server's
// answer (a *sioclient.HandshakeError, a *sioclient.ConnectError, kept as
// they are for the CLI's hints), or the network's words.
func socketIOFailure(target string, timeout time.Duration, err error) error {
	var he *sioclient.HandshakeError
	var ce *sioclient.ConnectError
	switch {
	case errors.As(err, &he) || errors.As(err, &ce):
		return err
	case errors.Is(err, syscall.ECONNREFUSED):
		return &sayError{lang.M("nothing is listening at %s (connection refused)", target), []error{err}}
	case errors.Is(err, syscall.ECONNRESET):
		return &sayError{lang.M("the server at %s reset the connection (a TCP RST) before answering", target), []error{err}}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &sayError{lang.M("no answer from %s within %v", target, timeout), []error{context.DeadlineExceeded}}
	}
	return connectFailure(target, timeout, err)
}
