package render

import (
	"encoding/json"
	"fmt"

	"wsdemo/pkg/trace"
)

// writeJSON writes e in the trace format: exactly json.Marshal(e) and a
// newline, nothing else, so every line parses on its own (jq, tests, notes).
func (r *Renderer) writeJSON(e trace.Event) error {
	b, err := r.jsonLine(e)
	if err != nil {
		return err
	}
	if _, err := r.o.Out.Write(b); err != nil {
		return fmt.Errorf("write JSON trace: %w", err)
	}
	return nil
}

// jsonLine is e in the trace format, stamped with Options.Scenario when it
// names none, and a newline. A ws.frame's summary is written without its
// Msg (summary_msg), set or not depending on whether the event was
// expanded: the words of a frame's label follow from its frame object,
// from which wsdemo show says them again, and a trace has a line per frame.
func (r *Renderer) jsonLine(e trace.Event) ([]byte, error) {
	if e.Scenario == "" {
		e.Scenario = r.o.Scenario
	}
	if e.Kind == trace.KindWSFrame {
		e.SummaryMsg = trace.Msg{}
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode event %d as JSON: %w", e.Seq, err)
	}
	return append(b, '\n'), nil
}

// save writes e to Options.Save, if set: the same line JSON mode writes.
// A failure does not stop the drawing: it saves nothing more, and
// RenderFrom reports the error once the drawing is done.
func (r *Renderer) save(e trace.Event) {
	if r.o.Save == nil || r.saveErr != nil {
		return
	}
	b, err := r.jsonLine(e)
	if err == nil {
		_, err = r.o.Save.Write(b)
	}
	if err != nil {
		r.saveErr = fmt.Errorf("save the trace: %w", err)
	}
}
