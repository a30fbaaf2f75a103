package wiretap

import (
	"net"

	"golang.org/x/sys/unix"
)

// tcpClosed reports whether the kernel has put c's socket in CLOSED (as a
// reset does) without consuming the socket's error, as a peek would.
func tcpClosed(c *net.TCPConn) (closed, ok bool) {
	rc, err := c.SyscallConn()
	if err != nil {
		return false, false
	}
	var state uint8
	rc.Control(func(fd uintptr) {
		info, err := unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
		if err == nil {
			state, ok = info.State, true
		}
	})
	return state == 7, ok // TCP_CLOSE
}
