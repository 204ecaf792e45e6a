package decode

import (
	"bufio"
	"context"
	"errors"
	"io"
	"path"

	"golang.org/x/text/transform"
)

// bufSize is the read buffer of each layer: one per nesting level is all
// the memory a Walk holds, besides the decompressors' windows.
const bufSize = 64 << 10

// Walk sniffs r (the object's bytes; name is its key, used for naming parts
// and errors), unpacks gzip, transcodes text, and calls fn once per Part.
// It returns the object's sniffed content type (a bare MIME type such as
// "text/plain" or "application/gzip"; "" when not a byte could be read),
// even when it returns an error.
//
// The content of the object itself is the Part with Path "". A gzip stream
// is not a part itself: its content is, named after the file inside (see
// innerName), so "logs/app.log.gz" yields one part "app.log", and a gzip
// inside that one "app.log/<inner>". Images, audio, video and fonts yield no
// part and an error wrapping ErrUnsupported. Other binary content is passed
// to fn as it is, with its sniffed ContentType, since detectors can still
// find keys in it.
//
// Problems confined to one part (a breached limit, corrupt or truncated
// gzip data, an unsupported format, a read error) do not stop the walk:
// they are returned joined after all parts are processed, each naming its
// part and wrapping ErrLimit, ErrUnsupported or the cause. The bytes a part
// yielded before its error were delivered. If fn returns an error that is
// not the error its Part's Text returned, Walk stops and returns it; when
// ctx is canceled Walk returns ctx.Err().
//
// Walk streams: it never holds an object in memory, only a buffer per
// nesting level.
func Walk(ctx context.Context, name string, r io.Reader, lim Limits, fn func(Part) error) (contentType string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	w := &walker{name: name, lim: lim.withDefaults(), fn: fn}
	var base string
	if name != "" {
		base = path.Base(name)
	}
	ctype, err := w.stream(ctx, "", base, &sourceReader{r: r, name: name}, 0)
	switch {
	case err != nil:
		return ctype, err
	case ctx.Err() != nil:
		return ctype, ctx.Err()
	}
	return ctype, errors.Join(w.errs...)
}

// withDefaults returns lim with a zero MaxDepth replaced by the default.
func (lim Limits) withDefaults() Limits {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	return lim
}

// A walker holds the state of one Walk.
type walker struct {
	name  string
	lim   Limits
	fn    func(Part) error
	total int64   // text bytes delivered, for MaxDecodedBytes
	errs  []error // per-part errors
}

// label names the part at partPath in errors: the object's name, followed
// by the path inside it.
func (w *walker) label(partPath string) string {
	if partPath == "" {
		return w.name
	}
	return w.name + "/" + partPath
}

// fail records a per-part error.
func (w *walker) fail(err error) {
	w.errs = append(w.errs, err)
}

// stream sniffs r, the content of the part at partPath (base is its file
// name), and dispatches it. It returns the sniffed content type and, only
// when the walk must stop, an error.
func (w *walker) stream(ctx context.Context, partPath, base string, r io.Reader, depth int) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, bufSize)
	head, err := br.Peek(sniffLen)
	if len(head) == 0 && err != nil && err != io.EOF {
		w.fail(err)
		return "", nil
	}
	ctype := sniff(head)
	switch {
	case isGzip(head):
		return ctype, w.gunzip(ctx, partPath, base, cr, br, depth)
	case unsupported(ctype):
		w.fail(named(w.label(partPath), "%w: %s", ErrUnsupported, ctype))
		return ctype, nil
	}
	enc, ctype := detectEncoding(head, ctype)
	return ctype, w.text(ctx, partPath, ctype, enc, br)
}

// text delivers br, transcoded to UTF-8, as the part at partPath.
func (w *walker) text(ctx context.Context, partPath, ctype string, enc encodingInfo, br *bufio.Reader) error {
	_, _ = br.Discard(enc.bom) // the mark is in the peeked head: cannot fail
	var r io.Reader = br
	if enc.enc != nil {
		r = transform.NewReader(br, enc.enc.NewDecoder())
	}
	pr := &partReader{ctx: ctx, r: r, w: w, label: w.label(partPath)}
	err := w.fn(Part{Path: partPath, ContentType: ctype, Text: pr})
	if pr.err != nil && !errors.Is(pr.err, ctx.Err()) {
		w.fail(pr.err)
	}
	if err != nil && (pr.err == nil || !errors.Is(err, pr.err)) {
		return err
	}
	return nil
}
