package trace

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEventJSONUsesTraceFormat(t *testing.T) {
	t.Parallel()
	e := Event{Seq: 7, TUS: 1834, Conn: 1, From: Client, To: Server, Kind: KindWSFrame,
		Summary: `TEXT "hello" (masked)`, Raw: []byte{0x81, 0x85},
		Frame:  &Frame{Fin: true, Opcode: 1, OpcodeName: "text", Masked: true, MaskKey: "37fa213d", PayloadLen: 5, HeaderLen: 6, Payload: "hello"},
		Fields: []Field{{Name: "FIN", Value: "1"}}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{`"seq":7`, `"t_us":1834`, `"conn":1`, `"from":"client"`, `"kind":"ws.frame"`, `"raw_hex":"8185"`, `"mask_key":"37fa213d"`, `"opcode_name":"text"`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON %s lacks %s", got, want)
		}
	}
	for _, absent := range []string{`"http"`, `"check"`, `"stats"`, `"note"`, `Fields`, `"fields"`} {
		if strings.Contains(got, absent) {
			t.Errorf("JSON %s has %s, which is not applicable", got, absent)
		}
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if string(back.Raw) != "\x81\x85" {
		t.Errorf("raw round trip = %x", back.Raw)
	}
}

func TestRecorderNumbersEventsInOrder(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); r.Emit(Event{Kind: KindNote}) }()
	}
	wg.Wait()
	evs := r.Events()
	if len(evs) != 50 {
		t.Fatalf("got %d events", len(evs))
	}
	for i, e := range evs {
		if e.Seq != i+1 {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
		if i > 0 && e.TUS < evs[i-1].TUS {
			t.Fatalf("time went backwards at %d", i)
		}
	}
}

func TestRecorderNextWaitsThenEOF(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	done := make(chan Event)
	go func() {
		e, _ := r.Next(context.Background(), 0)
		done <- e
	}()
	r.Emit(Event{Kind: KindNote, Summary: "first"})
	if e := <-done; e.Summary != "first" {
		t.Fatalf("got %q", e.Summary)
	}
	r.Close()
	r.Emit(Event{Kind: KindNote}) // ignored after Close
	if _, err := r.Next(context.Background(), 1); !errors.Is(err, io.EOF) {
		t.Fatalf("after close: %v, want EOF", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := NewRecorder().Next(ctx, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next on idle recorder: %v", err)
	}
}

func TestNilRecorderIsSafe(t *testing.T) {
	t.Parallel()
	var r *Recorder
	r.Emit(Event{})
	r.Close()
	if _, err := r.Next(context.Background(), 0); err != io.EOF {
		t.Fatal(err)
	}
	if r.Events() != nil {
		t.Fatal("nil recorder has events")
	}
}

func TestHTTPHeaderIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	h := &HTTP{Headers: [][2]string{{"Content-Type", "a"}, {"content-type", "b"}}}
	if v, ok := h.Header("CONTENT-TYPE"); !ok || v != "a" {
		t.Fatalf("got %q %v", v, ok)
	}
	if _, ok := h.Header("Content-Length"); ok {
		t.Fatal("found absent header")
	}
}

// CaughtUp waits for a reader to take every event emitted so far, and gives
// up after its limit when nobody reads.
func TestRecorderCaughtUp(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	if !r.CaughtUp(time.Millisecond) {
		t.Fatal("no events, yet not caught up")
	}
	r.Emit(Event{Kind: KindNote})
	r.Emit(Event{Kind: KindNote})
	if !r.CaughtUp(time.Minute) {
		t.Fatal("nobody reads, yet CaughtUp waited")
	}
	if _, err := r.Next(context.Background(), 0); err != nil { // a reader that has asked for event 0 only
		t.Fatal(err)
	}
	if r.CaughtUp(20 * time.Millisecond) {
		t.Fatal("caught up with the reader behind")
	}
	read := make(chan int, 2)
	go func() {
		for i := 1; i < 2; i++ {
			time.Sleep(10 * time.Millisecond) // a renderer drawing
			if _, err := r.Next(context.Background(), i); err != nil {
				t.Error(err)
			}
			read <- i
		}
		// Asking for the next one means both were taken; it returns at Close.
		r.Next(context.Background(), 2)
	}()
	if !r.CaughtUp(5 * time.Second) {
		t.Fatal("not caught up after the reader took both events")
	}
	if len(read) != 1 {
		t.Fatalf("caught up before the reader took the second event")
	}
	r.Close()
}

// A sio.packet event carries the sio object of the trace format; zero is a
// value there (CONNECT is type 0, an ack id may be 0), so those keys are
// present whenever they apply, and absent when they do not.
func TestSIOPacketJSON(t *testing.T) {
	t.Parallel()
	zero, ack := 0, uint64(0)
	e := Event{Kind: KindSIOPacket, From: Client, To: Server, Summary: "message CONNECT",
		SIO: &SIO{Transport: "websocket", EIOType: 4, EIOName: "message", SIOType: &zero, SIOName: "CONNECT", Nsp: "/",
			AckID: &ack, Data: json.RawMessage(`{"token":"123"}`), Raw: `40{"token":"123"}`}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{`"kind":"sio.packet"`, `"sio":{"transport":"websocket","eio_type":4,"eio_name":"message","sio_type":0,"sio_name":"CONNECT","nsp":"/","ack_id":0,"data":{"token":"123"},"raw":"40{\"token\":\"123\"}"}`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON %s lacks %s", got, want)
		}
	}
	e.SIO = &SIO{Transport: "polling", EIOType: 2, EIOName: "ping", Raw: "2"}
	b, _ = json.Marshal(e)
	got = string(b)
	for _, absent := range []string{`"sio_type"`, `"sio_name"`, `"nsp"`, `"ack_id"`, `"data"`, `"attachment`, `"binary"`, `"violation"`, `"raw_truncated"`} {
		if strings.Contains(got, absent) {
			t.Errorf("JSON %s has %s, which is not applicable", got, absent)
		}
	}
	if !strings.Contains(got, `"eio_type":2`) {
		t.Errorf("JSON %s lacks eio_type", got)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil || back.SIO == nil || back.SIO.EIOName != "ping" {
		t.Fatalf("round trip: %v %+v", err, back.SIO)
	}
}
