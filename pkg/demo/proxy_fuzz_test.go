package demo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"wsdemo/pkg/trace"
)

// FuzzProxyRelay sends arbitrary bytes both ways through a real proxy
// (relay, tap and decoders) between a raw TCP client and a raw TCP
// upstream, and holds the proxy to its two promises whatever the bytes
// are: it relays them unchanged (the decoders, however confused, never
// touch what crosses), and its summary counts exactly what crossed. A
// decoder that panics on hostile bytes fails it too.
func FuzzProxyRelay(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))
	f.Add([]byte("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\x81\x82\x01\x02\x03\x04ik"),
		[]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n\xc1\x05\xf2\x48\xcd\xc9\xc9\x88\x02\x03\xe8"))
	f.Add([]byte("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"),
		[]byte("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n0{\"sid\":1"))
	f.Add([]byte("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n"), []byte{})
	f.Add([]byte{0x16, 0x03, 0x01, 0x00}, []byte{0x7f, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, fromClient, fromServer []byte) {
		up, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer up.Close()
		var upstreamRead []byte
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := up.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			upstreamRead = writeAndReadAll(c, fromServer)
		}()

		rp := startProxy(t, up.Addr().String())
		c, err := net.Dial("tcp", rp.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		clientRead := writeAndReadAll(c, fromClient)
		c.Close()
		wg.Wait()
		waitClosed(t, rp, 1)
		evs, err := rp.stop()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("proxy: %v", err)
		}

		if !bytes.Equal(upstreamRead, fromClient) {
			t.Errorf("upstream read %d bytes (%q), client sent %d (%q)", len(upstreamRead), upstreamRead, len(fromClient), fromClient)
		}
		if !bytes.Equal(clientRead, fromServer) {
			t.Errorf("client read %d bytes (%q), upstream sent %d (%q)", len(clientRead), clientRead, len(fromServer), fromServer)
		}
		var summary *trace.Event
		for i := range evs {
			if evs[i].Kind == trace.KindSummary {
				summary = &evs[i]
			}
		}
		if summary == nil {
			t.Fatal("no summary")
		}
		if got := summary.Stats["bytes_client_to_server"]; got != len(fromClient) {
			t.Errorf("summary: bytes_client_to_server %v, %d crossed", got, len(fromClient))
		}
		if got := summary.Stats["bytes_server_to_client"]; got != len(fromServer) {
			t.Errorf("summary: bytes_server_to_client %v, %d crossed", got, len(fromServer))
		}
	})
}

// writeAndReadAll writes p to c and ends its stream, while reading what
// the other side sends until it ends its own; it returns what it read.
func writeAndReadAll(c net.Conn, p []byte) []byte {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Write(p)
		c.(*net.TCPConn).CloseWrite()
	}()
	got, _ := io.ReadAll(c)
	<-done
	return got
}
