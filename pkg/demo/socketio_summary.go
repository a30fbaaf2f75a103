package demo

import (
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// sioStats are the numbers the socketio story's summary reports.
type sioStats struct {
	Conns, Requests, Frames int
	Reconnections           int
	Measures                sioMeasures
}

// json is the summary's stats, as the trace format writes them.
func (s sioStats) json() map[string]any {
	m := s.Measures
	return map[string]any{
		"tcp_connections":      s.Conns,
		"http_requests":        s.Requests,
		"ws_frames":            s.Frames,
		"reconnections":        s.Reconnections,
		"sio_event":            m.EventText,
		"sio_event_bytes":      m.Event,
		"ws_event":             m.RawEventText,
		"ws_event_bytes":       m.RawEvent,
		"sio_binary_bytes":     m.Binary,
		"sio_binary_frames":    m.BinaryFrames,
		"ws_binary_bytes":      m.RawBinary,
		"sio_opening_bytes":    m.Opening,
		"sio_opening_requests": m.OpeningRequests,
		"ws_opening_bytes":     m.RawOpening,
		"heartbeat_bytes":      m.Ping + m.Pong,
		"ping_interval_ms":     m.PingInterval,
	}
}

// sioMeasuresOf reads the measures back from a summary's stats (show).
func sioMeasuresOf(st map[string]any) sioMeasures {
	text := func(k string) string { s, _ := st[k].(string); return s }
	hb := statInt(st["heartbeat_bytes"])
	return sioMeasures{Event: statInt(st["sio_event_bytes"]), EventText: text("sio_event"),
		RawEvent: statInt(st["ws_event_bytes"]), RawEventText: text("ws_event"),
		Binary: statInt(st["sio_binary_bytes"]), BinaryFrames: statInt(st["sio_binary_frames"]), RawBinary: statInt(st["ws_binary_bytes"]),
		Opening: statInt(st["sio_opening_bytes"]), OpeningRequests: statInt(st["sio_opening_requests"]), RawOpening: statInt(st["ws_opening_bytes"]),
		Ping: hb, PingInterval: int64(statInt(st["ping_interval_ms"]))}
}

// socketIOSummaryFields are the rows of the story's summary: each thing
// Socket.IO did, next to the same over a plain WebSocket, as measured. The
// live run and show both build them from the stats.
func socketIOSummaryFields(t lang.Text, st map[string]any) []trace.Field {
	if server, ok := st["server"].(string); ok {
		return socketIOURLSummaryFields(t, server, st)
	}
	m := sioMeasuresOf(st)
	var fs []trace.Field
	if m.Event > 0 && m.RawEvent > 0 {
		fs = append(fs, trace.Field{Name: t.F("an event"),
			Value:   t.F("Socket.IO: %d bytes, 1 frame", m.Event),
			Meaning: t.F("plain WebSocket: %d bytes, 1 frame", m.RawEvent)})
	}
	if m.Binary > 0 && m.RawBinary > 0 {
		fs = append(fs, trace.Field{Name: t.F("binary data"),
			Value:   t.F("Socket.IO: %d bytes in %d frames", m.Binary, m.BinaryFrames),
			Meaning: t.F("plain WebSocket: %d bytes, 1 frame", m.RawBinary)})
	}
	if m.Opening > 0 && m.RawOpening > 0 {
		fs = append(fs, trace.Field{Name: t.F("opening"),
			Value:   t.F("Socket.IO: %d bytes, %d HTTP requests, until the upgrade", m.Opening, m.OpeningRequests),
			Meaning: t.F("plain WebSocket: %d bytes, one handshake", m.RawOpening)})
	}
	if m.Ping > 0 && m.PingInterval > 0 {
		fs = append(fs, trace.Field{Name: t.F("heartbeat"),
			Value:   t.F("Socket.IO: %d bytes every %v", m.Ping, time.Duration(m.PingInterval)*time.Millisecond),
			Meaning: t.F("plain WebSocket: none unless a side sends ping frames")})
	}
	return fs
}

// socketIOConclusion says what the comparison measured, from the numbers
// of the run: only the sentences whose numbers were measured.
func socketIOConclusion(m sioMeasures) []trace.Msg {
	var ms []trace.Msg
	if m.Event > 0 && m.RawEvent > 0 {
		ms = append(ms, lang.M("Per event, Socket.IO cost %d bytes more than the same JSON over a plain WebSocket: the packet types before it.", m.Event-m.RawEvent))
	}
	if m.Binary > 0 && m.RawBinary > 0 && m.BinaryFrames > 1 {
		ms = append(ms, lang.M("Binary data took %d frames and %d bytes, where a plain binary message took one frame of %d.", m.BinaryFrames, m.Binary, m.RawBinary))
	}
	if m.Opening > 0 && m.RawOpening > 0 {
		ms = append(ms, lang.M("The larger cost is the opening: %d bytes and %d HTTP requests before the session ran on its WebSocket, where a plain WebSocket's handshake took %d.", m.Opening, m.OpeningRequests, m.RawOpening))
	}
	if len(ms) > 0 {
		ms = append(ms, lang.M("In exchange Socket.IO gives events with names, acknowledgements, rooms, a heartbeat, reconnection with a buffer, and a session that starts on plain HTTP where a WebSocket cannot get through (Socket.IO docs, \"How it works\")."))
	}
	return ms
}

// socketIOURLSummaryFields are the rows of --url's summary: the server,
// the events it sent, and the bytes each way, said in the reader's
// language (the summary's line has the counts of connections, requests
// and frames).
func socketIOURLSummaryFields(t lang.Text, server string, st map[string]any) []trace.Field {
	return []trace.Field{
		{Name: t.F("server"), Value: server},
		{Name: t.F("events received"), Value: t.Int(int64(statInt(st["events_received"])))},
		{Name: t.F("client → server"), Value: t.F("%d bytes", statInt(st["bytes_client_to_server"]))},
		{Name: t.F("server → client"), Value: t.F("%d bytes", statInt(st["bytes_server_to_client"]))},
	}
}
