package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

func TestBuckets(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		testBuckets(t, db)
		testScanState(t, db)
		testCheckpoints(t, db)
	})
}

func boolp(b bool) *bool { return &b }

func testBuckets(t *testing.T, db *store.DB) {
	ctx := t.Context()
	objs := []record.Object{
		{URI: "s3://pub/a.csv", Source: "s3", Bucket: "pub", Key: "a.csv", Risk: 8,
			Findings: []record.Finding{{Type: "email_address", Method: record.MethodPII, Risk: 5, Count: 1}}},
		{URI: "s3://pub/b.txt", Source: "s3", Bucket: "pub", Key: "b.txt", Risk: 1},
		{URI: "s3://pub/c.txt", Source: "s3", Bucket: "pub", Key: "c.txt", Risk: 1, Error: "read failed"},
	}
	if err := db.PutObjects(ctx, objs); err != nil {
		t.Fatal(err)
	}
	bs := []store.Bucket{
		{Bucket: "pub", PublicRead: boolp(true), PublicWrite: boolp(false), Public: boolp(true), SharedAccounts: []string{"111122223333"},
			Encryption: "AES256", Versioning: "Enabled", BlockPublicAccess: boolp(false), ObjectCount: 3, Size: 10, MaxRisk: 8,
			Sensitivity: 80, Details: `{"owner":"me"}`, UpdatedAt: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)},
		{Bucket: "dark", Encryption: "unknown", Versioning: "unknown"}, // every tri-state unknown
	}
	if err := db.PutBuckets(ctx, bs); err != nil {
		t.Fatal(err)
	}
	if err := db.PutBuckets(ctx, bs); err != nil { // idempotent
		t.Fatal(err)
	}
	rows, err := db.Query(ctx, "SELECT bucket, public_read, public, block_public_access FROM buckets ORDER BY bucket")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type row struct {
		Bucket            string
		PublicRead, Pub   *bool
		BlockPublicAccess *bool
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.Bucket, &r.PublicRead, &r.Pub, &r.BlockPublicAccess); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	want := []row{{"dark", nil, nil, nil}, {"pub", boolp(true), boolp(true), boolp(false)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buckets mismatch (-want +got):\n%s", diff)
	}
	st, err := db.BucketObjects(ctx, "pub")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(store.BucketObjects{Scanned: 2, Sensitive: 1, MaxRisk: 8}, st); diff != "" {
		t.Errorf("BucketObjects mismatch (-want +got):\n%s", diff)
	}
	var public, encrypted *bool
	r, err := db.Query(ctx, "SELECT public, encrypted FROM objects WHERE uri = ?", "s3://pub/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		t.Fatal("object row missing")
	}
	if err := r.Scan(&public, &encrypted); err != nil {
		t.Fatal(err)
	}
	if public == nil || !*public || encrypted == nil || !*encrypted {
		t.Errorf("object public = %v, encrypted = %v; want true, true", public, encrypted)
	}
}

func testScanState(t *testing.T, db *store.DB) {
	ctx := t.Context()
	err := db.PutObjects(ctx, []record.Object{
		{URI: "s3://s/ok", Source: "s3", Bucket: "s", Key: "ok", ETag: "e1", Size: 5},
		{URI: "s3://s/bad", Source: "s3", Bucket: "s", Key: "bad", ETag: "e2", Size: 6, Error: "boom"},
	})
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		ETag         string
		Size         int64
		Failed, Seen bool
	}
	for uri, want := range map[string]state{"s3://s/ok": {"e1", 5, false, true}, "s3://s/bad": {"e2", 6, true, true}, "s3://s/new": {}} {
		etag, size, failed, ok, err := db.ScanState(ctx, uri)
		if err != nil {
			t.Fatal(err)
		}
		if got := (state{etag, size, failed, ok}); got != want {
			t.Errorf("ScanState(%s) = %+v; want %+v", uri, got, want)
		}
	}
}

func testCheckpoints(t *testing.T, db *store.DB) {
	ctx := t.Context()
	if _, ok, err := db.Checkpoint(ctx, "scan s3://b"); err != nil || ok {
		t.Fatalf("Checkpoint before any = %v, %v", ok, err)
	}
	for _, v := range []string{"a/1", "a/2"} {
		if err := db.PutCheckpoint(ctx, "scan s3://b", v); err != nil {
			t.Fatal(err)
		}
	}
	if v, ok, err := db.Checkpoint(ctx, "scan s3://b"); err != nil || !ok || v != "a/2" {
		t.Errorf("Checkpoint = %q, %v, %v; want a/2", v, ok, err)
	}
	if err := db.DeleteCheckpoint(ctx, "scan s3://b"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.Checkpoint(ctx, "scan s3://b"); ok {
		t.Error("checkpoint still there after DeleteCheckpoint")
	}
	if err := db.PutScanRates(ctx, 120.5, 1e6); err != nil {
		t.Fatal(err)
	}
	if o, b, ok, err := db.ScanRates(ctx); err != nil || !ok || o != 120.5 || b != 1e6 {
		t.Errorf("ScanRates = %v, %v, %v, %v", o, b, ok, err)
	}
}
