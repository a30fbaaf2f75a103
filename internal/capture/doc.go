// Package capture records real Socket.IO traffic for pkg/wire's golden
// tests: zishang520's Socket.IO v3 server and client (Engine.IO v4,
// Socket.IO v5) talk over loopback through wsdemo's own tap, and the bytes
// each side sent are saved, exactly and in the order the tap saw them, to
// pkg/wire/testdata/sio/*.capture.
//
// It is a module of its own so that the zishang520 modules (and the
// quic-go, resty and gorilla code they bring) are no requirement of wsdemo:
// the shipped binary does not depend on them. Normal test runs skip the
// capture; regenerate the files with
//
//	cd internal/capture && go test -run TestCapture -capture
package capture
