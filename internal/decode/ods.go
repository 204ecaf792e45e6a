package decode

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// maxRepeat bounds the repeat counts of OpenDocument rows and cells, which
// may claim a million empty rows.
const maxRepeat = 1 << 20

// ods yields one part per table of an OpenDocument spreadsheet
// ("book.ods#Sheet1") with Cell locations, read in one pass over
// content.xml.
func (w *walker) ods(ctx context.Context, n node, content *zip.File) error {
	label := w.label(n.path)
	rc, err := w.openXML(label, content)
	if err != nil {
		return err
	}
	defer rc.Close()
	o := &odsReader{d: newXMLDecoder(rc), label: label}
	for {
		name, err := o.nextTable()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		p := n.fragment(name)
		if err := w.entry(node{path: p}); err != nil {
			return err
		}
		loc := &locator{cells: true}
		g := newGen(o.fill)
		g.loc = loc
		o.startTable()
		if err := w.check(ctx, w.deliver(ctx, p, officeTypes[officeODS], g, loc)); err != nil {
			return err
		}
		if err := o.skipTable(); err != nil {
			return err
		}
	}
}

// An odsReader reads the tables of an OpenDocument spreadsheet.
type odsReader struct {
	d     *xml.Decoder
	label string

	depth    int   // nesting of table elements; 0 outside the current table
	row      int64 // 1-based row of the current row
	rowRep   int64 // repeat count of the current row
	col      int   // 0-based column of the current cell
	colRep   int   // repeat count of the current cell
	inCell   bool
	text     []byte // text of the current cell
	inP      int
	rowCells int
}

// nextTable reads up to the start of the next table and returns its name.
func (o *odsReader) nextTable() (string, error) {
	for {
		tok, err := o.d.RawToken()
		if err != nil {
			return "", xmlError(o.label, err)
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "table" {
			name := cleanName(attr(t, "name"))
			if name == "" {
				name = "Sheet"
			}
			return name, nil
		}
	}
}

// startTable resets the state for a table whose start was just read.
func (o *odsReader) startTable() {
	o.depth, o.row, o.rowRep = 1, 0, 1
}

// skipTable reads what the part's reader left of the current table.
func (o *odsReader) skipTable() error {
	for o.depth > 0 {
		tok, err := o.d.RawToken()
		if err != nil {
			return xmlError(o.label, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "table" {
				o.depth++
			}
		case xml.EndElement:
			if t.Name.Local == "table" {
				o.depth--
			}
		}
	}
	return nil
}

// fill adds rows of the current table to g until it is full; io.EOF at
// the end of the table.
func (o *odsReader) fill(g *textGen) error {
	for !g.full() {
		if o.depth == 0 {
			return io.EOF
		}
		tok, err := o.d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				o.depth = 0
			}
			return xmlError(o.label, err)
		}
		o.token(g, tok)
	}
	return nil
}

// token handles one token inside a table.
func (o *odsReader) token(g *textGen, tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		o.start(g, t)
	case xml.EndElement:
		o.end(g, t.Name.Local)
	case xml.CharData:
		if o.inCell && o.inP > 0 {
			o.text = append(o.text, t...)
		}
	}
}

// start handles a start element inside a table.
func (o *odsReader) start(g *textGen, t xml.StartElement) {
	switch t.Name.Local {
	case "table":
		o.depth++
	case "table-row":
		o.row += o.rowRep
		o.rowRep = repeat(attr(t, "number-rows-repeated"))
		o.col, o.colRep, o.rowCells = 0, 0, 0
	case "table-cell", "covered-table-cell":
		o.col += o.colRep
		o.colRep = int(repeat(attr(t, "number-columns-repeated")))
		o.inCell, o.text = true, o.text[:0]
	case "p", "h":
		if o.inCell && len(o.text) > 0 {
			o.text = append(o.text, '\n')
		}
		o.inP++
	case "s":
		if o.inCell {
			o.text = append(o.text, spaces(attr(t, "c"))...)
		}
	case "tab":
		o.text = append(o.text, '\t')
	case "line-break":
		o.text = append(o.text, '\n')
	}
}

// end handles an end element inside a table.
func (o *odsReader) end(g *textGen, local string) {
	switch local {
	case "table":
		o.depth--
	case "p", "h":
		o.inP = max(o.inP-1, 0)
	case "table-cell", "covered-table-cell":
		o.inCell = false
		if len(o.text) > 0 {
			if o.rowCells > 0 {
				g.writeByte('\t')
			}
			o.rowCells++
			g.value(string(o.text), o.row, o.col, "")
		}
	case "table-row":
		if o.rowCells > 0 {
			g.writeByte('\n')
		}
	}
}

// repeat parses a repeat count, 1 when absent, at most maxRepeat.
func repeat(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxRepeat)
}
