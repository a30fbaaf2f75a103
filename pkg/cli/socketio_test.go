package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wsdemo/pkg/server"
)

// socketio --url against a server that is no Socket.IO v4 server, or
// refuses: exit 1, one line that says what answered, one hint that says
// what to do; never a hang.
func TestSocketIOURLErrorsHint(t *testing.T) {
	t.Parallel()
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downURL := "http://" + down.Addr().String()
	down.Close()
	for _, tc := range []struct {
		name      string
		handler   http.HandlerFunc
		args      []string
		err, hint string
	}{
		{"down", nil, nil, "nothing is listening at http://127.0.0.1:", "start your Socket.IO server first"},
		// The run's language says the error and its hint too.
		{"down, pt-BR", nil, []string{"--lang", "pt-BR"}, "nada está escutando em http://127.0.0.1:", "inicie primeiro o seu servidor Socket.IO"},
		{"not engine.io", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><title>my app</title>")
		}, nil, "not a Socket.IO server", "is it a Socket.IO server?"},
		{"v3", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `96:0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}2:40`)
		}, nil, "this server speaks Engine.IO v3", "upgrade the server to socket.io 3 or later"},
		{"404", http.NotFound, nil, "404 Not Found: nothing is there", "Socket.IO answers at /socket.io/ unless"},
		{"404 with --path", http.NotFound, []string{"--path", "/chat/"}, "404 Not Found", "give the server's path option with --path"},
		{"403", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"code":4,"message":"Forbidden"}`)
		}, []string{"--origin", "http://evil.example"}, "the server refused the Engine.IO handshake: 403 Forbidden", "it may check the Origin"},
		{"cors", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
		}, []string{"--origin", "http://localhost:5173"}, "no Access-Control-Allow-Origin for Origin http://localhost:5173",
			`cors: { origin: "http://localhost:5173" }`},
		{"connect error", func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodPost:
				fmt.Fprint(w, "ok")
			case r.URL.Query().Get("sid") == "":
				fmt.Fprint(w, `0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`)
			default:
				fmt.Fprint(w, `44{"message":"not authorized"}`)
			}
		}, nil, `the server refused Socket.IO's CONNECT: "not authorized"`, "a middleware of the server (io.use) refused the connection"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url := downURL
			if tc.handler != nil {
				ts := httptest.NewServer(tc.handler)
				defer ts.Close()
				url = ts.URL
			}
			code, _, errOut := runCLI(t, append([]string{"socketio", "--url", url, "--timeout", "10s", "--lang", "en"}, tc.args...)...)
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if code != ExitFailure || len(lines) != 2 || !strings.HasPrefix(lines[0], "wsdemo: ") || !strings.Contains(lines[0], tc.err) ||
				!strings.HasPrefix(lines[1], "hint: ") || !strings.Contains(lines[1], tc.hint) {
				t.Errorf("exit %d, stderr\n%s\nwant exit 1, one line with %q and a hint with %q", code, errOut, tc.err, tc.hint)
			}
		})
	}
}

// wsdemo check socketio against wsdemo's own Socket.IO server, which does
// what the task asks (its chat is acknowledged and sent to the room's
// other sockets): every check passes, and in Portuguese the run says
// nothing in English but the protocol's words and the wire's bytes.
func TestCheckSocketIOSpeaksPortuguese(t *testing.T) {
	t.Setenv("WSDEMO_HOME", t.TempDir())
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ios, _, out, errOut := Test()
	code := Run(context.Background(), ios, []string{"check", "socketio", "--url", srv.URL() + "/", "--lang", "pt-BR"})
	if code != ExitOK || !strings.Contains(out.String(), "✓ socketio: as 6 verificações passam.") {
		t.Fatalf("exit %d, stderr %s\n%s", code, errOut, out)
	}
	if found := englishIn(out.String() + errOut.String()); len(found) > 0 {
		t.Errorf("English in a pt-BR run:\n%s", strings.Join(found, "\n"))
	}
}

// A --url trace is drawn again as the run drew it, its summary's rows
// included (the stats come back from JSON as floats: the rows are built
// from them, not printed as they are).
func TestSocketIOURLShowRedraws(t *testing.T) {
	srv, err := server.StartSocketIO("127.0.0.1:0", server.SocketIOConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	saved := filepath.Join(t.TempDir(), "url.jsonl")
	code, live, errOut := runCLI(t, "socketio", "--url", srv.URL(), "--emit", "announce", "--data", `"x"`, "--listen", "300ms", "--save", saved)
	if code != ExitOK {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	if !strings.Contains(live, "client → server") || strings.Contains(live, "bytes_client_to_server") {
		t.Errorf("the summary's rows:\n%s", live)
	}
	code, replay, errOut := runCLI(t, "show", saved)
	if code != ExitOK || replay != live {
		t.Errorf("show (exit %d, %s) draws\n%s\nthe run drew\n%s", code, errOut, replay, live)
	}
}

// The --help's jq example prints every packet, the binary attachments too
// (they carry data_hex, not raw): no null.
func TestSocketIOHelpJQExample(t *testing.T) {
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("no jq")
	}
	cmd := newSocketIOCmd(&IOStreams{}, &globalOptions{}, nil)
	_, filter, ok := strings.Cut(cmd.Example, "--json | jq -r '")
	filter, _, ok2 := strings.Cut(filter, "'")
	if !ok || !ok2 {
		t.Fatalf("no jq example in:\n%s", cmd.Example)
	}
	code, out, errOut := runCLI(t, "socketio", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	c := exec.Command(jq, "-r", filter)
	c.Stdin = strings.NewReader(out)
	got, err := c.Output()
	if err != nil {
		t.Fatalf("jq %s: %v", filter, err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) < 10 || slices.Contains(lines, "null") {
		t.Errorf("jq %s printed:\n%s", filter, got)
	}
}

// An empty event name is refused before anything runs; so is --ack
// without --emit.
func TestSocketIOEmitRefusesEmpty(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--emit", ""}, "wsdemo: --emit is empty"},
		{[]string{"--ack"}, "wsdemo: --ack asks for the acknowledgement of --emit"},
	} {
		code, _, errOut := runCLI(t, append([]string{"socketio", "--url", "http://127.0.0.1:1"}, tc.args...)...)
		if code != ExitUsage || !strings.HasPrefix(errOut, tc.want) {
			t.Errorf("%v: exit %d, %s", tc.args, code, errOut)
		}
	}
}
