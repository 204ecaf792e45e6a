package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/mamori-dev/mamori/internal/posture"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/store"
)

// s3Flags are the S3 access flags shared by scan and buckets (CONTRACT
// §1). Every one has a MAMORI_ environment variable; the AWS_* variables
// of the SDK apply as well.
type s3Flags struct {
	profile, region, endpoint, roleARN, externalID string
}

func (f *s3Flags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.profile, "profile", envDefault("MAMORI_PROFILE", ""), "AWS shared-config `profile` for S3 targets (env MAMORI_PROFILE, AWS_PROFILE)")
	fs.StringVar(&f.region, "region", envDefault("MAMORI_REGION", ""), "AWS `region` for S3 targets (env MAMORI_REGION, AWS_REGION)")
	fs.StringVar(&f.endpoint, "endpoint-url", envDefault("MAMORI_ENDPOINT_URL", ""), "`URL` of an S3-compatible store (MinIO, Ceph, R2, versitygw); path-style addressing")
	fs.StringVar(&f.roleARN, "role-arn", envDefault("MAMORI_ROLE_ARN", ""), "IAM role `ARN` to assume for S3 (member accounts)")
	fs.StringVar(&f.externalID, "external-id", envDefault("MAMORI_EXTERNAL_ID", ""), "external `ID` for --role-arn")
}

// config returns the S3 settings of the flags. The retry policy can be
// tuned with MAMORI_S3_MAX_ATTEMPTS and MAMORI_S3_MAX_BACKOFF (a duration).
func (f *s3Flags) config() source.S3Config {
	c := source.S3Config{Profile: f.profile, Region: f.region, EndpointURL: f.endpoint, RoleARN: f.roleARN, ExternalID: f.externalID}
	if n, err := strconv.Atoi(os.Getenv("MAMORI_S3_MAX_ATTEMPTS")); err == nil {
		c.MaxAttempts = n
	}
	if d, err := time.ParseDuration(os.Getenv("MAMORI_S3_MAX_BACKOFF")); err == nil {
		c.MaxBackoff = d
	}
	return c
}

// s3ScanFlags are scan's flags for S3 targets.
type s3ScanFlags struct {
	s3Flags
	config, account                 string
	newOnly, all, estimate, restart bool
	sample                          float64
	extensions                      stringList
	minSize, maxSize                byteSize
	maxAge                          age
	prices                          posture.Prices
}

func (f *s3ScanFlags) register(fs *flag.FlagSet) {
	f.s3Flags.register(fs)
	fs.StringVar(&f.config, "config", envDefault("MAMORI_CONFIG", ""), "configuration `file` with s3.accounts (default ./mamori.yaml when present)")
	fs.StringVar(&f.account, "account", "", "read S3 targets as the account of the configuration file with this `name`")
	fs.BoolVar(&f.newOnly, "new-only", false, "scan only objects that are new or changed (ETag, size) since they were stored, or failed last time; implies --store")
	fs.BoolVar(&f.all, "all", false, "re-classify every object (the default; overrides --new-only)")
	fs.Float64Var(&f.sample, "sample", 0, "scan a deterministic sample of `PERCENT` of each bucket's objects (0 or 100: all)")
	fs.BoolVar(&f.estimate, "estimate", false, "list the targets and print objects, sizes, estimated scan time and cost instead of scanning")
	fs.BoolVar(&f.restart, "restart", false, "ignore the checkpoint of an interrupted S3 scan and start from the first key")
	fs.Var(&f.extensions, "extension", "scan only S3 keys with this `extension`, e.g. csv (repeatable)")
	fs.Var(&f.minSize, "min-size", "skip S3 objects smaller than this, e.g. 1KB")
	fs.Var(&f.maxSize, "max-size", "skip S3 objects larger than this, e.g. 5GB (default: no limit)")
	fs.Var(&f.maxAge, "max-age", "skip S3 objects last modified longer ago than this, e.g. 30d or 12h")
	registerPrices(fs, &f.prices)
}

func registerPrices(fs *flag.FlagSet, p *posture.Prices) {
	*p = posture.DefaultPrices
	fs.Float64Var(&p.GetPer1000, "price-get", p.GetPer1000, "estimate: dollars per 1,000 GET requests")
	fs.Float64Var(&p.ListPer1000, "price-list", p.ListPer1000, "estimate: dollars per 1,000 LIST requests")
	fs.Float64Var(&p.EgressPerGB, "price-egress", p.EgressPerGB, "estimate: dollars per GB transferred (0 inside the region)")
}

// access returns the S3 flags of the --account chosen from the
// configuration file, or the flags themselves.
func (f *s3ScanFlags) access() (s3Flags, error) {
	if f.account == "" {
		return f.s3Flags, nil
	}
	accounts, err := loadAccounts(f.config)
	if err != nil {
		return s3Flags{}, usageError{err}
	}
	for _, a := range accounts {
		if a.Name == f.account {
			return a.flags(f.s3Flags), nil
		}
	}
	return s3Flags{}, usagef("scan: --account %s is not in the configuration", f.account)
}

func (f *s3ScanFlags) validate() error {
	if f.sample < 0 || f.sample > 100 {
		return usagef("scan: --sample %g is outside 0–100", f.sample)
	}
	if f.all {
		f.newOnly = false
	}
	return nil
}

// age is a duration flag that also takes days: 30d, 12h, 90m.
type age time.Duration

func (a *age) String() string { return time.Duration(*a).String() }

func (a *age) Set(v string) error {
	if d, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("age %q is not a duration like 30d or 12h", v)
		}
		*a = age(n * float64(24*time.Hour))
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("age %q is not a duration like 30d or 12h", v)
	}
	*a = age(d)
	return nil
}

// s3Target is an S3 target of a scan, with the checkpoint it resumes from.
type s3Target struct {
	src        *source.S3
	checkpoint string // the checkpoint's name; "" without a store
}

// s3Sources builds the sources of the s3:// targets, sharing one client.
// With a store, each resumes after its checkpoint unless --restart, and
// with --new-only skips objects whose stored ETag and size match.
func (c *scanConfig) s3Source(ctx context.Context, client *s3.Client, target string, db *store.DB, stderr io.Writer) (*s3Target, error) {
	opts := source.S3Options{
		Include: c.include, Exclude: c.exclude, Extensions: c.s3.extensions,
		MinSize: int64(c.s3.minSize), MaxSize: int64(c.s3.maxSize),
		MaxObjectSize: int64(c.maxObject), SamplePercent: c.s3.sample,
	}
	if c.s3.maxAge > 0 {
		opts.ModifiedAfter = time.Now().Add(-time.Duration(c.s3.maxAge))
	}
	access, err := c.s3.access()
	if err != nil {
		return nil, err
	}
	if access.endpoint == "" { // AWS: sign for the bucket's own region
		bucket, _, _ := source.ParseS3URI(target)
		if r, err := source.BucketRegion(ctx, client, bucket); err == nil {
			opts.Region = r
		}
	}
	t := &s3Target{}
	if db != nil && !c.s3.estimate {
		t.checkpoint = "scan " + target
		if c.s3.newOnly {
			opts.Keep = changedSince(db)
		}
		after, err := c.resumeAfter(ctx, db, t.checkpoint)
		if err != nil {
			return nil, err
		}
		if after != "" {
			fmt.Fprintf(stderr, "mamori: %s: resuming an interrupted scan after key %q (--restart to start over)\n", target, after)
			opts.StartAfter = after
		}
	}
	src, err := source.NewS3(client, target, opts)
	if err != nil {
		return nil, usageError{err}
	}
	t.src = src
	return t, nil
}

// resumeAfter returns the key an interrupted scan of the checkpoint's
// target got to, or "" to start from the first key.
func (c *scanConfig) resumeAfter(ctx context.Context, db *store.DB, name string) (string, error) {
	if c.s3.restart {
		return "", db.DeleteCheckpoint(ctx, name)
	}
	after, _, err := db.Checkpoint(ctx, name)
	return after, err
}

// changedSince keeps the objects the store has no good record of: new
// ones, changed ones (another ETag or size) and ones whose last scan
// failed.
func changedSince(db *store.DB) func(context.Context, source.Object) (bool, error) {
	return func(ctx context.Context, o source.Object) (bool, error) {
		etag, size, failed, ok, err := db.ScanState(ctx, o.URI)
		if err != nil {
			return false, err
		}
		return !ok || failed || etag != o.ETag || size != o.Size, nil
	}
}

// s3Client makes the client of scan's S3 targets.
func (c *scanConfig) s3Client(ctx context.Context) (*s3.Client, error) {
	f, err := c.s3.access()
	if err != nil {
		return nil, err
	}
	return newS3Client(ctx, f)
}

// newS3Client makes the S3 client of a command from its flags.
func newS3Client(ctx context.Context, f s3Flags) (*s3.Client, error) {
	return source.NewS3Client(ctx, f.config())
}

// estimate walks each source without reading objects and prints what a
// scan of it would take.
func (c *scanConfig) estimate(ctx context.Context, sources []source.Source, db *store.DB, stdout io.Writer) error {
	rates := posture.DefaultRates
	if db != nil {
		if r, ok, err := loadRates(ctx, db); err == nil && ok {
			rates = r
		}
	}
	var total posture.Estimate
	rows := make([]estimateRow, 0, len(sources))
	for i, src := range sources {
		var e posture.Estimate
		err := src.Walk(ctx, func(o source.Object) error {
			e.Add(o, int64(c.maxObject))
			total.Add(o, int64(c.maxObject))
			return nil
		})
		if err != nil {
			return err
		}
		e.Finish(rates, c.s3.prices)
		rows = append(rows, estimateRow{name: c.targets[i], e: e})
	}
	total.Finish(rates, c.s3.prices)
	return writeEstimates(stdout, c.format, rows, total)
}
