package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mamori-dev/mamori/internal/record"
)

// readCols are the object columns read back into a record.Object; the
// derived pii_types and types are not needed for that.
const readCols = "uri, source, bucket, key, size, etag, last_modified, content_type, extension, " +
	"classes, themes, risk, pii_impact, skipped, error, truncated, bytes_scanned, scanned_at"

// objectsPage is how many objects Objects reads per query.
const objectsPage = 256

// Object returns the stored record of uri with its findings and
// occurrences, or an error wrapping ErrNotFound. Times come back in UTC,
// to the microsecond; empty arrays come back as nil slices.
func (db *DB) Object(ctx context.Context, uri string) (record.Object, error) {
	objs, err := db.readObjects(ctx, "uri = ?", []any{uri}, "")
	if err == nil && len(objs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return record.Object{}, fmt.Errorf("store %s: object %s: %w", db.name, uri, err)
	}
	return objs[0], nil
}

// Objects calls fn for each stored object, with its findings, in URI order
// (bytewise). It stops at the first error from fn and returns it. Objects
// are read a page at a time and fn runs between reads, so fn may use db;
// objects put or deleted during the walk may or may not be seen.
func (db *DB) Objects(ctx context.Context, fn func(record.Object) error) error {
	after := ""
	for {
		page, err := db.readObjects(ctx, "uri > ?", []any{after}, fmt.Sprintf("LIMIT %d", objectsPage))
		if err != nil {
			return fmt.Errorf("store %s: objects after %q: %w", db.name, after, err)
		}
		for _, o := range page {
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(page) < objectsPage {
			return ctx.Err()
		}
		after = page[len(page)-1].URI
	}
}

// Scanned reports the ETag and size last stored for uri, and ok false when
// uri is not stored. Incremental scans use it to skip unchanged objects.
func (db *DB) Scanned(ctx context.Context, uri string) (etag string, size int64, ok bool, err error) {
	q := db.d.Rebind("SELECT etag, size FROM objects WHERE uri = ?")
	err = db.sql.QueryRowContext(ctx, q, uri).Scan(&etag, &size)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", 0, false, nil
	case err != nil:
		return "", 0, false, fmt.Errorf("store %s: scanned %s: %w", db.name, uri, err)
	}
	return etag, size, true, nil
}

// readObjects reads the objects matching where (with "?" args) in URI
// order, then their findings.
func (db *DB) readObjects(ctx context.Context, where string, args []any, limit string) ([]record.Object, error) {
	q := "SELECT " + readCols + " FROM objects WHERE " + where + " ORDER BY uri " + limit
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var objs []record.Object
	for rows.Next() {
		o, err := scanObject(rows)
		if err != nil {
			return nil, err
		}
		objs = append(objs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(objs) == 0 {
		return nil, nil
	}
	return objs, db.readFindings(ctx, objs)
}

func scanObject(rows *sql.Rows) (record.Object, error) {
	var (
		o              record.Object
		classes, theme string
	)
	err := rows.Scan(&o.URI, &o.Source, &o.Bucket, &o.Key, &o.Size, &o.ETag, timeValue{&o.LastModified},
		&o.ContentType, &o.Extension, &classes, &theme, &o.Risk, &o.PIIImpact,
		&o.Skipped, &o.Error, &o.Truncated, &o.BytesScanned, timeValue{&o.ScannedAt})
	if err != nil {
		return o, fmt.Errorf("scan object: %w", err)
	}
	if o.Classes, err = decodeJSON[string]("classes", classes); err != nil {
		return o, fmt.Errorf("object %s: %w", o.URI, err)
	}
	if o.Themes, err = decodeJSON[string]("themes", theme); err != nil {
		return o, fmt.Errorf("object %s: %w", o.URI, err)
	}
	return o, nil
}

// readFindings fills in the findings of objs, which are sorted by URI, with
// one query over their URI range.
func (db *DB) readFindings(ctx context.Context, objs []record.Object) error {
	q := "SELECT " + findingCols + " FROM findings WHERE uri >= ? AND uri <= ? ORDER BY uri, ord"
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), objs[0].URI, objs[len(objs)-1].URI)
	if err != nil {
		return err
	}
	defer rows.Close()
	byURI := make(map[string]*record.Object, len(objs))
	for i := range objs {
		byURI[objs[i].URI] = &objs[i]
	}
	for rows.Next() {
		uri, f, err := scanFinding(rows)
		if err != nil {
			return err
		}
		if o := byURI[uri]; o != nil {
			o.Findings = append(o.Findings, f)
		}
	}
	return rows.Err()
}

func scanFinding(rows *sql.Rows) (string, record.Finding, error) {
	var (
		uri, occ string
		ord      int
		f        record.Finding
	)
	if err := rows.Scan(&uri, &ord, &f.Type, &f.Category, &f.Method, &f.Risk, &f.Count, &f.Sample, &occ); err != nil {
		return "", f, fmt.Errorf("scan finding: %w", err)
	}
	var err error
	if f.Occurrences, err = decodeJSON[record.Occurrence]("occurrences", occ); err != nil {
		return "", f, fmt.Errorf("object %s: finding %d: %w", uri, ord, err)
	}
	return uri, f, nil
}
