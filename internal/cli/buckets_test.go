package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
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
	rows, err := db.Query(t.Context(), "SELECT bucket FROM buckets WHERE "+cq.Where+" ORDER BY bucket", cq.Args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}
