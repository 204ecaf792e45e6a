package validate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed jpnames/surnames.tsv.gz jpnames/given.tsv.gz
var jpNameFiles embed.FS

// jpNames are the Japanese surnames and given names of UniDic and IPADIC
// (jpnames/README.md), by surface, with the katakana readings of each list
// for フリガナ columns. A name's value is its rank, 0 the most probable.
type jpNames struct {
	sei, mei         map[string]int
	seiKana, meiKana map[string]bool
}

var jpNameLists = sync.OnceValue(func() *jpNames {
	n := &jpNames{seiKana: map[string]bool{}, meiKana: map[string]bool{}}
	n.sei = loadJPNames("jpnames/surnames.tsv.gz", n.seiKana)
	n.mei = loadJPNames("jpnames/given.tsv.gz", n.meiKana)
	return n
})

func loadJPNames(file string, kana map[string]bool) map[string]int {
	b, err := jpNameFiles.ReadFile(file)
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	names := map[string]int{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		surface, readings, _ := strings.Cut(sc.Text(), "\t")
		if _, dup := names[surface]; !dup {
			names[surface] = len(names)
		}
		for r := range strings.FieldsSeq(readings) {
			kana[r] = true
		}
	}
	return names
}

// IsJPNameRune reports whether r can be part of a Japanese name written in
// kanji: a Han character, the iteration mark 々 or the small ヶ (霞ヶ関).
func IsJPNameRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || r == 'ヶ' || r == '々' || r == '〆'
}

// isHiragana reports whether r is a hiragana letter (not the long-vowel
// mark).
func isHiragana(r rune) bool { return 'ぁ' <= r && r <= 'ゖ' }

// isKatakana reports whether r is a katakana letter or the long-vowel mark.
func isKatakana(r rune) bool { return 'ァ' <= r && r <= 'ヺ' || r == 'ー' }

// JPNameSplit returns where the run of name characters run (no space)
// splits into a known surname and a known given name, and whether it does.
// The whole run must be used. A run of two characters, or one that is
// itself a known surname or given name (長谷川, 真由美), is not split: both
// would make common two-character words and lone surnames into names.
// Among several splits, a two-character surname wins (the most common
// length), then three, one and four.
func JPNameSplit(run string) (int, bool) {
	n := utf8.RuneCountInString(run)
	if n < 3 || n > 8 {
		return 0, false
	}
	l := jpNameLists()
	if _, ok := l.sei[run]; ok {
		return 0, false
	}
	if _, ok := l.mei[run]; ok {
		return 0, false
	}
	best, bestPref := 0, 99
	i := 0
	for k := 1; k < n; k++ {
		_, size := utf8.DecodeRuneInString(run[i:])
		i += size
		if !l.full(run[:i], run[i:]) {
			continue
		}
		if p := seiPreference(k); p < bestPref {
			best, bestPref = i, p
		}
	}
	return best, bestPref < 99
}

// seiPreference orders surname lengths: 2 before 3 before 1 before 4.
func seiPreference(k int) int {
	switch k {
	case 2:
		return 0
	case 3:
		return 1
	case 1:
		return 2
	}
	return 3 + k
}

// jpVariants are kanji variants of names that the lists write in their
// common form (髙橋 is 高橋).
var jpVariants = strings.NewReplacer("髙", "高", "﨑", "崎", "𠮷", "吉")

// full reports whether sei is a known surname and mei a known given name,
// each no longer than four characters.
func (l *jpNames) full(sei, mei string) bool {
	if utf8.RuneCountInString(sei) > 4 || utf8.RuneCountInString(mei) > 4 {
		return false
	}
	_, s := l.sei[jpVariants.Replace(sei)]
	_, m := l.mei[mei]
	return s && m
}

// JPNameRunsFull reports whether sei, written in kanji, is a known
// surname and given, written in kanji or kana, a known given name.
func JPNameRunsFull(sei, given string) bool {
	return jpNameRun(sei) && jpGiven(given) && jpNameLists().full(sei, given)
}

// JPGivenName reports whether s is a known given name: the extractors use
// it for given names written in hiragana (さくら) after a kanji surname.
func JPGivenName(s string) bool {
	_, ok := jpNameLists().mei[s]
	return ok
}

// JPPersonName validates a Japanese full name: a known surname and a
// known given name, written together (山田太郎) or with one half- or
// full-width space between them (山田 太郎, 山田　太郎). The normalized value
// is surname and given name without a space, so that the three forms hash
// alike. Identifiers using it find
// candidates only after a label (氏名, 担当), before an honorific (様, さん)
// or in a name column: the lists confirm rather than guess.
func JPPersonName(value []byte) ([]byte, bool) {
	v := strings.TrimSpace(strings.ReplaceAll(string(value), "\u3000", " "))
	if sei, mei, ok := strings.Cut(v, " "); ok {
		mei = strings.TrimLeft(mei, " ")
		if !jpNameRun(sei) || !jpGiven(mei) || !jpNameLists().full(sei, mei) {
			return value, false
		}
		return []byte(sei + mei), true
	}
	if k := strings.IndexFunc(v, func(r rune) bool { return !IsJPNameRune(r) }); k > 0 {
		// A given name in kana after a kanji surname: 佐藤さくら.
		if !JPNameRunsFull(v[:k], v[k:]) {
			return value, false
		}
		return []byte(v), true
	}
	if !jpNameRun(v) {
		return value, false
	}
	if _, ok := JPNameSplit(v); !ok {
		return value, false
	}
	return []byte(v), true
}

// jpNameRun reports whether s is one or more name characters.
func jpNameRun(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !IsJPNameRune(r) {
			return false
		}
	}
	return true
}

// jpGiven reports whether s is written as a given name can be: kanji, or
// kana with at most a kanji (さくら, 奈々子, アイ子).
func jpGiven(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !IsJPNameRune(r) && !isHiragana(r) && !isKatakana(r) {
			return false
		}
	}
	return true
}

// JPNameReading validates the katakana (or hiragana) reading of a full
// name as a フリガナ column holds it: ヤマダ タロウ, やまだ　たろう,
// ﾔﾏﾀﾞ ﾀﾛｳ or ヤマダタロウ, whose parts are readings of a known surname and a known
// given name. The normalized value is in katakana without a space.
func JPNameReading(value []byte) ([]byte, bool) {
	// NFKC makes half-width katakana (ﾔﾏﾀﾞ ﾀﾛｳ, as bank records write
	// account holders) full-width, with its sound marks composed.
	v := strings.TrimSpace(norm.NFKC.String(string(value)))
	if len(v) > len(value) {
		return value, false // squared words such as ㌔ expand: no name
	}
	kana := []rune(v)
	for i, r := range kana {
		switch {
		case isHiragana(r):
			kana[i] = r + ('ァ' - 'ぁ')
		case r == ' ' || isKatakana(r):
		default:
			return value, false
		}
	}
	v = string(kana)
	l := jpNameLists()
	if sei, mei, ok := strings.Cut(v, " "); ok {
		mei = strings.TrimLeft(mei, " ")
		if sei == "" || mei == "" || strings.Contains(mei, " ") || !l.seiKana[sei] || !l.meiKana[mei] {
			return value, false
		}
		return []byte(sei + mei), true
	}
	// Without a space, a reading splits where both halves are known, each
	// at least two kana long (one-kana readings make most strings split).
	for i := 2; i <= len(kana)-2; i++ {
		if l.seiKana[string(kana[:i])] && l.meiKana[string(kana[i:])] {
			return []byte(v), true
		}
	}
	return value, false
}

// JPSurname validates a known Japanese surname alone, as a 姓 column
// holds it next to a 名 column.
func JPSurname(value []byte) ([]byte, bool) {
	v := strings.TrimSpace(string(value))
	if !jpNameRun(v) {
		return value, false
	}
	_, ok := jpNameLists().sei[jpVariants.Replace(v)]
	return []byte(v), ok
}
