package decode

import (
	"sort"
	"strconv"
)

// maxSpans bounds the spans a locator keeps; past it the oldest are
// dropped, so memory stays bounded however dense the locations are.
const maxSpans = 1 << 18

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
// non-decreasing order, so both ends drop old spans.
type locator struct {
	base    Location // fields that hold for the whole part (Page)
	spans   []span
	head    int      // first live span
	columns []string // column names, by col
	rowBase int64    // added to rec to get the spreadsheet row of a cell
	cells   bool     // spans with a col get a Cell
	records bool     // spans' rec is a Record
}

// add appends s, dropping spans that ended more than LocateWindow before
// it, and the oldest ones past maxSpans.
func (l *locator) add(s span) {
	for l.head < len(l.spans) && l.spans[l.head].end < s.start-LocateWindow {
		l.head++
	}
	if len(l.spans)-l.head >= maxSpans {
		l.head += maxSpans / 4
	}
	if l.head > 0 && l.head >= len(l.spans)/2 {
		n := copy(l.spans, l.spans[l.head:])
		clear(l.spans[n:])
		l.spans, l.head = l.spans[:n], 0
	}
	l.spans = append(l.spans, s)
}

// locate returns the Location of the text byte at off.
func (l *locator) locate(off int64) Location {
	live := l.spans[l.head:]
	i := sort.Search(len(live), func(i int) bool { return live[i].start > off }) - 1
	if i < 0 || off >= live[i].end {
		return l.base
	}
	l.head += i // callers ask in non-decreasing order
	return l.location(live[i])
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
