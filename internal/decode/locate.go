package decode

import (
	"sort"
	"strconv"
)

// maxSpans bounds the spans a locator keeps; past it the oldest are
// dropped, so memory stays bounded however dense the locations are.
const maxSpans = 1 << 18

// spanChunk is how many spans are stored together: spans live in chunks
// so that adding never copies a large slice, and old ones are dropped a
// chunk at a time.
const spanChunk = 4096

// minSpanLen is the shortest value that gets a span: no identifier
// matches fewer bytes, and skipping tiny values keeps dense data cheap.
const minSpanLen = 4

// A span locates the text bytes [start, end) of a part.
type span struct {
	start, end int64
	rec        int64  // record, or spreadsheet row
	col        int    // 0-based column; -1 when none
	path       string // JSON path
}

// A locator maps text offsets of one part to Locations. Decoders add
// spans in increasing order as they produce text; Part.Locate asks in
// non-decreasing order. Spans that ended more than LocateWindow before the
// newest are dropped a chunk at a time.
type locator struct {
	base    Location // fields that hold for the whole part (Page)
	chunks  [][]span
	columns []string // column names, by col
	rowBase int64    // added to rec to get the spreadsheet row of a cell
	cells   bool     // spans with a col get a Cell
	records bool     // spans' rec is a Record
}

// add appends s.
func (l *locator) add(s span) {
	n := len(l.chunks)
	if n == 0 || len(l.chunks[n-1]) == spanChunk {
		for len(l.chunks) > 1 && (last(l.chunks[0]).end < s.start-LocateWindow || len(l.chunks)*spanChunk >= maxSpans) {
			l.chunks[0] = nil
			l.chunks = l.chunks[1:]
		}
		l.chunks = append(l.chunks, make([]span, 0, spanChunk))
		n = len(l.chunks)
	}
	l.chunks[n-1] = append(l.chunks[n-1], s)
}

// last returns the last span of a non-empty chunk.
func last(c []span) span { return c[len(c)-1] }

// locate returns the Location of the text byte at off.
func (l *locator) locate(off int64) Location {
	ci := sort.Search(len(l.chunks), func(i int) bool { return l.chunks[i][0].start > off }) - 1
	if ci < 0 {
		return l.base
	}
	c := l.chunks[ci]
	i := sort.Search(len(c), func(i int) bool { return c[i].start > off }) - 1
	if i < 0 || off >= c[i].end {
		return l.base
	}
	return l.location(c[i])
}

// location builds the Location of span s.
func (l *locator) location(s span) Location {
	loc := l.base
	loc.JSONPath = s.path
	if l.records {
		loc.Record = s.rec
	}
	if s.col >= 0 {
		if l.cells {
			loc.Cell = cellRef(s.col, s.rec+l.rowBase)
		}
		if s.col < len(l.columns) {
			loc.Column = l.columns[s.col]
		}
	}
	return loc
}

// cellRef returns the A1-style reference of the 0-based column col in the
// 1-based row: cellRef(1, 7) is "B7".
func cellRef(col int, row int64) string {
	return colName(col) + strconv.FormatInt(row, 10)
}

// colName returns the letters of the 0-based column col: A, B, …, Z, AA.
func colName(col int) string {
	var b [8]byte
	i := len(b)
	for col >= 0 && i > 0 {
		i--
		b[i] = byte('A' + col%26)
		col = col/26 - 1
	}
	return string(b[i:])
}
