package decode

import (
	"archive/zip"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// unzip reads the zip archive of node n: an Office or OpenDocument file
// yields its text (see office.go), any other archive its entries. Zip
// needs random access, so the archive is spooled first. An archive whose
// central directory is missing (truncated) is read from its local
// headers instead (see zipStream).
func (w *walker) unzip(ctx context.Context, n node, in input) (err error) {
	if !w.enter(n) {
		return nil
	}
	label := w.label(n.path)
	sp, err := w.spool(ctx, n, in)
	if err != nil {
		return err
	}
	defer sp.Close()
	if err := w.zipEntryBudget(label, sp); err != nil {
		return err
	}
	zr, err := zip.NewReader(sp.ra, sp.size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		read, serr := w.zipStream(ctx, n, sp)
		if serr != nil || read {
			return serr
		}
		return named(label, "%w", err)
	}
	registerDecompressors(zr)
	switch office := officeKind(zr); office {
	case officeNone:
		return w.zipEntries(ctx, n, zr)
	default:
		return w.office(ctx, n, office, zr)
	}
}

// zipEntryBudget reads the entry count from the end of the archive and
// refuses archives with more entries than MaxEntries allows, before
// archive/zip reads their directory into memory.
func (w *walker) zipEntryBudget(label string, sp *spooled) error {
	count, ok := zipEntryCount(sp.ra, sp.size)
	max := w.lim.MaxEntries
	if ok && max > 0 && count > uint64(max-w.entries) {
		return &budgetError{named(label, "%w: entries exceed %d", ErrLimit, max)}
	}
	return nil
}

// zipEntryCount returns the number of entries the end of central
// directory record (or its zip64 version) of a zip of size bytes claims.
func zipEntryCount(ra io.ReaderAt, size int64) (uint64, bool) {
	const eocdLen, zip64LocLen = 22, 20
	tail := make([]byte, min(size, 65535+eocdLen))
	if _, err := ra.ReadAt(tail, size-int64(len(tail))); err != nil && err != io.EOF {
		return 0, false
	}
	i := strings.LastIndex(string(tail), "PK\x05\x06")
	if i < 0 || len(tail)-i < eocdLen {
		return 0, false
	}
	count := uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	if count != 0xffff || i < zip64LocLen || string(tail[i-zip64LocLen:i-zip64LocLen+4]) != "PK\x06\x07" {
		return count, true
	}
	off := int64(binary.LittleEndian.Uint64(tail[i-zip64LocLen+8:]))
	rec := make([]byte, 40)
	if off < 0 || off > size-40 {
		return 0, false
	}
	if _, err := ra.ReadAt(rec, off); err != nil || string(rec[:4]) != "PK\x06\x06" {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}

// registerDecompressors adds the zip methods archive/zip lacks (bzip2,
// zstd, xz) and a faster deflate.
func registerDecompressors(zr *zip.Reader) {
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	zr.RegisterDecompressor(12, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	zr.RegisterDecompressor(93, func(r io.Reader) io.ReadCloser {
		d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(zstdMaxMemory), zstd.WithDecoderMaxWindow(zstdMaxMemory))
		if err != nil {
			return errReadCloser{err}
		}
		return d.IOReadCloser()
	})
	zr.RegisterDecompressor(95, func(r io.Reader) io.ReadCloser {
		d, err := xz.NewReader(r)
		if err != nil {
			return errReadCloser{err}
		}
		return io.NopCloser(d)
	})
}

// An errReadCloser fails every Read with its error.
type errReadCloser struct{ err error }

func (e errReadCloser) Read([]byte) (int, error) { return 0, e.err }
func (e errReadCloser) Close() error             { return nil }

// zipEntries walks every file of the archive zr at node n.
func (w *walker) zipEntries(ctx context.Context, n node, zr *zip.Reader) error {
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := cleanEntry(f.Name)
		if name == "" || f.FileInfo().IsDir() {
			continue
		}
		c := n.child(name)
		if err := w.entry(c); err != nil {
			return err
		}
		if err := w.check(ctx, w.zipEntry(ctx, c, f)); err != nil {
			return err
		}
	}
	return nil
}

// zipEntry walks one file of a zip archive as node c.
func (w *walker) zipEntry(ctx context.Context, c node, f *zip.File) error {
	label := w.label(c.path)
	if f.Flags&0x1 != 0 {
		return named(label, "%w: zip entry", ErrEncrypted)
	}
	rc, err := openZipFile(f)
	if err != nil {
		return zipError(label, err)
	}
	defer rc.Close()
	csize := int64(f.CompressedSize64)
	lr := &layerReader{r: rc, label: label, kind: kindZip, w: w, consumed: func() int64 { return csize }}
	_, err = w.stream(ctx, c, lr)
	return err
}

// openZipFile opens f, turning a panic of a decompressor on malformed
// data into an error.
func openZipFile(f *zip.File) (rc io.ReadCloser, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = errors.New("malformed entry")
		}
	}()
	return f.Open()
}

// zipError names a failure to open a zip entry; unknown compression
// methods are unsupported formats.
func zipError(label string, err error) error {
	if errors.Is(err, zip.ErrAlgorithm) {
		return named(label, "%w: zip compression method", ErrUnsupported)
	}
	return named(label, "zip: %w", err)
}

// cleanEntry turns an archive entry name from untrusted metadata into a
// relative slash-separated path without "." or ".." elements, or "" when
// nothing usable is left.
func cleanEntry(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	var parts []string
	for _, p := range strings.Split(name, "/") {
		p = cleanName(p)
		if p != "" && p != "." && p != ".." {
			parts = append(parts, p)
		}
	}
	return path.Join(parts...)
}
