package decode

import (
	"archive/zip"
	"encoding/xml"
	"strconv"
	"strings"
	"time"
)

// maxStyles bounds the cell styles read from a workbook.
const maxStyles = 1 << 16

// xlsxDateStyles returns, for each cell style (the s attribute of a cell),
// whether it formats numbers as dates: one of Excel's built-in date
// formats (14–22, 45–47) or a custom format with day, month or year
// codes.
func (w *walker) xlsxDateStyles(label string, zr *zip.Reader) []bool {
	f := zipFile(zr, "xl/styles.xml")
	if f == nil {
		return nil
	}
	custom := map[string]bool{}
	var styles []bool
	inXfs := false
	_ = w.eachToken(label, f, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				custom[attr(t, "numFmtId")] = isDateFormat(attr(t, "formatCode"))
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs && len(styles) < maxStyles {
					id := attr(t, "numFmtId")
					n, _ := strconv.Atoi(id)
					styles = append(styles, custom[id] || n >= 14 && n <= 22 || n >= 45 && n <= 47)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	})
	return styles
}

// isDateFormat reports whether a number format code shows a date: it has
// d, m or y codes outside quoted text and brackets.
func isDateFormat(code string) bool {
	quoted, bracket := false, false
	for _, c := range strings.ToLower(code) {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case !bracket && (c == 'd' || c == 'y' || (c == 'm' && !strings.Contains(code, "h"))):
			return true
		}
	}
	return false
}

// excelEpoch is day 0 of Excel's 1900 date system (with its 1900 leap
// year bug folded in for serials after February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelDate renders a date serial as YYYY-MM-DD (with the time when it has
// one), or returns v unchanged when it is not a plausible serial.
func excelDate(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f > 2958465 { // 9999-12-31
		return v
	}
	days := int(f)
	t := excelEpoch.AddDate(0, 0, days)
	if frac := f - float64(days); frac > 1e-9 {
		t = t.Add(time.Duration(frac * 24 * float64(time.Hour)).Round(time.Second))
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02")
}

// eachToken calls fn for every token of the XML member f.
func (w *walker) eachToken(label string, f *zip.File, fn func(xml.Token)) error {
	rc, err := w.openXML(label, f)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err != nil {
			return xmlError(label, err)
		}
		fn(tok)
	}
}
