package lang

// ptBRDecode translates the notes of wsdemo decode (pkg/demo/decode.go).
func ptBRDecode() map[string]string {
	return map[string]string{
		"MASK is 1 in the first frame: read as frames a client sent, since a client masks every frame and a server never does (RFC 6455 §5.1). --from server reads them as a server's.": "MASK é 1 no primeiro frame: lidos como frames que um cliente enviou, já que um cliente mascara todo frame e um servidor nunca o faz (RFC 6455 §5.1). “--from server” os lê como de um servidor.",

		"MASK is 0 in the first frame: read as frames a server sent, since a server never masks its frames and a client masks every one (RFC 6455 §5.1). --from client reads them as a client's.": "MASK é 0 no primeiro frame: lidos como frames que um servidor enviou, já que um servidor nunca mascara os seus frames e um cliente mascara todos (RFC 6455 §5.1). “--from client” os lê como de um cliente.",

		"Read as a whole stream, this frame breaks a rule: %s. If it is one piece of a longer conversation, the frames before it may explain it.": "Lido como um fluxo inteiro, este frame quebra uma regra: %s. Se ele for um pedaço de uma conversa mais longa, os frames anteriores podem explicá-lo.",

		"The last data frame has FIN=0: more fragments of its message were to follow (RFC 6455 §5.4).": "O último frame de dados tem FIN=0: mais fragmentos da sua mensagem viriam depois (RFC 6455 §5.4).",

		"This HTTP/1.1 request has no Host header: a client must send one, and a server must answer such a request with 400 (Bad Request) (RFC 9112 §3.2).": "Esta requisição HTTP/1.1 não tem o campo Host: o cliente precisa enviá-lo, e o servidor precisa responder a uma requisição assim com 400 (Bad Request) (RFC 9112 §3.2).",

		"This request has both Content-Length and Transfer-Encoding: a sender must not send both (RFC 9112 §6.2). Transfer-Encoding wins, and the message ought to be handled as an error, since two framings are how request smuggling works (RFC 9112 §6.3); a server may reject it, and must close the connection after answering it (RFC 9112 §6.1).": "Esta requisição tem Content-Length e Transfer-Encoding ao mesmo tempo: quem envia não pode mandar os dois (RFC 9112 §6.2). Vale o Transfer-Encoding, e a mensagem deveria ser tratada como erro, já que dois enquadramentos são o caminho do request smuggling (RFC 9112 §6.3); o servidor pode rejeitá-la, e precisa fechar a conexão depois de respondê-la (RFC 9112 §6.1).",

		"This response has both Content-Length and Transfer-Encoding: a sender must not send both (RFC 9112 §6.2). Transfer-Encoding wins, and the message ought to be handled as an error, since two framings are how response splitting works (RFC 9112 §6.3).": "Esta resposta tem Content-Length e Transfer-Encoding ao mesmo tempo: quem envia não pode mandar os dois (RFC 9112 §6.2). Vale o Transfer-Encoding, e a mensagem deveria ser tratada como erro, já que dois enquadramentos são o caminho do response splitting (RFC 9112 §6.3).",

		"RSV1 is set. Only an extension agreed in the opening handshake may set it (RFC 6455 §5.2): with permessage-deflate it marks a compressed message (RFC 7692 §6), without one it is a protocol error. The handshake is not in these bytes, so wsdemo cannot tell which, and shows the payload as it is, not inflated; put the 101 response before the frames to decode them as that handshake agreed.": "O RSV1 está ligado. Só uma extensão combinada no handshake de abertura pode ligá-lo (RFC 6455 §5.2): com permessage-deflate ele marca uma mensagem comprimida (RFC 7692 §6), sem nenhuma é um erro de protocolo. O handshake não está nestes bytes, então o wsdemo não sabe dizer qual dos dois, e mostra o payload como está, sem descomprimir; coloque a resposta 101 antes dos frames para decodificá-los como aquele handshake combinou.",
	}
}
