package sioclient

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// placeholder stands for a binary argument in the JSON of a BINARY_EVENT
// (Socket.IO v5, "Packet encoding": {"_placeholder":true,"num":N}).
type placeholder struct {
	Placeholder bool `json:"_placeholder"`
	Num         int  `json:"num"`
}

// eventPackets encodes an event as Engine.IO message packets: "42" and the
// JSON array of the name and args (with the ack id between them when id is
// set: "421[...]"), or, when an argument is []byte, "45N-" with a
// placeholder for each and the binary attachments after it.
func eventPackets(event string, args []any, id *uint64) ([]outPacket, error) {
	if event == "" {
		return nil, errors.New("an event needs a name")
	}
	data := make([]any, 0, len(args)+1)
	data = append(data, event)
	var attachments [][]byte
	for _, a := range args {
		if b, ok := a.([]byte); ok {
			data = append(data, placeholder{Placeholder: true, Num: len(attachments)})
			attachments = append(attachments, b)
			continue
		}
		data = append(data, a)
	}
	js, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("event %q: its arguments are not JSON: %w", event, err)
	}
	text := []byte("42")
	if len(attachments) > 0 {
		text = append([]byte("45"), strconv.Itoa(len(attachments))...)
		text = append(text, '-')
	}
	if id != nil {
		text = strconv.AppendUint(text, *id, 10)
	}
	text = append(text, js...)
	ps := []outPacket{{text: text}}
	for _, b := range attachments {
		ps = append(ps, outPacket{binary: b, isBin: true})
	}
	return ps, nil
}

// Shown returns the answer's arguments as a reader should see them: JSON,
// with each binary placeholder replaced by the attachment it stands for,
// written <binary, N bytes: hex> (at most 16 bytes of hex).
func (a Ack) Shown() []string {
	out := make([]string, len(a.Args))
	for i, arg := range a.Args {
		out[i] = string(arg)
		var p placeholder
		if !a.Binary || json.Unmarshal(arg, &p) != nil || !p.Placeholder || p.Num < 0 || p.Num >= len(a.Attachments) {
			continue
		}
		b := a.Attachments[p.Num]
		h := hex.EncodeToString(b[:min(len(b), 16)])
		if len(b) > 16 {
			h += "…"
		}
		out[i] = fmt.Sprintf("<binary, %d bytes: %s>", len(b), h)
	}
	return out
}
