package lang

// ptBRDecode translates the notes of wsdemo decode (pkg/demo/decode.go).
func ptBRDecode() map[string]string {
	return map[string]string{
		"MASK is 1 in the first frame: read as frames a client sent, since a client masks every frame and a server never does (RFC 6455 §5.1). --from server reads them as a server's.": "MASK é 1 no primeiro frame: lidos como frames que um cliente enviou, já que um cliente mascara todo frame e um servidor nunca o faz (RFC 6455 §5.1). “--from server” os lê como de um servidor.",

		"MASK is 0 in the first frame: read as frames a server sent, since a server never masks its frames and a client masks every one (RFC 6455 §5.1). --from client reads them as a client's.": "MASK é 0 no primeiro frame: lidos como frames que um servidor enviou, já que um servidor nunca mascara os seus frames e um cliente mascara todos (RFC 6455 §5.1). “--from client” os lê como de um cliente.",

		"Read as a whole stream, this frame breaks a rule: %s. If it is one piece of a longer conversation, the frames before it may explain it.": "Lido como um fluxo inteiro, este frame quebra uma regra: %s. Se ele for um pedaço de uma conversa mais longa, os frames anteriores podem explicá-lo.",

		"The last data frame has FIN=0: more fragments of its message were to follow (RFC 6455 §5.4).": "O último frame de dados tem FIN=0: mais fragmentos da sua mensagem viriam depois (RFC 6455 §5.4).",
	}
}
