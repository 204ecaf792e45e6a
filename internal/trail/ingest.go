package trail

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/mamori-dev/mamori/internal/store"
)

// Options control an ingest run.
type Options struct {
	// Since and Until keep only events with Since <= eventTime < Until;
	// zero values do not limit. When Since is zero and the store holds no
	// events yet, DefaultLookback before the newest dated log file applies
	// (Classic read the last 60 days when enabled), or RetentionMonths when
	// that is shorter.
	Since, Until time.Time
	// NoLookback turns the first-ingest DefaultLookback off: every event
	// of the sources is kept (the CLI sets it for local files and folders,
	// which the user chose; the lookback is for trail buckets).
	NoLookback bool
	// Force reads log files again even when the store remembers them
	// unchanged.
	Force bool
	// RetentionMonths, when positive, purges after the run the events and
	// sessions older than RetentionCutoff of the newest stored event. A
	// first ingest then also looks back no further than that cutoff.
	RetentionMonths int
	// BatchSize is how many events are stored per transaction (default 5000).
	BatchSize int
	// S3 reads s3://BUCKET/PREFIX sources; nil refuses them.
	S3 *S3Access
	// Report receives each per-file or per-record problem as one line
	// naming the file and the cause; nil discards them.
	Report func(error)
}

// DefaultLookback is how far before the newest dated log file a first
// ingest without --since reaches.
const DefaultLookback = 60 * 24 * time.Hour

// maxRecordErrors is how many bad records of one file are reported one by
// one; the rest are summed up in one line.
const maxRecordErrors = 5

// Stats sums up an ingest run.
type Stats struct {
	Files       int // log files read
	Skipped     int // files skipped: already ingested unchanged, or outside the time range
	Failed      int // files that could not be read to the end
	Records     int // records decoded
	BadRecords  int // records that could not be decoded or normalised
	Filtered    int // records outside Since/Until
	Events      int // events stored
	Sessions    int // sessions rebuilt
	Users       int // users whose tier was recomputed
	Purged      int64
	First, Last time.Time // the oldest and newest stored event time
}

// Ingester reads CloudTrail logs into a store.
type Ingester struct {
	db   *store.DB
	risk *RiskTable
	norm *Normalizer
	opt  Options

	stats Stats      // the writer's counts
	run   runState   // the reader's state, merged into stats at the end
	s3    *s3.Client // made for the first s3:// source
}

// readStats are the counts of the reading goroutine.
type readStats struct {
	files, skipped, failed, records, bad, filtered int
	first, last                                    time.Time // of the events kept
}

// NewIngester returns an Ingester storing into db, scoring with risk and
// normalising with norm.
func NewIngester(db *store.DB, risk *RiskTable, norm *Normalizer, opt Options) *Ingester {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 5000
	}
	if opt.Report == nil {
		opt.Report = func(error) {}
	}
	return &Ingester{db: db, risk: risk, norm: norm, opt: opt}
}

// logFile is one log file found under a source: a local file or an S3
// object.
type logFile struct {
	name     string // for messages: the path or the s3:// URI
	uri      string // the key of what the store remembers of the file
	size     int64
	modified time.Time
	etag     string    // S3 objects: what tells a changed object
	date     time.Time // from the path, zero when it has none
	remote   bool      // an S3 object
	open     func(ctx context.Context) (io.ReadCloser, error)
}

// Ingest reads every log file under sources (files or folders, walked
// recursively in lexical order, or s3://BUCKET/PREFIX in the AWSLogs
// layout), stores the events, rebuilds the sessions of the time they cover
// and the tiers of their users, and purges old events when
// Options.Retention is set. Problems with one file or record go to
// Options.Report and the run goes on; Ingest returns an error only when a
// source does not exist, the store fails or ctx is canceled.
//
// Files are read, decoded, normalised, counted into sessions and tiers
// and made into store batches by one goroutine while the calling
// goroutine writes the batches, so parsing and storing use two cores; the
// reader ends before Ingest returns.
func (in *Ingester) Ingest(ctx context.Context, sources []string) (Stats, error) {
	files, roots, err := in.list(ctx, sources)
	if err != nil {
		return in.stats, err
	}
	if err := in.defaultSince(ctx, files, roots); err != nil {
		return in.stats, err
	}
	s3files, err := in.listRoots(ctx, roots)
	if err != nil {
		return in.stats, err
	}
	files = append(files, s3files...)
	if err := in.start(ctx); err != nil {
		return in.stats, err
	}
	err = in.pipeline(ctx, files)
	in.merge()
	if err != nil {
		return in.stats, err
	}
	return in.stats, in.finish(ctx)
}

// batchMsg is what the reader hands the writer: a batch of events ready
// to store, and the log files whose events are all in it or in batches
// sent before.
type batchMsg struct {
	batch *store.EventBatch
	files []store.TrailFile
}

// pipeline reads the files in a goroutine and stores what it reads. A
// store error cancels the reader; the reader's own errors (ctx) end the
// run as well.
func (in *Ingester) pipeline(ctx context.Context, files []logFile) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan batchMsg, 1)
	done := make(chan error, 1)
	go func() {
		defer close(ch)
		done <- in.readAll(ctx, files, ch)
	}()
	werr := in.writeAll(ctx, ch)
	if werr != nil {
		cancel()
		for range ch { //nolint:revive // drain so the reader can end
		}
	}
	rerr := <-done
	if werr != nil {
		return werr
	}
	return rerr
}

// writeAll stores the batches the reader sends until it closes ch.
func (in *Ingester) writeAll(ctx context.Context, ch <-chan batchMsg) error {
	for m := range ch {
		if err := in.db.PutEventBatch(ctx, m.batch, m.files); err != nil {
			return err
		}
		in.stats.Events += m.batch.Len()
	}
	return nil
}

// collector gathers the reader's events into batches of Options.BatchSize.
// The first batches are smaller (firstBatch, then growing by half), so
// the writer starts while the reader is still at the first files instead
// of waiting for a whole batch. Storing an event takes longer than
// reading it, but less than 1.5 times as long (16 and 11 µs on two
// cores), so while the writer stores a batch the reader has the next,
// half as large again, ready.
type collector struct {
	in     *Ingester
	ch     chan<- batchMsg
	limit  int // the size of the batch being gathered
	events []store.Event
	files  []store.TrailFile // read to the end, their events in events or sent
}

// firstBatch is the size of the first batch of a run.
const firstBatch = 256

// add adds an event, sending a batch when it is full.
func (c *collector) add(ctx context.Context, e store.Event) error {
	c.events = append(c.events, e)
	if len(c.events) >= c.limit {
		c.limit = min(c.limit+c.limit/2, c.in.opt.BatchSize)
		return c.send(ctx)
	}
	return nil
}

// send prepares the events gathered and sends them with the files done.
// It fails only when ctx ends.
func (c *collector) send(ctx context.Context) error {
	if len(c.events) == 0 && len(c.files) == 0 {
		return nil
	}
	m := batchMsg{batch: c.in.db.PrepareCheckedEvents(c.events), files: c.files}
	c.events, c.files = make([]store.Event, 0, c.in.opt.BatchSize), nil
	select {
	case c.ch <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// readAll reads the files in order and sends their events to ch.
func (in *Ingester) readAll(ctx context.Context, files []logFile, ch chan<- batchMsg) error {
	c := &collector{in: in, ch: ch, limit: min(firstBatch, in.opt.BatchSize), events: make([]store.Event, 0, in.opt.BatchSize)}
	for _, f := range files {
		if err := in.file(ctx, f, c); err != nil {
			return err
		}
	}
	if err := c.send(ctx); err != nil {
		return err
	}
	in.run.done()
	return nil
}

// merge adds the reader's counts to the stats.
func (in *Ingester) merge() {
	r := in.run.stats
	in.stats.Files, in.stats.Skipped, in.stats.Failed = r.files, r.skipped, r.failed
	in.stats.Records, in.stats.BadRecords, in.stats.Filtered = r.records, r.bad, r.filtered
	in.stats.First, in.stats.Last = r.first, r.last
}

// list returns the local log files under sources, and the CloudTrail
// folders found under the s3:// ones, whose files are listed once the time
// range is known.
func (in *Ingester) list(ctx context.Context, sources []string) ([]logFile, []s3Root, error) {
	var (
		files []logFile
		roots []s3Root
	)
	for _, src := range sources {
		if strings.HasPrefix(src, "s3://") {
			rs, fs, err := in.s3Roots(ctx, src)
			if err != nil {
				return nil, nil, err
			}
			roots, files = append(roots, rs...), append(files, fs...)
			continue
		}
		fs, err := in.listLocal(ctx, src)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, fs...)
	}
	return files, roots, nil
}

// listLocal returns the log files of a file or folder.
func (in *Ingester) listLocal(ctx context.Context, src string) ([]logFile, error) {
	var files []logFile
	path := strings.TrimPrefix(src, "file://")
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == path {
				return err
			}
			in.opt.Report(fmt.Errorf("%s: %w", p, err))
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() {
			if d.Name() == "CloudTrail-Digest" {
				return filepath.SkipDir
			}
			return nil
		}
		if p != path && !IsLogName(p) {
			return nil
		}
		f, err := newLogFile(p, d)
		if err != nil {
			in.opt.Report(err)
			return nil
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", src, err)
	}
	return files, nil
}

func newLogFile(p string, d fs.DirEntry) (logFile, error) {
	info, err := d.Info()
	if err != nil {
		return logFile{}, fmt.Errorf("%s: %w", p, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return logFile{}, fmt.Errorf("%s: %w", p, err)
	}
	return logFile{
		name: p, uri: "file://" + filepath.ToSlash(abs), size: info.Size(), modified: info.ModTime().UTC(),
		date: PathDate(p),
		open: func(context.Context) (io.ReadCloser, error) { return os.Open(p) },
	}, nil
}

// IsLogName reports whether a file found in a folder looks like a CloudTrail
// log or JSON events: .json, .jsonl, .ndjson, optionally .gz, or any name
// CloudTrail gives its logs (<account>_CloudTrail_<region>_…); digest files
// are left out.
func IsLogName(p string) bool {
	name := strings.ToLower(filepath.Base(p))
	if strings.Contains(name, "_cloudtrail-digest_") {
		return false
	}
	if strings.Contains(name, "_cloudtrail_") {
		return true
	}
	name = strings.TrimSuffix(name, ".gz")
	return strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson")
}

var (
	nameDate = regexp.MustCompile(`_(\d{8})T\d{4}Z_`)
	dirDate  = regexp.MustCompile(`(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)`)
)

// PathDate returns the UTC day a CloudTrail log path is for, from its file
// name (<account>_CloudTrail_<region>_20261129T1005Z_<id>.json.gz) or its
// AWSLogs folders (…/2026/11/29/), or the zero time.
func PathDate(p string) time.Time {
	p = filepath.ToSlash(p)
	if m := nameDate.FindStringSubmatch(filepath.Base(p)); m != nil {
		if t, err := time.Parse("20060102", m[1]); err == nil {
			return t
		}
	}
	if m := dirDate.FindAllStringSubmatch(filepath.Dir(p), -1); m != nil {
		last := m[len(m)-1]
		if t, err := time.Parse("2006/01/02", last[1]+"/"+last[2]+"/"+last[3]); err == nil {
			return t
		}
	}
	return time.Time{}
}

// defaultSince applies DefaultLookback on a first ingest without Since,
// before the newest dated file or S3 day folder.
func (in *Ingester) defaultSince(ctx context.Context, files []logFile, roots []s3Root) error {
	if !in.opt.Since.IsZero() || in.opt.NoLookback {
		return nil
	}
	newest, err := in.db.NewestEvent(ctx)
	if err != nil || !newest.IsZero() {
		return err
	}
	var last time.Time
	for _, f := range files {
		if f.date.After(last) {
			last = f.date
		}
	}
	for _, r := range roots {
		if r.newest.After(last) {
			last = r.newest
		}
	}
	if last.IsZero() {
		return nil
	}
	in.opt.Since = last.Add(-DefaultLookback)
	if in.opt.RetentionMonths > 0 {
		// Events older than the retention would be purged at the end. A
		// day's folder can hold the last minutes of the day before, so
		// the cutoff is taken from that day, and the purge trims the rest.
		if cut := RetentionCutoff(last.AddDate(0, 0, -1), in.opt.RetentionMonths); cut.After(in.opt.Since) {
			in.opt.Since = cut
		}
	}
	return nil
}

// outside reports whether a file's path date shows it holds no event in
// the time range (a file can hold events of the hour before its date).
func (in *Ingester) outside(f logFile) bool {
	if f.date.IsZero() {
		return false
	}
	const slack = 48 * time.Hour
	return !in.opt.Since.IsZero() && f.date.Add(slack).Before(in.opt.Since) ||
		!in.opt.Until.IsZero() && f.date.Add(-slack).After(in.opt.Until)
}

// file reads one log file, adds its events to c and, once read, the
// record of the file.
func (in *Ingester) file(ctx context.Context, f logFile, c *collector) error {
	rs := &in.run.stats
	if ok, err := in.wanted(ctx, f); err != nil || !ok {
		if ok || err == nil {
			rs.skipped++
		}
		return err
	}
	rs.files++
	n, err := in.read(ctx, f, c)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	rec := store.TrailFile{URI: f.uri, Size: f.size, Modified: f.modified, ETag: f.etag,
		Events: int64(n), IngestedAt: time.Now().UTC()}
	if err != nil {
		rs.failed++
		in.opt.Report(err)
		rec.Error = err.Error()
	}
	c.files = append(c.files, rec)
	return nil
}

// wanted reports whether a file is to be read: inside the time range, and
// not already ingested unchanged (unless Force).
func (in *Ingester) wanted(ctx context.Context, f logFile) (bool, error) {
	if in.outside(f) {
		return false, nil
	}
	if in.opt.Force {
		return true, nil
	}
	old, ok, err := in.db.TrailFileIngested(ctx, f.uri)
	if err != nil {
		return false, err
	}
	same := old.Size == f.size && old.Modified.Equal(f.modified)
	if f.etag != "" {
		same = old.ETag == f.etag
	}
	return !ok || !same || old.Error != "", nil
}

// read decodes one file and adds its events to c, and returns how many of
// its events were kept. Errors of the file are returned; c fails only when
// ctx ends, which file checks first.
func (in *Ingester) read(ctx context.Context, f logFile, c *collector) (int, error) {
	r, err := f.open(ctx)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	rs := &in.run.stats
	kept, bad, idx := 0, 0, -1
	err = Decode(ctx, f.name, r, func(rec *Record, err error) error {
		rs.records++
		idx++
		var e store.Event
		if err == nil {
			e, err = in.norm.Event(rec)
			if err == nil {
				err = store.CheckEventText(&e)
			}
			if err != nil {
				err = &RecordError{File: f.name, Index: idx, Err: err}
			}
		}
		if err != nil {
			bad++
			rs.bad++
			if bad <= maxRecordErrors {
				in.opt.Report(err)
			}
			return nil
		}
		if !in.keep(e.EventTime) {
			rs.filtered++
			return nil
		}
		kept++
		in.run.count(in.risk, &e)
		return c.add(ctx, e)
	})
	if bad > maxRecordErrors {
		in.opt.Report(fmt.Errorf("%s: %d more bad records", f.name, bad-maxRecordErrors))
	}
	return kept, err
}

func (in *Ingester) keep(t time.Time) bool {
	return (in.opt.Since.IsZero() || !t.Before(in.opt.Since)) && (in.opt.Until.IsZero() || t.Before(in.opt.Until))
}

// finish stores the sessions and tiers of the run and applies retention.
func (in *Ingester) finish(ctx context.Context) error {
	if in.stats.Events > 0 {
		if err := in.finishSessions(ctx); err != nil {
			return err
		}
		if err := in.finishTiers(ctx); err != nil {
			return err
		}
	}
	if in.opt.RetentionMonths <= 0 {
		return nil
	}
	newest, err := in.db.NewestEvent(ctx)
	if err != nil || newest.IsZero() {
		return err
	}
	in.stats.Purged, err = in.db.PurgeEvents(ctx, RetentionCutoff(newest, in.opt.RetentionMonths))
	return err
}

// RetentionCutoff returns the oldest time kept by a retention of months
// calendar months before newest: midnight UTC of newest's day, months
// earlier (the last day of the month when it has fewer days: March 31
// minus one month is February 28). Whole days are kept, so 30 days of logs
// ending on any day stay with a retention of one month.
func RetentionCutoff(newest time.Time, months int) time.Time {
	y, m, d := newest.UTC().Date()
	last := time.Date(y, m-time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m-time.Month(months), min(d, last), 0, 0, 0, 0, time.UTC)
}
