package decode

import (
	"bytes"
	"context"
	"io"
	"os"
)

// A spooled is content made randomly accessible, for formats that read
// from the end (zip, PDF, Parquet).
type spooled struct {
	ra   io.ReaderAt
	size int64
	f    *os.File // the temporary file; nil when in memory
}

// Close releases the spool.
func (s *spooled) Close() error {
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := s.f.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

// spool reads all of in for random access: in memory when it has at most
// MaxMemSpool bytes, else in a temporary file in Limits.TempDir, removed
// by Close. Spooled bytes count against MaxUnpackedBytes, so a spool never
// outgrows it.
func (w *walker) spool(ctx context.Context, n node, in input) (*spooled, error) {
	label := w.label(n.path)
	var buf bytes.Buffer
	m, err := io.Copy(&buf, io.LimitReader(in.br, MaxMemSpool+1))
	if err != nil {
		return nil, err
	}
	if err := w.charge(label, m); err != nil {
		return nil, err
	}
	if m <= MaxMemSpool {
		return &spooled{ra: bytes.NewReader(buf.Bytes()), size: m}, nil
	}
	f, err := os.CreateTemp(w.lim.TempDir, "mamori-spool-*")
	if err != nil {
		return nil, named(label, "spool: %w", err)
	}
	s := &spooled{ra: f, f: f}
	if _, err := f.Write(buf.Bytes()); err != nil {
		s.Close()
		return nil, named(label, "spool: %w", err)
	}
	buf = bytes.Buffer{}
	size, err := w.copySpool(ctx, label, f, in.br)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.size = m + size
	return s, nil
}

// copySpool copies r to f, charging each block against the budgets.
func (w *walker) copySpool(ctx context.Context, label string, f *os.File, r io.Reader) (int64, error) {
	block := make([]byte, bufSize)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		k, rerr := r.Read(block)
		if k > 0 {
			if err := w.charge(label, int64(k)); err != nil {
				return total, err
			}
			if _, err := f.Write(block[:k]); err != nil {
				return total, named(label, "spool: %w", err)
			}
			total += int64(k)
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// recovered turns a panic of a third-party parser into an error named
// after label; decoders run such parsers under it since malformed input
// must never crash a scan.
func recovered(label, format string, err *error) {
	if x := recover(); x != nil {
		*err = named(label, "%s: malformed: %v", format, x)
	}
}
