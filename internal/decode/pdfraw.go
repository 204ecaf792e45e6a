package decode

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Bounds of the raw PDF text extraction.
const (
	maxRawPDF    = 32 << 20 // bytes of the file searched for streams
	maxRawStream = 16 << 20 // decompressed bytes of one stream
)

// rawPDFText recovers the text of a PDF that does not open (a broken
// xref table, an unknown header): it inflates every content stream found
// between "stream" and "endstream" and reads its text operators, without
// fonts: strings are taken as UTF-16 when they start with a byte order
// mark, else as Windows-1252. Pages are not known, so it is one text.
func rawPDFText(sp *spooled) string {
	data := make([]byte, min(sp.size, maxRawPDF))
	n, _ := sp.ra.ReadAt(data, 0)
	data = data[:n]
	var b pageBuilder
	for pos := 0; ; {
		i := bytes.Index(data[pos:], []byte("stream"))
		if i < 0 {
			break
		}
		start := pos + i + len("stream")
		pos = start
		if bytes.HasSuffix(data[:start-len("stream")], []byte("end")) {
			continue
		}
		end := bytes.Index(data[start:], []byte("endstream"))
		if end < 0 {
			end = len(data) - start
		}
		body := bytes.TrimLeft(data[start:start+end], "\r\n")
		pos = start + end
		rawContent(&b, inflate(body))
		b.owe('\n')
	}
	return b.String()
}

// inflate returns the zlib-decompressed body of a stream, or the body
// itself when it is not compressed.
func inflate(body []byte) []byte {
	zr, err := zlib.NewReader(bytes.NewReader(body))
	if err != nil {
		return body
	}
	out, _ := io.ReadAll(io.LimitReader(zr, maxRawStream))
	return out
}

// rawContent reads the text operators of a content stream into b.
func rawContent(b *pageBuilder, c []byte) {
	var operands [][]byte // strings since the last operator; nil entries are wide gaps
	for i := 0; i < len(c); {
		switch ch := c[i]; {
		case ch == '(':
			s, n := literalString(c[i:])
			operands = append(operands, s)
			i += n
		case ch == '<' && i+1 < len(c) && c[i+1] != '<':
			s, n := hexString(c[i:])
			operands = append(operands, s)
			i += n
		case ch == '-' || ch == '.' || (ch >= '0' && ch <= '9'):
			j := i + 1
			for j < len(c) && (c[j] == '.' || c[j] >= '0' && c[j] <= '9') {
				j++
			}
			if f, err := strconv.ParseFloat(string(c[i:j]), 64); err == nil && f < -200 {
				operands = append(operands, nil)
			}
			i = j
		case isLetter(ch) || ch == '\'' || ch == '"' || ch == '*':
			j := i + 1
			for j < len(c) && (isLetter(c[j]) || c[j] == '*') {
				j++
			}
			rawOp(b, string(c[i:j]), operands)
			operands = operands[:0]
			i = j
		default:
			i++
		}
	}
}

// rawOp applies one operator to the strings before it.
func rawOp(b *pageBuilder, op string, operands [][]byte) {
	switch op {
	case "Tj", "'", "\"", "TJ":
		if op != "TJ" && len(operands) > 1 {
			operands = operands[len(operands)-1:]
		}
		if op != "TJ" && op != "Tj" {
			b.owe('\n')
		}
		for _, s := range operands {
			if s == nil {
				b.owe(' ')
				continue
			}
			b.show(pdfString(s), nil)
		}
	case "Td", "TD":
		b.owe(' ')
	case "T*", "ET", "Tm":
		b.owe('\n')
	}
}

// pdfString decodes a PDF string without a font: UTF-16 with a byte
// order mark, else Windows-1252.
func pdfString(s []byte) string {
	if bytes.HasPrefix(s, []byte{0xfe, 0xff}) {
		out, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewDecoder().Bytes(s)
		return string(out)
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(s)
	return string(out)
}

// literalString parses a (…) string at the start of c; it returns the
// string and the bytes consumed.
func literalString(c []byte) ([]byte, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; ch {
		case '(':
			if depth > 0 {
				out = append(out, ch)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, ch)
		case '\\':
			i++
			if i >= len(c) {
				return out, i
			}
			k, n := escape(c[i:])
			if n > 0 {
				out = append(out, k)
			}
			i += max(n, 1) - 1
		default:
			out = append(out, ch)
		}
	}
	return out, len(c)
}

// escape decodes the escape sequence after a backslash; n is 0 for a
// line continuation.
func escape(c []byte) (byte, int) {
	switch c[0] {
	case 'n':
		return '\n', 1
	case 'r':
		return '\r', 1
	case 't':
		return '\t', 1
	case 'b':
		return '\b', 1
	case 'f':
		return '\f', 1
	case '\n', '\r':
		return 0, 0
	}
	if c[0] >= '0' && c[0] <= '7' {
		v, n := 0, 0
		for n < 3 && n < len(c) && c[n] >= '0' && c[n] <= '7' {
			v = v*8 + int(c[n]-'0')
			n++
		}
		return byte(v), n
	}
	return c[0], 1
}

// hexString parses a <…> string at the start of c.
func hexString(c []byte) ([]byte, int) {
	end := bytes.IndexByte(c, '>')
	if end < 0 {
		end = len(c)
	}
	var digits []byte
	for _, ch := range c[1:end] {
		if ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F' {
			digits = append(digits, ch)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		v, _ := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		out[i] = byte(v)
	}
	return out, min(end+1, len(c))
}
