package source

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// More classes of per-object errors, reported by the S3 source.
var (
	// ErrArchived means the object is in an archive storage class (Glacier
	// Flexible Retrieval, Deep Archive, an Intelligent-Tiering archive
	// tier): reading it would need a restore, which mamori never asks for.
	ErrArchived = errors.New("archived")
	// ErrEncrypted means the object is encrypted with a key mamori does not
	// have, such as a customer-provided key (SSE-C).
	ErrEncrypted = errors.New("encrypted")
)

// archiveClasses are the storage classes whose objects cannot be read
// without a restore.
var archiveClasses = []types.ObjectStorageClass{
	types.ObjectStorageClassGlacier, types.ObjectStorageClassDeepArchive,
}

// S3Options select and bound what an S3 source reports and reads.
type S3Options struct {
	// Include and Exclude hold glob patterns matched against object keys,
	// with the syntax of LocalOptions. Keys are full S3 keys, prefix
	// included.
	Include, Exclude []string
	// Extensions, when non-empty, keeps only keys with one of these
	// extensions (".csv" or "csv", any case).
	Extensions []string
	// MinSize and MaxSize bound object sizes in bytes; MaxSize 0 means no
	// bound.
	MinSize, MaxSize int64
	// ModifiedAfter, when non-zero, keeps only objects modified after it.
	ModifiedAfter time.Time
	// MaxObjectSize is how many bytes of each object Open fetches, with a
	// ranged GET; 0 means the whole object.
	MaxObjectSize int64
	// StartAfter resumes a listing after this key (a checkpoint).
	StartAfter string
	// SamplePercent, when between 0 and 100 exclusive, keeps a
	// deterministic sample of about that share of the keys: the same keys
	// on every run.
	SamplePercent float64
	// Keep, when set, is asked about every object that passed the other
	// filters; objects it declines are not reported. Incremental scans use
	// it to skip unchanged objects. An error from it stops the walk.
	Keep func(ctx context.Context, o Object) (bool, error)
	// PageSize is the number of keys per listing request; 0 means 1000.
	PageSize int32
	// Region, when set, is the bucket's region, used for its requests
	// instead of the client's (see BucketRegion).
	Region string
}

// S3 is a Source over the objects of one bucket under a prefix. Its
// objects have Source "s3", URI "s3://bucket/key" and Key the full S3 key.
// ETag is the object's ETag without quotes.
//
// Walk reports objects in key order, skipping "folder/" markers. Objects
// in an archive storage class are reported with Err wrapping ErrArchived
// and are never read.
type S3 struct {
	client         *s3.Client
	bucket, prefix string
	opts           S3Options
	filter         filter
	exts           []string
	region         []func(*s3.Options) // the bucket's region, when set
}

// ParseS3URI splits "s3://BUCKET[/PREFIX]" into bucket and prefix.
func ParseS3URI(target string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(target, "s3://")
	if !ok {
		return "", "", fmt.Errorf("s3 target %q: not an s3:// uri", target)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("s3 target %q: no bucket", target)
	}
	return bucket, prefix, nil
}

// NewS3 returns a Source for target ("s3://BUCKET[/PREFIX]") read with
// client. It checks the options, not the bucket: a missing bucket is
// reported by Walk.
func NewS3(client *s3.Client, target string, opts S3Options) (*S3, error) {
	bucket, prefix, err := ParseS3URI(target)
	if err != nil {
		return nil, err
	}
	f, err := newFilter(opts.Include, opts.Exclude)
	if err != nil {
		return nil, fmt.Errorf("s3 target %s: %w", target, err)
	}
	if opts.SamplePercent < 0 || opts.SamplePercent > 100 {
		return nil, fmt.Errorf("s3 target %s: sample %g%% is outside 0–100", target, opts.SamplePercent)
	}
	s := &S3{client: client, bucket: bucket, prefix: prefix, opts: opts, filter: f}
	if opts.Region != "" {
		s.region = []func(*s3.Options){func(o *s3.Options) { o.Region = opts.Region }}
	}
	for _, e := range opts.Extensions {
		s.exts = append(s.exts, "."+strings.ToLower(strings.TrimPrefix(e, ".")))
	}
	return s, nil
}

// Bucket returns the bucket the source lists.
func (s *S3) Bucket() string { return s.bucket }

// Walk lists the bucket under the prefix page by page and calls fn for each
// object that passes the filters. A listing that fails after the client's
// retries ends the walk with an error naming the bucket and the cause; it
// wraps ErrAccessDenied or ErrNotFound (no such bucket) where they apply.
func (s *S3) Walk(ctx context.Context, fn func(Object) error) error {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket)}
	if s.prefix != "" {
		in.Prefix = aws.String(s.prefix)
	}
	if s.opts.StartAfter != "" {
		in.StartAfter = aws.String(s.opts.StartAfter)
	}
	if s.opts.PageSize > 0 {
		in.MaxKeys = aws.Int32(s.opts.PageSize)
	}
	pages := s3.NewListObjectsV2Paginator(s.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx, s.region...)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return classifyS3("list", "s3://"+s.bucket+"/"+s.prefix, err)
		}
		if err := s.page(ctx, page.Contents, fn); err != nil {
			return err
		}
	}
	return nil
}

// page reports the objects of one listing page.
func (s *S3) page(ctx context.Context, contents []types.Object, fn func(Object) error) error {
	for _, c := range contents {
		if err := ctx.Err(); err != nil {
			return err
		}
		o, ok := s.object(c)
		if !ok {
			continue
		}
		if s.opts.Keep != nil {
			keep, err := s.opts.Keep(ctx, o)
			if err != nil {
				return err
			}
			if !keep {
				continue
			}
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// object converts a listing entry and reports whether it passes the
// filters.
func (s *S3) object(c types.Object) (Object, bool) {
	key := aws.ToString(c.Key)
	o := Object{
		URI: "s3://" + s.bucket + "/" + key, Source: "s3", Bucket: s.bucket, Key: key,
		Size: aws.ToInt64(c.Size), ETag: strings.Trim(aws.ToString(c.ETag), `"`),
		LastModified: aws.ToTime(c.LastModified),
	}
	if !s.selected(o) {
		return Object{}, false
	}
	if slices.Contains(archiveClasses, c.StorageClass) {
		o.Err = fmt.Errorf("read %s: storage class %s: %w", o.URI, c.StorageClass, ErrArchived)
	}
	return o, true
}

// selected applies the key, size, age and sample filters.
func (s *S3) selected(o Object) bool {
	switch {
	case o.Key == "" || (strings.HasSuffix(o.Key, "/") && o.Size == 0):
		return false // a folder marker
	case s.filter.skipFile(o.Key):
		return false
	case len(s.exts) > 0 && !slices.Contains(s.exts, strings.ToLower(path.Ext(o.Key))):
		return false
	case o.Size < s.opts.MinSize || (s.opts.MaxSize > 0 && o.Size > s.opts.MaxSize):
		return false
	case !s.opts.ModifiedAfter.IsZero() && !o.LastModified.After(s.opts.ModifiedAfter):
		return false
	}
	return InSample(o.Bucket, o.Key, s.opts.SamplePercent)
}

// InSample reports whether key of bucket belongs to a deterministic sample
// of percent of the keys (all keys for percent 0 or 100): a hash of bucket
// and key decides, so a key is in or out on every run.
func InSample(bucket, key string, percent float64) bool {
	if percent <= 0 || percent >= 100 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(bucket))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return float64(h.Sum64()%1_000_000) < percent*10_000
}

// Open fetches o, only its first MaxObjectSize bytes when it is larger (a
// ranged GET). Errors name the object and wrap ErrAccessDenied (including
// a KMS key that may not be used), ErrNotFound, ErrArchived or
// ErrEncrypted (SSE-C) where they apply.
func (s *S3) Open(ctx context.Context, o Object) (io.ReadCloser, error) {
	if o.Err != nil {
		return nil, o.Err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)}
	if m := s.opts.MaxObjectSize; m > 0 && o.Size > m {
		in.Range = aws.String(fmt.Sprintf("bytes=0-%d", m-1))
	}
	out, err := s.client.GetObject(ctx, in, s.region...)
	if err != nil {
		return nil, classifyS3("read", o.URI, err)
	}
	end := o.Size
	if m := s.opts.MaxObjectSize; m > 0 && o.Size > m {
		end = m
	}
	reopen := func(off int64) (io.ReadCloser, error) {
		in := *in
		in.Range = aws.String(fmt.Sprintf("bytes=%d-%d", off, end-1))
		if o.ETag != "" {
			in.IfMatch = aws.String(`"` + o.ETag + `"`)
		}
		out, err := s.client.GetObject(ctx, &in, s.region...)
		if err != nil {
			return nil, classifyS3("read", o.URI, err)
		}
		return out.Body, nil
	}
	return &resumingBody{body: out.Body, end: end, reopen: reopen, uri: o.URI}, nil
}

// bodyRetries is how many times a body cut short is fetched again.
const bodyRetries = 5

// A resumingBody reads an object body and, when the connection breaks in
// the middle (the SDK retries requests, not bodies), fetches the rest with
// a ranged GET of the same ETag, so a reset costs a request, not the
// object.
type resumingBody struct {
	body    io.ReadCloser
	off     int64 // bytes delivered so far
	end     int64 // bytes expected in all
	retries int
	reopen  func(off int64) (io.ReadCloser, error)
	uri     string
}

// Read reads from the body, resuming after a broken connection.
func (b *resumingBody) Read(p []byte) (int, error) {
	for {
		n, err := b.body.Read(p)
		b.off += int64(n)
		if errors.Is(err, io.EOF) && b.off < b.end {
			err = io.ErrUnexpectedEOF
		}
		switch {
		case err == nil || errors.Is(err, io.EOF):
			return n, err
		case n > 0:
			return n, nil // deliver these bytes; the next Read resumes
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			return 0, err
		case b.retries >= bodyRetries:
			return 0, fmt.Errorf("read %s at byte %d: %w", b.uri, b.off, err)
		}
		b.retries++
		b.body.Close()
		b.body = io.NopCloser(strings.NewReader(""))
		body, err := b.reopen(b.off)
		if err != nil {
			return 0, err
		}
		b.body = body
	}
}

// Close closes the current body.
func (b *resumingBody) Close() error { return b.body.Close() }

// BucketRegion returns the region of bucket (GetBucketLocation, which any
// region answers): AWS S3 wants each bucket's requests signed for its own
// region. An empty location is us-east-1, "EU" eu-west-1.
func BucketRegion(ctx context.Context, client *s3.Client, bucket string) (string, error) {
	out, err := client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if err != nil {
		return "", classifyS3("locate", "s3://"+bucket, err)
	}
	switch out.LocationConstraint {
	case "":
		return "us-east-1", nil
	case "EU":
		return "eu-west-1", nil
	}
	return string(out.LocationConstraint), nil
}

// classifyS3 wraps an S3 error so that errors.Is matches the class it
// belongs to, with the message "op uri: code: message".
func classifyS3(op, uri string, err error) error {
	var class error
	var ae smithy.APIError
	code, status := "", 0
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	switch {
	case code == "InvalidObjectState":
		class = ErrArchived
	case code == "InvalidRequest" && strings.Contains(strings.ToLower(ae.ErrorMessage()), "encrypt"):
		class = ErrEncrypted
	case code == "AccessDenied" || code == "AllAccessDisabled" || code == "KMS.AccessDeniedException" || status == http.StatusForbidden:
		class = ErrAccessDenied
	case code == "NoSuchKey" || code == "NoSuchBucket" || status == http.StatusNotFound:
		class = ErrNotFound
	}
	msg := op + " " + uri + ": " + errorText(err, ae)
	return &fsError{msg: msg, class: class, err: err}
}

// errorText is the short form of an S3 error: "Code: message" for an API
// error, else the error itself.
func errorText(err error, ae smithy.APIError) string {
	if ae == nil {
		return err.Error()
	}
	if m := ae.ErrorMessage(); m != "" {
		return ae.ErrorCode() + ": " + m
	}
	return ae.ErrorCode()
}

var _ Source = (*S3)(nil)
