package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ArrayElements returns a FROM-clause item that yields one row per element
// of the JSON array of strings in column col, as text in column e.value:
//
//	SELECT e.value, COUNT(*) FROM objects AS t, <ArrayElements("t.pii_types")> GROUP BY e.value
func (d Dialect) ArrayElements(col string) string {
	if d.name == Postgres {
		return "jsonb_array_elements_text(" + col + ") AS e(value)"
	}
	return "json_each(" + col + ") AS e"
}

// Day returns the UTC calendar day (YYYY-MM-DD text) of the time column
// expr, for counting per day.
func (d Dialect) Day(expr string) string {
	if d.name == Postgres {
		return "to_char(" + expr + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
	}
	return "substr(" + expr + ", 1, 10)"
}

// SavedQuery is a named research query (index + Lucene query), for
// `mamori query --save` and the alert rules built on it.
type SavedQuery struct {
	Name      string
	Index     string
	Query     string
	CreatedAt time.Time
}

// SaveQuery stores q under q.Name, replacing a saved query of that name.
// A zero CreatedAt is set to the current time.
func (db *DB) SaveQuery(ctx context.Context, q SavedQuery) error {
	if q.Name == "" {
		return fmt.Errorf("store %s: save query: empty name", db.name)
	}
	if q.CreatedAt.IsZero() {
		q.CreatedAt = time.Now()
	}
	const upsert = "INSERT INTO saved_queries (name, idx, query, created_at) VALUES (?, ?, ?, ?) " +
		"ON CONFLICT (name) DO UPDATE SET idx = excluded.idx, query = excluded.query, created_at = excluded.created_at"
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind(upsert), q.Name, q.Index, q.Query, db.d.Time(q.CreatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: save query %q: %w", db.name, q.Name, err)
	}
	return nil
}

// SavedQuery returns the saved query called name, or an error wrapping
// ErrNotFound.
func (db *DB) SavedQuery(ctx context.Context, name string) (SavedQuery, error) {
	qs, err := db.savedQueries(ctx, "WHERE name = ?", name)
	if err == nil && len(qs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return SavedQuery{}, fmt.Errorf("store %s: saved query %q: %w", db.name, name, err)
	}
	return qs[0], nil
}

// SavedQueries returns all saved queries in name order.
func (db *DB) SavedQueries(ctx context.Context) ([]SavedQuery, error) {
	qs, err := db.savedQueries(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("store %s: saved queries: %w", db.name, err)
	}
	return qs, nil
}

// DeleteSavedQuery deletes the saved query called name; it returns an
// error wrapping ErrNotFound when there is none.
func (db *DB) DeleteSavedQuery(ctx context.Context, name string) error {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.d.Rebind("DELETE FROM saved_queries WHERE name = ?"), name)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store %s: delete saved query %q: %w", db.name, name, err)
	}
	return nil
}

func (db *DB) savedQueries(ctx context.Context, where string, args ...any) ([]SavedQuery, error) {
	q := "SELECT name, idx, query, created_at FROM saved_queries " + where + " ORDER BY name"
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var qs []SavedQuery
	for rows.Next() {
		var s SavedQuery
		if err := rows.Scan(&s.Name, &s.Index, &s.Query, timeValue{&s.CreatedAt}); err != nil {
			return nil, err
		}
		qs = append(qs, s)
	}
	return qs, rows.Err()
}

// Exec runs one writing statement written with "?" placeholders, in a
// transaction of its own. It is for test fixtures and generated benchmark
// data that fill the research tables directly; mamori's own writers have
// dedicated methods. Writing cloudtrail this way leaves TrailRollupTable
// behind: call RebuildTrailRollup afterwards.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind(query), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: exec: %w", db.name, err)
	}
	return nil
}
