package render

import (
	"encoding/json"
	"fmt"

	"wsdemo/pkg/trace"
)

// writeJSON writes e in the trace format: exactly json.Marshal(e) and a
// newline, nothing else, so every line parses on its own (jq, tests, notes).
func (r *Renderer) writeJSON(e trace.Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode event %d as JSON: %w", e.Seq, err)
	}
	b = append(b, '\n')
	if _, err := r.o.Out.Write(b); err != nil {
		return fmt.Errorf("write JSON trace: %w", err)
	}
	return nil
}
