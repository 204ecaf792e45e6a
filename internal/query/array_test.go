package query_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

// TestArrayFields checks that pii_types:x and types:x, which SQLite
// answers from the findings table, match exactly the objects whose stored
// arrays hold x, on objects written by PutObjects (replaced ones too).
func TestArrayFields(t *testing.T) {
	storetest.OnEachEngine(t, func(t *testing.T, db *store.DB) {
		checkArrayFields(t, db)
	})
}

func checkArrayFields(t *testing.T, db *store.DB) {
	rng := rand.New(rand.NewPCG(3, 4))
	types := []string{"email_address", "us_ssn", "aws_access_key", "credit_card_number"}
	methods := []string{record.MethodPII, record.MethodRegex, record.MethodCustom}
	for round := range 2 { // the second round replaces half the objects
		var objs []record.Object
		for i := range 60 {
			if round == 1 && i%2 == 0 {
				continue
			}
			o := record.Object{URI: fmt.Sprintf("s3://b/o%02d", i), Source: "s3", Bucket: "b", Key: fmt.Sprintf("o%02d", i), Risk: 1 + i%10}
			for range rng.IntN(4) {
				o.Findings = append(o.Findings, record.Finding{Type: types[rng.IntN(len(types))],
					Method: methods[rng.IntN(len(methods))], Count: 1, Risk: 1})
			}
			objs = append(objs, o)
		}
		if err := db.PutObjects(t.Context(), objs); err != nil {
			t.Fatal(err)
		}
	}
	d := db.Dialect()
	for _, field := range []string{"pii_types", "types"} {
		for _, typ := range append(types, "absent") {
			q, err := query.ParseCompile(field+":"+typ, "s3_objects", d, scriptNow)
			if err != nil {
				t.Fatal(err)
			}
			got := queryLines(t, db, "SELECT uri FROM objects WHERE "+q.Where+" ORDER BY uri", q.Args)
			// The array itself, element by element.
			want := queryLines(t, db, "SELECT uri FROM objects WHERE "+
				d.ArrayAny(field, func(e string) string { return e + " = ?" })+" ORDER BY uri", []any{typ})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s:%s (%s) differs from the arrays (-arrays +query):\n%s", field, typ, q.Where, diff)
			}
			if typ != "absent" && len(want) == 0 {
				t.Errorf("%s:%s matches nothing; the data tests nothing", field, typ)
			}
			if d.Name() == store.SQLite && !strings.Contains(q.Where, "findings") {
				t.Errorf("%s:%s on SQLite does not use the findings table: %s", field, typ, q.Where)
			}
		}
	}
}
