package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// Note is one note of the notes API.
type Note struct {
	ID     int    `json:"id"`
	Text   string `json:"text"`
	Author string `json:"author,omitempty"`
}

type noteStore struct {
	mu    sync.Mutex
	notes []Note
}

func newNoteStore() *noteStore { return &noteStore{notes: []Note{}} }

func (n *noteStore) add(text, author string) Note {
	n.mu.Lock()
	defer n.mu.Unlock()
	note := Note{ID: len(n.notes) + 1, Text: text, Author: author}
	n.notes = append(n.notes, note)
	return note
}

func (n *noteStore) list() []Note {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Note{}, n.notes...)
}

func (n *noteStore) get(id int) (Note, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if id < 1 || id > len(n.notes) {
		return Note{}, false
	}
	return n.notes[id-1], true
}

// AddNote stores a note directly, as another user of the server would.
func (s *Server) AddNote(text, author string) Note { return s.notes.add(text, author) }

// maxNoteBody caps a POST body: the demo API has no use for big notes.
const maxNoteBody = 64 << 10

func (s *Server) routeNotes() {
	s.mux.HandleFunc("GET /api/notes", s.authorized(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.notes.list())
	}))
	s.mux.HandleFunc("GET /api/notes/{id}", s.authorized(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		note, ok := s.notes.get(id)
		if err != nil || !ok {
			writeJSON(w, http.StatusNotFound, errorBody("no note "+r.PathValue("id")))
			return
		}
		writeJSON(w, http.StatusOK, note)
	}))
	s.mux.HandleFunc("POST /api/notes", s.authorized(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Text string `json:"text"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxNoteBody))
		if err := dec.Decode(&in); err != nil || strings.TrimSpace(in.Text) == "" {
			writeJSON(w, http.StatusBadRequest, errorBody(`send JSON like {"text":"buy milk"}`))
			return
		}
		note := s.notes.add(in.Text, r.Header.Get("X-User"))
		w.Header().Set("Location", fmt.Sprintf("/api/notes/%d", note.ID))
		writeJSON(w, http.StatusCreated, note)
	}))
}

// authorized requires the bearer token on every request: the server keeps no
// session, so each request must carry its own credentials (RFC 9110 §3.3, §11.6.2).
func (s *Server) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		who := s.whose(r)
		s.noteStranger(who)
		got := r.Header.Get("Authorization")
		if got != "Bearer "+s.cfg.Token {
			detail := lang.M("no Authorization header")
			if got != "" {
				detail = lang.M("wrong token")
			}
			s.check(who, "authorization", false, detail,
				lang.M("The server checks every request on its own: a valid token on an earlier request does not count for this one. HTTP is stateless: each request can be understood in isolation, and a server must not assume that two requests on one connection come from the same user agent unless the connection is secured and specific to that agent (RFC 9110 §3.3)."))
			w.Header().Set("WWW-Authenticate", `Bearer realm="notes"`)
			writeJSON(w, http.StatusUnauthorized, errorBody("missing or wrong bearer token"))
			return
		}
		s.check(who, "authorization", true, lang.M("bearer token valid"), trace.Msg{})
		next(w, r)
	}
}

func errorBody(msg string) map[string]string { return map[string]string{"error": msg} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
