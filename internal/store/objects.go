package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/record"
)

// objectCols are the columns PutObjects writes. public and encrypted are
// left alone: bucket posture sets them, not a scan.
const objectCols = "uri, source, bucket, key, size, etag, last_modified, content_type, extension, " +
	"classes, themes, risk, pii_impact, pii_types, types, skipped, error, truncated, bytes_scanned, scanned_at"

// findingCols are the columns of one finding row.
const findingCols = "uri, ord, type, category, method, risk, count, sample, occurrences"

// PutObjects stores scan records in one transaction, keyed by URI. Putting
// an unchanged record again changes nothing; putting a changed one replaces
// its row and all its findings. When objs holds a URI more than once, the
// last record wins. Records must have a URI, and their text must be valid
// UTF-8 without NUL bytes (PostgreSQL rejects anything else); one that is not
// fails the whole call, naming its URI, before anything is written.
func (db *DB) PutObjects(ctx context.Context, objs []record.Object) error {
	objs = lastByURI(objs)
	for _, o := range objs {
		if err := checkObject(o); err != nil {
			return fmt.Errorf("store %s: put %w", db.name, err)
		}
	}
	if len(objs) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error { return db.putTx(ctx, tx, objs) })
	if err != nil {
		return fmt.Errorf("store %s: put %d objects (%s … %s): %w",
			db.name, len(objs), objs[0].URI, objs[len(objs)-1].URI, err)
	}
	return nil
}

// lastByURI returns objs sorted by URI with only the last record of each
// URI. Sorting also makes concurrent writers on PostgreSQL lock rows in the
// same order, so they cannot deadlock.
func lastByURI(objs []record.Object) []record.Object {
	idx := make(map[string]int, len(objs))
	out := make([]record.Object, 0, len(objs))
	for _, o := range objs {
		if i, ok := idx[o.URI]; ok {
			out[i] = o
			continue
		}
		idx[o.URI] = len(out)
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b record.Object) int { return cmp.Compare(a.URI, b.URI) })
	return out
}

// putTx upserts the object rows, then replaces their findings.
func (db *DB) putTx(ctx context.Context, tx *sql.Tx, objs []record.Object) error {
	const upsert = "INSERT INTO objects (" + objectCols + ")"
	objRows, uris, findRows := db.rows(objs)

	b := newBatch(tx, db.d, len(objRows[0]), insertSQL(upsert, upsertTail(), len(objRows[0])))
	defer b.close()
	if err := b.exec(ctx, objRows); err != nil {
		return fmt.Errorf("upsert objects: %w", err)
	}
	del := newBatch(tx, db.d, 1, inSQL("DELETE FROM findings WHERE uri"))
	defer del.close()
	if err := del.exec(ctx, uris); err != nil {
		return fmt.Errorf("delete old findings: %w", err)
	}
	if len(findRows) == 0 {
		return nil
	}
	const insert = "INSERT INTO findings (" + findingCols + ")"
	ins := newBatch(tx, db.d, len(findRows[0]), insertSQL(insert, "", len(findRows[0])))
	defer ins.close()
	if err := ins.exec(ctx, findRows); err != nil {
		return fmt.Errorf("insert findings: %w", err)
	}
	return nil
}

// upsertTail is the ON CONFLICT clause that makes an INSERT into objects
// replace every column PutObjects writes. SQLite and PostgreSQL share the
// syntax.
func upsertTail() string {
	cols := strings.Split(objectCols, ", ")
	set := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	return "ON CONFLICT (uri) DO UPDATE SET " + strings.Join(set, ", ")
}

// rows returns the arguments of the object rows, of the finding deletes
// (one URI each) and of the finding rows.
func (db *DB) rows(objs []record.Object) (objRows, uris, findRows [][]any) {
	for _, o := range objs {
		objRows = append(objRows, objectArgs(db.d, o))
		uris = append(uris, []any{o.URI})
		for i, f := range o.Findings {
			findRows = append(findRows, []any{o.URI, i, f.Type, f.Category, f.Method,
				f.Risk, f.Count, f.Sample, jsonOf(f.Occurrences)})
		}
	}
	return objRows, uris, findRows
}

func objectArgs(d Dialect, o record.Object) []any {
	return []any{o.URI, o.Source, o.Bucket, o.Key, o.Size, o.ETag, d.Time(o.LastModified),
		o.ContentType, o.Extension, jsonArray(o.Classes), jsonArray(o.Themes), o.Risk, o.PIIImpact,
		jsonArray(findingTypes(o.Findings, record.MethodPII)), jsonArray(findingTypes(o.Findings, "")),
		o.Skipped, o.Error, o.Truncated, o.BytesScanned, d.Time(o.ScannedAt)}
}

// findingTypes returns the distinct types of the findings with method, or
// of all findings when method is "", sorted.
func findingTypes(fs []record.Finding, method string) []string {
	var types []string
	for _, f := range fs {
		if method == "" || f.Method == method {
			types = append(types, f.Type)
		}
	}
	slices.Sort(types)
	return slices.Compact(types)
}
