package query_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// scriptNow is the time date math counts from in scripts.
var scriptNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// TestScripts runs the scripts in testdata/*.txt (in the style of
// Prometheus' promqltest) on SQLite and on PostgreSQL. A script is a list
// of commands, each a line at the left margin followed by indented lines:
//
//	load INDEX          rows, one JSON object of column values per line;
//	                    a Via field's value (user_tier) goes to its table
//	eval INDEX QUERY    the ids of the matching rows, any order
//	countby INDEX FIELD QUERY  "value count" per value, largest first
//	ast QUERY           the canonical form of the parsed query
//	sql DIALECT INDEX QUERY   the WHERE condition, then "args: JSON"
//	error INDEX QUERY   the exact error message
//
// Lines starting with # are comments.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata: %v", err)
	}
	engines := map[string]func(t *testing.T) string{
		store.SQLite: func(t *testing.T) string { return filepath.Join(t.TempDir(), "q.db") },
		store.Postgres: func(t *testing.T) string {
			return testenv.Postgres(t)
		},
	}
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			for _, file := range files {
				t.Run(filepath.Base(file), func(t *testing.T) {
					t.Parallel()
					dsn := engines[engine](t)
					db, err := store.Open(t.Context(), dsn)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { db.Close() })
					runScript(t, db, file)
				})
			}
		})
	}
}

// command is one command of a script with its indented lines.
type command struct {
	line int
	text string
	body []string
}

func readScript(t *testing.T, file string) []command {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds []command
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
			if len(cmds) == 0 {
				t.Fatalf("%s:%d: indented line before any command", file, n)
			}
			cmds[len(cmds)-1].body = append(cmds[len(cmds)-1].body, strings.TrimSpace(line))
		default:
			cmds = append(cmds, command{line: n, text: line})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cmds
}

// update rewrites the expectations of the scripts from the results.
var update = flag.Bool("update", false, "rewrite the expected results in testdata/*.txt (from the SQLite run)")

func runScript(t *testing.T, db *store.DB, file string) {
	cmds := readScript(t, file)
	rewrite := *update && db.Dialect().Name() == store.SQLite
	for i, c := range cmds {
		verb, rest, _ := strings.Cut(c.text, " ")
		where := fmt.Sprintf("%s:%d", filepath.Base(file), c.line)
		var got []string
		switch verb {
		case "load":
			loadRows(t, db, where, rest, c.body)
			continue
		case "eval":
			index, q, _ := strings.Cut(rest, " ")
			got = evalRows(t, db, where, index, q)
		case "countby":
			index, rest, _ := strings.Cut(rest, " ")
			field, q, _ := strings.Cut(rest, " ")
			got = countBy(t, db, where, index, field, q)
		case "ast":
			got = parseAST(rest)
		case "sql":
			dialect, rest, _ := strings.Cut(rest, " ")
			if dialect != db.Dialect().Name() {
				continue
			}
			index, q, _ := strings.Cut(rest, " ")
			got = compileSQL(db.Dialect(), index, q)
		case "error":
			index, q, _ := strings.Cut(rest, " ")
			got = compileError(db.Dialect(), index, q)
		default:
			t.Fatalf("%s: unknown command %q", where, verb)
		}
		if rewrite {
			cmds[i].body = got
			continue
		}
		want := c.body
		if verb == "eval" {
			want, got = sortedIDs(want), sortedIDs(got)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: %s mismatch (-want +got):\n%s", where, c.text, diff)
		}
	}
	if rewrite {
		writeScript(t, file, cmds)
	}
}

// writeScript writes the scripts' commands back with their new bodies,
// keeping comments and blank lines.
func writeScript(t *testing.T, file string, cmds []command) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	var out []string
	next := 0
	for n := 1; n <= len(lines); n++ {
		line := lines[n-1]
		if next < len(cmds) && cmds[next].line == n {
			out = append(out, line)
			for _, l := range cmds[next].body {
				out = append(out, "  "+l)
			}
			next++
			continue
		}
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				continue // an old body line
			}
		}
		out = append(out, line)
	}
	if err := os.WriteFile(file, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sortedIDs sorts row ids, with "(none)" standing for no rows.
func sortedIDs(ids []string) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == "(none)" })
	slices.Sort(out)
	return out
}

// tableDefaults are the values of the NOT NULL columns without a default,
// so fixture rows name only what a test is about.
func tableDefaults(table string) map[string]any {
	switch table {
	case "objects":
		return map[string]any{"source": "s3", "bucket": "", "key": "", "size": 0, "etag": "",
			"content_type": "", "extension": "", "classes": []any{}, "themes": []any{}, "risk": 1,
			"pii_impact": "none", "pii_types": []any{}, "types": []any{}, "skipped": "", "error": "",
			"truncated": false, "bytes_scanned": 0}
	case "cloudtrail":
		return map[string]any{"event_name": "GetObject", "event_source": "s3.amazonaws.com"}
	case "sessions":
		return map[string]any{"window_end": "2026-06-01T00:05:00Z"}
	}
	return map[string]any{}
}

func loadRows(t *testing.T, db *store.DB, where, index string, lines []string) {
	t.Helper()
	ix, err := query.Lookup(index)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, line := range lines {
		row := tableDefaults(ix.Table)
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("%s: row %s: %v", where, line, err)
		}
		loadVia(t, db, where, ix, row)
		cols, marks, args := rowArgs(t, db.Dialect(), ix, row)
		stmt := "INSERT INTO " + ix.Table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
		if err := db.Exec(t.Context(), stmt, args...); err != nil {
			t.Fatalf("%s: row %s: %v", where, line, err)
		}
		if ix.Table == "objects" {
			loadFindings(t, db, where, row)
		}
	}
	if ix.Table == "cloudtrail" {
		// Rows written with Exec leave the daily counts behind.
		if err := db.RebuildTrailRollup(t.Context()); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
	}
}

// loadVia stores the values of Via fields of a fixture row (user_tier) in
// their tables, by the row's key, and takes them out of the row.
func loadVia(t *testing.T, db *store.DB, where string, ix *query.Index, row map[string]any) {
	t.Helper()
	for _, f := range ix.Fields {
		v, ok := row[f.Name]
		if f.Via == nil || !ok {
			continue
		}
		delete(row, f.Name)
		key, _ := ix.Field(f.Via.KeyField)
		stmt := "INSERT INTO " + f.Via.Table + " (" + f.Via.Key + ", " + f.Via.Column + ") VALUES (?, ?) " +
			"ON CONFLICT (" + f.Via.Key + ") DO UPDATE SET " + f.Via.Column + " = excluded." + f.Via.Column
		if err := db.Exec(t.Context(), stmt, row[strings.Trim(key.Column, `"`)], v); err != nil {
			t.Fatalf("%s: %s of %v: %v", where, f.Name, row, err)
		}
	}
}

// loadFindings adds the findings rows PutObjects would have written for a
// fixture object: one per element of types, with method pii for those also
// in pii_types.
func loadFindings(t *testing.T, db *store.DB, where string, row map[string]any) {
	t.Helper()
	strs := func(k string) []string {
		var out []string
		for _, v := range row[k].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	pii := strs("pii_types")
	types := strs("types")
	for _, p := range pii {
		if !slices.Contains(types, p) {
			types = append(types, p)
		}
	}
	for i, typ := range types {
		method := "regex"
		if slices.Contains(pii, typ) {
			method = "pii"
		}
		err := db.Exec(t.Context(), "INSERT INTO findings (uri, ord, type, category, method, risk, count, sample, occurrences) "+
			"VALUES (?, ?, ?, '', ?, 1, 1, '', '[]')", row["uri"], i, typ, method)
		if err != nil {
			t.Fatalf("%s: findings of %v: %v", where, row["uri"], err)
		}
	}
}

// rowArgs converts a fixture row into columns and arguments: arrays become
// JSON text, date fields times, numbers integers.
func rowArgs(t *testing.T, d store.Dialect, ix *query.Index, row map[string]any) (cols, marks []string, args []any) {
	t.Helper()
	keys := make([]string, 0, len(row))
	for k := range row {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := row[k]
		var f query.Field
		for _, cand := range ix.Fields {
			if strings.Trim(cand.Column, `"`) == k {
				f = cand
			}
		}
		switch x := v.(type) {
		case []any:
			b, _ := json.Marshal(x)
			v = string(b)
		case float64:
			v = int64(x)
		case string:
			if f.Type == query.TypeDate {
				tm, err := time.Parse(time.RFC3339Nano, x)
				if err != nil {
					t.Fatalf("column %s: %v", k, err)
				}
				v = d.Time(tm)
			}
		}
		cols = append(cols, `"`+k+`"`)
		marks = append(marks, "?")
		args = append(args, v)
	}
	return cols, marks, args
}

// evalRows returns the ids of the rows the query matches, "(none)" for
// none, or the error.
func evalRows(t *testing.T, db *store.DB, where, index, src string) []string {
	t.Helper()
	q, err := query.ParseCompile(src, index, db.Dialect(), scriptNow)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	ix := q.Index
	stmt, args := q.Select(query.Sort{Field: ix.ID[0]}, 0)
	rows, err := db.Query(context.Background(), stmt, args...)
	if err != nil {
		t.Fatalf("%s: %s: %v\n%s", where, src, err, stmt)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		r, err := q.Scan(rows)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		got = append(got, rowID(ix, r))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	// Counting may compile the query differently (ORs as unions on
	// SQLite): it must count the rows the query reads.
	cstmt, cargs := q.Count()
	crows, err := db.Query(context.Background(), cstmt, cargs...)
	if err != nil {
		t.Fatalf("%s: %s: count: %v\n%s", where, src, err, cstmt)
	}
	var n int
	for crows.Next() {
		if err := crows.Scan(&n); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
	}
	crows.Close()
	if n != len(got) {
		t.Errorf("%s: %s: counted %d rows, read %d\n%s", where, src, n, len(got), cstmt)
	}
	if len(got) == 0 {
		return []string{"(none)"}
	}
	return got
}

// countBy returns the lines "value count" of a count-by, largest first.
func countBy(t *testing.T, db *store.DB, where, index, field, src string) []string {
	t.Helper()
	q, err := query.ParseCompile(src, index, db.Dialect(), scriptNow)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	stmt, args, err := q.CountBy(field, 0)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	rows, err := db.Query(context.Background(), stmt, args...)
	if err != nil {
		t.Fatalf("%s: %s: %v\n%s", where, src, err, stmt)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		b, err := q.ScanBucket(rows, field)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		v := fmt.Sprint(b.Value)
		if b.Value == "" {
			v = `""`
		}
		got = append(got, fmt.Sprintf("%s %d", v, b.Count))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	return got
}

// rowID joins the id fields of a row with spaces; times are RFC 3339.
func rowID(ix *query.Index, r query.Row) string {
	var parts []string
	for _, id := range ix.ID {
		switch v := r.Get(id).(type) {
		case time.Time:
			parts = append(parts, v.Format(time.RFC3339))
		default:
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, " ")
}

func parseAST(src string) []string {
	n, err := query.Parse(src)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	return []string{n.String()}
}

func compileSQL(d store.Dialect, index, src string) []string {
	q, err := query.ParseCompile(src, index, d, scriptNow)
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	args, _ := json.Marshal(q.Args)
	return []string{q.Where, "args: " + string(args)}
}

func compileError(d store.Dialect, index, src string) []string {
	if _, err := query.ParseCompile(src, index, d, scriptNow); err != nil {
		return []string{err.Error()}
	}
	return []string{"<nil>"}
}
