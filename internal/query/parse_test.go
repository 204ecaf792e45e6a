package query_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
)

// badQuery is one testdata/bad/*.bad file: the index, the query and the
// exact error, one per line.
type badQuery struct {
	name, index, query, want string
}

func readBad(t testing.TB) []badQuery {
	t.Helper()
	files, err := filepath.Glob("testdata/bad/*.bad")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/bad/*.bad files: %v", err)
	}
	var out []badQuery
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: want 3 lines (index, query, error), got %d", f, len(lines))
		}
		out = append(out, badQuery{filepath.Base(f), lines[0], lines[1], lines[2]})
	}
	return out
}

func sqliteDialect(t testing.TB) store.Dialect {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.Dialect()
}

// TestBadQueries checks that each malformed query is rejected with its
// exact position and message, as a *query.SyntaxError.
func TestBadQueries(t *testing.T) {
	d := sqliteDialect(t)
	for _, tt := range readBad(t) {
		t.Run(tt.name, func(t *testing.T) {
			q, err := query.ParseCompile(tt.query, tt.index, d, scriptNow)
			if err == nil {
				t.Fatalf("ParseCompile(%q) = %q, want error %q", tt.query, q.Where, tt.want)
			}
			var se *query.SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("ParseCompile(%q) error %T, want *query.SyntaxError", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("ParseCompile(%q) error mismatch (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// FuzzQueryParse checks that Parse never panics and returns either an AST
// or a *SyntaxError inside the query; that the canonical form of an AST
// parses to the same canonical form; and that compiling never panics.
func FuzzQueryParse(f *testing.F) {
	for _, b := range readBad(f) {
		f.Add(b.query)
	}
	for _, s := range seedQueries(f) {
		f.Add(s)
	}
	d := sqliteDialect(f)
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1024 {
			return
		}
		n, err := query.Parse(src)
		if err != nil {
			checkSyntaxError(t, src, err)
			return
		}
		canon := n.String()
		n2, err := query.Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse: %v", src, canon, err)
		}
		if got := n2.String(); got != canon {
			t.Fatalf("Parse(%q) = %s, which parses to %s", src, canon, got)
		}
		for _, index := range query.Indexes() {
			ix, _ := query.Lookup(index)
			q, err := query.Compile(n, ix, d, scriptNow)
			if err != nil {
				checkSyntaxError(t, src, err)
				continue
			}
			checkPlaceholders(t, src, q.Where, q.Args)
			stmt, args := q.Count()
			checkPlaceholders(t, src, stmt, args)
			field := ix.Fields[0].Name
			if ix.Rollup != nil {
				field = ix.Rollup.Fields[0]
			}
			stmt, args, err = q.CountBy(field, 10)
			if err != nil {
				t.Fatal(err)
			}
			checkPlaceholders(t, src, stmt, args)
		}
	})
}

// checkPlaceholders checks that stmt has one "?" (outside quotes) per
// argument.
func checkPlaceholders(t *testing.T, src, stmt string, args []any) {
	t.Helper()
	n := 0
	var quote rune
	for _, r := range stmt {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '?':
			n++
		}
	}
	if n != len(args) {
		t.Fatalf("query %q: %d placeholders, %d arguments in %s", src, n, len(args), stmt)
	}
}

func checkSyntaxError(t *testing.T, src string, err error) {
	t.Helper()
	var se *query.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse(%q) error %T %v, want *query.SyntaxError", src, err, err)
	}
	if n := utf8.RuneCountInString(src); se.Pos < 1 || se.Pos > n+1 {
		t.Fatalf("Parse(%q) error at column %d, outside 1..%d: %v", src, se.Pos, n+1, err)
	}
	if se.Msg == "" || strings.Contains(se.Msg, "\n") {
		t.Fatalf("Parse(%q) error message %q is empty or not one line", src, se.Msg)
	}
}

// seedQueries returns the queries of the scripts' eval, ast and error
// commands.
func seedQueries(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.txt")
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			verb, rest, _ := strings.Cut(line, " ")
			switch verb {
			case "eval", "error":
				_, q, _ := strings.Cut(rest, " ")
				out = append(out, q)
			case "ast":
				out = append(out, rest)
			}
		}
	}
	return out
}
