package demo

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: every
// scenario must stop the servers, clients and connections it starts.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
