package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
)

const queryHelp = `Usage: mamori query [flags] 'LUCENE QUERY'

Search the metadata stored in --db with Lucene query-parser syntax, as in
Macie Classic's Research tab. Indexes: s3_objects (default), s3_buckets,
cloudtrail, sessions. Examples:

  mamori query 'dlp_risk:>7 AND pii_types:email_address'
  mamori query --index cloudtrail --since 30d 'tor:true AND event_name:ConsoleLogin'
  mamori query --count-by pii_types '*'

A bare term searches the index's default field (s3_objects: key). See
docs/query.md for the fields of each index and the full syntax.

Exit status: 0 ok; 1 runtime error; 2 usage error or a query that does not
parse (the message gives the column and the reason).
`

// queryConfig is everything the query command was asked to do.
type queryConfig struct {
	db, index, format, sort, since, countBy string
	save, saved                             string
	limit, top                              int
	count, listSaved, explain               bool
	query                                   string
	indexSet                                bool
}

func parseQuery(args []string, stdout, stderr io.Writer) (*queryConfig, error) {
	c := &queryConfig{}
	fs := newFlagSet("query", queryHelp, stderr)
	fs.StringVar(&c.db, "db", envDefault("MAMORI_DB", "mamori.db"), "metadata store `DSN`: a SQLite file or postgres://… (env MAMORI_DB)")
	fs.StringVar(&c.index, "index", "s3_objects", "`index` to search: "+strings.Join(query.Indexes(), ", "))
	fs.StringVar(&c.format, "format", "", "output `format`: text, json, jsonl, csv (default text on a terminal, jsonl otherwise)")
	fs.IntVar(&c.limit, "limit", 100, "print at most `N` rows (0 for all)")
	fs.IntVar(&c.top, "top", 0, "Classic's top-N views: 10, 50, 100 or 500 rows (sets --limit)")
	fs.StringVar(&c.sort, "sort", "", "sort by `FIELD` (largest first with -FIELD or FIELD:desc; default: the index's risk or time, largest first)")
	fs.StringVar(&c.since, "since", "all", "only rows of the last `period`: 7d, 30d, 90d, 365d, a date or date math, or all")
	fs.BoolVar(&c.count, "count", false, "print only the number of matching rows")
	fs.StringVar(&c.countBy, "count-by", "", "print the number of matching rows per value of `FIELD`, largest first (limited by --limit)")
	fs.StringVar(&c.save, "save", "", "save the query under `NAME` (with its index), then run it")
	fs.StringVar(&c.saved, "saved", "", "run the query saved under `NAME`")
	fs.BoolVar(&c.listSaved, "list-saved", false, "list the saved queries")
	fs.BoolVar(&c.explain, "explain", false, "print the SQL and its arguments instead of running it")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, usageError{err}
	}
	fs.Visit(func(f *flag.Flag) { c.indexSet = c.indexSet || f.Name == "index" })
	c.query = strings.Join(pos, " ")
	return c, c.validate(stdout)
}

func (c *queryConfig) validate(stdout io.Writer) error {
	switch {
	case c.listSaved:
		return nil
	case c.query == "" && c.saved == "":
		return usagef("query: no QUERY given; try 'mamori query \"dlp_risk:>7\"' or 'mamori query -h'")
	case c.query != "" && c.saved != "":
		return usagef("query: give either a QUERY or --saved %s, not both", c.saved)
	case c.top != 0 && !slices.Contains([]int{10, 50, 100, 500}, c.top):
		return usagef("query: --top %d is not 10, 50, 100 or 500", c.top)
	case c.limit < 0:
		return usagef("query: --limit %d must not be negative", c.limit)
	case c.count && c.countBy != "":
		return usagef("query: give --count or --count-by, not both")
	}
	if _, err := query.Lookup(c.index); err != nil {
		return usagef("query: --index: %v", err)
	}
	if c.top != 0 {
		c.limit = c.top
	}
	if c.format == "" {
		c.format = "jsonl"
		if isTerminal(stdout) {
			c.format = "text"
		}
	}
	if !slices.Contains(query.Formats(), c.format) {
		return usagef("query: --format %q is not text, json, jsonl or csv", c.format)
	}
	return nil
}

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseQuery(args, stdout, stderr)
	if err != nil {
		return exitCode(err, stderr)
	}
	return exitCode(c.run(ctx, stdout, stderr), stderr)
}

func (c *queryConfig) run(ctx context.Context, stdout, stderr io.Writer) error {
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.listSaved {
		return listSaved(ctx, db, stdout, c.format)
	}
	if err := c.resolveSaved(ctx, db); err != nil {
		return err
	}
	q, err := c.compile(db.Dialect(), time.Now())
	if err != nil {
		return err
	}
	if err := q.Estimate(ctx, db); err != nil {
		return err
	}
	if c.save != "" {
		if err := db.SaveQuery(ctx, store.SavedQuery{Name: c.save, Index: c.index, Query: c.query}); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "mamori: saved query %q on %s\n", c.save, c.index)
	}
	stmt, qargs, err := c.statement(q)
	if err != nil {
		return err
	}
	if c.explain {
		fmt.Fprintf(stdout, "%s\n-- args: %v\n", db.Dialect().Rebind(stmt), qargs)
		return nil
	}
	return c.print(ctx, db, q, stmt, qargs, stdout)
}

// resolveSaved replaces --saved NAME with the saved query and its index.
func (c *queryConfig) resolveSaved(ctx context.Context, db *store.DB) error {
	if c.saved == "" {
		return nil
	}
	sq, err := db.SavedQuery(ctx, c.saved)
	if err != nil {
		return err
	}
	if c.indexSet && c.index != sq.Index {
		return usagef("query: saved query %q is on index %s, not --index %s", c.saved, sq.Index, c.index)
	}
	c.index, c.query = sq.Index, sq.Query
	return nil
}

// compile parses and compiles the query, adding --since. A query that does
// not parse is a usage error.
func (c *queryConfig) compile(d store.Dialect, now time.Time) (*query.Query, error) {
	q, err := query.ParseCompile(c.query, c.index, d, now)
	if err != nil {
		return nil, usagef("query %s: %w", c.index, err)
	}
	if c.since != "all" && c.since != "" {
		t, err := query.ParseSince(c.since, now)
		if err != nil {
			return nil, usagef("query: %w", err)
		}
		q.Since(t)
	}
	return q, nil
}

// statement returns the SQL for rows, --count or --count-by.
func (c *queryConfig) statement(q *query.Query) (string, []any, error) {
	switch {
	case c.count:
		stmt, args := q.Count()
		return stmt, args, nil
	case c.countBy != "":
		stmt, args, err := q.CountBy(c.countBy, c.limit)
		if err != nil {
			return "", nil, usagef("query: --%w", err)
		}
		return stmt, args, nil
	}
	s, err := q.Index.ParseSort(c.sort)
	if err != nil {
		return "", nil, usagef("query: --%w", err)
	}
	stmt, args := q.Select(s, c.limit)
	return stmt, args, nil
}

func (c *queryConfig) print(ctx context.Context, db *store.DB, q *query.Query, stmt string, args []any, w io.Writer) error {
	rows, err := db.Query(ctx, stmt, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	switch {
	case c.count:
		var n int64
		if rows.Next() {
			if err := rows.Scan(&n); err != nil {
				return fmt.Errorf("query %s: count: %w", c.index, err)
			}
		}
		fmt.Fprintln(w, strconv.FormatInt(n, 10))
		return rows.Err()
	case c.countBy != "":
		return printBuckets(rows, q, c.countBy, c.format, w)
	}
	return printRows(rows, q, c.format, w)
}

func printRows(rows *sql.Rows, q *query.Query, format string, w io.Writer) error {
	wr, err := query.NewRowWriter(w, format, q.Index)
	if err != nil {
		return err
	}
	for rows.Next() {
		r, err := q.Scan(rows)
		if err != nil {
			return err
		}
		if err := wr.WriteRow(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: %w", q.Index.Name, err)
	}
	return wr.Close()
}

func printBuckets(rows *sql.Rows, q *query.Query, field, format string, w io.Writer) error {
	wr, err := query.NewBucketWriter(w, format)
	if err != nil {
		return err
	}
	for rows.Next() {
		b, err := q.ScanBucket(rows, field)
		if err != nil {
			return err
		}
		if err := wr.WriteBucket(b); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: count by %s: %w", q.Index.Name, field, err)
	}
	return wr.Close()
}

// listSaved prints the saved queries: name, index and query.
func listSaved(ctx context.Context, db *store.DB, w io.Writer, format string) error {
	qs, err := db.SavedQueries(ctx)
	if err != nil {
		return err
	}
	for _, sq := range qs {
		if format == "text" {
			fmt.Fprintf(w, "%s\t%s\t%s\n", sq.Name, sq.Index, sq.Query)
			continue
		}
		b, err := json.Marshal(map[string]any{"name": sq.Name, "index": sq.Index, "query": sq.Query,
			"created_at": sq.CreatedAt})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n", b)
	}
	return nil
}
