package lang

// ptBRHostile translates what the demos say about peers that misbehave:
// connections reset or cut in the middle of a frame, clients that are not
// the demo's own.
var ptBRHostile = map[string]string{
	// pkg/demo/handshake.go: how the server ended the connection after the 101.
	"The server reset the TCP connection (a TCP RST) in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).": "O servidor encerrou a conexão TCP com um reset (um TCP RST) no meio de um frame, do qual tinham chegado %d bytes, sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
	"The server reset the TCP connection (a TCP RST) without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).":                                                          "O servidor encerrou a conexão TCP com um reset (um TCP RST) sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
	"The connection failed without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).":                                                                                    "A conexão falhou sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
	"The server closed TCP in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).":                           "O servidor fechou o TCP no meio de um frame, do qual tinham chegado %d bytes, sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
}
