package decode

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/flate"
)

// maxAvroBlock bounds the size of one Avro block, compressed or
// decompressed: ocf.Decoder holds a whole block in memory, in a buffer of
// the size the block's header claims.
const maxAvroBlock = 64 << 20

// An avroScanner reads the framing of an Avro object container file
// (header, then blocks of count, size, data and sync marker) without
// decoding records.
type avroScanner struct {
	cr    *countReader
	br    *bufio.Reader
	size  int64 // of the file
	limit int64 // of one block
}

// checkAvroBlocks reads the container file in r, of size bytes, and
// finds the first block the decoder cannot hold: one that claims more
// bytes than the file has left or than limit, or whose deflate or snappy
// data expands beyond limit (ocf.Decoder allocates what a block claims before
// it reads it). It returns the offset where the blocks that can be
// decoded end, and why the file is not whole when it is not.
func checkAvroBlocks(r io.Reader, size, limit int64) (int64, error) {
	cr := &countReader{r: r}
	s := &avroScanner{cr: cr, br: bufio.NewReader(cr), size: size, limit: limit}
	codec, err := s.header()
	if err != nil {
		return 0, err
	}
	for {
		end := s.pos()
		if _, err := s.br.Peek(1); err == io.EOF {
			return end, nil
		}
		if err := s.nextBlock(codec); err != nil {
			return end, err
		}
	}
}

// header reads the file header and returns its codec.
func (s *avroScanner) header() (string, error) {
	if err := s.skip(4); err != nil { // magic
		return "", err
	}
	codec, err := s.codec()
	if err != nil {
		return "", err
	}
	return codec, s.skip(16) // sync marker
}

// nextBlock reads one block.
func (s *avroScanner) nextBlock(codec string) error {
	if _, err := s.long(); err != nil { // record count
		return err
	}
	n, err := s.long()
	if err != nil {
		return err
	}
	if err := s.block(n, codec); err != nil {
		return err
	}
	return s.skip(16)
}

// pos returns the offset of the next unread byte.
func (s *avroScanner) pos() int64 { return s.cr.n - int64(s.br.Buffered()) }

// long reads a zig-zag varint.
func (s *avroScanner) long() (int64, error) { return binary.ReadVarint(s.br) }

// check fails for a length of n bytes the file or the limit cannot hold.
func (s *avroScanner) check(n int64) error {
	left := s.size - s.pos()
	if n < 0 || n > left || n > s.limit {
		return fmt.Errorf("block of %d bytes, %d left", n, left)
	}
	return nil
}

// skip skips n bytes.
func (s *avroScanner) skip(n int64) error {
	if err := s.check(n); err != nil {
		return err
	}
	_, err := io.CopyN(io.Discard, s.br, n)
	return err
}

// bytes reads a length-prefixed string or bytes value.
func (s *avroScanner) bytes() ([]byte, error) {
	n, err := s.long()
	if err != nil {
		return nil, err
	}
	if err := s.check(n); err != nil {
		return nil, err
	}
	b := make([]byte, n)
	_, err = io.ReadFull(s.br, b)
	return b, err
}

// codec reads the metadata map of the header and returns its avro.codec.
func (s *avroScanner) codec() (string, error) {
	var codec string
	for {
		count, err := s.long()
		if err != nil || count == 0 {
			return codec, err
		}
		if count < 0 { // followed by the byte size of the map block
			count = -count
			if _, err := s.long(); err != nil {
				return "", err
			}
		}
		for range count {
			key, err := s.bytes()
			if err != nil {
				return "", err
			}
			val, err := s.bytes()
			if err != nil {
				return "", err
			}
			if string(key) == "avro.codec" {
				codec = string(val)
			}
		}
	}
}

// block skips a block of n bytes whose data must decode to at most limit
// bytes: deflate data is inflated to count them, snappy data says how
// long it is (zstd decoders are given limit as their memory bound).
func (s *avroScanner) block(n int64, codec string) error {
	if err := s.check(n); err != nil {
		return err
	}
	switch codec {
	case "deflate":
		lr := &io.LimitedReader{R: s.br, N: n}
		m, _ := io.Copy(io.Discard, io.LimitReader(flate.NewReader(lr), s.limit+1))
		if m > s.limit {
			return errors.New("deflate block expands beyond the limit")
		}
		n = lr.N
	case "snappy":
		head, _ := s.br.Peek(int(min(n, binary.MaxVarintLen64)))
		if m, k := binary.Uvarint(head); k > 0 && m > uint64(s.limit) {
			return fmt.Errorf("snappy block claims %d bytes", m)
		}
	}
	_, err := io.CopyN(io.Discard, s.br, n)
	return err
}
