package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/trail"
)

const demoHelp = `Usage: mamori demo [flags]

Write a realistic sample data set (a company file share with planted
personal data, card numbers, cloud keys and private keys, Japanese
documents (a Shift_JIS staff register, a confidential memo), and clean
files with look-alikes) to a temporary folder, scan it into a store, print the
summary, and check what was found against what was planted. Then write a
month of sample CloudTrail logs with Tor and proxy feeds and ingest them
into the same store.
`

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", demoHelp, stderr)
	dir := fs.String("dir", "", "write the data set here instead of a new temporary `folder`")
	db := fs.String("db", os.Getenv("MAMORI_DB"), "metadata store `DSN` (default: mamori.db inside the data set folder)")
	format := fs.String("format", record.FormatText, "output `format` of the scan records")
	if rest, err := parseInterleaved(fs, args); err != nil || len(rest) > 0 {
		if err == nil {
			err = usagef("demo: unexpected argument %q", rest[0])
		}
		return exitCode(usageError{err}, stderr)
	}
	code, err := demoRun(ctx, *dir, *db, *format, stdout, stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	return code
}

func demoRun(ctx context.Context, dir, db, format string, stdout, stderr io.Writer) (int, error) {
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "mamori-demo-"); err != nil {
			return ExitRuntime, fmt.Errorf("demo: %w", err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return ExitRuntime, fmt.Errorf("demo: %w", err)
	}
	data := filepath.Join(dir, "share")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return ExitRuntime, fmt.Errorf("demo: %w", err)
	}
	planted, err := demo.Write(data)
	if err != nil {
		return ExitRuntime, fmt.Errorf("demo: write data set: %w", err)
	}
	if db == "" {
		db = filepath.Join(dir, "mamori.db")
	}
	fmt.Fprintf(stdout, "mamori demo: wrote a sample file share to %s\n\n", data)
	c := &scanConfig{db: db, format: format, store: true, progress: "never",
		maxObject: 20 << 20, maxDecoded: 200 << 20, targets: []string{data}}
	if err := c.validate(stdout); err != nil {
		return ExitUsage, err
	}
	if _, err := c.run(ctx, stdout, stderr); err != nil {
		return ExitRuntime, err
	}
	if err := demoCheck(ctx, db, planted, stdout); err != nil {
		return ExitRuntime, err
	}
	if err := demoTrail(ctx, dir, db, stdout, stderr); err != nil {
		return ExitRuntime, err
	}
	fmt.Fprintf(stdout, "\nThe records are stored in %s (--db to choose another store).\n", db)
	return ExitOK, nil
}

// demoCheck compares the stored findings with what the data set planted and
// prints precision and recall per type: the demo measures itself.
func demoCheck(ctx context.Context, dsn string, planted []demo.Planted, stdout io.Writer) error {
	db, err := openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	type key struct {
		obj, part, typ string
		off            int64
	}
	ids, err := detect.Builtin()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, id := range ids {
		known[id.Type] = true
	}
	truth := map[key]bool{}
	types := map[string]bool{}
	for _, p := range planted {
		if known[p.Type] {
			truth[key{p.Key, p.Part, p.Type, p.Offset}] = true
			types[p.Type] = true
		}
	}
	tp, fp, unlisted := map[string]int{}, map[string]int{}, 0
	err = db.Objects(ctx, func(o record.Object) error {
		for _, f := range o.Findings {
			if pre, scoped := demo.ScopedTypes[f.Type]; !types[f.Type] || scoped && !strings.HasPrefix(o.Key, pre) {
				continue // not planted, or outside the files the truth covers
			}
			unlisted += f.Count - len(f.Occurrences)
			for _, oc := range f.Occurrences {
				if truth[key{o.Key, oc.Part, f.Type, oc.Offset}] {
					tp[f.Type]++
				} else {
					fp[f.Type]++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	printAccuracy(stdout, planted, types, tp, fp)
	for _, t := range slices.Sorted(maps.Keys(demo.ScopedTypes)) {
		if types[t] {
			fmt.Fprintf(stdout, "  (%s is scored on %s only: the manifest lists it there)\n", t, demo.ScopedTypes[t])
		}
	}
	if unlisted > 0 {
		fmt.Fprintf(stdout, "  (%d more matches were counted but not located: a finding lists at most %d occurrences,\n"+
			"   so recall above is a lower bound)\n", unlisted, record.MaxOccurrences)
	}
	return nil
}

func printAccuracy(w io.Writer, planted []demo.Planted, types map[string]bool, tp, fp map[string]int) {
	want := map[string]int{}
	for _, p := range planted {
		if types[p.Type] {
			want[p.Type]++
		}
	}
	names := make([]string, 0, len(types))
	for t := range types {
		names = append(names, t)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nAccuracy against the planted values:\n")
	fmt.Fprintf(w, "  %-24s %8s %8s %8s %10s %8s\n", "type", "planted", "found", "false+", "precision", "recall")
	for _, t := range names {
		prec, rec := ratio(tp[t], tp[t]+fp[t]), ratio(tp[t], want[t])
		fmt.Fprintf(w, "  %-24s %8d %8d %8d %9.0f%% %7.0f%%\n", t, want[t], tp[t], fp[t], prec*100, rec*100)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// demoTrail writes a month of sample CloudTrail logs with threat feeds and
// ingests them into the same store.
func demoTrail(ctx context.Context, dir, db string, stdout, stderr io.Writer) error {
	logs := filepath.Join(dir, "cloudtrail")
	st, err := trail.WriteSampleLogs(logs, trail.SampleOptions{Days: 30, EventsPerDay: 300, Seed: 1})
	if err != nil {
		return fmt.Errorf("demo: write CloudTrail logs: %w", err)
	}
	tor, proxies, ranges, err := trail.WriteSampleFeeds(dir)
	if err != nil {
		return fmt.Errorf("demo: write threat feeds: %w", err)
	}
	fmt.Fprintf(stdout, "\nmamori demo: wrote %d CloudTrail events in %d log files to %s\n\n", st.Events, st.Files, logs)
	args := []string{"ingest", "--db", db, "--tor-exits", tor, "--proxies", proxies, "--aws-ip-ranges", ranges, logs}
	if code := runTrail(ctx, args, stdout, stderr); code != ExitOK {
		return fmt.Errorf("demo: trail ingest exited with status %d", code)
	}
	fmt.Fprintf(stdout, "\nTry:\n  mamori query --db %s 'dlp_risk:>=8'\n"+
		"  mamori query --db %s --index cloudtrail --count-by user_agent_os 'tor:true OR proxy:true'\n", db, db)
	return nil
}
