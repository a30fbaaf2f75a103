package lang

// ptBRHTTP translates the texts of the http demo (and of the server and
// the shared annotations it uses).
var ptBRHTTP = map[string]string{}
