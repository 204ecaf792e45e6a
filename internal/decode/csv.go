package decode

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"path"
	"strings"
	"unicode"
)

// csv delivers CSV or TSV text as it is, with a location for each field:
// Record (the 1-based data record; a header row is not a record), Cell
// (A1-style, as a spreadsheet would show the file) and Column (the header
// name). The delimiter is sniffed from the first lines.
func (w *walker) csv(ctx context.Context, n node, ctype string, head []byte, r io.Reader) error {
	t := &teeParser{src: r}
	cr := csv.NewReader(t.feed())
	cr.Comma = sniffDelimiter(head, n.base)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	p := &csvParser{t: t, r: cr, line: 1}
	t.loc = &locator{cells: true, records: true}
	t.step = p.step
	return w.deliver(ctx, n.path, ctype, t, t.loc)
}

// A csvParser adds the spans of one record per step.
type csvParser struct {
	t       *teeParser
	r       *csv.Reader
	line    int   // line number at t.mark
	records int64 // records read, the header included
	header  bool  // the first record was a header
}

// step reads one record and adds a span for each of its fields.
func (p *csvParser) step() error {
	rec, err := p.r.Read()
	if err != nil {
		return err
	}
	from, to := p.t.mark, p.r.InputOffset()
	p.records++
	if p.records == 1 && isHeader(rec) {
		p.header = true
		p.t.loc.columns = append([]string(nil), rec...)
		p.t.loc.rowBase = 1
	} else {
		p.spans(rec, from, to)
	}
	p.line += bytes.Count(p.t.text(from, to), []byte{'\n'})
	p.t.mark = to
	return nil
}

// spans adds the spans of the fields of rec, which spans the text [from,
// to).
func (p *csvParser) spans(rec []string, from, to int64) {
	num := p.records
	if p.header {
		num--
	}
	text := p.t.text(from, to)
	pos, ln := 0, p.line // offset in text of the start of line ln
	starts := make([]int64, len(rec)+1)
	for i := range rec {
		fl, fc := p.r.FieldPos(i)
		for ln < fl {
			k := bytes.IndexByte(text[pos:], '\n')
			if k < 0 {
				break
			}
			pos += k + 1
			ln++
		}
		starts[i] = from + int64(min(pos+fc-1, len(text)))
	}
	starts[len(rec)] = to
	for i, f := range rec {
		if len(f) >= minSpanLen {
			p.t.loc.add(span{start: starts[i], end: max(starts[i+1], starts[i]), rec: num, col: i})
		}
	}
}

// isHeader reports whether the first record of a CSV file looks like a
// header: every field is a non-empty name with a letter, and none looks
// like a value (an e-mail address, a number).
func isHeader(rec []string) bool {
	if len(rec) == 0 {
		return false
	}
	for _, f := range rec {
		f = strings.TrimSpace(f)
		if f == "" || len(f) > 64 || strings.ContainsAny(f, "@") || !strings.ContainsFunc(f, unicode.IsLetter) {
			return false
		}
	}
	return true
}

// sniffDelimiter picks the field delimiter of CSV text starting with
// head: a tab for .tsv files, else the one of , \t ; | found the same
// number of times (at least once) on the most of the first lines.
func sniffDelimiter(head []byte, base string) rune {
	switch strings.ToLower(path.Ext(base)) {
	case ".tsv", ".tab":
		return '\t'
	}
	lines := bytes.Split(head, []byte{'\n'})
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut short
	}
	lines = lines[:min(len(lines), 10)]
	best, bestScore := ',', 0
	for _, d := range []byte{',', '\t', ';', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			if c := bytes.Count(l, []byte{d}); c > 0 {
				counts[c]++
			}
		}
		for _, k := range counts {
			if k > bestScore {
				best, bestScore = rune(d), k
			}
		}
	}
	return best
}
