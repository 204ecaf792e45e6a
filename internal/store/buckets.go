package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Bucket is one row of the s3_buckets index (CONTRACT §5). A nil *bool is
// "unknown": the call that would tell was denied or failed.
type Bucket struct {
	Bucket            string
	Account           string
	Region            string
	PublicRead        *bool
	PublicWrite       *bool
	Public            *bool
	SharedAccounts    []string
	Encryption        string
	Versioning        string
	BlockPublicAccess *bool
	ObjectCount       int64
	Size              int64
	MaxRisk           int
	Sensitivity       int
	// Details is the raw posture document, JSON.
	Details   string
	UpdatedAt time.Time
}

const bucketCols = "bucket, account, region, public_read, public_write, public, shared_accounts, encryption, " +
	"versioning, block_public_access, object_count, size, max_risk, sensitivity, details, updated_at"

// PutBuckets stores bucket rows, replacing earlier rows of the same
// buckets, and marks the stored objects of each bucket public (or not, or
// NULL for unknown) and encrypted by default (encryption other than
// "none" and "unknown"), as the s3_objects fields public and encrypted say.
func (db *DB) PutBuckets(ctx context.Context, bs []Bucket) error {
	if len(bs) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, b := range bs {
			if err := db.putBucket(ctx, tx, b); err != nil {
				return fmt.Errorf("%s: %w", b.Bucket, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store %s: put buckets: %w", db.name, err)
	}
	return nil
}

func (db *DB) putBucket(ctx context.Context, tx *sql.Tx, b Bucket) error {
	details := b.Details
	if details == "" {
		details = "{}"
	}
	var set string
	for i, c := range strings.Split(bucketCols, ", ")[1:] {
		if i > 0 {
			set += ", "
		}
		set += c + " = excluded." + c
	}
	q := "INSERT INTO buckets (" + bucketCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " +
		"ON CONFLICT (bucket) DO UPDATE SET " + set
	_, err := tx.ExecContext(ctx, db.d.Rebind(q), b.Bucket, b.Account, b.Region, b.PublicRead, b.PublicWrite, b.Public,
		jsonArray(b.SharedAccounts), b.Encryption, b.Versioning, b.BlockPublicAccess, b.ObjectCount, b.Size,
		max(b.MaxRisk, 1), b.Sensitivity, details, db.d.Time(b.UpdatedAt))
	if err != nil {
		return err
	}
	encrypted := b.Encryption != "" && b.Encryption != "none" && b.Encryption != "unknown"
	var enc *bool
	if b.Encryption != "unknown" && b.Encryption != "" {
		enc = &encrypted
	}
	_, err = tx.ExecContext(ctx, db.d.Rebind("UPDATE objects SET public = ?, encrypted = ? WHERE source = 's3' AND bucket = ?"),
		b.Public, enc, b.Bucket)
	return err
}

// BucketObjects summarises the stored scan records of one bucket: how many
// objects were scanned, how many hold sensitive content (a finding by an
// identifier: pii, regex or custom), and the highest object risk.
type BucketObjects struct {
	Scanned, Sensitive int64
	MaxRisk            int
}

// BucketObjects reads the summary of bucket's stored scan records.
func (db *DB) BucketObjects(ctx context.Context, bucket string) (BucketObjects, error) {
	const q = `SELECT count(*), coalesce(max(risk), 1),
		coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.uri = o.uri AND f.method IN ('pii', 'regex', 'custom'))
			THEN 1 ELSE 0 END), 0)
		FROM objects o WHERE o.source = 's3' AND o.bucket = ? AND o.skipped = '' AND o.error = ''`
	var s BucketObjects
	err := db.sql.QueryRowContext(ctx, db.d.Rebind(q), bucket).Scan(&s.Scanned, &s.MaxRisk, &s.Sensitive)
	if err != nil {
		return BucketObjects{}, fmt.Errorf("store %s: bucket %s objects: %w", db.name, bucket, err)
	}
	return s, nil
}

// ScanState reports what the store knows of uri from an earlier scan: its
// ETag and size, and whether that scan failed (its record has an error).
// ok is false when uri was never stored. Incremental scans re-read objects
// that are new, changed or failed last time.
func (db *DB) ScanState(ctx context.Context, uri string) (etag string, size int64, failed, ok bool, err error) {
	var msg string
	q := db.d.Rebind("SELECT etag, size, error FROM objects WHERE uri = ?")
	err = db.sql.QueryRowContext(ctx, q, uri).Scan(&etag, &size, &msg)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", 0, false, false, nil
	case err != nil:
		return "", 0, false, false, fmt.Errorf("store %s: scan state %s: %w", db.name, uri, err)
	}
	return etag, size, msg != "", true, nil
}

// checkpointKey is the meta key of the checkpoint named name.
func checkpointKey(name string) string { return "checkpoint:" + name }

// Checkpoint returns the value saved under name by PutCheckpoint, and ok
// false when there is none. Scans of S3 targets save the last key whose
// record is stored, so an interrupted scan resumes after it.
func (db *DB) Checkpoint(ctx context.Context, name string) (value string, ok bool, err error) {
	v, err := db.meta(ctx, checkpointKey(name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("store %s: checkpoint %s: %w", db.name, name, err)
	}
	return v, true, nil
}

// PutCheckpoint saves value under name, replacing any earlier value.
func (db *DB) PutCheckpoint(ctx context.Context, name, value string) error {
	const upsert = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind(upsert), checkpointKey(name), value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: put checkpoint %s: %w", db.name, name, err)
	}
	return nil
}

// DeleteCheckpoint removes the checkpoint name, if any.
func (db *DB) DeleteCheckpoint(ctx context.Context, name string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind("DELETE FROM meta WHERE key = ?"), checkpointKey(name))
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: delete checkpoint %s: %w", db.name, name, err)
	}
	return nil
}

// ratesKey is the meta key of the last measured scan throughput.
const ratesKey = "scan_rates"

// ScanRates returns the last throughput saved by PutScanRates, in objects
// and bytes per second, and ok false when none was saved.
func (db *DB) ScanRates(ctx context.Context) (objectsPerSec, bytesPerSec float64, ok bool, err error) {
	v, err := db.meta(ctx, ratesKey)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, 0, false, nil
	case err != nil:
		return 0, 0, false, fmt.Errorf("store %s: scan rates: %w", db.name, err)
	}
	if _, err := fmt.Sscanf(v, "%g %g", &objectsPerSec, &bytesPerSec); err != nil {
		return 0, 0, false, fmt.Errorf("store %s: scan rates %q: %w", db.name, v, err)
	}
	return objectsPerSec, bytesPerSec, true, nil
}

// PutScanRates saves a measured scan throughput for later estimates.
func (db *DB) PutScanRates(ctx context.Context, objectsPerSec, bytesPerSec float64) error {
	const upsert = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
	v := fmt.Sprintf("%g %g", objectsPerSec, bytesPerSec)
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind(upsert), ratesKey, v)
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: put scan rates: %w", db.name, err)
	}
	return nil
}
