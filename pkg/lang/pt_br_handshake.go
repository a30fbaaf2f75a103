package lang

// ptBRHandshake translates the texts of the handshake demo (and of the server and
// the shared annotations it uses).
var ptBRHandshake = map[string]string{}
