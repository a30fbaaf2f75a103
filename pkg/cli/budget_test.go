package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// A scenario that records more events than its renderer can be behind by,
// all different (nothing to condense): the recorder stops at its budget,
// the scenario is stopped as on Ctrl-C, and the run fails with the
// recorder's reason, whether the renderer is paced (--step, stopped at
// once) or not (it draws up to the recorder's last event).
func TestRunStopsAtTheRecordersBudget(t *testing.T) {
	for _, step := range []bool{false, true} {
		pr, pw := io.Pipe() // no Enter ever comes
		defer pw.Close()
		var out bytes.Buffer
		ios := &IOStreams{In: pr, Out: &out, ErrOut: io.Discard, Width: 80, StdinTTY: true}
		g := &globalOptions{step: step, timeout: time.Second}
		stopped := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- g.runScenario(context.Background(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				defer close(stopped)
				for i := 0; ctx.Err() == nil; i++ {
					rec.Emit(trace.Event{Kind: trace.KindNote, Summary: fmt.Sprint("note ", i)})
					if i%1000 == 0 {
						time.Sleep(time.Millisecond) // let the renderer draw a little
					}
				}
				return ctx.Err()
			})
		}()
		select {
		case err := <-done:
			var be *trace.BudgetError
			if !errors.As(err, &be) {
				t.Fatalf("step=%v: err = %v, want the recorder's budget", step, err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("step=%v: the run did not stop", step)
		}
		<-stopped
		if !step && !strings.Contains(out.String(), "recording stopped:") {
			t.Errorf("the diagram does not end with the recorder's reason:\n%s", tail(out.String(), 400))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
