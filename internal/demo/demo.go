// Package demo builds mamori's sample data: a small, realistic company file
// share full of planted sensitive values (Write), with a truth manifest of
// where every value is, and a dense synthetic corpus for benchmarks
// (Corpus). Both are deterministic: the same inputs give byte-identical
// output. Every value is generated; none belongs to a real person or
// account.
package demo

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Planted is one sensitive value planted in the data set, for accuracy tests.
type Planted struct {
	// Key is the file's path relative to the data set root, with forward
	// slashes.
	Key string
	// Part is "" or the part inside a container ("app.log" inside
	// "logs/app.log.gz").
	Part string
	// Type is the CONTRACT §3 finding type, e.g. "credit_card_number".
	Type string
	// Offset is the byte offset of the value in the decoded UTF-8 text of
	// Part.
	Offset int64
	// Length is the byte length of the value.
	Length int
}

// seed is the seed of the data set's random streams.
const seed = 20261101

// Write writes the data set under dir (which must exist) and returns what
// was planted, ordered by key and offset.
//
// The manifest lists every planted value of the types email_address,
// credit_card_number, aws_access_key_id, aws_secret_access_key,
// private_key (the whole BEGIN…END block) and us_ssn; phone_number entries
// mark the planted phone numbers. Offsets are into the decoded text: the
// decompressed text of a .gz file (Part is its inner name) and the UTF-8
// transcoding, without the byte order mark, of a UTF-16 file, and of a
// Shift_JIS one. The Japanese files (jp/) also plant jp_my_number, and
// person_name and postal_address, which are listed for jp/ only
// (ScopedTypes).
func Write(dir string) ([]Planted, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("write demo data to %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("write demo data to %s: not a directory", dir)
	}
	w := newWorld(newTables())
	var all []Planted
	for _, s := range specs() {
		d, data, err := s.render(w)
		if err != nil {
			return nil, fmt.Errorf("build demo file %s: %w", s.key, err)
		}
		if err := writeFile(dir, s.key, data); err != nil {
			return nil, err
		}
		all = append(all, d.planted...)
	}
	return all, nil
}

// encoding is how a file's text is stored on disk.
type encoding int

const (
	// plain stores the text as it is (UTF-8, or raw bytes).
	_ encoding = iota
	// gzipped stores the text gzip-compressed; the part is the inner name.
	gzipped
	// utf16 stores the text as UTF-16LE with a byte order mark.
	utf16LE
	// shiftJIS stores the text as Shift_JIS, as Japanese spreadsheets
	// save CSV.
	shiftJIS
)

// spec describes one file of the data set.
type spec struct {
	key   string
	enc   encoding
	clean bool // no planted values: look-alikes only
	build func(d *doc, g *gen, w *world)
}

// part returns the name of the decoded part: the inner name of a gzip
// file, else "".
func (s spec) part() string {
	if s.enc != gzipped {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(s.key), ".gz")
}

// render builds the file's text and returns it with its stored bytes.
func (s spec) render(w *world) (*doc, []byte, error) {
	d := &doc{key: s.key, part: s.part()}
	s.build(d, newGen(w.t, seed, s.key), w)
	if d.err != nil {
		return nil, nil, d.err
	}
	var data []byte
	var err error
	switch s.enc {
	case gzipped:
		data, err = gzipBytes(d.buf.Bytes(), s.part(), modTime(s.key))
	case utf16LE:
		data = utf16Bytes(d.buf.String())
	case shiftJIS:
		data, err = shiftJISBytes(d.buf.Bytes())
	default:
		data = d.buf.Bytes()
	}
	return d, data, err
}

// specs returns every file of the data set, sorted by key.
func specs() []spec {
	var all []spec
	for _, group := range [][]spec{peopleSpecs(), financeSpecs(), secretSpecs(),
		keySpecs(), logSpecs(), codeSpecs(), cleanSpecs(), japanSpecs()} {
		all = append(all, group...)
	}
	slices.SortFunc(all, func(a, b spec) int { return strings.Compare(a.key, b.key) })
	return all
}

// writeFile writes data to dir/key, with a fixed modification time so that
// scans of the data set are repeatable too.
func writeFile(dir, key string, data []byte) error {
	path := filepath.Join(dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write demo file %s: %w", key, err)
	}
	mode := os.FileMode(0o644)
	if strings.HasPrefix(key, "keys/") || strings.HasSuffix(key, "credentials") {
		mode = 0o600
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("write demo file %s: %w", key, err)
	}
	t := modTime(key)
	if err := os.Chtimes(path, t, t); err != nil {
		return fmt.Errorf("write demo file %s: %w", key, err)
	}
	return nil
}

// modTime returns the file's modification time: some hour of the two
// months before the data set's date, fixed by its key.
func modTime(key string) time.Time {
	h := fnv.New32a()
	h.Write([]byte(key))
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	return base.Add(-time.Duration(h.Sum32()%1440) * time.Hour)
}
