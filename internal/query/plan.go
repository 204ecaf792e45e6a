package query

import (
	"context"
	"fmt"

	"github.com/mamori-dev/mamori/internal/store"
)

// elemsTerm is a query that is one array equality served by an Elements
// table on SQLite: key IN (SELECT key FROM elements WHERE column = ? …).
type elemsTerm struct {
	// cond is the condition; count is its subquery, with one placeholder
	// for arg.
	cond, count string
	arg         string
	// table is the index's table.
	table string
	// matches is how many elements rows match, at most maxElemsCount, and
	// rows about how many rows table has; both are set by Estimate, and
	// estimated tells whether it ran.
	matches, rows int64
	estimated     bool
}

// maxElemsCount bounds the count Estimate makes, and so its cost (about
// 7 ms per 100k index entries).
const maxElemsCount = 100_000

// Estimate lets Select choose between two plans, on SQLite, for a query
// that is one array equality served by an Elements table (pii_types:x,
// types:x); it does nothing for other queries. SQLite plans without
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
	stmt := "SELECT (SELECT COUNT(*) FROM (" + e.count + " LIMIT " + fmt.Sprint(maxElemsCount) + ")), " +
		"(SELECT coalesce(max(rowid), 0) FROM " + e.table + ")"
	rows, err := db.Query(ctx, stmt, e.arg)
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
