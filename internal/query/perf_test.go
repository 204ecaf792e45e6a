package query_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// Environment of BenchmarkQueries.
const (
	// perfDirEnv keeps the generated database in a folder, so later runs
	// reuse it (generating 10M events takes many minutes).
	perfDirEnv = "MAMORI_QUERY_PERF_DIR"
	// perfScaleEnv divides the row counts (1M objects, 10M
	// events): 1 for the full size. The default, 100, is the small run
	// CI can afford: 10k objects and 100k events.
	perfScaleEnv = "MAMORI_QUERY_PERF_SCALE"
)

// perfNow is the time the generated data ends at; queries count from it.
var perfNow = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

// BenchmarkQueries measures research queries on generated SQLite data:
// 1M s3_objects rows and 10M cloudtrail events over 365 days, divided by
// MAMORI_QUERY_PERF_SCALE (default 100). The bars, at full size:
// p50 ≤ 100 ms for indexed equality and range queries, ≤ 1 s for a
// count-by over 30 days. Each sub-benchmark reports the p50 and p95 of
// its runs (use -benchtime 11x) and the rows or count it returned;
// docs/performance.md keeps the full-size figures.
func BenchmarkQueries(b *testing.B) {
	scale := 100
	if s, err := strconv.Atoi(os.Getenv(perfScaleEnv)); err == nil && s > 0 {
		scale = s
	}
	nObjects, nEvents := 1_000_000/scale, 10_000_000/scale
	dir := os.Getenv(perfDirEnv)
	if dir == "" {
		dir = b.TempDir()
	}
	// The name carries the schema version the data was generated for.
	dsn := filepath.Join(dir, fmt.Sprintf("perf-v8-%d-%d.db", nObjects, nEvents))
	db := perfDB(b, dsn, nObjects, nEvents)
	for _, pq := range perfQueries() {
		b.Run(pq.name, func(b *testing.B) { timeQuery(b, db, pq) })
	}
}

// TestPerfQueries runs the queries of BenchmarkQueries once on a small
// generated database (1k objects, 10k events), so the benchmark and its
// generator keep working under plain go test, and checks that the counts
// the rollup answers equal the table's.
func TestPerfQueries(t *testing.T) {
	db := perfDB(t, filepath.Join(t.TempDir(), "perf.db"), 1000, 10_000)
	for _, pq := range perfQueries() {
		q, err := query.ParseCompile(pq.q, pq.index, db.Dialect(), perfNow)
		if err != nil {
			t.Fatalf("%s: %v", pq.name, err)
		}
		if pq.since != "" {
			since, err := query.ParseSince(pq.since, perfNow)
			if err != nil {
				t.Fatal(err)
			}
			q.Since(since)
		}
		if err := q.Estimate(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		stmt, args := q.Select(query.Sort{Field: q.Index.Sort, Desc: true}, 100)
		runCount(t, db, stmt, args)
		if pq.countBy != "" {
			stmt, args, err := q.CountBy(pq.countBy, 0)
			if err != nil {
				t.Fatal(err)
			}
			tstmt, targs := q.CountByTable(pq.countBy, 0)
			if diff := cmp.Diff(queryLines(t, db, tstmt, targs), queryLines(t, db, stmt, args)); diff != "" {
				t.Errorf("%s: count by %s differs from the table (-table +got):\n%s", pq.name, pq.countBy, diff)
			}
		}
	}
	// Plans are chosen without statistics (see docs/query.md): nothing
	// may have run ANALYZE.
	if n := runCount(t, db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'", nil); n != 0 {
		t.Errorf("the store has %d sqlite_stat tables; mamori must not run ANALYZE", n)
	}
}

type perfQuery struct {
	name, index, q, countBy string
	count                   bool
	since                   string
	// table counts from the table even when the rollup could answer, to
	// compare the two.
	table bool
}

func perfQueries() []perfQuery {
	return []perfQuery{
		{name: "objects/bucket", index: "s3_objects", q: "bucket:bucket-7"},
		{name: "objects/bucket/count", index: "s3_objects", q: "bucket:bucket-7", count: true},
		{name: "objects/risk_range/count", index: "s3_objects", q: "dlp_risk:>=10", count: true},
		{name: "objects/impact_and_bucket", index: "s3_objects", q: "pii_impact:high AND bucket:bucket-3"},
		{name: "objects/scanned_1d/count", index: "s3_objects", q: "scanned_at:[now-1d TO now]", count: true},
		{name: "objects/ext_and_risk/count", index: "s3_objects", q: "extension:.pdf AND dlp_risk:[8 TO *]", count: true},
		{name: "objects/key_wildcard", index: "s3_objects", q: "key:dir1*"},
		{name: "objects/pii_type", index: "s3_objects", q: "pii_types:us_ssn"},
		{name: "objects/pii_type/count", index: "s3_objects", q: "pii_types:us_ssn", count: true},
		{name: "objects/countby_impact", index: "s3_objects", q: "*", countBy: "pii_impact"},
		{name: "trail/event_name", index: "cloudtrail", q: "event_name:DeleteBucket"},
		{name: "trail/event_name/count", index: "cloudtrail", q: "event_name:DeleteBucket", count: true},
		{name: "trail/user", index: "cloudtrail", q: `user:"111122223333:IAMUser:user42"`},
		{name: "trail/source_ip/count", index: "cloudtrail", q: "source_ip:10.1.2.3", count: true},
		{name: "trail/error_1d/count", index: "cloudtrail", q: "error_code:AccessDenied AND event_time:[now-1d TO now]", count: true},
		{name: "trail/risk_7d", index: "cloudtrail", q: "risk:>=9 AND event_time:[now-7d/d TO now]"},
		{name: "trail/time_1h/count", index: "cloudtrail", q: "event_time:[now-1h TO now]", count: true},
		{name: "trail/user_wildcard/count", index: "cloudtrail", q: "user_name:user4*", count: true, since: "7d"},
		{name: "trail/30d/count", index: "cloudtrail", q: "*", count: true, since: "30d"},
		{name: "trail/30d/countby_event_name", index: "cloudtrail", q: "*", countBy: "event_name", since: "30d"},
		{name: "trail/30d/countby_event_name/table", index: "cloudtrail", q: "*", countBy: "event_name", since: "30d", table: true},
		{name: "trail/30d/countby_user", index: "cloudtrail", q: "*", countBy: "user", since: "30d"},
		{name: "trail/30d/countby_user/table", index: "cloudtrail", q: "*", countBy: "user", since: "30d", table: true},
		{name: "trail/30d/countby_source_ip", index: "cloudtrail", q: "*", countBy: "source_ip", since: "30d"},
		{name: "trail/30d_range/countby_error_code", index: "cloudtrail", q: "event_time:[now-30d TO now]", countBy: "error_code"},
		{name: "trail/30d_errors/countby_user", index: "cloudtrail", q: "error_code:AccessDenied", countBy: "user", since: "30d"},
		{name: "trail/user_tier", index: "cloudtrail", q: "user_tier:gold"},
		{name: "trail/user_tier/count", index: "cloudtrail", q: "user_tier:gold", count: true},
		{name: "trail/user_tier_7d/count", index: "cloudtrail", q: "user_tier:(gold OR silver) AND event_time:[now-7d TO now]", count: true},
		{name: "trail/30d/countby_user_tier", index: "cloudtrail", q: "*", countBy: "user_tier", since: "30d"},
		{name: "trail/30d/countby_user_tier/table", index: "cloudtrail", q: "*", countBy: "user_tier", since: "30d", table: true},
		{name: "trail/30d_errors/countby_user_tier", index: "cloudtrail", q: "error_code:AccessDenied", countBy: "user_tier", since: "30d"},
		{name: "trail/all/countby_user_tier", index: "cloudtrail", q: "*", countBy: "user_tier"},
		{name: "trail/tor", index: "cloudtrail", q: "tor:true"},
		{name: "trail/tor/count", index: "cloudtrail", q: "tor:true", count: true},
		{name: "trail/or_fields/count", index: "cloudtrail", q: "event_name:DeleteBucket OR error_code:AccessDenied", count: true},
		{name: "trail/or_fields", index: "cloudtrail", q: "event_name:DeleteBucket OR error_code:AccessDenied"},
	}
}

// timeQuery runs one query b.N times and reports its p50, p95 and the
// rows (or count) it returned.
func timeQuery(b *testing.B, db *store.DB, pq perfQuery) {
	q, err := query.ParseCompile(pq.q, pq.index, db.Dialect(), perfNow)
	if err != nil {
		b.Fatal(err)
	}
	if pq.since != "" {
		since, err := query.ParseSince(pq.since, perfNow)
		if err != nil {
			b.Fatal(err)
		}
		q.Since(since)
	}
	// Estimate runs inside the timed loop below; this first run only
	// builds the statement.
	if err := q.Estimate(b.Context(), db); err != nil {
		b.Fatal(err)
	}
	stmt, args := q.Select(query.Sort{Field: q.Index.Sort, Desc: true}, 100)
	switch {
	case pq.count:
		stmt, args = q.Count()
	case pq.countBy != "" && pq.table:
		stmt, args = q.CountByTable(pq.countBy, 100)
	case pq.countBy != "":
		stmt, args, err = q.CountBy(pq.countBy, 100)
		if err != nil {
			b.Fatal(err)
		}
	}
	var times, cpu []time.Duration
	rows := 0
	for b.Loop() {
		start, startCPU := time.Now(), testenv.CPUTime()
		if !pq.count && pq.countBy == "" {
			// The estimate Select's plan depends on is part of the query's
			// cost: count again each time.
			q.ResetEstimate()
			if err := q.Estimate(b.Context(), db); err != nil {
				b.Fatal(err)
			}
			stmt, args = q.Select(query.Sort{Field: q.Index.Sort, Desc: true}, 100)
		}
		rows = runCount(b, db, stmt, args)
		times = append(times, time.Since(start))
		cpu = append(cpu, testenv.CPUTime()-startCPU)
	}
	slices.Sort(times)
	slices.Sort(cpu)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
	b.ReportMetric(ms(times[len(times)*95/100]), "p95-ms")
	// CPU time of the process (user + system) during the query: its cost
	// without the waiting a loaded machine adds.
	b.ReportMetric(ms(cpu[len(cpu)/2]), "p50-cpu-ms")
	b.ReportMetric(float64(rows), "rows")
}

// runCount runs a statement and reads all its rows; for --count it
// returns the count, otherwise the number of rows.
func runCount(t testing.TB, db *store.DB, stmt string, args []any) int {
	rows, err := db.Query(context.Background(), stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		if len(cols) == 1 {
			n = int(vals[0].(int64))
			continue
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// perfDB opens the generated database at dsn, generating it first when it
// does not exist yet.
func perfDB(t testing.TB, dsn string, nObjects, nEvents int) *store.DB {
	if _, err := os.Stat(dsn); err != nil {
		// Generated under another name, so an interrupted run leaves no
		// half-filled database to be reused.
		partial := dsn + ".partial"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(partial + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
		}
		generate(t, partial, nObjects, nEvents)
		if err := os.Rename(partial, dsn); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// generate writes the objects and events of perfDB into a new database.
func generate(t testing.TB, dsn string, nObjects, nEvents int) {
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Building indexes once at the end is several times faster than
	// maintaining them row by row.
	indexes := dropIndexes(t, db)
	for _, g := range []struct {
		name string
		sql  string
		n    int
	}{{"objects", objectsGen, nObjects}, {"cloudtrail", cloudtrailGen, nEvents}} {
		start := time.Now()
		// Insert in chunks so each transaction stays a reasonable size.
		const chunk = 500_000
		for lo := 0; lo < g.n; lo += chunk {
			hi := min(lo+chunk, g.n)
			if err := db.Exec(t.Context(), g.sql, lo, hi-1, g.n, perfNow.Unix()); err != nil {
				t.Fatalf("generate %s: %v", g.name, err)
			}
		}
		t.Logf("generated %d %s rows in %s", g.n, g.name, time.Since(start).Round(time.Second))
	}
	if err := db.Exec(t.Context(), tiersGen); err != nil {
		t.Fatalf("generate user tiers: %v", err)
	}
	start := time.Now()
	if err := db.Exec(t.Context(), findingsGen); err != nil {
		t.Fatalf("generate findings: %v", err)
	}
	t.Logf("findings in %s", time.Since(start).Round(time.Second))
	start = time.Now()
	for _, ix := range indexes {
		if err := db.Exec(t.Context(), ix); err != nil {
			t.Fatalf("recreate index: %v", err)
		}
	}
	// No ANALYZE: mamori never runs it, and with its statistics SQLite
	// prefers skip-scans of the composite fold indexes for time ranges,
	// which fetch rows out of time order and are several times slower.
	t.Logf("built %d indexes in %s", len(indexes), time.Since(start).Round(time.Second))
	// The generator writes cloudtrail with Exec: recount the daily rollup
	// (it reads a day at a time through the event_time index).
	start = time.Now()
	if err := db.RebuildTrailRollup(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Logf("daily rollup in %s", time.Since(start).Round(time.Second))
	if fi, err := os.Stat(dsn); err == nil {
		t.Logf("database %s: %.2f GB", dsn, float64(fi.Size())/1e9)
	}
}

// tiersGen gives the users of the generated events their tiers: a quarter
// of them each.
const tiersGen = `INSERT INTO user_tiers ("user", tier)
SELECT u, CASE CAST(substr(u, length('111122223333:IAMUser:user') + 1) AS INTEGER) % 4
	WHEN 0 THEN 'platinum' WHEN 1 THEN 'gold' WHEN 2 THEN 'silver' ELSE 'bronze' END
FROM (SELECT DISTINCT "user" AS u FROM cloudtrail)`

// findingsGen writes the findings rows PutObjects would have written for
// the generated objects: one PII finding per element of pii_types (types
// holds the same).
const findingsGen = `INSERT INTO findings (uri, ord, type, category, method, risk, count, sample, occurrences)
SELECT o.uri, e.key, e.value, 'personal', 'pii', 5, 1, '', '[]' FROM objects AS o, json_each(o.pii_types) AS e`

// dropIndexes drops the indexes of the objects and cloudtrail tables and
// returns the statements that create them again.
func dropIndexes(t testing.TB, db *store.DB) []string {
	rows, err := db.Query(t.Context(), "SELECT name, sql FROM sqlite_master WHERE type = 'index' "+
		"AND tbl_name IN ('objects', 'cloudtrail') AND sql IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			t.Fatal(err)
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	rows.Close()
	for _, name := range names {
		if err := db.Exec(t.Context(), "DROP INDEX "+name); err != nil {
			t.Fatal(err)
		}
	}
	return stmts
}

// objectsGen generates objects rows ?1…?2 of ?3, scanned over the 30 days
// before ?4 (Unix seconds), with a hash h of the row number for variety.
const objectsGen = `WITH RECURSIVE seq(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM seq WHERE i < ?),
g AS (SELECT i, (i * 2654435761) % 4294967296 AS h, ? AS n, ? AS now FROM seq)
INSERT INTO objects (uri, source, bucket, key, size, etag, last_modified, content_type, extension,
	classes, themes, risk, pii_impact, pii_types, types, skipped, error, truncated, bytes_scanned, scanned_at)
SELECT 's3://bucket-' || (h % 50) || '/dir' || (h % 997) || '/file' || i || ext, 's3', 'bucket-' || (h % 50),
	'dir' || (h % 997) || '/file' || i || ext, h % 1000000, printf('%08x', h),
	strftime('%Y-%m-%dT%H:%M:%S.000000Z', now - 86400 * 400 + (h % (86400 * 365)), 'unixepoch'),
	ct, ext, '[]', CASE WHEN h % 13 = 0 THEN '["password_keywords"]' ELSE '[]' END,
	1 + (h / 7) % 10, CASE (h / 7) % 10 WHEN 9 THEN 'high' WHEN 8 THEN 'high' WHEN 7 THEN 'moderate' WHEN 6 THEN 'low' ELSE 'none' END,
	pii, pii, '', '', 0, h % 1000000,
	strftime('%Y-%m-%dT%H:%M:%S.000000Z', now - 86400 * 30 + (i * 86400 * 30) / n, 'unixepoch')
FROM (SELECT i, h, n, now,
	CASE h % 5 WHEN 0 THEN '.pdf' WHEN 1 THEN '.csv' WHEN 2 THEN '.txt' WHEN 3 THEN '.go' ELSE '.json' END AS ext,
	CASE h % 5 WHEN 0 THEN 'application/pdf' WHEN 1 THEN 'text/csv' WHEN 2 THEN 'text/plain' WHEN 3 THEN 'text/x-go' ELSE 'application/json' END AS ct,
	CASE (h / 5) % 20 WHEN 0 THEN '["email_address","us_ssn"]' WHEN 1 THEN '["email_address"]' WHEN 2 THEN '["credit_card_number"]' ELSE '[]' END AS pii
	FROM g)`

// cloudtrailGen generates cloudtrail events ?1…?2 of ?3, evenly over the
// 365 days before ?4 (Unix seconds).
const cloudtrailGen = `WITH RECURSIVE seq(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM seq WHERE i < ?),
g AS (SELECT i, (i * 2654435761) % 4294967296 AS h, ? AS n, ? AS now FROM seq)
INSERT INTO cloudtrail (event_id, event_time, event_name, event_source, error_code, risk, "user", user_type,
	user_name, account, region, source_ip, isp, country, bucket, key, read_only,
	event_name_error, event_name_isp)
SELECT printf('e%010d', i), strftime('%Y-%m-%dT%H:%M:%S.000000Z', now - 86400 * 365 + (i * 86400 * 365) / n, 'unixepoch'),
	name, 's3.amazonaws.com', err, 1 + (h / 11) % 10, '111122223333:IAMUser:user' || (h % 200), 'IAMUser',
	'user' || (h % 200), '111122223333', 'us-east-1',
	'10.' || (h % 4) || '.' || ((h / 4) % 16) || '.' || ((h / 64) % 64), isp, 'US', 'bucket-' || (h % 50),
	'dir/file' || (h % 100000), name LIKE 'Get%' OR name LIKE 'List%',
	CASE WHEN err = '' THEN '' ELSE name || ':' || err END, name || ':' || isp
FROM (SELECT i, h, n, now,
	CASE (h / 3) % 20 WHEN 0 THEN 'PutObject' WHEN 1 THEN 'PutObject' WHEN 2 THEN 'ListObjects' WHEN 3 THEN 'DeleteObject'
		WHEN 4 THEN 'ConsoleLogin' WHEN 5 THEN 'AssumeRole' WHEN 6 THEN 'GetBucketAcl' WHEN 7 THEN 'PutBucketPolicy'
		WHEN 8 THEN 'ListBuckets' ELSE CASE WHEN h % 1000 = 999 THEN 'DeleteBucket' ELSE 'GetObject' END END AS name,
	CASE WHEN h % 20 = 0 THEN 'AccessDenied' ELSE '' END AS err,
	CASE h % 3 WHEN 0 THEN 'Amazon.com' WHEN 1 THEN 'Comcast' ELSE 'Tor Exit' END AS isp
	FROM g)`
