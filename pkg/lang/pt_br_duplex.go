package lang

// ptBRDuplex translates the texts of the duplex demo (and of the server and
// the shared annotations it uses).
var ptBRDuplex = map[string]string{}
