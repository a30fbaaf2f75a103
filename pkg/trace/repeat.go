package trace

// Repeat is set on an event that stands for a run of events like it, which
// the Recorder condensed because its reader had fallen behind (a peer
// flooding the connection). More events of the same shape followed this one
// before its reader took it, the last of them at LastTUS, and are counted
// here instead of shown one by one. The counts are exact.
//
// Two events have the same shape when they have the same kind, connection,
// From and To, and: for ws.frame, the same opcode, FIN, RSV and MASK bits
// and both an empty payload or both not (their payloads may differ); for
// other kinds, the same summary once its numbers and quoted text are set
// aside ("GET /notes/3" repeats "GET /notes/1"). Close frames, frames that
// break a rule, tcp.*, check, note, error and summary events are never
// condensed, and no run is counted across one of them; between the event
// and the repeats it counts, other events may have happened (a pong
// answering each ping of a flood is condensed on its own event).
type Repeat struct {
	// More is how many events like this one are counted in it.
	More int `json:"more"`
	// Bytes is what those More frames took on the wire, headers and
	// payloads; absent for other kinds.
	Bytes uint64 `json:"bytes,omitempty"`
	// LastTUS is when the last of them was recorded, on the t_us clock.
	LastTUS int64 `json:"last_t_us"`
}

// shape is what two events share when one repeats the other (see Repeat).
type shape struct {
	kind     Kind
	conn     int
	from, to string
	// frame packs a ws.frame's opcode, FIN, RSV, MASK and empty payload.
	frame uint16
	// words is the summary of other kinds with numbers and quoted text
	// blanked.
	words string
}

func shapeOf(e *Event) shape {
	s := shape{kind: e.Kind, conn: e.Conn, from: e.From, to: e.To}
	if f := e.Frame; e.Kind == KindWSFrame && f != nil {
		s.frame = uint16(f.Opcode&0xF) | uint16(f.RSV&7)<<4 | bit(f.Fin)<<7 | bit(f.Masked)<<8 | bit(f.PayloadLen == 0)<<9
		return s
	}
	s.words = blankSummary(e.Summary)
	return s
}

func bit(b bool) uint16 {
	if b {
		return 1
	}
	return 0
}

// blankSummary is s with each run of digits replaced by # and the inside
// of each quoted string by …, so that summaries that differ only in their
// numbers and quoted values compare equal.
func blankSummary(s string) string {
	b := make([]byte, 0, len(s))
	digits, quoted, escaped := false, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quoted {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				quoted = false
				b = append(b, c)
			}
			continue
		}
		switch {
		case c == '"':
			quoted = true
			b = append(b, `"…`...)
		case c >= '0' && c <= '9':
			if !digits {
				b = append(b, '#')
			}
			digits = true
			continue
		default:
			b = append(b, c)
		}
		digits = false
	}
	return string(b)
}

// canTakeRepeats says whether a waiting event may count repeats of itself;
// an event that may not is also a bound no run is counted across.
func canTakeRepeats(e *Event) bool {
	switch e.Kind {
	case KindWSFrame:
		return e.Frame != nil && e.Frame.Opcode != 0x8 && e.Frame.Violation == ""
	case KindWSMessage:
		return true
	case KindSIOPacket:
		return e.SIO == nil || e.SIO.Violation == ""
	case KindHTTPRequest:
		return true
	case KindHTTPResponse:
		// A 101 ends HTTP on its connection: never part of a run.
		return e.HTTP == nil || e.HTTP.Status != 101
	}
	return false
}

// canRepeat says whether a new event may be counted in another.
func canRepeat(e *Event) bool {
	return e.Repeat == nil && canTakeRepeats(e)
}

// sizeOf estimates what an event costs in memory while it waits, for the
// Recorder's byte limits: the struct and what it points to.
func sizeOf(e *Event) int {
	n := 384 + len(e.Raw) + len(e.Summary) + len(e.Note)
	if f := e.Frame; f != nil {
		n += 160 + len(f.Payload) + len(f.PayloadHex) + len(f.CloseReason) + len(f.Violation)
	}
	if h := e.HTTP; h != nil {
		n += 128 + len(h.Body) + len(h.BodyHex) + len(h.Target)
		for _, kv := range h.Headers {
			n += 32 + len(kv[0]) + len(kv[1])
		}
	}
	if s := e.SIO; s != nil {
		n += 160 + len(s.Data) + len(s.DataHex) + len(s.Raw)
	}
	for _, f := range e.Fields {
		n += 64 + len(f.Value) + len(f.Meaning)
	}
	return n
}
