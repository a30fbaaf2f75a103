package lang

// ptBRCLIHelp translates the help of realtime, socketio, serve, proxy,
// show, decode, exercises, exercise and check: their long texts, the
// comments of their examples (the commands stay as typed) and their flags.
func ptBRCLIHelp() map[string]string {
	return map[string]string{
		// cobra's and pflag's own words in the help
		"[flags]":                "[opções]",
		"(default":               "(padrão",
		"Help about any command": "Ajuda sobre qualquer comando",
		"Help provides help for any command in the application.\nSimply type %s help [path to command] for full details.": "O help mostra a ajuda de qualquer comando do aplicativo.\nDigite %s help [caminho do comando] para ver todos os detalhes.",

		// realtime
		`Tab A types edits into a shared document; tab B must keep up. wsdemo measures
five ways for tab B to follow, one after another, with real clients on
127.0.0.1:

  refresh    plain HTTP: B sees the document only when the user reloads
  poll       B asks with GET every --poll-interval
  long-poll  B's GET is held by the server until something changes
  websocket  one handshake, then the server pushes every edit
  tcp-floor  the same pushes over raw TCP, no HTTP or WebSocket: a reference
             measured in the same run, not a limit

For each: edits seen, latency from the edit to tab B (p50, p95, max), HTTP
requests, empty answers and bytes on the wire, then a conclusion drawn from
the numbers measured in this run.`: `A aba A digita edições num documento compartilhado; a aba B precisa
acompanhar. O wsdemo mede cinco jeitos de a aba B acompanhar, um depois do
outro, com clientes reais em 127.0.0.1:

  refresh    HTTP simples: B só vê o documento quando o usuário recarrega
  poll       B pergunta com um GET a cada --poll-interval
  long-poll  o servidor segura o GET de B até algo mudar
  websocket  um handshake, e depois o servidor envia cada edição
  tcp-floor  os mesmos envios sobre TCP puro, sem HTTP nem WebSocket: uma
             referência medida na mesma execução, não um limite

Para cada um: edições vistas, latência da edição até a aba B (p50, p95,
máximo), requisições HTTP, respostas vazias e bytes na rede, e depois uma
conclusão tirada dos números medidos nesta execução.`,
		`  wsdemo realtime
  wsdemo realtime --only poll,websocket --poll-interval 2s
  wsdemo realtime --edits 5 --every 300ms --verbose  # no condensing
  wsdemo realtime --json | jq 'select(.kind=="summary") | .stats'`: `  wsdemo realtime
  wsdemo realtime --only poll,websocket --poll-interval 2s
  wsdemo realtime --edits 5 --every 300ms --verbose  # sem condensar
  wsdemo realtime --json | jq 'select(.kind=="summary") | .stats'`,
		"how many edits tab A makes":                 "quantas edições a aba A faz",
		"time between two edits":                     "tempo entre duas edições",
		"how often tab B asks, in the poll strategy": "de quanto em quanto tempo a aba B pergunta, na estratégia poll",
		"run only these strategies, comma-separated: refresh,poll,long-poll,websocket,tcp-floor": "roda só estas estratégias, separadas por vírgula: refresh,poll,long-poll,websocket,tcp-floor",

		// socketio
		"What Socket.IO puts on the wire: Engine.IO polling, the upgrade, 42[...] events": "O que o Socket.IO põe na rede: o polling do Engine.IO, o upgrade, eventos 42[...]",
		`Socket.IO is a protocol of its own, in two layers, on top of HTTP
long-polling and WebSocket. wsdemo socketio starts a real Socket.IO server
(zishang520's, which speaks the protocol of Socket.IO 3 and later) and two
wsdemo clients on 127.0.0.1, taps their connections and decodes every
packet: Engine.IO's opening over HTTP long-polling, Socket.IO's CONNECT, the
upgrade to WebSocket (2probe, 3probe, the noop, 5), events both ways, an
acknowledgement, a binary event, a room, the heartbeat, a cut connection and
the reconnection, and the same event over a plain WebSocket to compare.

With --url the client runs against your own Socket.IO server (Node's
socket.io, say): it connects, upgrades, sends --emit if you ask, shows every
packet that arrives for --listen, and leaves.`: `O Socket.IO é um protocolo próprio, em duas camadas, sobre o long-polling
HTTP e o WebSocket. O wsdemo socketio inicia um servidor Socket.IO de verdade
(o do zishang520, que fala o protocolo do Socket.IO 3 em diante) e dois
clientes wsdemo em 127.0.0.1, captura as conexões deles e decodifica cada
pacote: a abertura do Engine.IO por long-polling HTTP, o CONNECT do
Socket.IO, o upgrade para WebSocket (2probe, 3probe, o noop, 5), eventos nos
dois sentidos, uma confirmação, um evento binário, uma sala, o heartbeat,
uma conexão cortada e a reconexão, e o mesmo evento num WebSocket simples,
para comparar.

Com --url o cliente roda contra o seu próprio servidor Socket.IO (o
socket.io do Node, por exemplo): ele se conecta, faz o upgrade, envia o
--emit se você pedir, mostra cada pacote que chegar durante o --listen, e
sai.`,
		`  wsdemo socketio
  wsdemo socketio --step                 # one message per Enter (for class)
  wsdemo socketio --json | jq -r 'select(.kind=="sio.packet") | .sio.raw // "binary " + .sio.data_hex'
  wsdemo socketio --url http://localhost:3000
  wsdemo socketio --url http://localhost:3000 --emit "chat message" --data '"hi"'
  wsdemo socketio --url http://localhost:3000 --emit chat --data '"hi"' --ack   # a handler that calls ack()
  wsdemo socketio --url http://localhost:3000 --origin http://localhost:5173   # as your page would
  wsdemo socketio --save sio.jsonl && wsdemo show sio.jsonl --lang pt-BR`: `  wsdemo socketio
  wsdemo socketio --step                 # uma mensagem por Enter (para aula)
  wsdemo socketio --json | jq -r 'select(.kind=="sio.packet") | .sio.raw // "binary " + .sio.data_hex'
  wsdemo socketio --url http://localhost:3000
  wsdemo socketio --url http://localhost:3000 --emit "chat message" --data '"hi"'
  wsdemo socketio --url http://localhost:3000 --emit chat --data '"hi"' --ack   # um handler que chama ack()
  wsdemo socketio --url http://localhost:3000 --origin http://localhost:5173   # como a sua página faria
  wsdemo socketio --save sio.jsonl && wsdemo show sio.jsonl --lang en          # desenhado em inglês`,
		"run the client against your own Socket.IO server (http:// or https://) instead of the story":               "roda o cliente contra o seu próprio servidor Socket.IO (http:// ou https://) em vez da história",
		"with --url: Socket.IO's path on the server (default /socket.io/)":                                          "com --url: o caminho do Socket.IO no servidor (padrão /socket.io/)",
		"with --url: an event to send once connected":                                                               "com --url: um evento para enviar depois de conectar",
		"with --emit: ask for an acknowledgement (the event carries an ack id) and show the ACK that comes back":    "com --emit: pede uma confirmação (o evento leva um id de ack) e mostra o ACK que voltar",
		"with --emit: its argument, as JSON (a string is quoted: '\"hi\"')":                                         "com --emit: o argumento dele, em JSON (uma string vai entre aspas: '\"hi\"')",
		"with --url: how long to show what the server sends before leaving":                                         "com --url: por quanto tempo mostrar o que o servidor envia antes de sair",
		"with --url: send this Origin, as a page from it would (a server that does not allow it is an error: CORS)": "com --url: envia este Origin, como uma página dessa origem faria (um servidor que não a permite dá erro: CORS)",
		"with --url: the CONNECT packet's payload, a JSON object (Socket.IO's auth option)":                         "com --url: o payload do pacote CONNECT, um objeto JSON (a opção auth do Socket.IO)",

		// serve
		`Serves a small shared document to your browser and draws, live, every byte the
browser sends and receives: tapped on the server's side, decoded and annotated
as in the other demos. Open the page in two tabs (or two browsers), type in
one, and watch the other follow by refresh, polling, long polling or
WebSocket, with the latency the page measured for each edit.

The page also links to a "foreign site" on another port: its script tries to
open a WebSocket to the document with your session cookie, and the terminal
shows the server's Origin check refusing it (403).

It listens on 127.0.0.1:8080 unless --addr says otherwise. Ctrl-C closes
every browser's WebSocket with 1001 (going away) and stops.`: `Serve um pequeno documento compartilhado para o seu navegador e desenha, ao
vivo, cada byte que o navegador envia e recebe: capturado do lado do
servidor, decodificado e explicado como nas outras demos. Abra a página em
duas abas (ou em dois navegadores), digite numa delas e veja a outra
acompanhar por refresh, polling, long polling ou WebSocket, com a latência
que a página mediu para cada edição.

A página também tem um link para um "site estrangeiro" em outra porta: o
script dele tenta abrir um WebSocket para o documento com o seu cookie de
sessão, e o terminal mostra a verificação de Origin do servidor recusando a
conexão (403).

Ele escuta em 127.0.0.1:8080, a menos que --addr diga outra coisa. Ctrl-C
fecha o WebSocket de cada navegador com 1001 (going away) e para.`,
		`  wsdemo serve                       # then open http://127.0.0.1:8080/ in two tabs
  wsdemo serve --open                # and open it in the default browser
  wsdemo serve --addr 127.0.0.1:0    # any free port
  wsdemo serve --json > trace.jsonl  # the browsers' traffic as JSON lines`: `  wsdemo serve                       # depois abra http://127.0.0.1:8080/ em duas abas
  wsdemo serve --open                # e abre a página no navegador padrão
  wsdemo serve --addr 127.0.0.1:0    # qualquer porta livre
  wsdemo serve --json > trace.jsonl  # o tráfego dos navegadores como linhas JSON`,
		"open the page in the default browser": "abre a página no navegador padrão",

		// proxy
		`wsdemo proxy sits between your browser and your own server. It listens
(on 127.0.0.1:8080 unless --listen says otherwise), and for every connection
it accepts it opens one to your server (--to) and copies the bytes both ways
unchanged: your server receives exactly what the browser sent. On the way
every byte is decoded and drawn, as in the demos: HTTP requests and
responses, WebSocket handshakes and frames (inflated when compressed with
permessage-deflate), Socket.IO packets, each arrow naming its connection.

  1. run your app, say on port 3000
  2. wsdemo proxy --to 127.0.0.1:3000
  3. open http://127.0.0.1:8080 in the browser, and watch the terminal

Ctrl-C stops the proxy: it closes the connections still open and exits.`: `O wsdemo proxy fica entre o seu navegador e o seu próprio servidor. Ele
escuta (em 127.0.0.1:8080, a menos que --listen diga outra coisa) e, para
cada conexão que aceita, abre uma até o seu servidor (--to) e copia os bytes
nos dois sentidos sem mudar nada: o seu servidor recebe exatamente o que o
navegador enviou. No caminho, cada byte é decodificado e desenhado, como nas
demos: requisições e respostas HTTP, handshakes e frames WebSocket (inflados
quando comprimidos com permessage-deflate), pacotes Socket.IO, cada seta com
o nome da sua conexão.

  1. rode o seu app, por exemplo na porta 3000
  2. wsdemo proxy --to 127.0.0.1:3000
  3. abra http://127.0.0.1:8080 no navegador e acompanhe o terminal

Ctrl-C para o proxy: ele fecha as conexões ainda abertas e sai.`,
		"your server's HOST:PORT, where every connection is relayed (e.g. 127.0.0.1:3000)": "HOST:PORTA do seu servidor, para onde cada conexão é repassada (por exemplo 127.0.0.1:3000)",
		"where the proxy accepts connections: open http://HOST:PORT in the browser":        "onde o proxy aceita conexões: abra http://HOST:PORTA no navegador",

		// show
		`Draw a trace saved with --save (or printed with --json) again, exactly as the
command that recorded it drew it, with no network at all: record once, replay
in class. Every drawing flag works: --step, --delay, --raw, -v, --lang (a trace
recorded in one language is drawn in another), --no-color, --theme.

--format mermaid writes a Mermaid sequenceDiagram to paste into Markdown or
slides (-v adds the teaching notes); --format json writes the events again as
this wsdemo reads them. FILE - reads standard input.`: `Desenha de novo um trace gravado com --save (ou impresso com --json),
exatamente como o comando que o gravou o desenhou, sem rede nenhuma: grave uma
vez, repita na aula. Todas as opções de desenho funcionam: --step, --delay,
--raw, -v, --lang (um trace gravado num idioma é desenhado em outro),
--no-color, --theme.

--format mermaid escreve um sequenceDiagram do Mermaid para colar em Markdown
ou em slides (-v acrescenta as notas didáticas); --format json escreve os
eventos de novo como este wsdemo os lê. FILE - lê da entrada padrão.`,
		`  wsdemo handshake --save hs.jsonl   # record (the diagram is drawn as usual)
  wsdemo show hs.jsonl --step        # replay, one message per Enter
  wsdemo show hs.jsonl --raw --lang pt-BR
  wsdemo show hs.jsonl --format mermaid > hs.mmd
  wsdemo duplex --json | wsdemo show -`: `  wsdemo handshake --save hs.jsonl   # grava (o diagrama é desenhado como sempre)
  wsdemo show hs.jsonl --step        # repete, uma mensagem por Enter
  wsdemo show hs.jsonl --raw --lang en   # desenhado em inglês
  wsdemo show hs.jsonl --format mermaid > hs.mmd
  wsdemo duplex --json | wsdemo show -`,
		"pretty, plain, json or mermaid (default: pretty on a terminal, else plain)": "pretty, plain, json ou mermaid (padrão: pretty num terminal, senão plain)",

		// decode
		`Decode bytes given as hex: one or more WebSocket frames, or an HTTP/1.1
message (recognised by its start line) and, after a 101, the frames that
follow it. Each is drawn as the demos draw it, field by field; --raw adds the
bytes coloured by field. Nothing crosses a network.

The hex may be spaced or not, with 0x or \x before each byte, separated by
commas, or lines of a hex dump (wsdemo --raw, xxd, hexdump -C): the offsets
and the column of characters are skipped. - reads it from standard input.

Who sent the bytes matters for frames: a client masks every frame and a
server never does (RFC 6455 §5.1). Without --from, the first frame's MASK bit
decides, and a note says so. Bytes that are incomplete or break a rule are
explained, with the RFC section, and wsdemo exits with 1.`: `Decodifica bytes dados em hex: um ou mais frames WebSocket, ou uma mensagem
HTTP/1.1 (reconhecida pela linha inicial) e, depois de um 101, os frames que
vêm em seguida. Cada um é desenhado como as demos desenham, campo por campo;
--raw acrescenta os bytes coloridos por campo. Nada passa por uma rede.

O hex pode vir com ou sem espaços, com 0x ou \x antes de cada byte, separado
por vírgulas, ou em linhas de um dump hex (wsdemo --raw, xxd, hexdump -C): os
offsets e a coluna de caracteres são ignorados. - lê o hex da entrada padrão.

Quem enviou os bytes importa para os frames: um cliente mascara todo frame e
um servidor nunca mascara (RFC 6455 §5.1). Sem --from, o bit MASK do primeiro
frame decide, e uma nota avisa. Bytes incompletos ou que quebram uma regra
são explicados, com a seção da RFC, e o wsdemo sai com 1.`,
		`  wsdemo decode 81 85 37 fa 21 3d 7f 9f 4d 51 58   # RFC 6455 §5.7: a masked "Hello"
  wsdemo decode 0x81,0x05,0x48,0x65,0x6c,0x6c,0x6f --raw
  xxd -p capture.bin | wsdemo decode -
  wsdemo decode --from client 810548656c6c6f      # an unmasked frame from a client breaks a rule`: `  wsdemo decode 81 85 37 fa 21 3d 7f 9f 4d 51 58   # RFC 6455 §5.7: um "Hello" mascarado
  wsdemo decode 0x81,0x05,0x48,0x65,0x6c,0x6c,0x6f --raw
  xxd -p capture.bin | wsdemo decode -
  wsdemo decode --from client 810548656c6c6f      # frame de cliente sem máscara quebra uma regra`,
		"who sent the bytes: client or server (default: frames' MASK bit decides)": "quem enviou os bytes: \"client\" ou \"server\" (padrão: o bit MASK dos frames decide)",

		// exercises, exercise, check
		"  wsdemo exercises\n  wsdemo exercise echo      # the task\n  wsdemo check echo         # check your server": "  wsdemo exercises\n  wsdemo exercise echo      # a tarefa\n  wsdemo check echo         # confere o seu servidor",
		`  wsdemo exercise echo
  wsdemo exercise 2 --lang pt-BR
  wsdemo exercise echo | less`: `  wsdemo exercise echo
  wsdemo exercise 2 --lang en     # a tarefa em inglês
  wsdemo exercise echo | less`,
		`Run the checks of an exercise against the server you wrote, one after another,
drawing every exchange as the demos draw theirs. At the first check that
fails wsdemo stops, shows the bytes of that exchange field by field, states
the rule it checks (with its RFC section) and a hint, and exits with 1. When
every check passes it exits with 0 and records the exercise as passed.

--url says where your server listens (ws://HOST:PORT/PATH, or http:// for
the REST exercise; default: where the task asks it to listen). --watch waits
for your server, checks it, and checks again each time it comes back after
a restart (or when you press Enter), until Ctrl-C.

wsdemo exercises lists the exercises; wsdemo exercise NAME prints a task.`: `Roda as verificações de um exercício contra o servidor que você escreveu, uma
depois da outra, desenhando cada troca como as demos desenham as delas. Na
primeira verificação que falhar, o wsdemo para, mostra os bytes dessa troca
campo por campo, diz a regra que ela confere (com a seção da RFC) e uma dica,
e sai com 1. Quando todas as verificações passam, ele sai com 0 e registra o
exercício como concluído.

--url diz onde o seu servidor escuta (ws://HOST:PORTA/CAMINHO, ou http://
para o exercício REST; padrão: onde a tarefa pede que ele escute). --watch
espera o seu servidor, confere e confere de novo cada vez que ele volta
depois de reiniciar (ou quando você tecla Enter), até o Ctrl-C.

O wsdemo exercises lista os exercícios; o wsdemo exercise NAME mostra uma
tarefa.`,
		`  wsdemo check echo                                # the server the task describes
  wsdemo check echo --url ws://127.0.0.1:9000/ws   # another address
  wsdemo check echo --watch                        # again after every restart
  wsdemo check rest --raw                          # every message's bytes too
  wsdemo check rest --lang pt-BR`: `  wsdemo check echo                                # o servidor que a tarefa descreve
  wsdemo check echo --url ws://127.0.0.1:9000/ws   # outro endereço
  wsdemo check echo --watch                        # de novo depois de cada reinício
  wsdemo check rest --raw                          # também os bytes de cada mensagem
  wsdemo check rest --lang en                      # em inglês`,
		"where your server listens: `URL` ws://HOST:PORT/PATH or http://HOST:PORT (default: the task's)":    "onde o seu servidor escuta: `URL` ws://HOST:PORTA/CAMINHO ou http://HOST:PORTA (padrão: o da tarefa)",
		"check again each time your server comes back after a restart (Enter checks at once; Ctrl-C stops)": "confere de novo cada vez que o seu servidor volta depois de reiniciar (Enter confere na hora; Ctrl-C para)",
	}
}

// ptBRNetErrors translates the network's errors as the demos say them
// (pkg/demo/dial.go) and the hints the command line adds under them
// (pkg/cli/errors.go).
func ptBRNetErrors() map[string]string {
	return map[string]string{
		// pkg/demo/dial.go
		"connect to %s: %s":               "conectar a %s: %s",
		"connection refused":              "conexão recusada",
		"no route to host":                "sem rota até o host",
		"network is unreachable":          "rede inacessível",
		"cannot assign requested address": "não foi possível usar o endereço pedido",
		"look up %s: no such host":        "resolver %s: esse host não existe",
		"look up %s: %s":                  "resolver %s: %s",
		"the server at %s reset the connection (a TCP RST) before answering the handshake":                                                                                     "o servidor em %s resetou a conexão (um RST do TCP) antes de responder ao handshake",
		"the server at %s sent more than %s of response heads without finishing its answer to the handshake; wsdemo reads no more (RFC 9110 §5.4 lets a recipient limit them)": "o servidor em %s enviou mais de %s de cabeçalhos de resposta sem terminar a resposta ao handshake; o wsdemo não lê mais que isso (a RFC 9110 §5.4 deixa quem recebe limitá-los)",
		"%s did not answer the handshake with HTTP: no HTTP response":                                                                                                          "%s não respondeu ao handshake com HTTP: nenhuma resposta HTTP",
		"WebSocket handshake with %s failed: %s":                                                                                                                               "o handshake WebSocket com %s falhou: %s",
		"connect to %s: the server does not speak TLS (try ws:// instead of wss://)":                                                                                           "conectar a %s: o servidor não fala TLS (tente ws:// em vez de wss://)",
		"connect to %s: the server's TLS certificate is not trusted: %s":                                                                                                       "conectar a %s: o certificado TLS do servidor não é confiável: %s",

		// pkg/cli/cobra_errors.go, root.go: cobra's and pflag's usage errors
		"Unknown help topic %q":                       "Tópico de ajuda desconhecido %q",
		"unknown command %q for %q; did you mean %s?": "comando desconhecido %q para %q; você quis dizer %s?",
		"unknown command %q for %q":                   "comando desconhecido %q para %q",
		"unknown flag: %s":                            "opção desconhecida: %s",
		"unknown shorthand flag: '%s' in %s":          "opção curta desconhecida: '%s' em %s",
		"flag needs an argument: '%s' in %s":          "a opção precisa de um valor: '%s' em %s",
		"flag needs an argument: %s":                  "a opção precisa de um valor: %s",
		"bad flag syntax: %s":                         "opção mal escrita: %s",
		"%s %q: say true or false":                    "%s %q: diga true ou false",
		"%s %q is not a whole number":                 "%s %q não é um número inteiro",
		"%s %q is out of range":                       "%s %q está fora do intervalo permitido",
		"invalid value %q for %s: %s":                 "valor inválido %q para %s: %s",
		"takes %s argument(s), got %s":                "aceita %s argumento(s), veio %s",
		"takes at most %s argument(s), got %s":        "aceita no máximo %s argumento(s), veio %s",
		"needs at least %s argument(s), got %s":       "precisa de pelo menos %s argumento(s), veio %s",
		"takes from %s to %s arguments, got %s":       "aceita de %s a %s argumentos, veio %s",
		"required flag(s) %s not set":                 "opção(ões) obrigatória(s) %s não informada(s)",
		"%s %q is too long: at most %s":               "%s %q é longo demais: no máximo %s",
		"%s %q is not a duration: write a number and a unit, e.g. 500ms, 2s or 1m": "%s %q não é uma duração: escreva um número e uma unidade, por exemplo 500ms, 2s ou 1m",

		// pkg/demo: the options' rules, said after the flag's name
		"%q: say client or server":                                                            "%q: diga client ou server",
		"must be from 1 to %#d, got %#d":                                                      "precisa ser de 1 a %#d, veio %#d",
		"must not be negative, got %s":                                                        "não pode ser negativo, veio %s",
		"must be positive unless the server's pushes are off (NoPush), got 0s":                "precisa ser positivo, a não ser que os envios do servidor estejam desligados (NoPush), veio 0s",
		"%q is not a case; the cases are %s":                                                  "%q não é um caso; os casos são %s",
		"simulates distance in wsdemo's own demos; proxy relays real connections as they are": "simula distância nas próprias demos do wsdemo; o proxy repassa conexões reais como elas são",
		"%#d: must be between 1 and %#d":                                                      "%#d: precisa estar entre 1 e %#d",
		"%v: must be more than 0 and at most %v":                                              "%v: precisa ser mais que 0 e no máximo %v",
		"names an unknown strategy %q: choose from %s":                                        "cita uma estratégia desconhecida, %q: escolha entre %s",
		"must be positive, got %s":                                                            "precisa ser positivo, veio %s",
		"%v: a round trip cannot be negative":                                                 "%v: uma ida e volta não pode ser negativa",
		"%v: at most %v":                                                                      "%v: no máximo %v",
		"%q: the page speaks %s":                                                              "%q: a página fala %s",
		"%q must start with /, as in /socket.io/":                                             "%q precisa começar com /, como em /socket.io/",
		"%q is not JSON: quote a string ('\"hi\"'), or give a number, an object or an array":  "%q não é JSON: ponha uma string entre aspas ('\"hi\"'), ou passe um número, um objeto ou um array",
		"%q is not a JSON object, as in '{\"token\":\"abc\"}'":                                "%q não é um objeto JSON, como em '{\"token\":\"abc\"}'",
		"must be from 1ms to %s, got %s":                                                      "precisa ser de 1ms a %s, veio %s",
		"%q is not an origin: scheme://host[:port], as in http://localhost:5173":              "%q não é uma origem: esquema://host[:porta], como em http://localhost:5173",
		"%q is not a URL: %v":                                                                 "%q não é uma URL: %v",
		"%q: the scheme must be http or https, as in http://localhost:3000":                   "%q: o esquema precisa ser http ou https, como em http://localhost:3000",
		"%q has no host":                                                                      "%q não tem host",

		// pkg/demo/decode_input.go: decode's input
		"not hex: %q after the offset": "não é hex: %q depois do offset",
		"not hex: %q":                  "não é hex: %q",
		"%q has an odd number of hex digits: a byte is two (write 0f, not f)": "%q tem um número ímpar de dígitos hex: um byte são dois (escreva 0f, não f)",
		"line %#d: %s":   "linha %#d: %s",
		"%s (token %#d)": "%s (item %#d)",

		// pkg/cli: errors and hints of the commands themselves
		"write the bytes as pairs of hex digits, e.g. %s; bytes in a file become hex with xxd -p FILE":                                                   "escreva os bytes como pares de dígitos hex, por exemplo %s; os bytes de um arquivo viram hex com xxd -p FILE",
		"capture the bytes before TLS encrypts them: run your app over http:// and ws:// on this machine, and watch it with %s":                          "capture os bytes antes de o TLS criptografá-los: rode o seu app com http:// e ws:// nesta máquina, e acompanhe-o com %s",
		"--delay %s is too long: at most %s between events":                                                                                              "--delay %s é longo demais: no máximo %s entre eventos",
		"--step waits for a key before each message, for as long as you like":                                                                            "--step espera uma tecla antes de cada mensagem, por quanto tempo você quiser",
		"proxy needs --to: the address of your own server":                                                                                               "proxy precisa de --to: o endereço do seu próprio servidor",
		"run your app (say on port 3000), then: %s":                                                                                                      "rode o seu app (por exemplo na porta 3000), depois: %s",
		"another program listens on %s; stop it, or choose another address with --listen":                                                                "outro programa está escutando em %s; pare-o, ou escolha outro endereço com --listen",
		"--step waits for a key press and needs a terminal on standard input":                                                                            "--step espera uma tecla e precisa de um terminal na entrada padrão",
		"is another %s still running? %s lets the system pick a free port":                                                                               "outro %s ainda está rodando? %s deixa o sistema escolher uma porta livre",
		"save a trace first, e.g. %s":                                                                                                                    "grave um trace primeiro, por exemplo %s",
		"a middleware of the server (io.use) refused the connection; send what it checks with --auth '{\"token\":\"...\"}', or look at the server's log": "um middleware do servidor (io.use) recusou a conexão; envie o que ele confere com --auth '{\"token\":\"...\"}', ou veja o log do servidor",
		"wrong path? Socket.IO answers at /socket.io/ unless the server sets its path option: give the same with --path":                                 "caminho errado? O Socket.IO responde em /socket.io/, a não ser que o servidor defina a opção path: passe o mesmo com --path",
		"wrong path? give the server's path option with --path (Socket.IO's default is /socket.io/)":                                                     "caminho errado? passe a opção path do servidor com --path (o padrão do Socket.IO é /socket.io/)",
		"the server refuses this request: it may check the Origin (allowRequest, cors) or want credentials; --origin sends the Origin of your page":      "o servidor recusa esta requisição: ele pode conferir o Origin (allowRequest, cors) ou exigir credenciais; --origin envia o Origin da sua página",
		"the server is Engine.IO's, but refused the handshake: its error code and message say why":                                                       "o servidor é Engine.IO, mas recusou o handshake: o código e a mensagem de erro dele dizem por quê",
		"upgrade the server to socket.io 3 or later, whose clients speak Engine.IO v4 (socket.io 4 can still accept old clients with allowEIO3)":         "atualize o servidor para o socket.io 3 ou mais novo, cujos clientes falam Engine.IO v4 (o socket.io 4 ainda aceita clientes antigos com allowEIO3)",
		"allow that origin in the server's cors option: new Server(httpServer, { cors: { origin: %q } })":                                                "permita essa origem na opção cors do servidor: new Server(httpServer, { cors: { origin: %q } })",
		"is it a Socket.IO server? a web page or another API answered there; check the port, and the path (--path)":                                      "é um servidor Socket.IO? uma página web ou outra API respondeu ali; confira a porta e o caminho (--path)",
		"the server answered the handshake with an error; --raw shows its answer":                                                                        "o servidor respondeu ao handshake com um erro; --raw mostra a resposta dele",

		// pkg/cli/errors.go: hints
		"the limit is the client's own, for the whole message however it is fragmented: have the server send smaller messages": "o limite é do próprio cliente, para a mensagem inteira, seja qual for a fragmentação: faça o servidor enviar mensagens menores",
		"the fault is the server's: the diagram shows its frame and the rule it breaks":                                        "o erro é do servidor: o diagrama mostra o frame dele e a regra que ele quebra",
		"no such host name; check its spelling in --addr (127.0.0.1 or localhost for this machine)":                            "esse nome de host não existe; confira como está escrito em --addr (127.0.0.1 ou localhost para esta máquina)",
		"the host name in --addr could not be looked up; use an IP address such as 127.0.0.1":                                  "não foi possível resolver o nome de host em --addr; use um endereço IP como 127.0.0.1",
		"another program uses that port; try --addr 127.0.0.1:0 to let the system pick a free one":                             "outro programa está usando essa porta; tente --addr 127.0.0.1:0 para o sistema escolher uma livre",
		"ports below 1024 need privileges; try a port above 1024 or --addr 127.0.0.1:0":                                        "portas abaixo de 1024 exigem privilégios; tente uma porta acima de 1024 ou --addr 127.0.0.1:0",
		"nothing is listening there; check the host and port, and that the server is running":                                  "nada está escutando ali; confira o host e a porta, e se o servidor está rodando",
		"the other side did not answer in time; raise --timeout or check the address":                                          "o outro lado não respondeu a tempo; aumente --timeout ou confira o endereço",
		"no such host name; check its spelling in --url (localhost or 127.0.0.1 for this machine)":                             "esse nome de host não existe; confira como está escrito em --url (localhost ou 127.0.0.1 para esta máquina)",
		"the host name could not be looked up; check this machine's network and DNS, or use an IP address":                     "não foi possível resolver o nome de host; confira a rede e o DNS desta máquina, ou use um endereço IP",
		"the other side reset the connection; the diagram shows the last bytes that crossed before it":                         "o outro lado resetou a conexão; o diagrama mostra os últimos bytes que passaram antes disso",
		"the answer to a handshake is a few hundred bytes; --raw shows the bytes the server sent":                              "a resposta a um handshake tem algumas centenas de bytes; --raw mostra os bytes que o servidor enviou",
		"is it a WebSocket server? for a server that speaks TLS, use wss://":                                                   "é um servidor WebSocket? para um servidor que fala TLS, use wss://",
		"that address cannot be reached from here; check it and your network":                                                  "esse endereço não pode ser alcançado daqui; confira o endereço e a sua rede",
		"for a server without TLS use ws://; for a certificate error, check the host name and that the certificate is valid":   "para um servidor sem TLS use ws://; para um erro de certificado, confira o nome do host e se o certificado é válido",
		"the server did not compute base64(SHA-1(key + GUID)) correctly, or something between you and it changed the response": "o servidor não calculou base64(SHA-1(key + GUID)) corretamente, ou algo entre você e ele mudou a resposta",
		"try the URL it redirects to with --url":                                                                               "tente com --url a URL para a qual ele redireciona",
		"the server refused the handshake; it may check Origin (see --origin) or want credentials":                             "o servidor recusou o handshake; ele pode conferir o Origin (veja --origin) ou exigir credenciais",
		"nothing at that path; WebSocket endpoints often live at a path such as /ws":                                           "não há nada nesse caminho; endpoints WebSocket costumam ficar num caminho como /ws",
		"the server found the request malformed; its answer above may say why (a server that speaks TLS needs wss://)":         "o servidor achou a requisição malformada; a resposta dele, acima, pode dizer por quê (um servidor que fala TLS exige wss://)",
		"the server wants another protocol or version: see the Upgrade and Sec-WebSocket-Version headers of its answer above":  "o servidor quer outro protocolo ou outra versão: veja os cabeçalhos Upgrade e Sec-WebSocket-Version da resposta dele, acima",
		"is this a WebSocket endpoint? a web page answers 200; check the path":                                                 "isto é um endpoint WebSocket? uma página web responde 200; confira o caminho",
	}
}
