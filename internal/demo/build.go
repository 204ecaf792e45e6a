package demo

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strconv"
	"time"
	"unicode/utf16"
)

// doc is one file of the data set being built: its decoded text and the
// values planted in it, located as they are written.
type doc struct {
	key, part string
	buf       bytes.Buffer
	planted   []Planted
	err       error // the first error of the builder
}

// fail records the first error met while building the file.
func (d *doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// value is a sensitive value to plant: add records where it lands.
type value struct {
	typ, text string
}

// Constructors of planted values, one per finding type.
func email(s string) value     { return value{typeEmail, s} }
func ssn(s string) value       { return value{typeSSN, s} }
func cardNo(s string) value    { return value{typeCard, s} }
func keyID(s string) value     { return value{typeKeyID, s} }
func secretKey(s string) value { return value{typeSecret, s} }
func privKey(s string) value   { return value{typePrivate, s} }
func phone(s string) value     { return value{typePhone, s} }

// add appends parts to the text: a string or an int as plain text, a
// value as a planted value whose offset it records.
func (d *doc) add(parts ...any) {
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			d.buf.WriteString(p)
		case int:
			d.buf.WriteString(strconv.Itoa(p))
		case value:
			d.planted = append(d.planted, Planted{
				Key: d.key, Part: d.part, Type: p.typ,
				Offset: int64(d.buf.Len()), Length: len(p.text),
			})
			d.buf.WriteString(p.text)
		default:
			d.fail(fmt.Errorf("unsupported text part of type %T", p))
		}
	}
}

// gzipBytes compresses text as a gzip member named name.
func gzipBytes(text []byte, name string, mod time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Name = name
	zw.ModTime = mod
	if _, err := zw.Write(text); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// utf16Bytes encodes s as UTF-16LE with a byte order mark.
func utf16Bytes(s string) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(units))
	b[0], b[1] = 0xFF, 0xFE
	for _, u := range units {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
