package detect

import (
	"encoding/binary"
	"slices"
)

// Folding: Japanese text writes digits, Latin letters and the punctuation
// of values in full width (０９０－１２３４－５６７８, ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ),
// dashes as ‐ – — ― −, and spaces as the ideographic space. Before
// detection the engine folds these to ASCII, as Unicode NFKC does for the
// full-width forms, so that every identifier finds them; a foldMap turns
// offsets in the folded text back into offsets in the original bytes.
//
// What folds (each is a three-byte UTF-8 sequence that becomes one byte):
//
//   - U+FF01–U+FF5E, the full-width forms of ASCII '!'–'~' (NFKC);
//   - U+3000 ideographic space → ' ' (NFKC);
//   - U+2010–U+2015 hyphens and dashes and U+2212 minus → '-';
//   - U+30FC ー and U+FF70 ｰ → '-' only between two digits: elsewhere
//     they are the katakana long vowel mark, part of words.
//
// Text without a lead byte of these sequences (0xE2, 0xE3, 0xEF) is not
// copied: the check skips ASCII 32 bytes at a time.

// foldMap maps offsets in folded text to offsets in the text it was folded
// from. Entry j says that from folded offset end[j] on, the original is
// shift[j] bytes further.
type foldMap struct {
	end   []int // folded offset just past the j-th folded rune, ascending
	shift []int // bytes removed up to and including the j-th folded rune
}

// reset empties m for another text.
func (m *foldMap) reset() {
	m.end, m.shift = m.end[:0], m.shift[:0]
}

// identity reports whether nothing was folded.
func (m *foldMap) identity() bool { return len(m.end) == 0 }

// orig returns the original offset of folded offset p. It maps a start
// offset to the first byte of its rune and an end offset (one past a rune)
// to one past the original rune.
func (m *foldMap) orig(p int) int {
	j, found := slices.BinarySearch(m.end, p)
	if found {
		j++
	}
	if j == 0 {
		return p
	}
	return p + m.shift[j-1]
}

// folded returns the folded offset of original offset o, which must be on a
// rune boundary of the original text.
func (m *foldMap) folded(o int) int {
	// The original end of entry j, end[j]+shift[j], ascends too.
	lo, hi := 0, len(m.end)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if m.end[mid]+m.shift[mid] <= o {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return o
	}
	return o - m.shift[lo-1]
}

// fold returns text with the foldable runes folded, recording the offsets
// in m (which it resets). When nothing folds it returns text itself;
// otherwise the result is built in dst's storage.
func fold(dst, text []byte, m *foldMap) []byte {
	m.reset()
	i := firstFold(text)
	if i < 0 {
		return text
	}
	out := append(dst[:0], text[:i]...)
	removed := 0
	for i < len(text) {
		b := text[i]
		if b < 0xE2 {
			out = append(out, b)
			i++
			continue
		}
		c, ok := foldAt(text, i, out)
		if !ok {
			out = append(out, b)
			i++
			continue
		}
		out = append(out, c)
		i += 3
		removed += 2
		m.end = append(m.end, len(out))
		m.shift = append(m.shift, removed)
	}
	return out
}

// foldString folds a keyword or context word as text is folded, so that
// one written in full width (ＴＥＬ) still matches the folded text. A word
// that would fold to a single byte (，) is kept as written: as a keyword,
// one ASCII byte would trigger its identifier everywhere.
func foldString(s string) string {
	f := fold(nil, []byte(s), &foldMap{})
	if len(f) < 2 {
		return s
	}
	return string(f)
}

// highBits has the top bit of each byte of a word set.
const highBits = 0x8080808080808080

// firstFold returns the offset of the first rune of text that folds, or -1.
func firstFold(text []byte) int {
	i, n := 0, len(text)
	for {
		// Skip ASCII 32 bytes at a time: most text that is not Japanese
		// has no byte with the top bit set, and this keeps the check
		// several times faster than the detection that follows.
		for i+32 <= n {
			b := text[i : i+32 : i+32]
			w := binary.LittleEndian.Uint64(b[0:]) | binary.LittleEndian.Uint64(b[8:]) |
				binary.LittleEndian.Uint64(b[16:]) | binary.LittleEndian.Uint64(b[24:])
			if w&highBits != 0 {
				break
			}
			i += 32
		}
		if i >= n {
			return -1
		}
		for end := min(i+32, n); i < end; i++ {
			if text[i] >= 0xE2 {
				if _, ok := foldAt(text, i, text[:i]); ok {
					return i
				}
			}
		}
	}
}

// foldAt returns the ASCII byte that the rune at text[i] folds to. prev is
// the folded text before it (for the long vowel mark, which folds only
// between digits).
func foldAt(text []byte, i int, prev []byte) (byte, bool) {
	if i+2 >= len(text) {
		return 0, false
	}
	b1, b2 := text[i+1], text[i+2]
	switch text[i] {
	case 0xEF:
		switch {
		case b1 == 0xBC && 0x81 <= b2 && b2 <= 0xBF: // U+FF01–U+FF3F
			return b2 - 0x60, true
		case b1 == 0xBD && 0x80 <= b2 && b2 <= 0x9E: // U+FF40–U+FF5E
			return b2 - 0x20, true
		case b1 == 0xBD && b2 == 0xB0: // U+FF70 ｰ
			return '-', betweenDigits(text, i, prev)
		}
	case 0xE2:
		if b1 == 0x80 && 0x90 <= b2 && b2 <= 0x95 || b1 == 0x88 && b2 == 0x92 { // U+2010–U+2015, U+2212
			return '-', true
		}
	case 0xE3:
		switch {
		case b1 == 0x80 && b2 == 0x80: // U+3000
			return ' ', true
		case b1 == 0x83 && b2 == 0xBC: // U+30FC ー
			return '-', betweenDigits(text, i, prev)
		}
	}
	return 0, false
}

// betweenDigits reports whether the three-byte rune at text[i] stands
// between a digit (the last byte of prev, folded) and a digit (ASCII or
// full width).
func betweenDigits(text []byte, i int, prev []byte) bool {
	if len(prev) == 0 || !isDigitByte(prev[len(prev)-1]) {
		return false
	}
	j := i + 3
	switch {
	case j < len(text) && isDigitByte(text[j]):
		return true
	case j+2 < len(text) && text[j] == 0xEF && text[j+1] == 0xBC && 0x90 <= text[j+2] && text[j+2] <= 0x99:
		return true
	}
	return false
}

func isDigitByte(b byte) bool { return '0' <= b && b <= '9' }

// origNorm returns the original runes behind norm, the normalized value a
// validator made of folded[s:t], so that a sample of a full-width value is
// taken from the original text: each byte of norm is matched in order
// (ASCII case-insensitively) with a byte of the folded span, and the
// original bytes behind the matched ones are kept. When norm is not such a
// subsequence (a validator rewrote the value), it returns the original span
// itself.
func origNorm(m *foldMap, orig, folded []byte, s, t int, norm []byte) []byte {
	out := make([]byte, 0, len(norm)*3)
	j := 0
	for q := s; q < t && j < len(norm); q++ {
		if foldASCII(folded[q]) != foldASCII(norm[j]) {
			continue
		}
		out = append(out, orig[m.orig(q):m.orig(q+1)]...)
		j++
	}
	if j < len(norm) {
		return orig[m.orig(s):m.orig(t)]
	}
	return out
}
