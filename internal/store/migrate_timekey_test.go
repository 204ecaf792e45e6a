package store

import (
	"testing"
	"time"
)

// TestMigrateTrailTimeKey checks migration 0012 on both engines: the
// events stored before it are kept, the key is (event_time, event_id),
// so storing them again adds nothing and a distinct time is a distinct
// event, and on SQLite the risk index holds risk >= TrailRiskIndexMin
// only.
func TestMigrateTrailTimeKey(t *testing.T) {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, e := range migrationEngines {
		t.Run(e.name, func(t *testing.T) {
			db := openBefore(t, e.dsn(t), 12)
			for i, ev := range []struct {
				id   string
				risk int
			}{{"e1", 2}, {"e2", 9}, {"e3", 5}} {
				err := db.Exec(t.Context(), `INSERT INTO cloudtrail (event_id, event_time, event_name, event_source, risk, "user") `+
					`VALUES (?, ?, 'GetObject', 's3.amazonaws.com', ?, '1:user:alice')`,
					ev.id, db.d.Time(at.Add(time.Duration(i)*time.Second)), ev.risk)
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := db.migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			if err := db.RebuildTrailRollup(t.Context()); err != nil {
				t.Fatal(err)
			}
			count := func(q string) int {
				t.Helper()
				var n int
				if err := db.sql.QueryRowContext(t.Context(), q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := count("SELECT COUNT(*) FROM cloudtrail"); n != 3 {
				t.Fatalf("%d events after migration, want 3", n)
			}
			// The same events again: nothing new. e1 at another time: a
			// new event.
			again := []Event{
				{EventID: "e1", EventTime: at, EventName: "GetObject", EventSource: "s3.amazonaws.com", Risk: 2, User: "1:user:alice"},
				{EventID: "e2", EventTime: at.Add(time.Second), EventName: "GetObject", EventSource: "s3.amazonaws.com", Risk: 9, User: "1:user:alice"},
				{EventID: "e1", EventTime: at.Add(time.Hour), EventName: "PutObject", EventSource: "s3.amazonaws.com", Risk: 3, User: "1:user:alice"},
			}
			if err := db.PutEvents(t.Context(), again); err != nil {
				t.Fatal(err)
			}
			if n := count("SELECT COUNT(*) FROM cloudtrail"); n != 4 {
				t.Errorf("%d events after storing two stored ones and a new one, want 4", n)
			}
			if n := count("SELECT COALESCE(SUM(n), 0) FROM trail_rollup WHERE field = 'event_name'"); n != 4 {
				t.Errorf("rollup counts %d events, want 4", n)
			}
			if db.d.name != SQLite {
				return
			}
			if n := count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cloudtrail_event_time'"); n != 0 {
				t.Error("the event_time index is still there; the key serves time ranges")
			}
			// Only e2 (9) and e3 (5) are in the partial risk index.
			if n := count("SELECT COUNT(*) FROM cloudtrail INDEXED BY cloudtrail_risk WHERE risk >= 5"); n != 2 {
				t.Errorf("risk index holds %d events, want 2", n)
			}
		})
	}
}
