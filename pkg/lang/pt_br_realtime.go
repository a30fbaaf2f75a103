package lang

// ptBRRealtime translates the texts of the realtime demo (and of the server and
// the shared annotations it uses).
func ptBRRealtime() map[string]string {
	return map[string]string{
		// pkg/demo/realtime.go
		"Each way runs on its own document, one after another. Only tab B's connections are tapped, so the requests, responses and bytes counted are tab B's; the server notes each of tab A's edits as it applies it.": "Cada técnica roda no seu próprio documento, uma depois da outra. Só as conexões da aba B são capturadas, então as requisições, respostas e bytes contados são os da aba B; o servidor registra cada edição da aba A no momento em que a aplica.",

		"Latency runs from that moment to the moment tab B's code had read and parsed the message carrying the edit (one monotonic clock, one process).": "A latência vai desse momento até o momento em que o código da aba B terminou de ler e interpretar a mensagem que trouxe a edição (um só relógio monotônico, um só processo).",

		// pkg/demo/realtime_tap.go: the first event of each kind, per strategy
		"The user reloads tab B: one GET for the whole document. Plain HTTP gives tab B no other way to learn that something changed.": "O usuário recarrega a aba B: um GET do documento inteiro. Com HTTP puro, a aba B não tem outro jeito de saber que algo mudou.",

		"Every edit tab A made arrives at once, folded into the document. Tab B saw none of them as they happened.": "Todas as edições que a aba A fez chegam de uma vez, já incorporadas ao documento. A aba B não viu nenhuma delas enquanto aconteciam.",

		"Tab B asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2). It asks on a timer, whether or not anything happened.": "A aba B pergunta se o documento mudou, informando no If-None-Match a versão que tem (RFC 9110 §13.1.2). Ela pergunta num intervalo fixo, tenha acontecido algo ou não.",

		"Nothing new: 304 Not Modified, and no body (RFC 9110 §15.4.5). An empty answer still costs a whole request and response on the wire.": "Nada de novo: 304 Not Modified, sem corpo (RFC 9110 §15.4.5). Mesmo uma resposta vazia custa uma requisição e uma resposta inteiras na rede.",

		"Something changed: the whole document, with every edit made since the last poll. Those edits waited for this poll to be seen.": "Algo mudou: o documento inteiro, com todas as edições feitas desde a última consulta. Essas edições esperaram por esta consulta para serem vistas.",

		"Tab B asks for the edits after the version it has, and the server holds the request open until there is one: long polling (RFC 6202 §2.1).": "A aba B pede as edições posteriores à versão que tem, e o servidor segura a requisição aberta até haver uma: long polling (RFC 6202 §2.1).",

		"The answer leaves as soon as tab A's edit is applied. Tab B asks again at once: one full request and response per answer.": "A resposta sai assim que a edição da aba A é aplicada. A aba B pergunta de novo na hora: uma requisição e uma resposta completas a cada entrega.",

		"The server held the request as long as it would with no edit, then answered 204 No Content (RFC 9110 §15.3.5); tab B asks again.": "O servidor segurou a requisição pelo tempo máximo, sem nenhuma edição, e então respondeu 204 No Content (RFC 9110 §15.3.5); a aba B pergunta de novo.",

		"One HTTP request, asking to switch this connection to WebSocket: Upgrade: websocket (RFC 6455 §4.1). It is the only HTTP request of this strategy.": "Uma requisição HTTP, pedindo para trocar esta conexão para WebSocket: Upgrade: websocket (RFC 6455 §4.1). É a única requisição HTTP desta técnica.",

		"101 Switching Protocols: from here on the connection carries WebSocket frames, and either side may send at will (RFC 6455 §1.2, §4.2.2).": "101 Switching Protocols: daqui em diante, a conexão leva frames WebSocket, e qualquer um dos lados pode enviar quando quiser (RFC 6455 §1.2, §4.2.2).",

		"The server pushes the edit the moment it is applied; tab B did not ask. A small frame header and the JSON, nothing else (RFC 6455 §5.2).": "O servidor envia a edição por conta própria, no momento em que ela é aplicada; a aba B não pediu nada. Um cabeçalho de frame pequeno e o JSON, nada mais (RFC 6455 §5.2).",

		"Tab B starts the closing handshake: a Close frame with a status code (RFC 6455 §5.5.1, §7.4.1).": "A aba B inicia o handshake de fechamento: um frame Close com um código de status (RFC 6455 §5.5.1, §7.4.1).",

		// pkg/demo/realtime_tap.go: strategyTitles (the comparison's meanings)
		"plain HTTP, tab B sees changes only when the user reloads": "HTTP puro: a aba B só vê as mudanças quando o usuário recarrega",

		"tab B asks again and again whether anything changed": "a aba B pergunta sem parar se algo mudou",

		"tab B asks, and the server answers only when there is a change": "a aba B pergunta, e o servidor só responde quando há uma mudança",

		"one handshake, then the server pushes every edit": "um handshake, e depois o servidor envia cada edição por conta própria",

		"the same pushes over raw TCP: no HTTP, no WebSocket framing": "os mesmos pushes sobre TCP puro: sem HTTP, sem frames WebSocket",

		// pkg/demo/realtime_tap.go: strategyNotes, and the raw relay's first line
		"In HTTP the server only ever answers requests (RFC 9110 §3.4), so an open page cannot be told that the document changed. Tab B sends nothing until the user reloads it, once, a moment after tab A's last edit.": "No HTTP, o servidor só responde a requisições (RFC 9110 §3.4), então não há como avisar uma página aberta de que o documento mudou. A aba B não envia nada até o usuário recarregá-la, uma vez, um pouco depois da última edição da aba A.",

		"Tab B sends a GET every %v. Most answers are empty when edits come less often than polls; when they come more often, they wait for the next poll. Either way the server cannot speak first (RFC 6455 §1.1 calls polling an abuse of HTTP).": "A aba B envia um GET a cada %v. Quando as edições são menos frequentes que as consultas, a maioria das respostas vem vazia; quando são mais frequentes, elas esperam a próxima consulta. Nos dois casos, o servidor não pode falar primeiro (a RFC 6455 §1.1 chama o polling de abuso do HTTP).",

		"Tab B keeps a GET waiting at the server, which answers it when there is an edit, and asks again as soon as it has the answer. This is how Socket.IO's Engine.IO starts a connection, before it upgrades to a WebSocket, and how it keeps working where WebSockets are blocked.": "A aba B mantém um GET esperando no servidor, que o responde quando há uma edição, e pergunta de novo assim que recebe a resposta. É assim que o Engine.IO, do Socket.IO, começa uma conexão antes de passar para WebSocket, e é assim que ele continua funcionando onde o WebSocket está bloqueado.",

		"Tab B opens a WebSocket: one HTTP request to upgrade the connection (RFC 6455 §4), then the server sends each edit as a frame the moment it is applied, on the same TCP connection, unasked.": "A aba B abre um WebSocket: uma requisição HTTP para fazer o upgrade da conexão (RFC 6455 §4), e depois o servidor envia cada edição como um frame no momento em que ela é aplicada, na mesma conexão TCP, sem ninguém pedir.",

		"The server pushes the same JSON, one line per edit, over a raw TCP connection, tapped like the others. It is a reference for the other numbers, measured in the same run on this machine, not a bound on what a protocol can do: refresh, for one, may send fewer bytes.": "O servidor envia por conta própria o mesmo JSON, uma linha por edição, numa conexão TCP pura, capturada como as outras. É uma referência para os outros números, medida na mesma execução nesta máquina, e não um limite para o que um protocolo consegue: o refresh, por exemplo, pode enviar menos bytes.",

		"No HTTP and no WebSocket frame: the edit's JSON and a newline, %d bytes straight on the TCP connection. It is the reference the other ways are measured against, on this machine, not a limit on them.": "Nem HTTP nem frame WebSocket: o JSON da edição e uma quebra de linha, %d {byte|bytes} direto na conexão TCP. É a referência com que as outras técnicas são comparadas, nesta máquina, e não um limite para elas.",

		// pkg/demo/realtime_report.go: a strategy's summary, its fields and its note
		"edits tab B received as updates while it followed the document": "edições que a aba B recebeu como atualizações enquanto acompanhava o documento",

		"edits tab B got only when the user reloaded": "edições que a aba B só recebeu quando o usuário recarregou",

		"half the edits reached tab B no later than this": "metade das edições chegou à aba B em até este tempo",

		"19 in 20 edits reached tab B no later than this": "19 de cada 20 edições chegaram à aba B em até este tempo",

		"the slowest edit": "a edição mais lenta",

		"requests tab B sent, each with its full headers": "requisições que a aba B enviou, cada uma com todos os seus campos de cabeçalho",

		"answers with no news (304 Not Modified, 204 No Content)": "respostas sem novidade (304 Not Modified, 204 No Content)",

		"everything on tab B's TCP connections, both ways": "tudo o que passou pelas conexões TCP da aba B, nos dois sentidos",

		"Tab B saw none of the %d edits as they happened. The reload showed all %d at once; an edit waited %s ms for it at the median.": "A aba B não viu nenhuma das edições (%d ao todo) enquanto aconteciam. O recarregamento as mostrou de uma vez (%d); na mediana, uma edição esperou %s ms por ele.",

		"%d of %d answers were empty. Edits waited for the next poll: %s ms at the median with one poll every %v.": "Respostas vazias: %d de %d. As edições esperaram a próxima consulta: %s ms na mediana, com uma consulta a cada %v.",

		"Raw TCP, the reference on this machine in this run: %s ms from the server applying an edit to tab B reading its line (median).": "TCP puro, a referência nesta máquina, nesta execução: %s ms entre o servidor aplicar uma edição e a aba B ler a linha dela (mediana).",

		// pkg/demo/realtime_report.go: pluralIn, ratioText, fraction

		// pkg/demo/realtime_report.go: the comparison's conclusion, one sentence at a time

		"That is %.1fx raw TCP's %s ms in the same run: the WebSocket framing costs next to nothing.": "Isso equivale a %.1fx os %s ms do TCP puro na mesma execução: os frames do WebSocket quase não custam nada.",

		"That is %.1fx raw TCP's %s ms in the same run, more than the 1.5x expected: this run measured more overhead (a busy machine shows up here).": "Isso equivale a %.1fx os %s ms do TCP puro na mesma execução, mais que o 1.5x esperado: esta execução mediu mais custo extra (uma máquina ocupada aparece aqui).",

		"Unexpectedly, polling's median delay was not clearly above WebSocket's in this run (%s against %s ms), though WebSocket used fewer bytes.": "Contra o esperado, a mediana do atraso do polling não ficou claramente acima da do WebSocket nesta execução (%s contra %s ms), embora o WebSocket tenha usado menos bytes.",

		"Unexpectedly, polling was not clearly behind WebSocket on delay, and used no more bytes, in this run: that is what was measured.": "Contra o esperado, o polling não ficou claramente atrás do WebSocket no atraso, e não usou mais bytes, nesta execução: foi isso o que se mediu.",

		"Refresh: tab B saw none of the %d edits as they happened; the reload showed them %s ms late at the median.": "Refresh: a aba B não viu nenhuma das edições (%d ao todo) enquanto aconteciam; o recarregamento as mostrou com %s ms de atraso na mediana.",

		"In this run WebSocket's median delay was %s ms against polling's %s ms, %vx shorter, and it used %.0f%% of polling's bytes.":                                                                                                                                                              "Nesta execução o atraso mediano do WebSocket foi de %s ms contra %s ms do polling, %vx menor, e ele usou %.0f%% dos bytes do polling.",
		"In this run WebSocket's median delay was too short to measure, against polling's %s ms, and it used %.0f%% of polling's bytes.":                                                                                                                                                           "Nesta execução o atraso mediano do WebSocket foi curto demais para medir, contra %s ms do polling, e ele usou %.0f%% dos bytes do polling.",
		"In this run WebSocket's median delay was %s ms against polling's %s ms, %vx shorter, but it used more bytes than polling (%d against %d).":                                                                                                                                                "Nesta execução o atraso mediano do WebSocket foi de %s ms contra %s ms do polling, %vx menor, mas ele usou mais bytes que o polling (%d contra %d).",
		"In this run WebSocket's median delay was too short to measure, against polling's %s ms, but it used more bytes than polling (%d against %d).":                                                                                                                                             "Nesta execução o atraso mediano do WebSocket foi curto demais para medir, contra %s ms do polling, mas ele usou mais bytes que o polling (%d contra %d).",
		"So this run does not show WebSocket ahead of every strategy it measured: %s did not deliver the edits clearly later, or in more bytes.":                                                                                                                                                   "Então esta execução não mostra o WebSocket à frente de todas as estratégias que mediu: %s não entregou as edições claramente depois, ou com mais bytes.",
		"So the claim holds on this machine: every other strategy measured here delivered the edits clearly later than WebSocket, and those that delivered them live, in more bytes. To keep two tabs in sync the server must be able to speak first, and a WebSocket lets it, on one connection.": "Então a afirmação se confirma nesta máquina: todas as outras estratégias medidas aqui entregaram as edições claramente depois do WebSocket, e as que as entregaram ao vivo, com mais bytes. Para manter duas abas em sincronia, o servidor precisa poder falar primeiro, e um WebSocket permite isso, numa só conexão.",
		"refresh":      "refresh",
		"polling":      "polling",
		"long polling": "long polling",

		// pkg/server/realtime.go
		"The server applies each edit, numbers it with the next version and notes the time. Latency is measured from here to the moment the other tab has the edit.": "O servidor aplica cada edição, dá a ela o número da próxima versão e anota a hora. A latência é medida daqui até o momento em que a outra aba tem a edição.",

		"The connection dropped without the closing handshake (RFC 6455 §7.1.5: status 1006, abnormal closure).":                                                                "A conexão caiu sem o handshake de fechamento (RFC 6455 §7.1.5: código 1006, fechamento anormal).",
		"A Close frame need not carry a status code; the receiver then counts it as 1005 (no status received), a code that never travels in a frame (RFC 6455 §7.1.5, §7.4.1).": "Um frame Close pode vir sem código de status; quem o recebe conta então 1005 (nenhum código de status recebido), um código que nunca viaja num frame (RFC 6455 §7.1.5, §7.4.1).",

		"The client sent a Close frame with this status code and the server answered with its own Close frame: the closing handshake (RFC 6455 §5.5.1, §7.4.1).": "O cliente enviou um frame Close com este código de status, e o servidor respondeu com o seu próprio frame Close: o handshake de fechamento (RFC 6455 §5.5.1, §7.4.1).",
		// pkg/demo/realtime*.go: headings, results, the conclusion
		"two tabs, one document: tab A makes %d edits, one every %v; tab B follows in %d ways":                   "duas abas, um documento: a aba A faz %d {edição|edições}, uma a cada %v; a aba B acompanha de %d {maneira|maneiras}",
		"seen %d/%d (%d on reload) · p50 %v ms · p95 %v ms · max %v ms · %d HTTP requests · %d empty · %d bytes": "vistas %d/%d (%d no recarregamento) · p50 %v ms · p95 %v ms · máx. %v ms · %d {requisição|requisições} HTTP · %d {vazia|vazias} · %d {byte|bytes}",
		"seen %d/%d (%d on reload) · no latency measured · %d HTTP requests · %d empty · %d bytes":               "vistas %d/%d (%d no recarregamento) · nenhuma latência medida · %d {requisição|requisições} HTTP · %d {vazia|vazias} · %d {byte|bytes}",
		"seen %d/%d · p50 %v ms · p95 %v ms · max %v ms · %d HTTP requests · %d empty · %d bytes":                "vistas %d/%d · p50 %v ms · p95 %v ms · máx. %v ms · %d {requisição|requisições} HTTP · %d {vazia|vazias} · %d {byte|bytes}",
		"seen %d/%d · no latency measured · %d HTTP requests · %d empty · %d bytes":                              "vistas %d/%d · nenhuma latência medida · %d {requisição|requisições} HTTP · %d {vazia|vazias} · %d {byte|bytes}",
		"edits seen":                "edições vistas",
		"%d of %d":                  "%d de %d",
		"shown by the reload":       "mostradas pelo recarregamento",
		"latency p50":               "latência p50",
		"latency p95":               "latência p95",
		"latency max":               "latência máx.",
		"%v ms":                     "%v ms",
		"empty responses":           "respostas vazias",
		"%d (%d sent, %d received)": "%d (%d enviados, %d recebidos)",
		"Tab B saw %d of %d edits, %s ms after they were made (median), at the price of %d HTTP requests: one per answer.": "A aba B viu %d de %d {edição|edições}, %s ms depois de feitas (mediana), ao preço de %d {requisição|requisições} HTTP: uma por resposta.",
		"%d HTTP requests, then %d edits pushed on the same connection: %s ms after they were made (median).":              "%d {requisição|requisições} HTTP e depois %d {edição enviada|edições enviadas} pelo servidor por conta própria na mesma conexão: %s ms depois de feitas (mediana).",
		"comparison": "comparação",
		"Simulated distance: every byte took %v each way (--rtt %s), so no edit could reach tab B sooner than %v after it was made.":                                                                                                            "Distância simulada: cada byte levou %v em cada sentido (--rtt %s), então nenhuma edição podia chegar à aba B antes de %v depois de feita.",
		"WebSocket: tab B saw %d of %d edits, %s ms after they were made (median), with %d HTTP requests and %d bytes.":                                                                                                                         "WebSocket: a aba B viu %d de %d {edição|edições}, %s ms depois de feitas (mediana), com %d {requisição|requisições} HTTP e %d {byte|bytes}.",
		"Polling every %v: %s ms median, %d requests, %d of them answered empty, %d bytes.":                                                                                                                                                     "Polling a cada %v: %s ms de mediana, %d {requisição|requisições}, %d delas com resposta vazia, %d {byte|bytes}.",
		"Long polling saw %d of %d edits, %s ms median, but paid %d HTTP requests and %d bytes: a full request and response per answer.":                                                                                                        "O long polling viu %d de %d {edição|edições}, %s ms de mediana, mas pagou %d {requisição|requisições} HTTP e %d {byte|bytes}: uma requisição e uma resposta completas a cada entrega.",
		"Raw TCP, the reference: tab B had each edit %s ms after the server applied it (median), in %d bytes.":                                                                                                                                  "TCP puro, a referência: a aba B recebeu cada edição %s ms depois de o servidor aplicá-la (mediana), em %d {byte|bytes}.",
		"Where the bytes went: WebSocket paid %d bytes once, for the handshake and the close, then about %d bytes per edit; a poll cost about %d bytes, a request and its response with full headers, news or not: as much as %d pushed edits.": "Para onde foram os bytes: o WebSocket pagou %d {byte|bytes} uma vez, pelo handshake e pelo fechamento, e depois cerca de %d {byte|bytes} por edição; uma consulta custou cerca de %d {byte|bytes}, uma requisição e a sua resposta com todos os cabeçalhos, com novidade ou não: tanto quanto %d {edição enviada|edições enviadas} pelo servidor por conta própria.",
		"With only %d polls here, WebSocket's one-time cost was not paid back: polling used fewer bytes.":                                                                                                                                       "Com só %d {consulta|consultas} aqui, o custo único do WebSocket não se pagou: o polling usou menos bytes.",
		"With %d polls here, polling's repeated headers outweighed WebSocket's one-time cost.":                                                                                                                                                  "Com %d {consulta|consultas} aqui, os cabeçalhos repetidos do polling pesaram mais que o custo único do WebSocket.",
	}
}
