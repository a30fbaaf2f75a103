package exercise

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"

	"wsdemo/pkg/lang"
)

// The port is polled, not held: a connection held open while the server is
// up would tell at once when it stops, but it would also keep a server
// that stops gracefully (Node's server.close(), Go's Shutdown) waiting for
// it. A poll is a TCP connect closed at once, which no HTTP server logs.
const (
	// pollUp is how often WaitRestart looks at a server that is up: a
	// restart quicker than this (a server down and up again between two
	// looks) goes unseen, so watch also reruns on Enter.
	pollUp = 200 * time.Millisecond
	// pollFirst and pollMax bound the backoff while the server is down:
	// quick at first, to catch it as soon as it is back, then no busier
	// than once a second for a server that stays away.
	pollFirst = 100 * time.Millisecond
	pollMax   = time.Second
)

// dialTimeout bounds one look at the port: on loopback a connect is
// answered at once, by the server or by a refusal.
const dialTimeout = 2 * time.Second

// up reports whether something accepts TCP connections at addr. Only a
// refusal says no; any other failure (an address that cannot be reached,
// a name that cannot be looked up) is returned as it is.
func up(ctx context.Context, addr string, timeout time.Duration) (bool, error) {
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err == nil {
		c.Close()
		return true, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return false, nil
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		err = op.Err
	}
	return false, lang.Errorf("could not connect to %s: %s", addr, err.Error())
}

// reachable is up as an error: nil, a *DownError, or why addr could not be
// reached.
func reachable(ctx context.Context, addr string, timeout time.Duration) error {
	ok, err := up(ctx, addr, timeout)
	switch {
	case err != nil:
		return err
	case !ok:
		return &DownError{Addr: addr}
	}
	return nil
}

// WaitUp returns once something accepts TCP connections at addr, looking
// again after a growing pause while nothing does. It returns ctx's error
// when ctx ends first, and an error for an address that cannot be reached
// at all (not merely refused).
func WaitUp(ctx context.Context, addr string) error {
	pause := pollFirst
	for {
		ok, err := up(ctx, addr, dialTimeout)
		if err != nil || ok {
			return err
		}
		if err := sleep(ctx, pause); err != nil {
			return err
		}
		pause = min(2*pause, pollMax)
	}
}

// WaitRestart returns once the server at addr has stopped and come back:
// it watches the port until a connect is refused (calling stopped, if set,
// once), then waits for it to accept again. A server already down when it
// starts counts as stopped.
func WaitRestart(ctx context.Context, addr string, stopped func()) error {
	for {
		ok, err := up(ctx, addr, dialTimeout)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := sleep(ctx, pollUp); err != nil {
			return err
		}
	}
	if stopped != nil {
		stopped()
	}
	return WaitUp(ctx, addr)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
