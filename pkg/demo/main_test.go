package demo

import (
	"testing"

	"go.uber.org/goleak"
)

// Every scenario must stop everything it starts: servers, clients, and the
// goroutines that serve them.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
