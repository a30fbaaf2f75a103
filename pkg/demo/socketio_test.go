package demo

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/sioclient"
	"wsdemo/pkg/trace"
)

// step is one thing the story must show, found by match.
type step struct {
	name  string
	match func(e *trace.Event) bool
}

func heading(prefix string) step {
	return step{"the heading " + prefix, func(e *trace.Event) bool {
		return e.Kind == trace.KindNote && strings.HasPrefix(e.Summary, prefix)
	}}
}

// packet matches a sio.packet from one side whose text starts with raw,
// over transport ("": either).
func packet(from, transport, raw string) step {
	return step{fmt.Sprintf("%s's packet %s over %s", from, raw, transport), func(e *trace.Event) bool {
		return e.Kind == trace.KindSIOPacket && e.From == from && e.SIO != nil && (transport == "" || e.SIO.Transport == transport) &&
			strings.HasPrefix(e.SIO.Raw, raw)
	}}
}

func request(from string, cond func(target string) bool, what string) step {
	return step{from + "'s " + what, func(e *trace.Event) bool {
		return e.Kind == trace.KindHTTPRequest && e.From == from && e.HTTP != nil && cond(e.HTTP.Target)
	}}
}

func noted(prefix string) step {
	return step{"a note " + prefix, func(e *trace.Event) bool { return strings.Contains(e.Note, prefix) }}
}

// inOrder fails t unless evs show each step, in order, and returns the
// index of each step's event.
func inOrder(t *testing.T, evs []trace.Event, steps ...step) []int {
	t.Helper()
	at := make([]int, 0, len(steps))
	i := 0
	for _, s := range steps {
		for i < len(evs) && !s.match(&evs[i]) {
			i++
		}
		if i == len(evs) {
			t.Fatalf("no %s after step %d (%v)", s.name, len(at), at)
		}
		at = append(at, i)
		// The next step may be the same event's (its note).
	}
	return at
}

func polling(target string) bool {
	return strings.Contains(target, "transport=polling") && !strings.Contains(target, "sid=")
}

// sioRecord runs the scenario; when the test fails, its log ends with
// every event of the run (eventList), the run's own error included, so that
// a failure seen once in CI says what crossed.
func sioRecord(t *testing.T, opts SocketIOOptions) []trace.Event {
	t.Helper()
	evs, err := record(RunSocketIO, opts)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the run's events:\n%s", eventList(evs))
		}
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return evs
}

// eventList is one line per event: its index (as inOrder's steps print
// it), kind, sides, TCP connection, and what identifies it: a packet's transport and raw
// text, a request's method and target, a note's summary and first words.
func eventList(evs []trace.Event) string {
	var b strings.Builder
	for i, e := range evs {
		fmt.Fprintf(&b, "%4d %-14s %s→%s", i, e.Kind, e.From, e.To)
		if e.Conn > 0 {
			fmt.Fprintf(&b, " #%d", e.Conn)
		}
		switch {
		case e.SIO != nil:
			fmt.Fprintf(&b, " [%s] %q", e.SIO.Transport, e.SIO.Raw)
			if e.SIO.Binary {
				fmt.Fprintf(&b, " binary %s", e.SIO.DataHex)
			}
		case e.HTTP != nil && e.HTTP.Method != "":
			fmt.Fprintf(&b, " %s %s", e.HTTP.Method, e.HTTP.Target)
		case e.HTTP != nil:
			fmt.Fprintf(&b, " %d", e.HTTP.Status)
		default:
			fmt.Fprintf(&b, " %s", e.Summary)
		}
		if e.Note != "" {
			note := []rune(e.Note)
			if len(note) > 70 {
				note = append(note[:70], '…')
			}
			fmt.Fprintf(&b, " · %s", string(note))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// The story end to end: every step of issue #15, in order, each seen on
// the wire and explained from what crossed.
func TestSocketIOStory(t *testing.T) {
	evs := sioRecord(t, SocketIOOptions{Common: Common{Timeout: 10 * time.Second, Lang: lang.English}})
	const c, s, b = trace.Client, trace.Server, tabB
	at := inOrder(t, evs,
		heading("1 of 7"),
		request(c, polling, "polling GET with no sid"),
		noted("The first request is plain HTTP"),
		packet(s, "polling", `0{`),
		noted("This is what Socket.IO's docs call the handshake"),
		packet(c, "polling", "40"),
		packet(s, "polling", `40{"sid":`),
		noted("is the Socket.IO socket's id, not the Engine.IO session's"),
		heading("2 of 7"),
		request(c, func(t string) bool { return strings.Contains(t, "transport=websocket") && strings.Contains(t, "sid=") }, "WebSocket handshake with the sid"),
		step{"a 101", func(e *trace.Event) bool { return e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 101 }},
		packet(c, "websocket", "2probe"),
		packet(s, "websocket", "3probe"),
		packet(c, "websocket", "5"),
		heading("3 of 7"),
		request(b, func(t string) bool { return strings.Contains(t, "transport=websocket") && !strings.Contains(t, "sid=") }, "WebSocket-only handshake"),
		packet(c, "websocket", `42["chat","hi"]`),
		noted("is all Socket.IO and Engine.IO put before the application's JSON"),
		packet(s, "websocket", `42["chat","hi"]`),
		packet(c, "websocket", `420["chat"`),
		packet(s, "websocket", `430[`),
		packet(c, "websocket", `451-["photo",{"_placeholder":true,"num":0}]`),
		step{"the photo's attachment", func(e *trace.Event) bool {
			return e.Kind == trace.KindSIOPacket && e.From == c && e.SIO.Binary && e.SIO.DataHex == "89504e47"
		}},
		heading("4 of 7"),
		heading("5 of 7"),
		packet(s, "websocket", "2"),
		packet(c, "websocket", "3"),
		step{"two heartbeats", func(e *trace.Event) bool {
			return e.Kind == trace.KindNote && strings.HasPrefix(e.Note, "No WebSocket ping frame (opcode 0x9, RFC 6455 §5.5.2) has crossed")
		}},
		heading("6 of 7"),
		step{"the cut: a reset under the server", func(e *trace.Event) bool {
			return e.Kind == trace.KindTCPClose && e.From == s && e.TCP != nil && e.TCP.How == trace.TCPEndReset &&
				strings.HasPrefix(e.Note, "wsdemo cut this connection")
		}},
		request(c, polling, "fresh polling GET"),
		noted("A fresh start"),
		noted("A new session, sid"),
		packet(c, "", `42["chat","typed while offline"]`),
		noted("while the client was disconnected. wsdemo's client kept it"),
		heading("7 of 7"),
		noted("The same event as the application's own JSON"),
		step{"the summary", func(e *trace.Event) bool { return e.Kind == trace.KindSummary }},
	)
	// Between steps: the clients' own words for what the wire does not
	// show, the room's event on both connections.
	between := func(from, to int, st step) {
		t.Helper()
		for i := at[from]; i < at[to]; i++ {
			if st.match(&evs[i]) {
				return
			}
		}
		t.Errorf("no %s between %s and %s", st.name, evs[at[from]].Summary, evs[at[to]].Summary)
	}
	for _, bad := range heldGETEnded(evs, at[11], at[13]) {
		t.Errorf("the upgrade's long-polling: %s", bad)
	}
	between(23, 24, packet(s, "websocket", `42["announce","meeting at 3"]`))
	between(23, 24, step{"the announcement at tab B", func(e *trace.Event) bool {
		return e.Kind == trace.KindSIOPacket && e.To == b && e.SIO.Raw == `42["announce","meeting at 3"]`
	}})
	between(23, 24, noted("one emit to the room became one packet per socket"))
	between(28, 31, step{"the client's notice", func(e *trace.Event) bool {
		return e.Kind == trace.KindNote && e.From == c && strings.HasPrefix(e.Summary, "the connection is gone")
	}})
	between(28, 31, noted("it keeps it until it is connected again"))

	sum := evs[at[len(at)-1]]
	for _, k := range []string{"sio_event_bytes", "ws_event_bytes", "sio_binary_bytes", "ws_binary_bytes", "sio_opening_bytes", "ws_opening_bytes", "heartbeat_bytes", "reconnections"} {
		if statInt(sum.Stats[k]) <= 0 {
			t.Errorf("summary: %s = %v, want a measure", k, sum.Stats[k])
		}
	}
	if statInt(sum.Stats["sio_event_bytes"]) <= statInt(sum.Stats["ws_event_bytes"]) {
		t.Errorf("an event over Socket.IO took %v bytes, over a plain WebSocket %v", sum.Stats["sio_event_bytes"], sum.Stats["ws_event_bytes"])
	}
}

// heldGETEnded checks the client's side of "Upgrade" (Engine.IO v4) on
// the wire, between its 2probe (at evs[probe]) and its upgrade packet
// (evs[upgrade]), and returns what breaks it: every long-polling GET it
// sent was answered before the upgrade packet, and a noop that ended one
// came after the 2probe and is explained. When the client paused is not on
// the wire: a GET may cross after the 3probe did, sent before the client
// read it (the server's noop ends it). Whether a GET was still pending
// then is the machine's timing too: when the last one had been answered
// already (by the CONNECT's answer, a ping), no noop is needed and none
// crosses.
func heldGETEnded(evs []trace.Event, probe, upgrade int) []string {
	var bad []string
	pending := map[int]int{} // connection → index of its unanswered GET
	for i := range upgrade {
		e := &evs[i]
		switch {
		case e.Kind == trace.KindHTTPRequest && e.From == trace.Client && e.HTTP.Method == http.MethodGet &&
			strings.Contains(e.HTTP.Target, "transport=polling"):
			pending[e.Conn] = i
		case e.Kind == trace.KindHTTPResponse && e.To == trace.Client:
			delete(pending, e.Conn)
		case e.Kind == trace.KindSIOPacket && e.From == trace.Server && e.SIO.Transport == "polling" && e.SIO.Raw == "6":
			if i < probe {
				bad = append(bad, fmt.Sprintf("%d: a noop before the client's 2probe", i))
			}
			if !strings.HasPrefix(e.Note, "A noop (6), the whole answer to the GET the server was holding") {
				bad = append(bad, fmt.Sprintf("%d: the noop's note is %q", i, e.Note))
			}
		}
	}
	for _, i := range slices.Sorted(maps.Values(pending)) {
		bad = append(bad, fmt.Sprintf("%d: this GET was still unanswered when the client sent the upgrade packet", i))
	}
	return bad
}

// heldGETEnded can fail: a GET left pending, a noop without its note or
// before the 2probe; and it accepts a GET ended by something else than a
// noop, and a GET sent as the 3probe crossed.
func TestHeldGETEnded(t *testing.T) {
	const c, s = trace.Client, trace.Server
	get := func(conn int) trace.Event {
		return trace.Event{Kind: trace.KindHTTPRequest, From: c, To: s, Conn: conn,
			HTTP: &trace.HTTP{Method: http.MethodGet, Target: "/socket.io/?EIO=4&sid=x&transport=polling"}}
	}
	res := func(conn int) trace.Event {
		return trace.Event{Kind: trace.KindHTTPResponse, From: s, To: c, Conn: conn, HTTP: &trace.HTTP{Status: 200}}
	}
	pkt := func(from, transport, raw, note string) trace.Event {
		return trace.Event{Kind: trace.KindSIOPacket, From: from, Note: note, SIO: &trace.SIO{Transport: transport, Raw: raw}}
	}
	probe, pong, upgrade := pkt(c, "websocket", "2probe", ""), pkt(s, "websocket", "3probe", ""), pkt(c, "websocket", "5", "")
	noop := pkt(s, "polling", "6", "A noop (6), the whole answer to the GET the server was holding: …")
	for _, tc := range []struct {
		name string
		evs  []trace.Event
		bad  int
	}{
		{"noop", []trace.Event{get(1), probe, pong, res(1), noop, upgrade}, 0},
		{"ended by a ping before the pause", []trace.Event{get(1), probe, res(1), pkt(s, "polling", "2", ""), pong, upgrade}, 0},
		{"ended before the 2probe", []trace.Event{get(1), res(1), probe, pong, upgrade}, 0},
		{"pending", []trace.Event{get(1), probe, pong, upgrade}, 1},
		{"a GET as 3probe crossed", []trace.Event{get(1), res(1), probe, pong, get(1), res(1), noop, upgrade}, 0},
		{"pending after 3probe", []trace.Event{get(1), res(1), probe, pong, get(2), upgrade}, 1},
		{"a silent noop", []trace.Event{get(1), probe, pong, res(1), pkt(s, "polling", "6", ""), upgrade}, 1},
		{"a noop before the 2probe", []trace.Event{get(1), res(1), noop, get(1), probe, pong, res(1), upgrade}, 1},
	} {
		probeAt := slices.IndexFunc(tc.evs, func(e trace.Event) bool { return e.SIO != nil && e.SIO.Raw == "2probe" })
		if bad := heldGETEnded(tc.evs, probeAt, len(tc.evs)-1); len(bad) != tc.bad {
			t.Errorf("%s: %q, want %d problems", tc.name, bad, tc.bad)
		}
	}
}

// --url against wsdemo's own Socket.IO server: the client's side of the
// story, and none of the story's words (its server's handlers are not
// known to wsdemo there).
func TestSocketIOURL(t *testing.T) {
	evs := socketIOURLRun(t, Common{Timeout: 10 * time.Second, Lang: lang.English})
	const c, s = trace.Client, trace.Server
	opening := []step{
		request(c, polling, "polling GET with no sid"),
		packet(s, "polling", `0{`),
		packet(c, "polling", "40"),
		packet(s, "polling", `40{"sid":`),
	}
	// The emit and its answer cross before, during or after the upgrade.
	inOrder(t, evs, append(opening,
		packet(c, "", `42["announce","hi all"]`),
		packet(s, "", `42["announce","hi all"]`),
		noted("An event from the server, unasked"))...)
	inOrder(t, evs, append(opening,
		packet(c, "websocket", "2probe"),
		packet(c, "websocket", "5"),
		packet(s, "websocket", "2"),
		packet(c, "websocket", "3"),
		packet(c, "websocket", "41"),
		step{"the summary", func(e *trace.Event) bool {
			return e.Kind == trace.KindSummary && statInt(e.Stats["events_received"]) == 1
		}})...)
	for _, e := range evs {
		// The client left: it says nothing of how its session ended.
		if e.Kind == trace.KindNote && strings.HasPrefix(e.Summary, "the session ended") {
			t.Errorf("seq %d: %s: %s", e.Seq, e.Summary, e.Note)
		}
		for _, story := range []string{"wsdemo's server sets pingInterval", "Tab B", "wsdemo cut", "room"} {
			if strings.Contains(e.Note, story) {
				t.Errorf("seq %d: a note of the story's against another server: %s", e.Seq, e.Note)
			}
		}
	}
}

// socketIOURLRun runs --url against wsdemo's own Socket.IO server, with
// an emit the server answers, long enough for a few heartbeats.
func socketIOURLRun(t *testing.T, c Common) []trace.Event {
	t.Helper()
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{PingInterval: 200 * time.Millisecond, PingTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	return sioRecord(t, SocketIOOptions{Common: c, URL: srv.URL(), Emit: "announce", Data: []byte(`"hi all"`), Listen: 600 * time.Millisecond})
}

// --url's errors: each bad server is one error that says what answered,
// typed for the CLI's hint, well within the timeout.
func TestSocketIOURLErrors(t *testing.T) {
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downURL := "http://" + down.Addr().String()
	down.Close()
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		origin  string
		want    sioclient.Problem
	}{
		{"not engine.io", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><title>my app</title>")
		}, "", sioclient.NotEngineIO},
		{"v3", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `96:0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}2:40`)
		}, "", sioclient.EIO3},
		{"404", http.NotFound, "", sioclient.NotFound},
		{"403", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"code":4,"message":"Forbidden"}`)
		}, "http://evil.example", sioclient.Refused},
		{"cors", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
		}, "http://localhost:5173", sioclient.CORS},
		{"down", nil, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := downURL
			if tc.handler != nil {
				ts := httptest.NewServer(tc.handler)
				defer ts.Close()
				url = ts.URL
			}
			_, err := record(RunSocketIO, SocketIOOptions{Common: Common{Timeout: 10 * time.Second, Lang: lang.English},
				URL: url, Origin: tc.origin, Listen: time.Second})
			if err == nil {
				t.Fatal("no error")
			}
			var he *sioclient.HandshakeError
			switch {
			case tc.want == 0:
				var te timeoutError
				if errors.As(err, &he) || errors.As(err, &te) || !strings.Contains(err.Error(), "refused") {
					t.Errorf("a server that is down: %v", err)
				}
			case !errors.As(err, &he) || he.Problem != tc.want:
				t.Errorf("err = %v, want problem %d", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("a two-line error: %q", err)
			}
		})
	}
}

// The options refuse what cannot run, naming the option: the story takes
// none of --url's; a URL is the server's http(s) address.
func TestSocketIOOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		o     SocketIOOptions
		field Option
	}{
		{SocketIOOptions{Emit: "x"}, OptEmit},
		{SocketIOOptions{Listen: time.Second}, OptListen},
		{SocketIOOptions{URL: "ws://h:1"}, OptURL},
		{SocketIOOptions{URL: "http://h:1/chat"}, OptURL},
		{SocketIOOptions{URL: "http://h:1", Data: []byte("x"), Emit: "e"}, OptData},
		{SocketIOOptions{URL: "http://h:1", Data: []byte("1")}, OptData},
		{SocketIOOptions{URL: "http://h:1", Auth: []byte("[1]")}, OptAuth},
		{SocketIOOptions{URL: "http://h:1", Path: "x"}, OptPath},
		{SocketIOOptions{URL: "http://h:1", Listen: 2 * time.Hour}, OptListen},
		{SocketIOOptions{URL: "http://h:1", Origin: "h:1"}, OptOrigin},
		{SocketIOOptions{URL: "http://h:1", Common: Common{Addr: "127.0.0.1:0"}}, OptAddr},
	} {
		var fe *FieldError
		if err := tc.o.Validate(); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: %v, want a FieldError of %s", tc.o, err, tc.field)
		}
	}
	o := SocketIOOptions{URL: "http://h:1/", Origin: "http://a.example/", Auth: []byte(`{"token":"x"}`)}
	if err := o.Validate(); err != nil || o.Origin != "http://a.example" {
		t.Errorf("%v, origin %q", err, o.Origin)
	}
}

// --ack: the event carries an ack id, and the run says what answered it:
// the ACK with its data, or that none came (announce's handler never
// calls its callback).
func TestSocketIOURLAck(t *testing.T) {
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{PingInterval: time.Second, PingTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tc := range []struct{ event, sent, note string }{
		{"chat", `420["chat","hi"]`, `the acknowledgement came: ACK (3) with id 0, data ["received"]`},
		{"announce", `420["announce","hi"]`, "no acknowledgement within 600ms (ack id 0)"},
	} {
		t.Run(tc.event, func(t *testing.T) {
			evs := mustRecord(t, RunSocketIO, SocketIOOptions{Common: Common{Timeout: 10 * time.Second, Lang: lang.English},
				URL: srv.URL(), Emit: tc.event, Data: []byte(`"hi"`), Ack: true, Listen: 600 * time.Millisecond})
			inOrder(t, evs, packet(trace.Client, "", tc.sent), step{tc.note, func(e *trace.Event) bool {
				return e.Kind == trace.KindNote && e.Summary == tc.note
			}})
		})
	}
}

// What the story says once its taps have learnt a fact (a pong crossed)
// comes after the event the fact came from: settle waits for an event
// still being annotated, which the annotator has learnt from but the
// recorder does not hold yet.
func TestTracerSettle(t *testing.T) {
	rec := trace.NewRecorder()
	learnt := make(chan struct{})
	tr := newTracer(rec, func(e *trace.Event) {
		close(learnt)
		time.Sleep(100 * time.Millisecond) // the event is not recorded yet
	}, lang.For(lang.English))
	go tr.emit(trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSIOPacket, Summary: "the pong"})
	<-learnt
	tr.settle()
	rec.Emit(trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindNote, Summary: "the story's note"})
	rec.Close()
	var got []string
	for _, e := range rec.Events() {
		got = append(got, e.Summary)
	}
	if len(got) != 2 || got[0] != "the pong" {
		t.Errorf("recorded %q, want the pong, then the note", got)
	}
}
