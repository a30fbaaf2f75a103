package demo

import (
	"strings"
	"testing"

	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
	"wsdemo/pkg/wiretap"
)

// proxyRunForNotes is a proxyRun whose notes a test can ask for without a
// network.
func proxyRunForNotes() *proxyRun {
	return newProxyRun(trace.NewRecorder(), ProxyOptions{To: "127.0.0.1:3000"}, "127.0.0.1:8080")
}

// An HTTP/1.0 exchange without keep-alive ends after the response by
// HTTP/1.0's default (RFC 9112 §9.3): the close note says so, whoever
// closed first, and never calls the connection idle and persistent, nor
// says a response announced the close it did not announce.
func TestProxyHTTP10CloseNotes(t *testing.T) {
	request := func(proto string, headers ...[2]string) *trace.Event {
		return &trace.Event{Conn: 1, From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest,
			HTTP: &trace.HTTP{Method: "GET", Target: "/", Proto: proto, Headers: append([][2]string{{"Host", "x"}}, headers...)}}
	}
	response := func(proto string, headers ...[2]string) *trace.Event {
		return &trace.Event{Conn: 1, From: trace.Server, To: trace.Client, Kind: trace.KindHTTPResponse,
			HTTP: &trace.HTTP{Proto: proto, Status: 200, Reason: "OK", Headers: headers}}
	}
	for _, tc := range []struct {
		name     string
		req, rsp *trace.Event
		first    wire.Sender
		want     string
	}{
		{"1.0 request, 1.1 response, server closes", request("HTTP/1.0"), response("HTTP/1.1"), wire.FromServer,
			"The server closed the TCP connection first, after its response: the request was HTTP/1.0 without Connection: keep-alive"},
		{"1.0 both, client closes", request("HTTP/1.0"), response("HTTP/1.0"), wire.FromClient,
			"The client closed the TCP connection first, after the response: request and response were HTTP/1.0"},
		{"1.1 request, 1.0 response, server closes", request("HTTP/1.1"), response("HTTP/1.0"), wire.FromServer,
			"the response was HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after it (RFC 9112 §9.3)"},
		{"1.0 with keep-alive both ways stays persistent", request("HTTP/1.0", [2]string{"Connection", "keep-alive"}),
			response("HTTP/1.0", [2]string{"Connection", "keep-alive"}), wire.FromClient,
			"The client closed its idle connection: either side may close a persistent connection"},
		{"Connection: close said by the response", request("HTTP/1.1"), response("HTTP/1.1", [2]string{"Connection", "close"}), wire.FromServer,
			"as that response said it would (RFC 9112 §9.6)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := proxyRunForNotes()
			p.conns[1] = &proxyConn{}
			p.annotate(tc.req)
			p.annotate(tc.rsp)
			p.conns[1].ending = tcpEnding{First: tc.first, FirstKind: wiretap.FIN}
			by := trace.Client
			if tc.first == wire.FromServer {
				by = trace.Server
			}
			e := &trace.Event{Conn: 1, From: by, Kind: trace.KindTCPClose, TCP: &trace.TCPEnd{First: true}}
			p.annotate(e)
			if !strings.Contains(e.Note, tc.want) {
				t.Errorf("note %q, want %q", e.Note, tc.want)
			}
			if strings.Contains(tc.rsp.Note+e.Note, "said it would") && tc.name != "Connection: close said by the response" {
				t.Errorf("a close nobody announced is said to be announced: %q", e.Note)
			}
		})
	}
}

// A second connection while one is open is noted without a reason the
// bytes do not show (a browser, a slow response).
func TestProxySecondConnectionNote(t *testing.T) {
	p := proxyRunForNotes()
	for id := 1; id <= 2; id++ {
		p.conns[id] = &proxyConn{}
		e := &trace.Event{Conn: id, From: trace.Client, To: trace.Server, Kind: trace.KindTCPConnect}
		p.annotate(e)
		if id == 2 {
			if !strings.Contains(e.Note, "Another TCP connection while one is still open") ||
				!strings.Contains(e.Note, "The bytes do not say why this one was opened") ||
				strings.Contains(e.Note, "browser") || strings.Contains(e.Note, "slow") {
				t.Errorf("note %q", e.Note)
			}
		}
	}
}

// The proxy flags the rules a learner's message breaks as a whole, as
// decode does: an HTTP/1.1 request without Host, a response with both
// Content-Length and Transfer-Encoding.
func TestProxyFlagsBrokenHTTPRules(t *testing.T) {
	p := proxyRunForNotes()
	p.conns[1] = &proxyConn{}
	req := &trace.Event{Conn: 1, From: trace.Client, To: trace.Server, Kind: trace.KindHTTPRequest,
		HTTP: &trace.HTTP{Method: "GET", Target: "/", Proto: "HTTP/1.1"}}
	p.annotate(req)
	if !strings.Contains(req.Note, "has no Host header") || !strings.Contains(req.Note, "RFC 9112 §3.2") {
		t.Errorf("request note %q", req.Note)
	}
	resp := &trace.Event{Conn: 1, From: trace.Server, To: trace.Client, Kind: trace.KindHTTPResponse,
		HTTP: &trace.HTTP{Proto: "HTTP/1.1", Status: 200, Headers: [][2]string{{"Content-Length", "3"}, {"Transfer-Encoding", "chunked"}}}}
	p.annotate(resp)
	if !strings.Contains(resp.Note, "both Content-Length and Transfer-Encoding") {
		t.Errorf("response note %q", resp.Note)
	}
}
