package exercise

import (
	"testing"

	"go.uber.org/goleak"
)

// Every check run must stop what it starts: its connections, the readers
// of its WebSockets, the tap's watches for FINs.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
