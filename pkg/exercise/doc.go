// Package exercise holds wsdemo's exercises: tasks that ask the learner to
// build a server (a notes API, an echo server, a broadcast hub ...) and the
// checks that `wsdemo check` runs against it.
//
// An exercise has two halves:
//
//   - its task, a Markdown file next to the lessons (lessons/exercises/<lang>/
//     NN-slug.md, read by Load): what to build, hints, starter code, and the
//     names of the checks it passes (front matter `checks:`);
//   - its checks, Go code here: each check is a step with a name, what it
//     sends, the rule it verifies (with its RFC section) and a hint. A
//     teacher composes a new exercise from these steps in Markdown alone.
//
// Run drives a client of its own (a raw WebSocket client that can send
// broken frames on purpose, a raw HTTP/1.1 client that keeps one connection)
// through a demo.Probe: every byte is tapped, decoded and recorded in a
// trace.Recorder as the demos record theirs, so a check run is drawn as the
// same annotated diagram, and a failed check points at the bytes that broke
// it.
//
// # Why a package of its own
//
// The demos in pkg/demo each run a story against wsdemo's own server; the
// checks judge a server wsdemo does not own, and carry what the demos do
// not: slugs, task texts, verdicts and hints. So the checks live above the
// demos and use one exported piece of them, demo.Probe (a tapped client
// side), rather than making pkg/demo learn about exercises. Imports point
// down: cli → exercise → demo → wiretap, wire, trace.
package exercise
