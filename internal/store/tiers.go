package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// userTiersCols are the columns of user_tiers (migration 0011): one row per
// user with a tier, keyed by the cloudtrail "user".
const userTiersCols = `"user", tier, updated_at`

// UserTier returns the stored tier of user, or "" when it has none.
func (db *DB) UserTier(ctx context.Context, user string) (string, error) {
	var tier string
	q := db.d.Rebind(`SELECT tier FROM user_tiers WHERE "user" = ?`)
	err := db.sql.QueryRowContext(ctx, q, user).Scan(&tier)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store %s: tier of %q: %w", db.name, user, err)
	}
	return tier, nil
}

// UserTiers returns every stored tier, user → tier.
func (db *DB) UserTiers(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT "user", tier FROM user_tiers`)
	if err != nil {
		return nil, fmt.Errorf("store %s: user tiers: %w", db.name, err)
	}
	defer rows.Close()
	out := make(map[string]string)
	for rows.Next() {
		var u, tier string
		if err := rows.Scan(&u, &tier); err != nil {
			return nil, fmt.Errorf("store %s: user tiers: %w", db.name, err)
		}
		out[u] = tier
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store %s: user tiers: %w", db.name, err)
	}
	return out, nil
}

// SetUserTiers stores the tiers of the users in tiers (user → tier) in one
// transaction, replacing their stored tiers; an empty tier removes the
// user's. Other users keep theirs, and events are not touched: the
// cloudtrail field user_tier reads the tier of the event's user.
func (db *DB) SetUserTiers(ctx context.Context, tiers map[string]string) error {
	now := db.d.Time(time.Now())
	var rows [][]any
	var gone []string
	for _, u := range slices.Sorted(maps.Keys(tiers)) {
		if bad(u) || bad(tiers[u]) {
			return fmt.Errorf("store %s: set tier of %q: %w", db.name, u, errBadText)
		}
		if tiers[u] == "" {
			gone = append(gone, u)
			continue
		}
		rows = append(rows, []any{u, tiers[u], now})
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if len(rows) > 0 {
			if err := db.putRowsTx(ctx, tx, "user_tiers", userTiersCols, `"user"`, rows); err != nil {
				return err
			}
		}
		for chunk := range slices.Chunk(gone, 500) {
			q := inSQL(`DELETE FROM user_tiers WHERE "user"`)(len(chunk))
			args := make([]any, len(chunk))
			for i, u := range chunk {
				args[i] = u
			}
			if _, err := tx.ExecContext(ctx, db.d.Rebind(q), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store %s: set %d user tiers: %w", db.name, len(tiers), err)
	}
	return nil
}

// purgeTiers deletes in tx the tiers of users with no events left. The
// lookup of each user's events is asked in the form the user index serves
// (userIs).
func (db *DB) purgeTiers(ctx context.Context, tx *sql.Tx) error {
	cond := `c."user" = user_tiers."user"`
	if db.d.name == SQLite {
		cond = `c."user" = user_tiers."user" COLLATE NOCASE AND ` + cond
	}
	q := `DELETE FROM user_tiers WHERE NOT EXISTS (SELECT 1 FROM cloudtrail AS c WHERE ` + cond + `)`
	_, err := tx.ExecContext(ctx, q)
	return err
}
