package decode

import (
	"bufio"
	"context"
	"io"
	"path"
	"strings"
	"unicode"

	"github.com/klauspost/compress/gzip"
)

// gunzip decompresses the gzip stream in br (read from cr) at partPath and
// walks its content as the part named after the inner file.
func (w *walker) gunzip(ctx context.Context, partPath, base string, cr *countReader, br *bufio.Reader, depth int) error {
	label := w.label(partPath)
	if depth >= w.lim.MaxDepth {
		w.fail(named(label, "%w: nesting depth exceeds %d", ErrLimit, w.lim.MaxDepth))
		return nil
	}
	zr, err := gzip.NewReader(br) // multistream: concatenated members are one stream
	if err != nil {
		w.fail(gzipError(label, err))
		return nil
	}
	defer zr.Close()
	inner := innerName(zr.Header.Name, base)
	lr := &layerReader{r: zr, label: label, lim: w.lim, consumed: func() int64 {
		return cr.n - int64(br.Buffered())
	}}
	_, err = w.stream(ctx, joinPath(partPath, inner), inner, lr, depth+1)
	return err
}

// gzipError names a gzip failure: "app.log.gz: gzip: invalid header".
func gzipError(label string, err error) error {
	if isNamed(err) {
		return err
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "gzip: ") || strings.HasPrefix(msg, "flate: ") {
		return named(label, "%w", err)
	}
	return named(label, "gzip: %w", err)
}

// innerName names the content of a gzip stream: the file name stored in
// its header when there is one, else base without ".gz" or ".gzip" (".tgz"
// becomes ".tar"). Content with no name at all is called "data".
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
	case ".tgz":
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
// container's errors and enforces MaxDecodedBytes on its output and
// MaxRatio on output over input.
type layerReader struct {
	r        io.Reader
	label    string
	lim      Limits
	consumed func() int64 // compressed bytes the decompressor consumed
	n        int64        // decompressed bytes
	err      error
}

func (l *layerReader) Read(b []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, over, err := readCapped(l.r, b, l.n, l.lim.MaxDecodedBytes)
	l.n += int64(n)
	switch {
	case over:
		err = sizeError(l.label, l.lim.MaxDecodedBytes)
	case l.ratioExceeded():
		err = named(l.label, "%w: compression ratio exceeds %d", ErrLimit, l.lim.MaxRatio)
	case err != nil && err != io.EOF:
		err = gzipError(l.label, err)
	}
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}

// ratioExceeded reports whether output over input is beyond MaxRatio, once
// the output is past ratioFloor.
func (l *layerReader) ratioExceeded() bool {
	ratio := l.lim.MaxRatio
	return ratio > 0 && l.n > ratioFloor && l.n > ratio*max(l.consumed(), 1)
}
