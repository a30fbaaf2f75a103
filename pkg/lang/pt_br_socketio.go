package lang

// ptBRSocketIO translates what `wsdemo socketio` says: the story of a
// Socket.IO session on the wire, its server's own steps, the --url mode
// against the learner's server, and the Socket.IO exercise.
func ptBRSocketIO() map[string]string {
	return map[string]string{
		// pkg/server/socketio.go: the server's own steps
		"The server put the socket in the room %s, a name it keeps for itself: nothing crossed the wire for it, and no packet will ever name it.": "O servidor colocou o socket na sala %s, um nome que só ele guarda: nada passou pela rede por causa disso, e nenhum pacote vai citá-lo.",
		"the server: socket %s joins the room %s": "o servidor: o socket %s entra na sala %s",
		"One call on the server sends the event to every socket in the room, the sender included: the server writes it once on each of their connections. The room's name stays on the server.": "Uma única chamada no servidor envia o evento para todos os sockets da sala, inclusive o de quem enviou: o servidor o escreve uma vez em cada uma das conexões deles. O nome da sala fica no servidor.",
		"the server: io.to(%q).emit(\"announce\", …)": "o servidor: io.to(%q).emit(\"announce\", …)",
	}
}
