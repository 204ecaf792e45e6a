package trail

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// RecordError is a record that could not be decoded, such as one with a
// field of the wrong type. The records around it are still read.
type RecordError struct {
	File  string // the file's name as given to Decode
	Index int    // the record's position in the file, from 0
	Err   error
}

// Error returns "FILE: record N: CAUSE".
func (e *RecordError) Error() string {
	return fmt.Sprintf("%s: record %d: %v", e.File, e.Index, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// Decode streams the CloudTrail records of one log file to fn, one at a
// time, in file order. The file may be gzip-compressed (told by its magic
// bytes, not its name) and may hold a CloudTrail log ({"Records": […]}), a
// JSON array of records, or a sequence of JSON objects such as JSON lines,
// each a record, an EventBridge event with the record in "detail", or a
// {"Records": […]} object. Only one record is held in memory at a time,
// except for {"Records": …} objects that are not the first value of the
// file. fn gets either a record or a *RecordError for a record that could
// not be decoded; Decode stops when fn returns an error and returns that
// error. Decode returns an error naming the file when the file cannot be
// read to the end (invalid JSON, a truncated gzip stream) or when ctx is
// canceled; the records before the problem have been passed to fn.
func Decode(ctx context.Context, name string, r io.Reader, fn func(*Record, error) error) error {
	d := &decoder{ctx: ctx, name: name, fn: fn}
	err := d.run(r)
	switch {
	case err == nil || d.fnErr:
		return err
	case d.offset != nil:
		return fmt.Errorf("%s: %w", name, syntaxError(d.offset(), err))
	case d.dec != nil:
		return fmt.Errorf("%s: near byte %d: %w", name, d.dec.InputOffset(), err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

type decoder struct {
	ctx  context.Context
	name string
	fn   func(*Record, error) error
	dec  *json.Decoder
	// offset, when set, returns the input offset instead of dec.
	offset func() int64
	n      int             // records seen
	fnErr  bool            // the error came from fn
	bufs   []*bufio.Reader // from bufPool, given back when run ends
}

// bufPool and gzipPool keep the 64 KiB buffers and the gzip readers of
// decoded files for the next file: an ingest reads thousands of small log
// files, and allocating them anew for each was the third largest source
// of garbage of an ingest.
var (
	bufPool  = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}
	gzipPool sync.Pool // of *gzip.Reader
)

// buffer returns a pooled buffered reader of r, given back when run ends.
func (d *decoder) buffer(r io.Reader) *bufio.Reader {
	br := bufPool.Get().(*bufio.Reader)
	br.Reset(r)
	d.bufs = append(d.bufs, br)
	return br
}

// gunzip returns a pooled gzip reader of r.
func gunzip(r io.Reader) (*gzip.Reader, error) {
	if zr, ok := gzipPool.Get().(*gzip.Reader); ok {
		if err := zr.Reset(r); err != nil {
			gzipPool.Put(zr)
			return nil, err
		}
		return zr, nil
	}
	return gzip.NewReader(r)
}

func (d *decoder) run(r io.Reader) error {
	defer func() {
		for _, br := range d.bufs {
			br.Reset(nil)
			bufPool.Put(br)
		}
		d.bufs = nil
	}()
	br := d.buffer(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gunzip(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer func() {
			zr.Close()
			gzipPool.Put(zr)
		}()
		br = d.buffer(zr)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		_, _ = br.Discard(3) // a byte-order mark, which JSON does not allow
	}
	start, err := peekStart(br)
	if err != nil {
		return err
	}
	d.dec = newDecoder(br)
	switch start {
	case startRecords:
		return d.records(br)
	case startArray:
		if _, err := d.dec.Token(); err != nil {
			return err
		}
		return d.array()
	case startEmpty:
		return nil
	}
	return d.values()
}

// newDecoder returns a JSON decoder of r that fails with
// errValueTooLarge instead of holding more than MaxValueBytes of one
// value.
func newDecoder(r io.Reader) *json.Decoder {
	vr := &valueReader{r: r}
	vr.dec = json.NewDecoder(vr)
	return vr.dec
}

var errValueTooLarge = fmt.Errorf("a JSON value larger than %d MiB", MaxValueBytes>>20)

// valueReader is the input of a decoder (newDecoder). The decoder's input
// offset is where the value it is decoding starts, so what it has read
// past that is the part of the value it holds.
type valueReader struct {
	r   io.Reader
	n   int64 // bytes read
	dec *json.Decoder
}

func (v *valueReader) Read(p []byte) (int, error) {
	left := MaxValueBytes - (v.n - v.dec.InputOffset())
	if left < 0 {
		return 0, errValueTooLarge
	}
	if int64(len(p)) > left+1 {
		p = p[:left+1] // the decoder asks for as much as its buffer holds
	}
	n, err := v.r.Read(p)
	v.n += int64(n)
	return n, err
}

type start int

const (
	startValues start = iota
	startRecords
	startArray
	startEmpty
)

// peekStart tells a CloudTrail log ({"Records": …) from a JSON array and
// from other JSON values, without consuming input.
func peekStart(br *bufio.Reader) (start, error) {
	buf, err := br.Peek(256)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, err
	}
	buf = bytes.TrimLeft(buf, " \t\r\n\ufeff")
	buf = bytes.TrimPrefix(buf, []byte("\ufeff"))
	switch {
	case len(buf) == 0:
		if err != nil && errors.Is(err, io.EOF) {
			return startEmpty, nil
		}
		return startValues, nil
	case buf[0] == '[':
		return startArray, nil
	case buf[0] != '{':
		return startValues, nil
	}
	rest := bytes.TrimLeft(buf[1:], " \t\r\n")
	if bytes.HasPrefix(rest, []byte(`"Records"`)) {
		return startRecords, nil
	}
	return startValues, nil
}

// records walks {"Records": [ … ], other keys…}. It reads up to the
// array with encoding/json, then the array's elements with the fast
// splitter, then the rest of the object with encoding/json again.
func (d *decoder) records(br *bufio.Reader) error {
	if _, err := d.dec.Token(); err != nil { // {
		return err
	}
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if tok != "Records" {
		return fmt.Errorf("first key is %v, not Records", tok)
	}
	if tok, err = d.dec.Token(); err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("field Records is %v, not an array", tok)
	}
	base := d.dec.InputOffset()
	s := &splitter{br: d.buffer(io.MultiReader(d.dec.Buffered(), br))}
	d.dec = nil
	d.offset = func() int64 { return base + s.off }
	if err := d.fastArray(s); err != nil {
		return err
	}
	return d.rest(s.br)
}

// fastArray decodes the elements of the Records array.
func (d *decoder) fastArray(s *splitter) error {
	var rec Record
	for {
		data, err := s.next()
		if errors.Is(err, errEndOfArray) {
			return nil
		}
		if errors.Is(err, errRecordTooLarge) {
			err = d.call(nil, &RecordError{File: d.name, Index: d.n, Err: err})
			d.n++
			if err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if d.n%256 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		rec = Record{}
		err = decodeElement(data, &rec)
		var typeErr *json.UnmarshalTypeError
		switch {
		case err == nil:
			err = d.call(&rec, nil)
		case errors.As(err, &typeErr):
			err = d.call(nil, &RecordError{File: d.name, Index: d.n, Err: err})
		}
		d.n++
		if err != nil {
			return err
		}
	}
}

// rest reads what follows the Records array: other keys, which may hold
// another Records array, and the closing brace.
func (d *decoder) rest(br *bufio.Reader) error {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return io.ErrUnexpectedEOF // the object was not closed
		}
		switch c {
		case ' ', '\n', '\r', '\t':
			continue
		case '}':
			return nil
		case ',':
		default:
			return fmt.Errorf("invalid character %q after the Records array", c)
		}
		break
	}
	d.dec = newDecoder(io.MultiReader(strings.NewReader("{"), br))
	d.offset = nil
	var rest map[string]json.RawMessage
	if err := d.dec.Decode(&rest); err != nil {
		return err
	}
	if more, ok := rest["Records"]; ok {
		return d.value(json.RawMessage(`{"Records":` + string(more) + `}`))
	}
	return nil
}

// array decodes the elements of an array whose '[' has been read, and its
// closing ']'.
func (d *decoder) array() error {
	for d.dec.More() {
		if err := d.one(); err != nil {
			return err
		}
	}
	_, err := d.dec.Token()
	return err
}

// one decodes the next value as a record and hands it to fn.
func (d *decoder) one() error {
	if d.n%256 == 0 {
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	var rec Record
	err := d.dec.Decode(&rec)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		err = d.call(&rec, nil)
	case errors.As(err, &typeErr):
		err = d.call(nil, &RecordError{File: d.name, Index: d.n, Err: err})
	}
	d.n++
	return err
}

func (d *decoder) call(rec *Record, err error) error {
	if err := d.fn(rec, err); err != nil {
		d.fnErr = true
		return err
	}
	return nil
}

// envelope is a top-level JSON object of a file that is not a CloudTrail
// log: a record, an EventBridge event ("detail-type", "detail") or a
// {"Records": […]} object.
type envelope struct {
	Record
	DetailType string          `json:"detail-type"`
	Detail     json.RawMessage `json:"detail"`
	Records    json.RawMessage `json:"Records"`
}

// values decodes a sequence of top-level JSON values.
func (d *decoder) values() error {
	for {
		var raw json.RawMessage
		err := d.dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := d.value(raw); err != nil {
			return err
		}
	}
}

func (d *decoder) value(raw json.RawMessage) error {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		err = d.call(nil, &RecordError{File: d.name, Index: d.n, Err: err})
		d.n++
		return err
	}
	switch {
	case len(env.Records) > 0:
		sub := &decoder{ctx: d.ctx, name: d.name, fn: d.fn, n: d.n}
		sub.dec = json.NewDecoder(bytes.NewReader(env.Records))
		if _, err := sub.dec.Token(); err != nil {
			return err
		}
		err := sub.array()
		d.n, d.fnErr = sub.n, sub.fnErr
		return err
	case len(env.Detail) > 0 && env.DetailType != "":
		var rec Record
		err := json.Unmarshal(env.Detail, &rec)
		if err != nil {
			err = d.call(nil, &RecordError{File: d.name, Index: d.n, Err: err})
		} else {
			err = d.call(&rec, nil)
		}
		d.n++
		return err
	}
	err := d.call(&env.Record, nil)
	d.n++
	return err
}
