// Package testenv locates the real services that integration tests run
// against (STYLE.md rule 13). Integration tests are ordinary tests: when a
// service is unreachable they are skipped, unless MAMORI_REQUIRE_SERVICES=1
// (set by CI), in which case they fail. They are also skipped under -short,
// again unless services are required.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Environment variables read by this package.
const (
	// RequireServicesEnv, when "1", turns every skip for a missing service
	// into a failure.
	RequireServicesEnv = "MAMORI_REQUIRE_SERVICES"
	// PostgresEnv overrides DefaultPostgres.
	PostgresEnv = "MAMORI_TEST_POSTGRES"
)

// DefaultPostgres is the PostgreSQL server tests use when PostgresEnv is
// unset: a local server with trust authentication and a database "test".
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// connectTimeout bounds how long Postgres waits for the server.
const connectTimeout = 5 * time.Second

// Postgres returns the DSN of an empty PostgreSQL schema of the test's own:
// it creates a schema with a random name on the server at PostgresEnv (or
// DefaultPostgres), drops it with everything in it when the test ends, and
// returns the server DSN with search_path set to it. Parallel tests and
// parallel test runs therefore never see each other's tables. When the
// server is unreachable, or under -short, the test is skipped, or failed
// when MAMORI_REQUIRE_SERVICES=1. Call it before opening the DSN, so the
// schema is dropped after the test's own cleanups have closed it.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		base = DefaultPostgres
	}
	if testing.Short() {
		unavailable(t, "postgres: skipped under -short")
	}
	admin, err := connect(t, base)
	if err != nil {
		unavailable(t, "postgres %s unreachable: %v", redact(base), err)
	}
	schema := "mamori_test_" + randomHex(6)
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("postgres %s: create schema %s: %v", redact(base), schema, err)
	}
	t.Cleanup(func() { dropSchema(t, admin, schema) })
	return withSearchPath(t, base, schema)
}

// RequireServices reports whether MAMORI_REQUIRE_SERVICES=1.
func RequireServices() bool { return os.Getenv(RequireServicesEnv) == "1" }

// unavailable skips the test, or fails it when services are required.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if RequireServices() {
		t.Fatalf(format+" ("+RequireServicesEnv+"=1)", args...)
	}
	t.Skipf(format, args...)
}

func connect(t testing.TB, dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.ConnectTimeout = connectTimeout
	db := stdlib.OpenDB(*cfg)
	ctx, cancel := context.WithTimeout(t.Context(), connectTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dropSchema(t testing.TB, admin *sql.DB, schema string) {
	defer admin.Close()
	// t.Context is already canceled when cleanups run.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		t.Errorf("postgres: drop schema %s: %v", schema, err)
	}
}

func withSearchPath(t testing.TB, dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("postgres DSN %s: %v", redact(dsn), err)
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never returns an error (crypto/rand)
	return hex.EncodeToString(b)
}
