package detect

import (
	"bytes"
	"slices"
	"strings"
)

// header is what the first line of a delimited text (CSV, TSV) says about
// its columns: which identifiers' context words each column name holds.
// As in Macie v2, a context word in the column name counts for every value
// in that column, so "ssn" over a column of bare nine-digit numbers is
// context for each of them.
type header struct {
	delim    byte
	cols     [][]int // column → identifiers whose context words its name holds
	cells    [][]int // column → identifiers that search its cells (Identifier.Columns)
	hasCells bool
}

// maxHeader bounds the header line and how far back a value's line start
// is looked for.
const maxHeader = 8192

// header reads the column names of text's first line, or returns nil when
// the text does not start like a table or no column names a context word.
func (e *Engine) header(text []byte) *header {
	nl := bytes.IndexByte(text[:min(len(text), maxHeader)], '\n')
	if nl < 0 || len(e.ctxWords)+len(e.colWords) == 0 {
		return nil
	}
	line := bytes.TrimRight(text[:nl], "\r")
	delim, most := byte(0), 0
	for _, d := range []byte{',', '\t', ';', '|'} {
		if n := bytes.Count(line, []byte{d}); n > most {
			delim, most = d, n
		}
	}
	if most == 0 {
		return nil
	}
	h := &header{delim: delim}
	if !h.looksLikeTable(line, text[nl+1:]) {
		return nil
	}
	found := false
	for name := range bytes.SplitSeq(line, []byte{delim}) {
		col := foldName(name)
		ids, cells := naming(col, e.ctxWords), naming(col, e.colWords)
		found = found || len(ids) > 0 || len(cells) > 0
		h.hasCells = h.hasCells || len(cells) > 0
		h.cols, h.cells = append(h.cols, ids), append(h.cells, cells)
	}
	if !found {
		return nil
	}
	return h
}

// looksLikeTable reports whether line reads as the header of a table
// whose rows follow in rest: every column name is short (40 bytes) and
// free of the marks of JSON, logs, assignments and prose ({ } [ ] = < >,
// ":", ". "), and the next line, if there is one, has as many cells. A
// log line holding "password" and a comma, or a sentence ending in
// "Password:" and a tab, is not a header.
func (h *header) looksLikeTable(line, rest []byte) bool {
	for name := range bytes.SplitSeq(line, []byte{h.delim}) {
		name = bytes.TrimSpace(name)
		if len(name) > 40 || bytes.ContainsAny(name, "{}[]=<>") || bytes.Contains(name, []byte(":")) || bytes.Contains(name, []byte(". ")) {
			return false
		}
	}
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		return true // the header alone, or a row cut by the chunk's end
	}
	next := bytes.TrimRight(rest[:i], "\r")
	return h.column(next) == h.column(line)
}

// foldName lower-cases a column name and turns '_', '-' and '.' into
// spaces, as the keyword automaton folds text.
func foldName(b []byte) string {
	b = bytes.Trim(b, " \"'\r")
	out := make([]byte, len(b))
	for i, c := range b {
		switch c {
		case '_', '-', '.':
			c = ' '
		default:
			c = foldASCII(c)
		}
		out[i] = c
	}
	return string(out)
}

// has reports whether the value at text[s] lies in a column whose name
// holds a context word of identifier i. Only rows below the header count.
func (h *header) has(i int, text []byte, s int) bool {
	if h == nil {
		return false
	}
	lo := max(s-maxHeader, 0)
	nl := bytes.LastIndexByte(text[lo:s], '\n')
	if nl < 0 {
		return false // the header line itself, or a line too long to be a row
	}
	ls := lo + nl + 1
	col := h.column(text[ls:s])
	return col < len(h.cols) && slices.Contains(h.cols[col], i)
}

// column returns the index of the cell that follows row, the start of a
// line: the delimiters in row that are not inside a quoted cell.
func (h *header) column(row []byte) int {
	col, quoted := 0, false
	for _, c := range row {
		switch {
		case c == '"':
			quoted = !quoted
		case c == h.delim && !quoted:
			col++
		}
	}
	return col
}

// naming returns the identifiers one of whose words the column name col
// holds, in increasing order.
func naming(col string, words map[int][]string) []int {
	var ids []int
	for i, ws := range words {
		if slices.ContainsFunc(ws, func(w string) bool { return strings.Contains(col, w) }) {
			ids = append(ids, i)
		}
	}
	slices.Sort(ids)
	return ids
}

// cellWindows adds a window for each cell of text under a column that an
// identifier searches (header.cells). The first line is skipped: it is the
// header itself, or a partial line of a later chunk.
func (h *header) cellWindows(text []byte, st *state) {
	nl := bytes.IndexByte(text, '\n')
	if nl < 0 {
		return
	}
	for pos := nl + 1; pos < len(text); {
		end := bytes.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		col, cs, quoted := 0, pos, false
		for k := pos; k <= end && col < len(h.cells); k++ {
			if k < end && text[k] == '"' {
				quoted = !quoted
			}
			if k < end && (text[k] != h.delim || quoted) {
				continue
			}
			for _, id := range h.cells[col] {
				addWindow(st, id, span{cs, k})
			}
			col, cs = col+1, k+1
		}
		pos = end + 1
	}
}
