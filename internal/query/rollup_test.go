package query_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

// TestRollupCounts checks that counts answered from the daily rollup equal
// the same counts over the cloudtrail table, for time ranges with bounds at
// and around midnight, open bounds, --since, and ranges without a whole
// day, on both engines.
func TestRollupCounts(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		putRandomEvents(t, db)
		checkRollupCounts(t, db)
	})
}

// rollupNow is what date math counts from in TestRollupCounts; events
// span the 12 days before it, some exactly at midnight.
var rollupNow = time.Date(2026, 6, 15, 13, 30, 0, 0, time.UTC)

func putRandomEvents(t *testing.T, db *store.DB) {
	rng := rand.New(rand.NewPCG(7, 8))
	var events []store.Event
	for i := range 2000 {
		at := rollupNow.Add(-time.Duration(rng.Int64N(int64(12 * 24 * time.Hour))))
		if i%10 == 0 {
			at = at.Truncate(24 * time.Hour) // midnight UTC
		}
		name := []string{"GetObject", "PutObject", "ConsoleLogin", "AssumeRole"}[rng.IntN(4)]
		ev := store.Event{
			EventID: fmt.Sprintf("e%05d", i), EventTime: at, EventName: name,
			EventSource: "s3.amazonaws.com", User: fmt.Sprintf("1:IAMUser:u%d", rng.IntN(9)),
			UserName: fmt.Sprintf("u%d", rng.IntN(9)), SourceIP: fmt.Sprintf("10.0.%d.%d", rng.IntN(3), rng.IntN(5)),
			Country: []string{"US", "JP", ""}[rng.IntN(3)], ISP: "Comcast", Region: "us-east-1",
		}
		if rng.IntN(5) == 0 {
			ev.ErrorCode, ev.EventNameError = "AccessDenied", name+":AccessDenied"
		}
		events = append(events, ev)
	}
	if err := db.PutEvents(t.Context(), events); err != nil {
		t.Fatal(err)
	}
	// Users u0…u7 have tiers, u8 none; U1 differs from u1 only in case.
	tiers := map[string]string{"1:IAMUser:U1": "platinum"}
	for i := range 8 {
		tiers[fmt.Sprintf("1:IAMUser:u%d", i)] = []string{"platinum", "gold", "silver", "bronze"}[i%4]
	}
	if err := db.SetUserTiers(t.Context(), tiers); err != nil {
		t.Fatal(err)
	}
}

func checkRollupCounts(t *testing.T, db *store.DB) {
	type tc struct {
		q, since string
		rollup   bool // the rollup answers it
	}
	cases := []tc{
		{"*", "", true},
		{"*", "7d", true},
		{"*", "30d", true},
		{"event_time:[now-5d TO now]", "", true},
		{"event_time:[now-5d/d TO now/d]", "", true},
		{"event_time:{now-5d/d TO now/d}", "", true},
		{"event_time:[now-5d/d TO now/d}", "", true},
		{"event_time:{now-5d/d TO now-1d/d]", "", true},
		{"event_time:[2026-06-05 TO 2026-06-10]", "", true},
		{"event_time:2026-06-07", "", true},
		{"event_time:>=2026-06-07 AND event_time:<2026-06-12T06:00", "6d", true},
		{"event_time:<2026-06-09", "", true},
		{"event_time:>2026-06-09T00:00:00Z", "", true},
		{"+event_time:[now-9d TO *] +*", "", true},
		{"event_time:[now-20h TO now]", "", false}, // no whole day
		{"event_time:[now-9d TO now] AND event_name:GetObject", "", false},
		{"event_time:[now-9d TO now] OR event_time:[now-3d TO now]", "", false},
		{"NOT event_time:[now-3d TO now]", "", false},
	}
	for _, c := range cases {
		q, err := query.ParseCompile(c.q, "cloudtrail", db.Dialect(), rollupNow)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if c.since != "" {
			since, err := query.ParseSince(c.since, rollupNow.Add(1234567*time.Nanosecond))
			if err != nil {
				t.Fatal(err)
			}
			q.Since(since)
		}
		name := c.q + " --since " + c.since
		// user_tier is counted by user, from the rollup when it can.
		for _, field := range append(store.TrailRollupFields(), "user_tier") {
			stmt, args, err := q.CountBy(field, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(stmt, store.TrailRollupTable); got != c.rollup {
				t.Errorf("%s, count by %s: rollup used %v, want %v", name, field, got, c.rollup)
			}
			tstmt, targs := q.CountByTable(field, 0)
			want := queryLines(t, db, tstmt, targs)
			if diff := cmp.Diff(want, queryLines(t, db, stmt, args)); diff != "" {
				t.Errorf("%s, count by %s: rollup differs from table (-table +rollup):\n%s", name, field, diff)
			}
			if field == "event_name" && len(want) == 0 && c.q != "event_time:[now-20h TO now]" {
				t.Errorf("%s: no events counted; the case tests nothing", name)
			}
		}
		stmt, args := q.Count()
		tstmt, targs := q.CountTable()
		if diff := cmp.Diff(queryLines(t, db, tstmt, targs), queryLines(t, db, stmt, args)); diff != "" {
			t.Errorf("%s: count from rollup differs from table (-table +rollup):\n%s", name, diff)
		}
	}
}

// queryLines runs a statement and returns its rows as lines of values.
func queryLines(t *testing.T, db *store.DB, stmt string, args []any) []string {
	t.Helper()
	rows, err := db.Query(t.Context(), stmt, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stmt)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
