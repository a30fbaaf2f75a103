package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// HTTPOptions configures the http scenario.
type HTTPOptions struct {
	Common
	// NoKeepAlive sends each request on its own TCP connection.
	NoKeepAlive bool
}

// httpStep is one request of the story and the teaching notes of its
// request and response.
type httpStep struct {
	method, path, body string
	auth               bool
	requestNote        trace.Msg
	responseNote       trace.Msg
}

// httpAnnotator is the http scenario's Annotator: the close notes, a note
// on the first two connections, and the note the story set for the next
// message of each kind (pendingNotes).
func httpAnnotator(t lang.Text, closes *httpCloseNotes, notes *pendingNotes) Annotator {
	var conns atomic.Int32
	return func(e *trace.Event) {
		closes.annotate(e)
		switch e.Kind {
		case trace.KindTCPConnect:
			switch conns.Add(1) {
			case 1:
				t.SetNote(e, lang.M("HTTP rides on a TCP connection: the client opens it, then sends its request (RFC 9110 §3.3)."))
			case 2:
				// With --no-keepalive every request opens one: say it once.
				t.SetNote(e, lang.M("A new TCP connection for the next request: a client that sends Connection: close sends no further request on that connection (RFC 9112 §9.6). Every request from here on opens its own."))
			}
			return
		case trace.KindTCPClose:
			return
		}
		if e.Note == "" {
			t.SetNote(e, notes.take(e.Kind))
		}
	}
}

// RunHTTP runs the REST story against the notes API: GET, POST, GET, a GET
// without credentials on the same connection (stateless), and a change made
// by another user that our client only sees when it asks (one-way).
func RunHTTP(ctx context.Context, rec *trace.Recorder, opts HTTPOptions) error {
	if err := opts.Common.Validate(); err != nil {
		return err
	}
	t := opts.text()
	notes := &pendingNotes{}
	var tr *tracer
	closes := newHTTPCloseNotes(t, func(conn int) tcpEnding { return tr.ending(conn) })
	tr = newTracer(rec, httpAnnotator(t, closes, notes), t)
	opts.announceRTT(rec, trace.Client)
	srv := server.New(server.Config{Rec: rec, ConnNumber: tr.ConnNumber, Lang: opts.Lang})
	if err := srv.Start(opts.addr()); err != nil {
		return err
	}
	defer srv.Close()

	tap := opts.newTap(tr)
	defer tap.Wait() // no watch for a FIN outlives the scenario
	transport := &http.Transport{
		DialContext:        tap.DialContext,
		DisableKeepAlives:  opts.NoKeepAlive,
		DisableCompression: true, // keep the bytes readable: no gzip
		MaxIdleConns:       1,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: opts.timeout()}

	statelessNote := lang.M("Stateless, shown: the same request on the same TCP connection, but without the Authorization header.")
	if opts.NoKeepAlive {
		statelessNote = lang.M("Stateless, shown: the same request on a new TCP connection (--no-keepalive), but without the Authorization header.")
	}
	steps := []httpStep{
		{method: "GET", path: "/api/notes", auth: true,
			requestNote:  lang.M("The client always speaks first: it asks for the list of notes and proves who it is with a bearer token (RFC 9110 §3.4, §11.6.2; RFC 6750 §2.1)."),
			responseNote: lang.M("The server answers this one request. The list is empty: nobody has written a note yet.")},
		{method: "POST", path: "/api/notes", auth: true, body: `{"text":"buy milk"}`,
			requestNote:  lang.M("POST sends data for the server to process: here, a new note as JSON (RFC 9110 §9.3.3). Content-Length tells the server where the body ends."),
			responseNote: lang.M("201 Created: the note now lives on the server, and Location says where (RFC 9110 §15.3.2).")},
		{method: "GET", path: "/api/notes", auth: true,
			requestNote:  lang.M("Ask again: the data lives on the server, not in the client."),
			responseNote: lang.M("The note is there. The server stored the data; it did not remember the client.")},
		{method: "GET", path: "/api/notes", auth: false,
			requestNote:  statelessNote,
			responseNote: lang.M("401: this request carried no credentials, and the valid token sent a moment ago does not count for it. In HTTP each request is understood on its own (RFC 9110 §3.3), so each carries its own credentials.")},
	}
	var timings []requestTiming
	for _, st := range steps {
		timing, err := doRequest(ctx, client, srv, st, notes)
		if err != nil {
			return err
		}
		timings = append(timings, timing)
	}

	// One-way, shown: another user changes the data while our client is
	// idle. Nothing reaches our client: the server has no way to speak first.
	idle := 300 * time.Millisecond
	if opts.NoKeepAlive {
		// The note below says no connection is open: make it so in the
		// trace, both ends of every connection closed.
		tr.waitClosed(closeWait)
	}
	added := srv.AddNote("call Ana", "ana")
	idleNote := lang.M("Our client's connection is open and idle, yet the server sends nothing: in HTTP a server only ever answers a request (RFC 9110 §3.4).")
	if opts.NoKeepAlive {
		idleNote = lang.M("Our client is idle, with no connection open. Even with one, the server could send nothing: in HTTP a server only ever answers a request (RFC 9110 §3.4).")
	}
	meanwhile := trace.Event{From: trace.Server, To: trace.Server, Kind: trace.KindNote}
	t.SetNote(&meanwhile, idleNote)
	meanwhile.Summary, meanwhile.SummaryMsg = lang.Both("meanwhile, another user adds note #%#d %q on the server", added.ID, added.Text)
	rec.Emit(meanwhile)
	select {
	case <-time.After(idle):
	case <-ctx.Done():
		return ctx.Err()
	}
	last, err := doRequest(ctx, client, srv, httpStep{method: "GET", path: "/api/notes", auth: true,
		requestNote:  lang.M("%v later, our client asks again. Only now can it learn about the new note.", idle),
		responseNote: lang.M("Two notes: the client saw the change only because it asked. To see changes as they happen, it would have to keep asking (polling), or use a WebSocket.")},
		notes)
	if err != nil {
		return err
	}
	timings = append(timings, last)
	transport.CloseIdleConnections()
	tr.waitClosed(closeWait + opts.RTT) // the server's FIN comes a one-way trip late
	emitHTTPSummary(rec, tr.Stats(), timings, opts)
	return nil
}

// rttTimingNote says what the simulated distance cost each request, from
// the timings measured: the wait for each answer, and the connect of each
// new connection.
func rttTimingNote(opts HTTPOptions, timings []requestTiming) []trace.Msg {
	var waits []time.Duration
	connect := time.Duration(-1) // the shortest wait to send on a new connection
	for _, tm := range timings {
		if tm.firstByte <= 0 {
			continue
		}
		waits = append(waits, tm.firstByte-tm.wrote)
		if !tm.reused && (connect < 0 || tm.wrote < connect) {
			connect = tm.wrote
		}
	}
	if len(waits) == 0 {
		return nil
	}
	lo, hi := slices.Min(waits), slices.Max(waits)
	s := []trace.Msg{lang.M("With a simulated round trip of %v, each answer began %s to %s ms after its request was written: a request waits a whole round trip for its answer, however small it is.", opts.RTT, fmtMS(lo), fmtMS(hi))}
	if connect >= opts.RTT {
		s = append(s, lang.M("A new connection cost one more round trip before its request could leave (%s ms or more here): the SYN and the SYN-ACK.", fmtMS(connect)))
	}
	return s
}

// httpCloseNotes explains how each connection of the http scenario ended,
// from what crossed it and how the tap saw it end. Each sentence is said
// once: with --no-keepalive five connections end alike.
type httpCloseNotes struct {
	t      lang.Text
	ending func(conn int) tcpEnding

	mu    sync.Mutex
	conns map[int]*httpConnSeen
	said  map[string]bool // the sentences said, in n.t's language
}

// httpConnSeen counts what crossed one connection.
type httpConnSeen struct {
	requests, responses int
	closeOption         bool
}

func newHTTPCloseNotes(t lang.Text, ending func(conn int) tcpEnding) *httpCloseNotes {
	return &httpCloseNotes{t: t, ending: ending, conns: map[int]*httpConnSeen{}, said: map[string]bool{}}
}

func (n *httpCloseNotes) annotate(e *trace.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := n.conns[e.Conn]
	if c == nil {
		c = &httpConnSeen{}
		n.conns[e.Conn] = c
	}
	switch e.Kind {
	case trace.KindHTTPRequest, trace.KindHTTPResponse:
		if e.Kind == trace.KindHTTPRequest {
			c.requests++
		} else {
			c.responses++
		}
		if v, ok := e.HTTP.Header("Connection"); ok && wire.HasToken(v, "close") {
			c.closeOption = true
		}
	case trace.KindTCPClose:
		f := n.ending(e.Conn)
		var note trace.Msg
		if e.TCP != nil && e.TCP.First {
			note = httpCloseNote(httpConn{closeOption: c.closeOption, idle: c.requests == c.responses}, f)
		} else {
			note = followerNote(f)
		}
		if said := n.t.Say(note); said != "" && !n.said[said] {
			n.said[said] = true
			n.t.SetNote(e, note)
		}
	}
}

// requestTiming is what httptrace measured for one request.
type requestTiming struct {
	label     string
	reused    bool
	wrote     time.Duration // request fully written, from the start of the request
	firstByte time.Duration // first response byte, from the start of the request
}

func doRequest(ctx context.Context, client *http.Client, srv *server.Server, st httpStep, notes *pendingNotes) (requestTiming, error) {
	notes.set(trace.KindHTTPRequest, st.requestNote)
	notes.set(trace.KindHTTPResponse, st.responseNote)

	timing := requestTiming{label: st.method + " " + st.path}
	var start time.Time
	ct := &httptrace.ClientTrace{
		GotConn:              func(i httptrace.GotConnInfo) { timing.reused = i.Reused },
		WroteRequest:         func(httptrace.WroteRequestInfo) { timing.wrote = time.Since(start) },
		GotFirstResponseByte: func() { timing.firstByte = time.Since(start) },
	}
	var body io.Reader
	if st.body != "" {
		body = strings.NewReader(st.body)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, ct), st.method, srv.URL()+st.path, body)
	if err != nil {
		return timing, fmt.Errorf("build %s %s: %w", st.method, st.path, err)
	}
	if st.auth {
		req.Header.Set("Authorization", "Bearer "+srv.Token())
	}
	if st.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	start = time.Now()
	resp, err := client.Do(req)
	if err != nil {
		// A cancelled request's trace hooks may still run on the
		// transport's goroutine: leave timing to them, do not read it.
		if errors.Is(ctx.Err(), context.Canceled) {
			return requestTiming{}, ctx.Err()
		}
		return requestTiming{}, fmt.Errorf("%s %s: %w", st.method, st.path, err)
	}
	defer resp.Body.Close()
	// Read the whole body so the connection can be reused for the next request.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return timing, fmt.Errorf("read response to %s %s: %w", st.method, st.path, err)
	}
	return timing, nil
}

func emitHTTPSummary(rec *trace.Recorder, s wireStats, timings []requestTiming, opts HTTPOptions) {
	text := opts.text()
	var list []map[string]any
	for _, t := range timings {
		list = append(list, map[string]any{"request": t.label, "conn_reused": t.reused,
			"wrote_ms": ms(t.wrote), "first_byte_ms": ms(t.firstByte)})
	}
	fields := httpTimingFields(text, timings)
	summary, summaryMsg := lang.Both("%d requests, %d responses over %d TCP connections", s.Requests, s.Responses, s.Conns)
	// The heads are counted both ways: only the requests' part is what
	// statelessness repeats, so the note says which is which.
	note := []trace.Msg{lang.M("HTTP heads (start line and header fields), both ways, were %d of the %d bytes: %d in the requests, %d in the responses. Statelessness accounts for only part of it: each request carries its own credentials and context, because each is understood on its own (RFC 9110 §3.3).",
		s.HeaderBytes, s.HeaderBytes+s.BodyBytes, s.HeadBytes[wire.FromClient], s.HeadBytes[wire.FromServer])}
	if len(timings) > 0 {
		note = append(note, lang.M("Each request's times count from the moment the client began it (its call to send the request), so on a new connection they include opening TCP."))
	}
	if opts.RTT > 0 {
		note = append(note, rttTimingNote(opts, timings)...)
	}
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary, Summary: summary, SummaryMsg: summaryMsg,
		Stats: opts.withRTT(map[string]any{
			"requests":                      s.Requests,
			"responses":                     s.Responses,
			"tcp_connections":               s.Conns,
			"bytes_client_to_server":        s.Bytes[0],
			"bytes_server_to_client":        s.Bytes[1],
			"header_bytes":                  s.HeaderBytes,
			"header_bytes_client_to_server": s.HeadBytes[wire.FromClient],
			"header_bytes_server_to_client": s.HeadBytes[wire.FromServer],
			"body_bytes":                    s.BodyBytes,
			"timings":                       list,
		}),
		Fields: fields}
	text.SetNote(&e, note...)
	rec.Emit(e)
}

// httpTimingFields are the fields of http's summary: one per request,
// whether its connection was new or reused, and when it was written and
// answered.
func httpTimingFields(text lang.Text, timings []requestTiming) []trace.Field {
	var fields []trace.Field
	for i, t := range timings {
		conn := text.F("new conn")
		if t.reused {
			conn = text.F("reused conn")
		}
		fields = append(fields, trace.Field{Name: fmt.Sprintf("%d. %s", i+1, t.label), Value: conn,
			Meaning: text.F("written %.2f ms and first response byte %.2f ms after the client began the request", ms(t.wrote), ms(t.firstByte))})
	}
	return fields
}
