package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds the schema as numbered migrations. A file is named
// NNNN_name.sql (for every engine) or NNNN_name.<dialect>.sql (for one
// engine only); for a given number, an engine runs its own file if there is
// one and the shared file otherwise. Migrations are append-only: never edit
// one that has been released, add the next number.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string // empty when the migration is for another engine
}

// migrationsFor returns the migrations of dialect d in version order.
func migrationsFor(d Dialect) ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	chosen := make(map[int]string) // version → file to run, "" for none
	found := make(map[int]migration)
	for _, name := range names {
		m, engine, err := parseMigrationName(path.Base(name))
		if err != nil {
			return nil, err
		}
		found[m.version] = m
		switch {
		case engine == d.name:
			chosen[m.version] = name
		case engine == "" && chosen[m.version] == "":
			chosen[m.version] = name
		}
	}
	for v, m := range found {
		if chosen[v] == "" {
			continue // another engine's migration: recorded, nothing to run
		}
		src, err := migrationFiles.ReadFile(chosen[v])
		if err != nil {
			return nil, err
		}
		m.sql = d.migrationSQL(string(src))
		found[v] = m
	}
	return sortedMigrations(found)
}

// parseMigrationName splits "0002_array_indexes.postgres.sql" into version
// 2, name "array_indexes" and engine "postgres".
func parseMigrationName(file string) (m migration, engine string, err error) {
	base := strings.TrimSuffix(file, ".sql")
	base, engine, _ = strings.Cut(base, ".")
	num, name, ok := strings.Cut(base, "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || v <= 0 || (engine != "" && engine != SQLite && engine != Postgres) {
		return migration{}, "", fmt.Errorf("migration %s: name is not NNNN_name[.sqlite|.postgres].sql", file)
	}
	return migration{version: v, name: name}, engine, nil
}

func sortedMigrations(byVersion map[int]migration) ([]migration, error) {
	ms := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: expected version %d", m.version, m.name, i+1)
		}
	}
	return ms, nil
}

// migrate brings the schema up to the latest migration. Each pending
// migration runs in one transaction with its schema_migrations row. On
// PostgreSQL an advisory lock keeps two processes from migrating at once; on
// SQLite the immediate transaction does.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrationsFor(db.d)
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].version
	if v, err := db.schemaVersion(ctx, db.sql); err == nil && v == latest {
		return nil // the common case: no write transaction needed
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		return db.migrateTx(ctx, tx, ms)
	})
}

// migrationLock is the PostgreSQL advisory lock key held while migrating.
const migrationLock = 0x6d616d6f7269 // "mamori"

func (db *DB) migrateTx(ctx context.Context, tx *sql.Tx, ms []migration) error {
	if db.d.name == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("lock schema: %w", err)
		}
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := db.schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if latest := ms[len(ms)-1].version; current > latest {
		return fmt.Errorf("schema version %d is newer than this mamori knows (%d)", current, latest)
	}
	for _, m := range ms[current:] {
		if err := db.apply(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, tx *sql.Tx, m migration) error {
	if strings.TrimSpace(m.sql) != "" {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
	}
	const record = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"
	now := time.Now().UTC().Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, db.d.Rebind(record), m.version, m.name, now); err != nil {
		return fmt.Errorf("migration %04d_%s: record: %w", m.version, m.name, err)
	}
	return nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion returns the highest applied migration, 0 for none. It fails
// when schema_migrations does not exist.
func (db *DB) schemaVersion(ctx context.Context, q querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}
