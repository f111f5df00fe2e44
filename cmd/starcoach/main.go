// Command starcoach records, times, transcribes and reviews spoken answers to
// behavioral interview questions, entirely on the user's own machine.
package main

import (
	"os"

	"github.com/starcoach/starcoach/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
