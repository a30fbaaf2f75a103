package lang

// ptBRRealtime translates the texts of the realtime demo (and of the server and
// the shared annotations it uses).
var ptBRRealtime = map[string]string{}
