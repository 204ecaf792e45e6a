// Command jpnames builds the Japanese name lists of
// internal/detect/validate/jpnames from the person-name entries (人名,姓
// and 人名,名) of two Japanese morphological dictionaries that Debian
// packages carry: UniDic 3.1.1 (package unidic-mecab, lex_3_1.csv, UTF-8,
// BSD-3-Clause option of its triple licence) and IPADIC 2.7.0 (package
// mecab-ipadic, Noun.name.csv, EUC-JP, NAIST/ICOT licence). fetch.sh
// downloads and unpacks both; README.md in the output folder records the
// versions.
//
//	go run ./tools/jpnames -unidic DIR/lex_3_1.csv -ipadic DIR/Noun.name.csv -out internal/detect/validate/jpnames
//
// Each output file (surnames.tsv.gz, given.tsv.gz) has one name a line,
// "surface<TAB>reading" (the reading in katakana), most probable first:
// ordered by the lowest UniDic word cost of the surface (a lower cost is a
// more probable word in the corpus UniDic was trained on), names that both
// dictionaries list first, then UniDic's, then IPADIC's; then by IPADIC's
// cost and by surface. The same inputs give
// byte-identical files.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// entry is one name surface with its best cost and its readings.
type entry struct {
	surface  string
	unidic   int // lowest UniDic cost; MaxInt when UniDic lacks the surface
	ipadic   int // lowest IPADIC cost; MaxInt when IPADIC lacks it
	readings map[string]bool
}

// lists are the surnames and given names being collected, by surface.
type lists struct {
	sei, mei map[string]*entry
}

func main() {
	unidic := flag.String("unidic", "", "UniDic lex_3_1.csv `file` (UTF-8)")
	ipadic := flag.String("ipadic", "", "IPADIC Noun.name.csv `file` (EUC-JP)")
	out := flag.String("out", "internal/detect/validate/jpnames", "output `folder`")
	nSei := flag.Int("surnames", 20000, "keep the `N` most probable surnames")
	nMei := flag.Int("given", 40000, "keep the `N` most probable given names")
	flag.Parse()
	if *unidic == "" || *ipadic == "" {
		fmt.Fprintln(os.Stderr, "jpnames: -unidic and -ipadic are required")
		os.Exit(2)
	}
	l := &lists{sei: map[string]*entry{}, mei: map[string]*entry{}}
	if err := l.read(*unidic, false); err != nil {
		fmt.Fprintln(os.Stderr, "jpnames:", err)
		os.Exit(1)
	}
	if err := l.read(*ipadic, true); err != nil {
		fmt.Fprintln(os.Stderr, "jpnames:", err)
		os.Exit(1)
	}
	for _, f := range []struct {
		name string
		m    map[string]*entry
		n    int
	}{{"surnames.tsv.gz", l.sei, *nSei}, {"given.tsv.gz", l.mei, *nMei}} {
		n, err := write(filepath.Join(*out, f.name), f.m, f.n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "jpnames:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d names of %d\n", f.name, n, len(f.m))
	}
}

// read adds the person-name lines of one dictionary CSV. UniDic lines are
// surface,left,right,cost,名詞,固有名詞,人名,姓|名,…,lForm(11th),…;
// IPADIC lines are surface,left,right,cost,名詞,固有名詞,人名,姓|名,*,*,
// base,reading,pronunciation.
func (l *lists) read(file string, ipadic bool) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if ipadic {
		r = japanese.EUCJP.NewDecoder().Reader(f)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		rec := strings.Split(sc.Text(), ",")
		if len(rec) < 12 || rec[6] != "人名" || (rec[7] != "姓" && rec[7] != "名") {
			continue
		}
		cost, err := strconv.Atoi(rec[3])
		if err != nil {
			return fmt.Errorf("%s:%d: cost %q: %w", file, line, rec[3], err)
		}
		reading := rec[10]
		if ipadic {
			reading = rec[11]
		}
		m, given := l.sei, rec[7] == "名"
		if given {
			m = l.mei
		}
		add(m, rec[0], reading, cost, ipadic, given)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// add records one dictionary line, if its surface is a name as written in
// Japanese documents: 1–4 kanji (given names may mix in kana: 奈々子,
// アイ子) or, for given names, 2–4 hiragana.
func add(m map[string]*entry, surface, reading string, cost int, ipadic, given bool) {
	if !nameSurface(surface, given) || !katakana(reading) {
		return
	}
	e := m[surface]
	if e == nil {
		e = &entry{surface: surface, unidic: math.MaxInt, ipadic: math.MaxInt, readings: map[string]bool{}}
		m[surface] = e
	}
	if ipadic {
		e.ipadic = min(e.ipadic, cost)
	} else {
		e.unidic = min(e.unidic, cost)
	}
	e.readings[reading] = true
}

func nameSurface(s string, given bool) bool {
	n := utf8.RuneCountInString(s)
	if n < 1 || n > 4 {
		return false
	}
	han, hira, kata := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || r == '々' || r == 'ヶ' || r == '〆':
			han++
		case unicode.Is(unicode.Hiragana, r):
			hira++
		case unicode.Is(unicode.Katakana, r):
			kata++
		default:
			return false
		}
	}
	switch {
	case han == n:
		return true
	case !given:
		return false
	case hira == n:
		return n >= 2
	default:
		return han > 0 && han < n && n >= 2 // 奈々子 is all Han; アイ子, さ都子
	}
}

func katakana(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Katakana, r) && r != 'ー' {
			return false
		}
	}
	return s != ""
}

// write writes the n most probable entries of m to file, gzipped.
func write(file string, m map[string]*entry, n int) (int, error) {
	all := make([]*entry, 0, len(m))
	for _, e := range m {
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b *entry) int {
		if ta, tb := a.tier(), b.tier(); ta != tb {
			return cmpInt(ta, tb)
		}
		if a.unidic != b.unidic {
			return cmpInt(a.unidic, b.unidic)
		}
		if a.ipadic != b.ipadic {
			return cmpInt(a.ipadic, b.ipadic)
		}
		return strings.Compare(a.surface, b.surface)
	})
	all = all[:min(n, len(all))]
	var text bytes.Buffer
	for _, e := range all {
		rs := make([]string, 0, len(e.readings))
		for r := range e.readings {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		fmt.Fprintf(&text, "%s\t%s\n", e.surface, strings.Join(rs, " "))
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(text.Bytes()); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return 0, err
	}
	return len(all), os.WriteFile(file, gz.Bytes(), 0o644)
}

// tier ranks a name by the dictionaries that have it: both (0) before
// UniDic only (1) before IPADIC only (2). A name two dictionaries list
// independently is more likely a common one.
func (e *entry) tier() int {
	switch {
	case e.unidic != math.MaxInt && e.ipadic != math.MaxInt:
		return 0
	case e.unidic != math.MaxInt:
		return 1
	}
	return 2
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
