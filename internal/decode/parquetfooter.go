package decode

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxThriftDepth bounds the nesting of structs and containers in a
// Parquet footer; real footers nest a few levels.
const maxThriftDepth = 64

// errFooter is the cause of a Parquet footer that cannot be read safely.
var errFooter = errors.New("malformed footer")

// checkParquetFooter reads the footer of the Parquet file in ra, of size
// bytes, as Thrift compact protocol without building it, and fails when
// its length exceeds the file, when a list, set, map or binary claims more
// elements or bytes than the footer has left, or when it nests too deep.
// parquet-go allocates what the footer and its lists claim before it reads
// them, so that a few bytes could ask for many gigabytes. A file with an
// encrypted footer ("PARE") or no magic is left for parquet-go to reject.
func checkParquetFooter(ra io.ReaderAt, size int64) error {
	if size < 12 {
		return nil
	}
	var tail [8]byte
	if _, err := ra.ReadAt(tail[:], size-8); err != nil {
		return nil //nolint:nilerr // parquet-go reports the unreadable tail
	}
	if string(tail[4:]) != "PAR1" {
		return nil
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return fmt.Errorf("%w: footer of %d bytes in a file of %d", errFooter, n, size)
	}
	footer := make([]byte, n)
	if _, err := ra.ReadAt(footer, size-8-n); err != nil {
		return nil //nolint:nilerr // parquet-go reports the unreadable footer
	}
	t := &thriftScanner{b: footer}
	return t.structure(0)
}

// A thriftScanner walks Thrift compact protocol data in b.
type thriftScanner struct {
	b []byte
}

// byte1 reads one byte.
func (t *thriftScanner) byte1() (byte, error) {
	if len(t.b) == 0 {
		return 0, errFooter
	}
	c := t.b[0]
	t.b = t.b[1:]
	return c, nil
}

// uvarint reads an unsigned varint.
func (t *thriftScanner) uvarint() (uint64, error) {
	v, k := binary.Uvarint(t.b)
	if k <= 0 {
		return 0, errFooter
	}
	t.b = t.b[k:]
	return v, nil
}

// count reads a length or element count and checks that the rest of the
// footer can hold that many elements of at least one byte each.
func (t *thriftScanner) count() (int, error) {
	v, err := t.uvarint()
	if err != nil || v > uint64(len(t.b)) {
		return 0, fmt.Errorf("%w: a length of %d with %d bytes left", errFooter, v, len(t.b))
	}
	return int(v), nil
}

// skip drops n bytes.
func (t *thriftScanner) skip(n int) error {
	if n > len(t.b) {
		return errFooter
	}
	t.b = t.b[n:]
	return nil
}

// structure reads the fields of a struct up to its stop field.
func (t *thriftScanner) structure(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("%w: nested deeper than %d", errFooter, maxThriftDepth)
	}
	for {
		h, err := t.byte1()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		if h>>4 == 0 { // the field id follows
			if _, err := t.uvarint(); err != nil {
				return err
			}
		}
		if err := t.value(h&0x0f, depth); err != nil {
			return err
		}
	}
}

// value reads one value of compact type typ (in a struct field; a boolean
// there is in the type itself).
func (t *thriftScanner) value(typ byte, depth int) error {
	switch typ {
	case 1, 2: // true, false
		return nil
	case 3: // i8
		return t.skip(1)
	case 4, 5, 6: // i16, i32, i64
		_, err := t.uvarint()
		return err
	case 7: // double
		return t.skip(8)
	case 8: // binary
		n, err := t.count()
		if err != nil {
			return err
		}
		return t.skip(n)
	case 9, 10: // list, set
		return t.list(depth + 1)
	case 11: // map
		return t.dict(depth + 1)
	case 12: // struct
		return t.structure(depth + 1)
	}
	return fmt.Errorf("%w: thrift type %d", errFooter, typ)
}

// elem reads one element of a list, set or map of type typ: a boolean is
// a byte there.
func (t *thriftScanner) elem(typ byte, depth int) error {
	if typ == 1 || typ == 2 {
		return t.skip(1)
	}
	return t.value(typ, depth)
}

// list reads a list or set.
func (t *thriftScanner) list(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("%w: nested deeper than %d", errFooter, maxThriftDepth)
	}
	h, err := t.byte1()
	if err != nil {
		return err
	}
	n := int(h >> 4)
	if n == 15 {
		if n, err = t.count(); err != nil {
			return err
		}
	}
	for range n {
		if err := t.elem(h&0x0f, depth); err != nil {
			return err
		}
	}
	return nil
}

// dict reads a map.
func (t *thriftScanner) dict(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("%w: nested deeper than %d", errFooter, maxThriftDepth)
	}
	n, err := t.count()
	if err != nil || n == 0 {
		return err
	}
	kv, err := t.byte1()
	if err != nil {
		return err
	}
	for range n {
		if err := t.elem(kv>>4, depth); err != nil {
			return err
		}
		if err := t.elem(kv&0x0f, depth); err != nil {
			return err
		}
	}
	return nil
}
