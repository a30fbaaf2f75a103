package demo

import (
	"context"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// How echoConn watches its connection.
const (
	untapped = iota
	tapped   // tap, decode, build every event; a nil Recorder keeps none
	recorded // the same into a Recorder that a reader empties, as a renderer would
)

// echoConn starts a demo server and connects a WebSocket client to its /ws
// endpoint, through the tap and decoders unless untapped, and reads the
// server's welcome. Everything is closed when the benchmark ends.
func echoConn(b *testing.B, how int) *websocket.Conn {
	b.Helper()
	srv := server.New(server.Config{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	transport := &http.Transport{}
	if how != untapped {
		var rec *trace.Recorder
		if how == recorded {
			rec = trace.NewRecorder()
			done := make(chan struct{})
			go func() {
				defer close(done)
				for i := 0; ; i++ { // take each event (expanded), keep none
					if _, err := rec.Next(context.Background(), i); err != nil {
						return
					}
				}
			}()
			b.Cleanup(func() { rec.Close(); <-done })
		}
		transport.DialContext = wiretap.New(newTracer(rec, nil, lang.Text{})).DialContext
	}
	ctx := context.Background()
	c, _, err := websocket.Dial(ctx, "ws://"+srv.Addr()+"/ws", &websocket.DialOptions{
		HTTPClient: &http.Client{Transport: transport}, CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(websocket.StatusNormalClosure, "") })
	if _, _, err := c.Read(ctx); err != nil { // the welcome
		b.Fatal(err)
	}
	return c
}

// echoMessage is what the echo benchmarks send: a typical demo message.
var echoMessage = []byte("edit: the quick brown fox")

// roundTrip sends echoMessage and reads the server's echo.
func roundTrip(b *testing.B, c *websocket.Conn) {
	ctx := context.Background()
	if err := c.Write(ctx, websocket.MessageText, echoMessage); err != nil {
		b.Fatal(err)
	}
	if _, _, err := c.Read(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEchoRoundTrip measures one WebSocket echo round trip (client
// writes a message, the server's echo comes back) untapped, through the tap
// and decoders, and through them into a Recorder that a reader empties, in
// the same run, so their ratios are the cost of watching. The issue's
// budget: tapped ≤ 1.05 × untapped, and at most 4 allocations more.
func BenchmarkEchoRoundTrip(b *testing.B) {
	for _, tc := range []struct {
		name string
		how  int
	}{{"untapped", untapped}, {"tapped", tapped}, {"recorded", recorded}} {
		b.Run(tc.name, func(b *testing.B) {
			c := echoConn(b, tc.how)
			b.SetBytes(int64(len(echoMessage)))
			b.ReportAllocs()
			for b.Loop() {
				roundTrip(b, c)
			}
		})
	}
}

// BenchmarkEchoTapOverhead reports the budget of BenchmarkEchoRoundTrip as
// one number, tap-overhead-%: each iteration makes one untapped and one
// watched round trip, alternating, so both meet the same machine load, and
// the figure compares their medians, which a moment of load on a shared
// machine (a round trip ten times as long) does not move.
func BenchmarkEchoTapOverhead(b *testing.B) {
	for _, tc := range []struct {
		name string
		how  int
	}{{"tapped", tapped}, {"recorded", recorded}} {
		b.Run(tc.name, func(b *testing.B) {
			plain, watched := echoConn(b, untapped), echoConn(b, tc.how)
			var inPlain, inWatched []time.Duration
			for b.Loop() {
				t0 := time.Now()
				roundTrip(b, plain)
				t1 := time.Now()
				roundTrip(b, watched)
				inPlain = append(inPlain, t1.Sub(t0))
				inWatched = append(inWatched, time.Since(t1))
			}
			b.ReportMetric(100*(float64(median(inWatched))/float64(median(inPlain))-1), "tap-overhead-%")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkTracerFrame is the tap's cost per frame, without the network:
// decode one server frame and build its annotated event. It is the part of
// BenchmarkEchoRoundTrip's tapped overhead that wsdemo's own code controls.
func BenchmarkTracerFrame(b *testing.B) {
	tr := newTracer(nil, nil, lang.Text{})
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	tc := wiretap.New(tr).WrapClient(c1)
	tr.Data(tc, wire.FromClient, []byte("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n"))
	tr.Data(tc, wire.FromServer, []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
	frame := wire.AppendFrame(nil, true, 0, wire.OpText, nil, []byte("echo: edit: the quick brown fox"))
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		tr.Data(tc, wire.FromServer, frame)
	}
}
