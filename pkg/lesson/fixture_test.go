package lesson

// fixture is a small but complete lesson used across the tests.
const fixture = `---
minutes: 6
---

# Request and response

HTTP is a conversation in turns.

` + "```http" + `
GET /notes HTTP/1.1
## not a heading: inside a code block
` + "```" + `

Run it:

` + "```wsdemo" + `
wsdemo http --no-keepalive
` + "```" + `

## Who speaks first

The client always asks first.

` + "```quiz" + `
Who sends the first message
over HTTP/1.1?
hint: Think of a browser.
- [ ] The server.
  why: A server only answers.
- [x] The client.
  why: The client sends a request, then the server answers.
- [ ] Both at once.
  why: HTTP/1.1 takes turns.
` + "```" + `

` + "```quiz" + `
Does the server remember you?
- [x] No.
  why: Stateless.
- [ ] Yes.
  why: Not by itself.
` + "```" + `

## What you learned

- The client asks, the server answers.
`

// fixturePT is a small Brazilian Portuguese lesson, for the runner's
// Portuguese words. It has one quiz with a hint and one without.
const fixturePT = `---
minutes: 6
---

# Pedido e resposta

O HTTP é uma conversa em turnos.

` + "```wsdemo" + `
wsdemo http
` + "```" + `

## Quem fala primeiro

O cliente sempre pede primeiro.

` + "```quiz" + `
Quem envia a primeira mensagem no HTTP/1.1?
hint: Pense em um navegador.
- [ ] O servidor.
  why: Um servidor só responde.
- [x] O cliente.
  why: O cliente envia um pedido, e o servidor responde.
` + "```" + `

` + "```quiz" + `
O servidor se lembra de você?
- [x] Não.
  why: Sem estado.
- [ ] Sim.
  why: Não sozinho.
` + "```" + `

## O que você aprendeu

- O cliente pede, o servidor responde.
`
