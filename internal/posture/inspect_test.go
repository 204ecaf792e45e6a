package posture_test

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/posture"
	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/testenv"
)

func client(t *testing.T, srv testenv.S3Server, endpoint string) *s3.Client {
	t.Helper()
	c, err := source.NewS3Client(t.Context(), source.S3Config{EndpointURL: endpoint, Region: srv.Region, MaxAttempts: 2,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestInspectUnknown checks that a denied call makes what depends on it
// unknown, and that what other calls prove stays known.
func TestInspectUnknown(t *testing.T) {
	srv := testenv.S3(t)
	direct := client(t, srv, srv.Endpoint)
	ctx := t.Context()
	for _, b := range []string{"open", "quiet"} {
		if _, err := direct.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := direct.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: aws.String("open"),
		OwnershipControls: &types.OwnershipControls{Rules: []types.OwnershipControlsRule{{ObjectOwnership: types.ObjectOwnershipBucketOwnerPreferred}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := direct.PutBucketAcl(ctx, &s3.PutBucketAclInput{Bucket: aws.String("open"), ACL: types.BucketCannedACLPublicReadWrite}); err != nil {
		t.Fatal(err)
	}
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{Deny: func(r *http.Request) bool {
		return r.URL.Query().Has("policy")
	}})
	c := client(t, srv, proxy.Endpoint)
	type got struct {
		PublicRead, PublicWrite, Public posture.Tri
		Policy, ACL, Block              posture.Status
	}
	tests := []struct {
		bucket string
		want   got
	}{
		{"open", got{posture.True, posture.True, posture.True, posture.StatusDenied, posture.StatusOK, posture.StatusNone}},
		{"quiet", got{posture.Unknown, posture.Unknown, posture.Unknown, posture.StatusDenied, posture.StatusOK, posture.StatusNone}},
	}
	for _, tt := range tests {
		t.Run(tt.bucket, func(t *testing.T) {
			b, err := posture.Inspect(ctx, c, tt.bucket, posture.InspectOptions{})
			if err != nil {
				t.Fatal(err)
			}
			calls := b.Details.Calls
			g := got{b.PublicRead, b.PublicWrite, b.Public, calls["policy"], calls["acl"], calls["block_public_access"]}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("Inspect(%s) mismatch (-want +got):\n%s", tt.bucket, diff)
			}
		})
	}
	if _, err := posture.Inspect(ctx, c, "missing", posture.InspectOptions{}); err == nil {
		t.Error("Inspect(missing bucket) succeeded")
	}
}
