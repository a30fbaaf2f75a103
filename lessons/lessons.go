// Package lessons holds wsdemo's lessons: Markdown files, one directory per
// language (en/ now, pt-BR/ later), embedded in the binary. The file format
// is described for teachers in README.md; package wsdemo/pkg/lesson parses
// and runs them.
package lessons

import "embed"

// FS holds every lesson as <lang>/NN-slug.md. Pass it to lesson.Load.
//
//go:embed */*.md
var FS embed.FS
