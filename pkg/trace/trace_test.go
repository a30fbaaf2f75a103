package trace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
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

// A reader takes each event once: what it took is gone from the Recorder,
// and asking for it again says so.
func TestRecorderLetsGoOfTakenEvents(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	for i := range 10 {
		r.Emit(Event{Kind: KindNote, Summary: fmt.Sprint(i)})
	}
	ctx := context.Background()
	for i := range 5 {
		if e, err := r.Next(ctx, i); err != nil || e.Seq != i+1 {
			t.Fatalf("Next(%d) = %d, %v", i, e.Seq, err)
		}
	}
	// Event 4 is being drawn; 0-3 are gone.
	if evs := r.Events(); len(evs) != 6 || evs[0].Seq != 5 {
		t.Fatalf("waiting after taking 0-4: %d events from seq %d", len(evs), evs[0].Seq)
	}
	if _, err := r.Next(ctx, 2); !errors.Is(err, ErrTaken) {
		t.Fatalf("Next(2) again: %v, want ErrTaken", err)
	}
	r.Close()
	// Collect starts at 0, which is taken.
	if _, err := Collect(ctx, r); !errors.Is(err, ErrTaken) {
		t.Fatalf("Collect after taking: %v, want ErrTaken", err)
	}
}

// The Recorder's memory is what waits, not what was recorded: 300,000
// events taken one by one leave the heap where a thousand left it. The old
// Recorder kept every event for the whole run (some 90 MB of these).
func TestRecorderMemoryStaysFlat(t *testing.T) {
	r := NewRecorder()
	ctx := context.Background()
	raw := make([]byte, 64)
	heapAt := map[int]uint64{}
	const n = 300_000
	for i := range n {
		r.Emit(Event{Kind: KindWSFrame, Summary: "TEXT", Raw: append([]byte(nil), raw...), Frame: &Frame{Opcode: 1}})
		if _, err := r.Next(ctx, i); err != nil {
			t.Fatal(err)
		}
		if i == 1000 || i == n-1 {
			heapAt[i] = liveHeap()
		}
	}
	if first, last := heapAt[1000], heapAt[n-1]; last > first+4<<20 {
		t.Errorf("heap grew from %d to %d bytes over %d events taken", first, last, n)
	}
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// frameEv is a ws.frame event of opcode op from the server (masked false),
// with payload p.
func frameEv(op int, p string) Event {
	return Event{Kind: KindWSFrame, Conn: 1, From: Server, To: Client, Summary: "frame " + p,
		Frame: &Frame{Fin: true, Opcode: op, PayloadLen: uint64(len(p)), HeaderLen: 2, Payload: p}}
}

// Behind a reader that has fallen behind, a flood is condensed: each event
// that repeats one still waiting is counted in it, exactly, and pings and
// the pongs that answer them each keep their own count.
func TestRecorderCondensesAFlood(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	r.SetLimits(Limits{Condense: 4})
	r.Emit(Event{Kind: KindNote, Summary: "before"})
	r.Emit(frameEv(1, "")) // 2, 3, 4: the queue is not yet over the limit
	r.Emit(frameEv(1, ""))
	r.Emit(frameEv(1, ""))
	const pings = 10000
	for i := range pings {
		ping := frameEv(9, fmt.Sprint(i%10))
		r.Emit(ping)
		pong := ping
		pong.From, pong.To = Client, Server
		pong.Frame = &Frame{Fin: true, Opcode: 10, Masked: true, PayloadLen: ping.Frame.PayloadLen, HeaderLen: 6}
		r.Emit(pong)
	}
	r.Emit(frameEv(1, ""))  // an empty TEXT again: counted in event 4
	r.Emit(frameEv(1, "x")) // not empty: a shape of its own
	r.Emit(frameEv(8, ""))  // a close: never condensed, and a bound
	r.Emit(frameEv(1, ""))
	r.Close()
	evs, err := Collect(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		s := fmt.Sprintf("%d %s op%d", e.Seq, e.From, e.Frame.GetOpcode())
		if e.Repeat != nil {
			s += fmt.Sprintf(" +%d (%d bytes)", e.Repeat.More, e.Repeat.Bytes)
			if e.Repeat.LastTUS < e.TUS {
				t.Errorf("event %d: repeats end at %d, before it at %d", e.Seq, e.Repeat.LastTUS, e.TUS)
			}
		}
		got = append(got, s)
	}
	want := []string{"1  op-1", "2 server op1", "3 server op1", "4 server op1 +1 (2 bytes)",
		"5 server op9 +9999 (29997 bytes)", "6 client op10 +9999 (69993 bytes)", "7 server op1", "8 server op8", "9 server op1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// GetOpcode is the opcode of f, or -1 for no frame (a test helper).
func (f *Frame) GetOpcode() int {
	if f == nil {
		return -1
	}
	return f.Opcode
}

// An event with a note of its own is shown, not counted in another; an
// event already handed to the reader takes no more repeats.
func TestRecorderCondensesOnlyWhatIsWaitingAndSaysNothingNew(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	r.SetLimits(Limits{Condense: 1})
	r.Emit(frameEv(1, "a"))
	if _, err := r.Next(context.Background(), 0); err != nil { // being drawn
		t.Fatal(err)
	}
	r.Emit(frameEv(1, "b")) // 2: the first is handed out
	noted := frameEv(1, "c")
	noted.Note = "news"
	r.Emit(noted)           // 3: a note of its own
	r.Emit(frameEv(1, "d")) // counted in 3, the nearest like it
	r.Emit(noted)           // counted in 3, whose note says the same
	noted.Note = "other news"
	r.Emit(noted) // 4: a note of its own
	r.Close()
	var got []string
	for i := 1; ; i++ {
		e, err := r.Next(context.Background(), i)
		if err != nil {
			break
		}
		s := fmt.Sprint(e.Seq, " ", e.Frame.Payload)
		if e.Repeat != nil {
			s += fmt.Sprint(" +", e.Repeat.More)
		}
		got = append(got, s)
	}
	if want := "2 b|3 c +2|4 c"; strings.Join(got, "|") != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

// A reader so far behind that the events waiting are too many, and too
// varied to condense: the Recorder records one last error event, stops, and
// says why; nothing is dropped without a word.
func TestRecorderStopsAtItsBudget(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	r.SetLimits(Limits{Condense: 2, MaxEvents: 10})
	for i := range 100 {
		r.Emit(Event{Kind: KindNote, Summary: fmt.Sprint("note ", i)})
	}
	select {
	case <-r.Stopped():
	default:
		t.Fatal("not stopped")
	}
	var be *BudgetError
	if err := r.Err(); !errors.As(err, &be) || be.Events != 10 {
		t.Fatalf("Err() = %v", err)
	}
	evs, err := Collect(context.Background(), r) // closed: Collect ends
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if len(evs) != 11 || last.Kind != KindError || !strings.HasPrefix(last.Summary, "recording stopped: 10 events were waiting to be drawn") {
		t.Fatalf("%d events, the last %+v", len(evs), last)
	}
	if !strings.Contains(r.Err().Error(), "the run was stopped: 10 events") {
		t.Errorf("error %q", r.Err())
	}
}

// A frame of DefaultKeep-sized payloads counts against the byte limits, so
// a few thousand big events condense or stop long before a gigabyte.
func TestRecorderBoundsBytes(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	r.SetLimits(Limits{CondenseBytes: 1 << 20, MaxBytes: 4 << 20})
	big := string(make([]byte, 32<<10))
	for i := range 1000 {
		e := frameEv(2, big)
		e.Summary = fmt.Sprint("BINARY ", i)
		e.Raw = make([]byte, 32<<10)
		r.Emit(e)
	}
	if r.Err() != nil {
		t.Fatalf("same-shaped frames stopped the recorder: %v", r.Err())
	}
	evs := r.Events()
	if len(evs) > 40 {
		t.Errorf("%d events of 64 KiB waiting, over the 1 MiB at which they condense", len(evs))
	}
	n := 0
	for _, e := range evs {
		n++
		if e.Repeat != nil {
			n += e.Repeat.More
		}
	}
	if n != 1000 {
		t.Errorf("the events waiting count %d frames, want 1000", n)
	}
}

// Drain takes what waits, once.
func TestRecorderDrain(t *testing.T) {
	t.Parallel()
	r := NewRecorder()
	r.Emit(Event{Kind: KindCheck})
	r.Emit(Event{Kind: KindCheck})
	if got := r.Drain(); len(got) != 2 || got[1].Seq != 2 {
		t.Fatalf("Drain: %+v", got)
	}
	r.Emit(Event{Kind: KindNote})
	if got := r.Drain(); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("second Drain: %+v", got)
	}
	if len(r.Events()) != 0 {
		t.Fatal("events left after Drain")
	}
}

// The repeat object of the trace format.
func TestRepeatJSON(t *testing.T) {
	t.Parallel()
	e := frameEv(1, "")
	e.Repeat = &Repeat{More: 3999999, Bytes: 7999998, LastTUS: 11000000}
	b, _ := json.Marshal(e)
	if !strings.Contains(string(b), `"repeat":{"more":3999999,"bytes":7999998,"last_t_us":11000000}`) {
		t.Errorf("JSON %s", b)
	}
	e.Repeat = nil
	b, _ = json.Marshal(e)
	if strings.Contains(string(b), "repeat") {
		t.Errorf("JSON %s", b)
	}
}

func TestBlankSummary(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"GET /notes/3":              "GET /notes/#",
		`TEXT "a \"b\" c" (masked)`: `TEXT "…" (masked)`,
		"200 OK":                    "# OK",
	} {
		if got := blankSummary(in); got != want {
			t.Errorf("blankSummary(%q) = %q, want %q", in, got, want)
		}
	}
}
