package source_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/source"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// s3Client returns a client of the test server.
func s3Client(t testing.TB, srv testenv.S3Server) *s3.Client {
	t.Helper()
	c, err := source.NewS3Client(t.Context(), source.S3Config{
		EndpointURL: srv.Endpoint, Region: srv.Region, MaxBackoff: 20 * time.Millisecond,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fill creates bucket and puts objects (key → content) into it.
func fill(t testing.TB, c *s3.Client, bucket string, objects map[string]string) {
	t.Helper()
	ctx := t.Context()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
	for k, v := range objects {
		put(t, c, bucket, k, v)
	}
}

func put(t testing.TB, c *s3.Client, bucket, key, content string) {
	t.Helper()
	_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(content)})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// keys walks src and returns the keys it reports (with " !err" when the
// object carries an error).
func keys(t *testing.T, src source.Source) []string {
	t.Helper()
	var got []string
	err := src.Walk(t.Context(), func(o source.Object) error {
		k := o.Key
		if o.Err != nil {
			k += " !" + o.Err.Error()
		}
		got = append(got, k)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return got
}

func TestS3Walk(t *testing.T) {
	srv := testenv.S3(t)
	c := s3Client(t, srv)
	fill(t, c, "walk", map[string]string{
		"a.csv": "x", "b.txt": "xx", "data/c.csv": "xxx", "data/d.png": "xxxx", "data/sub/e.CSV": "xxxxx",
		"logs/f.log": "xxxxxx", "empty.txt": "", "folder/": "",
	})
	tests := []struct {
		name   string
		target string
		opts   source.S3Options
		want   []string
	}{
		{"everything, paged by 2", "s3://walk", source.S3Options{PageSize: 2},
			[]string{"a.csv", "b.txt", "data/c.csv", "data/d.png", "data/sub/e.CSV", "empty.txt", "logs/f.log"}},
		{"prefix", "s3://walk/data/", source.S3Options{}, []string{"data/c.csv", "data/d.png", "data/sub/e.CSV"}},
		{"exclude glob", "s3://walk", source.S3Options{Exclude: []string{"*.png", "logs/"}},
			[]string{"a.csv", "b.txt", "data/c.csv", "data/sub/e.CSV", "empty.txt"}},
		{"include glob", "s3://walk", source.S3Options{Include: []string{"data/**/*.csv"}}, []string{"data/c.csv"}},
		{"extensions ignore case", "s3://walk", source.S3Options{Extensions: []string{"csv"}},
			[]string{"a.csv", "data/c.csv", "data/sub/e.CSV"}},
		{"size bounds", "s3://walk", source.S3Options{MinSize: 2, MaxSize: 4}, []string{"b.txt", "data/c.csv", "data/d.png"}},
		{"start after a checkpoint", "s3://walk", source.S3Options{StartAfter: "data/sub/e.CSV"}, []string{"empty.txt", "logs/f.log"}},
		{"keep declines", "s3://walk/data/", source.S3Options{Keep: func(_ context.Context, o source.Object) (bool, error) {
			return o.Size != 3, nil
		}}, []string{"data/d.png", "data/sub/e.CSV"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := source.NewS3(c, tt.target, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, keys(t, src)); diff != "" {
				t.Errorf("Walk(%s) mismatch (-want +got):\n%s", tt.target, diff)
			}
		})
	}
}

func TestS3ObjectAndOpen(t *testing.T) {
	srv := testenv.S3(t)
	c := s3Client(t, srv)
	content := strings.Repeat("0123456789", 10)
	fill(t, c, "open", map[string]string{"dir/big.txt": content})
	src, err := source.NewS3(c, "s3://open", source.S3Options{MaxObjectSize: 25})
	if err != nil {
		t.Fatal(err)
	}
	var objs []source.Object
	if err := src.Walk(t.Context(), func(o source.Object) error { objs = append(objs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 {
		t.Fatalf("Walk reported %d objects; want 1", len(objs))
	}
	o := objs[0]
	if o.URI != "s3://open/dir/big.txt" || o.Source != "s3" || o.Bucket != "open" || o.Size != 100 || o.ETag == "" || strings.Contains(o.ETag, `"`) || o.LastModified.IsZero() {
		t.Errorf("object = %+v", o)
	}
	rc, err := src.Open(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content[:25] {
		t.Errorf("ranged read = %q; want the first 25 bytes %q", got, content[:25])
	}
	o.Key, o.URI = "dir/missing.txt", "s3://open/dir/missing.txt"
	if _, err := src.Open(t.Context(), o); !errors.Is(err, source.ErrNotFound) || !strings.Contains(err.Error(), o.URI) {
		t.Errorf("Open(missing) = %v; want an error naming it that wraps ErrNotFound", err)
	}
}

func TestS3Errors(t *testing.T) {
	srv := testenv.S3(t)
	c := s3Client(t, srv)
	src, err := source.NewS3(c, "s3://no-such-bucket", source.S3Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = src.Walk(t.Context(), func(source.Object) error { return nil })
	if !errors.Is(err, source.ErrNotFound) || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Errorf("Walk(missing bucket) = %v; want an error naming it that wraps ErrNotFound", err)
	}
	denied, err := source.NewS3Client(t.Context(), source.S3Config{EndpointURL: srv.Endpoint, Region: srv.Region,
		Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, "wrong-secret", ""), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, c, "denied", map[string]string{"a.txt": "a"})
	src, _ = source.NewS3(denied, "s3://denied", source.S3Options{})
	if err := src.Walk(t.Context(), func(source.Object) error { return nil }); !errors.Is(err, source.ErrAccessDenied) {
		t.Errorf("Walk with a wrong secret = %v; want ErrAccessDenied", err)
	}
}

func TestArchivedStorageClass(t *testing.T) {
	srv := testenv.S3(t)
	// versitygw lists every object as STANDARD: the proxy rewrites the
	// listing as AWS would show objects moved to Glacier and Deep Archive.
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{Rewrite: func(r *http.Request, b []byte) []byte {
		if !r.URL.Query().Has("list-type") {
			return b
		}
		s := string(b)
		for key, class := range map[string]string{"old.csv": "GLACIER", "older.csv": "DEEP_ARCHIVE", "ir.csv": "GLACIER_IR"} {
			s = regexp.MustCompile(`(<Key>`+key+`</Key>.*?<StorageClass>)[A-Z_]*(</StorageClass>)`).ReplaceAllString(s, "${1}"+class+"${2}")
		}
		return []byte(s)
	}})
	srv.Endpoint = proxy.Endpoint
	c := s3Client(t, srv)
	fill(t, c, "cold", map[string]string{"ir.csv": "a", "new.csv": "b", "old.csv": "c", "older.csv": "d"})
	src, _ := source.NewS3(c, "s3://cold", source.S3Options{})
	var got []string
	err := src.Walk(t.Context(), func(o source.Object) error {
		got = append(got, fmt.Sprintf("%s archived=%v", o.Key, errors.Is(o.Err, source.ErrArchived)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ir.csv archived=false", "new.csv archived=false", "old.csv archived=true", "older.csv archived=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk mismatch (-want +got):\n%s", diff)
	}
}

func TestInSample(t *testing.T) {
	n := 0
	for i := range 10000 {
		if source.InSample("b", fmt.Sprintf("k%d", i), 10) {
			n++
		}
	}
	if n < 900 || n > 1100 {
		t.Errorf("a 10%% sample of 10000 keys has %d keys", n)
	}
	for _, pct := range []float64{0, 100} {
		if !source.InSample("b", "k", pct) {
			t.Errorf("InSample(%g) = false; want every key", pct)
		}
	}
	first := make([]bool, 200)
	for i := range first {
		first[i] = source.InSample("b", fmt.Sprintf("k%d", i), 10)
	}
	for i, want := range first {
		if got := source.InSample("b", fmt.Sprintf("k%d", i), 10); got != want {
			t.Errorf("InSample(k%d) = %v, then %v: not deterministic", i, want, got)
		}
	}
}

func TestS3OpenResumesCutBodies(t *testing.T) {
	srv := testenv.S3(t)
	objects := map[string]string{}
	for i := range 20 {
		objects[fmt.Sprintf("k%02d", i)] = strings.Repeat(fmt.Sprintf("%02d-", i), 300)
	}
	fill(t, s3Client(t, srv), "cut", objects)
	proxy := testenv.NewS3Proxy(t, srv.Endpoint, testenv.S3ProxyOptions{CutPercent: 50})
	srv.Endpoint = proxy.Endpoint
	src, _ := source.NewS3(s3Client(t, srv), "s3://cut", source.S3Options{MaxObjectSize: 800})
	err := src.Walk(t.Context(), func(o source.Object) error {
		rc, err := src.Open(t.Context(), o)
		if err != nil {
			return err
		}
		defer rc.Close()
		got, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		if want := objects[o.Key][:800]; string(got) != want {
			t.Errorf("%s: read %d bytes %q…; want the first 800", o.Key, len(got), got[:min(len(got), 12)])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if proxy.Failures() == 0 {
		t.Error("the proxy cut no body")
	}
}

func TestBucketRegion(t *testing.T) {
	srv := testenv.S3(t)
	c := s3Client(t, srv)
	fill(t, c, "here", nil)
	if r, err := source.BucketRegion(t.Context(), c, "here"); err != nil || r != "us-east-1" {
		t.Errorf("BucketRegion = %q, %v; want us-east-1", r, err)
	}
	src, _ := source.NewS3(c, "s3://here", source.S3Options{Region: "us-east-1"})
	if got := keys(t, src); len(got) != 0 {
		t.Errorf("Walk of an empty bucket = %v", got)
	}
	if _, err := source.BucketRegion(t.Context(), c, "not-there"); !errors.Is(err, source.ErrNotFound) {
		t.Errorf("BucketRegion(missing) = %v; want ErrNotFound", err)
	}
}
