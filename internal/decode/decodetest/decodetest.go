// Package decodetest builds small files of the formats decode reads, for
// tests: archives, Office and OpenDocument files, PDFs, e-mail, Parquet
// and Avro. The files are minimal but laid out as the usual producers
// write them (Excel, Word, LibreOffice), so that decoders are tested
// against the structures they meet in practice.
package decodetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// A File is a named blob.
type File struct {
	Name string
	Data []byte
}

// Zip builds a zip archive of files, deflated.
func Zip(files ...File) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.Name)
		if err != nil {
			panic(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Tar builds a tar archive of files.
func Tar(files ...File) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		hdr := &tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			panic(err)
		}
		tw.Write(f.Data)
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Gzip compresses data.
func Gzip(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// esc escapes text for XML.
func esc(s string) string { return html.EscapeString(s) }

// XLSX builds a workbook with one sheet per element of sheets, in order;
// each sheet is rows of cell texts. Strings go to the shared-string table,
// texts that parse as numbers are stored as numbers, as Excel does, and
// "date:SERIAL" is a date serial in a date style (built-in format 14 for
// an even-length serial, custom "yyyy/mm/dd" for an odd one).
func XLSX(names []string, sheets [][][]string) []byte {
	var shared []string
	index := map[string]int{}
	files := []File{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)},
	}
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, rows := range sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc(names[i]), i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		var s strings.Builder
		s.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r, row := range rows {
			fmt.Fprintf(&s, `<row r="%d">`, r+1)
			for c, v := range row {
				if v == "" {
					continue
				}
				ref := fmt.Sprintf("%c%d", 'A'+c, r+1)
				if serial, ok := strings.CutPrefix(v, "date:"); ok { // a date serial in a date style
					fmt.Fprintf(&s, `<c r="%s" s="%d"><v>%s</v></c>`, ref, 1+len(serial)%2, serial)
					continue
				}
				if isNumber(v) {
					fmt.Fprintf(&s, `<c r="%s"><v>%s</v></c>`, ref, v)
					continue
				}
				k, ok := index[v]
				if !ok {
					k = len(shared)
					index[v] = k
					shared = append(shared, v)
				}
				fmt.Fprintf(&s, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
			}
			s.WriteString(`</row>`)
		}
		s.WriteString(`</sheetData></worksheet>`)
		files = append(files, File{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), []byte(s.String())})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	var ss strings.Builder
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, v := range shared {
		fmt.Fprintf(&ss, `<si><t>%s</t></si>`, esc(v))
	}
	ss.WriteString(`</sst>`)
	files = append(files,
		File{"xl/styles.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd;@"/></numFmts><cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)},
		File{"xl/workbook.xml", []byte(wb.String())},
		File{"xl/_rels/workbook.xml.rels", []byte(rels.String())},
		File{"xl/sharedStrings.xml", []byte(ss.String())})
	return Zip(files...)
}

// isNumber reports whether s is a plain decimal number.
func isNumber(s string) bool {
	if s == "" || len(s) > 15 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return s[0] != '0' || s == "0"
}

// DOCX builds a Word document of paragraphs; each paragraph is split into
// runs at "|" (Word splits text into runs at every formatting change).
func DOCX(paragraphs ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paragraphs {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>`)
		for _, run := range strings.Split(p, "|") {
			fmt.Fprintf(&b, `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, esc(run))
		}
		b.WriteString(`</w:p>`)
	}
	b.WriteString(`</w:body></w:document>`)
	return Zip(
		File{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
		File{"word/document.xml", []byte(b.String())},
		File{"word/footer1.xml", []byte(`<?xml version="1.0"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Confidential</w:t></w:r></w:p></w:ftr>`)},
	)
}

// PPTX builds a presentation with one slide per element of slides, each
// a list of text paragraphs.
func PPTX(slides ...[]string) []byte {
	files := []File{
		{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
		{"ppt/presentation.xml", []byte(`<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`)},
	}
	for i, paras := range slides {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>`)
		for _, p := range paras {
			fmt.Fprintf(&b, `<a:p><a:r><a:t>%s</a:t></a:r></a:p>`, esc(p))
		}
		b.WriteString(`</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`)
		files = append(files, File{fmt.Sprintf("ppt/slides/slide%d.xml", i+1), []byte(b.String())})
	}
	return Zip(files...)
}

// odf builds an OpenDocument file of type mime with body as the content
// of office:body.
func odf(mime, body string) []byte {
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>` + body + `</office:body></office:document-content>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte(mime))
	for _, f := range []File{
		{"content.xml", []byte(content)},
		{"META-INF/manifest.xml", []byte(`<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`)},
	} {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	zw.Close()
	return buf.Bytes()
}

// ODT builds an OpenDocument text of paragraphs.
func ODT(paragraphs ...string) []byte {
	var b strings.Builder
	b.WriteString(`<office:text>`)
	for _, p := range paragraphs {
		fmt.Fprintf(&b, `<text:p text:style-name="P1"><text:span>%s</text:span></text:p>`, esc(p))
	}
	b.WriteString(`</office:text>`)
	return odf("application/vnd.oasis.opendocument.text", b.String())
}

// ODS builds an OpenDocument spreadsheet with one table, rows of cells.
// A run of empty rows is written as one repeated row, as LibreOffice does.
func ODS(name string, rows [][]string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<office:spreadsheet><table:table table:name="%s">`, esc(name))
	for _, row := range rows {
		if len(row) == 0 {
			b.WriteString(`<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`)
			continue
		}
		b.WriteString(`<table:table-row>`)
		for _, v := range row {
			if v == "" {
				b.WriteString(`<table:table-cell/>`)
				continue
			}
			fmt.Fprintf(&b, `<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>`, esc(v))
		}
		b.WriteString(`</table:table-row>`)
	}
	b.WriteString(`</table:table></office:spreadsheet>`)
	return odf("application/vnd.oasis.opendocument.spreadsheet", b.String())
}

// PDF builds a PDF with one page per element of pages; each page is lines
// of text in Helvetica, and each line is drawn as separate Tj runs split
// at "|" (as PDF producers do), so extractors must not glue runs together.
func PDF(pages ...[]string) []byte {
	var objs []string
	kids := make([]string, len(pages))
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>", "")                                             // 1, 2 (filled below)
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>") // 3
	for i, lines := range pages {
		var s strings.Builder
		s.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
		for j, line := range lines {
			if j > 0 {
				s.WriteString("T*\n")
			}
			for k, run := range strings.Split(line, "|") {
				if k > 0 {
					s.WriteString("[( )-250] TJ\n")
				}
				fmt.Fprintf(&s, "(%s) Tj\n", pdfEscape(run))
			}
		}
		s.WriteString("ET")
		content := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", s.Len(), s.String()))
		page := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", content))
		kids[i] = fmt.Sprintf("%d 0 R", page)
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfEscape escapes a PDF literal string.
func pdfEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
}

// EML builds a multipart message with a plain-text body (quoted-printable)
// and attachments, base64-encoded.
func EML(body string, attachments ...File) []byte {
	var b strings.Builder
	b.WriteString("From: =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.jp>\r\nTo: ops@example.com\r\nSubject: =?UTF-8?Q?Quarterly_report?=\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\nThis is a MIME message.\r\n")
	b.WriteString("--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "=", "=3D") + "\r\n")
	for _, a := range attachments {
		fmt.Fprintf(&b, "--XYZ\r\nContent-Type: application/octet-stream; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", a.Name, a.Name)
		enc := base64Lines(a.Data)
		b.WriteString(enc)
	}
	b.WriteString("--XYZ--\r\n")
	return []byte(b.String())
}
