package exercise

import (
	"context"
	"os"
	"testing"

	"wsdemo/lessons"
	"wsdemo/pkg/render"
	"wsdemo/pkg/trace"
)

func TestSmokeEcho(t *testing.T) {
	srv := start(t, echoHandler(1<<20, 0))
	all, err := Load(lessons.Exercises(), "en")
	if err != nil {
		t.Fatal(err)
	}
	x := Find(all, "echo")
	tg, err := ParseURL(wsURL(srv))
	if err != nil {
		t.Fatal(err)
	}
	rec := trace.NewRecorder()
	done := make(chan struct{})
	go func() { render.Render(context.Background(), rec, render.Options{Out: os.Stdout, Mode: render.Plain, Width: 100}); close(done) }()
	res, err := Run(context.Background(), rec, x, tg, Options{})
	rec.Close()
	<-done
	t.Logf("%+v %v", res, err)
	if res.Failure != nil {
		t.Logf("%+v", *res.Failure)
	}
}
