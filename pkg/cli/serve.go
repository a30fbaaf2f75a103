package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

// serveOptions are what `wsdemo serve` runs with.
type serveOptions struct {
	demo.ServeOptions
	// open asks for the page to be opened in the default browser.
	open bool
	// opener opens a URL in the default browser; nil means openBrowser.
	// Tests replace it, so that no browser opens.
	opener func(url string) error
}

func newServeCmd(ios *IOStreams, g *globalOptions, runF func(*demo.ServeOptions) error) *cobra.Command {
	return newServeCmdWith(ios, g, nil, runF)
}

// newServeCmdWith is newServeCmd with an opener for --open (nil: the
// system's).
func newServeCmdWith(ios *IOStreams, g *globalOptions, opener func(string) error, runF func(*demo.ServeOptions) error) *cobra.Command {
	opts := &serveOptions{opener: opener}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: ios.say().F("The two-tabs example in your own browser, its bytes traced live"),
		Long: ios.say().F(`Serves a small shared document to your browser and draws, live, every byte the
browser sends and receives: tapped on the server's side, decoded and annotated
as in the other demos. Open the page in two tabs (or two browsers), type in
one, and watch the other follow by refresh, polling, long polling or
WebSocket, with the latency the page measured for each edit.

The page also links to a "foreign site" on another port: its script tries to
open a WebSocket to the document with your session cookie, and the terminal
shows the server's Origin check refusing it (403).

It listens on 127.0.0.1:8080 unless --addr says otherwise. Ctrl-C closes
every browser's WebSocket with 1001 (going away) and stops.`),
		Example: ios.say().F(`  wsdemo serve                       # then open http://127.0.0.1:8080/ in two tabs
  wsdemo serve --open                # and open it in the default browser
  wsdemo serve --addr 127.0.0.1:0    # any free port
  wsdemo serve --json > trace.jsonl  # the browsers' traffic as JSON lines`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			common, err := g.validate(ios)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("addr") {
				common.Addr = demo.DefaultServeAddr
			}
			if cmd.Flags().Changed("lang") {
				opts.PageLang = common.Lang
			}
			opts.Common = common
			if err := opts.Validate(); err != nil {
				return optionsError(err)
			}
			if runF != nil {
				return runF(&opts.ServeOptions)
			}
			opts.Ready = func(u demo.ServeURLs) { opts.ready(ios, g, u) }
			err = g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunServe(ctx, rec, opts.ServeOptions)
			})
			if errors.Is(err, syscall.EADDRINUSE) && !cmd.Flags().Changed("addr") {
				// The fixed port of the URL people type: often a serve
				// left running in another terminal.
				return withHint(err, ios.say().F("is another %s still running? %s lets the system pick a free port",
					command("serve"), command("serve", "--addr", "127.0.0.1:0")))
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&opts.open, "open", false, ios.say().F("open the page in the default browser"))
	return cmd
}

// ready tells where the page is, where the diagram does not (--json, or
// stdout not a terminal), and opens it with --open.
func (o *serveOptions) ready(ios *IOStreams, g *globalOptions, u demo.ServeURLs) {
	if g.json || !ios.StdoutTTY {
		fmt.Fprintf(ios.ErrOut, "wsdemo: serving %s: open it in two tabs; Ctrl-C stops\n", u.Page)
	}
	if !o.open {
		return
	}
	open := o.opener
	if open == nil {
		open = openBrowser
	}
	if err := open(u.Page); err != nil {
		warnf(ios, "--open: %v; open %s yourself", err, u.Page)
	}
}

// errNoOpener says no program was found to open a browser with.
var errNoOpener = errors.New("no browser could be opened")

// openerWait is how long openBrowser waits to hear that its opener failed.
// An opener that is still running then is taken to have started the browser
// (some wait for the browser to exit).
const openerWait = 3 * time.Second

// openBrowser opens url in the system's default browser: xdg-open on
// Linux and the BSDs (only with a graphical display: without one xdg-open
// would start a text browser in the terminal wsdemo draws on), open on
// macOS, rundll32's URL handler on Windows.
func openBrowser(url string) error {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name, args = "open", []string{url}
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return fmt.Errorf("%w: no graphical display ($DISPLAY and $WAYLAND_DISPLAY are not set)", errNoOpener)
		}
		name, args = "xdg-open", []string{url}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%w: %s not found", errNoOpener, name)
	}
	c := exec.Command(path, args...) // its output goes nowhere, not into the diagram
	if err := c.Start(); err != nil {
		return fmt.Errorf("%w: %s: %v", errNoOpener, name, err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }() // reaps it whenever it ends
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w: %s failed (%v)", errNoOpener, name, err)
		}
	case <-time.After(openerWait):
	}
	return nil
}
