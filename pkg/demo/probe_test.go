package demo

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wsdemo/pkg/lang"
	"wsdemo/pkg/trace"
)

// A probe watches the learner's own server: its HTTP meanings are the
// RFCs', never the demo's story (a POST there is not "create a note").
func TestProbeMeaningsAreGeneric(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	rec := trace.NewRecorder()
	p := NewProbe(rec, ProbeOptions{Lang: lang.English, Timeout: 5 * time.Second})
	c, err := p.Dial(context.Background(), strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "POST /api/notes HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
	io.Copy(io.Discard, c)
	c.Close()
	p.Settle(5 * time.Second)
	p.Close()
	rec.Close()
	var method string
	for i := 0; ; i++ {
		e, err := rec.Next(context.Background(), i)
		if err != nil {
			break
		}
		for _, f := range e.Fields {
			if e.Kind == trace.KindHTTPRequest && f.Value == "POST" {
				method = f.Meaning
			}
		}
	}
	if method == "" || strings.Contains(method, "note") || !strings.Contains(method, "RFC 9110 §9.3.3") {
		t.Errorf("POST's meaning in a probe: %q", method)
	}
}
