package detect

import (
	"bytes"
	"context"
	"errors"
	"io"
	"unicode/utf8"
)

// chunkSize is how many new bytes Stream scans per step.
const chunkSize = 1 << 20

// MaxDetailed is how many matches of each type per stream get a Sample and
// Hash from Stream; later ones are counted and located only. It equals the
// number of occurrences a finding lists (CONTRACT §2).
const MaxDetailed = 100

// Stream scans all text from r in chunks that overlap by e.Overlap() bytes,
// calls emit for each match in increasing offset order with Line and Column
// set, and returns the number of bytes read. Memory stays bounded by the
// chunk size whatever the length of r. A read error ends the stream after
// the bytes read so far were scanned; it is returned as is.
func (e *Engine) Stream(ctx context.Context, r io.Reader, emit func(Match)) (int64, error) {
	bp, _ := e.bufs.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, chunkSize+e.overlap)
		bp = &b
	}
	defer e.bufs.Put(bp)
	buf := *bp
	var base int64 // stream offset of buf[0]
	n := 0         // valid bytes in buf
	cur := lineCursor{line: 1}
	detailed := map[string]int{}
	var hdr *header // the column names of a table, from the first chunk
	detail := func(typ string) bool {
		detailed[typ]++
		return detailed[typ] <= MaxDetailed
	}
	for {
		if err := ctx.Err(); err != nil {
			return base + int64(n), err
		}
		m, err := io.ReadFull(r, buf[n:])
		n += m
		last := err != nil
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = nil
		}
		// Matches starting at or after limit belong to the next chunk,
		// which sees them whole.
		limit := n - e.overlap
		if last {
			limit = n
		}
		// Cut on a rune boundary, so that a full-width character is
		// folded whole in one chunk (fold.go).
		for k := 0; k < utf8.UTFMax-1 && limit > 0 && limit < n && !utf8.RuneStart(buf[limit]); k++ {
			limit--
		}
		chunk := buf[:n]
		hdr = e.scan(chunk, base, limit, hdr, base == 0, detail, func(mt Match) {
			mt.Line, mt.Column = cur.locate(chunk, base, mt.Offset)
			emit(mt)
		})
		if last {
			return base + int64(n), err
		}
		cur.locate(chunk, base, base+int64(limit))
		copy(buf, buf[limit:n])
		base += int64(limit)
		n -= limit
	}
}

// lineCursor turns increasing byte offsets into line and column numbers by
// counting newlines once.
type lineCursor struct {
	pos    int64 // offset up to which newlines are counted
	line   int   // line at pos
	lineAt int64 // offset where that line starts
}

// locate moves the cursor to off, which must be >= the previous off and
// inside chunk (whose first byte is at base), and returns off's line and
// 1-based byte column.
func (c *lineCursor) locate(chunk []byte, base, off int64) (line, col int) {
	if off > c.pos {
		seg := chunk[c.pos-base : off-base]
		if k := bytes.Count(seg, []byte{'\n'}); k > 0 {
			c.line += k
			c.lineAt = c.pos + int64(bytes.LastIndexByte(seg, '\n')) + 1
		}
		c.pos = off
	}
	return c.line, int(off-c.lineAt) + 1
}
