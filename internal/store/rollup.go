package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// TrailRollupTable is the table of daily event counts per value of the
// fields in TrailRollupFields (migration 0007): columns field (a field
// name), day (UTC, YYYY-MM-DD), value and n. For every day and every one of
// those fields, the counts of its values add up to the events of that day.
// PutEvents and PurgeEvents keep it in step with cloudtrail; writing
// cloudtrail any other way (Exec) needs RebuildTrailRollup afterwards.
const TrailRollupTable = "trail_rollup"

// rollupFields are the cloudtrail columns trail_rollup counts: the keyword
// fields the dashboard and `mamori query --count-by` group by. user_tier is
// not a cloudtrail column but the tier of the event's user (user_tiers), so
// a count by user_tier counts by user and maps users to their tiers.
var rollupFields = [...]string{"event_name", "event_source", "error_code", "user", "user_name",
	"user_type", "account", "region", "source_ip", "isp", "country", "event_name_error", "event_name_isp"}

// TrailRiskIndexMin is the lowest risk the SQLite index of cloudtrail
// risk holds (migration 0012): a condition on risk uses that index only
// when it repeats risk >= TrailRiskIndexMin.
const TrailRiskIndexMin = 5

// TrailRollupFields returns the cloudtrail fields (column names) counted in
// TrailRollupTable.
func TrailRollupFields() []string { return slices.Clone(rollupFields[:]) }

// rollupCols selects the day and the rollup fields of a cloudtrail row.
func (d Dialect) rollupCols() string {
	cols := make([]string, len(rollupFields))
	for i, f := range rollupFields {
		cols[i] = `"` + f + `"`
	}
	return d.Day("event_time") + ", " + strings.Join(cols, ", ")
}

// dims returns the rollup field values of e, in rollupFields order.
func (e *Event) dims() [len(rollupFields)]string {
	return [...]string{e.EventName, e.EventSource, e.ErrorCode, e.User, e.UserName, e.UserType,
		e.Account, e.Region, e.SourceIP, e.ISP, e.Country, e.EventNameError, e.EventNameISP}
}

// rollupKey is one row of trail_rollup; field indexes rollupFields.
type rollupKey struct {
	field      int
	day, value string
}

// rollup holds changes to trail_rollup counts, to apply with flush.
type rollup map[rollupKey]int64

// add counts one event of day with the given field values, sign +1 for
// an event stored and -1 for one removed.
func (r rollup) add(day string, dims *[len(rollupFields)]string, sign int64) {
	for i, v := range dims {
		r[rollupKey{i, day, v}] += sign
	}
}

// utcDay returns the UTC day of t as YYYY-MM-DD, the form Dialect.Day
// gives in SQL.
func utcDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// rollupReplaced subtracts from r the stored events with one of keys,
// only those with a rowid of at most last unless last is -1 (SQLite). The
// query asks for the times and the IDs separately (a row-value IN list is
// not served by an index on SQLite), the key index finds the times, and
// only the rows whose time and ID are a key count.
func (db *DB) rollupReplaced(ctx context.Context, tx *sql.Tx, keys []eventKey, last int64, r rollup) error {
	for chunk := range slices.Chunk(keys, 500) {
		if err := db.rollupReplacedChunk(ctx, tx, chunk, last, r); err != nil {
			return fmt.Errorf("read replaced events: %w", err)
		}
	}
	return nil
}

func (db *DB) rollupReplacedChunk(ctx context.Context, tx *sql.Tx, keys []eventKey, last int64, r rollup) error {
	want := make(map[eventKey]bool, len(keys))
	var times, ids []any
	seenT, seenID := make(map[int64]bool, len(keys)), make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
		if !seenT[k.us] {
			seenT[k.us] = true
			times = append(times, db.d.Time(time.UnixMicro(k.us)))
		}
		if !seenID[k.id] {
			seenID[k.id] = true
			ids = append(ids, k.id)
		}
	}
	// On SQLite, the unary + keeps event_id off the index: with both IN
	// lists on the key it would look up every time with every ID.
	idCol := "event_id"
	if db.d.name == SQLite {
		idCol = "+event_id"
	}
	q := "SELECT event_time, event_id, " + db.d.rollupCols() + " FROM cloudtrail WHERE event_time IN (" +
		Placeholders(len(times)) + ") AND " + idCol + " IN (" + Placeholders(len(ids)) + ")"
	args := append(times, ids...)
	if last >= 0 {
		q += " AND rowid <= ?"
		args = append(args, last)
	}
	rows, err := tx.QueryContext(ctx, db.d.Rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		t    time.Time
		id   string
		day  string
		dims [len(rollupFields)]string
	)
	ptrs := []any{timeValue{&t}, &id, &day}
	for i := range dims {
		ptrs = append(ptrs, &dims[i])
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if want[eventKey{t.UnixMicro(), id}] {
			r.add(day, &dims, -1)
		}
	}
	return rows.Err()
}

// scanRollup adds to r, with sign, the events a query returns; the query
// selects Dialect.rollupCols.
func (db *DB) scanRollup(ctx context.Context, tx *sql.Tx, query string, args []any, r rollup, sign int64) error {
	rows, err := tx.QueryContext(ctx, db.d.Rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		day  string
		dims [len(rollupFields)]string
	)
	ptrs := make([]any, 1+len(dims))
	ptrs[0] = &day
	for i := range dims {
		ptrs[1+i] = &dims[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		r.add(day, &dims, sign)
	}
	return rows.Err()
}

// flush applies the changes in r to trail_rollup, in key order, and
// deletes the rows whose count drops to zero.
func (r rollup) flush(ctx context.Context, tx *sql.Tx, d Dialect) error {
	keys := make([]rollupKey, 0, len(r))
	var gone [][]any
	for k, n := range r {
		if n != 0 {
			keys = append(keys, k)
		}
		if n < 0 {
			gone = append(gone, []any{rollupFields[k.field], k.day, k.value})
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(cmp.Compare(rollupFields[a.field], rollupFields[b.field]), cmp.Compare(a.day, b.day), cmp.Compare(a.value, b.value))
	})
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{rollupFields[k.field], k.day, k.value, r[k]}
	}
	const head = "INSERT INTO " + TrailRollupTable + " (field, day, value, n)"
	const tail = "ON CONFLICT (field, day, value) DO UPDATE SET n = " + TrailRollupTable + ".n + excluded.n"
	b := newBatch(tx, d, 4, insertSQL(head, tail, 4))
	defer b.close()
	if err := b.exec(ctx, rows); err != nil {
		return fmt.Errorf("update %s: %w", TrailRollupTable, err)
	}
	if len(gone) == 0 {
		return nil
	}
	del, err := tx.PrepareContext(ctx, d.Rebind("DELETE FROM "+TrailRollupTable+
		" WHERE field = ? AND day = ? AND value = ? AND n <= 0"))
	if err != nil {
		return err
	}
	defer del.Close()
	for _, g := range gone {
		if _, err := del.ExecContext(ctx, g...); err != nil {
			return fmt.Errorf("update %s: %w", TrailRollupTable, err)
		}
	}
	return nil
}

// recountDays replaces the trail_rollup rows of the UTC days from from
// (inclusive) to to (exclusive) with counts of the stored events, a day at
// a time so memory stays bounded by one day's distinct values.
func (db *DB) recountDays(ctx context.Context, tx *sql.Tx, from, to time.Time) error {
	del := db.d.Rebind("DELETE FROM " + TrailRollupTable + " WHERE day >= ? AND day < ?")
	if _, err := tx.ExecContext(ctx, del, utcDay(from), utcDay(to)); err != nil {
		return fmt.Errorf("clear %s: %w", TrailRollupTable, err)
	}
	q := "SELECT " + db.d.rollupCols() + " FROM cloudtrail WHERE event_time >= ? AND event_time < ?"
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		r := make(rollup)
		if err := db.scanRollup(ctx, tx, q, []any{db.d.Time(day), db.d.Time(day.AddDate(0, 0, 1))}, r, 1); err != nil {
			return fmt.Errorf("count events of %s: %w", utcDay(day), err)
		}
		if err := r.flush(ctx, tx, db.d); err != nil {
			return err
		}
	}
	return nil
}

// startOfDay returns midnight UTC of t's UTC day.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// RebuildTrailRollup recounts TrailRollupTable from the stored events. It
// is needed only after cloudtrail was written with Exec (test fixtures,
// generated benchmark data); mamori's own writers keep it up to date.
func (db *DB) RebuildTrailRollup(ctx context.Context) error {
	var first, last time.Time
	err := db.sql.QueryRowContext(ctx, "SELECT MIN(event_time), MAX(event_time) FROM cloudtrail").
		Scan(timeValue{&first}, timeValue{&last})
	if err == nil {
		err = db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+TrailRollupTable); err != nil {
				return err
			}
			if first.IsZero() {
				return nil
			}
			return db.recountDays(ctx, tx, startOfDay(first), startOfDay(last).AddDate(0, 0, 1))
		})
	}
	if err != nil {
		return fmt.Errorf("store %s: rebuild %s: %w", db.name, TrailRollupTable, err)
	}
	return nil
}

// purgeRollup drops the counts of events deleted by PurgeEvents: whole
// days before before are deleted, and the day of before, when before is
// not midnight, is recounted.
func (db *DB) purgeRollup(ctx context.Context, tx *sql.Tx, before time.Time) error {
	day := startOfDay(before)
	del := db.d.Rebind("DELETE FROM " + TrailRollupTable + " WHERE day < ?")
	if _, err := tx.ExecContext(ctx, del, utcDay(day)); err != nil {
		return fmt.Errorf("purge %s: %w", TrailRollupTable, err)
	}
	if day.Equal(before.UTC()) {
		return nil
	}
	return db.recountDays(ctx, tx, day, day.AddDate(0, 0, 1))
}
