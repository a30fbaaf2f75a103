package demo

import (
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// The handshake scenario's annotator: it hands each event to the facts,
// says what they show with the handshake's sentence table
// (handshake_notes.go), and emits the checks the client makes of the
// answer, as the tap saw it.

// annotation is what the handshake scenario learned from the tap, guarded
// by handshakeRun.mu: the notes and client checks are built from it, never
// from what the client library says it did.
type annotation struct {
	key      string      // Sec-WebSocket-Key of the tapped request
	resp     *trace.HTTP // the tapped response
	respConn int
	checked  bool         // the client checks were emitted
	failed   *trace.Check // the first client check that failed
	tlsNoted bool
}

// annotate adds the handshake's teaching notes and meanings to the events
// the tracer builds from the tap.
func (h *handshakeRun) annotate(e *trace.Event) {
	moments, facts := h.facts.observe(e)
	h.mu.Lock()
	defer h.mu.Unlock()
	switch e.Kind {
	case trace.KindTCPConnect:
		h.text.SetNote(e, handshakeConnectNote())
	case trace.KindHTTPRequest:
		if h.tlsState != nil && !h.tlsNoted {
			h.tlsNoted = true
			// Its own event: the renderer draws notes, not tcp.connect's.
			tlsEvent := trace.Event{Conn: e.Conn, From: trace.Client, To: trace.Server, Kind: trace.KindNote}
			h.text.SetNote(&tlsEvent, handshakeTLSNote(h.tlsState))
			tlsEvent.Summary, tlsEvent.SummaryMsg = lang.Both("%s: encrypted on the wire", tls.VersionName(h.tlsState.Version))
			h.rec.Emit(tlsEvent)
		}
		h.key, _ = e.HTTP.Header("Sec-WebSocket-Key")
		handshakeMeanings(h.text, e.Fields, true, 0, h.builtin)
		h.text.SetNote(e, handshakeRequestNote(h.setup(), e.HTTP)...)
	case trace.KindHTTPResponse:
		h.resp, h.respConn = e.HTTP, e.Conn
		handshakeMeanings(h.text, e.Fields, false, e.HTTP.Status, h.builtin)
		h.text.SetNote(e, handshakeResponseNote(h.setup(), e.HTTP)...)
	case trace.KindWSFrame:
		// The client checks the 101 before it reads any frame; the first
		// frame may arrive in the same read as the 101, so emit them here.
		h.clientChecksLocked()
		if e.Note == "" { // a frame that breaks a rule has that note alone
			h.text.SetNote(e, handshakeFrameNote(h.builtin, e.Conn, facts, moments)...)
		}
	case trace.KindTCPClose:
		h.clientChecksLocked() // after the response, before its connection's end
		h.text.SetNote(e, handshakeCloseNote(facts, h.tr.ending(e.Conn), e.TCP != nil && e.TCP.First)...)
	}
}

// setup is what the notes know of the run besides what crossed.
func (h *handshakeRun) setup() handshakeSetup {
	return handshakeSetup{builtin: h.builtin, kase: h.opts.Case, origin: h.opts.Origin}
}

// clientChecks emits the client's checks of the response (RFC 6455 §4.1),
// once, and returns the first that failed. They use only what the tap saw:
// the key in the request that crossed and the headers of the response.
func (h *handshakeRun) clientChecks() *trace.Check {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clientChecksLocked()
	return h.failed
}

func (h *handshakeRun) clientChecksLocked() {
	if h.checked || h.resp == nil {
		return
	}
	h.checked = true
	r := h.resp
	emit := func(name lang.Msg, ok bool, detail trace.Msg, note trace.Msg, fields ...trace.Field) bool {
		nameMsg := lang.M(name)
		english := lang.Trace
		c := &trace.Check{Name: english.Say(nameMsg), OK: ok, Detail: english.Say(detail), NameMsg: &nameMsg, DetailMsg: &detail}
		if !ok && h.failed == nil {
			h.failed = c
		}
		mark := "ok"
		if !ok {
			mark = "FAILED"
		}
		e := trace.Event{Conn: h.respConn, From: trace.Client, To: trace.Client, Kind: trace.KindCheck,
			Summary: fmt.Sprintf("%s: %s (%s)", c.Name, mark, c.Detail), Check: c, Fields: fields}
		h.text.SetNote(&e, note)
		h.rec.Emit(e)
		return ok
	}
	status := strings.TrimSpace(strconv.Itoa(r.Status) + " " + r.Reason)
	if !emit("status is 101", r.Status == 101, lang.M("%s", status), trace.Msg{}) {
		return // not 101: the client handles an ordinary HTTP response (RFC 6455 §4.1)
	}
	upgrade, _ := r.Header("Upgrade")
	emit("Upgrade names websocket", strings.EqualFold(strings.TrimSpace(upgrade), "websocket"), quoteOrAbsent(upgrade), trace.Msg{})
	conn, _ := r.Header("Connection")
	emit("Connection names Upgrade", wire.HasToken(conn, "upgrade"), quoteOrAbsent(conn), trace.Msg{})

	got, _ := r.Header("Sec-WebSocket-Accept")
	concat, sum, want := wire.AcceptSteps(h.key)
	ok := strings.TrimSpace(got) == want
	detail := lang.M("matches the key sent")
	verdict := lang.M("They match: the server read this very key, so it speaks WebSocket (RFC 6455 §1.3). A plain HTTP server could not produce this value, and as the key is new for each connection (RFC 6455 §4.1), neither could an answer saved from an earlier handshake.")
	if !ok {
		detail = lang.M("got %s, expected %s", quoteOrAbsent(got), want)
		verdict = lang.M("They differ, so the client must fail the WebSocket connection (RFC 6455 §4.1).")
	}
	emit("Sec-WebSocket-Accept", ok, detail,
		lang.M("The client computes the value it expects from the key it sent, and compares (RFC 6455 §4.1):\n1. the key, then the GUID of RFC 6455 §1.3:\n   %s\n2. SHA-1 of that text, in hex:\n   %s\n3. the 20 bytes of the SHA-1 in base64:\n   %s\n%s",
			concat, hex.EncodeToString(sum[:]), want, verdict),
		clientAcceptFields(h.text, h.key)...)
}

// summary reports what crossed: one connection, one request, then frames.
func (h *handshakeRun) summary(s wireStats) {
	h.mu.Lock()
	resp := h.resp
	h.mu.Unlock()
	upgraded := resp != nil && resp.Status == 101
	s.Frames = h.facts.frameStats().frames // the facts count the frames, for notes and summaries alike
	stats := map[string]any{
		"tcp_connections":         s.Conns,
		"http_requests":           s.Requests,
		"http_responses":          s.Responses,
		"frames_client_to_server": s.Frames[wire.FromClient],
		"frames_server_to_client": s.Frames[wire.FromServer],
		"bytes_client_to_server":  s.Bytes[wire.FromClient],
		"bytes_server_to_client":  s.Bytes[wire.FromServer],
		"handshake_bytes":         s.HeaderBytes + s.BodyBytes,
	}
	e := trace.Event{From: trace.Client, To: trace.Server, Kind: trace.KindSummary, Stats: h.opts.withRTT(stats),
		Fields: handshakeSummaryFields(h.text, s, upgraded)}
	h.text.SetNote(&e, handshakeSummaryNote(h.builtin, resp != nil, upgraded, s.HeaderBytes+s.BodyBytes))
	switch {
	case resp == nil:
		e.Summary, e.SummaryMsg = lang.Both("no answer")
	case upgraded:
		e.Summary, e.SummaryMsg = lang.Both("HTTP request, 101 response, then %d frames on the same TCP connection",
			s.Frames[wire.FromClient]+s.Frames[wire.FromServer])
	default:
		e.Summary, e.SummaryMsg = lang.Both("handshake refused: %#d %s, no WebSocket", resp.Status, resp.Reason)
	}
	h.rec.Emit(e)
}
