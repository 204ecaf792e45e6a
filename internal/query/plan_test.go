package query_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
)

// TestEstimatePlans checks that both plans Select chooses between for an
// array equality return the same rows, and that Estimate picks the scan
// in the default order only when matches are many.
func TestEstimatePlans(t *testing.T) {
	db := perfDB(t, filepath.Join(t.TempDir(), "plans.db"), 2000, 0)
	for _, tc := range []struct {
		q       string
		inOrder bool // with the default sort and --limit 10
	}{
		{"pii_types:us_ssn", true},         // 5 % of the objects
		{"pii_types:EMAIL_ADDRESS", true},  // 10 %, upper case
		{"types:credit_card_number", true}, // 5 %, all methods
		{"pii_types:nothing", false},
		{"pii_types:us_ssn AND bucket:bucket-3", false}, // not one term
	} {
		q, err := query.ParseCompile(tc.q, "s3_objects", db.Dialect(), perfNow)
		if err != nil {
			t.Fatal(err)
		}
		def := query.Sort{Field: q.Index.Sort, Desc: true}
		if q.InOrder(def, 10) {
			t.Errorf("%s: reads in order before Estimate", tc.q)
		}
		if err := q.Estimate(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		if got := q.InOrder(def, 10); got != tc.inOrder {
			t.Errorf("%s: Estimate chose in order = %v, want %v", tc.q, got, tc.inOrder)
		}
		for _, s := range []query.Sort{def, {Field: "dlp_risk"}, {Field: "key", Desc: true}} {
			for _, limit := range []int{0, 1, 10, 100, 5000} {
				byKey, inOrder := q.SelectBoth(s, limit)
				if inOrder == "" {
					if tc.inOrder {
						t.Errorf("%s: no in-order plan", tc.q)
					}
					continue
				}
				if want := s == def && limit > 0; strings.Contains(inOrder, "WHERE +") != want {
					t.Errorf("%s sort %v limit %d: in-order plan %q, want unary + %v", tc.q, s, limit, inOrder, want)
				}
				if s == def && limit > 0 {
					// The in-order plan reads the whole default order from
					// objects_risk_uri (migration 0010), with no sort.
					plan := strings.Join(queryLines(t, db, "EXPLAIN QUERY PLAN "+inOrder, q.Args), "\n")
					if !strings.Contains(plan, "objects_risk_uri") || strings.Contains(plan, "TEMP B-TREE") {
						t.Errorf("%s limit %d: in-order plan:\n%s", tc.q, limit, plan)
					}
				}
				samePlanRows(t, db, q, byKey, inOrder, tc.inOrder, fmt.Sprintf("%s sort %v limit %d", tc.q, s, limit))
			}
		}
	}
}

// TestEstimatePlansTiers is TestEstimatePlans for user_tier equalities,
// which find their events through the user index.
func TestEstimatePlansTiers(t *testing.T) {
	db := perfDB(t, filepath.Join(t.TempDir(), "plans.db"), 0, 4000)
	for _, tc := range []struct {
		q       string
		inOrder bool // with the default sort and --limit 10
	}{
		{"user_tier:gold", true},               // a quarter of the events
		{"user_tier:(Silver OR bronze)", true}, // half, in any case
		{"user_tier:nothing", false},
		{"user_tier:gold AND event_name:GetObject", false}, // not one term
	} {
		q, err := query.ParseCompile(tc.q, "cloudtrail", db.Dialect(), perfNow)
		if err != nil {
			t.Fatal(err)
		}
		def := query.Sort{Field: q.Index.Sort, Desc: true}
		if err := q.Estimate(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		if got := q.InOrder(def, 10); got != tc.inOrder {
			t.Errorf("%s: Estimate chose in order = %v, want %v", tc.q, got, tc.inOrder)
		}
		for _, s := range []query.Sort{def, {Field: "risk"}, {Field: "user_tier", Desc: true}} {
			for _, limit := range []int{0, 1, 10, 100} {
				byKey, inOrder := q.SelectBoth(s, limit)
				if inOrder == "" {
					if tc.inOrder {
						t.Errorf("%s: no in-order plan", tc.q)
					}
					continue
				}
				// With LIMIT 1 SQLite scans the table and keeps the top row
				// instead, for any filter.
				if s == def && limit > 1 {
					plan := strings.Join(queryLines(t, db, "EXPLAIN QUERY PLAN "+inOrder, q.Args), "\n")
					// The key index (event_time, event_id) gives the whole
					// order: no sort, not even of ties.
					if !strings.Contains(plan, "sqlite_autoindex_cloudtrail_1") || strings.Contains(plan, "cloudtrail_user_nocase") ||
						strings.Contains(plan, "ORDER BY") {
						t.Errorf("%s limit %d: in-order plan:\n%s", tc.q, limit, plan)
					}
					plan = strings.Join(queryLines(t, db, "EXPLAIN QUERY PLAN "+byKey, q.Args), "\n")
					if !strings.Contains(plan, "cloudtrail_user_nocase") {
						t.Errorf("%s limit %d: by-key plan does not use the user index:\n%s", tc.q, limit, plan)
					}
				}
				samePlanRows(t, db, q, byKey, inOrder, tc.inOrder, fmt.Sprintf("%s sort %v limit %d", tc.q, s, limit))
			}
		}
	}
}

// samePlanRows checks that the by-key and in-order statements of q return
// the same rows, and some rows when wantRows.
func samePlanRows(t *testing.T, db *store.DB, q *query.Query, byKey, inOrder string, wantRows bool, what string) {
	t.Helper()
	a := queryLines(t, db, byKey, q.Args)
	b := queryLines(t, db, inOrder, q.Args)
	if len(a) == 0 && wantRows {
		t.Errorf("%s: no rows", what)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("%s: plans differ (-by key +in order):\n%s", what, diff)
	}
}
