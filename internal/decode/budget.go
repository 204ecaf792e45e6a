package decode

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ratioFloor is the decompressed size below which MaxRatio is not checked:
// small inputs have noisy ratios (headers, a first Huffman table).
const ratioFloor = 1 << 20

// A namedError is an error that already names the part it concerns. Outer
// layers pass it on unchanged instead of naming it again.
type namedError struct {
	err error
}

func (e *namedError) Error() string { return e.err.Error() }
func (e *namedError) Unwrap() error { return e.err }

// named returns the error "label: cause", marked as named.
func named(label string, format string, args ...any) error {
	return &namedError{fmt.Errorf("%s: "+format, append([]any{label}, args...)...)}
}

// isNamed reports whether err already names its part (or is a
// cancellation, which needs no name).
func isNamed(err error) bool {
	var ne *namedError
	return errors.As(err, &ne) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// sizeError is the error for output beyond MaxDecodedBytes.
func sizeError(label string, limit int64) error {
	return named(label, "%w: decoded size exceeds %d bytes", ErrLimit, limit)
}

// readCapped reads from r into b, but at most limit-used bytes when limit
// > 0. over reports that r had more bytes than that; they are dropped.
func readCapped(r io.Reader, b []byte, used, limit int64) (n int, over bool, err error) {
	if limit <= 0 {
		n, err = r.Read(b)
		return n, false, err
	}
	room := limit - used
	if int64(len(b)) > room+1 {
		b = b[:room+1] // one byte more, to tell "exactly max" from "more"
	}
	n, err = r.Read(b)
	if int64(n) > room {
		return int(room), true, err
	}
	return n, false, err
}

// A countReader counts the bytes read through it and makes the first error
// sticky, so that an error a bufio.Reader swallowed in Peek comes back on
// the next Read.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// A sourceReader names read errors of the object's own stream.
type sourceReader struct {
	r    io.Reader
	name string
}

func (s *sourceReader) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	if err != nil && err != io.EOF && !isNamed(err) {
		err = &namedError{fmt.Errorf("read %s: %w", s.name, err)}
	}
	return n, err
}

// A partReader is the Text of one Part. It checks ctx, charges the bytes it
// yields to the object's MaxDecodedBytes budget, and remembers the first
// error it returned.
type partReader struct {
	ctx   context.Context //nolint:containedctx // a Read method cannot take one
	r     io.Reader
	w     *walker
	label string
	err   error
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	if err := p.ctx.Err(); err != nil {
		p.err = err
		return 0, err
	}
	limit := p.w.lim.MaxDecodedBytes
	n, over, err := readCapped(p.r, b, p.w.total, limit)
	p.w.total += int64(n)
	if over {
		// No more text can be delivered: the walk stops.
		err = &budgetError{sizeError(p.label, limit)}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		p.err = err
	}
	return n, err
}
