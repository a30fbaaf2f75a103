package sioclient

import (
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
