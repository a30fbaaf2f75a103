package demo

import (
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// ending builds the facts of a connection from the ends a tap reports.
func ending(ends ...wiretap.End) tcpEnding {
	var f tcpEnding
	for _, e := range ends {
		f.add(e)
	}
	return f
}

var t0 = time.Unix(1000, 0)

func end(side wire.Sender, kind wiretap.EndKind, after time.Duration, first, waiting bool) wiretap.End {
	return wiretap.End{Side: side, Kind: kind, At: t0.Add(after), First: first, Waiting: waiting,
		Last: !first || kind == wiretap.Reset}
}

var (
	srv, cli = wire.FromServer, wire.FromClient
	ms04     = 400 * time.Microsecond
	// The usual endings: the server's FIN first (found waiting, or read),
	// the client's first, resets, and a peer that never closed.
	serverFirstWaiting = ending(end(srv, wiretap.FIN, 0, true, true), end(cli, wiretap.FIN, ms04, false, false))
	serverFirst        = ending(end(srv, wiretap.FIN, 0, true, false), end(cli, wiretap.FIN, ms04, false, false))
	clientFirst        = ending(end(cli, wiretap.FIN, 0, true, false), end(srv, wiretap.FIN, ms04, false, false))
	clientFirstBound   = ending(end(cli, wiretap.FIN, 0, true, false), end(srv, wiretap.FIN, ms04, false, true))
	serverReset        = ending(end(srv, wiretap.Reset, 0, true, false))
	clientReset        = ending(end(cli, wiretap.Reset, 0, true, false))
	serverNeverClosed  = ending(end(cli, wiretap.FIN, 0, true, false), end(srv, wiretap.StillOpen, time.Second, false, false))
	clientResetAfter   = ending(end(srv, wiretap.FIN, 0, true, false), end(cli, wiretap.Reset, ms04, false, false))
	onlyServerFirst    = ending(end(srv, wiretap.FIN, 0, true, false)) // the client has not closed yet
)

// Each observed case has its sentence; the table is the whole mapping from
// facts to words, so a note can only say what the facts say.
func TestWebSocketCloseNotes(t *testing.T) {
	en := lang.Text{}
	done, started, none := wsClosing{upgraded: true, closeFrames: 2}, wsClosing{upgraded: true, closeFrames: 1}, wsClosing{upgraded: true}
	for _, tc := range []struct {
		name  string
		ws    wsClosing
		f     tcpEnding
		first bool
		want  string // a distinctive part of the sentence; "" for no note
	}{
		{"server first after the closing handshake", done, serverFirstWaiting, true, "After the closing handshake the server closed the TCP connection first, as RFC 6455 §7.1.1 recommends"},
		{"client first after the closing handshake", done, clientFirst, true, "After the closing handshake the client closed TCP first, as it may (RFC 6455 §5.5.1), though §7.1.1 prefers the server first"},
		{"client first cites §5.5.1 for the client's leave", done, clientFirst, true, "as it may (RFC 6455 §5.5.1)"},
		{"server reset after the closing handshake", done, serverReset, true, "the server reset the TCP connection (RST) instead of closing it with a FIN"},
		{"client reset after the closing handshake", done, clientReset, true, "the client reset the TCP connection (RST)"},
		{"server closed mid-handshake", started, serverFirst, true, "The server closed the TCP connection before the closing handshake was complete."},
		{"client reset mid-handshake", started, clientReset, true, "The client reset the TCP connection (RST) before the closing handshake was complete."},
		{"server closed with no closing handshake", none, serverFirst, true, "The server closed the TCP connection without a closing handshake"},
		{"client closed with no closing handshake", none, clientFirst, true, "The client closed the TCP connection without a closing handshake"},
		{"server reset with no closing handshake", none, serverReset, true, "The server reset the TCP connection (RST) without a closing handshake"},
		{"never a WebSocket", wsClosing{}, serverFirst, true, ""},
		{"the client's FIN followed: the summary says it", done, serverFirst, false, ""},
		{"the server never closed, after the closing handshake", done, serverNeverClosed, false, "The server had not closed its end of the connection 1,000 ms after the client's FIN"},
		{"...and the rule it broke", done, serverNeverClosed, false, "it must close the TCP connection (RFC 6455 §5.5.1)"},
		{"the client reset after the server's FIN", done, clientResetAfter, false, "Then the client reset the connection (RST)"},
	} {
		got := en.Sentences(wsCloseNote(tc.ws, tc.f, tc.first)...)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	// The rule for a peer that never closed is the WebSocket's only after
	// the closing handshake.
	if got := en.Sentences(wsCloseNote(none, serverNeverClosed, false)...); strings.Contains(got, "§5.5.1") {
		t.Errorf("no closing handshake, yet: %q", got)
	}
}

func TestHTTPCloseNotes(t *testing.T) {
	en := lang.Text{}
	closeOpt, keepAlive, cut := httpConn{closeOption: true, idle: true}, httpConn{idle: true}, httpConn{}
	for _, tc := range []struct {
		name string
		hc   httpConn
		f    tcpEnding
		want string
	}{
		{"Connection: close, server first", closeOpt, serverFirstWaiting, "The server closed the TCP connection first, after its response: a server that receives Connection: close must start closing the connection once it has sent its response (RFC 9112 §9.6)."},
		{"Connection: close, client first", closeOpt, clientFirst, "The client closed the TCP connection first, after reading the response."},
		{"keep-alive, the client closes its idle connection", keepAlive, clientFirst, "The client closed its idle connection: either side may close a persistent connection at any time (RFC 9112 §9.5)."},
		{"keep-alive, the server closes the idle connection", keepAlive, serverFirst, "The server closed the idle connection"},
		{"closed with a request unanswered", cut, serverFirst, "The server closed the connection before every request on it had its response."},
		{"reset", closeOpt, serverReset, "The server reset the connection (RST) instead of closing it with a FIN"},
		{"reset by the client", keepAlive, clientReset, "The client reset the connection (RST)"},
	} {
		if got := en.Say(httpCloseNote(tc.hc, tc.f)); !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestRefusedCloseNotes(t *testing.T) {
	en := lang.Text{}
	for _, tc := range []struct {
		f     tcpEnding
		first bool
		want  string
	}{
		{clientFirst, true, "nobody needs: the client closed it first."},
		{serverFirst, true, "nobody needs: the server closed it first."},
		{serverReset, true, "nobody needs: the server reset it (RST)."},
		{clientFirst, false, ""},
		{serverNeverClosed, false, "The server had not closed its end"},
	} {
		got := en.Say(refusedCloseNote(tc.f, tc.first))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%+v first=%v:\n got %q\nwant %q", tc.f, tc.first, got, tc.want)
		}
	}
}

// The summaries say who closed first, and how the other followed, with a
// time only when the tap saw both ends as they happened.
func TestCloseSummaries(t *testing.T) {
	who := func(s wire.Sender) string { return s.String() }
	for _, tc := range []struct {
		f    tcpEnding
		e    wiretap.End
		want string
	}{
		{serverFirstWaiting, end(srv, wiretap.FIN, 0, true, true), "TCP connection #1 closed by the server"},
		{serverFirstWaiting, end(cli, wiretap.FIN, ms04, false, false), "TCP connection #1: the client's FIN followed"},
		{serverFirst, end(cli, wiretap.FIN, ms04, false, false), "TCP connection #1: the client's FIN followed 0.40 ms later"},
		{clientFirstBound, end(srv, wiretap.FIN, ms04, false, true), "TCP connection #1: the server's FIN followed, within 0.40 ms"},
		{serverReset, end(srv, wiretap.Reset, 0, true, false), "TCP connection #1 reset by the server"},
		{clientResetAfter, end(cli, wiretap.Reset, ms04, false, false), "TCP connection #1: then the client reset it 0.40 ms later"},
		{serverNeverClosed, end(srv, wiretap.StillOpen, time.Second, false, false), "TCP connection #1: no FIN from the server within 1.00 s; the tap stopped waiting"},
	} {
		if got := lang.Trace.Say(tc.f.closeSummary(1, tc.e, who)); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if f := onlyServerFirst; !f.closed() || f.Then != 0 || f.follower() != cli {
		t.Errorf("one end so far: %+v", f)
	}
	if tcpEndHow(wiretap.StillOpen) != trace.TCPEndOpen || tcpEndHow(wiretap.FIN) != wiretap.FIN.String() {
		t.Error("the trace names an end as the tap does")
	}
}

// The sentences of the summaries are a table: each says the connection's
// number, the actor (named as it is when it has no sentences of its own),
// and a time where its case has one, with no verb left over or missing, in
// either language.
func TestCloseSummaryTable(t *testing.T) {
	for _, say := range []lang.Text{lang.Trace, lang.For(lang.PortugueseBR)} {
		for _, name := range []string{trace.Client, trace.Server, tabB, "tab-z"} {
			for c := range closeCases {
				got := say.Say(closeSummaryOf(3, name, c, 400*time.Microsecond))
				timed := strings.Contains(got, "0,40 ms") || strings.Contains(got, "0.40 ms")
				if strings.Contains(got, "%!") || !strings.Contains(got, "#3") || timed != closeCaseTimed[c] ||
					(name == "tab-z") != strings.Contains(got, "tab-z") {
					t.Errorf("%s, case %d: %q", name, c, got)
				}
			}
		}
	}
}

// Every close note reads as Portuguese, including those of cases a demo run
// rarely shows (resets, a peer that never closes). (That each has its
// translation is proved from the source, in pkg/lang.)
func TestCloseNotesSpeakPortuguese(t *testing.T) {
	pt := lang.For(lang.PortugueseBR)
	var notes []string
	endings := []tcpEnding{serverFirstWaiting, serverFirst, clientFirst, clientFirstBound, serverReset, clientReset,
		serverNeverClosed, clientResetAfter, ending(end(srv, wiretap.FIN, 0, true, false), end(cli, wiretap.StillOpen, time.Second, false, false)),
		ending(end(cli, wiretap.FIN, 0, true, false), end(srv, wiretap.Reset, ms04, false, false))}
	for _, f := range endings {
		for _, first := range []bool{true, false} {
			for frames := range 3 {
				notes = append(notes, pt.Sentences(wsCloseNote(wsClosing{upgraded: true, closeFrames: frames}, f, first)...))
			}
			notes = append(notes, pt.Say(refusedCloseNote(f, first)))
		}
		for _, hc := range []httpConn{{closeOption: true, idle: true}, {idle: true}, {}} {
			notes = append(notes, pt.Say(httpCloseNote(hc, f)))
		}
	}
	checkPortuguese(t, []trace.Event{{Note: strings.Join(notes, " ")}})
}
