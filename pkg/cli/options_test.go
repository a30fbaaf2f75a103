package cli

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/demo"
)

// runHooked runs a command line with every scenario replaced by a hook
// that records the options it would have run with: no server, no network.
func runHooked(t *testing.T, args ...string) (code int, got any, errOut string) {
	t.Helper()
	ios, _, _, stderr := Test()
	keep := func(o any) error { got = o; return nil }
	hooks := runHooks{
		http:      func(o *demo.HTTPOptions) error { return keep(*o) },
		handshake: func(o *demo.HandshakeOptions) error { return keep(*o) },
		duplex:    func(o *demo.DuplexOptions) error { return keep(*o) },
		realtime:  func(o *demo.RealtimeOptions) error { return keep(*o) },
		proxy:     func(o *demo.ProxyOptions) error { return keep(*o) },
		serve:     func(o *demo.ServeOptions) error { return keep(*o) },
	}
	code = runWith(context.Background(), ios, args, nil, hooks)
	return code, got, stderr.String()
}

// TestFlagsMakeOptions checks the options each command line would run
// with: defaults, and what each flag sets.
func TestFlagsMakeOptions(t *testing.T) {
	common := demo.Common{Timeout: demo.DefaultTimeout, Lang: "en"}
	withAddr := common
	withAddr.Addr = "127.0.0.1:8080"
	withServeAddr := common
	withServeAddr.Addr = demo.DefaultServeAddr
	ptServe := withServeAddr
	ptServe.Lang = "pt-BR"
	for _, tc := range []struct {
		args []string
		want any
	}{
		{[]string{"http"}, demo.HTTPOptions{Common: common}},
		{[]string{"http", "--no-keepalive", "--addr", "127.0.0.1:8080"}, demo.HTTPOptions{Common: withAddr, NoKeepAlive: true}},
		{[]string{"handshake"}, demo.HandshakeOptions{Common: common}},
		{[]string{"handshake", "--case", "bad-key"}, demo.HandshakeOptions{Common: common, Case: "bad-key"}},
		{[]string{"handshake", "--origin", "null", "--allow-origin", "http://a.example", "--allow-origin", "https://*.b.example"},
			demo.HandshakeOptions{Common: common, Origin: "null", AllowOrigins: []string{"http://a.example", "https://*.b.example"}}},
		{[]string{"handshake", "--url", "wss://example.com/chat"}, demo.HandshakeOptions{Common: common, URL: "wss://example.com/chat"}},
		// --interval's default depends on --interactive.
		{[]string{"duplex"}, demo.DuplexOptions{Common: common, Messages: demo.DefaultDuplexMessages, Interval: demo.DefaultDuplexInterval}},
		{[]string{"duplex", "-i"}, demo.DuplexOptions{Common: common, Messages: demo.DefaultDuplexMessages, Interval: demo.DefaultInteractivePush, Interactive: true}},
		{[]string{"duplex", "-i", "--interval", "1s"}, demo.DuplexOptions{Common: common, Messages: demo.DefaultDuplexMessages, Interval: time.Second, Interactive: true}},
		// --interval 0 turns the built-in server's pushes off with -i.
		{[]string{"duplex", "-i", "--interval", "0"}, demo.DuplexOptions{Common: common, Messages: demo.DefaultDuplexMessages, Interactive: true, NoPush: true}},
		{[]string{"duplex", "--compress"}, demo.DuplexOptions{Common: common, Messages: demo.DefaultDuplexMessages, Interval: demo.DefaultDuplexInterval, Compress: true}},
		{[]string{"duplex", "--messages", "7", "--interval", "10ms", "--too-big", "-v"},
			demo.DuplexOptions{Common: common, Messages: 7, Interval: 10 * time.Millisecond, TooBig: true, Verbose: true}},
		{[]string{"proxy", "--to", ":3000"}, demo.ProxyOptions{Common: common, To: ":3000", Listen: demo.DefaultProxyListen}},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--listen", "127.0.0.1:0", "-v"}, demo.ProxyOptions{Common: common, To: "127.0.0.1:3000", Listen: "127.0.0.1:0", Verbose: true}},
		// serve listens where a learner types it unless --addr says
		// otherwise; --lang also sets the page's language.
		{[]string{"serve"}, demo.ServeOptions{Common: withServeAddr, PageLang: "en"}},
		{[]string{"serve", "--lang", "pt-BR"}, demo.ServeOptions{Common: ptServe, PageLang: "pt-BR"}},
		{[]string{"realtime"}, demo.RealtimeOptions{Common: common, Edits: demo.DefaultRealtimeEdits, Every: demo.DefaultRealtimeEvery, PollInterval: demo.DefaultRealtimePollInterval}},
		{[]string{"realtime", "--only", " websocket,poll,websocket", "--edits", "5", "--every", "1s", "--poll-interval", "2s", "-v"},
			demo.RealtimeOptions{Common: common, Edits: 5, Every: time.Second, PollInterval: 2 * time.Second, Only: []string{"websocket", "poll"}, Verbose: true}},
	} {
		args := tc.args
		if !slices.Contains(args, "--lang") {
			args = append(args, "--lang", "en")
		}
		code, got, errOut := runHooked(t, args...)
		if code != ExitOK {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
			continue
		}
		if p, ok := got.(demo.ProxyOptions); ok {
			if p.Hint == nil {
				t.Errorf("%v: no Hint: want the command's stderr", tc.args)
			}
			p.Hint = nil
			got = p
		}
		if d, ok := got.(demo.DuplexOptions); ok {
			// The streams are the command's own; compared apart.
			if d.In == nil || d.Hint == nil || d.Width == 0 {
				t.Errorf("%v: In %v, Hint %v, Width %d: want the command's streams", tc.args, d.In, d.Hint, d.Width)
			}
			d.In, d.Hint, d.Width = nil, nil, 0
			got = d
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v:\n got %+v\nwant %+v", tc.args, got, tc.want)
		}
	}
}

// TestOptionsRefuseWithTheFlagsName: each rule is the options' (their
// Validate), said with the flag's name, as a usage error, before anything
// runs.
func TestOptionsRefuseWithTheFlagsName(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"handshake", "--case", "nope"}, `--case "nope" is not a case; the cases are not-get, no-upgrade, bad-version, bad-key`},
		{[]string{"handshake", "--url", "ws://127.0.0.1:1/", "--addr", "127.0.0.1:0"}, "--addr sets where the built-in server listens; with --url there is no built-in server"},
		{[]string{"handshake", "--allow-origin", "app.example"}, `--allow-origin "app.example" has no scheme, and an origin is scheme, host and port together (RFC 6454 §5): write http://app.example or https://app.example` +
			"\nhint: an allowed origin is a whole origin,"},
		{[]string{"duplex", "--too-big", "-i"}, "--too-big shows the built-in server's message limit; it cannot be combined with --interactive or --url"},
		{[]string{"duplex", "--interval", "0s"}, "--interval must be positive, got 0s (--interval 0 turns the server's pushes off with --interactive)"},
		{[]string{"duplex", "-i", "--interval", "2m"}, "--interval 2m: the built-in server waits at most 1m between pushes (--interval 0 turns them off)"},
		{[]string{"realtime", "--every", "11s"}, "--every 11s: must be more than 0 and at most 10s"},
		{[]string{"http", "--rtt", "3s"}, "--rtt 3s needs a --timeout of at least 12s (a step may wait for two round trips and a held long poll), got 10s"},
		{[]string{"duplex", "--rtt", "-1ms"}, "--rtt -1ms: a round trip cannot be negative"},
		{[]string{"decode", "--from", "proxy", "81", "00"}, `--from "proxy": say client or server`},
		{[]string{"proxy"}, "proxy needs --to: the address of your own server\nhint: run your app (say on port 3000), then: wsdemo proxy --to 127.0.0.1:3000"},
		{[]string{"proxy", "--to", "3000"}, `--to "3000" is not HOST:PORT` + "\nhint: for a port on this machine: --to 127.0.0.1:3000"},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--listen", "9000"}, `--listen "9000" is not HOST:PORT` + "\nhint: for a port on this machine: --listen 127.0.0.1:9000"},
		{[]string{"proxy", "--to", ":8080"}, "--to and --listen are both 127.0.0.1:8080: the proxy would relay to itself; --to is your own server's address"},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--addr", "127.0.0.1:0"}, "--addr sets where a demo server listens; proxy relays to your server (--to) and listens at --listen"},
		{[]string{"proxy", "--to", "127.0.0.1:3000", "--rtt", "100ms"}, "--rtt simulates distance in wsdemo's own demos"},
		{[]string{"serve", "--rtt", "3s"}, "--rtt 3s needs a --timeout of at least 12s"},
	} {
		code, got, errOut := runHooked(t, tc.args...)
		if code != ExitUsage || got != nil || !strings.Contains(errOut, "wsdemo: "+tc.err) {
			t.Errorf("%v: exit %d, ran %v, stderr %q; want 2 and %q", tc.args, code, got != nil, errOut, tc.err)
		}
	}
}
