package trail

import (
	"context"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/mamori-dev/mamori/internal/source"
)

// S3Access is how an Ingester reaches s3://BUCKET/PREFIX sources.
type S3Access struct {
	// Client returns the S3 client. It is called once, for the first
	// s3:// source.
	Client func(ctx context.Context) (*s3.Client, error)
	// Locate signs each bucket's requests for the bucket's own region
	// (AWS S3; S3-compatible stores answer in any region).
	Locate bool
}

// s3Root is one region folder of a trail bucket,
// <prefix>AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/, or the same
// under CloudTrail-Insight/ for Insights events, under which the logs sit
// in YYYY/MM/DD/ folders.
type s3Root struct {
	client *s3.Client
	bucket string
	prefix string    // ends with the region and "/"
	region string    // the bucket's region when located, else ""
	newest time.Time // the newest day folder, zero when it has none
}

// maxExploreDepth bounds how many folder levels below the source prefix
// are searched for CloudTrail folders: AWSLogs/<org-id>/<account>/
// CloudTrail, under a prefix of a few levels.
const maxExploreDepth = 6

// regionLevel matches a prefix that is already inside a region folder.
var regionLevel = regexp.MustCompile(`(?:^|/)CloudTrail(?:-Insight)?/[^/]+/`)

// s3Roots finds the region folders of CloudTrail and CloudTrail-Insight
// under an s3:// source with delimited listings, which read one entry per
// folder, not the objects. A source inside a region folder
// (…/CloudTrail/us-east-1/2026/11/), or one without CloudTrail folders, is
// listed as it is and its log files are returned instead.
func (in *Ingester) s3Roots(ctx context.Context, src string) ([]s3Root, []logFile, error) {
	if in.opt.S3 == nil || in.opt.S3.Client == nil {
		return nil, nil, fmt.Errorf("source %s: s3 sources need S3 access", src)
	}
	bucket, prefix, err := source.ParseS3URI(src)
	if err != nil {
		return nil, nil, err
	}
	if in.s3 == nil {
		if in.s3, err = in.opt.S3.Client(ctx); err != nil {
			return nil, nil, fmt.Errorf("source %s: %w", src, err)
		}
	}
	base := s3Root{client: in.s3, bucket: bucket}
	if in.opt.S3.Locate {
		// Without s3:GetBucketLocation the client's region is used, as
		// scan does; a wrong one shows in the listing's error.
		if r, err := source.BucketRegion(ctx, in.s3, bucket); err == nil {
			base.region = r
		}
	}
	if regionLevel.MatchString(prefix) {
		files, err := in.listFlat(ctx, base, prefix)
		return nil, files, err
	}
	dir := prefix
	if dir != "" && !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	var roots []s3Root
	if err := in.explore(ctx, base, dir, 0, &roots); err != nil {
		return nil, nil, err
	}
	if len(roots) == 0 { // not the AWSLogs layout: every log file under the prefix
		files, err := in.listFlat(ctx, base, prefix)
		return nil, files, err
	}
	for i := range roots {
		if roots[i].newest, err = newestDay(ctx, roots[i]); err != nil {
			return nil, nil, err
		}
	}
	return roots, nil, nil
}

// explore adds the region folders under dir to roots: those of
// CloudTrail/ and of CloudTrail-Insight/, which holds Insights events in
// the same layout. CloudTrail-Digest/ holds no events and is not entered.
func (in *Ingester) explore(ctx context.Context, base s3Root, dir string, depth int, roots *[]s3Root) error {
	subs, err := folders(ctx, base, dir)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		switch path.Base(sub) {
		case "CloudTrail", "CloudTrail-Insight":
			regions, err := folders(ctx, base, sub)
			if err != nil {
				return err
			}
			for _, r := range regions {
				root := base
				root.prefix = r
				*roots = append(*roots, root)
			}
		case "CloudTrail-Digest":
		default:
			if depth < maxExploreDepth {
				if err := in.explore(ctx, base, sub, depth+1, roots); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// folders returns the folders directly under dir ("a/b/" for dir "a/"),
// in key order.
func folders(ctx context.Context, r s3Root, dir string) ([]string, error) {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket), Delimiter: aws.String("/")}
	if dir != "" {
		in.Prefix = aws.String(dir)
	}
	var out []string
	pages := s3.NewListObjectsV2Paginator(r.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx, r.regionOpt()...)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("list s3://%s/%s: %w", r.bucket, dir, err)
		}
		for _, p := range page.CommonPrefixes {
			out = append(out, aws.ToString(p.Prefix))
		}
	}
	return out, nil
}

func (r s3Root) regionOpt() []func(*s3.Options) {
	if r.region == "" {
		return nil
	}
	return []func(*s3.Options){func(o *s3.Options) { o.Region = r.region }}
}

// newestDay returns the newest YYYY/MM/DD/ folder under a region folder,
// or the zero time when it has none.
func newestDay(ctx context.Context, r s3Root) (time.Time, error) {
	dir := r.prefix
	parts := make([]string, 0, 3)
	for _, width := range []int{4, 2, 2} {
		subs, err := folders(ctx, r, dir)
		if err != nil {
			return time.Time{}, err
		}
		var last string
		for _, s := range subs {
			name := path.Base(s)
			if len(name) == width && strings.Trim(name, "0123456789") == "" && name > last {
				last = name
			}
		}
		if last == "" {
			return time.Time{}, nil
		}
		parts = append(parts, last)
		dir += last + "/"
	}
	t, err := time.Parse("2006/01/02", strings.Join(parts, "/"))
	if err != nil {
		return time.Time{}, nil //nolint:nilerr // not a date folder (13/45): no dated logs
	}
	return t, nil
}

// listRoots lists the log files of the region folders: only the day
// folders of the time range when one is known (a day before Since, for
// logs that hold the hour before their folder's day, up to Until or the
// newest day folder), else everything under each.
func (in *Ingester) listRoots(ctx context.Context, roots []s3Root) ([]logFile, error) {
	var files []logFile
	for _, r := range roots {
		if r.newest.IsZero() || in.opt.Since.IsZero() {
			fs, err := in.listFlat(ctx, r, r.prefix)
			if err != nil {
				return nil, err
			}
			files = append(files, fs...)
			continue
		}
		for _, day := range days(in.opt.Since, in.opt.Until, r.newest) {
			fs, err := in.listFlat(ctx, r, r.prefix+day.Format("2006/01/02/"))
			if err != nil {
				return nil, err
			}
			files = append(files, fs...)
		}
	}
	return files, nil
}

// days returns the UTC days whose folders can hold events of [since,
// until), up to newest.
func days(since, until, newest time.Time) []time.Time {
	from := since.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	to := newest
	if !until.IsZero() {
		if u := until.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1); u.Before(to) {
			to = u
		}
	}
	var out []time.Time
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

// listFlat lists every log object under prefix.
func (in *Ingester) listFlat(ctx context.Context, r s3Root, prefix string) ([]logFile, error) {
	src, err := source.NewS3(r.client, "s3://"+r.bucket+"/"+prefix, source.S3Options{Region: r.region})
	if err != nil {
		return nil, err
	}
	var files []logFile
	err = src.Walk(ctx, func(o source.Object) error {
		if !IsLogName(o.Key) || slices.Contains(strings.Split(o.Key, "/"), "CloudTrail-Digest") {
			return nil
		}
		if o.Err != nil {
			in.opt.Report(o.Err)
			return nil //nolint:nilerr // an object that cannot be read (archived) is reported, the walk goes on
		}
		files = append(files, logFile{
			name: o.URI, uri: o.URI, size: o.Size, modified: o.LastModified.UTC(), etag: o.ETag,
			date: PathDate(o.Key), remote: true,
			open: func(ctx context.Context) (io.ReadCloser, error) { return src.Open(ctx, o) },
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("source s3://%s/%s: %w", r.bucket, prefix, err)
	}
	return files, nil
}
