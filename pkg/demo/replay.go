package demo

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// Replay completes the events of a saved trace (wsdemo show) so they draw
// as the run that recorded them drew them. The JSON form of an event leaves
// out its Fields, the rows under an arrow: they are presentation, built
// from the decoded bytes by the scenario's annotators. Replay builds them
// again from what the JSON holds, with the same functions the scenarios
// use: the raw bytes of a message decode again (pkg/wire), and a summary's
// stats hold the numbers its fields show. What a scenario changes in them
// (handshake's own meanings, duplex's shorter handshake) depends on the
// scenario, which every saved event names (trace.Event.Scenario).
//
// Fields come in the replay's language, and so does every text the trace
// keeps as its key and arguments beside it (summary_msg, note_msg, a
// check's name_msg and detail_msg, a frame's violation_msg: trace.Msg), when
// this wsdemo can say it again (lang.Text.Again: a key it knows, arguments
// that fit, the text as recorded). A ws.frame's label takes its words from
// its frame object. A note without its sentences (a trace from an older
// wsdemo) is translated when its English text is a key of the catalog (or a
// run of sentences that each are); otherwise it, like any text that cannot
// be said again, is shown as it was recorded.
//
// Replay never touches the network, and never panics on what a trace
// holds: fields it cannot rebuild are left out, and the renderer falls
// back on what the event says (its headers, its frame object).
//
// A Replay is not safe for concurrent use; feed it the events in order.
type Replay struct {
	tag     string
	text    lang.Text
	verbose bool

	keys      map[int]string   // per connection: the Sec-WebSocket-Key of its last request
	methods   map[int][]string // per connection: methods of requests not yet answered
	upgraded  bool             // a 101 crossed (handshake's summary)
	serverChk bool             // the built-in server reported a check (handshake)
	// clearRSVShown: a duplex frame's clear RSV1-3 row was kept once, as
	// the live command keeps it (compactFrameFields).
	clearRSVShown bool
	results       map[string]realtimeResult
	// serve: per connection, the kinds of the requests not yet answered,
	// oldest first, as serveConn.pending keeps them live.
	serveKinds map[int][]requestKind
	// inflated is, per connection and side, what the compressed message
	// whose frames are crossing has inflated to so far: the sum of its
	// frames' inflated_len, which its last frame shows; unknown when a
	// frame of it has none.
	inflated map[sideOf]inflatedSoFar
}

// sideOf is one side of one connection.
type sideOf struct {
	conn int
	from string
}

// inflatedSoFar is what the frames of a compressed message say it has
// inflated to so far.
type inflatedSoFar struct {
	n       uint64
	unknown bool
}

// NewReplay returns a Replay drawing fields in the language tag (en or
// pt-BR) and, when verbose, in full (duplex shortens its handshake
// otherwise, as the live command does).
func NewReplay(tag string, verbose bool) *Replay {
	text := lang.For(tag)
	return &Replay{tag: tag, text: text, verbose: verbose,
		keys: map[int]string{}, methods: map[int][]string{},
		results:    map[string]realtimeResult{},
		serveKinds: map[int][]requestKind{},
		inflated:   map[sideOf]inflatedSoFar{}}
}

// Condenses reports whether a scenario's diagram folds repetition (the
// renderer's Condense), as realtime's does.
func Condenses(scenario string) bool { return scenario == "realtime" }

// Event completes e: its note in the replay's language, and an Expander
// that builds its fields when it is shown.
func (r *Replay) Event(e *trace.Event) {
	e.Fields, e.Expander = nil, nil
	r.again(e)
	switch e.Kind {
	case trace.KindHTTPRequest, trace.KindHTTPResponse:
		r.http(e)
	case trace.KindWSFrame:
		r.frame(e)
	case trace.KindWSMessage:
		if e.Message != nil && e.Message.Compressed {
			e.Expander = fieldsOf(messageFields(e.Message, r.text))
		}
	case trace.KindSIOPacket:
		// The proxy shows a packet's layers; the socketio scenario's
		// packets have no fields.
		if e.Scenario == "proxy" && e.SIO != nil {
			e.Expander = fieldsOf(sioFields(e.SIO, r.text))
		}
	case trace.KindTCPClose:
		if e.TCP != nil && !e.TCP.First {
			r.forget(e.Conn)
		}
	case trace.KindCheck, trace.KindNote:
		r.acceptSteps(e)
	case trace.KindSummary:
		r.summary(e)
	}
}

// acceptSteps rebuilds the fields of the steps from a connection's
// Sec-WebSocket-Key to its Accept: the client's check of the answer, and
// the built-in server's note of how it computed it. A check the server
// reported also says it was the built-in server.
func (r *Replay) acceptSteps(e *trace.Event) {
	if e.Kind == trace.KindCheck && e.From == trace.Server {
		r.serverChk = true
	}
	key, ok := r.keys[e.Conn]
	switch {
	case !ok:
	case e.Kind == trace.KindCheck && e.Check != nil && e.From == trace.Client && e.Check.Name == "Sec-WebSocket-Accept":
		e.Expander = fieldsOf(clientAcceptFields(r.text, key))
	case e.Kind == trace.KindNote && e.From == trace.Server && strings.HasPrefix(e.Summary, server.AcceptSummaryPrefix):
		e.Expander = fieldsOf(server.AcceptFields(r.text, key))
	}
}

// again keeps the Msgs of e's texts that can be said again in the replay's
// language (the renderer says them), drops those that cannot (it shows the
// recorded text), and says the note again.
func (r *Replay) again(e *trace.Event) {
	if e.SummaryMsg.Format != "" {
		if _, ok := r.text.Again(e.Summary, e.SummaryMsg); !ok {
			e.SummaryMsg = trace.Msg{}
		}
	}
	keep := func(m *trace.Msg, recorded string) *trace.Msg {
		if m == nil {
			return nil
		}
		if _, ok := r.text.Again(recorded, *m); !ok {
			return nil
		}
		return m
	}
	if c := e.Check; c != nil {
		c.NameMsg, c.DetailMsg = keep(c.NameMsg, c.Name), keep(c.DetailMsg, c.Detail)
	}
	if f := e.Frame; f != nil {
		f.ViolationMsg = keep(f.ViolationMsg, f.Violation)
	}
	if m := e.Message; m != nil {
		m.ViolationMsg = keep(m.ViolationMsg, m.Violation)
	}
	if e.Note == "" {
		return
	}
	if note, ok := r.text.Again(e.Note, e.NoteMsgs...); ok {
		e.Note = note
	} else if r.tag != lang.English {
		e.Note = translateNote(r.text, e.Note)
	}
}

// fieldsOf is an Expander that sets fields already built.
func fieldsOf(fs []trace.Field) trace.Expander {
	return trace.ExpandFunc(func(e *trace.Event) { e.Fields = fs })
}

// http rebuilds a request's or a response's fields by decoding its raw
// bytes again, as the tap decoded them, then lets the scenario adjust them.
func (r *Replay) http(e *trace.Event) {
	if e.HTTP == nil {
		return
	}
	request := e.Kind == trace.KindHTTPRequest
	m := decodeHTTP(e.Raw, request, r.pairUp(e, request))
	if m == nil || m.IsRequest() != request {
		return // the renderer falls back on the http object
	}
	ev := httpEvent(m, r.text)
	fs := ev.Fields
	switch e.Scenario {
	case "handshake":
		// It was the built-in server when it reported its checks.
		handshakeMeanings(r.text, fs, request, e.HTTP.Status, r.serverChk)
	case "serve":
		fs = r.serveFields(e, fs)
	case "duplex":
		if !r.verbose {
			fs = shortHandshake(fs, request)
		}
	}
	e.Expander = fieldsOf(fs)
}

// pairUp keeps what a request tells of its answer (its method; a
// handshake's key), and returns the method of the request a response
// answers ("" when not known): a HEAD's answer has no body.
func (r *Replay) pairUp(e *trace.Event, request bool) string {
	if request {
		if key, ok := e.HTTP.Header("Sec-WebSocket-Key"); ok {
			r.keys[e.Conn] = key
		}
		if ms := r.methods[e.Conn]; len(ms) < 1024 && len(r.methods) < 1024 {
			r.methods[e.Conn] = append(ms, e.HTTP.Method)
		}
		return ""
	}
	if e.HTTP.Status == 101 {
		r.upgraded = true
	}
	ms := r.methods[e.Conn]
	if len(ms) == 0 {
		return ""
	}
	if e.HTTP.Status >= 200 || e.HTTP.Status == 101 { // a final response: the request is answered
		r.methods[e.Conn] = ms[1:]
	}
	return ms[0]
}

// serveFields adjusts a browser's request's or the page's answer's fields
// as serveObserver does live: the meanings of the browsers' headers, of a
// handshake's and of a POST's, and the long poll's held time (from the
// answer's stats).
func (r *Replay) serveFields(e *trace.Event, fs []trace.Field) []trace.Field {
	if e.Kind == trace.KindHTTPRequest {
		kind := kindOf(e.HTTP)
		if ks := r.serveKinds[e.Conn]; len(ks) < 1024 && len(r.serveKinds) < 1024 {
			r.serveKinds[e.Conn] = append(ks, kind)
		}
		if kind == reqHandshake {
			setMeanings(r.text, fs, handshakeRequestMeanings)
		}
		setMeanings(r.text, fs, serveMeanings)
		if m := methodMeaning[kind]; m != "" {
			setMeanings(r.text, fs, map[string]lang.Msg{"method": m})
		}
		return fs
	}
	kind := reqOther
	if ks := r.serveKinds[e.Conn]; len(ks) > 0 {
		kind, r.serveKinds[e.Conn] = ks[0], ks[1:] // each answer takes one, as live
	}
	setMeanings(r.text, fs, serveMeanings)
	if kind == reqHandshake && e.HTTP.Status == 101 {
		setMeanings(r.text, fs, handshakeResponseMeanings)
	} else if kind == reqHandshake {
		setMeanings(r.text, fs, refusalMeanings)
	}
	if kind == reqLongPoll {
		fs = append(fs, heldField(r.text, e.Stats))
	}
	return fs
}

// decodeHTTP decodes raw as one HTTP/1.1 message; a response answers a
// request with method ("" for GET). A message whose body was cut (the
// trace keeps a bounded prefix) comes back with the part that was kept.
func decodeHTTP(raw []byte, request bool, method string) *wire.HTTPMessage {
	from := wire.FromServer
	if request {
		from = wire.FromClient
	}
	d := wire.NewHTTPDecoder(from)
	if !request && method != "" {
		d.ExpectResponseTo(method)
	}
	ms, err := d.Feed(raw)
	if err != nil || len(ms) > 1 {
		return nil
	}
	if len(ms) == 1 {
		return ms[0]
	}
	if p := d.Partial(); p != nil {
		return p
	}
	m, err := d.Close()
	if err != nil {
		return nil
	}
	return m
}

// frame rebuilds a frame's fields from its frame object and raw bytes, as
// frameEvent does, when the two agree.
func (r *Replay) frame(e *trace.Event) {
	tf := e.Frame
	if tf == nil {
		return
	}
	f, ok := wireFrame(tf, e.Raw)
	if !ok {
		return // the renderer falls back on the frame object
	}
	from := senderOf(e)
	r.inflate(e, &f)
	text := r.text
	tfc := *tf
	compact := e.Scenario == "duplex" && !r.verbose
	// As the duplex annotator decides it live: a clear RSV1-3 is shown on
	// the first frame only. Events are replayed, and so decided, in their
	// order.
	showRSV := compact && (f.RSV != 0 || !r.clearRSVShown)
	if compact && f.RSV == 0 {
		r.clearRSVShown = true
	}
	e.Expander = trace.ExpandFunc(func(ev *trace.Event) {
		ev.Fields = frameFields(&f, from, &tfc, text)
		ev.SummaryMsg = recordedFrameLabel(&f, ev.Summary)
		if compact {
			ev.Fields = compactFrameFields(text, ev.Fields, ev.Raw, showRSV)
		}
	})
}

// inflate gives a compressed frame what frameFields shows of its message's
// inflating: on its last frame, the length the message inflated to (the
// sum of its frames' inflated_len), unless the trace cannot tell it: the
// last frame has no inflated_len when wsdemo could not inflate the message
// to its end (its ws.message says why) or drew that frame before its end,
// and the sum is unknown when an earlier frame had none and no later one
// counted it.
func (r *Replay) inflate(e *trace.Event, f *wire.Frame) {
	tf := e.Frame
	if !tf.Compressed {
		return
	}
	f.Compressed = true
	key := sideOf{e.Conn, e.From}
	if f.Opcode != wire.OpContinuation {
		delete(r.inflated, key) // a new message
	}
	so := r.inflated[key]
	if n := tf.InflatedLen; n != nil {
		f.InflatedLen = *n
		so.n += *n
		so.unknown = false // the count of a frame drawn early is in this one
	} else {
		so.unknown = true
	}
	if !f.Fin {
		if _, ok := r.inflated[key]; ok || len(r.inflated) < 1024 {
			r.inflated[key] = so
		}
		return
	}
	delete(r.inflated, key)
	if !so.unknown {
		f.Inflated = &wire.Inflated{Length: so.n}
	}
}

// forget lets go of what was kept of a connection that has ended.
func (r *Replay) forget(conn int) {
	delete(r.inflated, sideOf{conn, trace.Client})
	delete(r.inflated, sideOf{conn, trace.Server})
}

// recordedFrameLabel is frameLabel for a frame read back from a trace: the
// summary it recorded is the label's protocol part followed by the tags
// frameSummary writes for f. The zero Msg, and the summary shown as it is,
// when it is not (edited by hand).
func recordedFrameLabel(f *wire.Frame, summary string) trace.Msg {
	tagged, base, _ := frameSummary(&wire.Frame{Opcode: f.Opcode, Fin: f.Fin, Masked: f.Masked, Violation: f.Violation}, &trace.Frame{})
	protocol, ok := strings.CutSuffix(summary, tagged[base:])
	if !ok || protocol == "" {
		return trace.Msg{}
	}
	sized := opcodeLabels[f.Opcode&0xF] + " " + strconv.FormatUint(f.PayloadLen, 10) + " bytes"
	switch {
	case protocol == sized:
		return frameLabel(f, protocol, countedBytes, 0)
	case protocol == sized+" compressed":
		return frameLabel(f, protocol, compressedBytes, 0)
	}
	// A compressed one-frame message: what it inflated to is in its label.
	if rest, ok := strings.CutPrefix(protocol, sized+" compressed → "); ok {
		if n, err := strconv.ParseUint(strings.TrimSuffix(rest, " inflated"), 10, 64); err == nil && strings.HasSuffix(rest, " inflated") {
			return frameLabel(f, protocol, compressedInflated, n)
		}
	}
	return frameLabel(f, protocol, noWords, 0)
}

// wireFrame is the wire.Frame a trace's frame object and raw bytes
// describe, or false when they do not agree (a damaged or hand-made
// trace): fields located in bytes that are not there would be wrong.
func wireFrame(tf *trace.Frame, raw []byte) (wire.Frame, bool) {
	form, hl, ok := headerAgrees(tf, raw)
	if !ok {
		return wire.Frame{}, false
	}
	f := wire.Frame{Raw: raw, Fin: tf.Fin, RSV: uint8(tf.RSV), Opcode: wire.Opcode(tf.Opcode), Masked: tf.Masked,
		PayloadLen: tf.PayloadLen, LengthForm: form, HeaderLen: hl,
		CloseCode: tf.CloseCode, CloseReason: tf.CloseReason, Violation: tf.Violation}
	if f.Masked {
		copy(f.MaskKey[:], raw[hl-4:hl])
		if k, err := hex.DecodeString(tf.MaskKey); err != nil || string(k) != string(f.MaskKey[:]) {
			return wire.Frame{}, false
		}
	}
	if f.Opcode == wire.OpClose && f.CloseCode != 0 && len(raw) < hl+2 {
		return wire.Frame{}, false
	}
	return f, true
}

// headerAgrees reads the header raw begins with (RFC 6455 §5.2) and
// reports whether the frame object says the same: its length form and the
// header's length, when it does.
func headerAgrees(tf *trace.Frame, raw []byte) (form, hl int, ok bool) {
	if len(raw) < 2 || tf.RSV < 0 || tf.RSV > 7 || tf.Opcode < 0 || tf.Opcode > 15 {
		return 0, 0, false
	}
	b0, b1 := raw[0], raw[1]
	form, hl = 7, 2
	switch b1 & 0x7f {
	case 126:
		form, hl = 16, 4
	case 127:
		form, hl = 64, 10
	}
	masked := b1&0x80 != 0
	if masked {
		hl += 4
	}
	ok = len(raw) >= hl && tf.HeaderLen == hl && tf.Masked == masked && tf.Fin == (b0&0x80 != 0) &&
		tf.RSV == int(b0>>4&7) && tf.Opcode == int(b0&0x0f) && uint64(len(raw)-hl) <= tf.PayloadLen
	return form, hl, ok
}

// summary rebuilds the fields of a scenario's summary from its stats.
func (r *Replay) summary(e *trace.Event) {
	st := e.Stats
	if st == nil {
		return
	}
	var fs []trace.Field
	switch e.Scenario {
	case "http":
		var timings []requestTiming
		for _, x := range statList(st["timings"]) {
			m, _ := x.(map[string]any)
			label, _ := m["request"].(string)
			reused, _ := m["conn_reused"].(bool)
			timings = append(timings, requestTiming{label: label, reused: reused,
				wrote: statMS(m["wrote_ms"]), firstByte: statMS(m["first_byte_ms"])})
		}
		fs = httpTimingFields(r.text, timings)
	case "handshake":
		fs = handshakeSummaryFields(r.text, statWire(st), r.upgraded)
	case "duplex":
		var f frameStats
		f.frames = [2]int{statInt(st["frames_client_to_server"]), statInt(st["frames_server_to_client"])}
		f.messages = [2]int{statInt(st["messages_client_to_server"]), statInt(st["messages_server_to_client"])}
		f.control = [2]int{statInt(st["control_frames_client_to_server"]), statInt(st["control_frames_server_to_client"])}
		f.header = [2]int{statInt(st["frame_header_bytes_client_to_server"]), statInt(st["frame_header_bytes_server_to_client"])}
		f.payload = [2]int{statInt(st["payload_bytes_client_to_server"]), statInt(st["payload_bytes_server_to_client"])}
		fs = duplexSummaryFields(r.text, statWire(st), f, int64(statInt(st["other_client_requests"])))
	case "serve":
		fs = serveSummaryFields(r.text, st)
	case "proxy":
		upstream, _ := st["upstream"].(string)
		s := proxyStats{conns: statInt(st["tcp_connections"]), requests: statInt(st["http_requests"]), responses: statInt(st["http_responses"]),
			frames: [2]int{statInt(st["frames_client_to_server"]), statInt(st["frames_server_to_client"])},
			bytes:  [2]int{statInt(st["bytes_client_to_server"]), statInt(st["bytes_server_to_client"])}}
		fs = proxySummaryFields(r.text, upstream, s)
	case "realtime":
		if name, ok := e.Strategy(); ok {
			res := realtimeResultOf(name, st)
			if len(r.results) < 64 {
				r.results[name] = res
			}
			fs = resultFields(r.text, res)
			break
		}
		for _, name := range e.Compared() {
			if res, ok := r.results[name]; ok {
				fs = append(fs, trace.Field{Name: res.Strategy, Value: r.text.Say(resultRow(res)), Meaning: r.text.F(strategyTitles[res.Strategy])})
			}
		}
	default:
		return
	}
	if fs != nil {
		e.Expander = fieldsOf(fs)
	}
}

// realtimeResultOf is a strategy's result as its summary's stats give it.
func realtimeResultOf(name string, st map[string]any) realtimeResult {
	res := realtimeResult{Strategy: name, Edits: statInt(st["edits"]), Seen: statInt(st["seen"]),
		SeenOnReload: statInt(st["seen_on_reload"])}
	res.Tap.Requests = statInt(st["http_requests"])
	res.Tap.Responses = statInt(st["http_responses"])
	res.Tap.Empty = statInt(st["empty_responses"])
	res.Tap.Conns = statInt(st["tcp_connections"])
	res.Tap.Bytes = [2]int{statInt(st["bytes_tab_b_to_server"]), statInt(st["bytes_server_to_tab_b"])}
	for _, x := range statList(st["latencies_ms"]) {
		res.Latencies = append(res.Latencies, statMS(x))
	}
	if _, ok := st["latency_ms_p50"]; ok && len(res.Latencies) == 0 {
		res.Latencies = []time.Duration{statMS(st["latency_ms_p50"])}
	}
	res.P50, res.P95, res.Max = statMS(st["latency_ms_p50"]), statMS(st["latency_ms_p95"]), statMS(st["latency_ms_max"])
	return res
}

// statWire reads the counts a summary's stats share with wireStats.
func statWire(st map[string]any) wireStats {
	var s wireStats
	s.Conns = statInt(st["tcp_connections"])
	s.Requests = statInt(st["http_requests"])
	s.Frames = [2]int{statInt(st["frames_client_to_server"]), statInt(st["frames_server_to_client"])}
	s.Bytes = [2]int{statInt(st["bytes_client_to_server"]), statInt(st["bytes_server_to_client"])}
	s.HeaderBytes = statInt(st["handshake_bytes"])
	return s
}

// statInt reads a whole number from stats, whether it came from Go or from
// JSON; anything else is 0.
func statInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int(n)
		}
	}
	return 0
}

// statMS reads milliseconds (as ms writes them: microseconds / 1000) back
// into the duration they were measured as.
func statMS(v any) time.Duration {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || f < 0 || f > 1e12 {
		return 0
	}
	return time.Duration(math.Round(f*1000)) * time.Microsecond
}

// statList reads a list from stats, whether Go's or JSON's.
func statList(v any) []any {
	switch l := v.(type) {
	case []any:
		return l
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	case []float64:
		out := make([]any, len(l))
		for i, f := range l {
			out[i] = f
		}
		return out
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out
	}
	return nil
}

// translateNote translates a recorded English note: whole when it is a
// key of the catalog, else sentence by sentence when every sentence is
// one (scenarios join whole sentences with a space). Otherwise, a note
// with a number in it for instance, it stays as it was recorded: half a
// note in each language would read worse than either.
//
// It asks the catalog through lang.Text.Recorded; a note that is no key
// costs nothing but the look-up.
func translateNote(t lang.Text, note string) string {
	if tr, ok := t.Recorded(note); ok {
		return tr
	}
	// Cut points: the spaces after a sentence's end.
	cuts := []int{0}
	for i := 1; i < len(note) && len(cuts) < 32; i++ {
		if note[i] == ' ' && strings.ContainsRune(".)!?", rune(note[i-1])) {
			cuts = append(cuts, i+1)
		}
	}
	if len(cuts) == 1 {
		return note
	}
	cuts = append(cuts, len(note)+1)
	// best[i] is the translation of note up to cut i, if it has one.
	best := make([]*string, len(cuts))
	empty := ""
	best[0] = &empty
	for j := 1; j < len(cuts); j++ {
		for i := j - 1; i >= 0; i-- {
			if best[i] == nil {
				continue
			}
			part := note[cuts[i] : cuts[j]-1]
			if tr, ok := t.Recorded(part); ok {
				s := tr
				if *best[i] != "" {
					s = *best[i] + " " + tr
				}
				best[j] = &s
				break
			}
		}
	}
	if b := best[len(cuts)-1]; b != nil {
		return *b
	}
	return note
}
