package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// s3Env starts an S3 test server, points the AWS environment variables at
// its credentials and returns it with a client for setting up buckets.
// Tests that call it cannot run in parallel (they set the environment).
func s3Env(t *testing.T) (testenv.S3Server, *s3.Client) {
	t.Helper()
	srv := testenv.S3(t)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": srv.AccessKey, "AWS_SECRET_ACCESS_KEY": srv.SecretKey, "AWS_REGION": srv.Region,
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED": "true", "MAMORI_S3_MAX_BACKOFF": "50ms",
	} {
		t.Setenv(k, v)
	}
	c, err := source.NewS3Client(t.Context(), source.S3Config{EndpointURL: srv.Endpoint, Region: srv.Region,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func createBucket(t testing.TB, c *s3.Client, bucket string) {
	t.Helper()
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
}

func putObject(t testing.TB, c *s3.Client, bucket, key, content string) {
	t.Helper()
	_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(content)})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// putObjects puts n small objects "obj/00000.txt"… into bucket, a few at a
// time.
func putObjects(t testing.TB, c *s3.Client, bucket string, from, n int) {
	t.Helper()
	errs := make(chan error, n)
	sem := make(chan struct{}, 8)
	for i := from; i < from+n; i++ {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(objKey(i)),
				Body: strings.NewReader(fmt.Sprintf("id,email\n%d,user%d@example.com\n", i, i))})
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("put: %v", err)
		}
	}
}

func objKey(i int) string { return fmt.Sprintf("obj/%05d.csv", i) }

// records decodes JSONL scan output.
func records(t testing.TB, out string) []record.Object {
	t.Helper()
	var recs []record.Object
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r record.Object
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("decode record %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestScanS3(t *testing.T) {
	srv, c := s3Env(t)
	createBucket(t, c, "scan")
	putObject(t, c, "scan", "people/customers.csv", "name,email,card\nAlice,alice@example.com,4111 1111 1111 1111\n")
	putObject(t, c, "scan", "people/big.txt", "contact alice@example.com "+strings.Repeat("x", 4000)+" bob@example.com")
	putObject(t, c, "scan", "readme.md", "nothing to see here\n")
	putObject(t, c, "scan", "other/skip.csv", "a,b\n")
	code, out, errOut := run(t, "scan", "--endpoint-url", srv.Endpoint, "--format", "jsonl", "--max-object-size", "1KB",
		"--exclude", "other/", "s3://scan")
	if code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, errOut)
	}
	type summary struct {
		URI, Source, Bucket, Key string
		Truncated                bool
		Types                    []string
	}
	var got []summary
	for _, r := range records(t, out) {
		s := summary{URI: r.URI, Source: r.Source, Bucket: r.Bucket, Key: r.Key, Truncated: r.Truncated}
		for _, f := range r.Findings {
			if f.Method == record.MethodPII || f.Method == record.MethodRegex {
				s.Types = append(s.Types, f.Type)
			}
		}
		slices.Sort(s.Types)
		got = append(got, s)
	}
	want := []summary{
		{"s3://scan/people/big.txt", "s3", "scan", "people/big.txt", true, []string{"email_address"}},
		{"s3://scan/people/customers.csv", "s3", "scan", "people/customers.csv", false, []string{"credit_card_number", "email_address"}},
		{"s3://scan/readme.md", "s3", "scan", "readme.md", false, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("scan returned %d records; want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		if w, g := want[i], got[i]; w.URI != g.URI || w.Source != g.Source || w.Bucket != g.Bucket || w.Key != g.Key ||
			w.Truncated != g.Truncated || !slices.Equal(w.Types, g.Types) {
			t.Errorf("record %d = %+v; want %+v", i, g, w)
		}
	}
}

func TestScanS3Estimate(t *testing.T) {
	srv, c := s3Env(t)
	createBucket(t, c, "est")
	putObject(t, c, "est", "a.csv", strings.Repeat("a", 2048))
	putObject(t, c, "est", "b.png", strings.Repeat("b", 1024))
	code, out, errOut := run(t, "scan", "--endpoint-url", srv.Endpoint, "--estimate", "--format", "jsonl",
		"--max-object-size", "1KB", "s3://est")
	if code != ExitOK {
		t.Fatalf("scan --estimate exit %d: %s", code, errOut)
	}
	var first struct {
		Target              string `json:"target"`
		Objects, Bytes      int64
		ClassifiableObjects int64 `json:"classifiable_objects"`
		ClassifiableBytes   int64 `json:"classifiable_bytes"`
		Requests            int64
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); err != nil {
		t.Fatalf("decode %q: %v", out, err)
	}
	if first.Target != "s3://est" || first.Objects != 2 || first.Bytes != 3072 || first.ClassifiableObjects != 1 ||
		first.ClassifiableBytes != 1024 || first.Requests != 2 {
		t.Errorf("estimate = %+v", first)
	}
}

// storedURIs returns the URIs of the objects in the store at dsn.
func storedURIs(t testing.TB, dsn string) []string {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return queryStrings(t, db, "SELECT uri FROM objects WHERE error = '' ORDER BY uri")
}

// queryStrings runs a query whose rows are one string each.
func queryStrings(t testing.TB, db *store.DB, sql string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(t.Context(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScanS3NewOnly(t *testing.T) {
	srv, c := s3Env(t)
	const n = 150
	createBucket(t, c, "inc")
	putObjects(t, c, "inc", 0, n)
	dsn := filepath.Join(t.TempDir(), "m.db")
	scan := func(extra ...string) []record.Object {
		t.Helper()
		args := append([]string{"scan", "--endpoint-url", srv.Endpoint, "--db", dsn, "--format", "jsonl"}, extra...)
		code, out, errOut := run(t, append(args, "s3://inc")...)
		if code != ExitOK {
			t.Fatalf("scan %v exit %d: %s", extra, code, errOut)
		}
		return records(t, out)
	}
	if got := len(scan("--store")); got != n {
		t.Fatalf("full scan: %d records; want %d", got, n)
	}
	putObjects(t, c, "inc", n, 10) // 10 new
	for i := 0; i < 5; i++ {       // 5 changed
		putObject(t, c, "inc", objKey(i*7), "changed,alice@example.com\n")
	}
	recs := scan("--new-only")
	var keys []string
	for _, r := range recs {
		keys = append(keys, r.Key)
	}
	want := []string{objKey(0), objKey(7), objKey(14), objKey(21), objKey(28)}
	for i := n; i < n+10; i++ {
		want = append(want, objKey(i))
	}
	if !slices.Equal(keys, want) {
		t.Errorf("--new-only scanned %v; want %v", keys, want)
	}
	if got := len(scan("--new-only")); got != 0 {
		t.Errorf("second --new-only scanned %d objects; want 0", got)
	}
	// --all overrides --new-only: a 10% sample of every object.
	if got := len(scan("--new-only", "--all", "--sample", "10")); got < 5 || got > 35 {
		t.Errorf("--all --sample 10 scanned %d of %d objects", got, n+10)
	}
}

func TestScanS3Faults(t *testing.T) {
	srv, c := s3Env(t)
	const n = 200
	createBucket(t, c, "flaky")
	putObjects(t, c, "flaky", 0, n)
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{FailPercent: 20, CutPercent: 20})
	dsn := filepath.Join(t.TempDir(), "m.db")
	code, out, errOut := run(t, "scan", "--endpoint-url", proxy.Endpoint, "--db", dsn, "--store", "--format", "jsonl",
		"--workers", "4", "s3://flaky")
	if code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, errOut)
	}
	seen := map[string]int{}
	for _, r := range records(t, out) {
		seen[r.Key]++
		if r.Error != "" || r.Skipped != "" {
			t.Errorf("%s: error %q skipped %q", r.Key, r.Error, r.Skipped)
		}
	}
	for i := range n {
		if seen[objKey(i)] != 1 {
			t.Errorf("%s recorded %d times; want once", objKey(i), seen[objKey(i)])
		}
	}
	if len(seen) != n || len(storedURIs(t, dsn)) != n {
		t.Errorf("%d objects recorded, %d stored; want %d", len(seen), len(storedURIs(t, dsn)), n)
	}
	if proxy.Failures() < n/10 {
		t.Errorf("the proxy failed only %d of %d requests", proxy.Failures(), proxy.Requests())
	}
	t.Logf("proxy failed %d of %d requests", proxy.Failures(), proxy.Requests())
}

func TestScanS3Denied(t *testing.T) {
	srv, c := s3Env(t)
	createBucket(t, c, "locked")
	putObject(t, c, "locked", "open.txt", "hello")
	putObject(t, c, "locked", "secret.txt", "hello")
	putObject(t, c, "locked", "sse-c.bin", "hello")
	putObject(t, c, "locked", "sse-kms.txt", "hello")
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{
		Deny: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/secret.txt")
		},
		Inject: func(r *http.Request) (int, string, string) {
			switch {
			case r.Method != http.MethodGet:
			case strings.HasSuffix(r.URL.Path, "/sse-c.bin"):
				return http.StatusBadRequest, "InvalidRequest", "The object was stored using a form of Server Side Encryption. " +
					"The correct parameters must be provided to retrieve the object."
			case strings.HasSuffix(r.URL.Path, "/sse-kms.txt"):
				return http.StatusForbidden, "AccessDenied", "User is not authorized to perform: kms:Decrypt"
			}
			return 0, "", ""
		},
	})
	code, out, errOut := run(t, "scan", "--endpoint-url", proxy.Endpoint, "--format", "jsonl", "s3://locked")
	if code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, errOut)
	}
	var got []string
	for _, r := range records(t, out) {
		got = append(got, fmt.Sprintf("%s skipped=%q error=%v", r.Key, r.Skipped, r.Error != ""))
		if r.Error != "" && !strings.Contains(r.Error, r.URI) {
			t.Errorf("error %q does not name %s", r.Error, r.URI)
		}
	}
	want := []string{`open.txt skipped="" error=false`, `secret.txt skipped="access_denied" error=true`,
		`sse-c.bin skipped="encrypted" error=false`, `sse-kms.txt skipped="access_denied" error=true`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
}

// TestHelperScan is not a test: run as a subprocess by TestScanS3Kill, it
// runs "mamori scan" with the arguments in MAMORI_HELPER_ARGS.
func TestHelperScan(t *testing.T) {
	args := os.Getenv("MAMORI_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process only")
	}
	os.Exit(Main(t.Context(), strings.Split(args, "\x1f"), strings.NewReader(""), os.Stdout, os.Stderr))
}

func TestScanS3Kill(t *testing.T) {
	srv, c := s3Env(t)
	const n = 600
	createBucket(t, c, "kill")
	putObjects(t, c, "kill", 0, n)
	dsn := filepath.Join(t.TempDir(), "m.db")
	args := []string{"scan", "--endpoint-url", srv.Endpoint, "--db", dsn, "--store", "--format", "jsonl", "--workers", "1", "s3://kill"}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperScan$")
	cmd.Env = append(os.Environ(), "MAMORI_HELPER_ARGS="+strings.Join(args, "\x1f"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := 0
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if lines++; lines == 300 {
			break
		}
	}
	_ = cmd.Process.Kill() // SIGKILL: no cleanup, no final flush
	_ = cmd.Wait()         // killed: "signal: killed"
	if lines < 300 {
		t.Fatalf("the first scan printed only %d records before it ended: %s", lines, stderr.String())
	}
	before := storedURIs(t, dsn)
	if len(before) == 0 || len(before) >= n {
		t.Fatalf("%d objects stored when killed; want some, not all", len(before))
	}
	code, out, errOut := run(t, args...)
	if code != ExitOK {
		t.Fatalf("rerun exit %d: %s", code, errOut)
	}
	recs := records(t, out)
	if !strings.Contains(errOut, "resuming") {
		t.Errorf("rerun did not resume: %s", errOut)
	}
	for _, r := range recs {
		if slices.Contains(before, r.URI) {
			t.Errorf("rerun read %s again, stored before the kill", r.URI)
			break
		}
	}
	after := storedURIs(t, dsn)
	if len(after) != n {
		t.Errorf("%d objects stored after the rerun; want %d", len(after), n)
	}
	t.Logf("killed after %d records printed, %d stored; the rerun read %d", lines, len(before), len(recs))
	code, _, errOut = run(t, args...)
	if code != ExitOK || strings.Contains(errOut, "resuming") {
		t.Errorf("a third scan resumed (exit %d): %s", code, errOut)
	}
}

// TestScanS3Throughput measures a full scan and an incremental one of
// MAMORI_S3_MEASURE small objects (the bar: 10000), after adding
// 10 and changing 5. It is skipped unless that variable is set.
func TestScanS3Throughput(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MAMORI_S3_MEASURE"))
	workers := os.Getenv("MAMORI_S3_WORKERS")
	if n <= 0 {
		t.Skip("set MAMORI_S3_MEASURE=10000 to measure")
	}
	srv, c := s3Env(t)
	createBucket(t, c, "many")
	putObjects(t, c, "many", 0, n)
	dsn := filepath.Join(t.TempDir(), "m.db")
	scan := func(extra ...string) (int, time.Duration) {
		args := append([]string{"scan", "--endpoint-url", srv.Endpoint, "--db", dsn, "--format", "jsonl"}, extra...)
		if workers != "" {
			args = append(args, "--workers", workers)
		}
		start := time.Now()
		code, out, errOut := run(t, append(args, "s3://many")...)
		if code != ExitOK {
			t.Fatalf("scan exit %d: %s", code, errOut)
		}
		return len(records(t, out)), time.Since(start)
	}
	got, d := scan("--store")
	t.Logf("full scan: %d objects in %v: %.0f objects/s", got, d.Round(time.Millisecond), float64(got)/d.Seconds())
	putObjects(t, c, "many", n, 10)
	for i := range 5 {
		putObject(t, c, "many", objKey(i*97), "changed,alice@example.com\n")
	}
	got, d = scan("--new-only")
	t.Logf("--new-only: %d objects read of %d listed in %v: %.0f objects/s listed", got, n+10, d.Round(time.Millisecond),
		float64(n+10)/d.Seconds())
	if got != 15 {
		t.Errorf("--new-only read %d objects; want 15", got)
	}
}

func TestScanS3Account(t *testing.T) {
	srv, c := s3Env(t)
	createBucket(t, c, "acct")
	putObject(t, c, "acct", "a.txt", "alice@example.com")
	cfg := filepath.Join(t.TempDir(), "mamori.yaml")
	if err := os.WriteFile(cfg, []byte("s3:\n  accounts:\n    - name: lab\n      endpoint_url: "+srv.Endpoint+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "scan", "--config", cfg, "--account", "lab", "--format", "jsonl", "s3://acct")
	if code != ExitOK || len(records(t, out)) != 1 {
		t.Fatalf("scan --account lab: exit %d, %q, %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "scan", "--config", cfg, "--account", "nope", "s3://acct"); code != ExitUsage {
		t.Errorf("scan --account nope: exit %d, %s", code, errOut)
	}
}
