package lang

// ptBRServe translates the texts of `wsdemo serve` (pkg/demo/serve*.go): the
// notes on a real browser's traffic and the meanings of its headers.
func ptBRServe() map[string]string {
	return map[string]string{
		// pkg/demo/serve.go
		"tabs": "abas",
		"the tabs that sent requests, numbered by the page (?tab=N)": "as abas que enviaram requisições, numeradas pela página (?tab=N)",
		"opened by the browsers, which share them among their tabs":  "abertas pelos navegadores, que as dividem entre as suas abas",
		"%d answered": "%d {respondida|respondidas}",
		"WebSockets":  "WebSockets",
		"handshakes answered with 101; %d refused":                                    "handshakes respondidos com 101; %d {recusado|recusados}",
		"browser %d · server %d":                                                      "navegador %d · servidor %d",
		"every byte each side sent, as the tap counted it":                            "cada byte que cada lado enviou, como a captura o contou",
		"serving %s: open it in two tabs (or two browsers); Ctrl-C stops":             "servindo %s: abra em duas abas (ou dois navegadores); Ctrl-C encerra",
		"the foreign site at http://%s/ served its page to a browser (%s)":            "o site estrangeiro em http://%s/ serviu a sua página a um navegador (%s)",
		"served %d tabs on %d TCP connections: %d requests, %d WebSockets, %d frames": "%d {aba servida|abas servidas} em %d {conexão TCP|conexões TCP}: %d {requisição|requisições}, %d {WebSocket|WebSockets}, %d {frame|frames}",
		"Every connection a browser opens behaves as if its two ends were %v apart: each byte, and each close, arrives %v after it was sent, in the order sent, as on a long network path (a delay line, like Linux's netem). The tap is on the server's side, so the delay starts once the server has accepted the connection: opening it costs no round trip here, whereas on a real network the SYN and the SYN-ACK take one before the browser can send (RFC 9293 §3.5).": "Cada conexão que um navegador abre se comporta como se as suas duas pontas estivessem a %v uma da outra: cada byte, e cada fechamento, chega %v depois de enviado, na ordem em que foi enviado, como num caminho de rede longo (uma linha de atraso, como a que o netem do Linux cria). A captura fica do lado do servidor, então o atraso começa quando o servidor aceita a conexão: abri-la não custa nenhuma ida e volta aqui, enquanto numa rede de verdade o SYN e o SYN-ACK levam uma antes que o navegador possa enviar (RFC 9293 §3.5).",
		"Every byte the browsers send and receive is tapped on the server's side and decoded here, as the demos decode their own clients. Each request is labelled with the tab that sent it: the page adds ?tab=N to its requests.":                                                                                                                                                                                                                                          "Cada byte que os navegadores enviam e recebem é capturado do lado do servidor e decodificado aqui, como os demos decodificam os próprios clientes. Cada requisição leva o nome da aba que a enviou: a página acrescenta ?tab=N às suas requisições.",

		"The page's link to a foreign site (%s, another origin: another port) shows what the server's Origin check is for.": "O link da página para um site estrangeiro (%s, outra origem: outra porta) mostra para que serve a verificação de Origin do servidor.",

		"Another origin's server, not tapped: it is not this server. Its page's script now tries to open a WebSocket to the document.": "O servidor de outra origem, sem captura: não é este servidor. O script da página dele agora tenta abrir um WebSocket para o documento.",

		// pkg/demo/serve_observer.go
		"how long the server held the request before this answer (measured at the tap)": "quanto tempo o servidor segurou a requisição antes desta resposta (medido na captura)",

		// pkg/demo/serve_notes.go: the notes
		"This connection carried tab-%#d's requests before this one from tab-%#d: the browser shares its connections among its tabs. A connection belongs to the browser, not to a page.": "Esta conexão levou requisições da aba %#d antes desta, da aba %#d: o navegador divide as suas conexões entre as abas. Uma conexão pertence ao navegador, não a uma página.",

		"A client opened a TCP connection to the server; its requests will say what it is. A browser may open connections before it needs them, and shares them among its tabs: each request below is labelled with the tab it names.": "Um cliente abriu uma conexão TCP com o servidor; as requisições dele vão dizer o que ele é. Um navegador pode abrir conexões antes de precisar delas, e as divide entre as abas: cada requisição abaixo leva o nome da aba que ela indica.",

		// pkg/demo/serve_notes.go: the notes for a client with no sign of a browser
		"This connection carried tab-%#d's requests before this one from tab-%#d: one client sent requests for both tabs on it. A connection belongs to a client, not to a page.": "Esta conexão levou requisições da aba %#d antes desta, da aba %#d: um mesmo cliente enviou por ela requisições das duas abas. Uma conexão pertence a um cliente, não a uma página.",

		"A client asks for the page: an ordinary GET (RFC 9110 §9.3.1). It sent no Sec-Fetch-* header, which browsers add, so it may not be a browser: a browser would then ask for the page's script and style sheet too.": "Um cliente pede a página: um GET comum (RFC 9110 §9.3.1). Ele não enviou nenhum campo Sec-Fetch-*, que os navegadores acrescentam, então pode não ser um navegador: um navegador pediria depois também o script e a folha de estilo da página.",

		"The page comes with a session cookie (Set-Cookie). A client that keeps cookies, as a browser does, sends it back with every request to this host (RFC 6265 §5.4), whichever page makes the request: cookies do not tell one port from another (RFC 6265 §8.5). A client that keeps none, as curl without -b, sends nothing back.": "A página vem com um cookie de sessão (Set-Cookie). Um cliente que guarda cookies, como um navegador, o devolve em toda requisição para este host (RFC 6265 §5.4), seja qual for a página que faz a requisição: cookies não distinguem uma porta da outra (RFC 6265 §8.5). Um cliente que não guarda nenhum, como o curl sem -b, não devolve nada.",

		"A client asks the server for a tab number, as the page's script does, to add to its later requests (?tab=N): that is how this trace knows which tab sent what.": "Um cliente pede ao servidor um número de aba, como faz o script da página, para acrescentar às requisições seguintes (?tab=N): é assim que este rastro sabe qual aba enviou o quê.",

		"A client loads the whole document, its text and its version. In refresh mode this is the only way the page learns of an edit: once per reload.": "Um cliente carrega o documento inteiro, o texto e a versão. No modo recarregar, este é o único jeito de a página saber de uma edição: uma vez a cada recarga.",

		"A client asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2).": "Um cliente pergunta se o documento mudou, indicando no If-None-Match a versão que tem (RFC 9110 §13.1.2).",

		"A client asks for the edits after the version it has, and the server holds the request until there is one: long polling (RFC 6202 §2.1).": "Um cliente pede as edições posteriores à versão que tem, e o servidor segura a requisição até haver uma: long polling (RFC 6202 §2.1).",

		"The server answers as soon as an edit is applied. The held line says how long the request waited at the server.": "O servidor responde assim que uma edição é aplicada. A linha held diz quanto tempo a requisição esperou no servidor.",

		"No edit came while the server held the request: 204 No Content (RFC 9110 §15.3.5).": "Nenhuma edição chegou enquanto o servidor segurava a requisição: 204 No Content (RFC 9110 §15.3.5).",

		"A client sends an edit as JSON in a POST (RFC 9110 §9.3.3): where in the text, how many characters it removed and what it inserted. Over HTTP, each edit is a request and a response of its own.": "Um cliente envia uma edição como JSON num POST (RFC 9110 §9.3.3): onde no texto, quantos caracteres removeu e o que inseriu. Por HTTP, cada edição é uma requisição e uma resposta próprias.",

		"An opening handshake (RFC 6455 §4.1). Its Origin names a page (RFC 6455 §10.2), but it carries no session cookie from the page, which a browser would add: its client may not be a browser, and any program can write an Origin.": "Um handshake de abertura (RFC 6455 §4.1). O Origin dele indica uma página (RFC 6455 §10.2), mas ele não traz o cookie de sessão da página, que um navegador acrescentaria: o cliente pode não ser um navegador, e qualquer programa pode escrever um Origin.",

		"An opening handshake (RFC 6455 §4.1) without Origin: a browser always sends one (RFC 6455 §4.1), so this client is not a browser, and no page opened it.": "Um handshake de abertura (RFC 6455 §4.1) sem Origin: um navegador sempre envia um (RFC 6455 §4.1), então este cliente não é um navegador, e nenhuma página o abriu.",

		"The handshake carried the session cookie the page set: the server knows the user from it (its check below says who).": "O handshake levou o cookie de sessão que a página definiu: o servidor sabe quem é o usuário por ele (a verificação abaixo diz quem).",

		"This handshake's Origin is not the server's own: it names a page of another origin. A page's script cannot change that header (RFC 6455 §10.2); a client that is not a browser can write any Origin.": "O Origin deste handshake não é o do próprio servidor: indica uma página de outra origem. O script de uma página não consegue mudar esse campo (RFC 6455 §10.2); um cliente que não é navegador pode escrever qualquer Origin.",

		"This handshake's Origin is not the server's own: it names a page of another origin, and the handshake carried the user's session cookie all the same. A page's script cannot change Origin (RFC 6455 §10.2); a client that is not a browser can write any.": "O Origin deste handshake não é o do próprio servidor: indica uma página de outra origem, e mesmo assim o handshake levou o cookie de sessão do usuário. O script de uma página não consegue mudar o Origin (RFC 6455 §10.2); um cliente que não é navegador pode escrever qualquer um.",

		"The server pushes the edit the moment it is applied; the client did not ask. The JSON also carries the server's clock (now), from which the page measures the latency.": "O servidor envia a edição por conta própria no instante em que ela é aplicada; o cliente não pediu. O JSON também leva o relógio do servidor (now), a partir do qual a página mede a latência.",

		"The client sends a message on the same connection: no request and no header fields, just a frame header of a few bytes, masked as every frame from a client must be (RFC 6455 §5.1).": "O cliente envia uma mensagem pela mesma conexão: sem requisição e sem campos de cabeçalho, só um cabeçalho de frame de poucos bytes, mascarado como todo frame de um cliente precisa ser (RFC 6455 §5.1).",

		"The client answers the ping with a pong carrying the same data (RFC 6455 §5.5.3).": "O cliente responde ao ping com um pong que leva os mesmos dados (RFC 6455 §5.5.3).",

		"1001, going away: an endpoint that leaves, such as a browser navigating away from a page (RFC 6455 §7.4.1).": "1001, going away: um lado que vai embora, como um navegador que sai de uma página (RFC 6455 §7.4.1).",

		"The client closed the WebSocket with 1000, normal closure (RFC 6455 §7.4.1).": "O cliente fechou o WebSocket com 1000, fechamento normal (RFC 6455 §7.4.1).",

		"The client closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).": "O cliente fecha o WebSocket com um frame Close e um código de status (RFC 6455 §5.5.1, §7.4.1).",

		"The browser asks for the page: an ordinary GET (RFC 9110 §9.3.1). The page then asks for its script and its style sheet, each with a request of its own.": "O navegador pede a página: um GET comum (RFC 9110 §9.3.1). Depois, a página pede o seu script e a sua folha de estilo, cada um com uma requisição própria.",

		"The page comes with a session cookie (Set-Cookie). The browser now sends it back with every request to this host (RFC 6265 §5.4), whichever page makes the request: cookies do not tell one port from another (RFC 6265 §8.5). HttpOnly keeps it from the page's script (RFC 6265 §5.2.6).": "A página vem com um cookie de sessão (Set-Cookie). Agora o navegador o devolve em toda requisição para este host (RFC 6265 §5.4), seja qual for a página que faz a requisição: cookies não distinguem uma porta da outra (RFC 6265 §8.5). HttpOnly o esconde do script da página (RFC 6265 §5.2.6).",

		"The page's script asks the server for a number for this tab, and adds it to every later request (?tab=N): that is how this trace knows which tab sent what.": "O script da página pede ao servidor um número para esta aba, e o acrescenta a toda requisição seguinte (?tab=N): é assim que este rastro sabe qual aba enviou o quê.",

		"The tab loads the whole document, its text and its version. In refresh mode this is the only way it learns of an edit: once per reload.": "A aba carrega o documento inteiro, o texto e a versão. No modo recarregar, este é o único jeito de ela saber de uma edição: uma vez a cada recarga.",

		"The tab asks whether the document changed, naming the version it has in If-None-Match (RFC 9110 §13.1.2). It asks on its timer, whether or not anything happened.": "A aba pergunta se o documento mudou, informando no If-None-Match a versão que tem (RFC 9110 §13.1.2). Ela pergunta no seu intervalo, tenha acontecido algo ou não.",

		"Nothing new: 304 Not Modified, with no body (RFC 9110 §15.4.5). An empty answer still costs a whole request and response on the wire.": "Nada de novo: 304 Not Modified, sem corpo (RFC 9110 §15.4.5). Mesmo uma resposta vazia custa uma requisição e uma resposta inteiras na rede.",

		"Something changed: the whole document comes back, with every edit made since the last poll. Those edits waited for this poll to be seen.": "Algo mudou: o documento inteiro volta, com todas as edições feitas desde a última consulta. Essas edições esperaram por esta consulta para serem vistas.",

		"The tab asks for the edits after the version it has, and the server holds the request until there is one: long polling (RFC 6202 §2.1).": "A aba pede as edições posteriores à versão que tem, e o servidor segura a requisição até haver uma: long polling (RFC 6202 §2.1).",

		"The server answers as soon as an edit is applied, and the tab asks again at once. The held line says how long the request waited at the server.": "O servidor responde assim que uma edição é aplicada, e a aba pergunta de novo na hora. A linha held diz quanto tempo a requisição esperou no servidor.",

		"No edit came while the server held the request: 204 No Content (RFC 9110 §15.3.5), and the tab asks again.": "Nenhuma edição chegou enquanto o servidor segurava a requisição: 204 No Content (RFC 9110 §15.3.5), e a aba pergunta de novo.",

		"The tab sends its edit as JSON in a POST (RFC 9110 §9.3.3): where in the text, how many characters it removed and what it inserted. Over HTTP, each edit is a request and a response of its own.": "A aba envia a sua edição como JSON num POST (RFC 9110 §9.3.3): em que ponto do texto, quantos caracteres removeu e o que inseriu. No HTTP, cada edição é uma requisição e uma resposta próprias.",

		"201 Created: the server applied the edit and numbered it with the document's next version (RFC 9110 §15.3.2).": "201 Created: o servidor aplicou a edição e lhe deu o número da próxima versão do documento (RFC 9110 §15.3.2).",

		"The browser's own opening handshake (RFC 6455 §4.1): the page's script only called new WebSocket(url), and the browser wrote every header. Origin names the page that opened it (RFC 6455 §10.2); User-Agent names the browser.": "O handshake de abertura do próprio navegador (RFC 6455 §4.1): o script da página só chamou new WebSocket(url), e o navegador escreveu cada cabeçalho. O Origin identifica a página que o abriu (RFC 6455 §10.2); o User-Agent identifica o navegador.",

		"The browser added the session cookie by itself: the server knows the user from it (its check below says who).": "O navegador acrescentou o cookie de sessão por conta própria: é por ele que o servidor sabe quem é o usuário (a verificação abaixo diz quem).",

		"Sec-WebSocket-Extensions offers permessage-deflate, which compresses each message (RFC 7692 §7). It is in use only if the server's answer names it.": "O Sec-WebSocket-Extensions oferece o permessage-deflate, que comprime cada mensagem (RFC 7692 §7). Ele só vale se a resposta do servidor o citar.",

		"A page of another origin opens this handshake. Its Origin says so, and a page's script cannot change that header (RFC 6455 §10.2).": "Uma página de outra origem abre este handshake. O Origin dela diz isso, e o script de uma página não consegue mudar esse cabeçalho (RFC 6455 §10.2).",

		"A page of another origin opens this handshake, and the browser added the user's session cookie all the same. Only Origin tells where it comes from, and a page's script cannot change that header (RFC 6455 §10.2).": "Uma página de outra origem abre este handshake, e mesmo assim o navegador acrescentou o cookie de sessão do usuário. Só o Origin diz de onde ele vem, e o script de uma página não consegue mudar esse cabeçalho (RFC 6455 §10.2).",

		"101 Switching Protocols: from here on this connection carries WebSocket frames, both ways (RFC 6455 §4.2.2).": "101 Switching Protocols: daqui em diante, esta conexão leva frames WebSocket, nos dois sentidos (RFC 6455 §4.2.2).",

		"101 Switching Protocols, with no Sec-WebSocket-Extensions: the server accepted no extension, so none is in use (RFC 6455 §9.1). It declined permessage-deflate, so every frame below is readable as it crossed.": "101 Switching Protocols, sem Sec-WebSocket-Extensions: o servidor não aceitou nenhuma extensão, então nenhuma está em uso (RFC 6455 §9.1). Ele recusou o permessage-deflate, então cada frame abaixo pode ser lido do jeito que passou.",

		"403 Forbidden: the server checks Origin, and this one is not its own (RFC 6455 §10.2).": "403 Forbidden: o servidor verifica o Origin, e este não é o dele (RFC 6455 §10.2).",

		"403 Forbidden: the server checks Origin, and this one is not its own. The handshake carried the user's session cookie: without the Origin check, a page of any origin could read and edit this user's document through it (cross-site WebSocket hijacking, RFC 6455 §10.2).": "403 Forbidden: o servidor verifica o Origin, e este não é o dele. O handshake levou o cookie de sessão do usuário: sem a verificação de Origin, uma página de qualquer origem poderia ler e editar o documento deste usuário por meio dele (o cross-site WebSocket hijacking, RFC 6455 §10.2).",

		"The server pushes the edit the moment it is applied; the tab did not ask. The JSON also carries the server's clock (now), which the page uses to measure the latency.": "O servidor envia a edição por conta própria, no momento em que ela é aplicada; a aba não pediu nada. O JSON também leva o relógio do servidor (now), que a página usa para medir a latência.",

		"The tab sends its edit on the same connection: no request and no header fields, just a frame header of a few bytes, masked as every frame from a client must be (RFC 6455 §5.1).": "A aba envia a sua edição pela mesma conexão: sem requisição e sem campos de cabeçalho, só um cabeçalho de frame de poucos bytes, mascarado, como todo frame de um cliente precisa ser (RFC 6455 §5.1).",

		"The server pings (RFC 6455 §5.5.2): once when the WebSocket opens, then every %v, so that a dead connection does not go unnoticed.": "O servidor manda um ping (RFC 6455 §5.5.2): uma vez quando o WebSocket abre, e depois a cada %v, para que uma conexão morta não passe despercebida.",

		"The browser answers the ping with a pong carrying the same data (RFC 6455 §5.5.3), by itself: the page's script never sees pings or pongs.": "O navegador responde ao ping com um pong que leva os mesmos dados (RFC 6455 §5.5.3), por conta própria: o script da página nunca vê pings nem pongs.",

		"1001, going away: an endpoint that leaves, such as a browser navigating away from a page (RFC 6455 §7.4.1). The browser sends it by itself when the page that opened the WebSocket goes away: reloaded, closed or left.": "1001, going away: um dos lados está indo embora, como um navegador saindo de uma página (RFC 6455 §7.4.1). O navegador o envia por conta própria quando a página que abriu o WebSocket vai embora: recarregada, fechada ou deixada para trás.",

		"The page's script closed the WebSocket with 1000, normal closure (RFC 6455 §7.4.1); the reason says why.": "O script da página fechou o WebSocket com 1000, fechamento normal (RFC 6455 §7.4.1); o motivo diz por quê.",

		"The tab closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).": "A aba fecha o WebSocket com um frame Close e um código de status (RFC 6455 §5.5.1, §7.4.1).",

		"The server is shutting down: it closes the WebSocket with 1001, going away (RFC 6455 §7.4.1).": "O servidor está sendo desligado: ele fecha o WebSocket com 1001, going away (RFC 6455 §7.4.1).",

		"The server closes the WebSocket with a Close frame and a status code (RFC 6455 §5.5.1, §7.4.1).": "O servidor fecha o WebSocket com um frame Close e um código de status (RFC 6455 §5.5.1, §7.4.1).",

		"The other side answers with its own Close frame: the closing handshake is complete (RFC 6455 §5.5.1).": "O outro lado responde com o próprio frame Close: o handshake de fechamento está completo (RFC 6455 §5.5.1).",

		// pkg/demo/serve_notes.go: the meanings of the headers
		"the server asks the client to keep a cookie and send it back (RFC 6265 §4.1)":                                                               "o servidor pede ao cliente que guarde um cookie e o devolva (RFC 6265 §4.1)",
		"the page this request came from, as the client says (RFC 9110 §10.1.3)":                                                                     "a página de onde veio esta requisição, segundo o cliente (RFC 9110 §10.1.3)",
		"the version the client has: if it is still current the answer is 304 (RFC 9110 §13.1.2)":                                                    "a versão que o cliente tem: se ela ainda for a atual, a resposta é 304 (RFC 9110 §13.1.2)",
		"the version of the document, for If-None-Match (RFC 9110 §8.8.3)":                                                                           "a versão do documento, para o If-None-Match (RFC 9110 §8.8.3)",
		"caching rules: no-store keeps no copy, no-cache checks before using one (RFC 9111 §5.2)":                                                    "regras de cache: no-store não guarda cópia, no-cache confere antes de usar uma (RFC 9111 §5.2)",
		"the HTTP/1.0 form of Cache-Control: no-cache (RFC 9111 §5.4)":                                                                               "a forma do HTTP/1.0 para Cache-Control: no-cache (RFC 9111 §5.4)",
		"the languages the user prefers (RFC 9110 §12.5.4)":                                                                                          "os idiomas que o usuário prefere (RFC 9110 §12.5.4)",
		"Fetch Metadata: where the request comes from, seen from this site: same-origin, same-site or cross-site":                                    "Fetch Metadata: de onde vem a requisição, visto deste site: same-origin, same-site ou cross-site",
		"Fetch Metadata: how the page asked: navigate, cors, no-cors, websocket":                                                                     "Fetch Metadata: como a página pediu: navigate, cors, no-cors, websocket",
		"Fetch Metadata: what the answer is for: a document, a script, a style sheet, nothing the page shows (empty)":                                "Fetch Metadata: para que serve a resposta: um documento, um script, uma folha de estilo, nada que a página mostre (empty)",
		"Fetch Metadata: the user started this navigation":                                                                                           "Fetch Metadata: o usuário iniciou esta navegação",
		"the browser would rather have HTTPS (W3C Upgrade Insecure Requests)":                                                                        "o navegador prefere HTTPS (W3C Upgrade Insecure Requests)",
		"a client hint: the browser's brands and versions":                                                                                           "uma client hint: as marcas e versões do navegador",
		"a client hint: ?1 on a phone, ?0 otherwise":                                                                                                 "uma client hint: ?1 num celular, ?0 nos outros casos",
		"a client hint: the operating system":                                                                                                        "uma client hint: o sistema operacional",
		"a header of this demo: the server's clock as the answer left, in milliseconds since 1970, for the page's latency":                           "um cabeçalho deste demo: o relógio do servidor na hora em que a resposta saiu, em milissegundos desde 1970, para a latência da página",
		"extensions the client offers: permessage-deflate compresses each message (RFC 7692 §7); in use only if the answer names it (RFC 6455 §9.1)": "extensões que o cliente oferece: o permessage-deflate comprime cada mensagem (RFC 7692 §7); só vale se a resposta o citar (RFC 6455 §9.1)",
		"send data for the server to process: here, ask for a tab number (RFC 9110 §9.3.3)":                                                          "enviar dados para o servidor processar: aqui, pedir um número de aba (RFC 9110 §9.3.3)",
		"send data for the server to process: here, an edit to apply (RFC 9110 §9.3.3)":                                                              "enviar dados para o servidor processar: aqui, uma edição a aplicar (RFC 9110 §9.3.3)",
	}
}
