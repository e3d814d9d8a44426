// Package lexicons embeds sitrep's vocabulary and gazetteers (see README.md in this folder)
// so that the binary needs no data files at run time.
package lexicons

import "embed"

// FS holds every lexicon file, laid out as <lang>/<kind>.yaml, all/*.yaml and kb/*.yaml.
//
//go:embed */*.yaml
var FS embed.FS
