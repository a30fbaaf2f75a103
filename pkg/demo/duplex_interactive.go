package demo

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coder/websocket"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// interactive sends what the user types, one message per line, while the
// reader shows whatever the server sends. It ends at end of input (close
// 1000), on /close, when the server closes, or on Ctrl-C (close 1001).
func (d *duplex) interactive(ctx context.Context) error {
	hint := afterTrace{rec: d.rec, w: d.opts.hint()}
	t := d.opts.text()
	fmt.Fprintln(hint, t.F("connected: type a message and press Enter; /help lists commands; Ctrl-D closes"))
	stop := make(chan struct{})
	defer close(stop)
	lines := readLines(d.opts.In, stop)
	for {
		// Ctrl-C first: a line that arrived at the same moment must not
		// delay the close.
		if ctx.Err() != nil {
			return d.goingAway(ctx)
		}
		select {
		case <-ctx.Done():
			return d.goingAway(ctx)
		case <-d.inbox.done:
			return d.peerClosed(hint)
		case line, ok := <-lines:
			if !ok {
				if err := d.closeNormally("end of input"); err != nil {
					return err
				}
				d.emitSummary()
				return nil
			}
			if line.err != nil {
				fmt.Fprintln(hint, t.F("hint: %s", t.Err(line.err)))
				continue
			}
			cmd, err := parseCommand(line.text)
			if err != nil {
				fmt.Fprintln(hint, t.F("hint: %s", t.Err(err)))
				continue
			}
			done, err := d.run(ctx, cmd, hint)
			if err != nil {
				fmt.Fprintln(hint, t.F("hint: %s", t.Err(err)))
			}
			if done {
				d.emitSummary()
				return nil
			}
		}
	}
}

// afterTrace writes hints below the diagram: each Write first waits (a
// moment at most) until the renderer has drawn every event so far, so that
// "connected: type a message" comes after the 101, not above it where the
// handshake's drawing would push it out of sight.
type afterTrace struct {
	rec *trace.Recorder
	w   io.Writer
}

func (a afterTrace) Write(p []byte) (int, error) {
	a.rec.CaughtUp(time.Second)
	return a.w.Write(p)
}

// run carries out one command; done reports that the session closed.
func (d *duplex) run(ctx context.Context, cmd command, hint io.Writer) (done bool, err error) {
	switch cmd.kind {
	case cmdText:
		return false, d.write(websocket.MessageText, []byte(cmd.text))
	case cmdBinary:
		return false, d.write(websocket.MessageBinary, cmd.data)
	case cmdPing:
		if cmd.text == "" {
			return false, d.ping(ctx)
		}
		return false, d.rawPing(cmd.text)
	case cmdClose:
		return true, d.close(websocket.StatusCode(cmd.code), cmd.text, d.opts.timeout())
	case cmdHelp:
		fmt.Fprintln(hint, d.opts.text().F(commandHelp))
	}
	return false, nil
}

// rawPing sends a ping with the user's payload. coder/websocket's Ping
// chooses its own payload (a counter), so this frame is built here, masked
// with a fresh random key as every client frame must be (RFC 6455 §5.3),
// and written whole onto the tapped connection in one Write. That cannot
// split another frame: the library writes each control frame whole in one
// Write too, and this goroutine is the only one that writes data frames, so
// none is half written now. The server's pong carries our payload back; the
// library, which did not send the ping, ignores it.
func (d *duplex) rawPing(payload string) error {
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		return fmt.Errorf("ping: masking key: %w", err)
	}
	frame := wire.AppendFrame(nil, true, 0, wire.OpPing, &key, []byte(payload))
	if err := d.raw.SetWriteDeadline(time.Now().Add(d.opts.timeout())); err == nil {
		defer d.raw.SetWriteDeadline(time.Time{})
	}
	if _, err := d.raw.Write(frame); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// peerClosed ends the session after the server closed the connection.
func (d *duplex) peerClosed(hint io.Writer) error {
	status := d.inbox.closeStatus()
	ended := d.readEnd()
	_ = d.closeNormally("")
	if status == -1 {
		return ended
	}
	fmt.Fprintln(hint, d.opts.text().F("the server closed the connection: status %#d (%s)", int(status), wire.CloseCodeName(int(status))))
	d.emitSummary()
	return nil
}

// maxInputLine bounds a typed line. A longer one is refused, not sent, and
// the reader goes on with the next: one line must not cost unbounded
// memory, nor end the session.
const maxInputLine = 1 << 20

// inputLine is one line of input without its line ending, or err, which
// says why a line was refused.
type inputLine struct {
	text string
	err  error
}

// readLines reads in line by line until EOF (or a read error), which closes
// the channel. A line longer than maxInputLine is skipped to its end and
// reported as an error instead. A Read already blocked when the session ends
// returns with the next line or EOF: an io.Reader offers no way to cancel it
// sooner. After stop it sends nothing more and exits.
func readLines(in io.Reader, stop <-chan struct{}) <-chan inputLine {
	out := make(chan inputLine)
	if in == nil {
		close(out)
		return out
	}
	go func() {
		defer close(out)
		r := bufio.NewReaderSize(in, 4096)
		for {
			line, err := readLine(r, maxInputLine)
			if errors.Is(err, io.EOF) {
				return
			}
			var long lineTooLong
			if err != nil && !errors.As(err, &long) {
				return // a read error ends input, as end of input does
			}
			select {
			case out <- inputLine{text: line, err: err}:
			case <-stop:
				return
			}
		}
	}()
	return out
}

// lineTooLong is a line over the limit: its length, counted to its end.
type lineTooLong struct{ n, limit int }

func (e lineTooLong) Error() string { return lang.Trace.Say(e.Say()) }

// Say implements lang.Sayer: the hint in the learner's language.
func (e lineTooLong) Say() trace.Msg {
	return lang.M("that line is %d bytes, more than the %d a typed message may have: not sent (the next lines are)", e.n, e.limit)
}

// readLine reads one line of at most limit bytes, without its \n or \r\n.
// A longer line is read to its end without keeping it, and returned as a
// lineTooLong error. io.EOF means there was no line at all; a last line
// without \n is a line.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	n := 0
	for {
		chunk, err := r.ReadSlice('\n')
		n += len(chunk)
		if n <= limit+2 { // room for the line ending, which is dropped
			b = append(b, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && n == 0:
			return "", err
		case err != nil && !errors.Is(err, io.EOF):
			return "", err
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if n > limit+2 || len(text) > limit {
			end := n
			if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
				end--
			}
			return "", lineTooLong{end, limit}
		}
		return text, nil
	}
}
