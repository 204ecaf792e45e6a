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

//go:embed names/given.txt.gz names/surnames.txt.gz
var nameFiles embed.FS

// nameLists are the given names and surnames of the US Census 1990
// frequency files (names/README.md), loaded once on first use.
var nameLists = sync.OnceValues(func() (given, surnames map[string]bool) {
	return loadNames("names/given.txt.gz"), loadNames("names/surnames.txt.gz")
})

func loadNames(file string) map[string]bool {
	set := map[string]bool{}
	b, err := nameFiles.ReadFile(file)
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = true
	}
	return set
}

// PersonName validates a full name of two or three capitalised words
// ("Ada Lovelace", "Mary Ann Smith", "Jean-Luc O'Brien"; a middle initial
// is allowed) whose first word is a known given name and whose last word
// is a known surname. Identifiers using it find candidates only next to a
// label or salutation, so the lists confirm rather than guess.
func PersonName(value []byte) ([]byte, bool) {
	words := bytes.Fields(value)
	if len(words) < 2 || len(words) > 4 {
		return value, false
	}
	given, surnames := nameLists()
	first, last := words[0], words[len(words)-1]
	if !capitalised(first) || !capitalised(last) {
		return value, false
	}
	return value, given[foldName(first)] && surnames[foldName(surnamePart(last))]
}

// nameLetters maps the Latin letters that do not decompose into a base
// letter and a mark.
var nameLetters = strings.NewReplacer("ø", "o", "ł", "l", "ß", "ss", "đ", "d", "ı", "i", "æ", "ae", "œ", "oe", "’", "'")

// foldName lower-cases a name and removes its diacritics, so that José,
// Müller, Zoë and Nguyễn are looked up as jose, muller, zoe and nguyen in
// the Census lists (which are ASCII).
func foldName(w []byte) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(nameLetters.Replace(strings.ToLower(string(w)))) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// surnamePart is the part of a surname to look up: the last part of a
// double-barrelled name, without an O'/Mc-style prefix's apostrophe.
func surnamePart(w []byte) []byte {
	for _, sep := range []string{"-", "'", "’"} {
		if i := bytes.LastIndex(w, []byte(sep)); i >= 0 && i < len(w)-len(sep)-1 {
			w = w[i+len(sep):]
		}
	}
	return w
}

// capitalised reports whether w is an upper-case letter followed by at
// least one lower-case letter (any script with case: Émile, Łukasz).
func capitalised(w []byte) bool {
	r, n := utf8.DecodeRune(w)
	if len(w) < 2 || !unicode.IsUpper(r) {
		return false
	}
	for _, c := range string(w[n:]) {
		if unicode.IsLower(c) {
			return true
		}
	}
	return false
}
