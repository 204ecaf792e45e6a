package store_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

func TestTrailSQLite(t *testing.T) {
	testTrail(t, filepath.Join(t.TempDir(), "m.db"))
}

func TestTrailPostgres(t *testing.T) {
	testTrail(t, testenv.Postgres(t))
}

// testTrail checks the CloudTrail store methods on one engine.
func testTrail(t *testing.T, dsn string) {
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	day := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	events := []store.Event{
		{EventID: "b", EventTime: day, EventName: "GetObject", EventSource: "s3.amazonaws.com", User: "1:user:bob",
			Risk: 3, Bucket: "x", Key: "k", ReadOnly: true, Details: json.RawMessage(`{"a":1}`)},
		{EventID: "a", EventTime: day.Add(time.Minute), EventName: "CreateUser", EventSource: "iam.amazonaws.com",
			User: "1:user:bob", Risk: 8, ErrorCode: "AccessDenied", LongLivedToken: true},
		{EventID: "c", EventTime: day.AddDate(0, -2, 0), EventName: "ListUsers", User: "1:user:old", Risk: 3},
	}
	for range 2 { // the second put stores nothing twice
		if err := db.PutEvents(t.Context(), events); err != nil {
			t.Fatalf("PutEvents: %v", err)
		}
	}
	var got []store.SessionEvent
	err = db.SessionEvents(t.Context(), day, day.Add(time.Hour), func(e store.SessionEvent) error {
		got = append(got, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.SessionEvent{
		{User: "1:user:bob", EventTime: day, EventName: "GetObject", Bucket: "x", Key: "k", Risk: 3},
		{User: "1:user:bob", EventTime: day.Add(time.Minute), EventName: "CreateUser", ErrorCode: "AccessDenied", Risk: 8, LongLivedToken: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SessionEvents mismatch (-want +got):\n%s", diff)
	}
	acts, err := db.UserActivity(t.Context(), []string{"1:user:bob"})
	if err != nil || len(acts) != 2 {
		t.Errorf("UserActivity: %d rows, %v; want 2", len(acts), err)
	}
	days, err := db.ActiveDays(t.Context(), []string{"1:user:bob", "1:user:old"})
	if diff := cmp.Diff(map[string]int64{"1:user:bob": 1, "1:user:old": 1}, days); diff != "" || err != nil {
		t.Errorf("ActiveDays (%v) mismatch (-want +got):\n%s", err, diff)
	}
	if err := db.SetUserTiers(t.Context(), map[string]string{"1:user:bob": "gold"}); err != nil {
		t.Fatal(err)
	}
	if tier, err := db.UserTier(t.Context(), "1:user:bob"); tier != "gold" || err != nil {
		t.Errorf("UserTier = %q, %v; want gold", tier, err)
	}
	s := store.Session{User: "1:user:bob", WindowStart: day, WindowEnd: day.Add(5 * time.Minute), Events: 2, MaxRisk: 8, LongLivedTokens: 1}
	for range 2 {
		if err := db.PutSessions(t.Context(), []store.Session{s}); err != nil {
			t.Fatalf("PutSessions: %v", err)
		}
	}
	f := store.TrailFile{URI: "file:///logs/a.json.gz", Size: 10, Modified: day, Events: 2, IngestedAt: day}
	if err := db.PutTrailFiles(t.Context(), []store.TrailFile{f, f}); err != nil {
		t.Fatal(err)
	}
	gotFile, ok, err := db.TrailFileIngested(t.Context(), f.URI)
	if diff := cmp.Diff(f, gotFile); diff != "" || !ok || err != nil {
		t.Errorf("TrailFileIngested (%v, %v) mismatch (-want +got):\n%s", ok, err, diff)
	}
	if _, ok, _ := db.TrailFileIngested(t.Context(), "file:///other"); ok {
		t.Error("TrailFileIngested found a file never put")
	}
	n, err := db.PurgeEvents(t.Context(), day.AddDate(0, -1, 0))
	if n != 1 || err != nil {
		t.Errorf("PurgeEvents = %d, %v; want 1", n, err)
	}
	newest, err := db.NewestEvent(t.Context())
	if !newest.Equal(day.Add(time.Minute)) || err != nil {
		t.Errorf("NewestEvent = %v, %v", newest, err)
	}
	if err := db.PutEvents(t.Context(), []store.Event{{EventID: "", EventTime: day}}); err == nil {
		t.Error("PutEvents accepted an event without an id")
	}
	if err := db.PutEvents(t.Context(), []store.Event{{EventID: "x", EventTime: day, User: "\xff"}}); err == nil {
		t.Error("PutEvents accepted invalid UTF-8")
	}
}
