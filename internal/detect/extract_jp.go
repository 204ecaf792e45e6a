package detect

import (
	"strings"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/internal/detect/validate"
)

// Japanese is written without spaces between words, so a name next to a
// label (氏名：山田太郎) or an honorific (山田太郎様) has no pattern-friendly
// boundary: these extractors walk the characters from the keyword and cut
// the run of kanji where the name lists say a surname and a given name
// fill it (validate.JPNameSplit). The validator then checks the span again.

// maxJPName is the most characters a run read as a name may have: four
// for the surname, four for the given name.
const maxJPName = 8

// jpLabelSeps may stand between a label and the name after it.
const jpLabelSeps = " \t:：　「『【】［］[]（(=＝,、・\"'"

// jpJobTitles may stand after a name (山田太郎課長) or between a label and
// a name (代表取締役社長 山田太郎).
var jpJobTitles = []string{"課長", "部長", "社長", "係長", "主任", "次長", "室長", "所長", "店長",
	"会長", "専務", "常務", "理事", "教授", "医師", "弁護士"}

// jpTitles may follow a name without being part of it: honorifics and job
// titles.
var jpTitles = append([]string{"様", "殿", "氏", "君", "宛", "先生"}, jpJobTitles...)

// jpUnits end the name of an organisational unit or a job title that may
// stand, without a space, before a name (営業部山田太郎様, 代表取締役山田太郎).
const jpUnits = "部課室局係班店社所科院校役長"

// extractJPNameAfter finds the full name after a label at [ks, ke): an
// optional 名 (担当者名), separators or one of the particles は and の, then
// surname and given name, with an optional space between them.
func extractJPNameAfter(text []byte, _, ke int) (int, int, bool) {
	p := ke
	if strings.HasPrefix(string(text[p:min(p+3, len(text))]), "名") {
		p += len("名")
	}
	for _, title := range jpJobTitles { // 代表取締役社長, 担当課長: a title, not a name
		if strings.HasPrefix(string(text[p:min(p+len(title), len(text))]), title) {
			p += len(title)
			break
		}
	}
	for n := 0; n < 4 && p < len(text); n++ {
		r, size := utf8.DecodeRune(text[p:])
		if !strings.ContainsRune(jpLabelSeps, r) && (n > 0 || (r != 'は' && r != 'の')) {
			break
		}
		p += size
	}
	if t, ok := nameAt(text, p); ok {
		return p, t, true
	}
	// A unit may stand between the label and the name: 担当：営業部 山田太郎,
	// 担当：営業部山田太郎.
	a := hanRun(text, p, maxJPName)
	for s := p; s < a; {
		_, size := utf8.DecodeRune(text[s:])
		s += size
		if !strings.ContainsRune(jpUnits, lastRune(text[:s])) {
			continue
		}
		if q, ok := spaceAt(text, s); ok && s == a {
			s = q
		}
		if t, ok := nameAt(text, s); ok {
			return s, t, true
		}
	}
	return 0, 0, false
}

// nameAt returns the end of the full name that starts at p: surname and
// given name, with an optional space between them.
func nameAt(text []byte, p int) (int, bool) {
	a := hanRun(text, p, maxJPName)
	if a == p {
		return 0, false
	}
	if q, ok := spaceAt(text, a); ok {
		if t, ok := givenAfter(text, q); ok && validate.JPNameRunsFull(string(text[p:a]), string(text[q:t])) {
			return t, true
		}
		// The given name was not found after the space: the run before it
		// may be the whole name (山田太郎 様).
	}
	if t, ok := givenAfter(text, a); ok && validate.JPNameRunsFull(string(text[p:a]), string(text[a:t])) {
		return t, true // a given name in hiragana: 佐藤さくら
	}
	return splitRun(text, p, a)
}

// splitRun returns the end of the full name that fills text[p:a], or a
// prefix of it followed by a title (山田太郎課長).
func splitRun(text []byte, p, a int) (int, bool) {
	if _, ok := validate.JPNameSplit(string(text[p:a])); ok {
		return a, true
	}
	for _, title := range jpTitles {
		if t := a - len(title); t > p && string(text[t:a]) == title {
			if _, ok := validate.JPNameSplit(string(text[p:t])); ok {
				return t, true
			}
		}
	}
	return 0, false
}

// givenAfter returns the end of a given name starting at q: a run of
// kanji (which a title may follow), or a hiragana given name that the
// lists know and that ends where the hiragana does or before a particle
// or an honorific (さくらさん, さくらは).
func givenAfter(text []byte, q int) (int, bool) {
	if t := hanRun(text, q, 4+2); t > q {
		for _, title := range jpTitles {
			if u := t - len(title); u > q && string(text[u:t]) == title {
				return u, true
			}
		}
		return t, t-q <= 4*3
	}
	end, best := q, 0
	for n := 0; n < 5 && end < len(text); n++ {
		r, size := utf8.DecodeRune(text[end:])
		if r < 'ぁ' || r > 'ゖ' {
			break
		}
		end += size
		if n >= 1 && validate.JPGivenName(string(text[q:end])) && jpNameEnds(text, end) {
			best = end
		}
	}
	return best, best > 0
}

// jpNameEnds reports whether a hiragana given name may end at p: at a
// character that is not hiragana, or before an honorific or a particle.
func jpNameEnds(text []byte, p int) bool {
	r, _ := utf8.DecodeRune(text[p:])
	if p >= len(text) || r < 'ぁ' || r > 'ゖ' {
		return true
	}
	rest := string(text[p:min(p+9, len(text))])
	for _, s := range []string{"さん", "さま", "くん", "ちゃん", "は", "が", "の", "を", "に", "と", "へ", "も", "で"} {
		if strings.HasPrefix(rest, s) {
			return true
		}
	}
	return false
}

// extractJPNameBefore finds the full name before an honorific at [ks, ke):
// surname and given name, with an optional space between them, and an
// optional space before the honorific.
func extractJPNameBefore(text []byte, ks, ke int) (int, int, bool) {
	if string(text[ks:ke]) == "氏" && strings.HasPrefix(string(text[ke:min(ke+3, len(text))]), "名") {
		return 0, 0, false // 氏名, a label
	}
	t := ks
	if s, ok := spaceBefore(text, t); ok {
		t = s
	}
	// A given name in hiragana (佐藤さくら様).
	if h := hiraganaRunBack(text, t, 5); h < t && validate.JPGivenName(string(text[h:t])) {
		if s, ok := surnameBefore(text, h, string(text[h:t])); ok {
			return s, t, true
		}
		return 0, 0, false
	}
	b, whole := hanRunBack(text, t, maxJPName)
	if b == t {
		return 0, 0, false
	}
	if _, ok := spaceBefore(text, b); ok && whole && b+4*4 >= t {
		if u, ok := surnameBefore(text, b, string(text[b:t])); ok {
			return u, t, true
		}
	}
	// No space: the whole run, or its end after a unit (営業部山田太郎).
	for s := b; s < t; {
		if nameStart(text, b, s, whole) {
			if _, ok := validate.JPNameSplit(string(text[s:t])); ok {
				return s, t, true
			}
		}
		_, size := utf8.DecodeRune(text[s:])
		s += size
	}
	return 0, 0, false
}

// extractJPNameIntro finds the full name of a self-introduction before です
// at [ks, ke) (株式会社サンプルの伊藤大輔です, 私は山田太郎です): a name before
// an honorific, but only after の, は or at the start of a line.
func extractJPNameIntro(text []byte, ks, ke int) (int, int, bool) {
	s, t, ok := extractJPNameBefore(text, ks, ke)
	if !ok {
		return 0, 0, false
	}
	switch r := lastRune(text[:s]); {
	case s == 0, r == '\n', r == 'の', r == 'は':
		return s, t, true
	}
	return 0, 0, false
}

// extractJPNameList finds the next full name of a list (山田太郎、佐藤花子、
// 鈴木一郎). Its keywords are the comma 、 and list labels (出席者, 参加者…);
// the full-width comma ， is folded to ',' before detection, and a one-byte
// keyword would fire on every comma of every CSV, so lists written with
// it are followed from their label or their first 、 instead, as a chain
// (see chained):
//
//   - at a 、 at [ks, ks+3): the name after it, when a full name ends
//     right before it;
//   - at a label at [ks, ke): the list's first name after it (which the
//     label identifier reports too), when a ',' follows that name;
//   - with ks == ke, the end of the name found before: the name after a
//     ',' there. A 、 there is left to its own keyword hit, so that every
//     comma is looked at once, whatever the list's length.
func extractJPNameList(text []byte, ks, ke int) (int, int, bool) {
	switch {
	case ks < ke && string(text[ks:ke]) != "、":
		_, t, ok := extractJPNameAfter(text, ks, ke)
		if !ok {
			return 0, 0, false
		}
		return listNameAfter(text, t)
	case ks == ke:
		return listNameAfter(text, ks)
	}
	e := ks
	if s, ok := spaceBefore(text, e); ok {
		e = s
	}
	b, whole := hanRunBack(text, e, maxJPName)
	if !whole || b == e {
		return 0, 0, false
	}
	if _, ok := validate.JPNameSplit(string(text[b:e])); !ok {
		if s, ok := spaceBefore(text, b); !ok || !jpFullBefore(text, s, string(text[b:e])) {
			return 0, 0, false
		}
	}
	return nameAfterComma(text, ke)
}

// listNameAfter returns the full name after a ',' that follows, after an
// optional space, the name of a list that ends at e.
func listNameAfter(text []byte, e int) (int, int, bool) {
	p := e
	if q, ok := spaceAt(text, p); ok {
		p = q
	}
	if p >= len(text) || text[p] != ',' {
		return 0, 0, false
	}
	return nameAfterComma(text, p+1)
}

// nameAfterComma returns the full name that starts at p, after an
// optional space.
func nameAfterComma(text []byte, p int) (int, int, bool) {
	if q, ok := spaceAt(text, p); ok {
		p = q
	}
	a := hanRun(text, p, maxJPName)
	if a == p {
		return 0, 0, false
	}
	if q, ok := spaceAt(text, a); ok {
		if t, ok := givenAfter(text, q); ok && validate.JPNameRunsFull(string(text[p:a]), string(text[q:t])) {
			return p, t, true
		}
	}
	if t, ok := splitRun(text, p, a); ok {
		return p, t, true
	}
	return 0, 0, false
}

// jpFullBefore reports whether the whole run of kanji that ends at e is a
// surname that makes a full name with given.
func jpFullBefore(text []byte, e int, given string) bool {
	a, whole := hanRunBack(text, e, 4)
	return whole && a < e && validate.JPNameRunsFull(string(text[a:e]), given)
}

// surnameBefore returns the start of a surname that ends at e (after an
// optional space) and makes a full name with given: the whole run of kanji
// before e, or its end after a unit.
func surnameBefore(text []byte, e int, given string) (int, bool) {
	sp := e
	if s, ok := spaceBefore(text, e); ok {
		sp = s
	}
	a, whole := hanRunBack(text, sp, maxJPName)
	for s := a; s < sp; {
		if nameStart(text, a, s, whole) {
			if validate.JPNameRunsFull(string(text[s:sp]), given) {
				return s, true
			}
		}
		_, size := utf8.DecodeRune(text[s:])
		s += size
	}
	return 0, false
}

// hanRun returns the end of the run of at most limit name characters at p.
func hanRun(text []byte, p, limit int) int {
	for n := 0; n < limit && p < len(text); n++ {
		r, size := utf8.DecodeRune(text[p:])
		if !validate.IsJPNameRune(r) {
			break
		}
		p += size
	}
	return p
}

// hanRunBack returns the start of the run of name characters that ends at
// e, at most limit of them, and whether that is where the run starts (a
// longer run is cut: only a unit inside it can start a name).
func hanRunBack(text []byte, e, limit int) (int, bool) {
	s := e
	for n := 0; s > 0; n++ {
		r, size := utf8.DecodeLastRune(text[:s])
		if !validate.IsJPNameRune(r) {
			return s, true
		}
		if n == limit {
			return s, false
		}
		s -= size
	}
	return s, true
}

// nameStart reports whether a name may start at s in the run that starts
// at a (whole: the run was not cut): at the run's start, or after a unit.
func nameStart(text []byte, a, s int, whole bool) bool {
	return s == a && whole || s > a && strings.ContainsRune(jpUnits, lastRune(text[:s]))
}

// hiraganaRunBack returns the start of the run of at most limit hiragana
// letters that ends at e.
func hiraganaRunBack(text []byte, e, limit int) int {
	s := e
	for n := 0; n < limit && s > 0; n++ {
		r, size := utf8.DecodeLastRune(text[:s])
		if r < 'ぁ' || r > 'ゖ' {
			break
		}
		s -= size
	}
	return s
}

// spaceAt returns the position after one half- or full-width space at p.
func spaceAt(text []byte, p int) (int, bool) {
	r, size := utf8.DecodeRune(text[p:])
	if p < len(text) && (r == ' ' || r == '\u3000') {
		return p + size, true
	}
	return p, false
}

// spaceBefore returns the position of one half- or full-width space that
// ends at e.
func spaceBefore(text []byte, e int) (int, bool) {
	r, size := utf8.DecodeLastRune(text[:e])
	if e > 0 && (r == ' ' || r == '\u3000') {
		return e - size, true
	}
	return e, false
}

func lastRune(b []byte) rune {
	r, _ := utf8.DecodeLastRune(b)
	return r
}
