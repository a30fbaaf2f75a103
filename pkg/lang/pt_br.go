package lang

// ptBRParts are the Brazilian Portuguese catalog, one map per area of the
// code, each kept in its own file: English text (a fmt format when the code
// formats it) → its translation, with the same verbs in the same order.
var ptBRParts = []map[string]string{ptBRHTTP, ptBRHandshake, ptBRDuplex, ptBRRealtime, ptBRRTT, ptBRHostile, ptBRProxy}
