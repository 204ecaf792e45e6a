// Package source enumerates and opens the objects that mamori scans: files
// under a local folder today, S3 objects later. A Source never decodes or
// inspects content; it hands out metadata and byte streams.
package source

import (
	"context"
	"errors"
	"io"
	"time"
)

// Object is the metadata of one object, as a Source reports it.
type Object struct {
	// URI identifies the object: file:///abs/path or s3://bucket/key.
	URI string
	// Source is the kind of source: "file" or "s3".
	Source string
	// Bucket is the S3 bucket; empty for local files.
	Bucket string
	// Key is the path relative to the target the user gave (for a single
	// file: its base name), or the S3 key.
	Key          string
	Size         int64
	ETag         string
	LastModified time.Time
	// Err is set when the object was found but cannot be scanned, for
	// example a file that cannot be stat'ed. The object is still reported so
	// that it gets a record.
	Err error
}

// Source enumerates and opens objects.
type Source interface {
	// Walk calls fn for each object under the target in a stable order
	// (lexical by key). Per-object problems are passed to fn as Object.Err,
	// not returned. Walk stops and returns fn's error if fn returns one, and
	// returns ctx.Err() when ctx is canceled. Any other returned error means
	// the target itself could not be enumerated.
	Walk(ctx context.Context, fn func(Object) error) error
	// Open returns the content of o. The caller closes it. An error names
	// the object and wraps ErrAccessDenied or ErrNotFound where it applies.
	Open(ctx context.Context, o Object) (io.ReadCloser, error)
}

// Classes of per-object errors that callers branch on. They map onto the
// contract's "skipped" reasons.
var (
	// ErrAccessDenied means the object exists but may not be read.
	ErrAccessDenied = errors.New("access denied")
	// ErrNotFound means the object disappeared between Walk and Open.
	ErrNotFound = errors.New("not found")
)
