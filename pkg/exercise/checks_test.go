package exercise

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/coder/websocket"

	"wsdemo/lessons"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// exerciseNamed loads one exercise's task, in English.
func exerciseNamed(t *testing.T, slug string) *Exercise {
	t.Helper()
	all, err := Load(lessons.Exercises(), "en")
	if err != nil {
		t.Fatal(err)
	}
	x := Find(all, slug)
	if x == nil {
		t.Fatalf("no exercise %q", slug)
	}
	return x
}

// check runs an exercise's checks against url and returns the result and
// the events recorded.
func check(t *testing.T, x *Exercise, url string) (*Result, []trace.Event) {
	t.Helper()
	target, err := ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rec := trace.NewRecorder()
	// A longer wait than the tasks' 2 s: a right server is never failed
	// for a machine busy enough to schedule it late, and a broken one
	// fails the same way, only later.
	res, err := Run(context.Background(), rec, x, target, Options{Timeout: 10 * time.Second, Wait: 5 * time.Second})
	rec.Close()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res, rec.Events()
}

// verdict is what a run must end with: every check passed (step ""), or
// the first failure at step, saying detail.
type verdict struct {
	step   string
	detail lang.Msg
}

// serverCase is one server an exercise is checked against.
type serverCase struct {
	name string
	url  func(t *testing.T) string
	want verdict
}

func handler(h http.Handler) func(t *testing.T) string {
	return func(t *testing.T) string { return wsURL(start(t, h)) }
}

func raw(s *rawWS) func(t *testing.T) string {
	return func(t *testing.T) string { return s.serve(t) }
}

// badAccept answers the handshake with the accept value of another key.
func badAccept() *rawWS {
	return &rawWS{accept: func(key string) string { return wire.AcceptKey(key + "x") }}
}

// The honest checks: the reference server of each exercise passes every
// check, servers that differ in what the task does not ask about pass too,
// and each broken variant fails exactly the check about what it breaks,
// saying what it saw.
func TestChecksAreHonest(t *testing.T) {
	t.Parallel()
	const (
		otherType    lang.Msg = "the same bytes came back as a %s message, not a %s message"
		closedInstd  lang.Msg = "the server closed the WebSocket with %#d (%s) instead of answering"
		badAcceptMsg lang.Msg = "Sec-WebSocket-Accept is %q; for the key %q it must be %q"
		notRefused   lang.Msg = "it answered 101 Switching Protocols to the origin %s: a page from there could now use the connection"
		tookIt       lang.Msg = "the server answered with a %s message instead of closing: it took the input as valid"
		gotNothing   lang.Msg = "%s got nothing within 2 s"
	)
	cases := map[string][]serverCase{
		"rest": {
			{"reference", func(t *testing.T) string { return restServer(t, "", false).URL }, verdict{}},
			{"lenient", func(t *testing.T) string { return restServer(t, "", true).URL }, verdict{}},
			{"text/plain list", func(t *testing.T) string { return restServer(t, "notes-list", false).URL },
				verdict{"notes-list", "Content-Type is %q, not application/json"}},
			{"200 for a POST", func(t *testing.T) string { return restServer(t, "notes-create", false).URL },
				verdict{"notes-create", "it answered %s: a request that created something is answered 201 Created"}},
			{"forgets notes", func(t *testing.T) string { return restServer(t, "notes-listed", false).URL },
				verdict{"notes-listed", "no note in the list has the text %q"}},
			{"no challenge", func(t *testing.T) string { return restServer(t, "auth-missing", false).URL },
				verdict{"auth-missing", "401, but no WWW-Authenticate header: the client is not told how to authenticate"}},
			{"any bearer token", func(t *testing.T) string { return restServer(t, "auth-wrong", false).URL },
				verdict{"auth-wrong", "it answered %s: it served a request that has no valid credentials"}},
			{"remembers the connection", func(t *testing.T) string { return restServer(t, "auth-stateless", false).URL },
				verdict{"auth-stateless", "the second request, without a token, got %s on the same connection: the token of the first counted for it"}},
		},
		"echo": {
			{"coder/websocket", handler(echoHandler(1<<20, 0)), verdict{}},
			{"lenient", raw(&rawWS{upgrade: "upgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\n", head: "X-Extra: 1\r\n",
				closeAnswer: wire.ClosePayload(1001, "going away"), waitClientFIN: true, limit: 1 << 20}), verdict{}},
			{"wrong accept", raw(badAccept()), verdict{"handshake", badAcceptMsg}},
			{"text as binary", handler(echoHandler(1<<20, websocket.MessageBinary)), verdict{"echo-text", otherType}},
			{"binary as text", handler(echoHandler(1<<20, websocket.MessageText)), verdict{"echo-binary", otherType}},
			{"32 KiB limit", handler(echoHandler(0, 0)), verdict{"echo-long", closedInstd}},
			{"echoes frames", raw(&rawWS{echoFrames: true, limit: 1 << 20}), verdict{"echo-fragmented", "nothing came back within 2 s but another message: a %s message, %s"}},
			{"wrong pong", raw(&rawWS{pong: []byte("pong"), limit: 1 << 20}), verdict{"ping-pong", "a pong came, but with the payload %q, not the ping's"}},
			{"ignores close", raw(&rawWS{ignoreClose: true, limit: 1 << 20}), verdict{"close", "no close frame came back within 2 s"}},
		},
		"push": {
			{"reference", handler(pushHandler(0, 200*time.Millisecond)), verdict{}},
			{"slower, within 2 s", handler(pushHandler(700*time.Millisecond, 1200*time.Millisecond)), verdict{}},
			{"wrong accept", raw(badAccept()), verdict{"handshake", badAcceptMsg}},
			{"first after 3 s", handler(pushHandler(3*time.Second, 200*time.Millisecond)), verdict{"push-first", "nothing came from the server within 2 s of the handshake"}},
			{"pushes once", handler(pushHandler(0, 0)), verdict{"push-keeps", "after its first message, nothing more came from the server for 2 s"}},
		},
		"broadcast": {
			{"reference", handler(&hub{}), verdict{}},
			{"welcomes", handler(&hub{brk: "lenient"}), verdict{}},
			{"wrong accept", raw(badAccept()), verdict{"handshake", badAcceptMsg}},
			{"one client", handler(&hub{brk: "second-client"}), verdict{"second-client", "it answered %s, not 101 Switching Protocols"}},
			{"an echo", handler(&hub{brk: "broadcast-a-to-b"}), verdict{"broadcast-a-to-b", gotNothing}},
			{"first client only", handler(&hub{brk: "broadcast-b-to-a"}), verdict{"broadcast-b-to-a", gotNothing}},
			{"back to the sender", handler(&hub{brk: "no-echo-to-sender"}), verdict{"no-echo-to-sender", "client A got its own message back"}},
		},
		"origin": {
			{"coder/websocket's check", handler(originHandler("")), verdict{}},
			{"lenient", handler(originHandler("lenient")), verdict{}},
			{"no check", handler(originHandler("origin-foreign")), verdict{"origin-foreign", notRefused}},
			{"host only", handler(originHandler("origin-other-port")), verdict{"origin-other-port", notRefused}},
			{"own refused", handler(originHandler("origin-own")), verdict{"origin-own", "it answered %s to a handshake from the server's own origin, %s"}},
			{"Origin required", handler(originHandler("origin-absent")), verdict{"origin-absent", "it answered %s to a handshake without Origin"}},
		},
		"robust": {
			{"coder/websocket", handler(robustHandler("")), verdict{}},
			{"frames by hand", raw(&rawWS{}), verdict{}},
			{"lenient", raw(&rawWS{waitClientFIN: true, closeAnswer: wire.ClosePayload(1000, "")}), verdict{}},
			{"wrong accept", raw(badAccept()), verdict{"handshake", badAcceptMsg}},
			{"limit one short", handler(robustHandler("limit-accepts")), verdict{"limit-accepts", closedInstd}},
			{"no UTF-8 check", handler(robustHandler("bad-utf8")), verdict{"bad-utf8", tookIt}},
			{"drops unmasked", handler(robustHandler("unmasked")), verdict{"unmasked", "the server ended the TCP connection without a close frame: the client cannot tell why"}},
			{"no limit", handler(robustHandler("too-big")), verdict{"too-big", tookIt}},
			{"lets reserved pass", raw(&rawWS{ignoreReserved: true}), verdict{"reserved-opcode", "no close frame within 2 s: the server let it pass"}},
			{"dies", raw(&rawWS{crashOn: true}), verdict{"still-up", "nothing is listening at %s any more: the server stopped after the previous check"}},
		},
	}
	for slug, servers := range cases {
		x := exerciseNamed(t, slug)
		for _, c := range servers {
			t.Run(slug+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				res, evs := check(t, x, c.url(t))
				f := res.Failure
				switch {
				case c.want.step == "" && f != nil:
					for _, e := range evs {
						t.Logf("%d %d %s %s→%s %s", e.TUS, e.Conn, e.Kind, e.From, e.To, e.Summary)
					}
					t.Fatalf("check %d (%s) failed: %s", f.Number, f.Step, lang.Trace.Say(f.Detail))
				case c.want.step == "" && res.Passed != len(x.Checks):
					t.Fatalf("passed %d of %d", res.Passed, len(x.Checks))
				case c.want.step != "" && f == nil:
					t.Fatalf("every check passed; want %s to fail", c.want.step)
				case c.want.step != "" && (f.Step != c.want.step || f.Detail.Format != string(c.want.detail)):
					for _, e := range evs {
						t.Logf("%d %s %s→%s %s", e.TUS, e.Kind, e.From, e.To, e.Summary)
					}
					t.Fatalf("failed at %s: %q; want %s: %q", f.Step, lang.Trace.Say(f.Detail), c.want.step, c.want.detail)
				}
				if c.want.step != "" && res.Passed != slices.Index(x.Checks, c.want.step) {
					t.Errorf("passed %d checks before %s, want %d", res.Passed, c.want.step, slices.Index(x.Checks, c.want.step))
				}
				last := evs[len(evs)-1]
				if last.Kind != trace.KindSummary {
					t.Errorf("the trace ends with %s, not the summary", last.Kind)
				}
			})
		}
	}
	// Every check of every exercise has a broken server above.
	for slug, servers := range cases {
		broken := map[string]bool{}
		for _, c := range servers {
			broken[c.want.step] = true
		}
		for _, step := range exerciseNamed(t, slug).Checks {
			if !broken[step] && !(slug == "robust" && step == "echo-text") {
				t.Errorf("%s: no server fails the check %s", slug, step)
			}
		}
	}
}
