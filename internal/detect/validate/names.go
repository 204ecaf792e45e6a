package validate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"sync"
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
	return value, given[lowerASCII(first)] && surnames[lowerASCII(surnamePart(last))]
}

// surnamePart is the part of a surname to look up: the last part of a
// double-barrelled name, without an O'/Mc-style prefix's apostrophe.
func surnamePart(w []byte) []byte {
	if i := bytes.LastIndexAny(w, "-'"); i >= 0 && i < len(w)-2 {
		return w[i+1:]
	}
	return w
}

func capitalised(w []byte) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	lower := 0
	for _, c := range w[1:] {
		if 'a' <= c && c <= 'z' {
			lower++
		}
	}
	return lower > 0
}

func lowerASCII(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = foldASCII(c)
	}
	return string(out)
}
