package decode

import (
	"compress/bzip2"
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"unicode"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// decompress unpacks the gzip, bzip2, xz or zstd stream of node n and
// walks its content as the part named after the inner file (see
// innerName). An archive inside is named by n itself: its entries are
// "inner.tar.gz/a.csv", not "inner.tar.gz/inner.tar/a.csv".
func (w *walker) decompress(ctx context.Context, n node, k kind, in input) error {
	label := w.label(n.path)
	if !w.enter(n) {
		return nil
	}
	zr, header, err := newDecompressor(k, in.br)
	if err != nil {
		return decompressError(label, k, err)
	}
	defer zr.Close()
	inner := innerName(header, n.base)
	lr := &layerReader{r: zr, label: label, kind: k, w: w, consumed: in.consumed}
	p := joinPath(n.path, inner)
	_, err = w.stream(ctx, node{path: p, base: inner, root: n.root, depth: n.depth + 1, inner: n.inner}, lr)
	return err
}

// newDecompressor returns a reader of the decompressed stream r of kind k,
// and the file name stored in its header, if any.
func newDecompressor(k kind, r io.Reader) (io.ReadCloser, string, error) {
	switch k {
	case kindGzip:
		zr, err := gzip.NewReader(r) // multistream: concatenated members are one stream
		if err != nil {
			return nil, "", err
		}
		return zr, zr.Header.Name, nil
	case kindBzip2:
		return io.NopCloser(bzip2.NewReader(r)), "", nil
	case kindXz:
		zr, err := xz.NewReader(r)
		if err != nil {
			return nil, "", err
		}
		return io.NopCloser(zr), "", nil
	}
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(zstdMaxMemory), zstd.WithDecoderMaxWindow(zstdMaxMemory))
	if err != nil {
		return nil, "", err
	}
	return zr.IOReadCloser(), "", nil
}

// zstdMaxMemory bounds the window and buffers of a zstd decoder.
const zstdMaxMemory = 64 << 20

// kindNames name decompressors in errors.
var kindNames = map[kind]string{kindGzip: "gzip", kindBzip2: "bzip2", kindXz: "xz", kindZstd: "zstd", kindZip: "zip", kindTar: "tar", kindMail: "mail"}

// decompressError names a decompressor's failure: "app.log.gz: gzip:
// invalid header".
func decompressError(label string, k kind, err error) error {
	if isNamed(err) {
		return err
	}
	name := kindNames[k]
	msg := err.Error()
	if strings.HasPrefix(msg, name+": ") || strings.HasPrefix(msg, "flate: ") {
		return named(label, "%w", err)
	}
	return named(label, "%s: %w", name, err)
}

// innerName names the content of a compressed stream: the file name
// stored in its header when there is one (gzip), else base without ".gz",
// ".bz2", ".xz" or ".zst" (".tgz" becomes ".tar"). Content with no name at
// all is called "data".
func innerName(header, base string) string {
	if n := cleanName(header); n != "" {
		return n
	}
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch strings.ToLower(ext) {
	case ".gz", ".gzip":
		if stem != "" {
			return stem
		}
	case ".bz2", ".bzip2", ".xz", ".zst", ".zstd":
		if stem != "" {
			return stem
		}
	case ".tgz", ".tbz", ".tbz2", ".txz", ".tzst":
		return stem + ".tar"
	}
	if base == "" {
		return "data"
	}
	return base
}

// cleanName reduces a file name from untrusted metadata to a printable base
// name, or "" when nothing usable is left.
func cleanName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name = strings.TrimSpace(name); name == "." || name == "/" || name == ".." {
		return ""
	}
	return name
}

// joinPath names a part inside the part parent ("" is the object itself).
func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

// A layerReader is the decompressed output of one container. It names the
// container's errors and enforces MaxDecodedBytes on its output, MaxRatio
// on output over input, and MaxUnpackedBytes on the walk's total.
type layerReader struct {
	r        io.Reader
	label    string
	kind     kind
	w        *walker
	consumed func() int64 // compressed bytes the decompressor consumed
	n        int64        // decompressed bytes
	err      error
}

func (l *layerReader) Read(b []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	lim := l.w.lim
	n, over, err := readCapped(l.r, b, l.n, lim.MaxDecodedBytes)
	l.n += int64(n)
	cerr := l.w.charge(l.label, int64(n))
	switch {
	case cerr != nil:
		err = cerr
	case over:
		err = sizeError(l.label, lim.MaxDecodedBytes)
	case l.ratioExceeded():
		err = named(l.label, "%w: compression ratio exceeds %d", ErrLimit, lim.MaxRatio)
	case err != nil && !errors.Is(err, io.EOF):
		err = decompressError(l.label, l.kind, err)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		l.err = err
	}
	return n, err
}

// ratioExceeded reports whether output over input is beyond MaxRatio, once
// the output is past ratioFloor.
func (l *layerReader) ratioExceeded() bool {
	ratio := l.w.lim.MaxRatio
	return ratio > 0 && l.n > ratioFloor && l.n > ratio*max(l.consumed(), 1)
}
