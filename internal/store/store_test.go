package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, to tamper with a store file

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
	"github.com/mamori-dev/mamori/internal/testenv"
)

func sqliteDSN(t *testing.T) string {
	return filepath.Join(t.TempDir(), "mamori.db")
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, sqliteDSN)
}

func TestSQLiteFileURI(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string {
		return "file:" + filepath.Join(t.TempDir(), "uri.db") + "?cache=private"
	})
}

func TestPostgres(t *testing.T) {
	testenv.Postgres(t) // skip or fail once, before the parallel subtests
	storetest.Run(t, func(t *testing.T) string { return testenv.Postgres(t) })
}

func TestOpenErrors(t *testing.T) {
	missingDir := filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")
	tests := []struct {
		name    string
		dsn     string
		want    []string // substrings of the error
		notWant string
	}{
		{"sqlite in missing directory", missingDir, []string{"store " + missingDir + ": "}, ""},
		{"postgres unreachable", "postgres://u:s3cret@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
			[]string{"store postgres://u:xxxxx@127.0.0.1:1/db", "127.0.0.1"}, "s3cret"},
		{"postgres password parameter", "postgresql://u@127.0.0.1:1/db?password=s3cret&connect_timeout=2",
			[]string{"store postgresql://u@127.0.0.1:1/db?", "password=xxxxx"}, "s3cret"},
		{"postgres bad port", "postgres://u:s3cret@127.0.0.1:notaport/db",
			[]string{"store postgres://"}, "s3cret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := store.Open(t.Context(), tt.dsn)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded, want an error", tt.dsn)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("Open error %q does not contain %q", msg, w)
				}
			}
			if tt.notWant != "" && strings.Contains(msg, tt.notWant) {
				t.Errorf("Open error %q reveals %q", msg, tt.notWant)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("Open error %q is not one line", msg)
			}
		})
	}
}

// TestNewerSchema checks that an older mamori refuses a store migrated by a
// newer one instead of writing into a schema it does not know.
func TestNewerSchema(t *testing.T) {
	dsn := sqliteDSN(t)
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.ExecContext(t.Context(), "INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(t.Context(), dsn)
	if want := "schema version 99 is newer"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Open of a newer schema: error %v, want one containing %q", err, want)
	}
}

func TestMemory(t *testing.T) {
	db, err := store.Open(t.Context(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PutObjects(t.Context(), []record.Object{{URI: "file:///m"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Object(t.Context(), "file:///m"); err != nil {
		t.Errorf("Object from :memory: store: %v", err)
	}
}

func BenchmarkPutObjects(b *testing.B) {
	engines := []struct {
		name string
		dsn  func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "bench.db") }},
		{"postgres", func(b *testing.B) string { return testenv.Postgres(b) }},
	}
	const n = 10_000
	objs := benchObjects(n)
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			db, err := store.Open(b.Context(), e.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			for b.Loop() {
				if err := db.PutObjects(b.Context(), objs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

// benchObjects returns n small records, each with two findings.
func benchObjects(n int) []record.Object {
	objs := make([]record.Object, n)
	for i := range objs {
		objs[i] = record.Object{
			URI: fmt.Sprintf("s3://bench/dir%02d/file%05d.csv", i%50, i), Source: "s3", Bucket: "bench",
			Key: fmt.Sprintf("dir%02d/file%05d.csv", i%50, i), Size: int64(i), ETag: fmt.Sprint(i),
			ContentType: "text/csv", Extension: ".csv", Classes: []string{"data/csv"}, Risk: 5,
			PIIImpact: record.ImpactModerate,
			Findings: []record.Finding{
				{Type: "email_address", Category: "personal", Method: record.MethodPII, Risk: 5, Count: 2,
					Sample: "a***@b.c", Occurrences: []record.Occurrence{{Offset: 10, Length: 7, Line: 1, Column: 11}}},
				{Type: "data/csv", Category: "class", Method: record.MethodClassifier, Risk: 1, Count: 1},
			},
		}
	}
	return objs
}
