// Package decode turns the bytes of an object into the text parts that the
// detectors read: it sniffs the content type, unpacks containers (zip, tar,
// gzip, bzip2, xz, zstd), extracts the text of documents (PDF, Office,
// OpenDocument, RTF, HTML, e-mail) and data files (CSV, JSON, Parquet,
// Avro), and transcodes text to UTF-8, all within budgets. See
// docs/formats.md for every format, its part names and its locations.
//
// Decode never runs detectors and never opens files: it takes a reader and a
// name and calls back once per Part.
package decode

import (
	"errors"
	"io"
	"time"
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
	// Locate maps a byte offset in Text to a finer location (page, record,
	// cell, JSON path); nil when the format has none. Call it during the
	// callback only, with offsets of bytes already read from Text, in
	// non-decreasing order; offsets more than LocateWindow bytes behind
	// the last byte read may get a Location with only the part's constant
	// fields (such as Page).
	Locate func(offset int64) Location
}

// LocateWindow is how far behind the text read so far Part.Locate is
// guaranteed to answer. detect.Stream asks about offsets at most one chunk
// (1 MiB plus its overlap) back.
const LocateWindow = 4 << 20

// Location is where a byte of a part's text came from, beyond its offset.
// Zero fields do not apply.
type Location struct {
	// Page is the 1-based page of a PDF or slide of a presentation.
	Page int
	// Record is the 1-based record: a CSV data row (the header is not a
	// record), a JSON Lines line or top-level JSON value, a Parquet row or
	// an Avro datum.
	Record int64
	// Cell is the A1-style reference of a spreadsheet or CSV cell ("B7").
	Cell string
	// JSONPath is the path of a JSON, Parquet or Avro value ("$.a[2].b").
	JSONPath string
	// Column is the name of the cell's column (a CSV header, a Parquet or
	// Avro field) when there is one.
	Column string
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
	// MaxUnpackedBytes bounds the total bytes all decompressors and
	// spools produce for one object, counted at every nesting level (work,
	// not output): it stops recursive bombs. 0 means the default, < 0 no
	// limit.
	MaxUnpackedBytes int64
	// MaxEntries bounds the archive entries (and document sub-parts)
	// opened for one object across all levels. 0 means the default, < 0 no
	// limit.
	MaxEntries int
	// MaxTime bounds the time spent on one object. 0 means the default,
	// < 0 no limit.
	MaxTime time.Duration
	// TempDir is where archives that need random access and are larger
	// than MaxMemSpool are spooled; "" means os.TempDir().
	TempDir string
}

// MaxMemSpool is the size up to which content that needs random access
// (zip, PDF, Parquet) is held in memory; larger content is spooled to a
// temporary file, bounded by MaxUnpackedBytes.
const MaxMemSpool = 8 << 20

// DefaultLimits are the limits used when none are configured. Treat it as
// a constant.
var DefaultLimits = Limits{
	MaxDecodedBytes:  200 << 20,
	MaxDepth:         10,
	MaxRatio:         1000,
	MaxUnpackedBytes: 1 << 30,
	MaxEntries:       100_000,
	MaxTime:          5 * time.Minute,
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
