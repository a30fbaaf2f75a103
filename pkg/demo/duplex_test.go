package demo

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"wsdemo/internal/testkit"
	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// fast keeps the story short: the server still pushes every 150 ms.
var fast = DuplexOptions{Messages: 3, Interval: 40 * time.Millisecond, Common: Common{Timeout: 5 * time.Second}}

func runDuplex(t *testing.T, opts DuplexOptions) []trace.Event {
	t.Helper()
	return mustRecord(t, RunDuplex, opts)
}

// frames returns the ws.frame events, checking on the way that each one says
// exactly what its raw bytes say.
func frames(t *testing.T, evs []trace.Event) []trace.Event {
	t.Helper()
	var out []trace.Event
	for _, e := range evs {
		if e.Kind == trace.KindWSFrame {
			testkit.CheckFrameMatchesRaw(t, e)
			out = append(out, e)
		}
	}
	return out
}

func isData(f *trace.Frame) bool { return f.Opcode <= 2 }

func TestDuplexStory(t *testing.T) {
	evs := runDuplex(t, fast)
	fs := frames(t, evs)

	if n := len(kinds(evs, trace.KindTCPConnect)); n != 1 {
		t.Errorf("%d TCP connections, want 1", n)
	}
	reqs := kinds(evs, trace.KindHTTPRequest)
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0].Summary, "GET /ws?") {
		t.Fatalf("HTTP requests: %+v", reqs)
	}
	var data [2]int
	var order []string // client/server of each data frame, in order
	for _, e := range fs {
		f := e.Frame
		if (e.From == trace.Client) != f.Masked {
			t.Errorf("seq %d from %s: masked=%v", e.Seq, e.From, f.Masked)
		}
		if f.Masked && len(f.MaskKey) != 8 {
			t.Errorf("seq %d: mask_key %q", e.Seq, f.MaskKey)
		}
		if isData(f) {
			order = append(order, e.From)
			if e.From == trace.Client {
				data[0]++
			} else {
				data[1]++
			}
		}
	}
	if data[0] < 3 || data[1] < 3 {
		t.Errorf("data frames client→server %d, server→client %d; want ≥ 3 each", data[0], data[1])
	}
	if !strings.Contains(strings.Join(order, " "), "client server client") {
		t.Errorf("no server frame between two client frames: %v", order)
	}

	// Pings both ways, each answered by a pong with its payload.
	for _, pinger := range []string{trace.Client, trace.Server} {
		var ping *trace.Event
		for i, e := range fs {
			if e.Frame.OpcodeName == "ping" && e.From == pinger {
				ping = &fs[i]
			}
			if ping != nil && e.Frame.OpcodeName == "pong" && e.From != pinger && e.Frame.Payload == ping.Frame.Payload {
				ping = nil
				break
			}
		}
		if ping != nil {
			t.Errorf("the %s's ping got no pong", pinger)
		}
	}

	// A fragmented text message: text FIN=0, continuations, reassembled.
	var frag []string
	for _, e := range fs {
		if e.From == trace.Client && (e.Frame.OpcodeName == "continuation" || (e.Frame.OpcodeName == "text" && !e.Frame.Fin)) {
			frag = append(frag, e.Frame.OpcodeName)
		}
	}
	if len(frag) < 3 || frag[0] != "text" {
		t.Errorf("fragments: %v", frag)
	}
	var reassembled bool
	for _, e := range kinds(evs, trace.KindWSMessage) {
		if e.From == trace.Client && strings.Contains(e.Summary, "reassembled from") {
			reassembled = true
		}
	}
	if !reassembled {
		t.Error("no reassembled client message")
	}
	var sawBinary [2]bool
	for _, e := range fs {
		if e.Frame.OpcodeName == "binary" && e.Frame.PayloadHex == hex.EncodeToString(pngSignature) {
			sawBinary[map[string]int{trace.Client: 0, trace.Server: 1}[e.From]] = true
		}
	}
	if sawBinary != [2]bool{true, true} {
		t.Errorf("binary message and its echo: %v", sawBinary)
	}

	// Closing handshake: the client's 1000 first, then the server's.
	var closes []string
	for _, e := range fs {
		if e.Frame.OpcodeName == "close" {
			closes = append(closes, e.From+" "+e.Summary)
			if e.Frame.CloseCode != 1000 {
				t.Errorf("close code %d", e.Frame.CloseCode)
			}
		}
	}
	if len(closes) != 2 || !strings.HasPrefix(closes[0], "client") || !strings.HasPrefix(closes[1], "server") {
		t.Errorf("close frames: %q", closes)
	}
	// TCP closes one direction at a time: the first FIN, then the other's.
	if tcp := kinds(evs, trace.KindTCPClose); len(tcp) != 2 || !tcp[0].TCP.First || tcp[1].TCP.First || tcp[0].From == tcp[1].From {
		t.Errorf("TCP closes: %v", summaries(tcp))
	}

	sum := kinds(evs, trace.KindSummary)
	if len(sum) != 1 || evs[len(evs)-1].Kind != trace.KindSummary {
		t.Fatalf("summary is not the one last event: %d summaries", len(sum))
	}
	st := sum[0].Stats
	if st["tcp_connections"] != 1 || st["http_requests"] != 1 ||
		st["frames_client_to_server"] != data[0]+3 { // + ping, pong, close
		t.Errorf("summary stats %v", st)
	}

	// Without --verbose the server's checks are two check events: what RFC
	// 6455 §4.2.1 requires (Host among it), then the server's own policy,
	// never mixed. And every note describes a frame that is there.
	cs := kinds(evs, trace.KindCheck)
	if len(cs) != 2 || !cs[0].Check.OK || !cs[1].Check.OK {
		t.Fatalf("checks: %+v", cs)
	}
	rfc, policy := cs[0].Check, cs[1].Check
	if !strings.Contains(rfc.Name, "RFC 6455 §4.2.1") || !strings.Contains(rfc.Detail, "Host present") ||
		strings.Contains(rfc.Detail, "Origin") || strings.Contains(rfc.Detail, "cookie") {
		t.Errorf("the RFC's checks: %s — %s", rfc.Name, rfc.Detail)
	}
	if strings.Contains(policy.Name, "RFC") || !strings.Contains(policy.Detail, "Origin allowed") ||
		!strings.Contains(policy.Detail, "cookie identifies the user") {
		t.Errorf("the server's policy: %s — %s", policy.Name, policy.Detail)
	}
	for _, e := range fs {
		if strings.Contains(e.Note, "A push:") && !strings.HasPrefix(e.Frame.Payload, "edit ") {
			t.Errorf("push note on %s", e.Summary)
		}
	}
}

func TestDuplexVerboseShowsEveryCheckAndHeader(t *testing.T) {
	opts := fast
	opts.Messages, opts.Verbose = 1, true
	evs := runDuplex(t, opts)
	if n := len(kinds(evs, trace.KindCheck)); n < 7 {
		t.Errorf("%d checks with --verbose", n)
	}
	req := kinds(evs, trace.KindHTTPRequest)[0]
	var names []string
	for _, f := range req.Fields {
		names = append(names, f.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "User-Agent") {
		t.Errorf("verbose request fields %v lack User-Agent", names)
	}
	frames(t, evs)
}

func TestDuplexCancelClosesWithGoingAway(t *testing.T) {
	rec := trace.NewRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := fast
	opts.Interval = time.Minute // the story would wait long after its first message
	done := make(chan error, 1)
	go func() { done <- RunDuplex(ctx, rec, opts) }()
	waitEvent(t, rec, func(e trace.Event) bool { return e.Kind == trace.KindWSFrame && e.From == trace.Client })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	rec.Close()
	var closes []string
	for _, e := range frames(t, rec.Events()) {
		if e.Frame.OpcodeName == "close" {
			closes = append(closes, e.From+":"+e.Summary)
		}
	}
	if len(closes) != 2 || !strings.HasPrefix(closes[0], "client:CLOSE 1001") || !strings.HasPrefix(closes[1], "server:CLOSE 1001") {
		t.Errorf("close frames %q", closes)
	}
}

func TestDuplexInteractive(t *testing.T) {
	var hint bytes.Buffer
	opts := fast
	opts.Interactive = true
	opts.Interval = time.Minute // no push during the test
	opts.In = tty.NewInput(strings.NewReader("hello\n\n/ping\n/ping are you there?\n/binary 00 ff\n/bogus\n//slash\n/close 4000 see you\n"))
	opts.Hint = &hint
	evs := runDuplex(t, opts)
	var sent, got []string
	for _, e := range frames(t, evs) {
		if e.From == trace.Client {
			sent = append(sent, e.Summary)
		} else {
			got = append(got, e.Summary)
		}
	}
	wantSent := []string{`TEXT "hello" (masked)`, `PING "1" (masked)`, `PING "are you there?" (masked)`,
		`BINARY 2 bytes (masked)`, `TEXT "/slash" (masked)`, `CLOSE 4000 "see you" (masked)`}
	if strings.Join(sent, "|") != strings.Join(wantSent, "|") {
		t.Errorf("client sent\n%s\nwant\n%s", strings.Join(sent, "\n"), strings.Join(wantSent, "\n"))
	}
	joined := strings.Join(got, "|")
	for _, w := range []string{`TEXT "echo: hello"`, `PONG "1"`, `PONG "are you there?"`, `BINARY 2 bytes`, `CLOSE 4000 "see you"`} {
		if !strings.Contains(joined, w) {
			t.Errorf("server frames lack %s: %s", w, joined)
		}
	}
	if !strings.Contains(hint.String(), `hint: unknown command "/bogus"`) {
		t.Errorf("hints: %q", hint.String())
	}
	if kinds(evs, trace.KindSummary) == nil {
		t.Error("no summary")
	}
}

func TestDuplexInteractiveEndOfInputClosesNormally(t *testing.T) {
	opts := fast
	opts.Interactive, opts.Interval = true, time.Minute
	opts.In = tty.NewInput(strings.NewReader("only line\n"))
	var last trace.Event
	for _, e := range frames(t, runDuplex(t, opts)) {
		if e.From == trace.Client {
			last = e
		}
	}
	if last.Frame == nil || last.Frame.CloseCode != 1000 || last.Frame.CloseReason != "end of input" {
		t.Fatalf("last client frame %s", last.Summary)
	}
}

// gorillaHandler upgrades every request with gorilla/websocket and hands the
// connection to serve, closing it when serve returns.
func gorillaHandler(serve func(c *gws.Conn)) http.Handler {
	up := gws.Upgrader{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	})
}

// gorillaEcho is a WebSocket echo server built on another implementation
// than ours (gorilla/websocket), like the servers --url meets.
func gorillaEcho(t *testing.T, secure bool) *httptest.Server {
	h := gorillaHandler(func(c *gws.Conn) {
		for {
			typ, p, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(typ, p); err != nil {
				return
			}
		}
	})
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // a client refusing its certificate is a test case
	if secure {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

func TestDuplexAgainstGorilla(t *testing.T) {
	t.Run("ws", func(t *testing.T) {
		srv := gorillaEcho(t, false)
		opts := fast
		opts.URL = "ws" + strings.TrimPrefix(srv.URL, "http") + "/echo"
		checkEchoRun(t, runDuplex(t, opts))
	})
	t.Run("wss", func(t *testing.T) {
		srv := gorillaEcho(t, true)
		opts := fast
		opts.URL = "wss" + strings.TrimPrefix(srv.URL, "https") + "/echo"
		opts.tlsConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
		evs := runDuplex(t, opts)
		checkEchoRun(t, evs)
		if !strings.Contains(kinds(evs, trace.KindTCPConnect)[0].Note, "TLS") {
			t.Error("no TLS note on the connection")
		}
	})
}

func TestDuplexInteractiveAgainstGorilla(t *testing.T) {
	srv := gorillaEcho(t, false)
	opts := fast
	opts.URL = "ws" + strings.TrimPrefix(srv.URL, "http")
	opts.Interactive = true
	opts.In = tty.NewInput(strings.NewReader("hi gorilla\n/ping ok?\n/close 1000 done\n"))
	// Each direction in order; how they interleave depends on timing.
	got := map[string][]string{}
	for _, e := range frames(t, runDuplex(t, opts)) {
		got[e.From] = append(got[e.From], e.Summary)
	}
	want := map[string][]string{
		trace.Client: {`TEXT "hi gorilla" (masked)`, `PING "ok?" (masked)`, `CLOSE 1000 "done" (masked)`},
		trace.Server: {`TEXT "hi gorilla"`, `PONG "ok?"`, `CLOSE 1000`},
	}
	for side, w := range want {
		if strings.Join(got[side], "|") != strings.Join(w, "|") {
			t.Errorf("%s frames %q, want %q", side, got[side], w)
		}
	}
}

func checkEchoRun(t *testing.T, evs []trace.Event) {
	t.Helper()
	var got []string
	for _, e := range frames(t, evs) {
		if e.From == trace.Server {
			got = append(got, e.Summary)
		}
	}
	joined := strings.Join(got, "|")
	for _, w := range []string{`TEXT "message 1 from the client"`, `TEXT "message 3 from the client"`, `PONG "1"`, `BINARY 8 bytes`, "CLOSE 1000"} {
		if !strings.Contains(joined, w) {
			t.Errorf("the echo server's frames lack %s:\n%s", w, strings.Join(got, "\n"))
		}
	}
	if n := len(kinds(evs, trace.KindCheck)); n != 0 {
		t.Errorf("%d server checks from a server that is not ours", n)
	}
	for _, e := range evs {
		if strings.Contains(e.Note, "A push:") {
			t.Errorf("push note against an echo server: %s", e.Summary)
		}
	}
}

// TestDuplexServerClosesEarly: a server that ends the conversation after
// the first message is shown doing so. A normal close (1000) ends the run
// normally, with a note and the summary; any other status is why the run
// failed.
func TestDuplexServerClosesEarly(t *testing.T) {
	for _, tc := range []struct {
		code    int
		reason  string
		wantErr string // "" for a run that ends normally
	}{
		{gws.ClosePolicyViolation, "one message is enough", "the server closed the connection: status 1008 (policy violation)"},
		{gws.CloseNormalClosure, "that will do", ""},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			srv := httptest.NewServer(gorillaHandler(func(c *gws.Conn) {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				msg := gws.FormatCloseMessage(tc.code, tc.reason)
				_ = c.WriteControl(gws.CloseMessage, msg, time.Now().Add(time.Second))
				for { // read until the client's answer to our close
					if _, _, err := c.ReadMessage(); err != nil {
						return
					}
				}
			}))
			defer srv.Close()
			opts := fast
			opts.URL = "ws" + strings.TrimPrefix(srv.URL, "http")
			evs, err := record(RunDuplex, opts)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("err = %v, want a normal end", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			var closes []string
			for _, e := range frames(t, evs) {
				if e.Frame.OpcodeName == "close" {
					closes = append(closes, e.From+" "+e.Summary)
				}
			}
			want := fmt.Sprintf("server CLOSE %d %q", tc.code, tc.reason)
			if len(closes) != 2 || closes[0] != want || !strings.HasPrefix(closes[1], fmt.Sprintf("client CLOSE %d", tc.code)) {
				t.Errorf("close frames %q, want %s and the client's echo", closes, want)
			}
			ended := len(kinds(evs, trace.KindSummary)) == 1
			if ended != (tc.wantErr == "") {
				t.Errorf("summary recorded: %v, want %v", ended, tc.wantErr == "")
			}
		})
	}
}

func TestDuplexDialFailures(t *testing.T) {
	closed := testkit.FreeAddr(t)
	notWS := httptest.NewServer(http.NotFoundHandler())
	defer notWS.Close()
	// A listener nobody accepts on: TCP connects (the kernel's backlog), the
	// handshake request goes out, and no answer ever comes.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	untrusted := gorillaEcho(t, true)
	// Only the silent server waits out --timeout, so only it gets a short
	// one; the others fail on their own, and a TLS handshake on a loaded
	// machine can take longer than any short budget: with the default
	// timeout they say why they failed, not that they were slow.
	const short = 300 * time.Millisecond
	for _, tc := range []struct {
		url     string
		timeout time.Duration
		want    string
	}{
		{"ws://" + closed + "/", 0, "connection refused"},
		{"ws" + strings.TrimPrefix(notWS.URL, "http") + "/chat", 0, `answered "404 Not Found" instead of "101 Switching Protocols"`},
		{"wss" + strings.TrimPrefix(notWS.URL, "http") + "/chat", 0, "does not speak TLS"},
		{"ws://" + silent.Addr().String() + "/", short, "no answer from ws://" + silent.Addr().String() + "/ within 300ms"},
		{"wss" + strings.TrimPrefix(untrusted.URL, "https") + "/", 0, "TLS certificate is not trusted"},
	} {
		opts := fast
		opts.URL, opts.Timeout = tc.url, tc.timeout
		err := RunDuplex(context.Background(), trace.NewRecorder(), opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.url) {
			t.Errorf("%s: err = %v, want %q", tc.url, err, tc.want)
		}
	}
}

// The rules of the duplex options live on them: RunDuplex refuses before
// it starts anything, with a FieldError naming the option.
func TestDuplexOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		change func(*DuplexOptions)
		field  Option
		want   string
	}{
		{func(o *DuplexOptions) { o.Messages = 0 }, OptMessages, "Messages must be from 1 to 1000, got 0"},
		{func(o *DuplexOptions) { o.Messages = MaxDuplexMessages + 1 }, OptMessages, "got 1001"},
		{func(o *DuplexOptions) { o.Interval = 0 }, OptInterval, "Interval must be positive, got 0s (Interval 0 turns the server's pushes off with Interactive)"},
		{func(o *DuplexOptions) { o.Interactive, o.Interval = true, -time.Second }, OptInterval, "Interval must not be negative, got -1s"},
		{func(o *DuplexOptions) { o.Interactive, o.Interval = true, 0 }, OptInterval, "unless the server's pushes are off (NoPush)"},
		{func(o *DuplexOptions) { o.Interactive, o.Interval = true, 2*time.Minute }, OptInterval, "Interval 2m: the built-in server waits at most 1m between pushes (Interval 0 turns them off)"},
		{func(o *DuplexOptions) { o.TooBig, o.Interactive = true, true }, OptTooBig, "TooBig shows the built-in server's message limit; it cannot be combined with Interactive or URL"},
		{func(o *DuplexOptions) { o.URL = "ws://h/chat#top" }, OptURL, "has a #fragment"},
		{func(o *DuplexOptions) { o.URL, o.Addr = "ws://127.0.0.1:1/", "127.0.0.1:0" }, OptAddr, "Addr sets where the built-in server listens; with URL there is no built-in server"},
	} {
		o := fast
		tc.change(&o)
		evs, err := record(RunDuplex, o)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want a FieldError for %s saying %q", o, err, tc.field, tc.want)
		}
		if len(evs) != 0 {
			t.Errorf("%+v: %d events recorded before refusing", o, len(evs))
		}
	}
	if err := fast.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestDuplexAddrIsHonoured(t *testing.T) {
	addr := testkit.FreeAddr(t)
	opts := fast
	opts.Messages, opts.Addr = 1, addr
	evs := runDuplex(t, opts)
	if c := kinds(evs, trace.KindTCPConnect)[0]; !strings.HasSuffix(c.Summary, "→ "+addr) {
		t.Errorf("connected %q, want the server on %s", c.Summary, addr)
	}
}

// --too-big: one message over the server's limit, in the 64-bit length form,
// and the server's close 1009 in answer; no close 1000 anywhere.
func TestDuplexTooBigShowsClose1009(t *testing.T) {
	opts := fast
	opts.Messages, opts.TooBig = 1, true
	var big, refused bool
	evs := runDuplex(t, opts)
	for _, e := range kinds(evs, trace.KindNote) {
		if strings.Contains(e.Summary, "one more than the server accepts") && e.Conn != 1 {
			t.Errorf("the too-big note is on conn %d, want the WebSocket's conn 1", e.Conn)
		}
	}
	for _, e := range frames(t, evs) {
		f := e.Frame
		switch {
		case e.From == trace.Client && f.PayloadLen == server.MaxMessage+1:
			big = f.HeaderLen == 14 && f.Masked // 2 + 8 (64-bit length) + 4 (key)
		case e.From == trace.Server && f.OpcodeName == "close":
			refused = f.CloseCode == 1009
		case f.OpcodeName == "close" && f.CloseCode == 1000:
			t.Errorf("a close 1000 in a --too-big run: %s", e.Summary)
		}
	}
	if !big || !refused {
		t.Fatalf("oversized frame in 64-bit form: %v; server closed with 1009: %v", big, refused)
	}
}

// A frame's fields come with the event (built when it is shown): every part
// of the header is there, each pointing at bytes inside Raw.
func TestFrameEventExpandsToAnnotatedFields(t *testing.T) {
	mask := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	raw := wire.AppendFrame(nil, true, 0, wire.OpText, &mask, []byte("Hello"))
	fs := wire.NewFrameDecoder(wire.FromClient, 0).Feed(raw)
	if len(fs) != 1 {
		t.Fatalf("decoded %d frames", len(fs))
	}
	e := frameEvent(&fs[0], wire.FromClient, lang.Text{})
	if len(e.Fields) != 0 || e.Expander == nil {
		t.Fatalf("fields built on the network path: %d fields, expander=%v", len(e.Fields), e.Expander != nil)
	}
	got := e.Expanded()
	var names []string
	for _, f := range got.Fields {
		names = append(names, f.Name)
		if f.Off+f.Len > len(raw) {
			t.Errorf("field %s outside the frame", f.Name)
		}
	}
	if s := strings.Join(names, ","); s != "FIN,RSV1-3,opcode,MASK,payload length,masking key,payload" {
		t.Fatalf("fields %s", s)
	}
	if got.Expander != nil || got.Summary != `TEXT "Hello" (masked)` || got.Frame.MaskKey != "37fa213d" {
		t.Fatalf("expanded event: %+v", got)
	}
}

// silentServer upgrades to WebSocket and then neither reads nor answers,
// like a server that hangs: only deadlines end a wait on it.
func silentServer(t *testing.T) string {
	quit := make(chan struct{})
	srv := httptest.NewServer(gorillaHandler(func(*gws.Conn) { <-quit }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) }) // runs first: the handler returns, Close can finish
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// runUntil calls run and fails the test if it is still running after
// limit: the run under test must end far sooner than the waits
// coder/websocket would make on its own (5 s for each half of a close).
func runUntil(t *testing.T, limit time.Duration, run func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- run() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("still running after %s", limit)
		return nil
	}
}

// interruptWhen runs a scenario and cancels its context (Ctrl-C) as soon as
// an event matches. The run must end within 4 s with context.Canceled; it
// returns the frames recorded.
func interruptWhen(t *testing.T, match func(trace.Event) bool, run func(context.Context, *trace.Recorder) error) []trace.Event {
	t.Helper()
	rec := trace.NewRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		waitEvent(t, rec, match)
		cancel()
	}()
	err := runUntil(t, 4*time.Second, func() error { return run(ctx, rec) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	rec.Close()
	return frames(t, rec.Events())
}

func TestDuplexSilentServer(t *testing.T) {
	t.Run("Ctrl-C while waiting for the pong", func(t *testing.T) {
		opts := fast
		opts.URL = silentServer(t)
		opts.Timeout = time.Minute // only the interrupt may end the wait
		fs := interruptWhen(t, func(e trace.Event) bool { return e.Frame != nil && e.Frame.OpcodeName == "ping" },
			func(ctx context.Context, rec *trace.Recorder) error { return RunDuplex(ctx, rec, opts) })
		if f := fs[len(fs)-1]; f.From != trace.Client || f.Frame.CloseCode != 1001 {
			t.Errorf("last frame %s %s, want the client's CLOSE 1001", f.From, f.Summary)
		}
	})
	t.Run("--timeout bounds the pong and the close", func(t *testing.T) {
		opts := fast
		opts.URL = silentServer(t)
		opts.Timeout = 300 * time.Millisecond
		err := runUntil(t, 4*time.Second, func() error { return RunDuplex(context.Background(), trace.NewRecorder(), opts) })
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no pong within 300ms") {
			t.Fatalf("err = %v, want the ping's timeout", err)
		}
	})
}

func TestHandshakeCtrlCAgainstSilentServer(t *testing.T) {
	opts := HandshakeOptions{URL: silentServer(t)}
	opts.Timeout = time.Minute // only the interrupt may end the waits
	fs := interruptWhen(t, func(e trace.Event) bool { return e.HTTP != nil && e.HTTP.Status == 101 },
		func(ctx context.Context, rec *trace.Recorder) error { return RunHandshake(ctx, rec, opts) })
	if len(fs) == 0 || fs[0].From != trace.Client || fs[0].Frame.CloseCode != 1001 {
		t.Fatalf("frames %v, want the client's CLOSE 1001", fs)
	}
}

// target is the handshake's request target in evs.
func target(evs []trace.Event) string {
	for _, e := range evs {
		if e.Kind == trace.KindHTTPRequest && e.HTTP != nil {
			return e.HTTP.Target
		}
	}
	return ""
}

// The scripted story's server pushes at 3/5 of --interval, and the push
// note says the interval it pushes at. It used to push every 150 ms
// whatever --interval said, so --messages 100 took 15 s however fast the
// client went.
func TestDuplexPushesFollowTheInterval(t *testing.T) {
	opts := fast
	opts.Interval = 20 * time.Millisecond
	evs := runDuplex(t, opts)
	if got := target(evs); got != "/ws?every=12ms&ping=1&push=3" {
		t.Errorf("handshake target %q, want pushes every 12ms", got)
	}
	var pushNote string
	for _, e := range frames(t, evs) {
		if strings.HasPrefix(e.Frame.Payload, "edit 1 ") {
			pushNote = e.Note
		}
	}
	if !strings.Contains(pushNote, "on its own schedule (every 12ms)") {
		t.Errorf("the first push's note %q does not say every 12ms", pushNote)
	}
}

// duplex -i --interval 0 turns the built-in server's pushes off; an interval
// over what the server takes is refused rather than silently replaced.
func TestDuplexInteractivePushesOff(t *testing.T) {
	opts := fast
	opts.Interactive, opts.NoPush = true, true
	opts.In = tty.NewInput(strings.NewReader("hello\n"))
	evs := runDuplex(t, opts)
	if got := target(evs); got != "/ws" {
		t.Errorf("handshake target %q, want no pushes asked for", got)
	}
	for _, e := range frames(t, evs) {
		if strings.HasPrefix(e.Frame.Payload, "edit ") || (e.From == trace.Server && e.Frame.OpcodeName == "ping") {
			t.Errorf("the server pushed or pinged with pushes off: %s", e.Summary)
		}
	}
	opts.NoPush, opts.Interval = false, 2*time.Minute
	var fe *FieldError
	if _, err := record(RunDuplex, opts); !errors.As(err, &fe) || fe.Field != OptInterval || !strings.Contains(err.Error(), "2m: the built-in server waits at most 1m between pushes") {
		t.Errorf("--interval 2m: err = %v", err)
	}
}
