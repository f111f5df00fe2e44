package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/record"
)

// requireArgs accepts at least min positional arguments and otherwise says
// what is missing, as a usage error.
func requireArgs(min int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min {
			return usageErrorf("%s: %s (see '%s --help')", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}

// rangeArgs accepts between min and max positional arguments.
func rangeArgs(min, max int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return usageErrorf("%s: %s (see '%s --help')", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}

// isCobraUsageError recognises the errors cobra itself returns for a
// mistyped command line, which carry no type of their own.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument", "required flag", "accepts ", "requires "} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// promptFilter reads --lp and --level; mistakes are usage errors.
func promptFilter(lps []string, level string) (prompts.Filter, error) {
	f, err := prompts.ParseFilter(lps, level)
	if err != nil {
		return f, usageErrorf("%v", err)
	}
	return f, nil
}

// checkRate refuses a --rate no recording could be read back at.
func checkRate(rate int) error {
	if err := record.CheckRate(rate); err != nil {
		return usageErrorf("%v", err)
	}
	return nil
}
