package demo

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

// -screenshots writes docs/serve-page.png and docs/serve-terminal.txt
// (the README's pictures) from the browser test's run.
var screenshots = flag.Bool("screenshots", false, "write the README's pictures of wsdemo serve from the browser test")

// chromium finds a Chrome or Chromium to drive, or skips the test saying
// how to get one. On CI (CI set) a missing browser fails the test: .ci/run
// installs it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("WSDEMO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium or Chrome found: install one to run this test (Debian and Ubuntu: apt-get install chromium), or set WSDEMO_CHROMIUM to its path"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium with a fresh profile, with the flags
// this machine's network needs (no background connections, no QUIC).
func browser(t *testing.T) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
		chromedp.Flag("lang", "en-US"),
	)
	return chromedp.NewExecAllocator(context.Background(), opts...)
}

// serving runs RunServe until the returned stop is called, which returns
// RunServe's error.
func serving(t *testing.T, rec *trace.Recorder, opts ServeOptions) (ServeURLs, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan ServeURLs, 1)
	done := make(chan error, 1)
	opts.Ready = func(u ServeURLs) { urls <- u }
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	go func() { done <- RunServe(ctx, rec, opts) }()
	select {
	case u := <-urls:
		return u, func() error { cancel(); return <-done }
	case err := <-done:
		cancel()
		t.Fatalf("RunServe: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("RunServe never got ready")
	}
	return ServeURLs{}, nil
}

// newTab opens a tab: in the browser of parent's allocator, or beside
// parent's tab. Its first action runs on the tab's own context, not one with
// a deadline: chromedp ties the tab to the context of that first run.
func newTab(t *testing.T, parent context.Context) (context.Context, context.CancelFunc) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	return ctx, cancel
}

// run runs steps in a tab, failing t if they fail or take too long.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in a tab.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// until waits until a JavaScript expression is true in the tab.
func until(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(12*time.Second))
}

// ready waits until the page has its tab number and the document.
var ready = until(`document.documentElement.dataset.ready === 'true'`)

// setMode picks a mode with the page's own switch, as a learner would.
func setMode(mode string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SetValue(chromedp.ID("mode"), mode),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('mode').dispatchEvent(new Event('change'))`))
}

// hasText waits until the tab's text area holds s.
func hasText(s string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`document.getElementById('doc').value.includes(%q)`, s))
}

// latencies are the latencies the tab's log measured, newest first.
func latencies(t *testing.T, ctx context.Context) []float64 {
	t.Helper()
	raw := eval[[]string](t, ctx, `[...document.querySelectorAll('#log li[data-latency-ms]')].filter(li => !li.classList.contains('old')).map(li => li.dataset.latencyMs + ' ' + li.dataset.errorMs)`)
	var out []float64
	for _, r := range raw {
		f := strings.Fields(r)
		lat, err1 := strconv.ParseFloat(f[0], 64)
		bound, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("log entry with data-latency-ms %q", r)
		}
		// A latency can come out a little below zero by as much as the
		// offset's error bound, never more; and it is no minute long.
		if lat < -bound-1 || lat > 60000 {
			t.Errorf("latency %v ms (±%v) is not a latency", lat, bound)
		}
		out = append(out, lat)
	}
	return out
}

// The serve scenario in a real browser: two tabs of a headless Chromium
// edit one document in each mode, and the edit typed in tab A reaches tab
// B, which logs its latency; the server-side trace holds the browser's own
// handshake and frames; the foreign site's handshake is refused with 403;
// closing a tab sends 1001, and so does the server when it stops.
func TestServeInRealBrowser(t *testing.T) {
	rec := trace.NewRecorder()
	// A reader takes the events as they come, as the terminal does: the
	// recorder keeps only what no one has taken (a run of a few minutes
	// makes hundreds of events), and condenses repeats behind a reader
	// that falls behind.
	read := readAll(t, rec)
	urls, stop := serving(t, rec, ServeOptions{})
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	alloc, cancelAlloc := browser(t)
	defer cancelAlloc()
	a, cancelA := newTab(t, alloc)
	defer cancelA()
	run(t, a, "tab A loads the page", chromedp.Navigate(urls.Page), ready)
	b, cancelB := newTab(t, a) // a second tab of the same browser
	defer cancelB()
	run(t, b, "tab B loads the page", chromedp.Navigate(urls.Page), ready)

	tabA := eval[string](t, a, `'tab-' + new URLSearchParams(location.search).get('tab')`)
	tabB := eval[string](t, b, `'tab-' + new URLSearchParams(location.search).get('tab')`)
	if tabA == tabB || !strings.HasPrefix(tabA, "tab-") {
		t.Fatalf("the tabs are %q and %q", tabA, tabB)
	}

	for i, mode := range []string{"refresh", "poll", "long-poll", "websocket"} {
		word := fmt.Sprintf("[%s %d]", mode, i)
		run(t, a, "tab A follows by "+mode, setMode(mode))
		run(t, b, "tab B follows by "+mode, setMode(mode))
		if mode == "poll" {
			run(t, b, "tab B polls every 200 ms", chromedp.SetValue(chromedp.ID("interval"), "200"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById('interval').dispatchEvent(new Event('change'))`))
		}
		if mode == "websocket" {
			for _, tab := range []context.Context{a, b} {
				run(t, tab, "the WebSocket opens", until(`[...document.querySelectorAll('#log li')].some(li => /WebSocket open/.test(li.textContent))`))
			}
		}
		before := len(latencies(t, b))
		run(t, a, "tab A types "+word, chromedp.SendKeys(chromedp.ID("doc"), word))
		if mode == "refresh" {
			// Tab B learns of the edit only when reloaded; the edit may
			// still be on its way to the server the first time.
			deadline := time.Now().Add(10 * time.Second)
			for {
				reload := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.ID("reload")))
				run(t, b, "tab B reloads", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := reload(ctx, tg)
					return err
				}), ready)
				if eval[bool](t, b, fmt.Sprintf(`document.getElementById('doc').value.includes(%q)`, word)) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("tab B never had %q after a reload", word)
				}
				time.Sleep(200 * time.Millisecond)
			}
		} else {
			run(t, b, "tab B sees "+word, hasText(word))
		}
		got := latencies(t, b)
		if len(got) <= before {
			t.Errorf("%s: tab B logged no latency for the edit (log entries with one: %d before, %d after)", mode, before, len(got))
		} else {
			t.Logf("%s: tab B measured %v ms", mode, got[:len(got)-before])
		}
	}

	// The foreign site, opened from the page's own link.
	foreignURL := eval[string](t, a, `document.getElementById('foreign').href`)
	if !strings.HasPrefix(foreignURL, strings.TrimSuffix(urls.Foreign, "/")) {
		t.Errorf("the page links to %q, the foreign site is at %q", foreignURL, urls.Foreign)
	}
	c, cancelC := newTab(t, a)
	run(t, c, "the foreign site tries", chromedp.Navigate(foreignURL),
		until(`document.getElementById('result').dataset.state === 'closed'`))
	cancelC()

	if *screenshots {
		// Tab B, following tab A's typing by WebSocket.
		run(t, a, "type for the picture", chromedp.SendKeys(chromedp.ID("doc"), " Hello from tab A!"))
		run(t, b, "tab B has it", hasText("Hello from tab A!"), chromedp.Sleep(300*time.Millisecond))
		png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "serve-page.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Tab B goes away: its WebSocket closes with 1001.
	cancelB()
	read.wait(t, func(e trace.Event) bool {
		return e.Kind == trace.KindWSFrame && e.From == tabB && e.Frame.OpcodeName == "close"
	})
	stopped = true
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("RunServe returned %v, want context.Canceled", err)
	}
	// --lang pt-BR: the page speaks Portuguese whatever the browser's
	// language (this one's is en-US).
	ptURLs, ptStop := serving(t, trace.NewRecorder(), ServeOptions{PageLang: "pt-BR"})
	d, cancelD := newTab(t, a)
	run(t, d, "the page in Portuguese", chromedp.Navigate(ptURLs.Page), ready)
	if h1 := eval[string](t, d, `document.querySelector('h1').textContent + ' | ' + document.documentElement.lang`); h1 != "Um documento, duas abas | pt-BR" {
		t.Errorf("with PageLang pt-BR the page says %q", h1)
	}
	cancelD()
	ptStop()

	rec.Close()
	evs := read.all(t)
	if *screenshots {
		writeTerminal(t, evs, tabB)
	}
	checkBrowserTrace(t, evs, urls, tabA, tabB)
	// A real browser shows its signs (Sec-Fetch-* on the page's requests,
	// Origin and the page's cookie on its handshakes): the notes speak of
	// the browser, its page and its tabs, not of "a client".
	notes := map[string]bool{}
	for _, e := range evs {
		notes[e.Note] = true
	}
	for _, k := range []noteKey{notePage, noteHandshake} {
		found := false
		for n := range notes {
			found = found || strings.Contains(n, string(serveNotes[k]))
		}
		if !found {
			t.Errorf("no browser's note %q: %s", k, serveNotes[k])
		}
	}
}

// reader takes a recorder's events as a renderer would, and keeps them for
// the test to look at.
type reader struct {
	mu   sync.Mutex
	evs  []trace.Event
	done chan struct{}
}

// readAll starts a reader of rec, which reads until rec is closed (at the
// latest when t ends).
func readAll(t *testing.T, rec *trace.Recorder) *reader {
	r := &reader{done: make(chan struct{})}
	t.Cleanup(func() { rec.Close(); <-r.done })
	go func() {
		defer close(r.done)
		for i := 0; ; i++ {
			e, err := rec.Next(context.Background(), i)
			if err != nil {
				return
			}
			r.mu.Lock()
			r.evs = append(r.evs, e)
			r.mu.Unlock()
		}
	}()
	return r
}

// wait waits until the reader has taken an event that matches.
func (r *reader) wait(t *testing.T, match func(trace.Event) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for seen := 0; ; {
		r.mu.Lock()
		evs := r.evs[seen:]
		r.mu.Unlock()
		for _, e := range evs {
			if match(e) {
				return
			}
		}
		seen += len(evs)
		if time.Now().After(deadline) {
			t.Fatal("no matching event within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// all returns every event read, once the recorder is closed.
func (r *reader) all(t *testing.T) []trace.Event {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not reach the end of the trace")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.evs
}

// checkBrowserTrace checks what the tap saw of the browser.
func checkBrowserTrace(t *testing.T, evs []trace.Event, urls ServeURLs, tabA, tabB string) {
	t.Helper()
	own := strings.TrimSuffix(urls.Page, "/")
	foreign := strings.TrimSuffix(urls.Foreign, "/")
	type handshake struct {
		req  trace.Event
		resp *trace.Event
	}
	var shakes []*handshake
	byConn := map[int]*handshake{}
	var frames = map[string]bool{}
	var checks []trace.Event
	for _, e := range evs {
		// What a real browser does (its own handshake, its 1001 when a tab
		// goes away) is noted as sentences too, so that show --lang says
		// it again (TestScenariosSpeakPortuguese checks Go's clients).
		if e.Note != "" && len(e.NoteMsgs) == 0 {
			t.Errorf("seq %d: %s's note has no sentences (set it with lang's SetNote or AddNote): %s", e.Seq, e.Kind, e.Note)
		}
		switch {
		case e.Kind == trace.KindHTTPRequest && strings.Contains(e.HTTP.Target, "/ws"):
			h := &handshake{req: e}
			shakes = append(shakes, h)
			byConn[e.Conn] = h
		case e.Kind == trace.KindHTTPResponse && byConn[e.Conn] != nil && byConn[e.Conn].resp == nil:
			e := e
			byConn[e.Conn].resp = &e
		case e.Kind == trace.KindWSFrame:
			key := e.From + " " + e.Frame.OpcodeName
			if e.Frame.OpcodeName == "close" {
				key += " " + strconv.Itoa(e.Frame.CloseCode)
			}
			frames[key] = true
			if e.From != trace.Server && !e.Frame.Masked {
				t.Errorf("seq %d: a frame from the browser is not masked", e.Seq)
			}
		case e.Kind == trace.KindCheck:
			checks = append(checks, e)
		}
	}
	var mine, theirs *handshake
	for _, h := range shakes {
		origin, _ := h.req.HTTP.Header("Origin")
		switch origin {
		case own:
			if mine == nil {
				mine = h
			}
		case foreign:
			theirs = h
		}
	}
	if mine == nil {
		t.Fatalf("no handshake with Origin %s among %d", own, len(shakes))
	}
	if ua, _ := mine.req.HTTP.Header("User-Agent"); !strings.Contains(ua, "HeadlessChrome") {
		t.Errorf("the handshake's User-Agent is %q, want a HeadlessChrome", ua)
	}
	if _, ok := mine.req.HTTP.Header("Cookie"); !ok {
		t.Error("the page's handshake carried no cookie")
	}
	if ext, _ := mine.req.HTTP.Header("Sec-WebSocket-Extensions"); !strings.Contains(ext, "permessage-deflate") {
		t.Errorf("the browser offered %q, not permessage-deflate", ext)
	}
	if !strings.HasPrefix(mine.req.From, "tab-") {
		t.Errorf("the handshake is labelled %q, not with its tab", mine.req.From)
	}
	if mine.resp == nil || mine.resp.HTTP.Status != 101 {
		t.Fatalf("the page's handshake got %+v, want 101", mine.resp)
	}
	if _, ok := mine.resp.HTTP.Header("Sec-WebSocket-Extensions"); ok {
		t.Error("the server accepted an extension: its frames would not be readable")
	}
	for _, want := range []string{tabA + " text", trace.Server + " text", trace.Server + " ping", tabB + " close 1001", trace.Server + " close 1001"} {
		if !frames[want] {
			t.Errorf("no frame %q in the trace; frames: %v", want, frames)
		}
	}
	// Each tab's pong answers the server's ping.
	if !frames[tabA+" pong"] || !frames[tabB+" pong"] {
		t.Errorf("a tab did not answer the server's ping: %v", frames)
	}
	if theirs == nil {
		t.Fatalf("no handshake with the foreign Origin %s", foreign)
	}
	if theirs.resp == nil || theirs.resp.HTTP.Status != 403 {
		t.Errorf("the foreign handshake got %+v, want 403", theirs.resp)
	}
	if theirs.req.From != foreignActor {
		t.Errorf("the foreign handshake is labelled %q", theirs.req.From)
	}
	// Chromium sends the cookie to another port of the same host (RFC 6265
	// §8.5); the notes say what crossed either way, so a browser that
	// stops doing so fails nothing, but the README and lesson 9 describe it.
	if _, ok := theirs.req.HTTP.Header("Cookie"); !ok {
		t.Log("the foreign page's handshake carried no cookie: this browser did not send it to another port")
	}
	var origins []string
	for _, c := range checks {
		if c.Check.Name == "Origin allowed" {
			origins = append(origins, fmt.Sprintf("#%d %v", c.Conn, c.Check.OK))
			if c.Conn == theirs.req.Conn && c.Check.OK {
				t.Errorf("the foreign Origin passed the check: %s", c.Check.Detail)
			}
		}
		if c.Check.Name == "cookie identifies the user" && c.Conn == mine.req.Conn && !strings.Contains(c.Check.Detail, "user-") {
			t.Errorf("the cookie check did not name the user: %s", c.Check.Detail)
		}
	}
	if len(origins) < 2 {
		t.Errorf("the Origin checks: %v", origins)
	}
	last := evs[len(evs)-1]
	if last.Kind != trace.KindSummary || last.Stats["refused_handshakes"] != 1 {
		t.Errorf("the last event is %s %q %v, want the summary with one refused handshake", last.Kind, last.Summary, last.Stats)
	}
}

// writeTerminal writes parts of the trace as the terminal draws them
// (plain, 100 columns) to docs/serve-terminal.txt, for the README: tab B's
// WebSocket handshake in the last mode with the first frames after it, the
// foreign site's refused handshake, and tab B's close when it goes away.
func writeTerminal(t *testing.T, evs []trace.Event, tabB string) {
	t.Helper()
	find := func(from int, match func(trace.Event) bool) int {
		for i := from; i < len(evs); i++ {
			if match(evs[i]) {
				return i
			}
		}
		t.Fatalf("writeTerminal: no such event after %d", from)
		return -1
	}
	foreign := find(0, func(e trace.Event) bool { return e.From == foreignActor && e.Kind == trace.KindNote })
	shake := 0
	for i := range foreign {
		if e := evs[i]; e.Kind == trace.KindHTTPRequest && e.From == tabB && strings.Contains(e.HTTP.Target, "/ws") {
			shake = i
		}
	}
	pushed := find(shake, func(e trace.Event) bool {
		return e.Kind == trace.KindWSFrame && e.To == tabB && e.Frame.OpcodeName == "text"
	})
	refused := find(foreign, func(e trace.Event) bool { return e.Kind == trace.KindHTTPResponse && e.HTTP.Status == 403 })
	closed := find(refused, func(e trace.Event) bool {
		return e.Kind == trace.KindWSFrame && e.From == tabB && e.Frame.OpcodeName == "close"
	})
	var b strings.Builder
	r := render.New(render.Options{Out: &b, Width: 100, Mode: render.Plain})
	last := -1
	for _, part := range [][2]int{{shake, pushed}, {foreign, refused + 1}, {closed, closed + 1}} {
		if last >= 0 {
			fmt.Fprintf(&b, "  ⋮  (%d events)\n", part[0]-last-1)
		}
		for i := part[0]; i <= part[1]; i++ {
			if err := r.Event(evs[i]); err != nil {
				t.Fatal(err)
			}
		}
		last = part[1]
	}
	r.Close()
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "serve-terminal.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
