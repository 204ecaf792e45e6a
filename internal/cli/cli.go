// Package cli implements mamori's command line: one file per subcommand,
// each with its own flag.FlagSet and help text. Main is what cmd/mamori
// calls; tests call it directly.
package cli

import (
	"context"
	"fmt"
	"io"
)

// Exit codes (CONTRACT §1).
const (
	ExitOK      = 0
	ExitRuntime = 1
	ExitUsage   = 2
	ExitRisk    = 3
)

const usage = `mamori finds sensitive data in object storage and local folders.

Usage:
  mamori <command> [flags]

Commands:
  scan     classify objects and print one record per object
  demo     write a sample data set, scan it and show the result
  version  print the version

Run 'mamori <command> -h' for the flags of a command.
`

// Main runs mamori with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "mamori: unknown command %q; run 'mamori help'\n", args[0])
		return ExitUsage
	}
}
