package lang

// ptBRHostile translates what the demos say about peers that misbehave:
// connections reset or cut in the middle of a frame, clients that are not
// the demo's own.
func ptBRHostile() map[string]string {
	return map[string]string{
		"the %s frame shown above (%d payload bytes) breaks a rule, seen at its end: %s":                                                 "o frame %s mostrado acima (%d {byte|bytes} de payload) quebra uma regra, vista no fim dele: %s",
		"… and %d more interim (1xx) responses, %d bytes in all, the last at +%.2f ms: the trace shows the first %d of a run one by one": "… e mais %d {1:resposta provisória|respostas provisórias} (1xx), %d {2:byte|bytes} ao todo, a última em +%.2f ms: o trace mostra uma a uma as primeiras %d de uma sequência",
		// pkg/demo/handshake.go: how the server ended the connection after the 101.
		"The server reset the TCP connection (a TCP RST) in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).": "O servidor encerrou a conexão TCP com um reset (um TCP RST) no meio de um frame, do qual {1:tinha chegado|tinham chegado} %d {byte|bytes}, sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
		"The connection failed without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).":                                                                                    "A conexão falhou sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",
		"The server closed TCP in the middle of a frame, %d bytes of which had arrived, without a close frame. RFC 6455 §7.1.5 calls that an abnormal closure (1006, a code no frame ever carries).":                           "O servidor fechou o TCP no meio de um frame, do qual {1:tinha chegado|tinham chegado} %d {byte|bytes}, sem um frame Close. A RFC 6455 §7.1.5 chama isso de fechamento anormal (1006, um código que nenhum frame carrega).",

		// pkg/server/server.go and pkg/demo/duplex.go: clients that are not the demo's own.
		"A client that is not this demo's connected to the server's address. The demo does not tap its connection: only the server's checks of its request show, each marked with its address, and they are not part of the demo's own connection.": "Um cliente que não é o desta demonstração se conectou ao endereço do servidor. A demonstração não captura a conexão dele: só aparecem as verificações que o servidor faz da requisição dele, cada uma marcada com o endereço dele, e elas não fazem parte da conexão da própria demonstração.",
		"A client that is not this demo's connected to the server's address. The demo does not tap its connection and its requests are not part of this story: the summary counts them, and --verbose shows the server's checks of each.":           "Um cliente que não é o desta demonstração se conectou ao endereço do servidor. A demonstração não captura a conexão dele e as requisições dele não fazem parte desta história: o resumo as conta, e --verbose mostra as verificações que o servidor faz de cada uma.",
		"requests to the demo server from clients that are not this demo's": "requisições ao servidor da demonstração vindas de clientes que não são o desta demonstração",

		"In the %v after the handshake the server began a frame, %d bytes of which arrived, and did not finish it, so the demo closes now.": "Nos %v depois do handshake o servidor começou um frame, do qual {2:chegou|chegaram} %d {byte|bytes}, e não o terminou; por isso a demonstração fecha agora.",
	}
}
