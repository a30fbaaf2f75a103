package lang

// ptBRProxy translates what `wsdemo proxy` says about the learner's own
// traffic, and what every scenario says about permessage-deflate (RFC 7692)
// and Engine.IO/Socket.IO packets.
func ptBRProxy() map[string]string {
	return map[string]string{
		// pkg/demo/proxy.go, proxy_notes.go: the proxy and HTTP
		"Point your browser (or any client) at http://%s instead of your server: wsdemo opens a connection of its own to %s for each one it accepts and copies the bytes both ways unchanged, decoding them as they pass. Ctrl-C stops it.": "Aponte o navegador (ou qualquer cliente) para http://%s em vez do seu servidor: para cada conexão que aceita, o wsdemo abre uma conexão própria até %s e copia os bytes nos dois sentidos sem mudar nada, decodificando-os enquanto passam. Ctrl-C o encerra.",

		"A client connected to the proxy. wsdemo opens a connection of its own to %s and copies the bytes both ways as they are: your server receives exactly what the client sent, and the client exactly what your server answered.": "Um cliente se conectou ao proxy. O wsdemo abre uma conexão própria até %s e copia os bytes nos dois sentidos como estão: o seu servidor recebe exatamente o que o cliente enviou, e o cliente exatamente o que o seu servidor respondeu.",

		"Another TCP connection while %d are open: a client may keep several connections to one server, each carrying its own requests (RFC 9112 §9.4). The bytes do not say why this one was opened. Each arrow names its connection: #1, #2, …": "Outra conexão TCP enquanto %d estão abertas: um cliente pode manter várias conexões com um mesmo servidor, cada uma levando as próprias requisições (RFC 9112 §9.4). Os bytes não dizem por que esta foi aberta. Cada seta indica a sua conexão: #1, #2, …",

		"Another TCP connection while one is still open: a client may keep several connections to one server, each carrying its own requests (RFC 9112 §9.4). The bytes do not say why this one was opened. Each arrow names its connection: #1, #2, …": "Outra conexão TCP enquanto uma ainda está aberta: um cliente pode manter várias conexões com um mesmo servidor, cada uma levando as próprias requisições (RFC 9112 §9.4). Os bytes não dizem por que esta foi aberta. Cada seta indica a sua conexão: #1, #2, …",

		"wsdemo could not open its own connection to %s, so it has nowhere to relay this client's bytes. If the client sends an HTTP request, wsdemo answers it itself with 502 Bad Gateway; then it closes the connection it accepted.": "O wsdemo não conseguiu abrir a própria conexão até %s, então não tem para onde repassar os bytes deste cliente. Se o cliente enviar uma requisição HTTP, o próprio wsdemo a responde com 502 Bad Gateway; depois fecha a conexão que aceitou.",

		"Hint: %s.": "Dica: %s.",

		"wsdemo resets its connection to %s too": "o wsdemo reseta também a conexão dele com %s",

		"The client reset its connection (RST): wsdemo passes that on as it came, resetting its own connection to your server, so both sides saw an RST.": "O cliente resetou a conexão dele (RST): o wsdemo repassa isso como veio, resetando a própria conexão com o seu servidor, então os dois lados viram um RST.",

		"the client's connection failed (%s): wsdemo closes its connection to %s": "a conexão do cliente falhou (%s): o wsdemo fecha a conexão dele com %s",

		"wsdemo can only close its connection to your server with a FIN: your server saw an orderly close where the client's connection failed.": "O wsdemo só consegue fechar a conexão dele com o seu servidor com um FIN: o seu servidor viu um fechamento em ordem onde a conexão do cliente falhou.",

		"TCP connection #%#d closed by wsdemo, after %s reset its own": "Conexão TCP #%#d fechada pelo wsdemo, depois que %s resetou a dele",

		"TCP connection #%#d closed by wsdemo, after its connection to %s failed": "Conexão TCP #%#d fechada pelo wsdemo, depois que a conexão dele com %s falhou",

		"wsdemo closed this connection with a FIN: the client saw an orderly close where your server sent a reset (RST), which wsdemo cannot pass on as it came. The request still waiting got no response; a client may retry a request on a new connection when it is safe to (RFC 9112 §9.3.1).": "O wsdemo fechou esta conexão com um FIN: o cliente viu um fechamento em ordem onde o seu servidor enviou um reset (RST), que o wsdemo não consegue repassar como veio. A requisição que ainda esperava ficou sem resposta; um cliente pode repetir uma requisição numa nova conexão quando for seguro (RFC 9112 §9.3.1).",

		"wsdemo closed this connection with a FIN: the client saw an orderly close where your server sent a reset (RST), which wsdemo cannot pass on as it came. The response under way was cut short: the client got only its first part.": "O wsdemo fechou esta conexão com um FIN: o cliente viu um fechamento em ordem onde o seu servidor enviou um reset (RST), que o wsdemo não consegue repassar como veio. A resposta em andamento foi interrompida: o cliente recebeu só a primeira parte dela.",

		"wsdemo closed this connection with a FIN, because its own connection to your server failed. The response under way was cut short: the client got only its first part.": "O wsdemo fechou esta conexão com um FIN, porque a conexão dele com o seu servidor falhou. A resposta em andamento foi interrompida: o cliente recebeu só a primeira parte dela.",

		"wsdemo closed this connection with a FIN: the client saw an orderly close where your server sent a reset (RST), which wsdemo cannot pass on as it came.": "O wsdemo fechou esta conexão com um FIN: o cliente viu um fechamento em ordem onde o seu servidor enviou um reset (RST), que o wsdemo não consegue repassar como veio.",

		"wsdemo closed this connection with a FIN, because its own connection to your server failed. The request still waiting got no response; a client may retry a request on a new connection when it is safe to (RFC 9112 §9.3.1).": "O wsdemo fechou esta conexão com um FIN, porque a conexão dele com o seu servidor falhou. A requisição que ainda esperava ficou sem resposta; um cliente pode repetir uma requisição numa nova conexão quando for seguro (RFC 9112 §9.3.1).",

		"wsdemo closed this connection with a FIN, because its own connection to your server failed.": "O wsdemo fechou esta conexão com um FIN, porque a conexão dele com o seu servidor falhou.",

		"Not relayed: wsdemo could not reach %s, so this request goes no further than the proxy.": "Não repassada: o wsdemo não conseguiu alcançar %s, então esta requisição não passa do proxy.",

		"%s, written by wsdemo": "%s, escrita pelo wsdemo",

		"wsdemo wrote this answer itself: %s never saw the request. 502 Bad Gateway is what a gateway or proxy answers when it got no valid response from the server behind it (RFC 9110 §15.6.3); Connection: close says wsdemo closes the connection after it (RFC 9112 §9.6).": "O próprio wsdemo escreveu esta resposta: %s nunca viu a requisição. 502 Bad Gateway é o que um gateway ou proxy responde quando não recebeu uma resposta válida do servidor por trás dele (RFC 9110 §15.6.3); Connection: close avisa que o wsdemo fecha a conexão depois dela (RFC 9112 §9.6).",

		"TCP connection #%#d closed by wsdemo, which could not reach %s": "Conexão TCP #%#d fechada pelo wsdemo, que não conseguiu alcançar %s",

		"wsdemo closed this connection itself: it had nothing to relay it to. Your server never saw it.": "O próprio wsdemo fechou esta conexão: não tinha para onde repassá-la. O seu servidor nunca a viu.",

		"%d TCP connections (%d not relayed: %s could not be reached), %d HTTP requests relayed, %d client + %d server frames": "%d {conexão|conexões} TCP (%d não {2:repassada|repassadas}: não foi possível alcançar %s), %d {requisição|requisições} HTTP {4:repassada|repassadas}, %d {frame|frames} do cliente + %d do servidor",

		"not relayed": "não repassadas",

		"TCP connections the proxy accepted but could not relay: %s could not be reached": "conexões TCP que o proxy aceitou mas não conseguiu repassar: não foi possível alcançar %s",

		"TCP connections the proxy accepted but could not relay: %s could not be reached; wsdemo answered %d HTTP requests itself with 502 Bad Gateway": "conexões TCP que o proxy aceitou mas não conseguiu repassar: não foi possível alcançar %s; o próprio wsdemo respondeu %d {requisição|requisições} HTTP com 502 Bad Gateway",

		"The server aborted its connection with wsdemo (a TCP reset, RST): there is nothing left to relay, so wsdemo closes the client's connection too.": "O servidor abortou a conexão com o wsdemo (um reset TCP, RST): não há mais nada a repassar, então o wsdemo fecha também a conexão do cliente.",

		"Pipelined: the client sent this request before the response to its previous one on this connection arrived. The server must answer them in the order they came (RFC 9112 §9.3.2).": "Em pipeline: o cliente enviou esta requisição antes de chegar a resposta à anterior nesta conexão. O servidor precisa respondê-las na ordem em que chegaram (RFC 9112 §9.3.2).",

		"This request reuses connection #%#d, which has already carried %d: an HTTP/1.1 connection stays open for more requests unless one side sends Connection: close (RFC 9112 §9.3).": "Esta requisição reaproveita a conexão #%#d, que já levou %d: uma conexão HTTP/1.1 continua aberta para mais requisições, a não ser que um dos lados envie Connection: close (RFC 9112 §9.3).",

		"An opening handshake: an ordinary HTTP/1.1 GET with Upgrade: websocket and a random Sec-WebSocket-Key asks to switch this connection to WebSocket (RFC 6455 §4.1).": "Um handshake de abertura: um GET HTTP/1.1 comum, com Upgrade: websocket e um Sec-WebSocket-Key aleatório, pede para trocar esta conexão para WebSocket (RFC 6455 §4.1).",

		"An HTTP/1.0 response without Connection: keep-alive: the connection closes after it, and the next request needs a new one (RFC 9112 §9.3).": "Uma resposta HTTP/1.0 sem Connection: keep-alive: a conexão se fecha depois dela, e a próxima requisição precisa de uma nova (RFC 9112 §9.3).",

		"Connection: close: the server will close this connection after the response (RFC 9112 §9.6).": "Connection: close: o servidor vai fechar esta conexão depois da resposta (RFC 9112 §9.6).",

		"Transfer-Encoding: chunked: the body comes in pieces, each after its size in hex, until a piece of size 0 (RFC 9112 §7.1). The server did not have to know the whole length before it started sending.": "Transfer-Encoding: chunked: o corpo chega em pedaços, cada um depois do seu tamanho em hexadecimal, até um pedaço de tamanho 0 (RFC 9112 §7.1). O servidor não precisou saber o tamanho total antes de começar a enviar.",

		"The server closed the TCP connection first, after its response, as that response said it would (RFC 9112 §9.6).": "O servidor fechou a conexão TCP primeiro, depois da resposta, como essa resposta tinha avisado (RFC 9112 §9.6).",

		"An HTTP/1.0 request without Connection: keep-alive: an HTTP/1.0 connection does not persist unless keep-alive is agreed, so this one ends after the response (RFC 9112 §9.3).": "Uma requisição HTTP/1.0 sem Connection: keep-alive: uma conexão HTTP/1.0 não persiste a não ser que se combine keep-alive, então esta termina depois da resposta (RFC 9112 §9.3).",

		"The client closed the TCP connection first, after the response: its request was HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after the response (RFC 9112 §9.3).": "O cliente fechou a conexão TCP primeiro, depois da resposta: a requisição dele era HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois da resposta (RFC 9112 §9.3).",

		"The client closed the TCP connection first, after the response: the response was HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after it (RFC 9112 §9.3).": "O cliente fechou a conexão TCP primeiro, depois da resposta: a resposta era HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois dela (RFC 9112 §9.3).",

		"The client closed the TCP connection first, after the response: request and response were HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after the response (RFC 9112 §9.3).": "O cliente fechou a conexão TCP primeiro, depois da resposta: a requisição e a resposta eram HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois da resposta (RFC 9112 §9.3).",

		"The server closed the TCP connection first, after its response: the request was HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after the response (RFC 9112 §9.3).": "O servidor fechou a conexão TCP primeiro, depois da resposta: a requisição era HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois da resposta (RFC 9112 §9.3).",

		"The server closed the TCP connection first, after its response: the response was HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after it (RFC 9112 §9.3).": "O servidor fechou a conexão TCP primeiro, depois da resposta: a resposta era HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois dela (RFC 9112 §9.3).",

		"The server closed the TCP connection first, after its response: request and response were HTTP/1.0 without Connection: keep-alive, and such a connection does not persist after the response (RFC 9112 §9.3).": "O servidor fechou a conexão TCP primeiro, depois da resposta: a requisição e a resposta eram HTTP/1.0 sem Connection: keep-alive, e uma conexão assim não persiste depois da resposta (RFC 9112 §9.3).",

		"The handshake had no Origin header. A browser always sends one (RFC 6455 §4.1), so this client is probably not a browser.": "O handshake não tinha o campo Origin. Um navegador sempre envia um (RFC 6455 §4.1), então este cliente provavelmente não é um navegador.",

		"Observation: the server answered 101 to a handshake whose Origin, %s, is not the origin of the host the request named (%s). That may be intended; a server meant for browsers should check Origin against the origins it trusts, or a page of any site could open a WebSocket to it with the user's cookies (RFC 6455 §10.2).": "Observação: o servidor respondeu 101 a um handshake cujo Origin, %s, não é a origem do host que a requisição indicou (%s). Pode ser intencional; um servidor feito para navegadores deveria conferir o Origin com as origens em que confia, senão uma página de qualquer site poderia abrir um WebSocket com ele usando os cookies do usuário (RFC 6455 §10.2).",

		"The answer to the ping: a pong with the same payload (RFC 6455 §5.5.3). WebSocket libraries answer pings by themselves; many servers ping to keep idle connections open through proxies and NATs, and to notice a peer that is gone.": "A resposta ao ping: um pong com o mesmo payload (RFC 6455 §5.5.3). As bibliotecas de WebSocket respondem pings sozinhas; muitos servidores enviam pings para manter abertas, através de proxies e NATs, conexões ociosas, e para perceber quando o outro lado sumiu.",

		"These bytes are encrypted (TLS): wsdemo relays them, but cannot decode them. Run your app over plain http:// (and ws://) on this machine while you watch it.": "Estes bytes estão criptografados (TLS): o wsdemo os repassa, mas não consegue decodificá-los. Rode o seu app em http:// (e ws://) simples nesta máquina enquanto o observa.",

		"TCP connections the proxy accepted and relayed to %s": "conexões TCP que o proxy aceitou e repassou para %s",
		"everything each side sent, as relayed":                "tudo o que cada lado enviou, como foi repassado",

		// pkg/demo/deflate_notes.go, annotate_ws.go, annotate_ext.go, duplex_notes.go: permessage-deflate
		"Sec-WebSocket-Extensions offers permessage-deflate: compression of each message, if the server agrees (RFC 7692 §7).": "O Sec-WebSocket-Extensions oferece permessage-deflate: compressão de cada mensagem, se o servidor concordar (RFC 7692 §7).",

		"The server accepted permessage-deflate: from here on either side may compress a data message, and says so with RSV1 on its first frame (RFC 7692 §6). Uncompressed messages can still cross, with RSV1 clear.": "O servidor aceitou o permessage-deflate: daqui em diante, qualquer um dos lados pode comprimir uma mensagem de dados, e avisa isso com o RSV1 no primeiro frame dela (RFC 7692 §6). Mensagens sem compressão ainda podem passar, com o RSV1 zerado.",

		"Both sides compress each message on its own, with no reference to earlier ones (no context takeover, RFC 7692 §7.1.1): each costs about as much as it would alone, and neither side keeps a window between messages.": "Os dois lados comprimem cada mensagem por si só, sem referência às anteriores (sem context takeover, RFC 7692 §7.1.1): cada uma custa mais ou menos o que custaria sozinha, e nenhum lado guarda uma janela entre mensagens.",

		"The server compresses each message on its own (server_no_context_takeover); the client's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1).": "O servidor comprime cada mensagem por si só (server_no_context_takeover); as mensagens do cliente podem se referir às anteriores dele (context takeover, RFC 7692 §7.1.1).",

		"The client compresses each message on its own (client_no_context_takeover); the server's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1).": "O cliente comprime cada mensagem por si só (client_no_context_takeover); as mensagens do servidor podem se referir às anteriores dele (context takeover, RFC 7692 §7.1.1).",

		"Neither side agreed to compress each message on its own, so each side's messages may refer back to its earlier ones (context takeover, RFC 7692 §7.1.1): text that repeats can cost a few bytes the second time, if the sender's compressor looks for it.": "Nenhum lado se comprometeu a comprimir cada mensagem por si só, então as mensagens de cada lado podem se referir às anteriores dele (context takeover, RFC 7692 §7.1.1): um texto que se repete pode custar poucos bytes na segunda vez, se o compressor de quem envia procurar por isso.",

		"The client offered permessage-deflate and the server's answer does not accept it: every message crosses uncompressed, and RSV1 must stay clear (RFC 6455 §5.2, §9.1).": "O cliente ofereceu permessage-deflate e a resposta do servidor não o aceita: todas as mensagens passam sem compressão, e o RSV1 precisa ficar zerado (RFC 6455 §5.2, §9.1).",

		"The server's answer breaks a rule: %s.": "A resposta do servidor quebra uma regra: %s.",

		"RSV1 is set: this message is compressed (RFC 7692 §6). The sender ends its DEFLATE data with an empty block with no compression (BTYPE=00, RFC 1951 §3.2.4), adding one if needed, then removes that block's last 4 bytes, 00 00 ff ff (RFC 7692 §7.2.1); the receiver appends 00 00 ff ff to the message's payload and inflates it (RFC 7692 §7.2.2). The frame is shown as it crossed; the message, inflated, follows it.": "RSV1 está ligado: esta mensagem está comprimida (RFC 7692 §6). O remetente termina seus dados DEFLATE com um bloco vazio sem compressão (BTYPE=00, RFC 1951 §3.2.4), acrescentando um se preciso, e então remove os 4 últimos bytes desse bloco, 00 00 ff ff (RFC 7692 §7.2.1); o receptor acrescenta 00 00 ff ff ao payload da mensagem e o descomprime (RFC 7692 §7.2.2). O frame aparece como passou; a mensagem, descomprimida, vem depois dele.",

		"Compression did not pay here: %d bytes crossed for a message of %d. A short message gives DEFLATE little to work with, and its block header costs bytes of its own; a sender may leave such messages uncompressed, with RSV1 clear (RFC 7692 §6).": "Aqui a compressão não compensou: {1:passou|passaram} %d {byte|bytes} por uma mensagem de %d. Uma mensagem curta dá pouco material ao DEFLATE, e o cabeçalho do bloco custa bytes próprios; quem envia pode deixar mensagens assim sem compressão, com o RSV1 zerado (RFC 7692 §6).",

		"%d bytes crossed for a message of %d: DEFLATE replaces repeated text with references to where it appeared before (RFC 1951 §2).": "{1:Passou|Passaram} %d {byte|bytes} por uma mensagem de %d: o DEFLATE troca um texto repetido por referências a onde ele apareceu antes (RFC 1951 §2).",

		"wsdemo could not inflate this message: an earlier compressed message from the same side could not be inflated to its end, and with context takeover this one may refer back into it (RFC 7692 §7.1.1).": "O wsdemo não conseguiu descomprimir esta mensagem: uma mensagem comprimida anterior, do mesmo lado, não pôde ser descomprimida até o fim, e com context takeover esta pode se referir a ela (RFC 7692 §7.1.1).",

		"wsdemo stopped inflating this message at %d MiB: a few kilobytes of DEFLATE can stand for gigabytes, and a receiver must protect itself from messages too big for it (RFC 6455 §10.4). The compressed bytes after that point were counted, not inflated.": "O wsdemo parou de descomprimir esta mensagem em %d MiB: poucos kilobytes de DEFLATE podem valer gigabytes, e quem recebe precisa se proteger de mensagens grandes demais para ele (RFC 6455 §10.4). Os bytes comprimidos depois desse ponto foram contados, não descomprimidos.",

		"RSV1 = 1: this message is compressed with permessage-deflate (RFC 7692 §6)":                "RSV1 = 1: esta mensagem está comprimida com permessage-deflate (RFC 7692 §6)",
		"clear: only the first frame of a compressed message has RSV1 set (RFC 7692 §6)":            "zerado: só o primeiro frame de uma mensagem comprimida tem o RSV1 ligado (RFC 7692 §6)",
		"compressed with DEFLATE (RFC 7692 §7.2.1), shown as it crossed":                            "comprimido com DEFLATE (RFC 7692 §7.2.1), mostrado como passou",
		"compressed with DEFLATE (RFC 7692 §7.2.1), shown unmasked":                                 "comprimido com DEFLATE (RFC 7692 §7.2.1), mostrado sem a máscara",
		"what crossed the wire, in the frames above":                                                "o que passou pela rede, nos frames acima",
		"what the receiving application gets (RFC 7692 §7.2.2)":                                     "o que a aplicação que recebe obtém (RFC 7692 §7.2.2)",
		"the whole message, inflated from the compressed bytes of all its frames (RFC 7692 §7.2.2)": "a mensagem inteira, descomprimida a partir dos bytes comprimidos de todos os seus frames (RFC 7692 §7.2.2)",

		"what the receiver gets: it appends 00 00 ff ff to the compressed bytes and inflates them (RFC 7692 §7.2.2)": "o que quem recebe obtém: ele acrescenta 00 00 ff ff aos bytes comprimidos e os descomprime (RFC 7692 §7.2.2)",

		// the parts of Sec-WebSocket-Extensions (RFC 7692 §7.1)
		"offered: compress each message with DEFLATE, if the server agrees (RFC 7692 §7)":                                  "oferecido: comprimir cada mensagem com DEFLATE, se o servidor concordar (RFC 7692 §7)",
		"accepted: from here on, a message whose first frame has RSV1 set is compressed (RFC 7692 §6, §7)":                 "aceito: daqui em diante, uma mensagem cujo primeiro frame tem o RSV1 ligado está comprimida (RFC 7692 §6, §7)",
		"an extension wsdemo does not decode, offered (RFC 6455 §9.1)":                                                     "uma extensão que o wsdemo não decodifica, oferecida (RFC 6455 §9.1)",
		"an extension wsdemo does not decode, accepted: frames that use it are shown as they crossed (RFC 6455 §9.1)":      "uma extensão que o wsdemo não decodifica, aceita: os frames que a usam aparecem como passaram (RFC 6455 §9.1)",
		"asks the server to compress each message on its own, never referring back to earlier ones (RFC 7692 §7.1.1.1)":    "pede ao servidor que comprima cada mensagem por si só, sem nunca se referir às anteriores (RFC 7692 §7.1.1.1)",
		"the server compresses each message on its own: its messages never refer back to earlier ones (RFC 7692 §7.1.1.1)": "o servidor comprime cada mensagem por si só: as mensagens dele nunca se referem às anteriores (RFC 7692 §7.1.1.1)",
		"the client says it will compress each message on its own (RFC 7692 §7.1.1.2)":                                     "o cliente avisa que vai comprimir cada mensagem por si só (RFC 7692 §7.1.1.2)",
		"the client must compress each message on its own (RFC 7692 §7.1.1.2)":                                             "o cliente precisa comprimir cada mensagem por si só (RFC 7692 §7.1.1.2)",
		"asks the server for an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.1)":                                "pede ao servidor uma janela LZ77 de no máximo 2^%d = %d {byte|bytes} (RFC 7692 §7.1.2.1)",
		"the server uses an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.1)":                                    "o servidor usa uma janela LZ77 de no máximo 2^%d = %d {byte|bytes} (RFC 7692 §7.1.2.1)",
		"the client can use a smaller LZ77 window if the server asks (RFC 7692 §7.1.2.2)":                                  "o cliente pode usar uma janela LZ77 menor, se o servidor pedir (RFC 7692 §7.1.2.2)",
		"the client says it will use an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.2)":                        "o cliente avisa que vai usar uma janela LZ77 de no máximo 2^%d = %d {byte|bytes} (RFC 7692 §7.1.2.2)",
		"the client must use an LZ77 window of at most 2^%d = %d bytes (RFC 7692 §7.1.2.2)":                                "o cliente precisa usar uma janela LZ77 de no máximo 2^%d = %d {byte|bytes} (RFC 7692 §7.1.2.2)",
		"the window size must be a number of bits from 8 to 15 (RFC 7692 §7.1.2)":                                          "o tamanho da janela precisa ser um número de bits de 8 a 15 (RFC 7692 §7.1.2)",
		"a parameter permessage-deflate does not define (RFC 7692 §7.1)":                                                   "um parâmetro que o permessage-deflate não define (RFC 7692 §7.1)",

		// pkg/demo/proxy_sio.go: Engine.IO and Socket.IO
		"Engine.IO, the transport under Socket.IO: its client starts with ordinary HTTP requests to %s, a GET to receive packets and a POST to send them (long-polling), then tries to upgrade to a WebSocket (Engine.IO v4, \"Transports\").": "Engine.IO, o transporte por baixo do Socket.IO: o cliente dele começa com requisições HTTP comuns para %s, um GET para receber pacotes e um POST para enviá-los (long-polling), e depois tenta passar para um WebSocket (Engine.IO v4, \"Transports\").",

		"Engine.IO's WebSocket transport: the same session (sid) moves to this connection, one Engine.IO packet per WebSocket message (Engine.IO v4, \"Upgrade\").": "O transporte WebSocket do Engine.IO: a mesma sessão (sid) passa para esta conexão, um pacote Engine.IO por mensagem WebSocket (Engine.IO v4, \"Upgrade\").",

		"This packet breaks a rule: %s.": "Este pacote quebra uma regra: %s.",

		"Engine.IO's open packet (0), the server's answer to the handshake: the session id (sid) that every later request names, the transports it may upgrade to, and how often it will ping (Engine.IO v4, \"Handshake\").": "O pacote open (0) do Engine.IO, a resposta do servidor ao handshake: o id da sessão (sid), que toda requisição seguinte informa, os transportes para os quais ela pode passar, e de quanto em quanto tempo ele vai enviar ping (Engine.IO v4, \"Handshake\").",

		"Engine.IO's heartbeat: the server sends a ping (2) every pingInterval and the client answers with a pong (3); a side that hears nothing for too long closes the session (Engine.IO v4, \"Heartbeat\").": "O heartbeat do Engine.IO: o servidor envia um ping (2) a cada pingInterval e o cliente responde com um pong (3); um lado que fica tempo demais sem ouvir nada encerra a sessão (Engine.IO v4, \"Heartbeat\").",

		"2probe and 3probe: before moving the session to the new WebSocket, the client checks that it works (Engine.IO v4, \"Upgrade\").": "2probe e 3probe: antes de passar a sessão para o novo WebSocket, o cliente confere se ele funciona (Engine.IO v4, \"Upgrade\").",

		"The upgrade packet (5): the client moves the session to the WebSocket; long-polling stops (Engine.IO v4, \"Upgrade\").": "O pacote upgrade (5): o cliente passa a sessão para o WebSocket; o long-polling para (Engine.IO v4, \"Upgrade\").",

		"A noop packet (6): the server ends a long-poll still waiting, so that the client can finish the upgrade (Engine.IO v4, \"Upgrade\").": "Um pacote noop (6): o servidor encerra um long-poll que ainda esperava, para o cliente poder concluir o upgrade (Engine.IO v4, \"Upgrade\").",

		"The close packet (1): the session is over (Engine.IO v4, \"Protocol\").": "O pacote close (1): a sessão acabou (Engine.IO v4, \"Protocol\").",

		"An Engine.IO message packet (4): data for the layer above (Engine.IO v4, \"Protocol\").": "Um pacote message (4) do Engine.IO: dados para a camada de cima (Engine.IO v4, \"Protocol\").",

		"Socket.IO's CONNECT packet: 4 is Engine.IO's message, 0 Socket.IO's CONNECT. The client joins a namespace, \"/\" unless it names one, and the server's CONNECT answers with the socket's id (Socket.IO v5, \"Connection to a namespace\").": "O pacote CONNECT do Socket.IO: 4 é o message do Engine.IO, 0 o CONNECT do Socket.IO. O cliente entra num namespace, \"/\" se não indicar outro, e o CONNECT do servidor responde com o id do socket (Socket.IO v5, \"Connection to a namespace\").",

		"Socket.IO's EVENT packet: 4 is Engine.IO's message, 2 Socket.IO's EVENT, then a JSON array of the event's name and its arguments: what emit(\"name\", ...) sends (Socket.IO v5, \"Sending and receiving data\").": "O pacote EVENT do Socket.IO: 4 é o message do Engine.IO, 2 o EVENT do Socket.IO, e depois um array JSON com o nome do evento e os argumentos dele: o que emit(\"name\", ...) envia (Socket.IO v5, \"Sending and receiving data\").",

		"Socket.IO's ACK packet (3): the answer to an event sent with an acknowledgement id, carrying the same id (Socket.IO v5, \"Acknowledgement\").": "O pacote ACK (3) do Socket.IO: a resposta a um evento enviado com um id de confirmação, levando o mesmo id (Socket.IO v5, \"Acknowledgement\").",

		"Socket.IO's DISCONNECT packet (1): the socket leaves the namespace (Socket.IO v5, \"Disconnection from a namespace\").": "O pacote DISCONNECT (1) do Socket.IO: o socket sai do namespace (Socket.IO v5, \"Disconnection from a namespace\").",

		"A binary event or acknowledgement (5 or 6): the JSON holds a placeholder for each binary argument, and the binary data follows as separate packets, one per attachment (Socket.IO v5, \"Packet encoding\").": "Um evento ou uma confirmação binária (5 ou 6): o JSON tem um marcador para cada argumento binário, e os dados binários vêm em seguida como pacotes separados, um por anexo (Socket.IO v5, \"Packet encoding\").",

		"no type digit: over long-polling binary data is b followed by its base64, and is a message (Engine.IO v4, \"Packet encoding\")": "sem dígito de tipo: no long-polling, dados binários são b seguido do seu base64, e são uma mensagem (Engine.IO v4, \"Packet encoding\")",
		"binary frame": "frame binário",
		"no type byte: over WebSocket binary data is a binary frame of its own, as it is, and is a message (Engine.IO v4, \"Packet encoding\")": "sem byte de tipo: no WebSocket, dados binários vão num frame binário próprio, como são, e são uma mensagem (Engine.IO v4, \"Packet encoding\")",
		"the transport's packet type (Engine.IO v4, \"Packet encoding\")":                                                                       "o tipo de pacote do transporte (Engine.IO v4, \"Packet encoding\")",
		"the packet type of Socket.IO, inside Engine.IO's message (Socket.IO v5, \"Packet encoding\")":                                          "o tipo de pacote do Socket.IO, dentro do message do Engine.IO (Socket.IO v5, \"Packet encoding\")",
		"the ACK that answers this carries the same id (Socket.IO v5, \"Acknowledgement\")":                                                     "o ACK que responder a este leva o mesmo id (Socket.IO v5, \"Acknowledgement\")",

		// pkg/demo/proxy.go, proxy_notes.go: the proxy's own lines and its summary
		"wsdemo proxy: listening on %s, relaying every connection to %s": "wsdemo proxy: escutando em %s, repassando cada conexão para %s",
		"wsdemo: %s": "wsdemo: %s",
		"%s refused the connection (nothing listens there): wsdemo closes connection #%#d": "%s recusou a conexão (nada está escutando ali): o wsdemo fecha a conexão #%#d",
		"nothing listens on %s: start your app first":                                      "nada está escutando em %s: inicie o seu app primeiro",
		"%s did not answer within %v: wsdemo closes connection #%#d":                       "%s não respondeu em %v: o wsdemo fecha a conexão #%#d",
		"%s does not answer: is your app running there, and reachable from here?":          "%s não responde: o seu app está rodando ali, e dá para alcançá-lo daqui?",
		"%s could not be looked up (%s): wsdemo closes connection #%#d":                    "não foi possível resolver o nome %s (%s): o wsdemo fecha a conexão #%#d",
		"the host in --to %s could not be looked up: check its spelling, or use 127.0.0.1": "não foi possível resolver o host em --to %s: confira como está escrito, ou use 127.0.0.1",
		"%s could not be reached (%s): wsdemo closes connection #%#d":                      "não foi possível alcançar %s (%s): o wsdemo fecha a conexão #%#d",
		"%s could not be reached: %s":                                                      "não foi possível alcançar %s: %s",
		"the connection to %s failed (%s): wsdemo closes connection #%#d":                  "a conexão com %s falhou (%s): o wsdemo fecha a conexão #%#d",
		"%s reset its connection: wsdemo closes connection #%#d":                           "%s resetou a conexão dele: o wsdemo fecha a conexão #%#d",
		"proxy stopped: %s":          "proxy encerrado: %s",
		"connections":                "conexões",
		"%d requests · %d responses": "%d {requisição|requisições} · %d {resposta|respostas}",

		// pkg/demo/annotate_ws.go: compressed frames and messages
		"compressed":                           "comprimida",
		"inflated":                             "descomprimida",
		"%s %d bytes compressed":               "%s %d {byte comprimido|bytes comprimidos}",
		"%s %d bytes compressed → %d inflated": "%s %d {byte comprimido|bytes comprimidos} → %d {descomprimido|descomprimidos}",
		"binary message, %d bytes compressed, not inflated":   "mensagem binária, %d {byte comprimido|bytes comprimidos}, não descomprimida",
		"text message, %d bytes compressed, not inflated":     "mensagem de texto, %d {byte comprimido|bytes comprimidos}, não descomprimida",
		"binary message (inflated %d → %d bytes)":             "mensagem binária (descomprimida %d → %d {byte|bytes})",
		"binary message (inflated %d → %d bytes, %d frames)":  "mensagem binária (descomprimida %d → %d {2:byte|bytes}, %d {frame|frames})",
		"text message (inflated %d → %d bytes)":               "mensagem de texto (descomprimida %d → %d {byte|bytes})",
		"text message (inflated %d → %d bytes, %d frames)":    "mensagem de texto (descomprimida %d → %d {2:byte|bytes}, %d {frame|frames})",
		"text message (inflated %d → %d bytes) %s":            "mensagem de texto (descomprimida %d → %d {byte|bytes}) %s",
		"text message (inflated %d → %d bytes, %d frames) %s": "mensagem de texto (descomprimida %d → %d {2:byte|bytes}, %d {frame|frames}) %s",

		// pkg/wire/deflate.go, frame_decoder.go: inflating, and RSV with permessage-deflate
		"a compressed message ended that never began": "terminou uma mensagem comprimida que nunca começou",
		"inflated to more than %d MiB, where wsdemo stopped: a receiver must protect itself from messages too big for it (RFC 6455 §10.4)":                                             "descomprimida passa de %d MiB, onde o wsdemo parou: quem recebe precisa se proteger de mensagens grandes demais para ele (RFC 6455 §10.4)",
		"not inflated: an earlier compressed message from the same side could not be inflated to its end, and with context takeover this one may refer back into it (RFC 7692 §7.1.1)": "não descomprimida: uma mensagem comprimida anterior, do mesmo lado, não pôde ser descomprimida até o fim, e com context takeover esta pode se referir a ela (RFC 7692 §7.1.1)",
		"not inflated: an earlier compressed message from the same side was cut short, and with context takeover this one may refer back into it (RFC 7692 §7.1.1)":                    "não descomprimida: uma mensagem comprimida anterior, do mesmo lado, foi interrompida, e com context takeover esta pode se referir a ela (RFC 7692 §7.1.1)",
		"the compressed data is not valid DEFLATE (RFC 1951) at byte %d of the message's compressed payload: it cannot be inflated (RFC 7692 §7.2.2)":                                  "os dados comprimidos não são DEFLATE válido (RFC 1951) no byte %d do payload comprimido da mensagem: não dá para descomprimi-los (RFC 7692 §7.2.2)",
		"the compressed data could not be inflated: %s (RFC 7692 §7.2.2)":                                                                                                              "os dados comprimidos não puderam ser descomprimidos: %s (RFC 7692 §7.2.2)",
		"RSV1 is set on a %s frame, but permessage-deflate compresses data messages only: a control frame must have it clear (RFC 7692 §6)":                                            "o RSV1 está ligado num frame %s, mas o permessage-deflate só comprime mensagens de dados: um frame de controle precisa tê-lo zerado (RFC 7692 §6)",
		"RSV1 is set on a continuation frame: permessage-deflate sets it on the first frame of a compressed message only (RFC 7692 §6)":                                                "o RSV1 está ligado num frame de continuação: o permessage-deflate só o liga no primeiro frame de uma mensagem comprimida (RFC 7692 §6)",
		"RSV2 is set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)":                                                            "o RSV2 está ligado, mas a única extensão negociada, o permessage-deflate, só define o RSV1 (RFC 6455 §5.2, RFC 7692 §6)",
		"RSV3 is set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)":                                                            "o RSV3 está ligado, mas a única extensão negociada, o permessage-deflate, só define o RSV1 (RFC 6455 §5.2, RFC 7692 §6)",
		"RSV2 and RSV3 are set, but the one extension negotiated, permessage-deflate, defines only RSV1 (RFC 6455 §5.2, RFC 7692 §6)":                                                  "o RSV2 e o RSV3 estão ligados, mas a única extensão negociada, o permessage-deflate, só define o RSV1 (RFC 6455 §5.2, RFC 7692 §6)",

		// pkg/wire/extensions.go: Sec-WebSocket-Extensions and the answer's rules
		"a parameter with no extension before it in %q (RFC 6455 §9.1)": "um parâmetro sem extensão antes dele em %q (RFC 6455 §9.1)",
		"%q is not a valid extension name (a token, RFC 6455 §9.1)":     "%q não é um nome de extensão válido (um token, RFC 6455 §9.1)",
		"an empty parameter in extension %s (RFC 6455 §9.1)":            "um parâmetro vazio na extensão %s (RFC 6455 §9.1)",
		"extension %s: %s": "extensão %s: %s",
		"%q is not a valid parameter name (a token, RFC 6455 §9.1)":                                                                      "%q não é um nome de parâmetro válido (um token, RFC 6455 §9.1)",
		"parameter %s has a malformed quoted value %s":                                                                                   "o parâmetro %s tem um valor entre aspas malformado, %s",
		"parameter %s: the quoted value %s is not a token once unquoted (RFC 6455 §9.1)":                                                 "parâmetro %s: o valor entre aspas %s não é um token depois de tiradas as aspas (RFC 6455 §9.1)",
		"parameter %s has the value %q, which is not a token (RFC 6455 §9.1)":                                                            "o parâmetro %s tem o valor %q, que não é um token (RFC 6455 §9.1)",
		"the server's Sec-WebSocket-Extensions is malformed: %s":                                                                         "o Sec-WebSocket-Extensions do servidor está malformado: %s",
		"the server accepted permessage-deflate, which the client did not offer: a client must then fail the connection (RFC 6455 §4.1)": "o servidor aceitou o permessage-deflate, que o cliente não ofereceu: nesse caso, o cliente precisa derrubar a conexão (RFC 6455 §4.1)",
		"the server accepted permessage-deflate more than once; its first answer is the one decoded here":                                "o servidor aceitou o permessage-deflate mais de uma vez; a primeira resposta dele é a que é decodificada aqui",
		"the answer has %s twice: a client must fail the connection (RFC 7692 §7.1)":                                                     "a resposta tem %s duas vezes: o cliente precisa derrubar a conexão (RFC 7692 §7.1)",
		"%s takes no value, but the answer gives it %q (RFC 7692 §7.1.1)":                                                                "%s não leva valor, mas a resposta lhe dá %q (RFC 7692 §7.1.1)",
		"the answer limits client_max_window_bits, which the client's offer did not include: a server must not (RFC 7692 §7.1.2.2)":      "a resposta limita o client_max_window_bits, que a oferta do cliente não incluía: o servidor não pode fazer isso (RFC 7692 §7.1.2.2)",
		"the answer has the parameter %s, which permessage-deflate does not define: a client must fail the connection (RFC 7692 §7.1)":   "a resposta tem o parâmetro %s, que o permessage-deflate não define: o cliente precisa derrubar a conexão (RFC 7692 §7.1)",
		"%s in an answer must be a number from 8 to 15, and has no value (RFC 7692 §7.1.2)":                                              "%s numa resposta precisa ser um número de 8 a 15, e está sem valor (RFC 7692 §7.1.2)",
		"%s in an answer must be a number from 8 to 15, got %q (RFC 7692 §7.1.2)":                                                        "%s numa resposta precisa ser um número de 8 a 15, e veio %q (RFC 7692 §7.1.2)",
	}
}
