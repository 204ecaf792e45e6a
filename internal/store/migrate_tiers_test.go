package store

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/testenv"
)

// TestMigrateUserTiers checks that migration 0011 carries the tiers stored
// on events over to user_tiers, one per user, and drops the column, on both
// engines.
func TestMigrateUserTiers(t *testing.T) {
	for _, e := range migrationEngines {
		t.Run(e.name, func(t *testing.T) {
			db := openBefore(t, e.dsn(t), 11)
			at := db.d.Time(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
			for _, ev := range [][]any{
				{"e1", "1:user:alice", "gold"}, {"e2", "1:user:alice", "gold"}, {"e3", "1:user:bob", "bronze"},
				{"e4", "1:user:Bob", "silver"}, {"e5", "1:user:carol", ""},
			} {
				err := db.Exec(t.Context(), `INSERT INTO cloudtrail (event_id, event_time, event_name, event_source, "user", user_tier) `+
					`VALUES (?, ?, 'GetObject', 's3.amazonaws.com', ?, ?)`, ev[0], at, ev[1], ev[2])
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := db.migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			got, err := db.UserTiers(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"1:user:alice": "gold", "1:user:bob": "bronze", "1:user:Bob": "silver"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("user tiers after migration mismatch (-want +got):\n%s", diff)
			}
			if err := db.Exec(t.Context(), "SELECT user_tier FROM cloudtrail"); err == nil {
				t.Error("cloudtrail keeps user_tier after migration")
			}
		})
	}
}

// migrationEngines are the engines migration tests run on, each with a
// new empty database.
var migrationEngines = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "m.db") }},
	{"postgres", func(t *testing.T) string { return testenv.Postgres(t) }},
}

// openBefore opens the store at dsn with the migrations before version
// applied, and closes it at the end of the test.
func openBefore(t *testing.T, dsn string, version int) *DB {
	t.Helper()
	db, err := open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ms, err := migrationsFor(db.d)
	if err != nil {
		t.Fatal(err)
	}
	err = db.write(t.Context(), func(tx *sql.Tx) error { return db.migrateTx(t.Context(), tx, ms[:version-1]) })
	if err != nil {
		t.Fatal(err)
	}
	return db
}
