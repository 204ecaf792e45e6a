package query

import (
	"context"
	"fmt"

	"github.com/mamori-dev/mamori/internal/store"
)

// elemsTerm is a query that is one array equality served by an Elements
// table on SQLite, key IN (SELECT key FROM elements WHERE column = ? …),
// or one equality (or OR of equalities) on a Via field, "user" IN (SELECT
// "user" FROM user_tiers WHERE …): a condition that finds its rows
// through an index other than that of the default order.
type elemsTerm struct {
	// cond is the condition; count selects a row per match (or per
	// element matching), with the placeholders of args.
	cond, count string
	args        []any
	// max, if not 0, bounds the count below maxElemsCount.
	max int64
	// table is the index's table.
	table string
	// matches is how many elements rows match, at most maxElemsCount (or
	// max), and
	// rows about how many rows table has; both are set by Estimate, and
	// estimated tells whether it ran.
	matches, rows int64
	estimated     bool
}

// maxElemsCount bounds the count Estimate makes, and so its cost (about
// 7 ms per 100k index entries).
const maxElemsCount = 100_000

// maxViaCount bounds the count of events Estimate makes for a Via
// equality: a tier often holds a large share of the events (a quarter
// of 1M events, 250k, took 11 ms to count to 100k), and 20k matches are
// enough to choose the scan in order for --limit up to 1,400 on 10M
// events.
const maxViaCount = 20_000

// Estimate lets Select choose between two plans, on SQLite, for a query
// that is one array equality served by an Elements table (pii_types:x,
// types:x) or one equality on a Via field (user_tier:gold, through the
// user index); it does nothing for other queries. SQLite plans without
// statistics, so for key IN (SELECT …) it always reads the matching rows
// through the key's index and sorts them all, which for 50k matches out
// of 1M rows costs 250 ms even when only the first 100 are wanted.
// Reading the table in the default order instead, through its
// (sort DESC, id) index, and keeping the rows in the subquery's set,
// stops after the first limit matches: cheap when matches are many, a
// scan of the whole index when they are few. Estimate counts the matching
// elements (index only, at most maxElemsCount) and the table's rows (its
// largest rowid), and Select reads in the default order when
//
//	matches² × elemsRatio ≥ limit × rows
//
// that is, when the rows scanned in order (limit × rows / matches, at
// about 0.14 µs each) cost less than the matches read by key (about 5 µs
// each). Results are the same either way.
func (q *Query) Estimate(ctx context.Context, db *store.DB) error {
	e := q.elems
	if e == nil || e.estimated || q.Where != e.cond {
		return nil
	}
	limit := int64(maxElemsCount)
	if e.max > 0 {
		limit = e.max
	}
	stmt := "SELECT (SELECT COUNT(*) FROM (" + e.count + " LIMIT " + fmt.Sprint(limit) + ")), " +
		"(SELECT coalesce(max(rowid), 0) FROM " + e.table + ")"
	rows, err := db.Query(ctx, stmt, e.args...)
	if err != nil {
		return fmt.Errorf("query %s: estimate matches: %w", q.Index.Name, err)
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&e.matches, &e.rows); err != nil {
			return fmt.Errorf("query %s: estimate matches: %w", q.Index.Name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: estimate matches: %w", q.Index.Name, err)
	}
	e.estimated = true
	return nil
}

// elemsRatio is the cost of reading one matching row by key over that of
// scanning one entry of the sort index, measured on 1M objects (see
// docs/performance.md).
const elemsRatio = 36

// inOrder reports whether Select should read the table in the default
// order s, at most limit rows, for the estimated query.
func (q *Query) inOrder(s Sort, limit int) bool {
	e := q.elems
	if e == nil || !e.estimated || q.Where != e.cond || limit <= 0 || s.Field != q.Index.Sort || !s.Desc {
		return false
	}
	return e.matches*e.matches*elemsRatio >= int64(limit)*e.rows
}
