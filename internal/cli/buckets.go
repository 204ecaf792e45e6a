package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/mamori-dev/mamori/internal/posture"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/scan"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/store"
)

const bucketsHelp = `Usage: mamori buckets [flags] [s3://BUCKET...]

List S3 buckets (all the credentials can list, or the ones given) with
their posture (public read/write, sharing, encryption, versioning, Block
Public Access), object count, size, and an estimate of what scanning them
would take: classifiable size, time at the last measured throughput, and
request and transfer cost. With --store, save them into the s3_buckets
index of --db, with the sensitivity score of their scanned objects.

The accounts are those of the s3.accounts list of the configuration file
(--config, default ./mamori.yaml when present), each with a name and any of
profile, region, endpoint_url, role_arn and external_id; without one, the
account the flags and the AWS environment give.
`

// bucketsConfig is everything the buckets command was asked to do.
type bucketsConfig struct {
	s3Flags
	db, format     string
	config, only   string
	store, noCount bool
	maxObject      byteSize
	prices         posture.Prices
	targets        []string
}

func parseBuckets(args []string, stdout, stderr io.Writer) (*bucketsConfig, error) {
	c := &bucketsConfig{maxObject: scan.DefaultMaxObjectSize}
	fs := newFlagSet("buckets", bucketsHelp, stderr)
	fs.StringVar(&c.db, "db", envDefault("MAMORI_DB", "mamori.db"), "metadata store `DSN`: a SQLite file or postgres://… (env MAMORI_DB)")
	fs.StringVar(&c.format, "format", "", "output `format`: text, json or jsonl (default text on a terminal, jsonl otherwise)")
	fs.BoolVar(&c.store, "store", false, "save the buckets into the s3_buckets index of --db")
	fs.BoolVar(&c.noCount, "no-count", false, "skip listing the objects (no count, size or estimate)")
	fs.StringVar(&c.config, "config", envDefault("MAMORI_CONFIG", ""), "configuration `file` with s3.accounts (default ./mamori.yaml when present)")
	fs.StringVar(&c.only, "account", "", "only the account of the configuration file with this `name`")
	fs.Var(&c.maxObject, "max-object-size", "bytes a scan reads of each object, for the estimate (default 20MB)")
	c.s3Flags.register(fs)
	registerPrices(fs, &c.prices)
	targets, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, usageError{err}
	}
	for _, t := range targets {
		if _, _, err := source.ParseS3URI(t); err != nil {
			return nil, usageError{err}
		}
	}
	c.targets = targets
	if c.format == "" {
		c.format = record.FormatJSONL
		if isTerminal(stdout) {
			c.format = record.FormatText
		}
	}
	if !slices.Contains([]string{record.FormatText, record.FormatJSON, record.FormatJSONL}, c.format) {
		return nil, usagef("buckets: --format %q is not text, json or jsonl", c.format)
	}
	return c, nil
}

func runBuckets(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseBuckets(args, stdout, stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	return exitCode(c.run(ctx, stdout, stderr), stderr)
}

// bucketRow is one bucket of the output: its posture and scan estimate.
type bucketRow struct {
	posture.Bucket
	Estimate *posture.Estimate `json:"estimate,omitempty"`
}

func (c *bucketsConfig) run(ctx context.Context, stdout, stderr io.Writer) error {
	accounts, err := c.accounts()
	if err != nil {
		return err
	}
	db, err := openStore(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	rates, _, err := loadRates(ctx, db)
	if err != nil {
		return err
	}
	var rows []bucketRow
	for _, a := range accounts {
		got, err := c.accountBuckets(ctx, db, a, rates, stderr)
		if err != nil {
			return err
		}
		rows = append(rows, got...)
	}
	if c.store {
		if err := putBuckets(ctx, db, rows); err != nil {
			return err
		}
	}
	return c.write(stdout, rows)
}

// accounts returns the accounts to list: those of the configuration file
// (or the one --account names), or one made of the flags.
func (c *bucketsConfig) accounts() ([]s3Account, error) {
	all, err := loadAccounts(c.config)
	if err != nil {
		return nil, usageError{err}
	}
	if len(all) == 0 {
		if c.only != "" {
			return nil, usagef("buckets: --account %s: no s3.accounts in the configuration", c.only)
		}
		return []s3Account{{}}, nil
	}
	if c.only == "" {
		if len(all) > 1 && len(c.targets) > 0 {
			return nil, usagef("buckets: s3:// targets with %d configured accounts: choose one with --account", len(all))
		}
		return all, nil
	}
	for _, a := range all {
		if a.Name == c.only {
			return []s3Account{a}, nil
		}
	}
	return nil, usagef("buckets: --account %s is not in the configuration", c.only)
}

// accountBuckets inspects the buckets of one account. A bucket that
// cannot be inspected is reported on stderr and left out.
func (c *bucketsConfig) accountBuckets(ctx context.Context, db *store.DB, a s3Account, rates posture.Rates, stderr io.Writer) ([]bucketRow, error) {
	f := a.flags(c.s3Flags)
	client, err := newS3Client(ctx, f)
	if err != nil {
		return nil, err
	}
	names, err := c.bucketNames(ctx, client)
	if err != nil {
		return nil, err
	}
	account := stsAccount(ctx, f)
	block, blockStatus := accountBlock(ctx, f, account)
	var rows []bucketRow
	for _, name := range names {
		var region string
		if f.endpoint == "" { // AWS: sign for the bucket's own region
			region, _ = source.BucketRegion(ctx, client, name)
		}
		row, err := c.bucket(ctx, client, db, name, posture.InspectOptions{Account: account, Region: region,
			AccountBlock: block, AccountBlockStatus: blockStatus}, rates)
		if err != nil {
			fmt.Fprintf(stderr, "mamori: %v\n", err)
			continue
		}
		if row.Account == "" {
			row.Account = a.Name // an S3-compatible store: the configured name
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// bucketNames returns the buckets given, or all the caller can list.
func (c *bucketsConfig) bucketNames(ctx context.Context, client *s3.Client) ([]string, error) {
	var names []string
	for _, t := range c.targets {
		b, _, _ := source.ParseS3URI(t)
		names = append(names, b)
	}
	if len(names) > 0 {
		return names, nil
	}
	pages := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list buckets: %w", err)
		}
		for _, b := range page.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
	}
	return names, nil
}

// accountBlock reads the account-level Block Public Access on AWS (S3
// Control); on S3-compatible stores, or without a known account, it is not
// checked.
func accountBlock(ctx context.Context, f s3Flags, account string) (posture.BlockPA, posture.Status) {
	if f.endpoint != "" || account == "" {
		return posture.BlockPA{}, posture.StatusNotChecked
	}
	cfg, err := source.LoadAWSConfig(ctx, f.config())
	if err != nil {
		return posture.BlockPA{}, posture.Status("error: " + err.Error())
	}
	return posture.AccountBlock(ctx, s3control.NewFromConfig(cfg), account)
}

// stsAccount asks STS for the caller's account on AWS; S3-compatible
// stores have no STS, and their buckets are identified by the ACL owner.
func stsAccount(ctx context.Context, f s3Flags) string {
	if f.endpoint != "" {
		return ""
	}
	cfg, err := source.LoadAWSConfig(ctx, f.config())
	if err != nil {
		return ""
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return ""
	}
	return aws.ToString(out.Account)
}

// bucket inspects one bucket, counts its objects and scores it from the
// stored scan records.
func (c *bucketsConfig) bucket(ctx context.Context, client *s3.Client, db *store.DB, name string, opts posture.InspectOptions, rates posture.Rates) (bucketRow, error) {
	b, err := posture.Inspect(ctx, client, name, opts)
	if err != nil {
		return bucketRow{}, err
	}
	row := bucketRow{Bucket: b}
	if !c.noCount {
		src, err := source.NewS3(client, "s3://"+name, source.S3Options{Region: opts.Region})
		if err != nil {
			return bucketRow{}, err
		}
		var e posture.Estimate
		if err := src.Walk(ctx, func(o source.Object) error { e.Add(o, int64(c.maxObject)); return nil }); err != nil {
			return bucketRow{}, err
		}
		e.Finish(rates, c.prices)
		row.ObjectCount, row.Size, row.Estimate = e.Objects, e.Bytes, &e
	}
	st, err := db.BucketObjects(ctx, name)
	if err != nil {
		return bucketRow{}, err
	}
	row.MaxRisk = max(st.MaxRisk, 1)
	row.Sensitivity = posture.Sensitivity(row.ObjectCount, st.Scanned, st.Sensitive, st.MaxRisk)
	return row, nil
}

// putBuckets saves the rows into the s3_buckets index.
func putBuckets(ctx context.Context, db *store.DB, rows []bucketRow) error {
	bs := make([]store.Bucket, 0, len(rows))
	for _, r := range rows {
		details, err := json.Marshal(r.Details)
		if err != nil {
			return fmt.Errorf("bucket %s: %w", r.Bucket.Bucket, err)
		}
		bs = append(bs, store.Bucket{
			Bucket: r.Bucket.Bucket, Account: r.Account, Region: r.Region,
			PublicRead: r.PublicRead.Bool(), PublicWrite: r.PublicWrite.Bool(), Public: r.Public.Bool(),
			SharedAccounts: r.SharedAccounts, Encryption: r.Encryption, Versioning: r.Versioning,
			BlockPublicAccess: r.BlockPublicAccess.Bool(), ObjectCount: r.ObjectCount, Size: r.Size,
			MaxRisk: r.MaxRisk, Sensitivity: r.Sensitivity, Details: string(details), UpdatedAt: r.UpdatedAt,
		})
	}
	return db.PutBuckets(ctx, bs)
}

func (c *bucketsConfig) write(w io.Writer, rows []bucketRow) error {
	if c.format != record.FormatText {
		enc := json.NewEncoder(w)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BUCKET\tPUBLIC READ\tPUBLIC WRITE\tSHARED WITH\tENCRYPTION\tVERSIONING\tOBJECTS\tSIZE\tCLASSIFIABLE\tEST. TIME\tEST. COST\tSENSITIVITY")
	var total posture.Estimate
	for _, r := range rows {
		e := posture.Estimate{}
		if r.Estimate != nil {
			e = *r.Estimate
		}
		total.Objects, total.Bytes, total.ClassifiableBytes = total.Objects+e.Objects, total.Bytes+e.Bytes, total.ClassifiableBytes+e.ClassifiableBytes
		total.Seconds, total.Cost = total.Seconds+e.Seconds, total.Cost+e.Cost
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t$%.4f\t%d\n", r.Bucket.Bucket, r.PublicRead, r.PublicWrite,
			orDash(strings.Join(r.SharedAccounts, ",")), r.Encryption, r.Versioning, e.Objects, humanBytes(e.Bytes),
			humanBytes(e.ClassifiableBytes), humanDuration(e.Seconds), e.Cost, r.Sensitivity)
	}
	fmt.Fprintf(tw, "Total\t\t\t\t\t\t%d\t%s\t%s\t%s\t$%.4f\t\n", total.Objects, humanBytes(total.Bytes),
		humanBytes(total.ClassifiableBytes), humanDuration(total.Seconds), total.Cost)
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
