// Command wsdemo teaches the difference between HTTP and WebSocket by showing
// the real bytes: see README.md.
package main

import (
	"os"

	"wsdemo/pkg/cli"
)

func main() { os.Exit(cli.Main()) }
