package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/posture"
	"github.com/mamori-dev/mamori/internal/query"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// postureBuckets creates buckets with known posture through c:
// acl-public (public-read ACL), policy-public (Principal "*"), private
// (versioned, tagged, AES256 default encryption), shared (a policy for
// another account) and blocked (public-read ACL ignored by Block Public
// Access).
func postureBuckets(t *testing.T, c *s3.Client) {
	t.Helper()
	ctx := t.Context()
	for _, b := range []string{"acl-public", "blocked", "policy-public", "private", "shared"} {
		createBucket(t, c, b)
		putObject(t, c, b, "data.csv", "name,email\nAlice,alice@example.com\n")
	}
	for _, b := range []string{"acl-public", "blocked"} {
		must(t, "ownership", ctl(c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: aws.String(b),
			OwnershipControls: &types.OwnershipControls{Rules: []types.OwnershipControlsRule{{ObjectOwnership: types.ObjectOwnershipBucketOwnerPreferred}}}})))
		must(t, "acl", ctl(c.PutBucketAcl(ctx, &s3.PutBucketAclInput{Bucket: aws.String(b), ACL: types.BucketCannedACLPublicRead})))
	}
	must(t, "block", ctl(c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("blocked"),
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})))
	must(t, "policy", ctl(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("policy-public"), Policy: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::policy-public/*"]}]}`)})))
	must(t, "policy", ctl(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("shared"), Policy: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":["partner"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::shared/*"]},` +
			`{"Sid":"OfficeOnly","Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::shared/*"],"Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}}]}`)})))
	must(t, "versioning", ctl(c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("private"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})))
	must(t, "tagging", ctl(c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("private"),
		Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("team"), Value: aws.String("data")}}}})))
	must(t, "encryption", ctl(c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String("private"),
		ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{Rules: []types.ServerSideEncryptionRule{
			{ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAes256}}}}})))
}

func ctl[T any](_ T, err error) error { return err }

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// bucketSummary is the part of a bucket row the posture bar checks.
type bucketSummary struct {
	Bucket                                         string
	PublicRead, PublicWrite, Public, BlockPublicAc posture.Tri
	Shared                                         []string
	Encryption, Versioning                         string
	Objects                                        int64
}

func TestBucketsPosture(t *testing.T) {
	srv, _ := s3Env(t)
	srv.AddUser(t, "partner", "partnersecret0000000000000000000000000000")
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{})
	c, err := source.NewS3Client(t.Context(), source.S3Config{EndpointURL: proxy.Endpoint, Region: srv.Region})
	if err != nil {
		t.Fatal(err)
	}
	postureBuckets(t, c)
	dsn := filepath.Join(t.TempDir(), "m.db")
	code, out, errOut := run(t, "buckets", "--endpoint-url", proxy.Endpoint, "--db", dsn, "--store", "--format", "jsonl")
	if code != ExitOK {
		t.Fatalf("buckets exit %d: %s", code, errOut)
	}
	var got []bucketSummary
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r bucketRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("decode %q: %v", line, err)
		}
		got = append(got, bucketSummary{r.Bucket.Bucket, r.PublicRead, r.PublicWrite, r.Public, r.BlockPublicAccess,
			r.SharedAccounts, r.Encryption, r.Versioning, r.ObjectCount})
	}
	F, T := posture.False, posture.True
	want := []bucketSummary{
		{"acl-public", T, F, T, F, []string{}, "none", "Disabled", 1},
		{"blocked", F, F, F, T, []string{}, "none", "Disabled", 1},
		{"policy-public", T, F, T, F, []string{}, "none", "Disabled", 1},
		{"private", F, F, F, F, []string{}, "AES256", "Enabled", 1},
		{"shared", F, F, F, F, []string{"partner"}, "none", "Disabled", 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buckets mismatch (-want +got):\n%s", diff)
	}
	if got := queryBuckets(t, dsn, "public_read:true"); !slices.Equal(got, []string{"acl-public", "policy-public"}) {
		t.Errorf("public_read:true found %v", got)
	}
}

// queryBuckets runs a Lucene query on the s3_buckets index of the store
// at dsn and returns the matching bucket names, sorted.
func queryBuckets(t *testing.T, dsn, q string) []string {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cq, err := query.ParseCompile(q, "s3_buckets", db.Dialect(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return queryStrings(t, db, "SELECT bucket FROM buckets WHERE "+cq.Where+" ORDER BY bucket", cq.Args...)
}

func TestBucketsAccounts(t *testing.T) {
	srv, c := s3Env(t)
	srv.AddUser(t, "partner", "partnersecret0000000000000000000000000000")
	createBucket(t, c, "main-data")
	pc, err := source.NewS3Client(t.Context(), source.S3Config{EndpointURL: srv.Endpoint, Region: srv.Region,
		Credentials: credentials.NewStaticCredentialsProvider("partner", "partnersecret0000000000000000000000000000", "")})
	if err != nil {
		t.Fatal(err)
	}
	createBucket(t, pc, "partner-data")
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	must(t, "write", os.WriteFile(creds, []byte("[main]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = "+srv.SecretKey+
		"\n[partner]\naws_access_key_id = partner\naws_secret_access_key = partnersecret0000000000000000000000000000\n"), 0o600))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	cfg := filepath.Join(dir, "mamori.yaml")
	must(t, "write", os.WriteFile(cfg, []byte("s3:\n  accounts:\n    - name: main\n      profile: main\n      endpoint_url: "+srv.Endpoint+
		"\n    - name: partner\n      profile: partner\n      endpoint_url: "+srv.Endpoint+"\n"), 0o600))
	code, out, errOut := run(t, "buckets", "--config", cfg, "--db", filepath.Join(dir, "m.db"), "--format", "jsonl", "--no-count")
	if code != ExitOK {
		t.Fatalf("buckets exit %d: %s", code, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r bucketRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("decode %q: %v", line, err)
		}
		got = append(got, r.Account+"/"+r.Bucket.Bucket)
	}
	// versitygw's root account lists every bucket; the partner its own.
	if want := []string{"main/main-data", "main/partner-data", "partner/partner-data"}; !slices.Equal(got, want) {
		t.Errorf("buckets = %v; want %v", got, want)
	}
	code, _, errOut = run(t, "buckets", "--config", cfg, "--db", filepath.Join(dir, "m.db"), "s3://main-data")
	if code != ExitUsage || !strings.Contains(errOut, "--account") {
		t.Errorf("targets with two accounts: exit %d, %s", code, errOut)
	}
}

func TestLoadAccounts(t *testing.T) {
	tests := []struct {
		name, yaml, err string
	}{
		{"ok", "s3:\n  accounts:\n    - name: a\n      role_arn: arn:aws:iam::111122223333:role/r\n      external_id: x\n", ""},
		{"no name", "s3:\n  accounts:\n    - profile: p\n", "s3.accounts[0]: no name"},
		{"twice", "s3:\n  accounts:\n    - name: a\n    - name: a\n", `s3.accounts[1]: name "a" is used twice`},
		{"external id alone", "s3:\n  accounts:\n    - name: a\n      external_id: x\n", "external_id needs role_arn"},
		{"not yaml", "s3: [", "yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "mamori.yaml")
			must(t, "write", os.WriteFile(p, []byte(tt.yaml), 0o600))
			_, err := loadAccounts(p)
			if (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("loadAccounts = %v; want an error containing %q", err, tt.err)
			}
		})
	}
	if as, err := loadAccounts(""); err != nil || as != nil {
		t.Errorf("loadAccounts(\"\") without mamori.yaml = %v, %v", as, err)
	}
}
