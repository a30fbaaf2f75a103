// Module gobwas compares wsdemo's frame decoder with gobwas/ws on the
// streams of issue #17's table. It is a module of its own so that gobwas/ws
// never becomes a requirement of wsdemo: `go test ./...` at the root does not
// enter it. Run it with `cd internal/bench/gobwas && go test -bench .`.
module wsdemo/internal/bench/gobwas

go 1.26.8

replace wsdemo => ../../..

require (
	github.com/gobwas/ws v1.5.0
	wsdemo v0.0.0-00010101000000-000000000000
)

require (
	github.com/coder/websocket v1.8.15 // indirect
	github.com/gobwas/httphead v0.1.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)
