package demo

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"wsdemo/pkg/trace"
)

// Every scenario must stop everything it starts: servers, clients, and the
// goroutines that serve them.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// scenario is the shape every Run function has.
type scenario[O any] func(context.Context, *trace.Recorder, O) error

// record runs a scenario to its end and returns its events and its error.
func record[O any](run scenario[O], opts O) ([]trace.Event, error) {
	rec := trace.NewRecorder()
	err := run(context.Background(), rec, opts)
	rec.Close()
	return rec.Events(), err
}

// mustRecord is record for a run that must succeed.
func mustRecord[O any](t *testing.T, run scenario[O], opts O) []trace.Event {
	t.Helper()
	evs, err := record(run, opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return evs
}

// waitEvent waits until rec holds an event that matches. It reports a miss
// with Errorf, so a goroutine may call it. It takes nothing from rec (it
// looks at the events waiting, as Events does), so the test can still see
// them all afterwards.
func waitEvent(t *testing.T, rec *trace.Recorder, match func(trace.Event) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, e := range rec.Events() {
			if match(e) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("no matching event within 5s")
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
