// Package cli implements mamori's command line: one file per subcommand,
// each with its own flag.FlagSet and help text. Main is what cmd/mamori
// calls; tests call it directly.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
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
  buckets  list S3 buckets with posture, size and a scan estimate
  demo     write a sample data set, scan it and show the result
  query    search stored metadata with Lucene query syntax
  trail    ingest CloudTrail logs: score, enrich, sessions, user tiers
  version  print the version

Global flags (before or after the command):
  --db DSN  metadata store: a SQLite file (default ./mamori.db, env MAMORI_DB)

Run 'mamori <command> -h' for the flags of a command.
`

// Version is the mamori version, set at build time with
// -ldflags "-X github.com/mamori-dev/mamori/internal/cli.Version=…".
var Version = "dev"

// Main runs mamori with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args = moveGlobalFlags(args)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	case "scan":
		return runScan(ctx, args[1:], stdout, stderr)
	case "buckets":
		return runBuckets(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "trail":
		return runTrail(ctx, args[1:], stdout, stderr)
	case "query":
		return runQuery(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "mamori %s\n", Version)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "mamori: unknown command %q; run 'mamori help'\n", args[0])
		return ExitUsage
	}
}

// moveGlobalFlags moves global flags given before the command ("mamori --db
// x.db scan DIR") after it, where each command's own flag set parses them.
func moveGlobalFlags(args []string) []string {
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" && args[0] != "-help" {
		name := strings.TrimLeft(args[0], "-")
		if name != "db" {
			if !strings.HasPrefix(name, "db=") {
				break
			}
			global, args = append(global, args[0]), args[1:]
			continue
		}
		if len(args) < 2 {
			break
		}
		global, args = append(global, args[0], args[1]), args[2:]
	}
	if len(args) == 0 {
		return global
	}
	return append(append([]string{args[0]}, global...), args[1:]...)
}
