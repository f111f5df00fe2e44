// Package prompts holds starcoach's built-in question banks, one TOML file
// per bank, embedded in the binary. The files sit here, at the top of the
// repository, so that they are easy to find and edit; reading and checking
// them is internal/prompts' job.
package prompts

import (
	"embed"
	"io/fs"
)

//go:embed *.toml
var banks embed.FS

// Builtin returns the built-in bank files, named <bank>.toml.
func Builtin() fs.FS { return banks }
