package trail_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
	"github.com/mamori-dev/mamori/internal/trail"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

// smallSample is a sample data set small enough for every test run.
var smallSample = trail.SampleOptions{Days: 3, EventsPerDay: 200, Seed: 7}

func writeSample(t testing.TB, opt trail.SampleOptions) (dir string, st trail.SampleStats) {
	t.Helper()
	dir = t.TempDir()
	st, err := trail.WriteSampleLogs(filepath.Join(dir, "logs"), opt)
	if err != nil {
		t.Fatalf("WriteSampleLogs: %v", err)
	}
	return dir, st
}

func openDB(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newIngester(t testing.TB, db *store.DB, feeds enrich.Feeds, opt trail.Options) (*trail.Ingester, *[]string) {
	t.Helper()
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatalf("NewRiskTable: %v", err)
	}
	ips, err := enrich.LoadIPIndex(t.Context(), feeds)
	if err != nil {
		t.Fatalf("LoadIPIndex: %v", err)
	}
	var reports []string
	opt.Report = func(err error) { reports = append(reports, err.Error()) }
	return trail.NewIngester(db, risk, trail.NewNormalizer(risk, ips), opt), &reports
}

func count(t testing.TB, db *store.DB, q string, args ...any) int {
	t.Helper()
	rows, err := db.Query(t.Context(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var n int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func TestIngestSQLite(t *testing.T) {
	testIngest(t, filepath.Join(t.TempDir(), "m.db"))
}

func TestIngestPostgres(t *testing.T) {
	testIngest(t, testenv.Postgres(t))
}

// testIngest ingests the sample logs twice and checks that every event is
// stored once, with sessions, tiers and enrichment.
func testIngest(t *testing.T, dsn string) {
	dir, sample := writeSample(t, smallSample)
	tor, proxies, aws, err := trail.WriteSampleFeeds(dir)
	if err != nil {
		t.Fatal(err)
	}
	feeds := enrich.Feeds{TorExits: tor, Proxies: proxies, AWSIPRanges: aws}
	db := openDB(t, dsn)
	in, reports := newIngester(t, db, feeds, trail.Options{BatchSize: 700})
	st, err := in.Ingest(t.Context(), []string{filepath.Join(dir, "logs")})
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	if len(*reports) > 0 {
		t.Errorf("reports: %q", *reports)
	}
	if st.Events != sample.Events || st.Files != sample.Files {
		t.Errorf("first ingest stored %d events from %d files, want %d from %d", st.Events, st.Files, sample.Events, sample.Files)
	}
	checkTiers(t, db) // computed in memory on a fresh store
	checkSessionsMatch(t, db)
	again, _ := newIngester(t, db, feeds, trail.Options{})
	st2, err := again.Ingest(t.Context(), []string{filepath.Join(dir, "logs")})
	if err != nil || st2.Files != 0 || st2.Skipped != sample.Files {
		t.Errorf("second ingest read %d files, skipped %d (err %v), want 0 and %d", st2.Files, st2.Skipped, err, sample.Files)
	}
	forced, _ := newIngester(t, db, feeds, trail.Options{Force: true})
	if _, err := forced.Ingest(t.Context(), []string{filepath.Join(dir, "logs")}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cloudtrail"); n != sample.Events {
		t.Errorf("after three ingests: %d events stored, want %d", n, sample.Events)
	}
	checkEnrichment(t, db, sample)
	checkSessions(t, db, sample)
	checkSessionsMatch(t, db) // rebuilt from the store
	checkTiers(t, db)
}

// sessionsFromEvents computes in SQL (SQLite) what the sessions index must
// hold, from the stored events: counts per user and 5-minute window.
const sessionsFromEvents = `WITH e AS (
	SELECT "user", CAST(unixepoch(event_time) AS INTEGER) / 300 * 300 AS w, event_name, source_ip,
		user_agent, error_code, risk, long_lived_token,
		CASE WHEN error_code = '' AND event_name IN ('GetObject', 'SelectObjectContent', 'GetObjectTorrent')
			THEN bucket || '/' || key END AS rd,
		CASE WHEN error_code = '' AND event_name IN ('PutObject', 'CopyObject', 'CompleteMultipartUpload',
			'UploadPart', 'UploadPartCopy') THEN bucket || '/' || key END AS wr,
		CASE WHEN error_code = '' AND event_name IN ('DeleteObject', 'DeleteObjects', 'DeleteObjectVersion')
			THEN bucket || '/' || key END AS del
	FROM cloudtrail)
SELECT "user", w, COUNT(*), COUNT(DISTINCT NULLIF(event_name, '')), COUNT(DISTINCT NULLIF(source_ip, '')),
	COUNT(DISTINCT NULLIF(user_agent, '')), MIN(COUNT(DISTINCT rd), 250), MIN(COUNT(DISTINCT wr), 250),
	MIN(COUNT(DISTINCT del), 250), SUM(error_code <> ''), MAX(MAX(risk), 1), SUM(long_lived_token)
FROM e GROUP BY "user", w`

// storedSessions selects the sessions in sessionsFromEvents' columns.
const storedSessions = `SELECT "user", CAST(unixepoch(window_start) AS INTEGER), events, distinct_event_names,
	distinct_source_ips, distinct_user_agents, objects_read, objects_written, objects_deleted, errors,
	max_risk, long_lived_tokens FROM sessions`

// checkSessionsMatch checks every stored session against the sessions
// computed in SQL from the stored events (SQLite only).
func checkSessionsMatch(t *testing.T, db *store.DB) {
	t.Helper()
	if db.Dialect().Name() != store.SQLite {
		return
	}
	n := count(t, db, "SELECT COUNT(*) FROM sessions")
	if n == 0 {
		t.Fatal("no sessions stored")
	}
	want, got := "SELECT * FROM ("+sessionsFromEvents+")", "SELECT * FROM ("+storedSessions+")"
	for _, q := range []string{want + " EXCEPT " + got, got + " EXCEPT " + want} {
		if bad := count(t, db, "SELECT COUNT(*) FROM ("+q+")"); bad != 0 {
			t.Errorf("%d of %d sessions differ from the events: %s", bad, n, q)
		}
	}
}

func checkEnrichment(t *testing.T, db *store.DB, sample trail.SampleStats) {
	t.Helper()
	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"tor", "SELECT COUNT(*) FROM cloudtrail WHERE tor", sample.TorEvents},
		{"kali", "SELECT COUNT(*) FROM cloudtrail WHERE user_agent_os = 'linux/kali'", sample.PentestEvents},
		{"amazon isp", "SELECT COUNT(*) FROM cloudtrail WHERE isp = 'Amazon' AND event_name_isp = event_name || ':Amazon'",
			count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE source_ip = '52.94.133.131' OR source_ip LIKE '%.amazonaws.com'")},
		{"proxy", "SELECT COUNT(*) FROM cloudtrail WHERE proxy", count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE source_ip = ?", trail.SampleProxy)},
		{"compound error", "SELECT COUNT(*) FROM cloudtrail WHERE error_code <> '' AND event_name_error = event_name || ':' || error_code",
			count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE error_code <> ''")},
		{"seed risk", "SELECT COUNT(*) FROM cloudtrail WHERE event_name = 'DeleteFlowLogs' AND risk <> 10", 0},
		{"bucket and key", "SELECT COUNT(*) FROM cloudtrail WHERE event_name = 'GetObject' AND (bucket = '' OR key = '')", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := count(t, db, tt.query); got != tt.want {
				t.Errorf("%s = %d, want %d", tt.query, got, tt.want)
			}
		})
	}
	if sample.TorEvents == 0 {
		t.Error("the sample has no Tor events")
	}
}

func checkSessions(t *testing.T, db *store.DB, sample trail.SampleStats) {
	t.Helper()
	if n := count(t, db, "SELECT SUM(events) FROM sessions"); n != sample.Events {
		t.Errorf("sessions hold %d events, want %d", n, sample.Events)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE objects_read > 250 OR distinct_event_names > events"); n != 0 {
		t.Errorf("%d sessions break the caps", n)
	}
}

func checkTiers(t *testing.T, db *store.DB) {
	t.Helper()
	want := map[string]string{
		"123456789012:user:alice":                  "platinum",
		"123456789012:root:root":                   "platinum",
		"123456789012:user:svc-backup":             "platinum",
		"123456789012:user:bob":                    "gold",
		"123456789012:assumed-role:ci-deploy":      "gold",
		"123456789012:assumed-role:security-audit": "silver",
		"123456789012:user:carol":                  "bronze",
		"123456789012:ANONYMOUS_PRINCIPAL":         "bronze",
	}
	tiers, err := db.UserTiers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for u, tier := range tiers {
		if _, ok := want[u]; ok {
			got[u] = tier
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("user tiers mismatch (-want +got):\n%s", diff)
	}
	users := count(t, db, `SELECT COUNT(DISTINCT "user") FROM cloudtrail`)
	if n := count(t, db, `SELECT COUNT(*) FROM user_tiers WHERE "user" IN (SELECT "user" FROM cloudtrail)`); n != users || n != len(tiers) {
		t.Errorf("%d user tiers, %d of users with events; want one for each of the %d users", len(tiers), n, users)
	}
}

// TestIngestBadFiles checks that a truncated .gz, a file of invalid JSON
// and a record with wrong types each give one clear error naming the file,
// and that everything else is stored.
func TestIngestBadFiles(t *testing.T) {
	dir, sample := writeSample(t, trail.SampleOptions{Days: 1, EventsPerDay: 200, Seed: 3})
	logs := filepath.Join(dir, "logs")
	good := `{"eventVersion":"1.08","eventID":"11111111-2222-3333-4444-555555555555","eventTime":"2026-10-01T10:00:00Z",` +
		`"eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","recipientAccountId":"123456789012",` +
		`"userIdentity":{"type":"IAMUser","userName":"eve","accountId":"123456789012"}}`
	wrong := `{"eventVersion":"1.08","eventID":"x-2","eventTime":12345,"eventName":["ListUsers"]}`
	files := map[string][]byte{
		"bad/truncated.json.gz": truncatedGzip(t, `{"Records":[`+good+`,`+good+`]}`),
		"bad/invalid.json":      []byte(`{"Records":[{"eventID": "x-1", "eventTime": }]}`),
		"bad/types.json":        []byte(`{"Records":[` + wrong + `,` + good + `]}`),
	}
	for name, data := range files {
		p := filepath.Join(logs, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
	in, reports := newIngester(t, db, enrich.Feeds{}, trail.Options{})
	st, err := in.Ingest(t.Context(), []string{logs})
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	if st.Failed != 2 || st.BadRecords != 1 {
		t.Errorf("failed files %d, bad records %d; want 2 and 1", st.Failed, st.BadRecords)
	}
	for _, want := range []string{"truncated.json.gz: ", "invalid.json: near byte", "types.json: record 0: "} {
		found := false
		for _, r := range *reports {
			found = found || strings.Contains(r, want) && !strings.Contains(r, "\n")
		}
		if !found {
			t.Errorf("no one-line report containing %q in %q", want, *reports)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cloudtrail"); n != sample.Events+1 {
		t.Errorf("%d events stored, want the %d good ones and the good record", n, sample.Events+1)
	}
}

func truncatedGzip(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(strings.Repeat(" ", 10000) + s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()[:buf.Len()-20]
}

// TestIngestTimeRange checks --since and --until.
func TestIngestTimeRange(t *testing.T) {
	dir, _ := writeSample(t, trail.SampleOptions{Days: 3, EventsPerDay: 100, Seed: 5})
	db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
	since := time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)
	in, _ := newIngester(t, db, enrich.Feeds{}, trail.Options{Since: since, Until: since.Add(24 * time.Hour)})
	st, err := in.Ingest(t.Context(), []string{filepath.Join(dir, "logs")})
	if err != nil {
		t.Fatal(err)
	}
	outside := count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE event_time < ? OR event_time >= ?",
		db.Dialect().Time(since), db.Dialect().Time(since.Add(24*time.Hour)))
	if st.Events == 0 || outside != 0 {
		t.Errorf("stored %d events, %d outside the range", st.Events, outside)
	}
}

// TestRetentionCutoff checks the calendar-month arithmetic of retention.
func TestRetentionCutoff(t *testing.T) {
	tests := []struct {
		newest string
		months int
		want   string
	}{
		{"2026-10-31T23:59:00Z", 1, "2026-09-30T00:00:00Z"},
		{"2026-10-15T08:00:00Z", 1, "2026-09-15T00:00:00Z"},
		{"2027-03-31T10:00:00Z", 1, "2027-02-28T00:00:00Z"},
		{"2026-01-15T00:00:00Z", 1, "2025-12-15T00:00:00Z"},
		{"2026-11-29T12:00:00Z", 12, "2025-11-29T00:00:00Z"},
	}
	for _, tt := range tests {
		newest, _ := time.Parse(time.RFC3339, tt.newest)
		if got := trail.RetentionCutoff(newest, tt.months).Format(time.RFC3339); got != tt.want {
			t.Errorf("RetentionCutoff(%s, %d) = %s, want %s", tt.newest, tt.months, got, tt.want)
		}
	}
}

// TestIngestRetention checks that events and sessions older than the
// retention are purged after an ingest, and that a first ingest does not
// store what the retention would purge.
func TestIngestRetention(t *testing.T) {
	dir := t.TempDir()
	oldLogs, newLogs := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	old, err := trail.WriteSampleLogs(oldLogs, trail.SampleOptions{Start: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), Days: 2, EventsPerDay: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	recent, err := trail.WriteSampleLogs(newLogs, trail.SampleOptions{Days: 3, EventsPerDay: 100, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t, filepath.Join(dir, "m.db"))
	in, _ := newIngester(t, db, enrich.Feeds{}, trail.Options{RetentionMonths: 1})
	if st, err := in.Ingest(t.Context(), []string{oldLogs}); err != nil || st.Events != old.Events || st.Purged != 0 {
		t.Fatalf("ingest of old logs: %d events, %d purged, %v; want %d, 0", st.Events, st.Purged, err, old.Events)
	}
	in, _ = newIngester(t, db, enrich.Feeds{}, trail.Options{RetentionMonths: 1})
	st, err := in.Ingest(t.Context(), []string{newLogs})
	if err != nil || st.Purged != int64(old.Events) {
		t.Errorf("ingest of recent logs: purged %d, %v; want the %d old events", st.Purged, err, old.Events)
	}
	cut := db.Dialect().Time(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	if n := count(t, db, "SELECT COUNT(*) FROM cloudtrail"); n != recent.Events {
		t.Errorf("%d events kept, want the %d recent ones", n, recent.Events)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE window_start < ?", cut); n != 0 {
		t.Errorf("%d sessions older than the retention kept", n)
	}

	fresh := openDB(t, filepath.Join(dir, "f.db"))
	in, _ = newIngester(t, fresh, enrich.Feeds{}, trail.Options{RetentionMonths: 1})
	st, err = in.Ingest(t.Context(), []string{oldLogs, newLogs})
	if err != nil || st.Events != recent.Events || st.Purged != 0 || st.Files != recent.Files {
		t.Errorf("first ingest of both: %d events from %d files, %d purged, %v; want %d from %d, none purged",
			st.Events, st.Files, st.Purged, err, recent.Events, recent.Files)
	}
}

// TestIngestCanceled cancels an ingest while its reader is running: Ingest
// returns the context's error, with the reader ended.
func TestIngestCanceled(t *testing.T) {
	dir, sample := writeSample(t, trail.SampleOptions{Days: 2, EventsPerDay: 500, Seed: 8})
	logs := filepath.Join(dir, "logs")
	if err := os.WriteFile(filepath.Join(logs, "000-bad.json"), []byte(`{"Records":[}`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	in := trail.NewIngester(db, risk, trail.NewNormalizer(risk, nil), trail.Options{BatchSize: 100, Report: func(error) { cancel() }})
	st, err := in.Ingest(ctx, []string{logs})
	if !errors.Is(err, context.Canceled) || st.Events >= sample.Events {
		t.Errorf("Ingest = %d events, %v; want fewer than %d and context.Canceled", st.Events, err, sample.Events)
	}
}
