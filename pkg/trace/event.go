// Package trace is the event model of wsdemo: every message, check and note a
// demo produces becomes an Event, recorded in order by a Recorder.
//
// trace imports nothing of wsdemo's and does no I/O or styling; renderers read
// events from a Recorder and decide how to show them. The JSON form of an Event
// is the public `--json` trace format documented in README.md.
package trace

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Kind says what an Event describes. The set is closed: renderers and the
// README list exactly these.
type Kind string

// The kinds of event. Their string values are part of the public trace format.
const (
	KindTCPConnect   Kind = "tcp.connect"   // a TCP connection was established
	KindTCPClose     Kind = "tcp.close"     // one side's end of a TCP connection (From's FIN, reset ...): see TCPEnd
	KindHTTPRequest  Kind = "http.request"  // an HTTP/1.1 request crossed the wire
	KindHTTPResponse Kind = "http.response" // an HTTP/1.1 response crossed the wire
	KindWSFrame      Kind = "ws.frame"      // one RFC 6455 frame crossed the wire
	KindWSMessage    Kind = "ws.message"    // a complete (possibly reassembled) message
	KindSIOPacket    Kind = "sio.packet"    // one Engine.IO packet (and the Socket.IO packet it carries)
	KindCheck        Kind = "check"         // a check a server or client made
	KindNote         Kind = "note"          // a teaching note not tied to a message
	KindError        Kind = "error"         // something went wrong (malformed bytes, I/O errors)
	KindSummary      Kind = "summary"       // numbers the scenario measured
)

// Actor names used in From and To. Scenarios may use other names (such as
// "tab-a") for additional actors.
const (
	Client = "client"
	Server = "server"
)

// Event is one step of a scenario. Zero values mean "not applicable" and are
// omitted from the JSON form, except the always-present envelope keys.
type Event struct {
	Seq     int    `json:"seq"`  // 1, 2, 3 ... in emission order; set by Recorder
	TUS     int64  `json:"t_us"` // microseconds since the scenario started; set by Recorder
	Conn    int    `json:"conn"` // TCP connection number, 1-based; 0 if not tied to one
	From    string `json:"from"`
	To      string `json:"to"`
	Kind    Kind   `json:"kind"`
	Summary string `json:"summary"`
	// SummaryMsg, when set, is Summary kept as its parts, for a renderer to
	// say in the reader's language; Summary is its English text. The JSON
	// form carries both (summary_msg), so that a saved trace can be said
	// again in another language; a ws.frame's is left out, as its words
	// follow from its frame object.
	SummaryMsg Msg `json:"summary_msg,omitzero"`
	// Raw holds the exact bytes of the message (requests, responses, frames).
	// It is written as lowercase hex under "raw_hex".
	Raw HexBytes `json:"raw_hex,omitempty"`
	// Note is the teaching note, in the language of the run that said it.
	Note string `json:"note,omitempty"`
	// NoteMsgs are the sentences of Note, one after another (said with a
	// space between them), kept as their parts (package lang's SetNote and
	// AddNote set both), so that a saved trace can say the note again in
	// another language. A note set without them is shown as it is.
	NoteMsgs []Msg  `json:"note_msg,omitempty"`
	HTTP     *HTTP  `json:"http,omitempty"`
	Frame    *Frame `json:"frame,omitempty"`
	// Message is the application message of a ws.message event.
	Message *Message `json:"message,omitempty"`
	Check   *Check   `json:"check,omitempty"`
	// TCP says how the connection ended, on tcp.close events.
	TCP *TCPEnd `json:"tcp,omitempty"`

	// SIO is the Engine.IO / Socket.IO packet of a sio.packet event.
	SIO *SIO `json:"sio,omitempty"`
	// RawTruncated reports that Raw, or a payload or data the event holds,
	// is only the first bytes of what crossed, cut to keep memory bounded.
	RawTruncated bool `json:"raw_truncated,omitempty"`
	// Stats holds the numbers a summary measured. Keys are lower_snake_case.
	Stats map[string]any `json:"stats,omitempty"`
	// Scenario names the command that recorded the event ("http",
	// "handshake", "duplex", "realtime", "decode" ...). It is set in the
	// JSON form only (the writer stamps it), so that `wsdemo show` can
	// draw a saved trace as that command drew it: the fields under a
	// message depend on the scenario as well as on its bytes. Every event
	// carries it, so a filtered trace (jq select) still says where it
	// came from.
	Scenario string `json:"scenario,omitempty"`
	// Repeat, when set, counts the events like this one that the Recorder
	// condensed into it because its reader had fallen behind.
	Repeat *Repeat `json:"repeat,omitempty"`

	// Fields are the annotated parts of the message (name, value, meaning and
	// the bytes of Raw they occupy) that renderers draw under the arrow. They
	// are presentation detail and not part of the JSON trace format.
	Fields []Field `json:"-"`
	// Expander, if set, completes the event when it is about to be shown:
	// its Fields, and whatever else its producer left for later (a frame's
	// Summary, its masking key in hex). A producer on a hot path (the tap
	// makes an event for every frame) leaves that work to an Expander, so
	// it happens on the reader's goroutine rather than between a read and
	// the next one, and not at all for an event condensed into another.
	// Recorder.Next and Recorder.Events return events expanded; other
	// readers call Expanded. Not part of the JSON form.
	Expander Expander `json:"-"`
}

// An Expander completes an event (its Fields) when it is about to be shown.
// It is an interface rather than a func so that a producer can make the
// value that holds what it needs its own Expander: one allocation, not two.
type Expander interface {
	Expand(e *Event)
}

// ExpandFunc lets an ordinary function be an Expander.
type ExpandFunc func(e *Event)

// Expand calls f(e).
func (f ExpandFunc) Expand(e *Event) { f(e) }

// Expanded returns e with its Expander applied (and cleared): the event with
// all its Fields.
func (e Event) Expanded() Event {
	if x := e.Expander; x != nil {
		e.Expander = nil
		x.Expand(&e)
	}
	return e
}

// Field is one annotated part of an event: a header, a frame bit field, a
// step of a computation.
type Field struct {
	Name    string // e.g. "FIN", "Sec-WebSocket-Key"
	Value   string // the value as it appeared, e.g. "1", "dGhlIHNhbXBsZSBub25jZQ=="
	Meaning string // one line saying what it means; may be empty
	// Off and Len locate the field's bytes in Event.Raw; Len 0 means the field
	// has no bytes of its own (a derived value). Bit fields share their byte.
	Off, Len int
}

// HTTP describes an http.request or http.response event.
type HTTP struct {
	Method string `json:"method,omitempty"`
	Target string `json:"target,omitempty"`
	Proto  string `json:"proto,omitempty"`
	Status int    `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Headers are [name, value] pairs in wire order and wire case.
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body,omitempty"`     // the body, when it is valid UTF-8
	BodyHex string      `json:"body_hex,omitempty"` // the body as hex, when it is not
}

// Header returns the first value of the header name (case-insensitive) and
// whether it was present.
func (h *HTTP) Header(name string) (string, bool) {
	for _, kv := range h.Headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1], true
		}
	}
	return "", false
}

// Frame describes a ws.frame event: every field of an RFC 6455 §5.2 frame.
type Frame struct {
	Fin         bool   `json:"fin"`
	RSV         int    `json:"rsv"`         // RSV1..3 as a 3-bit number (RSV1 is 4)
	Opcode      int    `json:"opcode"`      // 0..15
	OpcodeName  string `json:"opcode_name"` // continuation, text, binary, close, ping, pong, reserved
	Masked      bool   `json:"masked"`
	MaskKey     string `json:"mask_key,omitempty"` // 8 lowercase hex chars, when masked
	PayloadLen  uint64 `json:"payload_len"`
	HeaderLen   int    `json:"header_len"`
	Payload     string `json:"payload,omitempty"`     // unmasked payload, when valid UTF-8
	PayloadHex  string `json:"payload_hex,omitempty"` // unmasked payload as hex, otherwise
	CloseCode   int    `json:"close_code,omitempty"`
	CloseReason string `json:"close_reason,omitempty"`
	Violation   string `json:"violation,omitempty"` // the rule this frame breaks, if any
	// Compressed is true on every frame of a message compressed with
	// permessage-deflate (RFC 7692 §6: its first frame has RSV1 set). The
	// frame's raw_hex and payload are its bytes as they crossed,
	// compressed.
	Compressed bool `json:"compressed,omitempty"`
	// InflatedLen is, on a compressed frame, how many bytes inflating the
	// message produced by the end of this frame (minus those counted on
	// its earlier frames): for a one-frame message, its whole inflated
	// length. Present on every compressed frame, 0 included, but one drawn
	// before its last byte arrived (longer than the trace keeps of it):
	// what that one inflated to is added to the next frame of its message,
	// so that the counts present still add up to the message's length.
	// Absent too on the last frame of a message wsdemo could not inflate,
	// or stopped inflating: the ws.message after it says why.
	InflatedLen *uint64 `json:"inflated_len,omitempty"`
	// ViolationMsg is Violation as a Msg, for a renderer (and in the JSON
	// as violation_msg). A pointer, so that a Frame stays comparable.
	ViolationMsg *Msg `json:"violation_msg,omitzero"`
}

// Message describes a ws.message event: one application message, as the
// receiving application got it, reported after its frames when its frames
// alone do not show it (fragmented, compressed, or breaking a rule of its
// own).
type Message struct {
	Opcode int `json:"opcode"` // 1 text or 2 binary: the opcode of its first frame
	Frames int `json:"frames"` // the data frames that carried it
	// Length is the message's exact length in bytes: inflated, when it
	// crossed compressed.
	Length uint64 `json:"length"`
	// Payload is the message when it is valid UTF-8 text, PayloadHex
	// otherwise (inflated, when it crossed compressed); either may be its
	// first bytes only (the event's raw_truncated).
	Payload    string `json:"payload,omitempty"`
	PayloadHex string `json:"payload_hex,omitempty"`
	// Compressed is true for a message compressed with permessage-deflate;
	// CompressedLen is then the compressed bytes that crossed (its frames'
	// payload lengths together).
	Compressed    bool   `json:"compressed,omitempty"`
	CompressedLen uint64 `json:"compressed_len,omitempty"`
	// NotInflated is set on a compressed message wsdemo could not inflate
	// at all (Violation says why): Length is then 0, not the message's
	// length, and there is no payload.
	NotInflated bool `json:"not_inflated,omitempty"`
	// Violation is the rule the whole message breaks, if any (text that is
	// not UTF-8, compressed data that does not inflate).
	Violation string `json:"violation,omitempty"`
	// ViolationMsg is Violation as a Msg, for a renderer (and in the JSON
	// as violation_msg). A pointer, so that a Message stays comparable.
	ViolationMsg *Msg `json:"violation_msg,omitzero"`
}

// SIO describes a sio.packet event: one Engine.IO v4 packet, and for a
// message packet that carries one, the Socket.IO v5 packet inside it. Over
// a WebSocket a packet is one message (its frames are ws.frame events of
// their own); over long-polling one HTTP body holds one or more packets.
type SIO struct {
	// Transport is the Engine.IO transport the packet crossed on:
	// "polling" (in an HTTP body) or "websocket" (as a WebSocket message).
	Transport string `json:"transport"`
	// EIOType is the Engine.IO packet type, the digit that starts the
	// packet (0-6; a binary packet is a message, 4); -1 when the packet
	// does not start with a digit.
	EIOType int `json:"eio_type"`
	// EIOName names EIOType: open, close, ping, pong, message, upgrade,
	// noop, or unknown.
	EIOName string `json:"eio_name"`
	// Binary is true for binary data: a WebSocket binary message, or a
	// long-polling packet "b" + base64. Its bytes are in DataHex.
	Binary bool `json:"binary,omitempty"`
	// SIOType is the Socket.IO packet type (0-6) of a text message packet,
	// the digit after Engine.IO's 4; -1 when that is no digit. Absent for
	// every other packet.
	SIOType *int `json:"sio_type,omitempty"`
	// SIOName names SIOType: CONNECT, DISCONNECT, EVENT, ACK,
	// CONNECT_ERROR, BINARY_EVENT, BINARY_ACK, or UNKNOWN.
	SIOName string `json:"sio_name,omitempty"`
	// Nsp is the Socket.IO namespace, "/" when the packet names none.
	Nsp string `json:"nsp,omitempty"`
	// AckID is the acknowledgement id, when the packet has one: an event
	// that asks for an ACK, or the ACK answering it.
	AckID *uint64 `json:"ack_id,omitempty"`
	// Attachments is how many binary attachments a BINARY_EVENT or
	// BINARY_ACK announces: the binary packets that follow it.
	Attachments *int `json:"attachments,omitempty"`
	// Attachment is set on a binary packet that is one of those
	// attachments: its number, the placeholder "num" it replaces (0-based).
	Attachment *int `json:"attachment,omitempty"`
	// Data is the Socket.IO payload, the JSON value as sent (whitespace
	// aside), when the packet has one that is complete, valid JSON.
	Data json.RawMessage `json:"data,omitempty"`
	// DataHex is the binary data of a binary packet, as lowercase hex
	// (base64-decoded for a long-polling "b" packet).
	DataHex string `json:"data_hex,omitempty"`
	// Raw is the packet text exactly as it crossed (Engine.IO type digit
	// included), when it is text and valid UTF-8; the event's raw_hex
	// holds its bytes either way.
	Raw string `json:"raw,omitempty"`
	// Violation is the rule the packet breaks (Engine.IO, Socket.IO, or
	// the pairing of binary attachments), if any.
	Violation string `json:"violation,omitempty"`
}

// Check describes a check event: a test a server or client made and its outcome.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
	// NameMsg and DetailMsg are Name and Detail as Msgs, for a renderer to
	// say in the reader's language; the JSON keeps the English Name and
	// Detail, which tools match on, and these beside them (name_msg,
	// detail_msg). Pointers, so that a Check stays comparable.
	NameMsg   *Msg `json:"name_msg,omitzero"`
	DetailMsg *Msg `json:"detail_msg,omitzero"`
}

// TCPEnd describes a tcp.close event: how the From side's byte stream
// ended, as the tapped side of the connection saw it. A connection has one
// or two tcp.close events. The first (First) is the side whose FIN came
// first, or that reset the connection: it is who closed the connection.
// The second, when there is one, is the other side following with its own
// FIN (or a reset), or what the tap knows of it ("open", "unseen").
type TCPEnd struct {
	// How is "fin" (From ended its stream in order: a TCP FIN), "reset"
	// (From aborted the connection with a RST, ending both directions at
	// once), "open" (From had not ended its stream when the tap stopped
	// waiting for it) or "unseen" (the tap could not watch for From's end).
	How string `json:"how"`
	// First is true on the connection's first tcp.close.
	First bool `json:"first"`
	// Waiting is true when the tap found this FIN already waiting, unread,
	// when its own side closed: it arrived before the event's time, at a
	// moment nobody observed. Only the order of the two ends is known then.
	Waiting bool `json:"waiting,omitempty"`
}

// The values of TCPEnd.How.
const (
	TCPEndFIN    = "fin"
	TCPEndReset  = "reset"
	TCPEndOpen   = "open"
	TCPEndUnseen = "unseen"
)

// HexBytes is a byte slice that marshals to JSON as a lowercase hex string.
type HexBytes []byte

// MarshalJSON implements json.Marshaler.
func (b HexBytes) MarshalJSON() ([]byte, error) {
	return json.Marshal(hex.EncodeToString(b))
}

// UnmarshalJSON implements json.Unmarshaler.
func (b *HexBytes) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return errors.New("raw_hex is not a string of hex digits")
	}
	dec, err := hex.DecodeString(s)
	if err != nil {
		return fmt.Errorf("raw_hex is not hex: %w", err)
	}
	*b = dec
	return nil
}
