package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wiretap"
)

// RealtimeStrategies are the ways tab B can follow tab A's edits, in the
// order the realtime scenario runs and reports them.
var RealtimeStrategies = []string{"refresh", "poll", "long-poll", "websocket", "tcp-floor"}

// Defaults of the realtime scenario's options, for the CLI's flags.
const (
	DefaultRealtimeEdits        = 20
	DefaultRealtimeEvery        = 100 * time.Millisecond
	DefaultRealtimePollInterval = 500 * time.Millisecond
)

// Limits of the realtime options: enough to explore, small enough that a
// typo does not run for hours.
const (
	MaxRealtimeEdits    = 1000
	MaxRealtimeInterval = 10 * time.Second
)

// Actor names of the realtime scenario.
const (
	tabA = "tab-a"
	tabB = "tab-b"
)

// RealtimeOptions configures the realtime scenario. Every field must be set
// (see the Default* constants); Validate says what is wrong.
type RealtimeOptions struct {
	Common
	// Edits is how many edits tab A makes, one every Every.
	Edits int
	Every time.Duration
	// PollInterval is how often tab B asks in the poll strategy.
	PollInterval time.Duration
	// Only limits the run to these strategies (see ParseStrategies); empty
	// means all. They run in the order of RealtimeStrategies.
	Only []string
	// Verbose asks the renderer to show every event instead of condensing
	// repetition. The scenario records every event either way.
	Verbose bool
}

// Validate reports the first option that is out of range, as a
// *FieldError.
func (o RealtimeOptions) Validate() error {
	if err := o.Common.Validate(); err != nil {
		return err
	}
	switch {
	case o.Edits < 1 || o.Edits > MaxRealtimeEdits:
		return fieldErrorf(OptEdits, "%#d: must be between 1 and %#d", o.Edits, MaxRealtimeEdits)
	case o.Every <= 0 || o.Every > MaxRealtimeInterval:
		return fieldErrorf(OptEvery, "%v: must be more than 0 and at most %v", o.Every, MaxRealtimeInterval)
	case o.PollInterval <= 0 || o.PollInterval > MaxRealtimeInterval:
		return fieldErrorf(OptPollInterval, "%v: must be more than 0 and at most %v", o.PollInterval, MaxRealtimeInterval)
	}
	for _, s := range o.Only {
		if !slices.Contains(RealtimeStrategies, s) {
			return fieldErrorf(OptOnly, "names an unknown strategy %q: choose from %s", s, strings.Join(RealtimeStrategies, ", "))
		}
	}
	return nil
}

// strategies returns the strategies to run, in canonical order.
func (o RealtimeOptions) strategies() []string {
	if len(o.Only) == 0 {
		return RealtimeStrategies
	}
	var out []string
	for _, s := range RealtimeStrategies {
		if slices.Contains(o.Only, s) {
			out = append(out, s)
		}
	}
	return out
}

// ParseStrategies parses a comma-separated list of strategies, such as
// "poll,websocket" (the --only flag). Spaces around names are ignored, and so
// are repeats.
func ParseStrategies(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(RealtimeStrategies, name) {
			return nil, unknownStrategy(name)
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no strategy named in %q: choose from %s", s, strings.Join(RealtimeStrategies, ", "))
	}
	return out, nil
}

func unknownStrategy(name string) error {
	return fmt.Errorf("unknown strategy %q: choose from %s", name, strings.Join(RealtimeStrategies, ", "))
}

// typed is what tab A types, one character per edit, round and round.
const typed = "Typed in tab A, seen in tab B. "

// realtimeRun is one run of the realtime scenario.
type realtimeRun struct {
	ctx   context.Context
	rec   *trace.Recorder
	opts  RealtimeOptions
	srv   *server.Server
	tabA  *http.Client
	tap   *wiretap.Tap
	obs   *realtimeObserver
	notes *realtimeNotes
}

// RunRealtime runs the two-tabs example: tab A edits a shared document, and
// tab B follows it in each of the strategies, one after another on a fresh
// document, while the tap measures tab B's connections. It records the
// traffic, one summary per strategy, and a final "comparison" summary.
func RunRealtime(ctx context.Context, rec *trace.Recorder, opts RealtimeOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	notes := &realtimeNotes{text: opts.text(), facts: &wsFacts{}}
	tr := newTracer(rec, notes.annotate, opts.text())
	tr.client = tabB
	obs := &realtimeObserver{tr: tr}
	tap := opts.newTap(obs)
	// No watch for a FIN outlives the scenario. Deferred first, so it runs
	// last, after the server has closed its side.
	defer tap.Wait()

	srv := server.New(server.Config{Rec: rec, ConnNumber: tr.ConnNumber, Lang: opts.Lang})
	if err := srv.Start(opts.addr()); err != nil {
		return err
	}
	defer srv.Close()
	defer srv.CloseRealtime()
	// A held poll must be answered before tab B's request times out.
	srv.SetLongPollHold(opts.timeout() / 2)

	// Tab A's connection is not tapped: only tab B's side is measured, and
	// tab A's edits are timed by the server as it applies them.
	aTransport := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}
	defer aTransport.CloseIdleConnections()

	r := &realtimeRun{ctx: ctx, rec: rec, opts: opts, srv: srv,
		tabA: &http.Client{Transport: aTransport, Timeout: opts.timeout()},
		tap:  tap, obs: obs, notes: notes}

	strategies := opts.strategies()
	opts.announceRTT(rec, tabB)
	intro := trace.Event{From: tabB, To: trace.Server, Kind: trace.KindNote}
	opts.text().SetNote(&intro, lang.M("Each way runs on its own document, one after another. Only tab B's connections are tapped, so the requests, responses and bytes counted are tab B's; the server notes each of tab A's edits as it applies it."),
		lang.M("Latency runs from that moment to the moment tab B's code had read and parsed the message carrying the edit (one monotonic clock, one process)."))
	intro.Summary, intro.SummaryMsg = lang.Both("two tabs, one document: tab A makes %d edits, one every %v; tab B follows in %d ways",
		opts.Edits, opts.Every, len(strategies))
	rec.Emit(intro)

	var results []realtimeResult
	for i, name := range strategies {
		res, err := r.runStrategy(i+1, len(strategies), name)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		results = append(results, res)
		emitRealtimeSummary(rec, opts, res)
	}
	emitRealtimeComparison(rec, opts, results)
	return nil
}

func (r *realtimeRun) timeout() time.Duration { return r.opts.timeout() }

// waitLimit bounds one wait for the next edit: an edit is due every Every
// and a poller looks every PollInterval, so tab B may legitimately wait that
// long before the timeout starts.
func (r *realtimeRun) waitLimit() time.Duration {
	return max(r.opts.Every, r.opts.PollInterval) + r.timeout()
}

func (r *realtimeRun) runStrategy(i, n int, name string) (realtimeResult, error) {
	r.notes.begin(name)
	heading := trace.Event{From: tabB, To: trace.Server, Kind: trace.KindNote}
	r.opts.text().SetNote(&heading, strategyNote(name, r.opts))
	heading.Summary, heading.SummaryMsg = lang.Both("%d/%d %s: %s", i, n, name, strategyTitles[name])
	r.rec.Emit(heading)

	// A fresh client per strategy: its own connections, nothing reused.
	transport := &http.Transport{DialContext: r.tap.DialContext, DisableCompression: true, MaxIdleConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: r.timeout()}

	before := r.obs.snapshot(r.notes.facts)
	var seen *seenLog
	var err error
	switch name {
	case "refresh":
		seen, err = r.refresh(name, client)
	case "poll":
		seen, err = r.follow(name, func(ctx context.Context, seen *seenLog, ready chan<- struct{}) error {
			return r.poll(ctx, name, client, seen, ready)
		})
	case "long-poll":
		seen, err = r.follow(name, func(ctx context.Context, seen *seenLog, ready chan<- struct{}) error {
			return r.longPoll(ctx, name, client, seen, ready)
		})
	case "websocket":
		seen, err = r.follow(name, func(ctx context.Context, seen *seenLog, ready chan<- struct{}) error {
			return r.websocket(ctx, name, client, seen, ready)
		})
	case "tcp-floor":
		relay, rerr := r.srv.StartTCPRelay("127.0.0.1:0", name)
		if rerr != nil {
			return realtimeResult{}, rerr
		}
		defer relay.Close()
		r.obs.setRelay(relay.Addr())
		seen, err = r.follow(name, func(ctx context.Context, seen *seenLog, ready chan<- struct{}) error {
			return r.tcpFloor(ctx, relay.Addr(), seen, ready)
		})
	default:
		return realtimeResult{}, unknownStrategy(name)
	}
	if err != nil {
		return realtimeResult{}, fmt.Errorf("%s: %w", name, err)
	}
	// The server notes how tab B closed its WebSocket once it has read the
	// Close frame, which can be after tab B is done: wait for that note, so
	// it stays with this strategy rather than land under the next heading.
	wctx, cancel := context.WithTimeout(r.ctx, r.timeout())
	err = r.srv.WaitPushers(wctx, name)
	cancel()
	if err != nil {
		return realtimeResult{}, fmt.Errorf("%s: %w", name, err)
	}
	transport.CloseIdleConnections()
	// Every end of every connection is reported before the count, and
	// under this strategy's heading, not the next one's.
	r.obs.tr.waitClosed(closeWait + r.opts.RTT)
	measured := r.obs.snapshot(r.notes.facts).minus(before)
	return newRealtimeResult(name, r.opts, r.srv.Edits(name), seen, measured), nil
}

// follower is tab B's side of a strategy: it signals ready once it is
// listening, marks each version as it sees it, and returns once it has seen
// the last edit (or ctx ends).
type follower func(ctx context.Context, seen *seenLog, ready chan<- struct{}) error

// follow runs tab B's follower beside tab A's typing and waits for it to
// see the last edit. The follower is this function's goroutine: every path
// out waits for it.
func (r *realtimeRun) follow(doc string, f follower) (*seenLog, error) {
	seen := newSeenLog(r.opts.Edits)
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- f(ctx, seen, ready) }()
	stop := func(err error) (*seenLog, error) {
		cancel()
		<-done
		return nil, err
	}

	select {
	case <-ready:
	case err := <-done:
		if err == nil {
			err = errors.New("tab B stopped before it started")
		}
		return nil, err
	case <-r.ctx.Done():
		return stop(r.ctx.Err())
	}
	if err := r.typeEdits(doc, done); err != nil {
		if errors.Is(err, errFollowerEnded) {
			return nil, err
		}
		return stop(err)
	}
	limit := time.NewTimer(r.waitLimit())
	defer limit.Stop()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return seen, nil
	case <-limit.C:
		return stop(fmt.Errorf("tab B saw %d of %d edits within %v", seen.have(), r.opts.Edits, r.waitLimit()))
	case <-r.ctx.Done():
		return stop(r.ctx.Err())
	}
}

var errFollowerEnded = errors.New("tab B stopped following before tab A finished")

// typeEdits makes tab A's edits on schedule: edit k at k×Every from now.
// followerDone, if not nil, reports tab B's follower ending early.
func (r *realtimeRun) typeEdits(doc string, followerDone <-chan error) error {
	start := time.Now()
	for k := 1; k <= r.opts.Edits; k++ {
		t := time.NewTimer(time.Until(start.Add(time.Duration(k) * r.opts.Every)))
		select {
		case <-t.C:
		case err := <-followerDone:
			t.Stop()
			if err == nil {
				return errFollowerEnded
			}
			return fmt.Errorf("%w: %w", errFollowerEnded, err)
		case <-r.ctx.Done():
			t.Stop()
			return r.ctx.Err()
		}
		if err := r.postEdit(doc, k); err != nil {
			return err
		}
	}
	return nil
}

// postEdit is tab A typing one character: a POST the server applies.
func (r *realtimeRun) postEdit(doc string, k int) error {
	body, _ := json.Marshal(map[string]string{"text": string(typed[(k-1)%len(typed)])})
	req, err := http.NewRequestWithContext(r.ctx, "POST", r.srv.URL()+"/docs/"+doc+"/edits", strings.NewReader(string(body)))
	if err != nil {
		return fmt.Errorf("tab A: edit %d: %w", k, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-User", tabA)
	resp, err := r.tabA.Do(req)
	if err != nil {
		return fmt.Errorf("tab A: edit %d: %w", k, err)
	}
	defer resp.Body.Close()
	var e server.Edit
	if err := decodeJSON(resp, http.StatusCreated, &e); err != nil {
		return fmt.Errorf("tab A: edit %d: %w", k, err)
	}
	if e.V != k {
		return fmt.Errorf("tab A: edit %d became version %d: the document was not fresh", k, e.V)
	}
	return nil
}

// refresh: tab B sends nothing while tab A types; a moment after the last
// edit the user reloads, once.
func (r *realtimeRun) refresh(doc string, client *http.Client) (*seenLog, error) {
	seen := newSeenLog(r.opts.Edits)
	if err := r.typeEdits(doc, nil); err != nil {
		return nil, err
	}
	// The user notices a moment (one edit interval) later and reloads.
	if err := sleepCtx(r.ctx, r.opts.Every); err != nil {
		return nil, err
	}
	resp, err := r.get(r.ctx, client, "/docs/"+doc, "")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var st server.DocState
	if err := decodeJSON(resp, http.StatusOK, &st); err != nil {
		return nil, fmt.Errorf("tab B: reload: %w", err)
	}
	seen.reload(st.V, time.Now())
	return seen, nil
}

// poll: tab B asks every PollInterval whether the document changed, naming
// the version it has; 304 means no.
func (r *realtimeRun) poll(ctx context.Context, doc string, client *http.Client, seen *seenLog, ready chan<- struct{}) error {
	close(ready)
	tick := time.NewTicker(r.opts.PollInterval)
	defer tick.Stop()
	for {
		resp, err := r.get(ctx, client, "/docs/"+doc, fmt.Sprintf(`"v%d"`, seen.have()))
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusNotModified {
			drainClose(resp)
		} else {
			var st server.DocState
			err := decodeJSON(resp, http.StatusOK, &st)
			at := time.Now()
			resp.Body.Close()
			if err != nil {
				return fmt.Errorf("tab B: poll: %w", err)
			}
			seen.mark(st.V, at)
		}
		if seen.complete() {
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// longPoll: tab B asks for the edits after its version; the server holds
// the request until there is one, and tab B asks again at once.
func (r *realtimeRun) longPoll(ctx context.Context, doc string, client *http.Client, seen *seenLog, ready chan<- struct{}) error {
	close(ready)
	for !seen.complete() {
		resp, err := r.get(ctx, client, fmt.Sprintf("/docs/%s/edits?since=%d", doc, seen.have()), "")
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusNoContent {
			drainClose(resp) // held until the server's hold time: ask again
			continue
		}
		var edits []server.Edit
		err = decodeJSON(resp, http.StatusOK, &edits)
		at := time.Now()
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("tab B: long poll: %w", err)
		}
		for _, e := range edits {
			seen.mark(e.V, at)
		}
	}
	return nil
}

// websocket: one handshake, then tab B only reads what the server pushes.
// If ctx ends first, tab B closes with 1001 (going away), as a browser
// does when a tab is closed.
func (r *realtimeRun) websocket(ctx context.Context, doc string, client *http.Client, seen *seenLog, ready chan<- struct{}) error {
	dctx, cancel := context.WithTimeout(ctx, r.timeout())
	c, _, err := websocket.Dial(dctx, "ws://"+r.srv.Addr()+"/docs/"+doc+"/ws?since=0", &websocket.DialOptions{HTTPClient: client})
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("tab B: open WebSocket: %w", err)
	}
	defer c.CloseNow()
	close(ready)
	// Reads use their own deadline, not ctx: a cancelled read would drop the
	// connection without a close frame. On ctx's end the close handshake
	// runs beside the read, which receives the server's answer.
	stop := onCancel(ctx, func() { c.Close(websocket.StatusGoingAway, "tab closed") })
	defer stop()
	for !seen.complete() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.waitLimit())
		_, b, err := c.Read(rctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("tab B: read WebSocket message: %w", err)
		}
		if err := seen.markEdit(b); err != nil {
			return fmt.Errorf("tab B: WebSocket message %q: %w", b, err)
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, "all edits seen"); err != nil && ctx.Err() == nil {
		return fmt.Errorf("tab B: close WebSocket: %w", err)
	}
	return nil
}

// tcpFloor: the same pushes as JSON lines on a raw TCP connection.
func (r *realtimeRun) tcpFloor(ctx context.Context, addr string, seen *seenLog, ready chan<- struct{}) error {
	dctx, cancel := context.WithTimeout(ctx, r.timeout())
	conn, err := r.tap.DialContext(dctx, "tcp", addr)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("tab B: connect to the TCP relay: %w", err)
	}
	defer conn.Close()
	close(ready)
	stop := onCancel(ctx, func() { conn.Close() })
	defer stop()
	br := bufio.NewReader(conn)
	for !seen.complete() {
		conn.SetReadDeadline(time.Now().Add(r.waitLimit()))
		line, err := br.ReadBytes('\n')
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("tab B: read from the TCP relay: %w", err)
		}
		if err := seen.markEdit(line); err != nil {
			return fmt.Errorf("tab B: relay line %q: %w", line, err)
		}
	}
	return nil
}

// get sends tab B's GET; etag, if set, goes in If-None-Match.
func (r *realtimeRun) get(ctx context.Context, client *http.Client, path, etag string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", r.srv.URL()+path, nil)
	if err != nil {
		return nil, fmt.Errorf("tab B: GET %s: %w", path, err)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("tab B: GET %s: %w", path, err)
	}
	return resp, nil
}

func decodeJSON(resp *http.Response, want int, v any) error {
	if resp.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("decode %s body: %w", resp.Status, err)
	}
	// Read to the end so the connection can carry the next request.
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

func drainClose(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// onCancel runs f in its own goroutine if ctx ends before the returned stop
// is called; stop waits for f, so f never outlives its caller.
func onCancel(ctx context.Context, f func()) (stop func()) {
	done := make(chan struct{})
	s := context.AfterFunc(ctx, func() {
		defer close(done)
		f()
	})
	return func() {
		if !s() {
			<-done
		}
	}
}
