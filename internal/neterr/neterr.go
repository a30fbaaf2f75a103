// Package neterr says why a network call failed in the system's own words,
// without the prefixes Go's errors repeat: net.OpError's "dial tcp
// 127.0.0.1:3000:" (the address our message already names) and
// os.SyscallError's "connect:" ("connection refused" reads better).
package neterr

import (
	"errors"
	"net"
	"os"
)

// Cause is err without net.OpError's and os.SyscallError's prefixes: the
// error inside them, still matching errors.Is (syscall.ECONNREFUSED, ...).
func Cause(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		err = op.Err
	}
	var sys *os.SyscallError
	if errors.As(err, &sys) {
		err = sys.Err
	}
	return err
}
