package decode

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
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
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), 2
	case strings.HasPrefix(h, "\xfe\xff"):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), 2
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
// Text that is not UTF-8 but decodes without error as Shift_JIS, EUC-JP
// or ISO-2022-JP into Japanese text is transcoded (see japaneseEncoding).
// Everything else passes through as bytes, valid UTF-8 or not.
func detectEncoding(head []byte, ctype string) (encodingInfo, string) {
	if enc, n := bomEncoding(head); n > 0 {
		return encodingInfo{enc: enc, bom: n}, ctype
	}
	if enc, ok := japaneseEncoding(head); ok {
		return encodingInfo{enc: enc}, ctype
	}
	if ctype != "application/octet-stream" {
		return encodingInfo{}, ctype
	}
	if order, ok := looksUTF16(head); ok {
		return encodingInfo{enc: xunicode.UTF16(order, xunicode.IgnoreBOM)}, "text/plain"
	}
	return encodingInfo{}, ctype
}

// looksUTF16 applies the BOM-less UTF-16 heuristic of detectEncoding and
// returns the byte order found.
func looksUTF16(head []byte) (xunicode.Endianness, bool) {
	n := min(len(head), utf16SniffLen) &^ 1
	units := n / 2
	if units < 2 {
		return xunicode.LittleEndian, false
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
		return xunicode.LittleEndian, true
	case be*10 >= units*9:
		return xunicode.BigEndian, true
	}
	return xunicode.LittleEndian, false
}

// printable reports whether c is printable ASCII, tab, CR or LF.
func printable(c byte) bool {
	return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f)
}

// japaneseEncoding reports whether head, which is not valid UTF-8, is
// Japanese text in a legacy encoding, and which: ISO-2022-JP when it has
// its escape sequences, else the one of Shift_JIS and EUC-JP that decodes
// it without error into the most kana and kanji (at least two).
func japaneseEncoding(head []byte) (encoding.Encoding, bool) {
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, false
	}
	if bytes.Contains(head, []byte("\x1b$B")) || bytes.Contains(head, []byte("\x1b$@")) {
		return japanese.ISO2022JP, true
	}
	if validUTF8Head(head) {
		return nil, false
	}
	trimmed := head[:max(len(head)-3, 0)] // a character may be cut at the end
	var best encoding.Encoding
	bestScore := 1
	for _, enc := range []encoding.Encoding{japanese.ShiftJIS, japanese.EUCJP} {
		if score := japaneseScore(enc, trimmed); score > bestScore {
			best, bestScore = enc, score
		}
	}
	return best, best != nil
}

// japaneseScore decodes b with enc and counts kana and kanji; -1 when the
// decoding has errors.
func japaneseScore(enc encoding.Encoding, b []byte) int {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return -1
	}
	score := 0
	for _, r := range string(out) {
		switch {
		case r == utf8.RuneError:
			return -1
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Han, r):
			score++
		}
	}
	return score
}

// validUTF8Head reports whether head is valid UTF-8 but for a character
// cut short at its end.
func validUTF8Head(head []byte) bool {
	if utf8.Valid(head) {
		return true
	}
	for k := 1; k <= 3 && k <= len(head); k++ {
		if tail := head[len(head)-k:]; utf8.RuneStart(tail[0]) && !utf8.FullRune(tail) {
			return utf8.Valid(head[:len(head)-k])
		}
	}
	return false
}
