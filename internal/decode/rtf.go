package decode

import (
	"bufio"
	"context"
	"io"
	"strconv"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// rtf delivers the text of an RTF document: control words and the
// groups of destinations without text (font and color tables, pictures,
// embedded objects, unknown \* destinations) are dropped; \par, \line and
// \row end lines, \tab and \cell become tabs; \'hh bytes are decoded in
// the document's code page (\ansicpg: Windows-1252 by default, Shift_JIS
// for 932) and \uN characters are taken, skipping their fallbacks.
func (w *walker) rtf(ctx context.Context, n node, in input) error {
	x := &rtfText{r: in.br, cp: charmap.Windows1252, uc: 1}
	return w.deliver(ctx, n.path, in.ctype, newGen(x.fill), nil)
}

// rtfSkip are destinations whose groups hold no document text.
var rtfSkip = set("fonttbl", "colortbl", "stylesheet", "pict", "object", "objdata", "themedata",
	"colorschememapping", "datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl",
	"generator", "xmlnstbl", "mmathPr", "filetbl", "revtbl", "bkmkstart", "bkmkend", "panose", "wgrffmtfilter")

// An rtfText is the state of an RTF text extraction.
type rtfText struct {
	r     *bufio.Reader
	depth int // group depth
	skip  int // depth of the group being skipped; 0 when none
	cp    encoding.Encoding
	uc    int    // fallback characters after \uN
	drop  int    // fallback characters still to drop
	bytes []byte // \'hh bytes not yet decoded
	star  bool   // the group began with \*
}

// fill adds text to g until it is full; io.EOF at the end.
func (x *rtfText) fill(g *textGen) error {
	for !g.full() {
		c, err := x.r.ReadByte()
		if err != nil {
			x.flush(g)
			return err
		}
		switch c {
		case '{':
			x.flush(g)
			x.depth++
			x.star = false
		case '}':
			x.flush(g)
			if x.skip == x.depth {
				x.skip = 0
			}
			x.depth--
		case '\\':
			if err := x.control(g); err != nil {
				x.flush(g)
				return err
			}
		case '\r', '\n':
		default:
			x.text(g, c)
		}
	}
	return nil
}

// text adds a literal byte of text.
func (x *rtfText) text(g *textGen, c byte) {
	if x.skip != 0 {
		return
	}
	if x.drop > 0 {
		x.drop--
		return
	}
	if c >= 0x80 {
		x.bytes = append(x.bytes, c)
		return
	}
	x.flush(g)
	g.writeByte(c)
}

// flush decodes pending \'hh bytes.
func (x *rtfText) flush(g *textGen) {
	if len(x.bytes) == 0 {
		return
	}
	if s, err := x.cp.NewDecoder().Bytes(x.bytes); err == nil {
		g.buf = append(g.buf, s...)
	}
	x.bytes = x.bytes[:0]
}

// control reads a control word or symbol after a backslash.
func (x *rtfText) control(g *textGen) error {
	c, err := x.r.ReadByte()
	if err != nil {
		return err
	}
	switch {
	case c == '\'':
		return x.hexByte(g)
	case c == '*':
		x.star = true
		return nil
	case !isLetter(c):
		if c == '\\' || c == '{' || c == '}' {
			x.text(g, c)
		} else if c == '~' {
			x.text(g, ' ')
		}
		return nil
	}
	word := []byte{c}
	for {
		c, err = x.r.ReadByte()
		if err != nil || !isLetter(c) {
			break
		}
		word = append(word, c)
	}
	num, hasNum := 0, false
	neg := false
	if err == nil && c == '-' {
		neg = true
		c, err = x.r.ReadByte()
	}
	for err == nil && c >= '0' && c <= '9' && num < 1<<20 {
		num, hasNum = num*10+int(c-'0'), true
		c, err = x.r.ReadByte()
	}
	if neg {
		num = -num
	}
	if err == nil && c != ' ' {
		x.r.UnreadByte()
	}
	x.word(g, string(word), num, hasNum)
	return nil
}

// hexByte reads the two hex digits of \'hh.
func (x *rtfText) hexByte(g *textGen) error {
	var h [2]byte
	if _, err := io.ReadFull(x.r, h[:]); err != nil {
		return err
	}
	v, err := strconv.ParseUint(string(h[:]), 16, 8)
	if err != nil {
		return nil //nolint:nilerr // a malformed \'hh escape is dropped, as RTF readers do
	}
	if x.skip != 0 {
		return nil
	}
	if x.drop > 0 {
		x.drop--
		return nil
	}
	x.bytes = append(x.bytes, byte(v))
	return nil
}

// word acts on a control word.
func (x *rtfText) word(g *textGen, word string, num int, hasNum bool) {
	if x.skip != 0 {
		return
	}
	if rtfSkip[word] || x.star && word != "fldinst" {
		x.skip, x.star = x.depth, false
		x.bytes = x.bytes[:0]
		return
	}
	x.star = false
	switch word {
	case "par", "line", "row", "sect", "page":
		x.flush(g)
		g.writeByte('\n')
	case "tab", "cell":
		x.flush(g)
		g.writeByte('\t')
	case "ansicpg":
		x.cp = codePage(num)
	case "uc":
		x.uc = max(num, 0)
	case "u":
		if hasNum {
			x.flush(g)
			if num < 0 {
				num += 65536
			}
			g.write(string(rune(num)))
			x.drop = x.uc
		}
	}
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// codePage returns the encoding of a Windows code page.
func codePage(cp int) encoding.Encoding {
	switch cp {
	case 932:
		return japanese.ShiftJIS
	case 936:
		return simplifiedchinese.GBK
	case 949:
		return korean.EUCKR
	case 950:
		return traditionalchinese.Big5
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1253:
		return charmap.Windows1253
	}
	return charmap.Windows1252
}
