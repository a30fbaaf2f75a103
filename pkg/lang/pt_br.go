package lang

// ptBRParts are the Brazilian Portuguese catalog, one map per area of the
// code, each kept in its own file: English text (a fmt format when the code
// formats it) → its translation, with the same verbs in the same order.
// They are functions, so that the maps are built when the catalog is (the
// first time something is said), not at every start of wsdemo.
var ptBRParts = []func() map[string]string{ptBRHTTP, ptBRHandshake, ptBRDuplex, ptBRRealtime, ptBRRTT, ptBRHostile, ptBRRender, ptBRWire, ptBRServer, ptBRLesson, ptBRDecode, ptBRExercise, ptBRServe, ptBRProxy, ptBRSocketIO, ptBRCLI, ptBRCLIHelp, ptBRNetErrors}
