package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

func TestPostgresSchemas(t *testing.T) {
	a, b := Postgres(t), Postgres(t)
	if a == b {
		t.Fatalf("two Postgres calls returned the same DSN %s", a)
	}
	for _, dsn := range []string{a, b} {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var schema string
		err = db.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(schema, "mamori_test_") || !strings.Contains(dsn, "search_path="+schema) {
			t.Errorf("current_schema() = %q, want the schema of DSN %s", schema, dsn)
		}
	}
}

// recorder is a testing.TB that records how a helper ended the test.
type recorder struct {
	testing.TB
	ctx      context.Context
	outcome  string // "skip", "fatal" or "" when the helper returned
	message  string
	cleanups []func()
}

func (r *recorder) Helper()                  {}
func (r *recorder) Context() context.Context { return r.ctx }
func (r *recorder) Cleanup(f func())         { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(string, ...any)    {}

func (r *recorder) Skipf(format string, args ...any) { r.end("skip", format, args) }

func (r *recorder) Fatalf(format string, args ...any) { r.end("fatal", format, args) }

func (r *recorder) end(outcome, format string, args []any) {
	r.outcome, r.message = outcome, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestPostgresUnreachable(t *testing.T) {
	tests := []struct {
		name    string
		require string
		want    string
	}{
		{"skips", "", "skip"},
		{"fails when services are required", "1", "fatal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(PostgresEnv, "postgres://u:s3cret@127.0.0.1:1/x?sslmode=disable&connect_timeout=1")
			t.Setenv(RequireServicesEnv, tt.require)
			r := &recorder{ctx: t.Context()}
			done := make(chan struct{})
			go func() {
				defer close(done)
				Postgres(r)
			}()
			<-done
			if r.outcome != tt.want || strings.Contains(r.message, "s3cret") {
				t.Errorf("Postgres on an unreachable server: %s %q, want %s without the password",
					r.outcome, r.message, tt.want)
			}
		})
	}
}
