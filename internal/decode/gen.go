package decode

import (
	"io"
)

// maxGenBuf is how much generated text a textGen holds before it hands it
// out: fill functions add a row or a paragraph at a time, and stop
// adding when the buffer is past this size.
const maxGenBuf = 64 << 10

// A textGen is the Text of a part whose text a decoder generates (the
// cells of a sheet, the paragraphs of a document) rather than copies. fill
// appends more text with write and returns io.EOF at the end; it is called
// only when all text so far was read, so memory holds one fill's worth.
type textGen struct {
	buf  []byte
	pos  int   // read position in buf
	off  int64 // text offset of buf[0]
	fill func(g *textGen) error
	err  error
	loc  *locator // nil when the part has no locations
}

// newGen returns a textGen that calls fill.
func newGen(fill func(g *textGen) error) *textGen {
	return &textGen{fill: fill}
}

func (g *textGen) Read(b []byte) (int, error) {
	for g.pos == len(g.buf) {
		if g.err != nil {
			return 0, g.err
		}
		g.off += int64(len(g.buf))
		g.buf, g.pos = g.buf[:0], 0
		g.err = g.fill(g)
	}
	n := copy(b, g.buf[g.pos:])
	g.pos += n
	return n, nil
}

// full reports whether a fill function should return and let the text be
// read.
func (g *textGen) full() bool {
	return len(g.buf) >= maxGenBuf
}

// offset is the text offset of the next byte written.
func (g *textGen) offset() int64 {
	return g.off + int64(len(g.buf))
}

// write appends s to the text.
func (g *textGen) write(s string) {
	g.buf = append(g.buf, s...)
}

// writeByte appends c to the text.
func (g *textGen) writeByte(c byte) {
	g.buf = append(g.buf, c)
}

// value appends s, a value with its own location (a cell, a field), and
// adds a span for it when the part has a locator and s is long enough to
// hold an identifier.
func (g *textGen) value(s string, rec int64, col int, path string) {
	start := g.offset()
	g.write(s)
	if g.loc != nil && len(s) >= minSpanLen {
		g.loc.add(span{start: start, end: g.offset(), rec: rec, col: col, path: path})
	}
}

var _ io.Reader = (*textGen)(nil)
