package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
)

// dialectObjects are the records the Dialect cases query.
func dialectObjects() []record.Object {
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	return []record.Object{
		{URI: "s3://d/Report.CSV", Key: "Report.CSV", Classes: []string{"data/csv"}, Truncated: true,
			ScannedAt: day.Add(500 * time.Millisecond), Findings: []record.Finding{
				{Type: "email_address", Method: record.MethodPII},
				{Type: "aws_access_key_id", Method: record.MethodRegex},
			}},
		{URI: "s3://d/ÄRGER.txt", Key: "ÄRGER.txt", ScannedAt: day, Findings: []record.Finding{
			{Type: "Limit Distribution Markings", Method: record.MethodTheme},
		}},
		{URI: "s3://d/50%_off[1]*.txt", Key: "50%_off[1]*.txt", ScannedAt: day.Add(24 * time.Hour),
			Findings: []record.Finding{{Type: "credit_card_number", Method: record.MethodPII}}},
	}
}

// testDialect checks that the SQL pieces of store.Dialect select the same
// rows on every engine.
func testDialect(t *testing.T, dsn string) {
	db := open(t, dsn)
	put(t, db, dialectObjects()...)
	for _, tt := range dialectCases() {
		t.Run(tt.name, func(t *testing.T) {
			cond, args := tt.cond(db.Dialect())
			got := selectURIs(t, db, cond, args)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("WHERE %s %q mismatch (-want +got):\n%s", cond, args, diff)
			}
		})
	}
}

type dialectCase struct {
	name string
	cond func(d store.Dialect) (string, []any)
	want []string // URIs, in URI order
}

// dialectCases are conditions on dialectObjects and the URIs they select.
func dialectCases() []dialectCase {
	const (
		report = "s3://d/Report.CSV"
		arger  = "s3://d/ÄRGER.txt"
		off    = "s3://d/50%_off[1]*.txt"
	)
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	return []dialectCase{
		{"pii_types contains", contains("pii_types", "email_address"), []string{report}},
		{"pii_types has only pii methods", contains("pii_types", "aws_access_key_id"), nil},
		{"types has every method", contains("types", "aws_access_key_id"), []string{report}},
		{"types contains theme", contains("types", "Limit Distribution Markings"), []string{arger}},
		{"array wildcard", func(d store.Dialect) (string, []any) {
			var arg string
			cond := d.ArrayAny("pii_types", func(e string) string {
				c, a := d.Wildcard(e, "*card*")
				arg = a
				return c
			})
			return cond, []any{arg}
		}, []string{off}},
		{"array regexp", func(d store.Dialect) (string, []any) {
			return d.ArrayAny("classes", d.Regexp), []any{"^data/"}
		}, []string{report}},
		{"regexp case-insensitive", func(d store.Dialect) (string, []any) {
			return d.Regexp("key"), []any{`(?i)^report\.`}
		}, []string{report}},
		{"regexp suffix", func(d store.Dialect) (string, []any) {
			return d.Regexp("key"), []any{`\.txt$`}
		}, []string{off, arger}},
		{"wildcard", wildcard("key", "Report.*", false), []string{report}},
		{"wildcard is case-sensitive", wildcard("key", "report.*", false), nil},
		{"wildcard folded", wildcard("key", "äRGER*", true), []string{arger}},
		{"wildcard escapes", wildcard("key", `50%_off[1]\*.txt`, false), []string{off}},
		{"wildcard question mark", wildcard("key", "50?_off*", false), []string{off}},
		{"wildcard literal underscore", wildcard("key", "5_*", false), nil},
		{"fold equals", func(d store.Dialect) (string, []any) {
			return d.Fold("key") + " = ?", []any{strings.ToLower("ÄRGER.TXT")}
		}, []string{arger}},
		{"time after", func(d store.Dialect) (string, []any) {
			return "scanned_at > ?", []any{d.Time(day)}
		}, []string{off, report}},
		{"time at fraction", func(d store.Dialect) (string, []any) {
			return "scanned_at >= ?", []any{d.Time(day.Add(500 * time.Millisecond))}
		}, []string{off, report}},
		{"bool", func(store.Dialect) (string, []any) { return "truncated = ?", []any{true} }, []string{report}},
		{"posture unset", func(store.Dialect) (string, []any) {
			return "public IS NULL AND encrypted IS NULL", nil
		}, []string{off, report, arger}},
	}
}

func contains(col, value string) func(d store.Dialect) (string, []any) {
	return func(d store.Dialect) (string, []any) { return d.ArrayContains(col), []any{value} }
}

func wildcard(col, pattern string, fold bool) func(d store.Dialect) (string, []any) {
	return func(d store.Dialect) (string, []any) {
		if fold {
			col, pattern = d.Fold(col), strings.ToLower(pattern)
		}
		cond, arg := d.Wildcard(col, pattern)
		return cond, []any{arg}
	}
}

// selectURIs returns the URIs of the objects matching cond, in URI order.
func selectURIs(t *testing.T, db *store.DB, cond string, args []any) []string {
	t.Helper()
	rows, err := db.Query(t.Context(), "SELECT uri FROM objects WHERE "+cond+" ORDER BY uri", args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var uris []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		uris = append(uris, u)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return uris
}
