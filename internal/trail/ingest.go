package trail

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/internal/store"
)

// Options control an ingest run.
type Options struct {
	// Since and Until keep only events with Since <= eventTime < Until;
	// zero values do not limit. When Since is zero and the store holds no
	// events yet, DefaultLookback before the newest dated log file applies
	// (Classic read the last 60 days when enabled).
	Since, Until time.Time
	// Force reads log files again even when the store remembers them
	// unchanged.
	Force bool
	// Retention, when positive, purges events older than the newest stored
	// event minus Retention after the run.
	Retention time.Duration
	// BatchSize is how many events are stored per transaction (default 5000).
	BatchSize int
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

	batch   []store.Event
	pending []store.TrailFile // files whose events are in batch
	users   map[string]bool
	stats   Stats
	run     runState
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
	return &Ingester{db: db, risk: risk, norm: norm, opt: opt, users: make(map[string]bool)}
}

// logFile is one file found under a source.
type logFile struct {
	path string
	uri  string
	info fs.FileInfo
	date time.Time // from the path, zero when it has none
}

// Ingest reads every log file under sources (files or folders, walked
// recursively in lexical order), stores the events, rebuilds the sessions
// of the time they cover and the tiers of their users, and purges old
// events when Options.Retention is set. Problems with one file or record
// go to Options.Report and the run goes on; Ingest returns an error only
// when a source does not exist, the store fails or ctx is canceled.
func (in *Ingester) Ingest(ctx context.Context, sources []string) (Stats, error) {
	files, err := in.list(ctx, sources)
	if err != nil {
		return in.stats, err
	}
	if err := in.defaultSince(ctx, files); err != nil {
		return in.stats, err
	}
	if err := in.start(ctx, files); err != nil {
		return in.stats, err
	}
	for _, f := range files {
		if err := in.file(ctx, f); err != nil {
			return in.stats, err
		}
	}
	if err := in.flush(ctx); err != nil {
		return in.stats, err
	}
	return in.stats, in.finish(ctx)
}

// list returns the log files under sources.
func (in *Ingester) list(ctx context.Context, sources []string) ([]logFile, error) {
	var files []logFile
	for _, src := range sources {
		if strings.HasPrefix(src, "s3://") {
			return nil, fmt.Errorf("%s: s3 sources are not supported yet; sync the AWSLogs prefix to a folder (aws s3 sync) and ingest that", src)
		}
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
	return logFile{path: p, uri: "file://" + filepath.ToSlash(abs), info: info, date: PathDate(p)}, nil
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

// defaultSince applies DefaultLookback on a first ingest without Since.
func (in *Ingester) defaultSince(ctx context.Context, files []logFile) error {
	if !in.opt.Since.IsZero() {
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
	if !last.IsZero() {
		in.opt.Since = last.Add(-DefaultLookback)
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

// file ingests one log file.
func (in *Ingester) file(ctx context.Context, f logFile) error {
	if ok, err := in.wanted(ctx, f); err != nil || !ok {
		if ok || err == nil {
			in.stats.Skipped++
		}
		return err
	}
	in.stats.Files++
	n, err := in.read(ctx, f)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var se storeError
	if errors.As(err, &se) {
		return se.err
	}
	rec := store.TrailFile{URI: f.uri, Size: f.info.Size(), Modified: f.info.ModTime().UTC(),
		Events: int64(n), IngestedAt: time.Now().UTC()}
	if err != nil {
		in.stats.Failed++
		in.opt.Report(err)
		rec.Error = err.Error()
	}
	in.pending = append(in.pending, rec)
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
	unchanged := ok && old.Size == f.info.Size() && old.Modified.Equal(f.info.ModTime().UTC()) && old.Error == ""
	return !unchanged, nil
}

// storeError marks an error of the store, which stops the run, among the
// per-file errors, which do not.
type storeError struct{ err error }

// Error returns the store's error message.
func (e storeError) Error() string { return e.err.Error() }

// read decodes one file into the batch and returns how many of its events
// were kept.
func (in *Ingester) read(ctx context.Context, f logFile) (int, error) {
	r, err := os.Open(f.path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	kept, bad, idx := 0, 0, -1
	err = Decode(ctx, f.path, r, func(rec *Record, err error) error {
		in.stats.Records++
		idx++
		var e store.Event
		if err == nil {
			e, err = in.norm.Event(rec)
			if err != nil {
				err = &RecordError{File: f.path, Index: idx, Err: err}
			}
		}
		if err != nil {
			bad++
			in.stats.BadRecords++
			if bad <= maxRecordErrors {
				in.opt.Report(err)
			}
			return nil
		}
		if !in.keep(e.EventTime) {
			in.stats.Filtered++
			return nil
		}
		kept++
		return in.add(ctx, e)
	})
	if bad > maxRecordErrors {
		in.opt.Report(fmt.Errorf("%s: %d more bad records", f.path, bad-maxRecordErrors))
	}
	return kept, err
}

func (in *Ingester) keep(t time.Time) bool {
	return (in.opt.Since.IsZero() || !t.Before(in.opt.Since)) && (in.opt.Until.IsZero() || t.Before(in.opt.Until))
}

func (in *Ingester) add(ctx context.Context, e store.Event) error {
	tier, err := in.tier(ctx, e.User)
	if err != nil {
		return storeError{err}
	}
	e.UserTier = tier
	in.run.addSession(e)
	in.batch = append(in.batch, e)
	in.users[e.User] = true
	if in.stats.First.IsZero() || e.EventTime.Before(in.stats.First) {
		in.stats.First = e.EventTime
	}
	if e.EventTime.After(in.stats.Last) {
		in.stats.Last = e.EventTime
	}
	if len(in.batch) >= in.opt.BatchSize {
		if err := in.flush(ctx); err != nil {
			return storeError{err}
		}
	}
	return nil
}

// flush stores the batch, then records the files whose events it held.
func (in *Ingester) flush(ctx context.Context) error {
	if len(in.batch) > 0 {
		if err := in.db.PutEvents(ctx, in.batch); err != nil {
			return err
		}
		in.stats.Events += len(in.batch)
		in.batch = in.batch[:0]
	}
	if err := in.db.PutTrailFiles(ctx, in.pending); err != nil {
		return err
	}
	in.pending = in.pending[:0]
	return nil
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
	if in.opt.Retention <= 0 {
		return nil
	}
	newest, err := in.db.NewestEvent(ctx)
	if err != nil || newest.IsZero() {
		return err
	}
	in.stats.Purged, err = in.db.PurgeEvents(ctx, newest.Add(-in.opt.Retention))
	return err
}
