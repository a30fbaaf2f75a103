package trace

// The stats keys that one layer writes and another reads back: a realtime
// summary names the strategy it measured, and the comparison after them
// the strategies it compares, so a renderer can draw them as one table.
// The JSON keeps the keys as they are; these are the one place they are
// spelt.
const (
	// StatStrategy names, in a summary's Stats, the strategy it measured
	// (a string).
	StatStrategy = "strategy"
	// StatCompared lists, in a summary's Stats, the strategies whose
	// summaries it compares (strings).
	StatCompared = "compared"
)

// Strategy returns the strategy a summary's Stats say it measured.
func (e Event) Strategy() (string, bool) {
	s, ok := e.Stats[StatStrategy].(string)
	return s, ok
}

// Compared returns the strategies a summary's Stats say it compares, in
// order, whether the Stats were made in Go ([]string) or read from JSON
// ([]any); nil when it compares none.
func (e Event) Compared() []string {
	switch v := e.Stats[StatCompared].(type) {
	case []string:
		return v
	case []any:
		var names []string
		for _, n := range v {
			if s, ok := n.(string); ok {
				names = append(names, s)
			}
		}
		return names
	}
	return nil
}
