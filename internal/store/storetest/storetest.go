// Package storetest is the conformance suite of store.DB: every database
// engine the store supports must pass Run, so SQLite and PostgreSQL behave
// the same to every caller.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// Run runs the conformance suite. newDSN returns the DSN of a new, empty
// store for each call (a file in t.TempDir, a fresh PostgreSQL schema);
// the suite opens it, sometimes twice to test reopening.
func Run(t *testing.T, newDSN func(t *testing.T) string) {
	tests := []struct {
		name string
		fn   func(t *testing.T, dsn string)
	}{
		{"RoundTrip", testRoundTrip},
		{"PutTwice", testPutTwice},
		{"ReplaceOnChange", testReplaceOnChange},
		{"LastWinsInOneCall", testLastWins},
		{"BadRecord", testBadRecord},
		{"NotFound", testNotFound},
		{"Scanned", testScanned},
		{"ObjectsOrderAndPaging", testObjects},
		{"ObjectsStopsOnError", testObjectsError},
		{"HashKey", testHashKey},
		{"Reopen", testReopen},
		{"ConcurrentPuts", testConcurrentPuts},
		{"Dialect", testDialect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newDSN(t))
		})
	}
}

// open opens dsn and closes it when the test ends.
func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func put(t *testing.T, db *store.DB, objs ...record.Object) {
	t.Helper()
	if err := db.PutObjects(t.Context(), objs); err != nil {
		t.Fatalf("PutObjects: %v", err)
	}
}

func get(t *testing.T, db *store.DB, uri string) record.Object {
	t.Helper()
	o, err := db.Object(t.Context(), uri)
	if err != nil {
		t.Fatalf("Object(%q): %v", uri, err)
	}
	return o
}

// count returns the result of a SELECT count(*) … query.
func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	rows, err := db.Query(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := -1
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// fullRecord returns a record with every field set. Its times have
// nanoseconds, which the store keeps to the microsecond.
func fullRecord(uri string) record.Object {
	return record.Object{
		URI: uri, Source: "s3", Bucket: "bucket", Key: strings.TrimPrefix(uri, "s3://bucket/"),
		Size: 1 << 40, ETag: `"9b2cf535f27731c974343645a3985328"`,
		LastModified: time.Date(2026, 11, 29, 10, 0, 0, 123456789, time.FixedZone("JST", 9*3600)),
		ContentType:  "text/csv", Extension: ".csv",
		Classes: []string{"data/csv"}, Themes: []string{"Limit Distribution Markings", "機密"},
		Risk: 8, PIIImpact: record.ImpactHigh, Skipped: "", Error: "partial read: unexpected EOF",
		Truncated: true, BytesScanned: 20 << 20,
		ScannedAt: time.Date(2026, 11, 30, 1, 2, 3, 999999999, time.UTC),
		Findings: []record.Finding{
			{Type: "credit_card_number", Category: "financial", Method: record.MethodPII, Risk: 8, Count: 250,
				Sample: "4111********1111", Occurrences: []record.Occurrence{
					{Part: "", Offset: 120, Length: 19, Line: 4, Column: 10, Hash: "0123456789abcdef"},
					{Part: "inner.zip/a.xlsx#Sheet1", Offset: 1 << 33, Length: 16, Line: 1, Column: 1,
						Page: 3, Record: 7, Cell: "B7", JSONPath: "$.cards[0]"},
				}},
			{Type: "email_address", Category: "personal", Method: record.MethodPII, Risk: 5, Count: 1,
				Sample: "j***@example.com", Occurrences: []record.Occurrence{{Offset: 1, Length: 16, Line: 1, Column: 2}}},
			{Type: "aws_access_key_id", Category: "credentials", Method: record.MethodRegex, Risk: 9, Count: 1,
				Sample: "AKIA************MPLE"},
		},
	}
}

// stored returns what the store gives back for o: times in UTC to the
// microsecond.
func stored(o record.Object) record.Object {
	trunc := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.UTC().Truncate(time.Microsecond)
	}
	o.LastModified, o.ScannedAt = trunc(o.LastModified), trunc(o.ScannedAt)
	return o
}

func testRoundTrip(t *testing.T, dsn string) {
	db := open(t, dsn)
	tests := []struct {
		name string
		in   record.Object
		want record.Object
	}{
		{"full", fullRecord("s3://bucket/full.csv"), stored(fullRecord("s3://bucket/full.csv"))},
		{"minimal", record.Object{URI: "file:///tmp/x", Risk: 1}, record.Object{URI: "file:///tmp/x", Risk: 1}},
		{"empty slices come back nil",
			record.Object{URI: "file:///tmp/empty", Classes: []string{}, Themes: []string{},
				Findings: []record.Finding{{Type: "t", Occurrences: []record.Occurrence{}}}},
			record.Object{URI: "file:///tmp/empty", Findings: []record.Finding{{Type: "t"}}}},
		{"skipped", record.Object{URI: "s3://b/enc.zip", Source: "s3", Skipped: record.SkipEncrypted, Risk: 1},
			record.Object{URI: "s3://b/enc.zip", Source: "s3", Skipped: record.SkipEncrypted, Risk: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put(t, db, tt.in)
			got := get(t, db, tt.in.URI)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Object(%q) mismatch (-want +got):\n%s", tt.in.URI, diff)
			}
			if got.ScannedAt.Location() != time.UTC || got.LastModified.Location() != time.UTC {
				t.Errorf("Object(%q) times not in UTC: %v, %v", tt.in.URI, got.LastModified, got.ScannedAt)
			}
		})
	}
}

func testPutTwice(t *testing.T, dsn string) {
	db := open(t, dsn)
	o := fullRecord("s3://bucket/twice.csv")
	put(t, db, o)
	put(t, db, o)
	if got := count(t, db, "SELECT count(*) FROM objects"); got != 1 {
		t.Errorf("objects after putting one record twice = %d, want 1", got)
	}
	if got := count(t, db, "SELECT count(*) FROM findings"); got != len(o.Findings) {
		t.Errorf("findings after putting one record twice = %d, want %d", got, len(o.Findings))
	}
	if diff := cmp.Diff(stored(o), get(t, db, o.URI)); diff != "" {
		t.Errorf("Object after second put mismatch (-want +got):\n%s", diff)
	}
}

func testReplaceOnChange(t *testing.T, dsn string) {
	db := open(t, dsn)
	o := fullRecord("s3://bucket/change.csv")
	put(t, db, o)
	changed := o
	changed.ETag, changed.Size, changed.Risk = `"new"`, 10, 5
	changed.Findings = []record.Finding{{Type: "email_address", Category: "personal", Method: record.MethodPII,
		Risk: 5, Count: 3, Sample: "a***@b.c"}}
	changed.Classes = nil
	put(t, db, changed)
	if diff := cmp.Diff(stored(changed), get(t, db, o.URI)); diff != "" {
		t.Errorf("Object after change mismatch (-want +got):\n%s", diff)
	}
	if got := count(t, db, "SELECT count(*) FROM findings WHERE uri = ?", o.URI); got != 1 {
		t.Errorf("findings rows after replacing 3 findings with 1 = %d, want 1", got)
	}
}

func testLastWins(t *testing.T, dsn string) {
	db := open(t, dsn)
	first, last := fullRecord("s3://bucket/dup.csv"), fullRecord("s3://bucket/dup.csv")
	last.Risk, last.Findings = 1, nil
	put(t, db, first, fullRecord("s3://bucket/other.csv"), last)
	if diff := cmp.Diff(stored(last), get(t, db, last.URI)); diff != "" {
		t.Errorf("Object of a URI put twice in one call mismatch (-want +got):\n%s", diff)
	}
	if got := count(t, db, "SELECT count(*) FROM objects"); got != 2 {
		t.Errorf("objects = %d, want 2", got)
	}
}

func testBadRecord(t *testing.T, dsn string) {
	db := open(t, dsn)
	badKey := fullRecord("file:///tmp/bad\xff.csv")
	nul := fullRecord("s3://bucket/nul.csv")
	nul.Findings[0].Occurrences[0].Part = "a\x00b"
	tests := []struct {
		name string
		obj  record.Object
		want string // in the error
	}{
		{"invalid UTF-8", badKey, `"file:///tmp/bad\xff.csv": uri`},
		{"NUL in occurrence", nul, `"s3://bucket/nul.csv": findings[0].occurrences`},
		{"empty URI", record.Object{}, "empty uri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			good := fullRecord("s3://bucket/good-" + strings.ReplaceAll(tt.name, " ", "-"))
			err := db.PutObjects(t.Context(), []record.Object{good, tt.obj})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PutObjects(%s) error = %v, want one containing %q", tt.name, err, tt.want)
			}
			if _, err := db.Object(t.Context(), good.URI); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("good record of a failed batch: Object error = %v, want ErrNotFound", err)
			}
		})
	}
}

func testNotFound(t *testing.T, dsn string) {
	db := open(t, dsn)
	_, err := db.Object(t.Context(), "s3://bucket/missing")
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Object(missing) error = %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "s3://bucket/missing") {
		t.Errorf("Object(missing) error %q does not name the URI", err)
	}
}

func testScanned(t *testing.T, dsn string) {
	db := open(t, dsn)
	o := fullRecord("s3://bucket/scanned.csv")
	put(t, db, o)
	tests := []struct {
		name     string
		uri      string
		wantETag string
		wantSize int64
		wantOK   bool
	}{
		{"stored", o.URI, o.ETag, o.Size, true},
		{"missing", "s3://bucket/nope", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			etag, size, ok, err := db.Scanned(t.Context(), tt.uri)
			if err != nil {
				t.Fatalf("Scanned(%q): %v", tt.uri, err)
			}
			if etag != tt.wantETag || size != tt.wantSize || ok != tt.wantOK {
				t.Errorf("Scanned(%q) = %q, %d, %v; want %q, %d, %v",
					tt.uri, etag, size, ok, tt.wantETag, tt.wantSize, tt.wantOK)
			}
		})
	}
}

func testObjects(t *testing.T, dsn string) {
	db := open(t, dsn)
	// More than one page, put in reverse order, with URIs whose bytewise
	// order differs from a locale's ("B" < "a" < "é").
	var want []string
	var objs []record.Object
	for i := 599; i >= 0; i-- {
		o := record.Object{URI: fmt.Sprintf("s3://b/%03d", i), Risk: 1,
			Findings: []record.Finding{{Type: "t", Count: i}}}
		objs = append(objs, o)
	}
	for _, u := range []string{"s3://c/B", "s3://c/a", "s3://c/é"} {
		objs = append(objs, record.Object{URI: u, Risk: 1})
	}
	put(t, db, objs...)
	for i := range 600 {
		want = append(want, fmt.Sprintf("s3://b/%03d", i))
	}
	want = append(want, "s3://c/B", "s3://c/a", "s3://c/é")

	var got []string
	err := db.Objects(t.Context(), func(o record.Object) error {
		got = append(got, o.URI)
		if len(got)%100 == 1 {
			return sameAsObject(t.Context(), db, o) // fn may use db
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Objects: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Objects order mismatch (-want +got):\n%s", diff)
	}
}

// sameAsObject checks that o, as given by Objects, equals what Object reads.
func sameAsObject(ctx context.Context, db *store.DB, o record.Object) error {
	again, err := db.Object(ctx, o.URI)
	if err != nil {
		return err
	}
	if diff := cmp.Diff(again, o); diff != "" {
		return fmt.Errorf("objects and object disagree on %s (-Object +Objects):\n%s", o.URI, diff)
	}
	return nil
}

func testObjectsError(t *testing.T, dsn string) {
	db := open(t, dsn)
	put(t, db, record.Object{URI: "s3://b/1"}, record.Object{URI: "s3://b/2"})
	stop := errors.New("stop")
	calls := 0
	err := db.Objects(t.Context(), func(record.Object) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Objects with failing fn: error %v after %d calls, want %v after 1", err, calls, stop)
	}
}

func testHashKey(t *testing.T, dsn string) {
	db := open(t, dsn)
	k1, err := db.HashKey(t.Context())
	if err != nil {
		t.Fatalf("HashKey: %v", err)
	}
	if len(k1) != store.HashKeySize || strings.Count(string(k1), "\x00") == len(k1) {
		t.Fatalf("HashKey = %x, want %d random bytes", k1, store.HashKeySize)
	}
	k1[0] ^= 0xff // callers get copies
	k2, err := db.HashKey(t.Context())
	if err != nil {
		t.Fatalf("HashKey again: %v", err)
	}
	k1[0] ^= 0xff
	if diff := cmp.Diff(k1, k2); diff != "" {
		t.Errorf("second HashKey mismatch (-first +second):\n%s", diff)
	}
	other := open(t, dsn)
	k3, err := other.HashKey(t.Context())
	if err != nil {
		t.Fatalf("HashKey after reopen: %v", err)
	}
	if diff := cmp.Diff(k1, k3); diff != "" {
		t.Errorf("HashKey after reopen mismatch (-first +reopened):\n%s", diff)
	}
}

func testReopen(t *testing.T, dsn string) {
	db := open(t, dsn)
	o := fullRecord("s3://bucket/keep.csv")
	put(t, db, o)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	again := open(t, dsn)
	if diff := cmp.Diff(stored(o), get(t, again, o.URI)); diff != "" {
		t.Errorf("Object after reopen mismatch (-want +got):\n%s", diff)
	}
}

// testConcurrentPuts puts overlapping batches from 4 goroutines through two
// handles on the same store, as two processes would.
func testConcurrentPuts(t *testing.T, dsn string) {
	db := open(t, dsn)
	handles := []*store.DB{db, open(t, dsn)}
	const workers, rounds, perBatch = 4, 5, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				// Half the URIs are shared by all workers, half are the
				// worker's own; every put replaces findings.
				batch := make([]record.Object, 0, perBatch)
				for i := range perBatch {
					uri := fmt.Sprintf("s3://shared/%03d", i)
					if i%2 == 1 {
						uri = fmt.Sprintf("s3://w%d/%03d", w, i)
					}
					o := fullRecord(uri)
					o.Risk = r + 1
					batch = append(batch, o)
				}
				errs <- handles[w%2].PutObjects(t.Context(), batch)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent PutObjects: %v", err)
		}
	}
	wantObjects := perBatch/2 + workers*perBatch/2
	if got := count(t, db, "SELECT count(*) FROM objects"); got != wantObjects {
		t.Errorf("objects = %d, want %d", got, wantObjects)
	}
	if got, want := count(t, db, "SELECT count(*) FROM findings"), wantObjects*len(fullRecord("").Findings); got != want {
		t.Errorf("findings = %d, want %d (not accumulated)", got, want)
	}
}

// OnEachEngine runs fn on a new, empty store of each engine: a SQLite file
// in t.TempDir and a PostgreSQL schema of its own (skipped, or failed under
// MAMORI_REQUIRE_SERVICES=1, when PostgreSQL is unreachable).
func OnEachEngine(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	engines := []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{store.SQLite, func(t *testing.T) string { return filepath.Join(t.TempDir(), "mamori.db") }},
		{store.Postgres, func(t *testing.T) string { return testenv.Postgres(t) }},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			db, err := store.Open(t.Context(), e.dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			fn(t, db)
		})
	}
}
