// Package lessons holds wsdemo's lessons: Markdown files, one directory per
// language (en/ now, pt-BR/ later), embedded in the binary. The file format
// is described for teachers in README.md; package wsdemo/pkg/lesson parses
// and runs them.
//
// The exercises' tasks live beside them, in exercises/<lang>/NN-slug.md, in
// the same style; package wsdemo/pkg/exercise reads them.
package lessons

import (
	"embed"
	"io/fs"
)

// FS holds every lesson as <lang>/NN-slug.md. Pass it to lesson.Load.
//
//go:embed */*.md
var FS embed.FS

// exercises holds every exercise task as exercises/<lang>/NN-slug.md. It is
// a variable of its own so that FS's language directories stay languages.
//
//go:embed exercises/*/*.md
var exercises embed.FS

// Exercises returns the exercise tasks as <lang>/NN-slug.md. Pass it to
// exercise.Load.
func Exercises() fs.FS {
	sub, err := fs.Sub(exercises, "exercises")
	if err != nil {
		panic(err) // "exercises" is a valid path: fs.Sub cannot fail on it
	}
	return sub
}
