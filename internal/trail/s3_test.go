package trail_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/testenv"
	"github.com/mamori-dev/mamori/internal/trail"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

// listings records the prefixes of the object listings a client asks for.
type listings struct {
	mu       sync.Mutex
	prefixes []string // "prefix|delimiter"
	gets     int
	next     http.RoundTripper
}

// RoundTrip records ListObjectsV2 prefixes and counts GETs of objects.
func (l *listings) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	q := r.URL.Query()
	switch {
	case q.Get("list-type") == "2":
		l.prefixes = append(l.prefixes, q.Get("prefix")+"|"+q.Get("delimiter"))
	case r.Method == http.MethodGet && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0:
		l.gets++
	}
	l.mu.Unlock()
	return l.next.RoundTrip(r)
}

func (l *listings) reset() (prefixes []string, gets int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	prefixes, gets = l.prefixes, l.gets
	l.prefixes, l.gets = nil, 0
	return prefixes, gets
}

// uploadSample puts the sample logs into bucket: us-east-1 in the layout
// of an account's trail, eu-west-1 in that of an organization trail, plus
// a digest file and a file that is not a log.
func uploadSample(t *testing.T, c *s3.Client, bucket, dir string) {
	t.Helper()
	ctx := t.Context()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket: %v", err)
	}
	put := func(key string, data []byte) {
		t.Helper()
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(string(data))})
		if err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		key, _ := filepath.Rel(dir, p)
		key = filepath.ToSlash(key)
		if strings.Contains(key, "/eu-west-1/") {
			key = strings.Replace(key, "AWSLogs/", "AWSLogs/o-exampleorg1/", 1)
		}
		put(key, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	put("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/10/02/123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20261002T0000Z.json.gz", []byte("not json"))
	put("AWSLogs/123456789012/CloudTrail/us-east-1/2026/10/02/README.txt", []byte("not a log"))
}

// s3Client returns a client of a new S3-compatible server whose list
// requests rec records.
func s3Client(t *testing.T) (*s3.Client, *listings) {
	t.Helper()
	srv := testenv.S3(t)
	rec := &listings{next: http.DefaultTransport}
	cfg, err := source.LoadAWSConfig(t.Context(), source.S3Config{
		Region: srv.Region, MaxBackoff: 20 * time.Millisecond,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint, o.UsePathStyle = aws.String(srv.Endpoint), true
		o.HTTPClient = &http.Client{Transport: rec}
	})
	return client, rec
}

// TestIngestS3 ingests a trail bucket on a real S3-compatible server:
// account and organization layouts, only the day folders of the time
// range listed, digests skipped, and a second ingest reading nothing.
func TestIngestS3(t *testing.T) {
	client, rec := s3Client(t)
	dir, sample := writeSample(t, trail.SampleOptions{Days: 4, EventsPerDay: 150, Seed: 21})
	uploadSample(t, client, "trail", filepath.Join(dir, "logs"))
	rec.reset()
	access := &trail.S3Access{Client: func(context.Context) (*s3.Client, error) { return client, nil }}

	db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
	since := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	in, reports := newIngester(t, db, enrich.Feeds{}, trail.Options{Since: since, S3: access})
	st, err := in.Ingest(t.Context(), []string{"s3://trail/AWSLogs"})
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	if len(*reports) > 0 {
		t.Errorf("reports: %q", *reports)
	}
	want := count(t, db, "SELECT COUNT(*) FROM cloudtrail")
	if want == 0 || st.Events != want || count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE event_time < ?", db.Dialect().Time(since)) != 0 {
		t.Errorf("stored %d events (stats %d), want > 0, none before %s", want, st.Events, since)
	}
	regions := count(t, db, "SELECT COUNT(DISTINCT region) FROM cloudtrail")
	if regions != 2 {
		t.Errorf("events of %d regions, want 2 (account and organization layouts)", regions)
	}
	prefixes, gets := rec.reset()
	for _, p := range prefixes {
		if strings.Contains(p, "/2026/10/01/") || strings.HasSuffix(p, "/us-east-1/|") {
			t.Errorf("listed %q: a day folder outside the range, or a whole region", p)
		}
	}
	if !slices.Contains(prefixes, "AWSLogs/o-exampleorg1/123456789012/CloudTrail/eu-west-1/2026/10/02/|") {
		t.Errorf("the organization trail's day before --since was not listed; listings: %q", prefixes)
	}
	if gets != st.Files {
		t.Errorf("%d objects fetched for %d files", gets, st.Files)
	}

	again, _ := newIngester(t, db, enrich.Feeds{}, trail.Options{Since: since, S3: access})
	st2, err := again.Ingest(t.Context(), []string{"s3://trail/AWSLogs"})
	if _, gets := rec.reset(); err != nil || st2.Files != 0 || st2.Skipped != st.Files || gets != 0 {
		t.Errorf("second ingest: %d files read, %d skipped, %d objects fetched, err %v; want 0, %d, 0", st2.Files, st2.Skipped, gets, err, st.Files)
	}

	// A first ingest into an empty store, without --since: the default
	// lookback covers the whole sample, and each object is fetched once
	// although the first pass reads every file for the user tiers.
	fresh := openDB(t, filepath.Join(t.TempDir(), "f.db"))
	in3, reports3 := newIngester(t, fresh, enrich.Feeds{}, trail.Options{S3: access})
	st3, err := in3.Ingest(t.Context(), []string{"s3://trail"})
	if _, gets := rec.reset(); err != nil || st3.Events != sample.Events || gets != sample.Files {
		t.Errorf("fresh ingest: %d events, %d objects fetched, err %v, reports %q; want %d events and %d fetches",
			st3.Events, gets, err, *reports3, sample.Events, sample.Files)
	}
	checkTiers(t, fresh)
}

// TestIngestS3Flat ingests a prefix that is not in the AWSLogs layout and
// one inside a region folder.
func TestIngestS3Flat(t *testing.T) {
	srv := testenv.S3(t)
	client, err := source.NewS3Client(t.Context(), source.S3Config{
		EndpointURL: srv.Endpoint, Region: srv.Region, MaxBackoff: 20 * time.Millisecond,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := writeSample(t, trail.SampleOptions{Days: 2, EventsPerDay: 100, Regions: []string{"us-east-1"}, Seed: 4})
	uploadSample(t, client, "flat", filepath.Join(dir, "logs"))
	one, _ := filepath.Glob(filepath.Join(dir, "logs", "AWSLogs", "*", "CloudTrail", "us-east-1", "2026", "10", "02", "*"))
	data, err := os.ReadFile(one[0])
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String("flat"), Key: aws.String("exports/day2/events.json.gz"), Body: strings.NewReader(string(data))})
	if err != nil {
		t.Fatal(err)
	}
	access := &trail.S3Access{Client: func(context.Context) (*s3.Client, error) { return client, nil }}
	tests := []struct {
		name, src string
	}{
		{"inside a region folder", "s3://flat/AWSLogs/123456789012/CloudTrail/us-east-1/2026/10/02/"},
		{"no CloudTrail folders", "s3://flat/exports"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
			in, reports := newIngester(t, db, enrich.Feeds{}, trail.Options{S3: access})
			st, err := in.Ingest(t.Context(), []string{tt.src})
			if err != nil || st.Events == 0 || len(*reports) > 0 {
				t.Errorf("Ingest(%s) = %d events, %v, reports %q", tt.src, st.Events, err, *reports)
			}
			if n := count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE event_time < ?",
				db.Dialect().Time(time.Date(2026, 10, 1, 23, 0, 0, 0, time.UTC))); n != 0 {
				t.Errorf("%d events of another day's folder", n)
			}
		})
	}
	if _, err := trail.NewIngester(openDB(t, filepath.Join(t.TempDir(), "x.db")), nil, nil, trail.Options{}).
		Ingest(t.Context(), []string{"s3://flat/AWSLogs"}); err == nil || !strings.Contains(err.Error(), "s3://flat/AWSLogs") {
		t.Errorf("Ingest without S3 access: %v, want an error naming the source", err)
	}
}

// insightLog returns a gzipped log file of the public Insights sample
// (testdata/public/insights.json) moved to day in region, each record
// with an eventID of its own.
func insightLog(t *testing.T, day time.Time, region string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(publicDir, "insights.json"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Records []map[string]any
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	for i, r := range log.Records {
		r["eventTime"] = day.Add(time.Duration(i+1) * time.Hour).Format(time.RFC3339)
		r["eventID"] = fmt.Sprintf("%s-0000-4000-8000-%012d", day.Format("20060102"), i)
		r["awsRegion"] = region
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(log); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestIngestS3Insights ingests the CloudTrail-Insight folders of a trail
// bucket, in the account and organization layouts, listing only their day
// folders of the time range, as it does for the CloudTrail folders.
func TestIngestS3Insights(t *testing.T) {
	client, rec := s3Client(t)
	dir, _ := writeSample(t, trail.SampleOptions{Days: 4, EventsPerDay: 50, Seed: 7})
	uploadSample(t, client, "insights", filepath.Join(dir, "logs"))
	const (
		account = "AWSLogs/123456789012/CloudTrail-Insight/us-east-1/"
		org     = "AWSLogs/o-exampleorg1/123456789012/CloudTrail-Insight/eu-west-1/"
	)
	for _, l := range []struct {
		folder, region string
		day            time.Time
	}{
		{account, "us-east-1", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}, // before the range
		{account, "us-east-1", time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)},
		{org, "eu-west-1", time.Date(2026, 10, 4, 0, 0, 0, 0, time.UTC)},
	} {
		key := l.folder + l.day.Format("2006/01/02/") +
			"123456789012_CloudTrail-Insight_" + l.region + "_" + l.day.Format("20060102") + "T0145Z_x1.json.gz"
		_, err := client.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String("insights"), Key: aws.String(key),
			Body: bytes.NewReader(insightLog(t, l.day, l.region))})
		if err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
	}
	rec.reset()
	access := &trail.S3Access{Client: func(context.Context) (*s3.Client, error) { return client, nil }}
	insights := `SELECT COUNT(*) FROM cloudtrail WHERE details LIKE '%"event_type":"AwsCloudTrailInsight"%'`

	db := openDB(t, filepath.Join(t.TempDir(), "m.db"))
	since := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	in, reports := newIngester(t, db, enrich.Feeds{}, trail.Options{Since: since, S3: access})
	if _, err := in.Ingest(t.Context(), []string{"s3://insights/AWSLogs"}); err != nil || len(*reports) > 0 {
		t.Fatalf("Ingest: %v, reports %q", err, *reports)
	}
	if n := count(t, db, insights); n != 4 {
		t.Errorf("%d Insights events stored, want 4 (two files of two, in the time range)", n)
	}
	if n := count(t, db, insights+" AND region = 'eu-west-1' AND event_name = 'CompleteLifecycleAction'"); n != 1 {
		t.Errorf("%d Insights events of the organization trail named CompleteLifecycleAction, want 1", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cloudtrail WHERE event_time < ?", db.Dialect().Time(since)); n != 0 {
		t.Errorf("%d events before %s", n, since)
	}
	prefixes, _ := rec.reset()
	for _, want := range []string{account + "2026/10/03/|", org + "2026/10/04/|", account + "|/", org + "2026/|/"} {
		if !slices.Contains(prefixes, want) {
			t.Errorf("%q was not listed; listings: %q", want, prefixes)
		}
	}
	for _, p := range prefixes {
		if strings.Contains(p, "CloudTrail-Digest/") || strings.HasPrefix(p, account+"2026/10/01/") {
			t.Errorf("listed %q: a digest folder or an Insights day folder outside the range", p)
		}
	}

	// A source inside an Insights region folder is listed as it is, not
	// searched for region folders.
	flat := openDB(t, filepath.Join(t.TempDir(), "f.db"))
	in2, reports2 := newIngester(t, flat, enrich.Feeds{}, trail.Options{S3: access})
	src := "s3://insights/" + account + "2026/10/01/"
	if _, err := in2.Ingest(t.Context(), []string{src}); err != nil || len(*reports2) > 0 {
		t.Fatalf("Ingest(%s): %v, reports %q", src, err, *reports2)
	}
	if n := count(t, flat, insights); n != 2 {
		t.Errorf("Ingest(%s) stored %d Insights events, want 2", src, n)
	}
	prefixes, _ = rec.reset()
	for _, p := range prefixes {
		if strings.HasSuffix(p, "|/") {
			t.Errorf("Ingest(%s) made the delimited listing %q", src, p)
		}
	}
}
