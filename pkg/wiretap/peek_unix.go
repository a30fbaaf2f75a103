//go:build unix

package wiretap

import (
	"errors"
	"syscall"
)

// peek looks at what waits on the socket without taking it and without
// waiting: recv with MSG_PEEK and MSG_DONTWAIT, run once through the
// runtime's poller (so it cannot race a Read of the same socket).
func peek(s syscall.Conn) peekResult {
	rc, err := s.SyscallConn()
	if err != nil {
		return peekUnknown
	}
	res := peekUnknown
	var b [1]byte
	err = rc.Read(func(fd uintptr) bool {
		for {
			n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
			switch {
			case errors.Is(err, syscall.EINTR):
				continue
			case errors.Is(err, syscall.EAGAIN):
				res = peekNothing
			case isReset(err):
				res = peekReset
			case err != nil:
				res = peekUnknown
			case n == 0:
				res = peekEOF
			default:
				res = peekData
			}
			return true // looked once: never wait for the socket
		}
	})
	if err != nil {
		return peekUnknown
	}
	return res
}
