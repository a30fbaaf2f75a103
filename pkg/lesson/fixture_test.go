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
