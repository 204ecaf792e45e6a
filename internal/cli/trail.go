package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/mamori-dev/mamori/internal/trail"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

const trailHelp = `Usage: mamori trail <subcommand> [flags]

Subcommands:
  ingest [flags] SOURCE...   read CloudTrail logs, score and enrich every
                             event, and store events, sessions and user tiers

Run 'mamori trail ingest -h' for its flags.
`

const trailIngestHelp = `Usage: mamori trail ingest [flags] SOURCE...

Read CloudTrail logs into the cloudtrail and sessions indexes of --db.
SOURCE is a log file (.json, .json.gz, JSON lines of single events such as
EventBridge or CloudTrail Lake exports), a folder walked recursively, or
s3://BUCKET[/PREFIX] of a trail bucket in the AWSLogs/<account>/CloudTrail/
<region>/YYYY/MM/DD/ layout, CloudTrail-Insight/ folders alike (organization
trails: AWSLogs/<org-id>/<account>/…); only the day folders of the time range
are listed. Files and objects already ingested unchanged (size and time, or
S3 ETag) are skipped; events are keyed by time and eventID, so nothing is
ever stored twice.

Local files and folders are read whole: every event in them is stored,
whatever its date. For an s3:// trail bucket, a first ingest without
--since keeps the 60 days before the newest day folder, or less when the
retention is shorter. --since and --until take an RFC 3339 time, a date
(2026-11-01) or an age before now (60d, 12h).

After the ingest, events and sessions older than the retention (calendar
months before the newest event's day) are purged. The retention comes from
--retention, MAMORI_TRAIL_RETENTION or trail.retention_months; without
any of them it is one month when a source is s3:// (monitoring a trail
bucket, as Macie Classic did) and 0, keep all, for local sources only.

A bad file or record is reported on stderr as one line and the ingest goes
on. Exit status: 0 ok; 1 runtime error (store, missing SOURCE); 2 usage.
`

// trailConfig is everything trail ingest was asked to do.
type trailConfig struct {
	db, riskConfig, format string
	config                 string
	feeds                  enrich.Feeds
	since, until           string
	retention              int
	force                  bool
	sources                []string
	s3                     s3Flags
}

func runTrail(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		fmt.Fprint(w, trailHelp)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if args[0] != "ingest" {
		fmt.Fprintf(stderr, "mamori: unknown trail subcommand %q; run 'mamori trail help'\n", args[0])
		return ExitUsage
	}
	c, err := parseTrailIngest(args[1:], stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	return exitCode(c.run(ctx, stdout, stderr), stderr)
}

func parseTrailIngest(args []string, stderr io.Writer) (*trailConfig, error) {
	c := &trailConfig{}
	fs := newFlagSet("trail ingest", trailIngestHelp, stderr)
	fs.StringVar(&c.db, "db", envDefault("MAMORI_DB", "mamori.db"), "metadata store `DSN`: a SQLite file or postgres://… (env MAMORI_DB)")
	fs.StringVar(&c.feeds.TorExits, "tor-exits", os.Getenv("MAMORI_TOR_EXITS"), "`file` of Tor exit IPs, one per line (env MAMORI_TOR_EXITS)")
	fs.StringVar(&c.feeds.Proxies, "proxies", os.Getenv("MAMORI_PROXIES"), "`file` of anonymous proxy/VPN IPs or CIDRs, one per line (env MAMORI_PROXIES)")
	fs.StringVar(&c.feeds.IPDB, "ip-db", os.Getenv("MAMORI_IP_DB"), "MaxMind-format .mmdb `file` with ASN/ISP and/or country (env MAMORI_IP_DB)")
	fs.StringVar(&c.feeds.AWSIPRanges, "aws-ip-ranges", os.Getenv("MAMORI_AWS_IP_RANGES"), "AWS ip-ranges.json `file` (env MAMORI_AWS_IP_RANGES)")
	fs.StringVar(&c.since, "since", "", "keep events at or after this `time` (RFC 3339, 2026-11-01 or 60d)")
	fs.StringVar(&c.until, "until", "", "keep events before this `time`")
	fs.IntVar(&c.retention, "retention", defaultRetention, "after ingesting, purge events older than this many calendar `months` before the newest event's day (1–12; 0 keeps all; env MAMORI_TRAIL_RETENTION, config trail.retention_months; default 1 with an s3:// source, else 0)")
	fs.StringVar(&c.config, "config", envDefault("MAMORI_CONFIG", ""), "configuration `file` (default ./mamori.yaml when present)")
	fs.BoolVar(&c.force, "force", false, "read files again even when already ingested unchanged")
	fs.StringVar(&c.riskConfig, "risk-config", os.Getenv("MAMORI_RISK_CONFIG"), "YAML `file` overriding or disabling risk-table entries (schema of docs/cloudtrail-risk.md)")
	fs.StringVar(&c.format, "format", "text", "summary `format`: text or json")
	c.s3.register(fs)
	sources, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, usageError{err}
	}
	c.sources = sources
	if err := c.retentionDefault(fs); err != nil {
		return nil, err
	}
	switch {
	case len(sources) == 0:
		return nil, usagef("trail ingest: no SOURCE given; try 'mamori trail ingest AWSLogs/'")
	case c.retention < 0 || c.retention > 12:
		return nil, usagef("trail ingest: --retention %d is outside 0–12 months", c.retention)
	case c.format != "text" && c.format != "json":
		return nil, usagef("trail ingest: --format %q is not text or json", c.format)
	}
	return c, nil
}

func (c *trailConfig) options(now time.Time, stderr io.Writer) (trail.Options, error) {
	opt := trail.Options{Force: c.force, Report: func(err error) { fmt.Fprintf(stderr, "mamori: trail: %v\n", err) }}
	opt.S3 = &trail.S3Access{
		Client: func(ctx context.Context) (*s3.Client, error) { return newS3Client(ctx, c.s3) },
		Locate: c.s3.endpoint == "", // AWS: sign for each bucket's own region
	}
	var err error
	if opt.Since, err = parseWhen(c.since, now); err != nil {
		return opt, usagef("trail ingest: --since: %v", err)
	}
	if opt.Until, err = parseWhen(c.until, now); err != nil {
		return opt, usagef("trail ingest: --until: %v", err)
	}
	opt.RetentionMonths = c.retention
	opt.NoLookback = !c.monitoring()
	return opt, nil
}

// defaultRetention is how many months of events trail ingest keeps unless
// told otherwise (Macie Classic's default CloudTrail retention).
const defaultRetention = 1

// retentionDefault applies MAMORI_TRAIL_RETENTION, then the configuration
// file's trail.retention_months, when --retention was not given; without
// any of them, local sources alone keep everything (the user chose those
// files, perhaps for an old incident) and a trail bucket keeps
// defaultRetention.
func (c *trailConfig) retentionDefault(fs *flag.FlagSet) error {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "retention" })
	if set {
		return nil
	}
	if !c.monitoring() {
		c.retention = 0
	}
	if v := os.Getenv("MAMORI_TRAIL_RETENTION"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return usagef("trail ingest: MAMORI_TRAIL_RETENTION %q is not a number of months", v)
		}
		c.retention = n
		return nil
	}
	cfg, path, err := loadConfig(c.config)
	if err != nil {
		return usageError{err}
	}
	if r := cfg.Trail.RetentionMonths; r != nil {
		if *r < 0 || *r > 12 {
			return usagef("config %s: trail.retention_months %d is outside 0–12", path, *r)
		}
		c.retention = *r
	}
	return nil
}

// monitoring reports whether a source is a trail bucket (s3://), which
// gets Macie Classic's defaults: a 60-day first look back and one month of
// retention.
func (c *trailConfig) monitoring() bool {
	for _, src := range c.sources {
		if strings.HasPrefix(src, "s3://") {
			return true
		}
	}
	return false
}

// parseWhen parses an RFC 3339 time, a date, or an age before now such as
// 60d or 12h; "" is the zero time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	switch {
	case s == "":
		return time.Time{}, nil
	case strings.HasSuffix(s, "d"):
		if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time, a date or an age like 60d", s)
}

func (c *trailConfig) run(ctx context.Context, stdout, stderr io.Writer) error {
	opt, err := c.options(time.Now().UTC(), stderr)
	if err != nil {
		return err
	}
	risk, err := c.riskTable()
	if err != nil {
		return err
	}
	ips, err := enrich.LoadIPIndex(ctx, c.feeds)
	if err != nil {
		return err
	}
	defer ips.Close()
	db, err := openStore(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	in := trail.NewIngester(db, risk, trail.NewNormalizer(risk, ips), opt)
	start := time.Now()
	st, err := in.Ingest(ctx, c.sources)
	if err != nil {
		return err
	}
	return c.summary(stdout, st, time.Since(start))
}

func (c *trailConfig) riskTable() (*trail.RiskTable, error) {
	if c.riskConfig == "" {
		return trail.NewRiskTable()
	}
	data, err := os.ReadFile(c.riskConfig)
	if err != nil {
		return nil, fmt.Errorf("risk config: %w", err)
	}
	t, err := trail.NewRiskTable(data)
	if err != nil {
		return nil, fmt.Errorf("risk config %s: %w", c.riskConfig, err)
	}
	return t, nil
}

func (c *trailConfig) summary(w io.Writer, st trail.Stats, took time.Duration) error {
	if c.format == "json" {
		return json.NewEncoder(w).Encode(st)
	}
	rate := 0.0
	if took > 0 {
		rate = float64(st.Records) / took.Seconds()
	}
	_, err := fmt.Fprintf(w, "ingested %d events from %d files (%d skipped, %d failed); %d bad records, %d outside the time range; %d sessions, %d users; %.0f events/s\n",
		st.Events, st.Files, st.Skipped, st.Failed, st.BadRecords, st.Filtered, st.Sessions, st.Users, rate)
	if err == nil && st.Purged > 0 {
		_, err = fmt.Fprintf(w, "purged %d events older than the retention\n", st.Purged)
	}
	return err
}
