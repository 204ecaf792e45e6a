package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/term"

	"github.com/mamori-dev/mamori/internal/decode"
	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/scan"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/store"
)

const scanHelp = `Usage: mamori scan [flags] TARGET...

Classify every object under each TARGET and print one record per object.
TARGET is a local file or folder, file://PATH, or s3://BUCKET[/PREFIX]
(AWS credentials as the AWS CLI finds them; --endpoint-url for S3-compatible
stores). With --store, an interrupted S3 scan resumes where it stopped, and
--new-only scans only objects that are new or changed since the last one.

Exit status: 0 ok; 1 runtime error; 2 usage error; 3 when --fail-on-risk
is reached. A bad object never stops the scan: its record says why.
`

// scanConfig is everything the scan command was asked to do.
type scanConfig struct {
	db, format, identifiers, allow string
	store, followSymlinks          bool
	explain, classifier            bool
	progress                       string
	failOnRisk, workers            int
	maxObject, maxDecoded          byteSize
	include, exclude               stringList
	targets                        []string
	s3                             s3ScanFlags
}

func parseScan(args []string, stdout, stderr io.Writer) (*scanConfig, error) {
	c := &scanConfig{maxObject: scan.DefaultMaxObjectSize, maxDecoded: byteSize(decode.DefaultLimits.MaxDecodedBytes)}
	fs := newFlagSet("scan", scanHelp, stderr)
	fs.StringVar(&c.db, "db", envDefault("MAMORI_DB", "mamori.db"), "metadata store `DSN`: a SQLite file or postgres://… (env MAMORI_DB)")
	fs.StringVar(&c.format, "format", "", "output `format`: "+strings.Join(record.Formats(), ", ")+" (default text on a terminal, jsonl otherwise)")
	fs.BoolVar(&c.store, "store", false, "also save the records into --db")
	fs.IntVar(&c.failOnRisk, "fail-on-risk", 0, "exit with status 3 when any object's risk is at least `N` (1–10)")
	fs.Var(&c.maxObject, "max-object-size", "read at most this many bytes of each object, e.g. 20MB; 0 for no limit (default 20MB)")
	fs.Var(&c.maxDecoded, "max-decoded-size", "stop decoding an object after this many bytes of text, e.g. 200MB (default 200MB)")
	fs.IntVar(&c.workers, "workers", 0, "objects scanned at once (default: the number of CPUs)")
	fs.StringVar(&c.identifiers, "identifiers", "", "YAML `file` of custom identifiers, added to the built-in ones")
	fs.StringVar(&c.allow, "allow", "", "allow list `file`: values never to report (literal, /regexp/, TYPE:value)")
	fs.Var(&c.include, "include", "scan only keys matching this `glob` (repeatable)")
	fs.Var(&c.exclude, "exclude", "skip keys matching this `glob`, e.g. .git or '*.png' (repeatable)")
	fs.BoolVar(&c.followSymlinks, "follow-symlinks", false, "follow symbolic links (cycles are detected)")
	fs.StringVar(&c.progress, "progress", "auto", "progress on stderr: auto (on a terminal), always, never")
	fs.BoolVar(&c.classifier, "classifier", true, "label objects with the document classifier (--classifier=false turns it off)")
	fs.BoolVar(&c.explain, "explain", false, "show, for each classifier label, the features that decided it")
	c.s3.register(fs)
	targets, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, usageError{err}
	}
	c.targets = targets
	return c, c.validate(stdout)
}

func (c *scanConfig) validate(stdout io.Writer) error {
	switch {
	case len(c.targets) == 0:
		return usagef("scan: no TARGET given; try 'mamori scan .'")
	case c.failOnRisk < 0 || c.failOnRisk > 10:
		return usagef("scan: --fail-on-risk %d is outside 1–10", c.failOnRisk)
	case c.workers < 0:
		return usagef("scan: --workers %d must not be negative", c.workers)
	case !slices.Contains([]string{"auto", "always", "never"}, c.progress):
		return usagef("scan: --progress %q is not auto, always or never", c.progress)
	}
	if err := c.s3.validate(); err != nil {
		return err
	}
	c.store = c.store || c.s3.newOnly
	if c.format == "" {
		c.format = record.FormatJSONL
		if isTerminal(stdout) {
			c.format = record.FormatText
		}
	}
	if !slices.Contains(record.Formats(), strings.ToLower(c.format)) {
		return usagef("scan: --format %q is not one of %s", c.format, strings.Join(record.Formats(), ", "))
	}
	return nil
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseScan(args, stdout, stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	maxRisk, err := c.run(ctx, stdout, stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	if c.failOnRisk > 0 && maxRisk >= c.failOnRisk {
		return ExitRisk
	}
	return ExitOK
}

// run scans every target and returns the highest object risk seen.
func (c *scanConfig) run(ctx context.Context, stdout, stderr io.Writer) (int, error) {
	var db *store.DB
	if c.store {
		var err error
		if db, err = openStore(ctx, c.db); err != nil {
			return 0, err
		}
		defer db.Close()
	}
	sources, checkpoints, err := c.sources(ctx, db, stderr)
	if err != nil {
		return 0, err
	}
	if c.s3.estimate {
		return 0, c.estimate(ctx, sources, db, stdout)
	}
	engine, err := c.engine(ctx, db)
	if err != nil {
		return 0, err
	}
	w, err := record.NewWriter(c.format, stdout, record.Options{
		Color: isTerminal(stdout) && os.Getenv("NO_COLOR") == "", Version: Version, Rules: rules(engine),
	})
	if err != nil {
		return 0, usageError{err}
	}
	sc := scan.New(engine, scan.Options{
		Workers: c.workers, MaxObjectSize: int64(c.maxObject),
		Limits:       decode.Limits{MaxDecodedBytes: int64(c.maxDecoded), MaxDepth: decode.DefaultLimits.MaxDepth, MaxRatio: decode.DefaultLimits.MaxRatio},
		NoClassifier: !c.classifier, Explain: c.explain,
	})
	msgs, stop := c.startProgress(ctx, sc, sources, stderr)
	out := &scanOutput{w: w, db: db, stderr: msgs}
	start := time.Now()
	for i, src := range sources {
		out.checkpoint = checkpoints[i]
		if err = sc.Run(ctx, src, func(o record.Object) error { return out.put(ctx, o) }); err != nil {
			break
		}
		if err = out.done(ctx); err != nil {
			break
		}
	}
	stop()
	if err == nil {
		err = saveRates(ctx, db, sc.Stats().Objects.Load(), sc.Stats().Bytes.Load(), time.Since(start))
	}
	if ferr := out.flush(ctx); err == nil {
		err = ferr
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return out.maxRisk, err
}

// engine builds the detection engine from the built-in identifiers, the
// custom ones and the allow list.
func (c *scanConfig) engine(ctx context.Context, db *store.DB) (*detect.Engine, error) {
	ids, err := detect.Builtin()
	if err != nil {
		return nil, err
	}
	if c.identifiers != "" {
		custom, err := detect.LoadIdentifiers(c.identifiers)
		if err != nil {
			return nil, usageError{err}
		}
		ids = append(ids, custom...)
	}
	var allow *detect.AllowList
	if c.allow != "" {
		if allow, err = detect.LoadAllowList(c.allow); err != nil {
			return nil, usageError{err}
		}
	}
	allow = detect.WithIgnoreWords(allow, ids) // custom identifiers' ignore_words
	key, err := hashKey(ctx, db)
	if err != nil {
		return nil, err
	}
	e, err := detect.New(ids, detect.Options{HashKey: key, Allow: allow})
	if err != nil {
		return nil, usageError{err}
	}
	return e, nil
}

// sources returns a source per target and, for S3 targets scanned with a
// store, the name of its checkpoint ("" for none).
func (c *scanConfig) sources(ctx context.Context, db *store.DB, stderr io.Writer) ([]source.Source, []string, error) {
	var (
		out    []source.Source
		points []string
		client *s3.Client
	)
	for _, t := range c.targets {
		if strings.HasPrefix(t, "s3://") {
			var err error
			if client == nil {
				if client, err = c.s3Client(ctx); err != nil {
					return nil, nil, err
				}
			}
			st, err := c.s3Source(ctx, client, t, db, stderr)
			if err != nil {
				return nil, nil, err
			}
			out, points = append(out, st.src), append(points, st.checkpoint)
			continue
		}
		src, err := source.NewLocal(t, source.LocalOptions{
			FollowSymlinks: c.followSymlinks, Include: c.include, Exclude: c.exclude,
		})
		if err != nil {
			return nil, nil, err
		}
		out, points = append(out, src), append(points, "")
	}
	return out, points, nil
}

// rules describes the engine's finding types for SARIF output.
func rules(e *detect.Engine) []record.Rule {
	var out []record.Rule
	seen := map[string]bool{}
	for _, id := range e.Identifiers() {
		if seen[id.Type] {
			continue
		}
		seen[id.Type] = true
		out = append(out, record.Rule{ID: id.Type, Name: id.Name, Description: id.Description, Category: id.Category, Risk: id.Risk})
	}
	return out
}

// scanOutput writes records, stores them in batches and tracks the highest
// risk.
type scanOutput struct {
	w       record.Writer
	db      *store.DB
	stderr  io.Writer
	batch   []record.Object
	maxRisk int
	// checkpoint names the checkpoint of the S3 target being scanned: each
	// flush saves the key of the last record stored.
	checkpoint string
}

const storeBatch = 256

func (o *scanOutput) put(ctx context.Context, rec record.Object) error {
	o.maxRisk = max(o.maxRisk, rec.Risk)
	if rec.Error != "" {
		fmt.Fprintf(o.stderr, "mamori: %s: %s\n", rec.URI, rec.Error)
	}
	if err := o.w.Write(rec); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if o.db == nil {
		return nil
	}
	o.batch = append(o.batch, rec)
	if len(o.batch) >= storeBatch {
		return o.flush(ctx)
	}
	return nil
}

func (o *scanOutput) flush(ctx context.Context) error {
	if o.db == nil || len(o.batch) == 0 {
		return nil
	}
	err := o.db.PutObjects(ctx, o.batch)
	last := o.batch[len(o.batch)-1]
	o.batch = o.batch[:0]
	if err == nil && o.checkpoint != "" && last.Source == "s3" {
		err = o.db.PutCheckpoint(ctx, o.checkpoint, last.Key)
	}
	return err
}

// done ends a target that was scanned to the end: its records are stored
// and its checkpoint is removed.
func (o *scanOutput) done(ctx context.Context) error {
	if err := o.flush(ctx); err != nil || o.checkpoint == "" {
		return err
	}
	return o.db.DeleteCheckpoint(ctx, o.checkpoint)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// openStore opens the store at dsn, creating the folder of a SQLite file
// first.
func openStore(ctx context.Context, dsn string) (*store.DB, error) {
	if !strings.Contains(dsn, "://") && !strings.HasPrefix(dsn, "file:") {
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("store %s: %w", dsn, err)
			}
		}
	}
	return store.Open(ctx, dsn)
}
