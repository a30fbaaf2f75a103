//go:build race

package cli

// raceDetector is true when the tests run with -race, which multiplies the
// memory and time of the program it watches: measures of those skip then.
const raceDetector = true
