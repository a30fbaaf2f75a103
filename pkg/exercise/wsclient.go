package exercise

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"wsdemo/pkg/wire"
)

// keep is how many payload bytes the checks' client keeps of a frame or a
// message: enough to compare the largest echo a check asks for (the 65,536
// bytes of robust's limit, the 70,000 of echo-long) byte for byte.
const keep = 128 << 10

// maxQueued bounds what a client holds unread: a server that floods it
// costs this many frames, not all it sends.
const maxQueued = 4096

// wsClient is the checks' own WebSocket client: it does the opening
// handshake itself and writes frames with wire.AppendFrame, so it can send
// what no WebSocket library would (an unmasked frame, a reserved opcode,
// invalid UTF-8 in a text message). Its connection is a demo.Probe's, so
// every byte is recorded and drawn.
//
// A goroutine reads the server's frames as they come, answers pings with
// pongs and a close frame with a close frame (as RFC 6455 §5.5.2 and §5.5.1
// ask of every endpoint), and queues every frame and every whole message
// for the checks to await.
type wsClient struct {
	s      *session
	conn   net.Conn
	br     *bufio.Reader
	opened time.Time // when the 101 had arrived

	wmu sync.Mutex // one frame at a time on the wire

	mu        sync.Mutex
	queue     []inbound
	dropped   int           // frames not queued: the queue was full
	notify    chan struct{} // closed and replaced when the queue grows or reading ends
	ended     error         // why reading stopped (io.EOF: the server's FIN), nil while it goes on
	received  [][]byte      // every data message's payload (its first bytes), for "did it come back?"
	closeSent bool
	done      chan struct{} // closed when the reading goroutine has returned
}

// inbound is something the server sent: a frame, or a whole data message
// (reported after the frame that completed it).
type inbound struct {
	frame *wire.Frame
	msg   *wire.Message
	at    time.Time
}

// errTimeout says an await's time ran out.
var errTimeout = errors.New("timed out")

// endedError says the server's side of the connection ended while a check
// waited: Err is io.EOF for its FIN, or the reset or error that ended it.
type endedError struct{ Err error }

func (e *endedError) Error() string { return "the connection ended: " + e.Err.Error() }
func (e *endedError) Unwrap() error { return e.Err }

// newKey is a fresh Sec-WebSocket-Key: 16 random bytes, base64 (RFC 6455
// §4.1).
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// handshakeRequest writes the opening handshake a browser would send, the
// Origin header included when origin is not "".
func handshakeRequest(t Target, key, origin string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n", t.Path, t.Host)
	fmt.Fprintf(&b, "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n", key)
	if origin != "" {
		fmt.Fprintf(&b, "Origin: %s\r\n", origin)
	}
	b.WriteString("User-Agent: wsdemo-check\r\n\r\n")
	return []byte(b.String())
}

// opening is the answer to an opening handshake: the response, and the key
// it answers. A client is set only after a 101.
type opening struct {
	key    string
	resp   *http.Response
	client *wsClient
}

// openWS sends an opening handshake with origin ("" sends no Origin) and
// reads the answer. After a 101 the connection is a wsClient, reading; any
// other answer is read whole (its body up to 64 KiB, for the trace) and its
// connection closed. A network failure is a *failure.
func (s *session) openWS(ctx context.Context, origin string) (*opening, *failure) {
	conn, f := s.dial(ctx)
	if f != nil {
		return nil, f
	}
	key := newKey()
	_ = conn.SetDeadline(time.Now().Add(s.timeout))
	if _, err := conn.Write(handshakeRequest(s.target, key, origin)); err != nil {
		conn.Close()
		return nil, s.lost(err)
	}
	br := bufio.NewReaderSize(conn, 16<<10)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
	if err != nil {
		conn.Close()
		return nil, s.noAnswer(err)
	}
	o := &opening{key: key, resp: resp}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		conn.Close()
		return o, nil
	}
	_ = conn.SetDeadline(time.Time{})
	c := &wsClient{s: s, conn: conn, br: br, opened: time.Now(), notify: make(chan struct{}), done: make(chan struct{})}
	s.track(c)
	go c.read()
	o.client = c
	return o, nil
}

// read is the client's reading goroutine.
func (c *wsClient) read() {
	defer close(c.done)
	dec := wire.NewFrameDecoder(wire.FromServer, keep)
	asm := wire.MessageAssembler{Keep: keep}
	buf := make([]byte, 32<<10)
	for {
		n, err := c.br.Read(buf)
		if n > 0 {
			now := time.Now()
			for _, f := range dec.Feed(buf[:n]) {
				f := f
				c.push(inbound{frame: &f, at: now})
				switch f.Opcode {
				case wire.OpPing:
					c.answerPing(f.Payload)
				case wire.OpClose:
					c.answerClose(&f)
				}
				if m, done, _ := asm.Add(&f); done {
					m := m
					c.push(inbound{msg: &m, at: now})
				}
			}
			if dec.Err() != nil {
				err = dec.Err()
			}
		}
		if err != nil {
			c.end(err)
			return
		}
	}
}

func (c *wsClient) push(in inbound) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if in.msg != nil && len(c.received) < maxQueued {
		c.received = append(c.received, in.msg.Payload[:min(len(in.msg.Payload), 256)])
	}
	if len(c.queue) >= maxQueued {
		c.dropped++
		return
	}
	c.queue = append(c.queue, in)
	close(c.notify)
	c.notify = make(chan struct{})
}

func (c *wsClient) end(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ended = err
	close(c.notify)
	c.notify = make(chan struct{})
}

// answerPing answers a ping with a pong carrying its payload (RFC 6455
// §5.5.2), unless the closing handshake has begun.
func (c *wsClient) answerPing(payload []byte) {
	c.mu.Lock()
	closing := c.closeSent
	c.mu.Unlock()
	if !closing {
		_ = c.writeFrame(true, wire.OpPong, payload, true)
	}
}

// answerClose answers the server's close frame with one of ours, echoing
// its code (RFC 6455 §5.5.1), unless we sent ours first.
func (c *wsClient) answerClose(f *wire.Frame) {
	c.mu.Lock()
	sent := c.closeSent
	c.closeSent = true
	c.mu.Unlock()
	if sent {
		return
	}
	var payload []byte
	if f.CloseCode != 0 && wire.ValidCloseCodeOnWire(f.CloseCode) {
		payload = wire.ClosePayload(f.CloseCode, "")
	}
	_ = c.writeFrame(true, wire.OpClose, payload, true)
}

// writeFrame writes one frame, masked with a fresh key when masked is set
// (a client masks every frame, RFC 6455 §5.3: only a check that sends an
// unmasked frame on purpose leaves it off).
func (c *wsClient) writeFrame(fin bool, op wire.Opcode, payload []byte, masked bool) error {
	var key *[4]byte
	if masked {
		var k [4]byte
		_, _ = rand.Read(k[:])
		key = &k
	}
	b := wire.AppendFrame(nil, fin, 0, op, key, payload)
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(c.s.timeout))
	_, err := c.conn.Write(b)
	return err
}

// send writes a whole message in one masked frame.
func (c *wsClient) send(op wire.Opcode, payload []byte) error {
	return c.writeFrame(true, op, payload, true)
}

// sendClose starts the closing handshake with code, unless a close frame
// was already sent.
func (c *wsClient) sendClose(code int, reason string) error {
	c.mu.Lock()
	sent := c.closeSent
	c.closeSent = true
	c.mu.Unlock()
	if sent {
		return nil
	}
	return c.writeFrame(true, wire.OpClose, wire.ClosePayload(code, reason), true)
}

// await waits up to d for something the server sends that match accepts,
// and returns it with what it passed over on the way. It returns
// errTimeout when d passes first, an *endedError when the server's side
// ends first, or ctx's error.
func (c *wsClient) await(ctx context.Context, d time.Duration, match func(inbound) bool) (inbound, []inbound, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	var skipped []inbound
	for {
		c.mu.Lock()
		for len(c.queue) > 0 {
			in := c.queue[0]
			c.queue[0] = inbound{}
			c.queue = c.queue[1:]
			if match(in) {
				c.mu.Unlock()
				return in, skipped, nil
			}
			if len(skipped) < maxQueued {
				skipped = append(skipped, in)
			}
		}
		if c.ended != nil {
			err := c.ended
			c.mu.Unlock()
			return inbound{}, skipped, &endedError{err}
		}
		wait := c.notify
		c.mu.Unlock()
		select {
		case <-wait:
		case <-timer.C:
			return inbound{}, skipped, errTimeout
		case <-ctx.Done():
			return inbound{}, skipped, ctx.Err()
		}
	}
}

// got reports whether a data message starting with these bytes arrived at
// any time on this connection, awaited or not.
func (c *wsClient) got(payload []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := payload[:min(len(payload), 256)]
	for _, r := range c.received {
		if string(r) == string(p) {
			return true
		}
	}
	return false
}

// finish ends the connection: a close frame with 1000 unless one was sent,
// then up to d for the server to close its side, then the socket. It says
// nothing of how the server closed: no check asks who closes TCP first.
func (c *wsClient) finish(d time.Duration) {
	c.mu.Lock()
	ended := c.ended != nil
	c.mu.Unlock()
	if !ended {
		_ = c.sendClose(1000, "")
		select {
		case <-c.done:
		case <-time.After(d):
		}
	}
	c.conn.Close()
	<-c.done
}

// goingAwayWait is how long a run stopped by Ctrl-C gives the server to
// answer its 1001: enough on loopback, short enough to exit at once.
const goingAwayWait = 200 * time.Millisecond

// goAway closes as a stopped run does: a close frame with 1001 (going
// away, RFC 6455 §7.4.1), a moment for the answer, then the socket.
func (c *wsClient) goAway() {
	c.mu.Lock()
	ended := c.ended != nil
	c.mu.Unlock()
	if !ended {
		_ = c.conn.SetWriteDeadline(time.Now().Add(goingAwayWait))
		_ = c.sendClose(1001, "")
		select {
		case <-c.done:
		case <-time.After(goingAwayWait):
		}
	}
	c.drop()
}

// drop closes the socket now, without a closing handshake.
func (c *wsClient) drop() {
	c.conn.Close()
	<-c.done
}
