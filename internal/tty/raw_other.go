//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package tty

import "golang.org/x/term"

// makeRaw is term.MakeRaw; where there is no termios (Windows) output is
// set apart from input, and "\n" keeps starting a new line.
func makeRaw(fd int) (*term.State, error) { return term.MakeRaw(fd) }
