package store_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

// TestTrailRollup checks that the daily counts PutEvents and PurgeEvents
// maintain equal a recount from the stored events, through replaced events,
// duplicate IDs in one batch and a purge in the middle of a day.
func TestTrailRollup(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		rng := rand.New(rand.NewPCG(1, 2))
		start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		event := func(id int) store.Event {
			e := store.Event{
				EventID:     fmt.Sprintf("e%04d", id),
				EventTime:   start.Add(time.Duration(rng.Int64N(int64(10 * 24 * time.Hour)))),
				EventName:   []string{"GetObject", "PutObject", "ConsoleLogin"}[rng.IntN(3)],
				EventSource: "s3.amazonaws.com",
				User:        fmt.Sprintf("1:IAMUser:u%d", rng.IntN(5)),
				SourceIP:    fmt.Sprintf("10.0.0.%d", rng.IntN(7)),
				Country:     []string{"US", "JP", ""}[rng.IntN(3)],
			}
			if rng.IntN(4) == 0 {
				e.ErrorCode = "AccessDenied"
				e.EventNameError = e.EventName + ":AccessDenied"
			}
			return e
		}
		for batch := range 4 {
			var events []store.Event
			for range 150 {
				// IDs repeat across and within batches: replacements.
				events = append(events, event(rng.IntN(300+batch*50)))
			}
			if err := db.PutEvents(t.Context(), events); err != nil {
				t.Fatal(err)
			}
		}
		before := rollupRows(t, db)
		if len(before) == 0 {
			t.Fatal("no rollup rows after PutEvents")
		}
		if err := db.RebuildTrailRollup(t.Context()); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rollupRows(t, db), before); diff != "" {
			t.Errorf("maintained rollup differs from a recount (-recount +maintained):\n%s", diff)
		}
		if _, err := db.PurgeEvents(t.Context(), start.Add(4*24*time.Hour+7*time.Hour)); err != nil {
			t.Fatal(err)
		}
		afterPurge := rollupRows(t, db)
		if err := db.RebuildTrailRollup(t.Context()); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rollupRows(t, db), afterPurge); diff != "" {
			t.Errorf("rollup after purge differs from a recount (-recount +maintained):\n%s", diff)
		}
		if len(afterPurge) >= len(before) {
			t.Errorf("purge left %d of %d rollup rows", len(afterPurge), len(before))
		}
	})
}

// rollupRows returns the rows of the rollup table as "field day value n".
func rollupRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query(t.Context(), "SELECT field, day, value, n FROM "+store.TrailRollupTable+" ORDER BY field, day, value")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var field, day, value string
		var n int64
		if err := rows.Scan(&field, &day, &value, &n); err != nil {
			t.Fatal(err)
		}
		if n <= 0 {
			t.Errorf("rollup row %s %s %q has count %d", field, day, value, n)
		}
		out = append(out, fmt.Sprintf("%s %s %q %d", field, day, value, n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
