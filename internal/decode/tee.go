package decode

import (
	"errors"
	"io"
)

// maxPending bounds the text a teeParser holds ahead of what it handed
// out: a CSV record or JSON token longer than this ends the parsing, and
// the rest of the part passes through without locations.
const maxPending = 1 << 20

// errPending is what the parser's input returns past maxPending.
var errPending = errors.New("value too long to locate")

// A teeParser is the Text of a part whose text passes through unchanged
// while a parser reads it for locations (CSV, JSON). The parser reads the
// same text through feed; Read hands out only the text the parser has
// finished with (up to mark), so that spans exist for every byte handed
// out. Offsets are those of the text, which is why the text is not
// re-rendered.
type teeParser struct {
	src     io.Reader
	pending []byte // text read from src; pending[0] is at offset off
	off     int64
	out     int          // bytes of pending handed out
	mark    int64        // offset up to which the parser is done
	step    func() error // advances the parser and mark; io.EOF at the end
	raw     bool         // the parser is done or gave up
	srcErr  error        // the error src returned
	loc     *locator
}

// feed is the parser's input: the text, kept in pending.
func (t *teeParser) feed() io.Reader { return feedReader{t} }

type feedReader struct{ t *teeParser }

func (f feedReader) Read(b []byte) (int, error) {
	t := f.t
	if t.srcErr != nil {
		return 0, t.srcErr
	}
	if len(t.pending)-t.out > maxPending {
		return 0, errPending
	}
	n, err := t.src.Read(b)
	t.pending = append(t.pending, b[:n]...)
	if err != nil {
		t.srcErr = err
	}
	return n, err
}

func (t *teeParser) Read(b []byte) (int, error) {
	for {
		end := t.off + int64(len(t.pending))
		if t.raw {
			t.mark = end
		}
		if avail := t.mark - (t.off + int64(t.out)); avail > 0 {
			n := copy(b, t.pending[t.out:t.out+int(min(avail, int64(len(b))))])
			t.out += n
			t.compact()
			return n, nil
		}
		if t.raw {
			return t.readRaw(b)
		}
		if err := t.step(); err != nil {
			t.raw = true
		}
	}
}

// readRaw reads past the parser, once it is done.
func (t *teeParser) readRaw(b []byte) (int, error) {
	if t.srcErr != nil {
		return 0, t.srcErr
	}
	n, err := t.src.Read(b)
	t.off += int64(n)
	if err != nil {
		t.srcErr = err
	}
	return n, err
}

// compact drops handed-out text once it is most of pending.
func (t *teeParser) compact() {
	if t.out < 64<<10 || t.out < len(t.pending)/2 {
		if t.out == len(t.pending) {
			t.off += int64(t.out)
			t.pending, t.out = t.pending[:0], 0
		}
		return
	}
	n := copy(t.pending, t.pending[t.out:])
	t.off += int64(t.out)
	t.pending, t.out = t.pending[:n], 0
}

// text returns the pending text at offsets [from, to).
func (t *teeParser) text(from, to int64) []byte {
	return t.pending[from-t.off : to-t.off]
}
