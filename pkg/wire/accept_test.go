package wire

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"wsdemo/pkg/lang"
)

// TestAcceptRFCExample is the worked example of RFC 6455 §1.3. The accept
// value is the RFC's "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", the base64 of the SHA-1
// it prints (checked independently with openssl and Python's hashlib).
func TestAcceptRFCExample(t *testing.T) {
	t.Parallel()
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	concat, sum, accept := AcceptSteps(key)
	if want := "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; concat != want {
		t.Errorf("concatenated = %q, want %q", concat, want)
	}
	if got, want := hex.EncodeToString(sum[:]), "b37a4f2cc0624f1690f64606cf385945b2bec4ea"; got != want {
		t.Errorf("SHA-1 = %s, want %s", got, want)
	}
	if want := "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; accept != want {
		t.Errorf("accept = %q, want %q", accept, want)
	}
	if got := AcceptKey(key); got != accept {
		t.Errorf("AcceptKey = %q, want %q (same as AcceptSteps)", got, accept)
	}
}

func TestValidCloseCodeOnWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code int
		want bool
	}{
		{-1, false}, {0, false}, {999, false},
		{1000, true}, {1001, true}, {1002, true}, {1003, true},
		{1004, false}, {1005, false}, {1006, false},
		{1007, true}, {1008, true}, {1009, true}, {1010, true}, {1011, true},
		{1012, true}, {1013, true}, {1014, true},
		{1015, false}, {1016, false}, {2000, false}, {2999, false},
		{3000, true}, {3999, true}, {4000, true}, {4999, true},
		{5000, false}, {65535, false},
	}
	for _, tt := range tests {
		if got := ValidCloseCodeOnWire(tt.code); got != tt.want {
			t.Errorf("ValidCloseCodeOnWire(%d) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestCloseCodeNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code int
		name string
	}{
		{1000, "normal closure"},
		{1001, "going away"},
		{1005, "no status received"},
		{1006, "abnormal closure"},
		{1011, "internal error"},
		{1013, "try again later"},
		{999, "not used"},
		{2999, "reserved for the protocol"},
		{3000, "registered for libraries and frameworks"},
		{4000, "private use"},
		{5000, "undefined"},
	}
	for _, tt := range tests {
		if got := string(CloseCodeName(tt.code)); got != tt.name {
			t.Errorf("CloseCodeName(%d) = %q, want %q", tt.code, got, tt.name)
		}
	}
	// Every code gets a meaning that cites where it comes from.
	for code := -1; code <= 5001; code++ {
		m := string(CloseCodeMeaning(code))
		if !strings.Contains(m, "RFC 6455 §7.4") && !strings.Contains(m, "IANA") {
			t.Fatalf("CloseCodeMeaning(%d) = %q cites no source", code, m)
		}
		if CloseCodeName(code) == "" {
			t.Fatalf("CloseCodeName(%d) is empty", code)
		}
	}
}

// forbids matches wording that states a close code must never be sent.
var forbids = regexp.MustCompile(`(?i)must not|must never|never (be )?sent|may not`)

// RFC 6455 §7.4.1 forbids only 1005, 1006 and 1015 in a close frame ("MUST
// NOT be set as a status code in a Close control frame"). 1004 is just
// "Reserved", and the other unassigned codes are ranges of §7.4.2: the
// meaning of a code and the violation a frame carrying it gets may say so,
// but may not claim a MUST NOT the RFC does not make.
func TestOnlyLocalCloseCodesAreForbiddenOutright(t *testing.T) {
	t.Parallel()
	local := map[int]bool{1005: true, 1006: true, 1015: true}
	for code := -1; code <= 5001; code++ {
		texts := []string{string(CloseCodeMeaning(code))}
		if !ValidCloseCodeOnWire(code) {
			texts = append(texts, lang.Trace.Say(closeCodeViolation(code)))
		}
		for _, s := range texts {
			if got := forbids.MatchString(s); got != local[code] {
				t.Errorf("code %d: %q states a prohibition: %v, want %v", code, s, got, local[code])
			}
		}
	}
}

func ExampleAcceptSteps() {
	concat, sum, accept := AcceptSteps("dGhlIHNhbXBsZSBub25jZQ==")
	fmt.Println(concat)
	fmt.Printf("%x\n", sum)
	fmt.Println(accept)
	// Output:
	// dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11
	// b37a4f2cc0624f1690f64606cf385945b2bec4ea
	// s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
}
