package decode

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// maxSharedStrings bounds the bytes of an XLSX shared-string table held in
// memory.
const maxSharedStrings = 64 << 20

// An xlsxSheet is one worksheet: its name and its member.
type xlsxSheet struct {
	name string
	f    *zip.File
}

// xlsx yields one part per worksheet ("book.xlsx#Sheet1"), hidden ones
// included, with a Cell location for every cell. Each row is a line,
// cells are separated by tabs; shared strings are resolved, and numbers in
// date-formatted cells are written as dates (2026-11-29), so that dates
// of birth are seen as dates.
func (w *walker) xlsx(ctx context.Context, n node, zr *zip.Reader) error {
	label := w.label(n.path)
	sheets, err := w.xlsxSheets(label, zr)
	if err != nil {
		return err
	}
	shared, err := w.sharedStrings(label, zr)
	if err != nil {
		return err
	}
	dates := w.xlsxDateStyles(label, zr)
	for _, s := range sheets {
		p := n.fragment(s.name)
		if err := w.entry(node{path: p}); err != nil {
			return err
		}
		rc, err := w.openXML(w.label(p), s.f)
		if err != nil {
			w.fail(err)
			continue
		}
		loc := &locator{cells: true}
		sr := &sheetReader{d: newXMLDecoder(rc), shared: shared, dates: dates, label: w.label(p)}
		g := newGen(sr.fill)
		g.loc = loc
		err = w.deliver(ctx, p, officeTypes[officeXLSX], g, loc)
		rc.Close()
		if err := w.check(ctx, err); err != nil {
			return err
		}
	}
	return nil
}

// xlsxSheets lists the worksheets of a workbook in order, from
// xl/workbook.xml and its relationships.
func (w *walker) xlsxSheets(label string, zr *zip.Reader) ([]xlsxSheet, error) {
	targets := map[string]string{}
	if f := zipFile(zr, "xl/_rels/workbook.xml.rels"); f != nil {
		err := w.eachElement(label, f, "Relationship", func(t xml.StartElement) {
			targets[attr(t, "Id")] = relTarget("xl/workbook.xml", attr(t, "Target"))
		})
		if err != nil {
			return nil, err
		}
	}
	var sheets []xlsxSheet
	err := w.eachElement(label, zipFile(zr, "xl/workbook.xml"), "sheet", func(t xml.StartElement) {
		if f := zipFile(zr, targets[attr(t, "id")]); f != nil {
			sheets = append(sheets, xlsxSheet{name: cleanName(attr(t, "name")), f: f})
		}
	})
	return sheets, err
}

// eachElement calls fn for every start element with local name local in
// the XML member f.
func (w *walker) eachElement(label string, f *zip.File, local string, fn func(xml.StartElement)) error {
	rc, err := w.openXML(label, f)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLDecoder(rc)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return xmlError(label, err)
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == local {
			fn(t)
		}
	}
}

// sharedStrings reads the shared-string table of a workbook.
func (w *walker) sharedStrings(label string, zr *zip.Reader) ([]string, error) {
	f := zipFile(zr, "xl/sharedStrings.xml")
	if f == nil {
		return nil, nil
	}
	rc, err := w.openXML(label, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := newXMLDecoder(rc)
	var out []string
	var cur strings.Builder
	var size int
	inT, inRPh := false, false
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, xmlError(label, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inT = true
			case "rPh": // phonetic guides repeat the text
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			case "si":
				size += cur.Len() + 16
				if size > maxSharedStrings {
					return nil, named(label, "%w: shared strings exceed %d bytes", ErrLimit, maxSharedStrings)
				}
				out = append(out, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inT && !inRPh {
				cur.Write(t)
			}
		}
	}
}

// A sheetReader turns a worksheet's XML into text, a row at a time.
type sheetReader struct {
	d      *xml.Decoder
	shared []string
	dates  []bool // cell styles that format numbers as dates
	label  string

	row      int64 // current 1-based row
	col      int   // current 0-based column
	typ      string
	date     bool // the cell's style is a date format
	val      strings.Builder
	inV      bool
	rowCells int // cells written in the current row
}

// fill adds rows to g until it is full.
func (s *sheetReader) fill(g *textGen) error {
	for !g.full() {
		tok, err := s.d.RawToken()
		if err != nil {
			return xmlError(s.label, err)
		}
		s.token(g, tok)
	}
	return nil
}

// token handles one token of the sheet.
func (s *sheetReader) token(g *textGen, tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		switch t.Name.Local {
		case "row":
			if r, err := strconv.ParseInt(attr(t, "r"), 10, 64); err == nil && r > 0 {
				s.row = r
			} else {
				s.row++
			}
			s.col, s.rowCells = -1, 0
		case "c":
			s.startCell(t)
		case "v", "t":
			s.inV = true
		}
	case xml.EndElement:
		switch t.Name.Local {
		case "v", "t":
			s.inV = false
		case "c":
			s.endCell(g)
		case "row":
			if s.rowCells > 0 {
				g.writeByte('\n')
			}
		}
	case xml.CharData:
		if s.inV {
			s.val.Write(t)
		}
	}
}

// startCell begins the cell t.
func (s *sheetReader) startCell(t xml.StartElement) {
	s.typ = attr(t, "t")
	style, err := strconv.Atoi(attr(t, "s"))
	s.date = err == nil && style >= 0 && style < len(s.dates) && s.dates[style]
	s.val.Reset()
	if col, row, ok := parseRef(attr(t, "r")); ok {
		s.col, s.row = col, row
	} else {
		s.col++
	}
}

// endCell writes the value of the current cell.
func (s *sheetReader) endCell(g *textGen) {
	v := s.val.String()
	if s.date && (s.typ == "" || s.typ == "n") {
		v = excelDate(strings.TrimSpace(v))
	}
	if s.typ == "s" {
		i, err := strconv.Atoi(strings.TrimSpace(v))
		v = ""
		if err == nil && i >= 0 && i < len(s.shared) {
			v = s.shared[i]
		}
	}
	if v == "" {
		return
	}
	if s.rowCells > 0 {
		g.writeByte('\t')
	}
	s.rowCells++
	g.value(v, s.row, s.col, "")
}

// parseRef parses an A1-style reference into a 0-based column and a
// 1-based row.
func parseRef(ref string) (col int, row int64, ok bool) {
	i := 0
	col = 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4 {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	row, err := strconv.ParseInt(ref[i:], 10, 64)
	if err != nil || row <= 0 {
		return 0, 0, false
	}
	return col - 1, row, true
}
