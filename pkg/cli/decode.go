package cli

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"wsdemo/pkg/demo"
	"wsdemo/pkg/trace"
)

// maxDecodeInput bounds the hex text decode reads from standard input: a
// megabyte of hex is half a megabyte of bytes, far more than anyone pastes.
const maxDecodeInput = 1 << 20

func newDecodeCmd(ios *IOStreams, g *globalOptions) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "decode HEX...|-",
		Short: ios.say().F("Decode bytes you paste: WebSocket frames or an HTTP/1.1 message"),
		Long: ios.say().F(`Decode bytes given as hex: one or more WebSocket frames, or an HTTP/1.1
message (recognised by its start line) and, after a 101, the frames that
follow it. Each is drawn as the demos draw it, field by field; --raw adds the
bytes coloured by field. Nothing crosses a network.

The hex may be spaced or not, with 0x or \x before each byte, separated by
commas, or lines of a hex dump (wsdemo --raw, xxd, hexdump -C): the offsets
and the column of characters are skipped. - reads it from standard input.

Who sent the bytes matters for frames: a client masks every frame and a
server never does (RFC 6455 §5.1). Without --from, the first frame's MASK bit
decides, and a note says so. Bytes that are incomplete or break a rule are
explained, with the RFC section, and wsdemo exits with 1.`),
		Example: ios.say().F(`  wsdemo decode 81 85 37 fa 21 3d 7f 9f 4d 51 58   # RFC 6455 §5.7: a masked "Hello"
  wsdemo decode 0x81,0x05,0x48,0x65,0x6c,0x6c,0x6f --raw
  xxd -p capture.bin | wsdemo decode -
  wsdemo decode --from client 810548656c6c6f      # an unmasked frame from a client breaks a rule`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("%s needs the bytes to decode, as hex (or - to read them from standard input)", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := refuseNetworkFlags(cmd); err != nil {
				return err
			}
			// Before reading standard input: a bad --from is said at once.
			if err := (demo.DecodeOptions{From: from}).Validate(); err != nil {
				return optionsError(err)
			}
			text := strings.Join(args, " ")
			if len(args) == 1 && args[0] == "-" {
				if g.step {
					return usageErrorf("--step reads Enter from standard input, which carries the bytes here; give them as arguments")
				}
				b, err := io.ReadAll(io.LimitReader(ios.In, maxDecodeInput+1))
				if err != nil {
					return err
				}
				if len(b) > maxDecodeInput {
					return usageErrorf("more than %d MiB of hex on standard input: decode is for bytes you paste", maxDecodeInput>>20)
				}
				text = string(b)
			}
			bytes, err := demo.ParseHex(text)
			if err != nil {
				return withHint(err, ios.say().F("write the bytes as pairs of hex digits, e.g. %s; bytes in a file become hex with xxd -p FILE",
					command("decode", "81 85 37 fa 21 3d 7f 9f 4d 51 58")))
			}
			if len(bytes) == 0 {
				return usageErrorf("no bytes to decode: give them as hex, e.g. %s", command("decode", "81 05 48 65 6c 6c 6f"))
			}
			common, err := g.validate(ios)
			if err != nil {
				return err
			}
			opts := demo.DecodeOptions{Common: common, Bytes: bytes, From: from}
			// Decoding measures nothing: the diagram shows no times.
			g.untimed = true
			err = g.runScenario(cmd.Context(), ios, func(ctx context.Context, rec *trace.Recorder) error {
				return demo.RunDecode(ctx, rec, opts)
			})
			var de *demo.DecodeError
			if errors.As(err, &de) && de.TLS {
				// Only bytes that look like TLS get this hint.
				return withHint(err, ios.say().F("capture the bytes before TLS encrypts them: run your app over http:// and ws:// on this machine, and watch it with %s", command("proxy", "--to", "127.0.0.1:3000")))
			}
			return err
		},
	}
	cmd.Flags().StringVar(&from, "from", "", ios.say().F("who sent the bytes: client or server (default: frames' MASK bit decides)"))
	return cmd
}
