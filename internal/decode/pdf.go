package decode

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxPageText bounds the text taken from one PDF page.
const maxPageText = 16 << 20

// pdf yields one part per page of a PDF ("report.pdf#page=3", with Page
// set). The text of a page is its text-showing operators in content
// order; a line break is put where the text moves to another line and a
// space where it moves along the line or a TJ array leaves a gap, so that
// runs drawn separately do not run together. Encrypted files that do not
// open with the empty password are skipped as encrypted. A file that does
// not open otherwise (a broken xref table) yields the text of its raw
// content streams as one part (see rawPDFText), and the error.
func (w *walker) pdf(ctx context.Context, n node, in input) (err error) {
	if !w.enter(n) {
		return nil
	}
	label := w.label(n.path)
	sp, err := w.spool(ctx, n, in)
	if err != nil {
		return err
	}
	defer sp.Close()
	r, err := openPDF(label, sp)
	if err != nil && !errors.Is(err, ErrEncrypted) {
		// Recover what text there is, and report why pages are unknown.
		if text := rawPDFText(sp); text != "" {
			w.fail(err)
			return w.deliver(ctx, n.path, "application/pdf", strings.NewReader(text), nil)
		}
	}
	if err != nil {
		return err
	}
	i := 0
	werr := pdfPages(r, func(page pdf.Page) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		i++
		p := n.fragment("page=" + strconv.Itoa(i))
		if err := w.entry(node{path: p}); err != nil {
			return err
		}
		text, perr := pageText(w.label(p), page)
		if perr != nil {
			w.fail(perr)
		}
		loc := &locator{base: Location{Page: i}}
		return w.check(ctx, w.deliver(ctx, p, "application/pdf", strings.NewReader(text), loc))
	})
	if errors.Is(werr, errPageTree) {
		w.fail(named(label, "pdf: %w", werr))
		return nil
	}
	return werr
}

// openPDF opens a spooled PDF; a panic of the parser is an error.
func openPDF(label string, sp *spooled) (r *pdf.Reader, err error) {
	defer recovered(label, "pdf", &err)
	r, err = pdf.NewReader(sp.ra, sp.size)
	if err == nil {
		return r, nil
	}
	if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") || pdfEncrypted(sp) {
		return nil, named(label, "%w: pdf", ErrEncrypted)
	}
	return nil, named(label, "pdf: %w", err)
}

// pdfEncrypted reports whether the last KiB of a PDF (its trailer) names
// an encryption dictionary.
func pdfEncrypted(sp *spooled) bool {
	tail := make([]byte, min(sp.size, 4096))
	n, _ := sp.ra.ReadAt(tail, sp.size-int64(len(tail)))
	return bytes.Contains(tail[:n], []byte("/Encrypt"))
}

// Bounds on the walk of a page tree: a tree from untrusted data may hold
// cycles (a Pages node among its own Kids, a page its own Parent) or share
// subtrees so that a walk would visit exponentially many nodes.
const (
	maxPageTreeDepth = 64
	maxPageTreeNodes = 1 << 16
)

// errPageTree stops a walk of a page tree that is too deep or too large.
var errPageTree = errors.New("page tree too deep or too large")

// pdfPages calls yield for each page of r, in order, by one walk of the
// page tree from the root, and stops at the first error yield returns. A
// panic of the parser on malformed objects ends the walk as if the tree
// ended there.
func pdfPages(r *pdf.Reader, yield func(pdf.Page) error) (err error) {
	visited := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		visited++
		if depth > maxPageTreeDepth || visited > maxPageTreeNodes {
			return errPageTree
		}
		switch v.Key("Type").Name() {
		case "Page":
			return yield(pdf.Page{V: v})
		case "Pages":
			kids := v.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	defer func() {
		if recover() != nil {
			err = nil
		}
	}()
	root := r.Trailer().Key("Root").Key("Pages")
	if root.Key("Type").Name() != "Pages" {
		return nil
	}
	return walk(root, 0)
}

// pageText returns the text of a page; a malformed content stream ends it
// with an error, keeping the text before.
func pageText(label string, p pdf.Page) (text string, err error) {
	var b pageBuilder
	defer func() {
		if x := recover(); x != nil {
			err = named(label, "pdf: malformed content: %v", x)
		}
		text = b.String()
	}()
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return "", nil
	}
	fonts := map[string]pdf.TextEncoding{}
	var enc pdf.TextEncoding
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		args := popArgs(stk)
		if op == "Tf" && len(args) == 2 {
			enc = fontEncoding(p, fonts, args[0].Name())
			return
		}
		b.op(op, args, enc)
	})
	return b.String(), nil
}

// fontEncoding returns the text encoding of the font called name on page
// p, cached in fonts.
func fontEncoding(p pdf.Page, fonts map[string]pdf.TextEncoding, name string) pdf.TextEncoding {
	if enc, ok := fonts[name]; ok {
		return enc
	}
	f := pdf.Font{V: inherited(p, "Resources").Key("Font").Key(name)}
	enc := f.Encoder()
	fonts[name] = enc
	return enc
}

// inherited returns the value of key on page p or the nearest of its
// ancestors that has it. Unlike pdf.Page's own lookup it stops after
// maxPageTreeDepth parents, as a Parent chain may be a cycle.
func inherited(p pdf.Page, key string) pdf.Value {
	v := p.V
	for range maxPageTreeDepth {
		if v.IsNull() {
			break
		}
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// popArgs pops the operands of an operator, bottom first.
func popArgs(stk *pdf.Stack) []pdf.Value {
	args := make([]pdf.Value, stk.Len())
	for i := len(args) - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	return args
}

// A pageBuilder collects the text of a page from its operators.
type pageBuilder struct {
	strings.Builder
	sep byte // separator owed before the next text: 0, ' ' or '\n'
}

// op handles one content-stream operator.
func (b *pageBuilder) op(op string, args []pdf.Value, enc pdf.TextEncoding) {
	switch op {
	case "Tj":
		if len(args) == 1 {
			b.show(args[0].RawString(), enc)
		}
	case "'", "\"":
		b.owe('\n')
		if len(args) > 0 {
			b.show(args[len(args)-1].RawString(), enc)
		}
	case "TJ":
		if len(args) == 1 {
			b.showArray(args[0], enc)
		}
	case "Td", "TD":
		if len(args) == 2 && args[1].Float64() != 0 {
			b.owe('\n')
		} else {
			b.owe(' ')
		}
	case "T*", "ET", "Tm":
		b.owe('\n')
	}
}

// showArray shows the strings of a TJ array; a large negative adjustment
// (a gap wider than a fifth of an em) is a space.
func (b *pageBuilder) showArray(v pdf.Value, enc pdf.TextEncoding) {
	for i := 0; i < v.Len(); i++ {
		x := v.Index(i)
		switch x.Kind() {
		case pdf.String:
			b.show(x.RawString(), enc)
		case pdf.Integer, pdf.Real:
			if x.Float64() < -200 {
				b.owe(' ')
			}
		}
	}
}

// owe records a separator to write before the next text; a line break
// wins over a space.
func (b *pageBuilder) owe(c byte) {
	if b.Len() > 0 && b.sep != '\n' {
		b.sep = c
	}
}

// show writes a string shown with encoding enc.
func (b *pageBuilder) show(raw string, enc pdf.TextEncoding) {
	if b.Len() > maxPageText {
		return
	}
	s := raw
	if enc != nil {
		s = enc.Decode(raw)
	}
	if s == "" {
		return
	}
	if b.sep != 0 {
		b.WriteByte(b.sep)
		b.sep = 0
	}
	b.WriteString(s)
}
