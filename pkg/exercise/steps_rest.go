package exercise

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"wsdemo/pkg/trace"
)

// Token is the bearer token the REST exercise's server accepts, and the
// only one: the task names it.
const Token = "demo-token"

// restSteps are the checks of the REST exercise: a notes API that knows
// nothing of the client between requests.
func restSteps() []*step {
	return []*step{
		{
			name:  "notes-list",
			title: "GET /notes lists the notes as JSON",
			does:  "Sends GET /notes with Authorization: Bearer demo-token and expects 200 OK, a Content-Type of application/json (any parameters, such as charset, are fine) and a body that is a JSON array.",
			rule:  "200 OK carries the resource in its body (RFC 9110 §15.3.1), and Content-Type names the body's format (RFC 9110 §8.3)",
			hint:  "answer GET /notes with the list as a JSON array ([] when there is none) and set Content-Type: application/json",
			run:   notesList,
		},
		{
			name:  "notes-create",
			title: "POST /notes creates a note: 201 and Location",
			does:  "Sends POST /notes with the token and the JSON body {\"text\": \"...\"} and expects 201 Created with a Location header naming the new note (an absolute URL or a path, either is fine).",
			rule:  "a request that created a resource is answered 201 Created, with Location naming the new resource (RFC 9110 §15.3.2, §10.2.2)",
			hint:  "after storing the note, set Location (for example /notes/1) and answer 201, not 200",
			run:   notesCreate,
		},
		{
			name:  "notes-listed",
			title: "the new note is in the list",
			does:  "Sends GET /notes again and expects the note just created in the array: an object whose \"text\" is the text sent (other fields and their order are yours).",
			rule:  "the server keeps the data: what a POST created, a later GET returns, from any client (RFC 9110 §9.3.1, §9.3.3)",
			hint:  "keep the notes in the server (a slice or an array is enough) and list them all",
			run:   notesListed,
		},
		{
			name:  "auth-missing",
			title: "a request without a token gets 401 and WWW-Authenticate",
			does:  "On a new TCP connection, sends GET /notes without an Authorization header and expects 401 Unauthorized with a WWW-Authenticate header that names the Bearer scheme.",
			rule:  "a request without valid credentials is answered 401, and a 401 carries WWW-Authenticate with at least one challenge (RFC 9110 §15.5.2, §11.6.1)",
			hint:  "check Authorization on every request before anything else; refuse with 401 and WWW-Authenticate: Bearer",
			run:   authMissing,
		},
		{
			name:  "auth-wrong",
			title: "a wrong token gets 401",
			does:  "On a new TCP connection, sends GET /notes with Authorization: Bearer not-the-token and expects 401 Unauthorized with WWW-Authenticate.",
			rule:  "credentials that are not valid are refused with 401, like none at all (RFC 9110 §15.5.2, §11.6.2)",
			hint:  "compare the whole token with demo-token; a header that merely starts with Bearer is not enough",
			run:   authWrong,
		},
		{
			name:  "auth-stateless",
			title: "a token sent earlier on the same connection does not count",
			does:  "On one new TCP connection, sends GET /notes with the token (expects 200), then GET /notes without it on the same connection (expects 401).",
			rule:  "each request is understood on its own, whatever came before it on the connection (RFC 9110 §3.3): the second request has no credentials, so it gets 401 (RFC 9110 §15.5.2)",
			hint:  "decide on each request from that request's headers only: keep nothing about the client on the connection or the socket",
			run:   authStateless,
		},
	}
}

// notesPath is /notes under the target's path.
func (s *session) notesPath() string { return s.target.Join("/notes") }

// statusIs fails unless a's status is want; the detail quotes the status
// line it got.
func statusIs(a *answer, want int) *failure {
	if a.resp.StatusCode == want {
		return nil
	}
	switch want {
	case http.StatusOK:
		if a.resp.StatusCode == http.StatusNotFound {
			return fail("it answered %s: is the path /notes?", a.resp.Status)
		}
		if a.resp.StatusCode == http.StatusUnauthorized {
			return fail("it answered %s to a request with the token demo-token", a.resp.Status).
				because("the task's token is demo-token, sent as Authorization: Bearer demo-token")
		}
		return fail("it answered %s, not 200 OK", a.resp.Status)
	case http.StatusCreated:
		if a.resp.StatusCode == http.StatusOK {
			return fail("it answered %s: a request that created something is answered 201 Created", a.resp.Status)
		}
		return fail("it answered %s, not 201 Created", a.resp.Status)
	}
	if a.resp.StatusCode/100 == 2 {
		return fail("it answered %s: it served a request that has no valid credentials", a.resp.Status)
	}
	return fail("it answered %s, not 401 Unauthorized", a.resp.Status)
}

// jsonBody fails unless a has a JSON Content-Type.
func jsonBody(a *answer) *failure {
	ct := a.resp.Header.Get("Content-Type")
	if ct == "" {
		return fail("the response has no Content-Type header")
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return fail("Content-Type is %q, not application/json", ct)
	}
	return nil
}

// notesIn reads a's body as a JSON array.
func notesIn(a *answer) ([]json.RawMessage, *failure) {
	var list []json.RawMessage
	if err := json.Unmarshal(a.body, &list); err != nil {
		var v any
		if json.Unmarshal(a.body, &v) == nil {
			return nil, fail("the body is JSON, but not an array: %s", clip(string(a.body)))
		}
		return nil, fail("the body is not JSON: %s", clip(string(a.body)))
	}
	return list, nil
}

// clip quotes the start of a body for a detail.
func clip(s string) string {
	if len(s) > 60 {
		s = strings.ToValidUTF8(s[:60], "") + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func notesList(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, f := s.ask(ctx, request{method: http.MethodGet, path: s.notesPath(), token: Token})
	if f != nil {
		return trace.Msg{}, f
	}
	if f := statusIs(a, http.StatusOK); f != nil {
		return trace.Msg{}, f
	}
	if f := jsonBody(a); f != nil {
		return trace.Msg{}, f
	}
	list, f := notesIn(a)
	if f != nil {
		return trace.Msg{}, f
	}
	return passed("200 OK, a JSON array of %d notes", len(list)), nil
}

// noteText is the text of the note this run creates: its own, so that no
// server can have it ready.
func (s *session) noteText() string { return "buy milk " + s.nonce }

func notesCreate(ctx context.Context, s *session) (trace.Msg, *failure) {
	body, _ := json.Marshal(map[string]string{"text": s.noteText()})
	a, f := s.ask(ctx, request{method: http.MethodPost, path: s.notesPath(), token: Token, body: string(body)})
	if f != nil {
		return trace.Msg{}, f
	}
	if f := statusIs(a, http.StatusCreated); f != nil {
		return trace.Msg{}, f
	}
	loc := a.resp.Header.Get("Location")
	if strings.TrimSpace(loc) == "" {
		return trace.Msg{}, fail("201 Created, but no Location header")
	}
	if _, err := url.Parse(loc); err != nil {
		return trace.Msg{}, fail("Location is %q, which is not a URL or a path", loc)
	}
	return passed("201 Created, Location: %s", loc), nil
}

func notesListed(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, f := s.ask(ctx, request{method: http.MethodGet, path: s.notesPath(), token: Token})
	if f != nil {
		return trace.Msg{}, f
	}
	if f := statusIs(a, http.StatusOK); f != nil {
		return trace.Msg{}, f
	}
	list, f := notesIn(a)
	if f != nil {
		return trace.Msg{}, f
	}
	want := s.noteText()
	for _, raw := range list {
		var note struct {
			Text *string `json:"text"`
		}
		if json.Unmarshal(raw, &note) == nil && note.Text != nil && *note.Text == want {
			return passed("the note %q is in the list of %d", want, len(list)), nil
		}
	}
	return trace.Msg{}, fail("no note in the list has the text %q", want)
}

// challenged fails unless a 401 carries WWW-Authenticate naming Bearer.
func challenged(a *answer) *failure {
	v := strings.Join(a.resp.Header.Values("WWW-Authenticate"), ", ")
	if strings.TrimSpace(v) == "" {
		return fail("401, but no WWW-Authenticate header: the client is not told how to authenticate")
	}
	for _, part := range strings.Split(v, ",") {
		scheme, _, _ := strings.Cut(strings.TrimSpace(part), " ")
		if strings.EqualFold(scheme, "Bearer") {
			return nil
		}
	}
	return fail("WWW-Authenticate is %q, which names no Bearer challenge", v)
}

// askFresh sends r on a connection of its own, closed after the answer:
// what came before on another connection cannot count for it.
func (s *session) askFresh(ctx context.Context, r request) (*answer, *failure) {
	h, f := s.httpDial(ctx)
	if f != nil {
		return nil, f
	}
	defer h.conn.Close()
	a, err := h.do(s, r)
	if err != nil {
		return nil, s.noAnswer(err)
	}
	return a, nil
}

func authMissing(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, f := s.askFresh(ctx, request{method: http.MethodGet, path: s.notesPath()})
	if f != nil {
		return trace.Msg{}, f
	}
	if f := statusIs(a, http.StatusUnauthorized); f != nil {
		return trace.Msg{}, f
	}
	if f := challenged(a); f != nil {
		return trace.Msg{}, f
	}
	return passed("401 Unauthorized, WWW-Authenticate: %s", a.resp.Header.Get("WWW-Authenticate")), nil
}

func authWrong(ctx context.Context, s *session) (trace.Msg, *failure) {
	a, f := s.askFresh(ctx, request{method: http.MethodGet, path: s.notesPath(), token: "not-the-token"})
	if f != nil {
		return trace.Msg{}, f
	}
	if f := statusIs(a, http.StatusUnauthorized); f != nil {
		return trace.Msg{}, f
	}
	if f := challenged(a); f != nil {
		return trace.Msg{}, f
	}
	return passed("401 Unauthorized for the wrong token"), nil
}

func authStateless(ctx context.Context, s *session) (trace.Msg, *failure) {
	h, f := s.httpDial(ctx)
	if f != nil {
		return trace.Msg{}, f
	}
	first, err := h.do(s, request{method: http.MethodGet, path: s.notesPath(), token: Token})
	if err != nil {
		return trace.Msg{}, s.noAnswer(err)
	}
	if first.resp.StatusCode != http.StatusOK {
		return trace.Msg{}, fail("the first request, with the token, got %s, not 200 OK", first.resp.Status)
	}
	if h.done {
		return trace.Msg{}, fail("the server closed the connection after the first request (Connection: close), so the check cannot send the second on it").
			because("keep connections open between requests, as HTTP/1.1 does by default (RFC 9112 §9.3): do not send Connection: close")
	}
	second, err := h.do(s, request{method: http.MethodGet, path: s.notesPath()})
	if err != nil {
		f := s.noAnswer(err)
		f.hint = "keep connections open between requests, as HTTP/1.1 does by default (RFC 9112 §9.3), and answer every request on them"
		return trace.Msg{}, f
	}
	if second.resp.StatusCode/100 == 2 {
		return trace.Msg{}, fail("the second request, without a token, got %s on the same connection: the token of the first counted for it", second.resp.Status)
	}
	if second.resp.StatusCode != http.StatusUnauthorized {
		return trace.Msg{}, fail("the second request, without a token, got %s, not 401 Unauthorized", second.resp.Status)
	}
	return passed("200 with the token, then 401 without it, on the same TCP connection"), nil
}
