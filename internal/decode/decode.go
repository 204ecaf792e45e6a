// Package decode turns the bytes of an object into the text parts that the
// detectors read: it sniffs the content type, unpacks containers (gzip today;
// zip, tar, documents and data files later) and transcodes text to UTF-8, all
// as streams and within byte budgets.
//
// Decode never runs detectors and never opens files: it takes a reader and a
// name and calls back once per Part.
package decode

import (
	"errors"
	"io"
)

// Part is one stream of decoded UTF-8 text inside an object.
type Part struct {
	// Path is "" for the object itself or the path inside the container,
	// named as in CONTRACT §2: "inner.tar.gz/a.csv", "report.pdf#page=3".
	Path string
	// ContentType is the sniffed MIME type of the part's raw bytes.
	ContentType string
	// Text yields the part's text as UTF-8 (invalid sequences passed through
	// as they are). Offsets in findings are byte offsets into this stream.
	// It is valid only during the callback.
	Text io.Reader
}

// Limits bound the work and memory spent on one object.
type Limits struct {
	// MaxDecodedBytes bounds the total bytes of text produced from one
	// object across all its parts, and the decompressed size of each
	// container. Reading stops at the limit with an error wrapping ErrLimit.
	// 0 means no limit.
	MaxDecodedBytes int64
	// MaxDepth bounds the nesting of containers (a .gz is depth 1, a .gz in
	// a .gz depth 2). 0 means DefaultLimits.MaxDepth: containers are never
	// unpacked without a bound.
	MaxDepth int
	// MaxRatio bounds decompressed/compressed size for each container,
	// checked once its output passes 1 MiB (a zip-bomb guard). 0 means no
	// limit.
	MaxRatio int64
}

// DefaultLimits are the limits used when none are configured. Treat it as
// a constant.
var DefaultLimits = Limits{
	MaxDecodedBytes: 200 << 20,
	MaxDepth:        10,
	MaxRatio:        1000,
}

// Errors that map onto the contract's "skipped" reasons (see record.Skip*)
// or name a breached limit. Decode wraps them with the part name.
var (
	// ErrUnsupported means the format cannot be read (images, audio, ...).
	ErrUnsupported = errors.New("unsupported format")
	// ErrEncrypted means the content is encrypted.
	ErrEncrypted = errors.New("encrypted")
	// ErrLimit means a budget in Limits was exceeded.
	ErrLimit = errors.New("limit exceeded")
)
