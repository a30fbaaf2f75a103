//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package tty

import (
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// makeRaw is term.MakeRaw, then output processing and CR-to-NL input
// translation put back: the diagrams write "\n" and must still start each
// line at the left edge, and Enter arrives as "\n" as in cooked mode. It
// returns the state to restore.
func makeRaw(fd int) (*term.State, error) {
	st, err := term.MakeRaw(fd)
	if err != nil {
		return nil, err
	}
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err == nil {
		t.Oflag |= unix.OPOST
		t.Iflag |= unix.ICRNL
		err = unix.IoctlSetTermios(fd, ioctlSetTermios, t)
	}
	if err != nil {
		_ = term.Restore(fd, st)
		return nil, err
	}
	return st, nil
}
