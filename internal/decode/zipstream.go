package decode

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"

	"github.com/klauspost/compress/flate"
)

// errStreamEnd ends a walk of local headers where it cannot go on.
var errStreamEnd = errors.New("end of readable entries")

// zipStream walks the entries of a zip archive whose central directory
// is missing or broken (a truncated file, or an object cut at the scan's
// size limit) by reading its local file headers in order, as streaming
// unzippers do. It returns the error that stopped it at the first entry
// it could not read, and reports whether it read any entry.
func (w *walker) zipStream(ctx context.Context, n node, sp *spooled) (bool, error) {
	cr := &countReader{r: io.NewSectionReader(sp.ra, 0, sp.size)}
	br := bufio.NewReaderSize(cr, bufSize)
	consumed := func() int64 { return cr.n - int64(br.Buffered()) }
	read := false
	for {
		if err := ctx.Err(); err != nil {
			return read, err
		}
		h, err := readLocalHeader(br)
		if err != nil {
			return read, nil //nolint:nilerr // no further entry: the readable part is done
		}
		c := n.child(h.name)
		if h.name == "" || h.name[len(h.name)-1] == '/' {
			c = node{}
		}
		if c.path != "" {
			if err := w.entry(c); err != nil {
				return read, err
			}
			read = true
		}
		err = w.zipStreamEntry(ctx, c, h, br, consumed)
		if errors.Is(err, errStreamEnd) {
			return read, nil
		}
		if err := w.check(ctx, err); err != nil {
			return read, err
		}
	}
}

// A localHeader is the part of a zip local file header zipStream needs.
type localHeader struct {
	flags, method uint16
	csize         uint64
	name          string
}

// readLocalHeader reads a local file header from br.
func readLocalHeader(br *bufio.Reader) (localHeader, error) {
	var b [30]byte
	if _, err := io.ReadFull(br, b[:]); err != nil || string(b[:4]) != "PK\x03\x04" {
		return localHeader{}, errStreamEnd
	}
	h := localHeader{
		flags:  binary.LittleEndian.Uint16(b[6:]),
		method: binary.LittleEndian.Uint16(b[8:]),
		csize:  uint64(binary.LittleEndian.Uint32(b[18:])),
	}
	nameLen, extraLen := int(binary.LittleEndian.Uint16(b[26:])), int(binary.LittleEndian.Uint16(b[28:]))
	rest := make([]byte, nameLen+extraLen)
	if _, err := io.ReadFull(br, rest); err != nil {
		return localHeader{}, errStreamEnd
	}
	h.name = cleanEntry(string(rest[:nameLen]))
	if h.csize == 0xffffffff {
		h.csize = zip64Size(rest[nameLen:])
	}
	return h, nil
}

// zip64Size returns the compressed size from a zip64 extra field.
func zip64Size(extra []byte) uint64 {
	for len(extra) >= 4 {
		id, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			break
		}
		if id == 1 && size >= 16 {
			return binary.LittleEndian.Uint64(extra[8:])
		}
		extra = extra[size:]
	}
	return 0
}

// zipStreamEntry walks one entry at br as node c (c.path "" for a
// directory) and leaves br after it.
func (w *walker) zipStreamEntry(ctx context.Context, c node, h localHeader, br *bufio.Reader, consumed func() int64) error {
	known := h.flags&0x8 == 0 || h.csize > 0
	var data io.Reader = br
	if known {
		data = io.LimitReader(br, int64(h.csize))
	}
	switch {
	case !known && h.method != 8:
		return errStreamEnd // no way to find the end of the data
	case h.flags&0x1 != 0 && c.path != "":
		if !known {
			return errStreamEnd
		}
		_, err := io.Copy(io.Discard, data)
		w.fail(named(w.label(c.path), "%w: zip entry", ErrEncrypted))
		return err
	}
	var content io.Reader
	switch h.method {
	case 0:
		content = data
	case 8:
		content = flate.NewReader(asByteReader(data))
	default:
		if !known {
			return errStreamEnd
		}
		_, err := io.Copy(io.Discard, data)
		if c.path != "" {
			w.fail(named(w.label(c.path), "%w: zip compression method", ErrUnsupported))
		}
		return err
	}
	broke := false
	if c.path != "" {
		start := consumed()
		lr := &layerReader{r: content, label: w.label(c.path), kind: kindZip, w: w,
			consumed: func() int64 { return consumed() - start }}
		if _, err := w.stream(ctx, c, lr); err != nil {
			return err
		}
		broke = lr.err != nil
	}
	if known { // skip what is left of the compressed data
		if _, err := io.Copy(io.Discard, data); err != nil {
			return errStreamEnd
		}
		return nil
	}
	if broke {
		return errStreamEnd // the end of the data cannot be found
	}
	if _, err := io.Copy(io.Discard, content); err != nil {
		return errStreamEnd
	}
	skipDescriptor(br)
	return nil
}

// asByteReader gives r the ReadByte method flate needs to stop exactly at
// the end of its data, when it has none.
func asByteReader(r io.Reader) io.Reader {
	if _, ok := r.(io.ByteReader); ok {
		return r
	}
	return bufio.NewReaderSize(r, 512)
}

// skipDescriptor skips the data descriptor after an entry of unknown size:
// an optional signature, the CRC and two sizes of 4 or 8 bytes.
func skipDescriptor(br *bufio.Reader) {
	if sig, _ := br.Peek(4); string(sig) == "PK\x07\x08" {
		br.Discard(4)
	}
	br.Discard(12)
	if next, _ := br.Peek(4); len(next) == 4 && string(next[:2]) != "PK" {
		br.Discard(8) // zip64 sizes
	}
}
