package lang

// ptBRDuplex translates the texts of the duplex demo (and of the server and
// the shared annotations it uses).
func ptBRDuplex() map[string]string {
	return map[string]string{
		"A long message can be sent in pieces. ": "Uma mensagem longa pode ser enviada em pedaços. ",
		"This middle piece is longer than 125 bytes, so the 7-bit length field cannot hold its length: the field says 126 and the next two bytes carry the real length. ": "Este pedaço do meio tem mais de 125 bytes, então o campo de tamanho de 7 bits não consegue guardar o seu tamanho: o campo diz 126 e os dois bytes seguintes levam o tamanho de verdade. ",
		"The receiver joins the pieces into one message.": "Quem recebe junta os pedaços numa mensagem só.",
		"message %d from the client":                      "mensagem %d do cliente",
		"demo finished":                                   "demo terminada",
		// pkg/demo/duplex_notes.go: the handshake
		"One TCP connection carries everything that follows: the handshake, then frames in both directions, until it closes.": "Uma só conexão TCP leva tudo o que vem a seguir: o handshake e depois os frames nos dois sentidos, até ela ser fechada.",

		"It is wrapped in TLS; the tap sits above TLS, so it shows the plaintext that TLS encrypts.": "Ela vai dentro de TLS; a captura fica acima do TLS, então mostra o texto em claro que o TLS criptografa.",

		"The opening handshake is one ordinary HTTP/1.1 GET asking to switch protocols: Upgrade: websocket, and a random Sec-WebSocket-Key (RFC 6455 §4.1). It is the only HTTP request on this connection.": "O handshake de abertura é um GET HTTP/1.1 comum, que pede a troca de protocolo: Upgrade: websocket e um Sec-WebSocket-Key aleatório (RFC 6455 §4.1). É a única requisição HTTP nesta conexão.",

		"101 Switching Protocols: from here on this TCP connection carries WebSocket frames, in both directions, until one side closes it.": "101 Switching Protocols: daqui em diante, esta conexão TCP leva frames WebSocket, nos dois sentidos, até que um dos lados a feche.",

		"Sec-WebSocket-Accept is base64(SHA-1(key + a fixed GUID)): proof that the server understood the WebSocket request (RFC 6455 §4.2.2).": "O Sec-WebSocket-Accept é base64(SHA-1(chave + um GUID fixo)): a prova de que o servidor entendeu a requisição WebSocket (RFC 6455 §4.2.2).",

		"The server did not switch protocols, so there is no WebSocket: a successful handshake answers 101 (RFC 6455 §4.2.2).": "O servidor não trocou de protocolo, então não há WebSocket: um handshake bem-sucedido responde 101 (RFC 6455 §4.2.2).",

		"--verbose shows each check and every header; wsdemo handshake goes through them step by step.": "--verbose mostra cada verificação e todos os campos de cabeçalho; wsdemo handshake passa por eles um a um.",

		// pkg/demo/duplex_notes.go: the frames
		"Client frames are always masked (RFC 6455 §5.1): the payload is XORed with a fresh random 4-byte key that travels in the frame (RFC 6455 §5.3).": "Os frames do cliente são sempre mascarados (RFC 6455 §5.1): o payload passa por um XOR com uma chave aleatória nova, de 4 bytes, que viaja no próprio frame (RFC 6455 §5.3).",

		"That is not secrecy; it stops a script in a web page from choosing the exact bytes on the wire, so it cannot forge bytes that a proxy or cache on the way would mistake for HTTP (RFC 6455 §10.3).": "Isso não é sigilo: impede que o script de uma página web escolha os bytes exatos que vão para a rede, e assim ele não consegue forjar bytes que um proxy ou cache no caminho confundiria com HTTP (RFC 6455 §10.3).",

		"Since the client's previous message the server has sent %d frames on this same connection, %d of them pushes that no client message asked for. Each side sent whenever it had something to send, on the one connection: that is full duplex.":                                                                                                              "Desde a mensagem anterior do cliente o servidor enviou %d {frame|frames} nesta mesma conexão, %d {2:deles um push|deles pushes} que nenhuma mensagem do cliente pediu. Cada lado enviou sempre que tinha algo a enviar, na única conexão: isso é full duplex.",
		"Since the client's previous message the server has sent %d frames on this same connection, %d of them pings, which answer nothing: the server sent them on its own (RFC 6455 §5.5.2). Each side sent when it chose, on the one connection: that is full duplex.":                                                                                           "Desde a mensagem anterior do cliente o servidor enviou %d {frame|frames} nesta mesma conexão, %d {2:deles um ping, que não responde|deles pings, que não respondem} a nada: o servidor {2:o enviou|os enviou} por conta própria (RFC 6455 §5.5.2). Cada lado enviou quando quis, na única conexão: isso é full duplex.",
		"Since the client's previous message the server has sent %d frames on this same connection, all of them answers to the client. Answers alone do not show full duplex, since HTTP answers every request too: the pushes, sent unasked, do.":                                                                                                                  "Desde a mensagem anterior do cliente o servidor enviou %d {frame|frames} nesta mesma conexão, {uma resposta|todos respostas} ao cliente. Respostas sozinhas não mostram full duplex, já que o HTTP também responde a cada requisição: os pushes, enviados sem pedido, mostram.",
		"Since the client's previous message the server has sent %d frames on this same connection. The tap cannot tell whether they answer the client's messages or came unasked: only their content can. That this server sends unasked showed earlier, when it sent a message before any of the client's.":                                                       "Desde a mensagem anterior do cliente o servidor enviou %d {frame|frames} nesta mesma conexão. O tap não sabe dizer se {ele responde|eles respondem} às mensagens do cliente ou {veio|vieram} sem pedido: só o conteúdo pode dizer. Que este servidor envia sem pedido já se viu antes, quando ele enviou uma mensagem antes de qualquer uma do cliente.",
		"Since the client's previous message the server has sent %d frames on this same connection. The tap cannot tell whether they answer the client's messages or came unasked: only their content can. Answers alone do not show full duplex, since HTTP answers every request too; a message before the client's first, or a ping of the server's own, would.": "Desde a mensagem anterior do cliente o servidor enviou %d {frame|frames} nesta mesma conexão. O tap não sabe dizer se {ele responde|eles respondem} às mensagens do cliente ou {veio|vieram} sem pedido: só o conteúdo pode dizer. Respostas sozinhas não mostram full duplex, já que o HTTP também responde a cada requisição; uma mensagem antes da primeira do cliente, ou um ping do próprio servidor, mostraria.",
		"The server sent this before any message from the client, so no message of the client's asked for it: once the handshake is done either side may send at any time (RFC 6455 §1.2).":                                                                                                                                                                         "O servidor enviou isto antes de qualquer mensagem do cliente, então nenhuma mensagem do cliente o pediu: terminado o handshake, qualquer lado pode enviar a qualquer momento (RFC 6455 §1.2).",

		"Opcode 0x2, a binary message: the payload is any bytes, shown in hex (RFC 6455 §5.6).": "Opcode 0x2, uma mensagem binária: o payload pode ter quaisquer bytes, mostrados em hexadecimal (RFC 6455 §5.6).",

		"Opcode 0x2, a binary message: the payload is any bytes, here the 8 bytes that start every PNG file, shown in hex (RFC 6455 §5.6).": "Opcode 0x2, uma mensagem binária: o payload pode ter quaisquer bytes; aqui, os 8 bytes que iniciam todo arquivo PNG, mostrados em hexadecimal (RFC 6455 §5.6).",

		"Server frames are never masked (RFC 6455 §5.1): the attack masking defends against needs bytes chosen by a page's script, and those only travel from the client (RFC 6455 §10.3).": "Os frames do servidor nunca são mascarados (RFC 6455 §5.1): o ataque contra o qual o mascaramento protege precisa de bytes escolhidos pelo script de uma página, e esses bytes só saem do cliente (RFC 6455 §10.3).",

		"A ping (opcode 0x9) asks: are you still there? It is a control frame: either side may send one at any time, even between the fragments of a message, and it carries at most 125 bytes (RFC 6455 §5.5, §5.5.2).":                                                                              "Um ping (opcode 0x9) pergunta: você ainda está aí? É um frame de controle: qualquer um dos lados pode enviar um a qualquer momento, até entre os fragmentos de uma mensagem, e ele leva no máximo 125 bytes (RFC 6455 §5.5, §5.5.2).",
		"A ping (opcode 0x9) asks: are you still there? Either side may send one at any time once the connection is open. It is a control frame: it carries at most 125 bytes and is never fragmented itself, but it may come between the fragments of a data message (RFC 6455 §5.4, §5.5, §5.5.2).": "Um ping (opcode 0x9) pergunta: você ainda está aí? Qualquer lado pode enviar um a qualquer momento depois que a conexão está aberta. É um frame de controle: leva no máximo 125 bytes e nunca é ele mesmo fragmentado, mas pode vir entre os fragmentos de uma mensagem de dados (RFC 6455 §5.4, §5.5, §5.5.2).",

		"Now the client pings: either side may (RFC 6455 §5.5.2).": "Agora é o cliente que envia um ping: qualquer um dos lados pode (RFC 6455 §5.5.2).",

		"Now the server pings: either side may (RFC 6455 §5.5.2).": "Agora é o servidor que envia um ping: qualquer um dos lados pode (RFC 6455 §5.5.2).",

		"The client answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself, but only while something reads the connection, which is why this client keeps a reader running all the time.": "O cliente respondeu com um pong que leva o mesmo payload (RFC 6455 §5.5.3). Nenhum código da aplicação o enviou: a biblioteca WebSocket responde aos pings sozinha, mas só enquanto alguém lê a conexão. Por isso este cliente mantém um leitor rodando o tempo todo.",

		"The server answered with a pong carrying the same payload (RFC 6455 §5.5.3). No application code sent it: the WebSocket library answers pings by itself. Heartbeats like these keep an idle connection open through NATs, proxies and load balancers that drop connections they think are dead, and show that the peer is still there.": "O servidor respondeu com um pong que leva o mesmo payload (RFC 6455 §5.5.3). Nenhum código da aplicação o enviou: a biblioteca WebSocket responde aos pings sozinha. Heartbeats como estes mantêm aberta uma conexão ociosa através de NATs, proxies e balanceadores de carga que derrubam as conexões que julgam mortas, e mostram que o outro lado continua lá.",

		"After it the client sends no more data frames.": "Depois dele, o cliente não envia mais frames de dados.",

		"After it the server sends no more data frames.": "Depois dele, o servidor não envia mais frames de dados.",

		"Its payload is %d bytes, more than the 7-bit length field holds (0-125): the field says 126 and the next 2 bytes carry the length. From 65,536 bytes the field says 127 and 8 bytes follow (RFC 6455 §5.2).": "O payload dele tem %d {byte|bytes}, mais do que cabe no campo de tamanho de 7 bits (0 a 125): o campo diz 126, e os 2 bytes seguintes levam o tamanho. A partir de 65.536 bytes, o campo diz 127, e vêm 8 bytes (RFC 6455 §5.2).",

		// pkg/demo/close_notes.go: how a WebSocket's TCP connection ended
		"After the closing handshake the server reset the TCP connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6). Both close frames had crossed, so the WebSocket itself was closed cleanly (RFC 6455 §7.1.4).": "Depois do handshake de fechamento, o servidor resetou a conexão TCP (RST) em vez de fechá-la com um FIN: um aborto, que descarta a conexão na hora (RFC 9293 §3.6). Os dois frames Close já tinham passado, então o próprio WebSocket foi fechado de forma limpa (RFC 6455 §7.1.4).",
		"After the closing handshake the client reset the TCP connection (RST) instead of closing it with a FIN: an abort, which discards the connection at once (RFC 9293 §3.6). Both close frames had crossed, so the WebSocket itself was closed cleanly (RFC 6455 §7.1.4).": "Depois do handshake de fechamento, o cliente resetou a conexão TCP (RST) em vez de fechá-la com um FIN: um aborto, que descarta a conexão na hora (RFC 9293 §3.6). Os dois frames Close já tinham passado, então o próprio WebSocket foi fechado de forma limpa (RFC 6455 §7.1.4).",

		"After the closing handshake the server closed the TCP connection first, as RFC 6455 §7.1.1 recommends: then the server holds TIME_WAIT (TIME_WAIT: the first side to close waits a while, to be sure the other got its last ACK; RFC 9293 §3.3.2).": "Depois do handshake de fechamento, o servidor fechou a conexão TCP primeiro, como a RFC 6455 §7.1.1 recomenda: assim é o servidor que fica em TIME_WAIT (TIME_WAIT: quem fecha primeiro espera um tempo, para ter certeza de que o outro recebeu o seu último ACK; RFC 9293 §3.3.2).",

		"After the closing handshake the client closed TCP first, as it may (RFC 6455 §5.5.1), though §7.1.1 prefers the server first, to hold TIME_WAIT (TIME_WAIT: the first to close waits a while, so the other surely got its last ACK; RFC 9293 §3.3.2).": "Depois do handshake de fechamento, o cliente fechou o TCP primeiro, como pode fazer (RFC 6455 §5.5.1), embora a §7.1.1 prefira que o servidor feche primeiro, para ficar com o TIME_WAIT (TIME_WAIT: quem fecha primeiro espera um tempo, para garantir que o outro recebeu o seu último ACK; RFC 9293 §3.3.2).",

		"The server reset the TCP connection (RST) before the closing handshake was complete.": "O servidor resetou a conexão TCP (RST) antes de o handshake de fechamento se completar.",
		"The client reset the TCP connection (RST) before the closing handshake was complete.": "O cliente resetou a conexão TCP (RST) antes de o handshake de fechamento se completar.",
		"The server closed the TCP connection before the closing handshake was complete.":      "O servidor fechou a conexão TCP antes de o handshake de fechamento se completar.",
		"The client closed the TCP connection before the closing handshake was complete.":      "O cliente fechou a conexão TCP antes de o handshake de fechamento se completar.",

		"The server reset the TCP connection (RST) without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).": "O servidor resetou a conexão TCP (RST) sem handshake de fechamento: o WebSocket foi fechado de forma anormal (1006 é o código com que cada lado registra isso localmente, RFC 6455 §7.1.5).",
		"The client reset the TCP connection (RST) without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).": "O cliente resetou a conexão TCP (RST) sem handshake de fechamento: o WebSocket foi fechado de forma anormal (1006 é o código com que cada lado registra isso localmente, RFC 6455 §7.1.5).",
		"The server closed the TCP connection without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).":      "O servidor fechou a conexão TCP sem handshake de fechamento: o WebSocket foi fechado de forma anormal (1006 é o código com que cada lado registra isso localmente, RFC 6455 §7.1.5).",
		"The client closed the TCP connection without a closing handshake: the WebSocket closed abnormally (1006 is how endpoints report that locally, RFC 6455 §7.1.5).":      "O cliente fechou a conexão TCP sem handshake de fechamento: o WebSocket foi fechado de forma anormal (1006 é o código com que cada lado registra isso localmente, RFC 6455 §7.1.5).",

		"Once an endpoint has sent and received a close frame it must close the TCP connection (RFC 6455 §5.5.1).": "Depois de ter enviado e recebido um frame Close, cada lado precisa fechar a conexão TCP (RFC 6455 §5.5.1).",

		// pkg/demo/close_notes.go: the other side's end, on any connection
		"Then the server reset the connection (RST) instead of closing its end with a FIN (RFC 9293 §3.6).":                       "Depois o servidor resetou a conexão (RST) em vez de fechar o seu lado com um FIN (RFC 9293 §3.6).",
		"Then the client reset the connection (RST) instead of closing its end with a FIN (RFC 9293 §3.6).":                       "Depois o cliente resetou a conexão (RST) em vez de fechar o seu lado com um FIN (RFC 9293 §3.6).",
		"The server had not closed its end of the connection %.0f ms after the client's FIN, when wsdemo stopped waiting for it.": "O servidor ainda não tinha fechado o seu lado da conexão %.0f ms depois do FIN do cliente, quando o wsdemo parou de esperar por ele.",
		"The client had not closed its end of the connection %.0f ms after the server's FIN, when wsdemo stopped waiting for it.": "O cliente ainda não tinha fechado o seu lado da conexão %.0f ms depois do FIN do servidor, quando o wsdemo parou de esperar por ele.",

		// pkg/demo/duplex_notes.go: fragments
		"FIN=0: only the first fragment of a message. Its opcode (%s) names the type of the whole message; the next fragments are continuation frames (RFC 6455 §5.4). Fragments let a sender start before it knows the message's full length.": "FIN=0: só o primeiro fragmento de uma mensagem. O opcode dele (%s) dá o tipo da mensagem inteira; os fragmentos seguintes são frames continuation (RFC 6455 §5.4). Com fragmentos, quem envia pode começar antes de saber o tamanho total da mensagem.",

		"Opcode 0x0, continuation: the next fragment of the same message. FIN=0 again: more follow (RFC 6455 §5.4).": "Opcode 0x0, continuation: o próximo fragmento da mesma mensagem. FIN=0 de novo: ainda vêm mais (RFC 6455 §5.4).",

		"FIN=1 ends the message (RFC 6455 §5.4).": "FIN=1 encerra a mensagem (RFC 6455 §5.4).",

		"FIN=1 with an empty payload ends the message. The message is compressed, and RFC 7692 compresses messages, not frames: the receiver joins the payloads of all its frames, appends 00 00 ff ff and inflates them as one (RFC 7692 §7.2.2), so the compressed data may end in an earlier fragment and the last carry nothing. Fragments may be empty (RFC 6455 §5.4).": "FIN=1 com payload vazio encerra a mensagem. A mensagem está comprimida, e a RFC 7692 comprime mensagens, não frames: o receptor junta os payloads de todos os seus frames, acrescenta 00 00 ff ff e os descomprime como um só (RFC 7692 §7.2.2), então os dados comprimidos podem terminar num fragmento anterior e o último não levar nada. Fragmentos podem ser vazios (RFC 6455 §5.4).",
		"FIN=1 with an empty payload ends the message. coder/websocket sends each Write of a message writer as one fragment, and this empty final fragment when the writer closes: legal, since fragments may be empty (RFC 6455 §5.4).":                                                                                                                                      "FIN=1 com um payload vazio encerra a mensagem. A coder/websocket envia cada Write de um writer de mensagem como um fragmento, e este fragmento final vazio quando o writer é fechado: é permitido, porque fragmentos podem ser vazios (RFC 6455 §5.4).",

		// pkg/demo/duplex_notes.go: the built-in server's messages
		"Nobody asked for this: right after the 101 the server sends a message of its own. In HTTP a server only ever answers a request.": "Ninguém pediu isto: logo depois do 101, o servidor envia uma mensagem por conta própria. No HTTP, um servidor só responde a requisições.",

		"A push: the server sends this on its own schedule (every %s), not in answer to anything. Think of an edit a teammate makes in another tab, reaching this page at once.": "Um push: o servidor envia isto no ritmo dele (a cada %s), sem responder a nada. Pense numa edição que um colega faz em outra aba e que chega a esta página na hora.",

		"The server's reply to the client's message. Replies and pushes share the one connection in whatever order they happen: WebSocket itself pairs nothing up, the application's content tells them apart.": "A resposta do servidor à mensagem do cliente. Respostas e pushes dividem a mesma conexão, na ordem em que acontecem: o próprio WebSocket não forma pares de pergunta e resposta; é o conteúdo da aplicação que distingue um do outro.",

		"The server sends binary messages back unchanged.": "O servidor devolve as mensagens binárias sem alteração.",

		// pkg/demo/duplex.go: the server ending the story, --too-big, the summary

		"A server must protect itself from messages too big for it (RFC 6455 §10.4). It could refuse as soon as the frame header states the length; this one (coder/websocket) reads the payload up to its limit, then stops and closes the connection with status 1009, message too big (RFC 6455 §7.4.1). Its close reason says %#d: the library reads one byte past the limit to notice the excess.": "Um servidor precisa se proteger de mensagens grandes demais para ele (RFC 6455 §10.4). Ele poderia recusar assim que o cabeçalho do frame informa o tamanho; este (coder/websocket) lê o payload até o limite, depois para e fecha a conexão com o código 1009, mensagem grande demais (RFC 6455 §7.4.1). O motivo do fechamento diz %#d: a biblioteca lê um byte além do limite para perceber o excesso.",

		"A frame header is 2 to 14 bytes: 2, plus 2 or 8 for a longer length, plus 4 for the masking key of a client frame (RFC 6455 §5.2).": "Um cabeçalho de frame tem de 2 a 14 bytes: 2, mais 2 ou 8 para um tamanho maior, mais 4 para a chave de máscara de um frame do cliente (RFC 6455 §5.2).",

		"For comparison, the one HTTP request head was %d bytes: sending the client's message as an HTTP request would have cost a head like it, and the server could not have pushed anything at all.": "Para comparar, a única requisição HTTP teve %d {byte|bytes} de linha de requisição e campos de cabeçalho: enviar a mensagem do cliente como uma requisição HTTP custaria outro tanto, e o servidor não teria conseguido enviar nada por conta própria.",

		"For comparison, the one HTTP request head was %d bytes: sending each of the client's %d messages as its own HTTP request would have repeated a head like it every time, and the server could not have pushed anything at all.": "Para comparar, a única requisição HTTP teve %d {byte|bytes} de linha de requisição e campos de cabeçalho: enviar cada uma das %d {mensagem|mensagens} do cliente numa requisição HTTP própria repetiria esse custo a cada vez, e o servidor não teria conseguido enviar nada por conta própria.",

		"including %d and %d control frames (ping, pong, close)": "incluindo %d e %d frames de controle (ping, pong, close)",

		"data messages, fragments joined": "mensagens de dados, com os fragmentos reunidos",

		"everything on the wire; %d of them the HTTP handshake": "todos os bytes que passaram pela rede; %d deles no handshake HTTP",

		"frame headers": "cabeçalhos de frame",

		"application data": "dados da aplicação",
		// pkg/demo: duplex (whole sentences for each side and status), duplex -i
		"the server ended the conversation before the story was over": "o servidor encerrou a conversa antes do fim do roteiro",
		"The server sent a close frame with status %#d (%s), so the client stopped its story there. Either side may start the closing handshake whenever it likes (RFC 6455 §1.4, §7.1.2); the client's library answered with a close frame of its own (§5.5.1).": "O servidor enviou um frame Close com o código %#d (%s), então o cliente parou o roteiro ali. Qualquer um dos lados pode iniciar o handshake de fechamento quando quiser (RFC 6455 §1.4, §7.1.2); a biblioteca do cliente respondeu com o seu próprio frame Close (§5.5.1).",
		"the client sends %d bytes: one more than the server accepts in a message (%d)": "o cliente envia %d {byte|bytes}: um a mais do que o servidor aceita numa mensagem (%d)",
		"%d TCP connections, %d HTTP requests, %d client + %d server frames":            "%d {conexão|conexões} TCP, %d {requisição|requisições} HTTP, %d {frame|frames} do cliente + %d do servidor",
		"client %d · server %d": "cliente %d · servidor %d",
		"frames sent":           "frames enviados",
		"messages sent":         "mensagens enviadas",
		"bytes sent":            "bytes enviados",
		"header bytes":          "bytes de cabeçalho",
		"payload bytes":         "bytes de payload",
		"a close reason fits in %d bytes (a control frame carries 125, RFC 6455 §5.5), this one has %d": "um motivo de fechamento cabe em %d {byte|bytes} (um frame de controle leva 125, RFC 6455 §5.5), e este tem %d",
		"a close reason must be UTF-8 (RFC 6455 §5.5.1)":                                                "um motivo de fechamento precisa ser UTF-8 (RFC 6455 §5.5.1)",
		"usage: /binary <hex>, e.g. /binary 89 50 4e 47":                                                "uso: /binary <hex>, por exemplo /binary 89 50 4e 47",
		"/binary takes hex digits in pairs, e.g. /binary 89 50 4e 47: %q is not a hex digit":            "/binary recebe dígitos hexadecimais em pares, por exemplo /binary 89 50 4e 47: %q não é um dígito hexadecimal",
		"/binary takes hex digits in pairs, e.g. /binary 89 50 4e 47: an odd number of digits":          "/binary recebe dígitos hexadecimais em pares, por exemplo /binary 89 50 4e 47: o número de dígitos é ímpar",
		"  any line             a text message (// sends a line starting with /)\n  /ping [text]         a ping; the peer's pong carries the same text back\n  /binary <hex>        a binary message, e.g. /binary 89 50 4e 47\n  /close [code] [why]  start the closing handshake, e.g. /close 1000 bye\n  end of input         (Ctrl-D) closes with 1000; Ctrl-C closes with 1001": "  qualquer linha         uma mensagem de texto (// envia uma linha que começa com /)\n  /ping [texto]          um ping; o pong do outro lado traz o mesmo texto de volta\n  /binary <hex>          uma mensagem binária, por exemplo /binary 89 50 4e 47\n  /close [cód] [motivo]  inicia o handshake de fechamento, por exemplo /close 1000 bye\n  fim da entrada         (Ctrl-D) fecha com 1000; Ctrl-C fecha com 1001",
		"text messages must be UTF-8 (RFC 6455 §5.6); send other bytes with /binary <hex>":      "mensagens de texto precisam ser UTF-8 (RFC 6455 §5.6); envie outros bytes com /binary <hex>",
		"a ping carries at most %d bytes (RFC 6455 §5.5), this one has %d":                      "um ping leva no máximo %d {byte|bytes} (RFC 6455 §5.5), e este tem %d",
		"unknown command %s: /help lists the commands; // sends a line starting with /":         "comando desconhecido %s: /help lista os comandos; // envia uma linha que começa com /",
		"usage: /close [code] [reason], e.g. /close 1000 bye; %s is not a status code":          "uso: /close [código] [motivo], por exemplo /close 1000 bye; %s não é um código de status",
		"close code %#d may not be sent: use 1000-1003, 1007-1014 or 3000-4999 (RFC 6455 §7.4)": "o código de fechamento %#d não pode ser enviado: use 1000-1003, 1007-1014 ou 3000-4999 (RFC 6455 §7.4)",
		"the server closed the connection: status %#d (%s)":                                     "o servidor fechou a conexão: código %#d (%s)",
		"connected: type a message and press Enter; /help lists commands; Ctrl-D closes":        "conectado: digite uma mensagem e tecle Enter; /help lista os comandos; Ctrl-D fecha",
		"hint: %s": "dica: %s",
		"The client answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).":  "O cliente responde com o seu próprio frame Close, repetindo o código %#d. O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"The client answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).":     "O cliente responde com o seu próprio frame Close, código de status %#d (%s). O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"The client answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).": "O cliente responde com o seu próprio frame Close, sem código de status. O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"The server answers with its own close frame, echoing status %#d. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).":  "O servidor responde com o seu próprio frame Close, repetindo o código %#d. O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"The server answers with its own close frame, status %#d (%s). The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).":     "O servidor responde com o seu próprio frame Close, código de status %#d (%s). O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"The server answers with its own close frame, with no status code. The closing handshake is complete: both sides know no more data will come, and the TCP connection can close (RFC 6455 §5.5.1, §7.1.2).": "O servidor responde com o seu próprio frame Close, sem código de status. O handshake de fechamento está completo: os dois lados sabem que não virão mais dados, e a conexão TCP pode ser fechada (RFC 6455 §5.5.1, §7.1.2).",
		"the handshake RFC 6455 §4.2.1 requires": "o handshake que a RFC 6455 §4.2.1 exige",
		"this server's own policy":               "a política própria deste servidor",
		"both passed: %s":                        "as duas passaram: %s",
		"all %d passed: %s":                      "todas as %d passaram: %s",
		"A close frame (opcode 0x8) starts the closing handshake: status %#d (%s), and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1).": "Um frame Close (opcode 0x8) inicia o handshake de fechamento: código de status %#d (%s) e, talvez, um motivo, feito para depuração e não para os usuários finais (RFC 6455 §5.5.1, §7.4.1).",
		"A close frame (opcode 0x8) starts the closing handshake: no status code, and maybe a reason, meant for debugging and not for end users (RFC 6455 §5.5.1, §7.4.1).":  "Um frame Close (opcode 0x8) inicia o handshake de fechamento: sem código de status e, talvez, com um motivo, feito para depuração e não para os usuários finais (RFC 6455 §5.5.1, §7.4.1).",
		"%s (16-bit form)": "%s (forma de 16 bits)",
		"%s (64-bit form)": "%s (forma de 64 bits)",
		"%s (7-bit form)":  "%s (forma de 7 bits)",
		"that line is %d bytes, more than the %d a typed message may have: not sent (the next lines are)": "essa linha tem %d {byte|bytes}, mais do que os %d que uma mensagem digitada pode ter: não foi enviada (as próximas linhas serão)",
	}
}
