package testkit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// PlayBrowser plays a browser against `wsdemo serve`'s page at page (its
// URL, "http://127.0.0.1:8080/") with Go's own clients, along the paths the
// page's script takes: the page and its session cookie, a tab number, the
// document, a poll answered 304, a long poll answered by another tab's
// edit, the page's WebSocket (with the page's Origin and the cookie,
// offering permessage-deflate) carrying an edit and its push, the foreign
// site's page and its handshake refused with 403, and the WebSocket closed
// with 1001 as a tab that goes away closes it. It returns the first thing
// that did not go as the page expects.
//
// A test that cannot run a real browser drives serve with it; the browser
// test (pkg/demo, TestServeInRealBrowser) is the real thing.
func PlayBrowser(ctx context.Context, page string) error {
	base := strings.TrimSuffix(page, "/")
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var cookie string
	do := func(c *http.Client, method, u string, header http.Header, body string) (*http.Response, string, error) {
		req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
		if err != nil {
			return nil, "", err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, "", fmt.Errorf("%s %s: %w", method, u, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}

	resp, html, err := do(client, "GET", base+"/", nil, "")
	if err != nil {
		return err
	}
	if len(resp.Cookies()) != 1 {
		return fmt.Errorf("the page set cookies %v", resp.Cookies())
	}
	cookie = resp.Cookies()[0].Name + "=" + resp.Cookies()[0].Value
	port := regexp.MustCompile(`data-foreign-port="(\d+)"`).FindStringSubmatch(html)
	if port == nil {
		return fmt.Errorf("the page names no foreign site's port")
	}
	_, body, err := do(client, "POST", base+"/tabs", nil, "")
	if err != nil {
		return err
	}
	var tab struct{ Tab int }
	if err := json.Unmarshal([]byte(body), &tab); err != nil || tab.Tab < 1 {
		return fmt.Errorf("POST /tabs: %q", body)
	}
	q := fmt.Sprintf("tab=%d", tab.Tab)
	resp, _, err = do(client, "GET", base+"/docs/shared?"+q, nil, "")
	if err != nil {
		return err
	}
	etag := resp.Header.Get("ETag")
	if resp, _, err = do(client, "GET", base+"/docs/shared?"+q, http.Header{"If-None-Match": {etag}}, ""); err != nil {
		return err
	} else if resp.StatusCode != http.StatusNotModified {
		return fmt.Errorf("a poll of an unchanged document got %d", resp.StatusCode)
	}

	// A long poll (on a connection of its own, as a browser holds it), and
	// another tab's edit, which answers it whether it is already held or
	// not yet sent.
	held := make(chan error, 1)
	go func() {
		lt := &http.Transport{}
		defer lt.CloseIdleConnections()
		resp, body, err := do(&http.Client{Transport: lt, Timeout: 10 * time.Second}, "GET", base+"/docs/shared/edits?since=0&"+q, nil, "")
		if err == nil && (resp.StatusCode != http.StatusOK || !strings.Contains(body, `"hi"`)) {
			err = fmt.Errorf("the long poll got %d %s", resp.StatusCode, body)
		}
		held <- err
	}()
	other := fmt.Sprintf("tab=%d", tab.Tab+1)
	if resp, body, err := do(client, "POST", base+"/docs/shared/edits?"+other, nil, `{"text":"hi","pos":0,"del":0}`); err != nil {
		return err
	} else if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST an edit: %d %s", resp.StatusCode, body)
	}
	if err := <-held; err != nil {
		return err
	}

	wsURL := "ws" + strings.TrimPrefix(base, "http") + "/docs/shared/ws?since=1&" + q
	ws, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{
		HTTPHeader:      http.Header{"Origin": {base}, "Cookie": {cookie}},
		CompressionMode: websocket.CompressionContextTakeover,
	})
	if err != nil {
		return fmt.Errorf("the page's WebSocket: %w", err)
	}
	defer ws.CloseNow()
	if err := ws.Write(ctx, websocket.MessageText, []byte(`{"text":"!","pos":2,"del":0}`)); err != nil {
		return err
	}
	if _, msg, err := ws.Read(ctx); err != nil {
		return fmt.Errorf("the push of the tab's own edit: %w", err)
	} else if !strings.Contains(string(msg), `"!"`) {
		return fmt.Errorf("the push %s", msg)
	}

	// The foreign site: its page, then its script's handshake, from its
	// own origin, with the user's cookie (the browser sends it to another
	// port of the same host).
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	foreign := "http://" + u.Hostname() + ":" + port[1]
	if _, _, err := do(client, "GET", foreign+"/", nil, ""); err != nil {
		return err
	}
	_, resp, err = websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/docs/shared/ws?since=0", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {foreign}, "Cookie": {cookie}},
	})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		return fmt.Errorf("the foreign handshake: %v, %v", err, resp)
	}
	return ws.Close(websocket.StatusGoingAway, "")
}
