package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// MaxLine is the longest line a Reader accepts: far more than any event
// wsdemo writes (a frame's kept bytes are 32 KiB, 64 KiB as hex), and a
// bound on what one damaged line can cost.
const MaxLine = 16 << 20

// ErrNoEvents is what a Reader reports for a trace with no event in it: an
// empty file, or one of blank lines only.
var ErrNoEvents = errors.New("no trace events in it (the file is empty)")

// Reader reads a trace in its JSON form (`--json`, `--save`): one event per
// line. It never panics on what it reads: a line that is not an event is an
// error naming the line, and keys added by a newer wsdemo are ignored
// (Unknown says so, once).
type Reader struct {
	name   string
	br     *bufio.Reader
	line   int // lines read so far
	events int
	err    error // sticky: after an error, Next returns it again

	// Unknown, if set, is called the first time a line holds a key this
	// version of the trace format does not know (written by a newer
	// wsdemo), with the line's number and the key's name. The key is
	// ignored; Unknown is not called again.
	Unknown func(line int, key string)
	warned  bool
}

// NewReader reads the trace in r. name is how errors name it, e.g. the
// file's name, or "stdin".
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{name: name, br: bufio.NewReaderSize(r, 64<<10)}
}

// Line is the number of the line the last event came from (1-based).
func (r *Reader) Line() int { return r.line }

// ReadError is an error in a trace: the file's name, the line (0 when the
// error is not on one line), and what is wrong.
type ReadError struct {
	Name string
	Line int
	Err  error
}

func (e *ReadError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.Name, e.Err)
	}
	return fmt.Sprintf("%s:%d: not a wsdemo trace event: %v", e.Name, e.Line, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Next returns the next event, io.EOF after the last one, or a *ReadError.
// Blank lines are skipped. A trace with no event at all is an error
// (ErrNoEvents), not an empty diagram.
func (r *Reader) Next() (Event, error) {
	if r.err != nil {
		return Event{}, r.err
	}
	for {
		line, err := r.readLine()
		if err == io.EOF && line == nil {
			if r.events == 0 {
				r.err = &ReadError{Name: r.name, Err: ErrNoEvents}
			} else {
				r.err = io.EOF
			}
			return Event{}, r.err
		}
		if err != nil && err != io.EOF {
			r.err = &ReadError{Name: r.name, Line: r.line, Err: err}
			return Event{}, r.err
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		e, derr := r.decode(line)
		if derr != nil {
			r.err = &ReadError{Name: r.name, Line: r.line, Err: derr}
			return Event{}, r.err
		}
		r.events++
		return e, nil
	}
}

// errLineTooLong is the error of a line over MaxLine.
var errLineTooLong = fmt.Errorf("the line is longer than %d MiB", MaxLine>>20)

// readLine reads one line (without its newline), keeping at most MaxLine
// bytes of it. It returns nil and io.EOF at the end of the input; a last
// line without a newline comes with a nil error.
func (r *Reader) readLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLine+1 { // +1: the newline itself
			r.line++
			return nil, errLineTooLong
		}
		line = append(line, chunk...)
		switch err {
		case nil:
			r.line++
			return line, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(line) == 0 {
				return nil, io.EOF
			}
			r.line++
			return line, nil
		default:
			return nil, err
		}
	}
}

// decode parses one line as an event, explaining what is wrong in words a
// person can act on.
func (r *Reader) decode(line []byte) (Event, error) {
	var e Event
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err := dec.Decode(&e)
	if key, ok := unknownField(err); ok {
		// A newer wsdemo's key: read the line again without it.
		e = Event{}
		dec = json.NewDecoder(bytes.NewReader(line))
		err = dec.Decode(&e)
		if err == nil && !r.warned {
			r.warned = true
			if r.Unknown != nil {
				r.Unknown(r.line, key)
			}
		}
	}
	if err != nil {
		return Event{}, explain(err)
	}
	if dec.More() || dec.InputOffset() < int64(len(line)) {
		return Event{}, errors.New("more than one JSON value on the line (one event per line)")
	}
	if e.Kind == "" {
		return Event{}, errors.New(`it has no "kind": every event says what it describes`)
	}
	return e, nil
}

// unknownField recognises encoding/json's error for a key that is no
// field of the struct (DisallowUnknownFields): `json: unknown field "x"`.
func unknownField(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	key, ok := strings.CutPrefix(err.Error(), `json: unknown field "`)
	if !ok {
		return "", false
	}
	return strings.TrimSuffix(key, `"`), true
}

// explain turns encoding/json's errors into what is wrong with the line.
func explain(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("the line ends in the middle of a JSON value (was the file cut short?)")
	case errors.As(err, &syn):
		return fmt.Errorf("not JSON (%v, at byte %d)", syn, syn.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("a JSON %s, not an object", typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("%q is a JSON %s, want %s", typ.Field, typ.Value, jsonKind(typ.Type))
	}
	return err
}

// jsonKind says in JSON's words what a Go type is written as.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object"
	}
	return t.String()
}
