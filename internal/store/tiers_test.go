package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

// TestUserTiers checks that tiers are stored once per user, replaced,
// removed by an empty tier, and purged with the last event of their user,
// on both engines.
func TestUserTiers(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		day := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
		events := []store.Event{
			{EventID: "a1", EventTime: day.AddDate(0, -3, 0), EventName: "ListUsers", User: "1:user:alice"},
			{EventID: "b1", EventTime: day.AddDate(0, -3, 0), EventName: "ListUsers", User: "1:user:bob"},
			{EventID: "b2", EventTime: day, EventName: "GetObject", User: "1:user:bob"},
			{EventID: "B1", EventTime: day, EventName: "GetObject", User: "1:user:Carol"},
		}
		if err := db.PutEvents(t.Context(), events); err != nil {
			t.Fatal(err)
		}
		set := func(tiers map[string]string) {
			t.Helper()
			if err := db.SetUserTiers(t.Context(), tiers); err != nil {
				t.Fatalf("SetUserTiers(%v): %v", tiers, err)
			}
		}
		set(map[string]string{"1:user:alice": "gold", "1:user:bob": "silver", "1:user:Carol": "bronze",
			"1:user:carol": "gold", "1:user:dave": "bronze"})
		set(map[string]string{"1:user:bob": "platinum", "1:user:dave": ""}) // replaced, removed
		want := map[string]string{"1:user:alice": "gold", "1:user:bob": "platinum", "1:user:Carol": "bronze",
			"1:user:carol": "gold"}
		checkTiers(t, db, want)
		for user, tier := range map[string]string{"1:user:bob": "platinum", "1:user:carol": "gold", "1:user:dave": "", "": ""} {
			if got, err := db.UserTier(t.Context(), user); got != tier || err != nil {
				t.Errorf("UserTier(%q) = %q, %v; want %q", user, got, err, tier)
			}
		}
		if err := db.SetUserTiers(t.Context(), map[string]string{"1:user:\xff": "gold"}); err == nil {
			t.Error("SetUserTiers accepted invalid UTF-8")
		}
		// Purging alice's only event and one of bob's leaves bob's tier and
		// Carol's; carol (no events, only a case away from Carol's) goes.
		if n, err := db.PurgeEvents(t.Context(), day.AddDate(0, -1, 0)); n != 2 || err != nil {
			t.Fatalf("PurgeEvents = %d, %v; want 2", n, err)
		}
		checkTiers(t, db, map[string]string{"1:user:bob": "platinum", "1:user:Carol": "bronze"})
	})
}

func checkTiers(t *testing.T, db *store.DB, want map[string]string) {
	t.Helper()
	got, err := db.UserTiers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UserTiers mismatch (-want +got):\n%s", diff)
	}
}
