package decode

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"golang.org/x/text/transform"
)

// bufSize is the read buffer of each layer: one per nesting level is all
// the memory a Walk holds, besides the decompressors' windows and the
// spools of formats that need random access.
const bufSize = 64 << 10

// Walk sniffs r (the object's bytes; name is its key, used for naming parts
// and errors), unpacks containers, extracts the text of documents and data
// files, transcodes text, and calls fn once per Part. It returns the
// object's sniffed content type (a bare MIME type such as "text/plain" or
// "application/zip"; "" when not a byte could be read), even when it
// returns an error.
//
// The content of the object itself is the Part with Path "". Containers
// are not parts themselves; their content is (docs/formats.md lists the
// names): a gzip, bzip2, xz or zstd stream yields the part named after the
// file inside (see innerName), so "logs/app.log.gz" yields "app.log"; an
// archive's entries are named by their path inside it ("a.zip/b/c.csv"),
// and an archive straight out of a compressor is named by the compressed
// file ("x.zip/inner.tar.gz/a.csv"); documents with pages or sheets yield
// one part per page or sheet ("report.pdf#page=3", "book.xlsx#Sheet1").
// An object that is an image, audio or video yields no part and an error
// wrapping ErrUnsupported (inside a container such files are skipped
// without an error); encrypted content yields an error wrapping
// ErrEncrypted. Other
// binary content yields its printable strings (see binary.go).
//
// Problems confined to one part (a breached per-part limit, corrupt data,
// an unsupported or encrypted entry, a read error) do not stop the walk:
// they are returned joined after all parts are processed (the first ten,
// then a count), each naming its part and wrapping ErrLimit,
// ErrUnsupported, ErrEncrypted or the cause; ErrUnsupported and
// ErrEncrypted only when no part at all was delivered, since they mean
// the object is skipped.
// The bytes a part yielded before its error were delivered. A breach of
// the object-wide budgets (MaxUnpackedBytes, MaxEntries, MaxTime) stops
// the walk and is returned with the other errors. If fn returns an error
// that is not the error its Part's Text returned, Walk stops and returns
// it; when ctx is canceled Walk returns ctx.Err().
//
// Walk streams: it holds a buffer per nesting level, and spools content
// that needs random access (zip, PDF, Parquet) in memory up to MaxMemSpool
// and in a temporary file beyond.
func Walk(ctx context.Context, name string, r io.Reader, lim Limits, fn func(Part) error) (contentType string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	lim = lim.withDefaults()
	parent := ctx
	if lim.MaxTime > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, lim.MaxTime, errTimeLimit)
		defer cancel()
	}
	w := &walker{name: name, lim: lim, fn: fn}
	var base string
	if name != "" {
		base = path.Base(name)
	}
	ctype, err := w.stream(ctx, node{base: base}, &sourceReader{r: r, name: name})
	switch {
	case parent.Err() != nil:
		return ctype, parent.Err()
	case errors.Is(context.Cause(ctx), errTimeLimit):
		w.fail(named(name, "%w: time exceeds %s", ErrLimit, lim.MaxTime))
	case err != nil && !errors.Is(err, errStop):
		return ctype, err
	}
	return ctype, w.joinErrors()
}

// partial turns an error that would classify the whole object as
// skipped (encrypted, unsupported) into a plain one with the same text,
// for objects of which other parts were read: their content was read, so
// they are not skipped.
func partial(err error) error {
	if errors.Is(err, ErrEncrypted) || errors.Is(err, ErrUnsupported) {
		return errors.New(err.Error())
	}
	return err
}

// maxErrors is how many per-part errors Walk returns; the rest are
// counted.
const maxErrors = 10

// joinErrors returns the walk's per-part errors joined, at most maxErrors
// of them and a count of the others.
func (w *walker) joinErrors() error {
	errs := w.errs
	if w.parts > 0 {
		errs = make([]error, len(w.errs))
		for i, err := range w.errs {
			errs[i] = partial(err)
		}
	}
	if n := len(errs); n > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("%s: %d more errors", w.name, n-maxErrors))
	}
	return errors.Join(errs...)
}

// errTimeLimit is the cause of the context of a Walk past MaxTime.
var errTimeLimit = errors.New("time limit")

// errStop unwinds a walk after an object-wide budget was breached; the
// breach itself is in walker.errs.
var errStop = errors.New("walk stopped")

// withDefaults returns lim with zero fields that default replaced.
func (lim Limits) withDefaults() Limits {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	if lim.MaxUnpackedBytes == 0 {
		lim.MaxUnpackedBytes = DefaultLimits.MaxUnpackedBytes
	}
	if lim.MaxEntries == 0 {
		lim.MaxEntries = DefaultLimits.MaxEntries
	}
	if lim.MaxTime == 0 {
		lim.MaxTime = DefaultLimits.MaxTime
	}
	return lim
}

// A walker holds the state of one Walk.
type walker struct {
	name     string
	lim      Limits
	fn       func(Part) error
	total    int64   // text bytes delivered, for MaxDecodedBytes
	unpacked int64   // bytes out of decompressors and spools, for MaxUnpackedBytes
	entries  int     // archive entries and sub-parts opened, for MaxEntries
	parts    int     // parts delivered
	errs     []error // per-part errors
}

// A node is one level of the walk: the object, an archive entry, a
// decompressed stream or a document.
type node struct {
	path  string // part path; "" is the object itself
	base  string // file name, for naming inner content and picking formats
	root  string // path under which an archive's entries are named
	depth int    // containers above this node
	inner bool   // the node is inside an archive (not only compressed)
}

// child returns the node of an entry named name (a path inside an
// archive) of the archive at n.
func (n node) child(name string) node {
	p := joinPath(n.root, name)
	return node{path: p, base: path.Base(name), root: p, depth: n.depth + 1, inner: true}
}

// fragment returns the name of a sub-part of the document at n, such as
// "report.pdf#page=3".
func (n node) fragment(frag string) string {
	if n.path == "" {
		return n.base + "#" + frag
	}
	return n.path + "#" + frag
}

// label names the part at partPath in errors: the object's name, followed
// by the path inside it.
func (w *walker) label(partPath string) string {
	if partPath == "" {
		return w.name
	}
	if base := path.Base(w.name); strings.HasPrefix(partPath, base+"#") {
		return w.name + partPath[len(base):] // a page or sheet of the object itself
	}
	return w.name + "/" + partPath
}

// fail records a per-part error.
func (w *walker) fail(err error) {
	w.errs = append(w.errs, err)
}

// enter checks the nesting depth before the container at n is opened. It
// reports whether to go on; a breach is recorded as n's error.
func (w *walker) enter(n node) bool {
	if n.depth >= w.lim.MaxDepth {
		w.fail(named(w.label(n.path), "%w: nesting depth exceeds %d", ErrLimit, w.lim.MaxDepth))
		return false
	}
	return true
}

// entry counts one archive entry or sub-part. Past MaxEntries it records
// the breach and returns errStop.
func (w *walker) entry(n node) error {
	w.entries++
	if max := w.lim.MaxEntries; max > 0 && w.entries > max {
		w.fail(named(w.label(n.path), "%w: entries exceed %d", ErrLimit, max))
		return errStop
	}
	return nil
}

// charge counts n unpacked bytes. Past MaxUnpackedBytes it returns the
// breach, named after label.
func (w *walker) charge(label string, n int64) error {
	w.unpacked += n
	if max := w.lim.MaxUnpackedBytes; max > 0 && w.unpacked > max {
		return &budgetError{named(label, "%w: unpacked size exceeds %d bytes", ErrLimit, max)}
	}
	return nil
}

// A budgetError is the breach of an object-wide budget: it stops the walk.
type budgetError struct{ error }

func (e *budgetError) Unwrap() error { return e.error }

// check turns a per-part error into what a container loop returns: nil to
// go on with the next entry, or an error to stop the walk (an object-wide
// budget, a canceled ctx, an error of fn).
func (w *walker) check(ctx context.Context, err error) error {
	var be *budgetError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &be):
		w.fail(be.error)
		return errStop
	case errors.Is(err, errStop) || !isNamed(err):
		return err
	}
	w.fail(err)
	return nil
}

// stream sniffs r, the content of the node n, and dispatches it. It
// returns the sniffed content type and, only when the walk must stop, an
// error.
func (w *walker) stream(ctx context.Context, n node, r io.Reader) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, bufSize)
	head, err := br.Peek(sniffLen)
	if len(head) == 0 && err != nil && err != io.EOF {
		if err := w.check(ctx, err); err != nil {
			return "", err
		}
		return "", nil
	}
	sniffed := sniff(head)
	f := detectFormat(head, sniffed, n.base)
	ctype := sniffed
	if f.ctype != "" {
		ctype = f.ctype
	}
	in := input{cr: cr, br: br, head: head, ctype: ctype, sniffed: sniffed}
	return ctype, w.check(ctx, w.dispatch(ctx, n, f.kind, in))
}

// An input is the content of a node, sniffed.
type input struct {
	cr      *countReader  // the raw stream, counting bytes
	br      *bufio.Reader // cr, buffered, with head peeked
	head    []byte
	ctype   string // the content type to report
	sniffed string // the content type sniffed
}

// consumed returns how many bytes of the raw stream a reader of br has
// used.
func (in input) consumed() int64 {
	return in.cr.n - int64(in.br.Buffered())
}

// dispatch hands the node to the reader of its format. Errors confined to
// the node are returned named; see check.
func (w *walker) dispatch(ctx context.Context, n node, k kind, in input) error {
	switch k {
	case kindGzip, kindBzip2, kindXz, kindZstd:
		return w.decompress(ctx, n, k, in)
	case kindTar:
		return w.untar(ctx, n, in)
	case kindZip:
		return w.unzip(ctx, n, in)
	case kindPDF:
		return w.pdf(ctx, n, in)
	case kindParquet:
		return w.parquet(ctx, n, in)
	case kindAvro:
		return w.avro(ctx, n, in)
	case kindHTML:
		return w.html(ctx, n, in)
	case kindMail:
		return w.mail(ctx, n, in)
	case kindRTF:
		return w.rtf(ctx, n, in)
	case kindOLE:
		return w.ole(ctx, n, in)
	case kindUnsupported:
		if n.inner && unsupported(in.ctype) {
			return nil // media inside a container: nothing to read, nothing wrong
		}
		return named(w.label(n.path), "%w: %s", ErrUnsupported, in.ctype)
	case kindBinary:
		return w.binary(ctx, n, in)
	}
	enc, _ := detectEncoding(in.head, in.sniffed)
	ctype := in.ctype
	_, _ = in.br.Discard(enc.bom) // the mark is in the peeked head: cannot fail
	var r io.Reader = in.br
	if enc.enc != nil {
		r = transform.NewReader(in.br, enc.enc.NewDecoder())
	}
	switch k {
	case kindCSV:
		return w.csv(ctx, n, ctype, in.head, r)
	case kindJSON:
		return w.json(ctx, n, ctype, r)
	}
	return w.deliver(ctx, n.path, ctype, r, nil)
}

// deliver passes r as the text of the part at partPath to fn, with loc
// (which may be nil) as its location mapper.
func (w *walker) deliver(ctx context.Context, partPath, ctype string, r io.Reader, loc *locator) error {
	w.parts++
	pr := &partReader{ctx: ctx, r: r, w: w, label: w.label(partPath)}
	p := Part{Path: partPath, ContentType: ctype, Text: pr}
	if loc != nil {
		p.Locate = loc.locate
	}
	err := w.fn(p)
	var be *budgetError
	switch {
	case pr.err != nil && errors.As(pr.err, &be):
		return pr.err
	case pr.err != nil && ctx.Err() == nil:
		w.fail(pr.err)
	}
	if err != nil && (pr.err == nil || !errors.Is(err, pr.err)) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}
