package store

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMigrationsFor(t *testing.T) {
	tests := []struct {
		name      string
		d         Dialect
		wantNames []string
		// per version, a substring the SQL must contain, or "" for none
		wantSQL []string
	}{
		{"sqlite", sqliteDialect(), []string{"init", "array_indexes", "research_indexes", "query_indexes", "trail", "bucket_unknowns", "trail_rollup", "trail_ingest_indexes", "trail_partial_indexes", "objects_order_indexes", "user_tiers", "trail_time_key", "sessions_user_nocase", "trail_tor_proxy"},
			[]string{"classes       TEXT NOT NULL", "", "public_read         INTEGER NOT NULL DEFAULT 0", "mamori_fold(bucket)"}},
		{"postgres", postgresDialect(), []string{"init", "array_indexes", "research_indexes", "query_indexes", "trail", "bucket_unknowns", "trail_rollup", "trail_ingest_indexes", "trail_partial_indexes", "objects_order_indexes", "user_tiers", "trail_time_key", "sessions_user_nocase", "trail_tor_proxy"},
			[]string{`uri           TEXT COLLATE "C" PRIMARY KEY`, "USING gin", "tor              boolean NOT NULL DEFAULT false",
				`lower((bucket) COLLATE "default")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := migrationsFor(tt.d)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for i, m := range ms {
				names = append(names, m.name)
				if m.version != i+1 {
					t.Errorf("migration %d has version %d", i, m.version)
				}
				if strings.Contains(m.sql, "${") {
					t.Errorf("migration %s keeps a type macro", m.name)
				}
				if i < len(tt.wantSQL) && tt.wantSQL[i] == "" && m.sql != "" {
					t.Errorf("migration %s has SQL for another engine", m.name)
				}
				if i < len(tt.wantSQL) && !strings.Contains(m.sql, tt.wantSQL[i]) {
					t.Errorf("migration %s does not contain %q", m.name, tt.wantSQL[i])
				}
			}
			if diff := cmp.Diff(tt.wantNames, names); diff != "" {
				t.Errorf("migrations mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseMigrationName(t *testing.T) {
	tests := []struct {
		file       string
		wantV      int
		wantEngine string
		wantErr    bool
	}{
		{file: "0001_init.sql", wantV: 1},
		{file: "0012_more.postgres.sql", wantV: 12, wantEngine: Postgres},
		{file: "0003_x.sqlite.sql", wantV: 3, wantEngine: SQLite},
		{file: "init.sql", wantErr: true},
		{file: "0000_zero.sql", wantErr: true},
		{file: "0004_x.mysql.sql", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, engine, err := parseMigrationName(tt.file)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMigrationName(%q) error = %v, want error %v", tt.file, err, tt.wantErr)
			}
			if m.version != tt.wantV || engine != tt.wantEngine {
				t.Errorf("parseMigrationName(%q) = %d, %q; want %d, %q", tt.file, m.version, engine, tt.wantV, tt.wantEngine)
			}
		})
	}
}
