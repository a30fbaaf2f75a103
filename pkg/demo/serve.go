package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/server"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/web"
)

// DefaultServeAddr is where `wsdemo serve` listens unless --addr says
// otherwise: a fixed port, so that the URL is easy to type into a second
// browser.
const DefaultServeAddr = "127.0.0.1:8080"

// Actor names of the serve scenario. Each request is labelled with the tab
// that sent it ("tab-3", from the ?tab=N the page puts on its requests);
// these name the rest.
const (
	// browserActor is a request no tab claims (the first load of the page)
	// and a connection before any request has crossed it.
	browserActor = "browser"
	// foreignActor is a request whose Origin is not the server's own: the
	// foreign site's page.
	foreignActor = "foreign-page"
)

// ServeOptions configures the serve scenario.
type ServeOptions struct {
	Common
	// PageLang is the page's language ("en" or "pt-BR"); "" lets the page
	// follow the browser's.
	PageLang string
	// Ready, if set, is called once the page and the foreign site are
	// served, with their URLs.
	Ready func(ServeURLs)
}

// Validate reports the first option RunServe cannot run with, as a
// *FieldError: the shared options, and a page language the page has words
// for.
func (o ServeOptions) Validate() error {
	if o.PageLang != "" && !slices.Contains(lang.Supported, o.PageLang) {
		return fieldErrorf(OptPageLang, "%q: the page speaks %s", o.PageLang, strings.Join(lang.Supported, ", "))
	}
	return o.Common.Validate()
}

// ServeURLs are the addresses the serve scenario serves.
type ServeURLs struct {
	// Page is the shared document's page: open it in two tabs.
	Page string
	// Foreign is the foreign site: a page of another origin (another port)
	// whose script tries to open a WebSocket to the document.
	Foreign string
}

// RunServe serves the shared-document page to real browsers, behind a tap
// on the server's side, and records their traffic until ctx ends: every
// request and response, the WebSocket handshakes and frames, the server's
// checks. A second listener serves the foreign site. When ctx ends the
// server closes every WebSocket with 1001 (going away), and RunServe
// records how the connections ended and a summary, and returns ctx's error.
func RunServe(ctx context.Context, rec *trace.Recorder, opts ServeOptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	text := opts.text()
	obs := newServeObserver(rec, text)
	tap := opts.newTap(obs)
	defer tap.Wait()

	addr := opts.Addr
	if addr == "" {
		addr = DefaultServeAddr
	}
	ln, err := server.Listen(addr)
	if err != nil {
		return err
	}
	host, port := splitHostPort(ln.Addr().String())
	fln, err := server.Listen(net.JoinHostPort(host, "0"))
	if err != nil {
		ln.Close()
		return fmt.Errorf("the foreign site: %w", err)
	}
	_, fport := splitHostPort(fln.Addr().String())

	srv := server.New(server.Config{Rec: rec, ConnNumber: obs.connNumber, Lang: opts.Lang, Browser: true})
	run := make([]byte, 4)
	rand.Read(run)
	srv.ServePage(server.PageOptions{Files: web.Files, Replace: map[string]string{
		web.PlaceholderLang: opts.PageLang, web.PlaceholderForeignPort: fport, web.PlaceholderRun: hex.EncodeToString(run)}})
	if err := srv.StartOn(tap.Listen(ln)); err != nil {
		ln.Close()
		fln.Close()
		return err
	}
	foreign := foreignSite(rec, text, fln.Addr().String())
	foreignDone := make(chan struct{})
	go func() {
		defer close(foreignDone)
		foreign.Serve(fln) // until Close
	}()

	urls := ServeURLs{Page: "http://" + net.JoinHostPort(displayHost(host), port) + "/",
		Foreign: "http://" + net.JoinHostPort(displayHost(host), fport) + "/"}
	announceServeRTT(rec, opts.Common)
	serving := trace.Event{From: browserActor, To: trace.Server, Kind: trace.KindNote}
	text.SetNote(&serving,
		lang.M("Every byte the browsers send and receive is tapped on the server's side and decoded here, as the demos decode their own clients. Each request is labelled with the tab that sent it: the page adds ?tab=N to its requests."),
		lang.M("The page's link to a foreign site (%s, another origin: another port) shows what the server's Origin check is for.", urls.Foreign))
	serving.Summary, serving.SummaryMsg = lang.Both("serving %s: open it in two tabs (or two browsers); Ctrl-C stops", urls.Page)
	rec.Emit(serving)
	if opts.Ready != nil {
		opts.Ready(urls)
	}

	<-ctx.Done()

	// Close the WebSockets (1001, going away) and answer the held polls
	// while the connections still work, then stop serving.
	srv.CloseRealtime()
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	foreign.Shutdown(sctx)
	cancel()
	foreign.Close()
	<-foreignDone
	srv.Close()
	// The browsers answer a close at once; don't wait long for one that
	// does not.
	obs.tr.waitClosed(500 * time.Millisecond)
	tap.Hurry()
	tap.Wait()
	obs.summary(opts.Common)
	return ctx.Err()
}

// foreignSite is the "foreign site": a server on another port (so another
// origin, RFC 6454 §4) serving one page whose script opens a WebSocket to
// the document. It is another site's server, so it is not tapped; it says
// when it served its page.
func foreignSite(rec *trace.Recorder, text lang.Text, addr string) *http.Server {
	page, err := fs.ReadFile(web.Files, "foreign.html")
	if err != nil {
		panic(err) // embedded: cannot be missing
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		e := trace.Event{From: foreignActor, To: foreignActor, Kind: trace.KindNote}
		text.SetNote(&e, lang.M("Another origin's server, not tapped: it is not this server. Its page's script now tries to open a WebSocket to the document."))
		e.Summary, e.SummaryMsg = lang.Both("the foreign site at http://%s/ served its page to a browser (%s)", addr, r.RemoteAddr)
		rec.Emit(e)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(page)
	})
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
}

func splitHostPort(addr string) (host, port string) {
	host, port, _ = net.SplitHostPort(addr)
	return host, port
}

// displayHost is the host to put in a URL a person opens: an unspecified
// address (0.0.0.0, ::) is served on every address, loopback included.
func displayHost(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "127.0.0.1"
	}
	return host
}

// summary records what crossed while the page was served.
func (o *serveObserver) summary(c Common) {
	s := o.tr.Stats()
	o.mu.Lock()
	tabs, refused, upgraded := len(o.tabs), o.refused, o.upgraded
	o.mu.Unlock()
	e := trace.Event{From: browserActor, To: trace.Server, Kind: trace.KindSummary,
		Stats: c.withRTT(map[string]any{
			"tabs": tabs, "connections": s.Conns, "http_requests": s.Requests, "http_responses": s.Responses,
			"websockets": upgraded, "refused_handshakes": refused,
			"ws_frames_browser_to_server": s.Frames[0], "ws_frames_server_to_browser": s.Frames[1],
			"bytes_browser_to_server": s.Bytes[0], "bytes_server_to_browser": s.Bytes[1],
		})}
	e.Summary, e.SummaryMsg = lang.Both("served %d tabs on %d TCP connections: %d requests, %d WebSockets, %d frames",
		tabs, s.Conns, s.Requests, upgraded, s.Frames[0]+s.Frames[1])
	e.Fields = serveSummaryFields(o.text, e.Stats)
	o.tr.rec.Emit(e)
}

// serveSummaryFields are the rows under serve's summary, from its stats:
// the run builds them, and so does a replay of its trace.
func serveSummaryFields(t lang.Text, st map[string]any) []trace.Field {
	n := func(key string) int64 { return int64(statInt(st[key])) }
	return []trace.Field{
		{Name: t.F("tabs"), Value: t.Int(n("tabs")), Meaning: t.F("the tabs that sent requests, numbered by the page (?tab=N)")},
		{Name: t.F("TCP connections"), Value: t.Int(n("connections")), Meaning: t.F("opened by the browsers, which share them among their tabs")},
		{Name: t.F("HTTP requests"), Value: t.Int(n("http_requests")), Meaning: t.F("%d answered", n("http_responses"))},
		{Name: t.F("WebSockets"), Value: t.Int(n("websockets")), Meaning: t.F("handshakes answered with 101; %d refused", n("refused_handshakes"))},
		{Name: t.F("frames"), Value: t.F("browser %d · server %d", n("ws_frames_browser_to_server"), n("ws_frames_server_to_browser"))},
		{Name: t.F("bytes"), Value: t.F("browser %d · server %d", n("bytes_browser_to_server"), n("bytes_server_to_browser")), Meaning: t.F("every byte each side sent, as the tap counted it")},
	}
}

// announceServeRTT records, before anything crosses, that --rtt simulates
// distance on the browsers' connections. The tap is on the server's side,
// so the delay line starts once the server has accepted a connection: the
// bytes and the closes are delayed, the SYN and SYN-ACK are not (a demo's
// own client waits a round trip for them; see Common.announceRTT).
func announceServeRTT(rec *trace.Recorder, c Common) {
	if c.RTT <= 0 {
		return
	}
	t := c.text()
	e := trace.Event{From: browserActor, To: trace.Server, Kind: trace.KindNote}
	t.SetNote(&e, lang.M("Every connection a browser opens behaves as if its two ends were %v apart: each byte, and each close, arrives %v after it was sent, in the order sent, as on a long network path (a delay line, like Linux's netem). The tap is on the server's side, so the delay starts once the server has accepted the connection: opening it costs no round trip here, whereas on a real network the SYN and the SYN-ACK take one before the browser can send (RFC 9293 §3.5).", c.RTT, c.RTT/2),
		lang.M("The bytes still cross this machine's loopback; only the distance is simulated. Run without --rtt to compare."))
	e.Summary, e.SummaryMsg = lang.Both("--rtt %s: a simulated round trip, %v each way", c.RTT.String(), c.RTT/2)
	rec.Emit(e)
}
