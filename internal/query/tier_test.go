package query_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

// TestUserTier checks, on both engines, that the user_tier field reads the
// tier of each event's user from user_tiers, and that the equalities
// compiled to conditions on "user" select the rows whose tier (read per
// row) matches.
func TestUserTier(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		putRandomEvents(t, db)
		tiers, err := db.UserTiers(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		checkTierRows(t, db, tiers)
		ix, _ := query.Lookup("cloudtrail")
		f, _ := ix.Field("user_tier")
		for _, tt := range []struct{ q, where string }{
			{"user_tier:gold", "mamori_fold(" + f.Column + ") = 'gold'"},
			{"user_tier:PLATINUM", "mamori_fold(" + f.Column + ") = 'platinum'"},
			{"user_tier:(silver OR bronze)", "mamori_fold(" + f.Column + ") IN ('silver', 'bronze')"},
			{"user_tier:gold AND event_name:GetObject", "mamori_fold(" + f.Column + ") = 'gold' AND event_name = 'GetObject'"},
			{"NOT user_tier:platinum", "mamori_fold(" + f.Column + ") <> 'platinum'"},
			{"user_tier:\"\"", f.Column + " = ''"},
		} {
			where := tt.where
			if db.Dialect().Name() == store.Postgres {
				where = replaceFold(where)
			}
			want := eventIDs(t, db, "SELECT event_id FROM cloudtrail WHERE "+where+" ORDER BY event_id", nil)
			if len(want) == 0 {
				t.Errorf("%s: no events; the case tests nothing", tt.q)
			}
			q, err := query.ParseCompile(tt.q, "cloudtrail", db.Dialect(), rollupNow)
			if err != nil {
				t.Fatal(err)
			}
			got := eventIDs(t, db, "SELECT event_id FROM cloudtrail WHERE "+q.Where+" ORDER BY event_id", q.Args)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", tt.q, diff)
			}
		}
	})
}

// checkTierRows checks the user_tier of every row Select returns.
func checkTierRows(t *testing.T, db *store.DB, tiers map[string]string) {
	t.Helper()
	q, err := query.ParseCompile("*", "cloudtrail", db.Dialect(), rollupNow)
	if err != nil {
		t.Fatal(err)
	}
	stmt, args := q.Select(query.Sort{Field: "event_id"}, 0)
	rows, err := db.Query(t.Context(), stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		r, err := q.Scan(rows)
		if err != nil {
			t.Fatal(err)
		}
		user, _ := r.Get("user").(string)
		if got, want := r.Get("user_tier"), tiers[user]; got != want {
			t.Errorf("event %v of %s: user_tier = %#v, want %q", r.Get("event_id"), user, got, want)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no rows")
	}
}

// replaceFold writes mamori_fold(x) as PostgreSQL's lower(x).
func replaceFold(s string) string {
	return strings.ReplaceAll(s, "mamori_fold(", "lower(")
}

func eventIDs(t *testing.T, db *store.DB, stmt string, args []any) []string {
	t.Helper()
	rows, err := db.Query(t.Context(), stmt, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stmt)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
