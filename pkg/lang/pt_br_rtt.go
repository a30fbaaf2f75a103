package lang

// ptBRRTT translates the texts of the simulated distance (--rtt): the note
// every scenario opens with, and what the summaries say it cost.
func ptBRRTT() map[string]string {
	return map[string]string{
		// pkg/demo/rtt.go
		"Every tapped connection behaves as if its two ends were %v apart: each byte, and each close, arrives %v after it was sent, in the order sent, as on a long network path (a delay line, like Linux's netem). A new TCP connection takes a round trip before the client can send: the SYN and the SYN-ACK (RFC 9293 §3.5).": "Cada conexão capturada se comporta como se as suas duas pontas estivessem a %v uma da outra: cada byte, e cada fechamento, chega %v depois de enviado, na ordem em que foi enviado, como num caminho de rede longo (uma linha de atraso, como a que o netem do Linux cria). Uma conexão TCP nova leva uma ida e volta antes que o cliente possa enviar: o SYN e o SYN-ACK (RFC 9293 §3.5).",

		"The bytes still cross this machine's loopback; only the distance is simulated. Run without --rtt to compare.": "Os bytes continuam passando pelo loopback desta máquina; só a distância é simulada. Rode sem --rtt para comparar.",

		// pkg/demo/http.go: the summary's note
		"With a simulated round trip of %v, each answer began %s to %s ms after its request was written: a request waits a whole round trip for its answer, however small it is.": "Com uma ida e volta simulada de %v, cada resposta começou de %s a %s ms depois de a sua requisição ser escrita: uma requisição espera uma ida e volta inteira pela resposta, por menor que seja.",

		"A new connection cost one more round trip before its request could leave (%s ms or more here): the SYN and the SYN-ACK.": "Uma conexão nova custou mais uma ida e volta antes que a sua requisição pudesse sair (%s ms ou mais aqui): o SYN e o SYN-ACK.",

		// pkg/demo/realtime_report.go: the conclusion at a simulated distance

		"A push pays the one-way trip once, and no more.": "Um push paga a viagem de ida uma vez, e nada mais.",

		"Raw TCP took %s ms in the same run: WebSocket's %s ms more is more than its framing explains (a busy machine shows up here).": "O TCP puro levou %s ms na mesma execução: os %s ms a mais do WebSocket são mais do que os frames explicam (uma máquina ocupada aparece aqui).",

		"Raw TCP took %s ms in the same run: both waited the same trip, and what WebSocket adds to raw TCP is lost in it.": "O TCP puro levou %s ms na mesma execução: os dois esperaram a mesma viagem, e o que o WebSocket acrescenta ao TCP puro some dentro dela.",

		"An edit waits for the next poll to reach the server, then for the answer to come back.": "Uma edição espera a próxima consulta chegar ao servidor, e depois a resposta voltar.",

		"At this distance that is %s ms more than WebSocket's median: after each answer the server holds no request for a round trip (%v: the answer's way to tab B, then the next request's way back), and an edit made meanwhile waits for it.": "A esta distância, são %s ms a mais que a mediana do WebSocket: depois de cada resposta, o servidor fica sem requisição por uma ida e volta (%v: o caminho da resposta até a aba B, e depois o da próxima requisição de volta), e uma edição feita nesse meio-tempo espera por ela.",

		"At this distance its median was close to WebSocket's in this run (%s against %s ms).": "A esta distância, a mediana dele ficou perto da do WebSocket nesta execução (%s contra %s ms).",

		// pkg/demo/realtime_report.go: where the bytes went, with or without --rtt

		// pkg/demo/rtt.go
		"--rtt %s: a simulated round trip, %v each way": "--rtt %s: uma ida e volta simulada, %v em cada sentido",
	}
}
