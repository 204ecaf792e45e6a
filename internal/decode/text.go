package decode

import (
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// sniffLen is how many leading bytes content sniffing looks at.
const sniffLen = 3072

// utf16SniffLen is how many leading bytes the BOM-less UTF-16 heuristic
// looks at.
const utf16SniffLen = 1024

// sniff returns the bare MIME type (no parameters) of content starting with
// head.
func sniff(head []byte) string {
	t, _, _ := strings.Cut(mimetype.Detect(head).String(), ";")
	return strings.TrimSpace(t)
}

// isGzip reports whether head starts with the gzip magic number.
func isGzip(head []byte) bool {
	return len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b
}

// unsupported reports whether content of MIME type t has no text to read:
// images (except SVG, which is XML text), audio, video and fonts.
func unsupported(t string) bool {
	if t == "image/svg+xml" {
		return false
	}
	for _, prefix := range []string{"image/", "audio/", "video/", "font/"} {
		if strings.HasPrefix(t, prefix) {
			return true
		}
	}
	return t == "application/vnd.ms-fontobject"
}

// An encodingInfo says how to turn a stream into UTF-8 text.
type encodingInfo struct {
	enc encoding.Encoding // nil: the bytes pass through as they are
	bom int               // leading bytes to drop (the byte order mark)
}

// bomEncoding returns the encoding selected by a byte order mark at the
// start of head, and the length of the mark (0 when there is none). A
// UTF-32LE mark starts like a UTF-16LE one, so it is tested first.
func bomEncoding(head []byte) (encoding.Encoding, int) {
	h := string(head[:min(len(head), 4)])
	switch {
	case strings.HasPrefix(h, "\xef\xbb\xbf"):
		return nil, 3
	case h == "\xff\xfe\x00\x00":
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 4
	case h == "\x00\x00\xfe\xff":
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 4
	case strings.HasPrefix(h, "\xff\xfe"):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case strings.HasPrefix(h, "\xfe\xff"):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// detectEncoding picks the text encoding of content starting with head,
// sniffed as MIME type ctype. It returns the encoding and the content type
// to report, which is text/plain for BOM-less UTF-16.
//
// A byte order mark selects UTF-8 (the BOM is dropped), UTF-16 or UTF-32.
// Without one, content sniffed as application/octet-stream is taken as
// UTF-16 when nearly all (90 %) of the 16-bit units in its first 1 KB are
// printable ASCII or tab/CR/LF with a zero high byte: English text saved as
// UTF-16 by Windows tools looks like that, binary data almost never does.
// Everything else passes through as bytes, valid UTF-8 or not.
func detectEncoding(head []byte, ctype string) (encodingInfo, string) {
	if enc, n := bomEncoding(head); n > 0 {
		return encodingInfo{enc: enc, bom: n}, ctype
	}
	if ctype != "application/octet-stream" {
		return encodingInfo{}, ctype
	}
	if order, ok := looksUTF16(head); ok {
		return encodingInfo{enc: unicode.UTF16(order, unicode.IgnoreBOM)}, "text/plain"
	}
	return encodingInfo{}, ctype
}

// looksUTF16 applies the BOM-less UTF-16 heuristic of detectEncoding and
// returns the byte order found.
func looksUTF16(head []byte) (unicode.Endianness, bool) {
	n := min(len(head), utf16SniffLen) &^ 1
	units := n / 2
	if units < 2 {
		return unicode.LittleEndian, false
	}
	var le, be int
	for i := 0; i < n; i += 2 {
		if head[i+1] == 0 && printable(head[i]) {
			le++
		}
		if head[i] == 0 && printable(head[i+1]) {
			be++
		}
	}
	switch {
	case le*10 >= units*9:
		return unicode.LittleEndian, true
	case be*10 >= units*9:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}

// printable reports whether c is printable ASCII, tab, CR or LF.
func printable(c byte) bool {
	return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f)
}
