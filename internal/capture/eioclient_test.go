package capture

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wsdemo/pkg/wire"
)

// pollingClient is a minimal Engine.IO v4 long-polling client on net/http,
// the kind wsdemo could ship instead of importing zishang520's client: its
// HTTP transport is ours, so its connections can be tapped on the client
// side, and it sends a POST the moment it has something to send, where
// zishang520's client queues POSTs behind the pending GET
// (TestZishangPollingWritesWaitForThePoll). It follows the specification
// (socketio/engine.io-protocol, v4): "Handshake", "Sending data" (one POST
// at a time), "Receiving data" (one GET at a time), "Heartbeat" (answer the
// server's ping with a pong).
type pollingClient struct {
	base string       // e.g. "http://127.0.0.1:1234/socket.io/"
	hc   *http.Client // a transport of our own
	sid  string

	post sync.Mutex          // one POST at a time
	recv chan wire.EIOPacket // what the server sent, in order, pings excepted
	stop context.CancelFunc
	done chan struct{} // closed when the poll loop ends
	err  error         // why it ended, set before done closes
	// pings counts the server's pings answered.
	pings atomic.Int32
	// closing is set once the client sent its close packet: no new GET.
	closing atomic.Bool
}

// dialPolling performs the Engine.IO handshake (a GET without sid, answered
// by the open packet) and starts polling.
func dialPolling(ctx context.Context, addr string) (*pollingClient, error) {
	c := &pollingClient{base: "http://" + addr + "/socket.io/", hc: &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second},
		recv: make(chan wire.EIOPacket, 64), done: make(chan struct{})}
	ps, err := c.get(ctx)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 || ps[0].Open == nil {
		return nil, fmt.Errorf("handshake: no open packet in %d packets", len(ps))
	}
	c.sid = ps[0].Open.SID
	pctx, stop := context.WithCancel(context.Background())
	c.stop = stop
	go c.poll(pctx)
	return c, nil
}

func (c *pollingClient) url() string {
	u := c.base + "?EIO=4&transport=polling"
	if c.sid != "" {
		u += "&sid=" + c.sid
	}
	return u
}

// get sends one GET and decodes the payload of its answer.
func (c *pollingClient) get(ctx context.Context) ([]wire.EIOPacket, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url(), nil)
	if err != nil {
		return nil, err
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET: %s %s", res.Status, body)
	}
	var ps []wire.EIOPacket
	wire.DecodeEIOPayload(body, false, func(p *wire.EIOPacket) { ps = append(ps, *p) })
	return ps, nil
}

// poll keeps one GET pending, answers pings, and hands every other packet
// to recv, until the server closes the session or stop is called.
func (c *pollingClient) poll(ctx context.Context) {
	defer close(c.done)
	defer close(c.recv)
	for !c.closing.Load() {
		ps, err := c.get(ctx)
		if err != nil {
			c.err = err
			return
		}
		for _, p := range ps {
			switch p.Type {
			case wire.EIOPing:
				c.pings.Add(1)
				if err := c.send(ctx, wire.AppendEIOPacket(nil, wire.EIOPong, p.Data)); err != nil {
					c.err = err
					return
				}
			case wire.EIOClose:
				return
			default:
				c.recv <- p
			}
		}
	}
}

// send POSTs encoded packets as one payload ("Sending data").
func (c *pollingClient) send(ctx context.Context, packets ...[]byte) error {
	c.post.Lock()
	defer c.post.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url(), bytes.NewReader(wire.JoinEIOPayload(packets...)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	res, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if res.StatusCode != http.StatusOK || string(body) != "ok" {
		return fmt.Errorf("POST: %s %s", res.Status, body)
	}
	return nil
}

// message sends Socket.IO packets as Engine.IO messages, one payload.
func (c *pollingClient) message(ctx context.Context, sio ...string) error {
	var ps [][]byte
	for _, s := range sio {
		ps = append(ps, wire.AppendEIOPacket(nil, wire.EIOMessage, []byte(s)))
	}
	return c.send(ctx, ps...)
}

// next waits for the next packet whose text (or binary data) passes
// match.
func (c *pollingClient) next(d time.Duration, match func(wire.EIOPacket) bool) (wire.EIOPacket, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case p, ok := <-c.recv:
			if !ok {
				return wire.EIOPacket{}, fmt.Errorf("session ended: %v", c.err)
			}
			if match(p) {
				return p, nil
			}
		case <-timer.C:
			return wire.EIOPacket{}, fmt.Errorf("timed out")
		}
	}
}

// close sends Engine.IO's close packet and stops polling; the pending GET
// is cancelled if the server has not answered it.
func (c *pollingClient) close(ctx context.Context) error {
	c.closing.Store(true)
	err := c.send(ctx, wire.AppendEIOPacket(nil, wire.EIOClose, nil))
	select {
	case <-c.done:
	case <-time.After(2 * time.Second):
	}
	c.stop()
	<-c.done
	c.hc.CloseIdleConnections()
	return err
}

// textIs matches a text packet by its exact text.
func textIs(s string) func(wire.EIOPacket) bool {
	return func(p wire.EIOPacket) bool { return !p.Binary && string(p.Raw) == s }
}

// textHasPrefix matches a text packet that starts with s.
func textHasPrefix(s string) func(wire.EIOPacket) bool {
	return func(p wire.EIOPacket) bool { return !p.Binary && strings.HasPrefix(string(p.Raw), s) }
}
