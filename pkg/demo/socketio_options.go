package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// MaxSocketIOListen bounds Listen: a demo, not a monitor (wsdemo proxy is
// one).
const MaxSocketIOListen = time.Hour

// Validate reports the first option the socketio scenario cannot run with,
// as a *FieldError; RunSocketIO refuses the same before it starts. Origin
// loses a trailing slash it may have had.
func (o *SocketIOOptions) Validate() error {
	if err := o.Common.Validate(); err != nil {
		return err
	}
	if o.URL == "" {
		for _, f := range []struct {
			set bool
			opt Option
		}{{o.Path != "", OptPath}, {o.Emit != "", OptEmit}, {o.Data != nil, OptData}, {o.Listen != 0, OptListen},
			{o.Origin != "", OptOrigin}, {o.Auth != nil, OptAuth}, {o.Ack, OptAck}} {
			if f.set {
				return &FieldError{Field: f.opt, With: []Option{OptURL}, Err: conflict("goes with %s: the story runs its own server and clients")}
			}
		}
		return nil
	}
	if fe := sioURLError(o.URL); fe != nil {
		return fe
	}
	switch {
	case o.Addr != "":
		return builtInOnly(OptAddr, "sets where the built-in server listens; with %s there is no built-in server")
	case o.Path != "" && !strings.HasPrefix(o.Path, "/"):
		return fieldErrorf(OptPath, "%q must start with /, as in /socket.io/", o.Path)
	case o.Ack && o.Emit == "":
		return &FieldError{Field: OptAck, With: []Option{OptEmit}, Err: conflict("asks for the acknowledgement of %s: name the event too")}
	case o.Data != nil && o.Emit == "":
		return &FieldError{Field: OptData, With: []Option{OptEmit}, Err: conflict("is the argument of %s: name the event too")}
	case o.Data != nil && !json.Valid(o.Data):
		return fieldErrorf(OptData, "%q is not JSON: quote a string ('\"hi\"'), or give a number, an object or an array", o.Data)
	case o.Auth != nil && !isJSONObject(o.Auth):
		return fieldErrorf(OptAuth, "%q is not a JSON object, as in '{\"token\":\"abc\"}'", o.Auth)
	case o.Listen < 0 || o.Listen > MaxSocketIOListen:
		return fieldErrorf(OptListen, "must be from 1ms to %s, got %s", ShortDuration(MaxSocketIOListen), ShortDuration(o.Listen))
	}
	if o.Origin != "" {
		ou, err := url.Parse(o.Origin)
		if err != nil || ou.Scheme == "" || ou.Host == "" || (ou.Path != "" && ou.Path != "/") {
			return fieldErrorf(OptOrigin, "%q is not an origin: scheme://host[:port], as in http://localhost:5173", o.Origin)
		}
		o.Origin = strings.TrimSuffix(o.Origin, "/")
	}
	return nil
}

// sioURLError is what is wrong with a Socket.IO server's URL, or nil.
func sioURLError(raw string) *FieldError {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fieldErrorf(OptURL, "%q is not a URL: %v", raw, err)
	case u.Scheme == "ws" || u.Scheme == "wss":
		return &FieldError{Field: OptURL, With: []Option{OptPath},
			Err: conflict(fmt.Sprintf("%q: a Socket.IO client starts with HTTP, so give the server's http:// (or https://) address; the path is %%s", raw))}
	case u.Scheme != "http" && u.Scheme != "https":
		return fieldErrorf(OptURL, "%q: the scheme must be http or https, as in http://localhost:3000", raw)
	case u.Host == "":
		return fieldErrorf(OptURL, "%q has no host", raw)
	case u.Path != "" && u.Path != "/":
		return &FieldError{Field: OptURL, With: []Option{OptPath},
			Err: conflict(fmt.Sprintf("%q: give the server's address only; Socket.IO's path is %%s (default /socket.io/)", raw))}
	}
	return nil
}

func isJSONObject(b []byte) bool {
	var obj map[string]json.RawMessage
	return json.Unmarshal(b, &obj) == nil
}
