package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coder/websocket"

	"wsdemo/internal/tty"
	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
	"wsdemo/pkg/wire"
)

// interactive sends what the user types, one message per line, while the
// reader shows whatever the server sends. It ends at end of input (close
// 1000), on /close, when the server closes, or on Ctrl-C (close 1001).
//
// On a terminal (opts.Prompt) the learner types on a prompt line pinned
// below the diagram, which scrolls above it, with line editing and history;
// the terminal is in raw mode meanwhile. Otherwise lines are read as they
// come.
func (d *duplex) interactive(ctx context.Context) error {
	hint := afterTrace{rec: d.rec, w: d.opts.hint()}
	say := func(s string) { d.say(hint, s) }
	t := d.opts.text()
	if d.opts.Prompt != nil {
		restore := d.opts.In.Raw()
		defer restore()
		defer d.opts.Prompt.Close()
	}
	say(t.F("connected: type a message and press Enter; /help lists commands; Ctrl-D closes"))
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	lines := readLines(rctx, d.opts.In, d.opts.Prompt)
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
			if errors.Is(line.err, tty.ErrInterrupted) {
				// Ctrl-C typed in raw mode: the CLI's hook has ended ctx
				// (exit 130), as SIGINT would.
				return d.goingAway(ctx)
			}
			if line.err != nil {
				say(t.F("hint: %s", t.Err(line.err)))
				continue
			}
			cmd, err := parseCommand(line.text)
			if err != nil {
				say(t.F("hint: %s", t.Err(err)))
				continue
			}
			done, err := d.run(ctx, cmd, hint)
			if err != nil {
				say(t.F("hint: %s", t.Err(err)))
			}
			if done {
				d.emitSummary()
				return nil
			}
		}
	}
}

// say writes a hint wrapped to the terminal's width (opts.Width; 0 does not
// wrap), in one Write, so a pinned prompt is drawn again once, below it all.
func (d *duplex) say(w io.Writer, s string) {
	if d.opts.Width > 0 {
		s = strings.Join(tty.Wrap(s, d.opts.Width-1), "\n")
	}
	io.WriteString(w, s+"\n")
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
		d.say(hint, d.opts.text().F(commandHelp))
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
	d.say(hint, d.opts.text().F("the server closed the connection: status %#d (%s)", int(status), wire.CloseCodeName(int(status))))
	d.emitSummary()
	return nil
}

// maxInputLine bounds a typed line. A longer one is refused, not sent, and
// the reader goes on with the next: one line must not cost unbounded
// memory, nor end the session.
const maxInputLine = 1 << 20

// inputLine is one line of input without its line ending, or err, which
// says why a line was refused (or tty.ErrInterrupted: Ctrl-C was typed).
type inputLine struct {
	text string
	err  error
}

// readLines reads lines from in until its end (or a read error), which
// closes the channel: from the pinned prompt when there is one, else as
// they come. A line longer than maxInputLine is not sent: it is reported as
// a lineTooLong error instead, and reading goes on. It stops when ctx ends;
// a read then in flight is left to in, which hands it to its next reader.
func readLines(ctx context.Context, in *tty.Input, prompt *tty.Prompt) <-chan inputLine {
	out := make(chan inputLine)
	if in == nil {
		close(out)
		return out
	}
	go func() {
		defer close(out)
		for {
			var line string
			var err error
			if prompt != nil {
				line, err = prompt.ReadLine(ctx, in, maxInputLine)
			} else {
				line, err = in.ReadLine(ctx, maxInputLine)
			}
			var long tty.LineTooLongError
			switch {
			case errors.As(err, &long):
				err = lineTooLong{long.N, long.Limit}
			case errors.Is(err, tty.ErrInterrupted):
			case err != nil:
				return // the end of input, a read error, or ctx ended
			}
			select {
			case out <- inputLine{text: line, err: err}:
			case <-ctx.Done():
				return
			}
			if errors.Is(err, tty.ErrInterrupted) {
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
