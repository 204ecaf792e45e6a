package decode

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// An officeType is a document format stored as a zip of XML files.
type officeType int

const (
	officeNone officeType = iota
	officeDOCX
	officeXLSX
	officePPTX
	officeODT // also presentations and drawings: one text part
	officeODS
)

// officeTypes are the content types reported for office documents.
var officeTypes = map[officeType]string{
	officeDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	officeXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	officePPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	officeODT:  "application/vnd.oasis.opendocument.text",
	officeODS:  "application/vnd.oasis.opendocument.spreadsheet",
}

// officeKind tells an office document from a plain archive by the files
// it holds.
func officeKind(zr *zip.Reader) officeType {
	var odf bool
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return officeDOCX
		case "xl/workbook.xml":
			return officeXLSX
		case "ppt/presentation.xml":
			return officePPTX
		case "content.xml":
			odf = true
		}
	}
	if !odf {
		return officeNone
	}
	if mime := zipMimetype(zr); strings.Contains(mime, "spreadsheet") {
		return officeODS
	}
	return officeODT
}

// zipMimetype returns the content of the "mimetype" file of an
// OpenDocument archive.
func zipMimetype(zr *zip.Reader) string {
	f := zipFile(zr, "mimetype")
	if f == nil {
		return ""
	}
	rc, err := openZipFile(f)
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 128))
	return strings.TrimSpace(string(b))
}

// zipFile returns the file called name in zr, or nil.
func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// openXML opens the zip member f of the document at label, within the
// walk's budgets.
func (w *walker) openXML(label string, f *zip.File) (io.ReadCloser, error) {
	rc, err := openZipFile(f)
	if err != nil {
		return nil, zipError(label+"/"+f.Name, err)
	}
	csize := int64(f.CompressedSize64)
	lr := &layerReader{r: rc, label: label, kind: kindZip, w: w, consumed: func() int64 { return csize }}
	return readCloser{lr, rc}, nil
}

// A readCloser joins a reader to the closer of what it reads.
type readCloser struct {
	io.Reader
	io.Closer
}

// office extracts the text of the office document zr at node n.
func (w *walker) office(ctx context.Context, n node, t officeType, zr *zip.Reader) error {
	label := w.label(n.path)
	ctype := officeTypes[t]
	switch t {
	case officeDOCX:
		files := wordFiles(zr)
		return w.deliver(ctx, n.path, ctype, w.xmlSeq(label, files, wordStyle), nil)
	case officeXLSX:
		return w.xlsx(ctx, n, zr)
	case officePPTX:
		return w.pptx(ctx, n, zr)
	}
	if odfEncrypted(zr) {
		return named(label, "%w: opendocument", ErrEncrypted)
	}
	content := zipFile(zr, "content.xml")
	if t == officeODS {
		return w.ods(ctx, n, content)
	}
	files := []*zip.File{content}
	if f := zipFile(zr, "styles.xml"); f != nil { // headers and footers
		files = append(files, f)
	}
	return w.deliver(ctx, n.path, ctype, w.xmlSeq(label, files, odfStyle), nil)
}

// wordParts are the members of a DOCX with text, after word/document.xml.
var wordParts = regexp.MustCompile(`^word/(header\d*|footer\d*|footnotes|endnotes|comments)\.xml$`)

// wordFiles returns the members of a DOCX that hold text, body first.
func wordFiles(zr *zip.Reader) []*zip.File {
	files := []*zip.File{zipFile(zr, "word/document.xml")}
	var more []*zip.File
	for _, f := range zr.File {
		if wordParts.MatchString(f.Name) {
			more = append(more, f)
		}
	}
	sort.Slice(more, func(i, j int) bool { return more[i].Name < more[j].Name })
	return append(files, more...)
}

// odfEncrypted reports whether the manifest of an OpenDocument file
// declares encrypted members.
func odfEncrypted(zr *zip.Reader) bool {
	f := zipFile(zr, "META-INF/manifest.xml")
	if f == nil {
		return false
	}
	rc, err := openZipFile(f)
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	return strings.Contains(string(b), "encryption-data")
}

// xmlSeq returns the text of the XML members files, one after the other.
func (w *walker) xmlSeq(label string, files []*zip.File, style xmlStyle) *textGen {
	var cur io.ReadCloser
	var x *xmlText
	return newGen(func(g *textGen) error {
		for {
			if cur == nil {
				if len(files) == 0 {
					return io.EOF
				}
				rc, err := w.openXML(label, files[0])
				if err != nil {
					return err
				}
				files = files[1:]
				cur, x = rc, newXMLText(rc, style)
			}
			err := x.fill(g)
			if !errors.Is(err, io.EOF) {
				return xmlError(label, err)
			}
			cur.Close()
			cur = nil
			if g.full() {
				return nil
			}
		}
	})
}

// xmlError names a failure to parse a document's XML; budget errors from
// the member's reader pass as they are.
func xmlError(label string, err error) error {
	if err == nil || errors.Is(err, io.EOF) || isNamed(err) {
		return err
	}
	return named(label, "xml: %w", err)
}

// slideNum finds the number of a slide or notes member.
var slideNum = regexp.MustCompile(`^ppt/(slides/slide|notesSlides/notesSlide)(\d+)\.xml$`)

// pptx yields one part per slide ("deck.pptx#slide=2") and per page of
// speaker notes ("deck.pptx#notes=2"), with Page set to the number.
func (w *walker) pptx(ctx context.Context, n node, zr *zip.Reader) error {
	type member struct {
		f     *zip.File
		notes bool
		num   int
	}
	var ms []member
	for _, f := range zr.File {
		if m := slideNum.FindStringSubmatch(f.Name); m != nil {
			num, _ := strconv.Atoi(m[2])
			ms = append(ms, member{f, strings.HasPrefix(m[1], "notes"), num})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].notes != ms[j].notes {
			return !ms[i].notes
		}
		return ms[i].num < ms[j].num
	})
	for _, m := range ms {
		frag := "slide=" + strconv.Itoa(m.num)
		if m.notes {
			frag = "notes=" + strconv.Itoa(m.num)
		}
		p := n.fragment(frag)
		if err := w.entry(node{path: p}); err != nil {
			return err
		}
		g := w.xmlSeq(w.label(p), []*zip.File{m.f}, slideStyle)
		loc := &locator{base: Location{Page: m.num}}
		if err := w.check(ctx, w.deliver(ctx, p, officeTypes[officePPTX], g, loc)); err != nil {
			return err
		}
	}
	return nil
}

// relTarget resolves the target of a relationship of the member at from.
func relTarget(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(from), target)
}
