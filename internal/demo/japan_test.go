package demo

import (
	"regexp"
	"strings"
	"testing"
)

var (
	jpPhoneRE   = regexp.MustCompile(`^0\d{1,4}-\d{1,4}-\d{4}$`)
	jpPostalRE  = regexp.MustCompile(`^\d{3}-\d{4}$`)
	jpKanjiName = regexp.MustCompile(`^\p{Han}{1,4}[ 　]?\p{Han}{1,4}$`)
	jpKanaName  = regexp.MustCompile(`^\p{Katakana}{2,8} \p{Katakana}{1,8}$`)
	jpAddressRE = regexp.MustCompile(`^(?:北海道|東京都|大阪府|京都府|\p{Han}{2,3}県)[\p{Han}\p{Hiragana}]{1,6}[市区町村]\p{Han}`)
)

// myNumberValid reports whether twelve digits (spaces and hyphens aside)
// carry a valid My Number check digit.
func myNumberValid(s string) bool {
	d := strings.NewReplacer(" ", "", "-", "").Replace(s)
	if len(d) != 12 {
		return false
	}
	sum := 0
	for i, w := range []int{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2} {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
		sum += int(d[i]-'0') * w
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return int(d[11]-'0') == check
}

// checkJapanese returns what is wrong with a planted Japanese name or
// address, or "".
func checkJapanese(typ, v string) string {
	switch {
	case typ == typeName && !jpKanjiName.MatchString(v) && !jpKanaName.MatchString(v):
		return "not a name in kanji or katakana"
	case typ == typeAddress && !jpAddressRE.MatchString(v):
		return "no prefecture, municipality and town"
	}
	return ""
}

func TestMyNumberCheckDigit(t *testing.T) {
	tests := map[string]bool{"123456789018": true, "123456789019": false, "1234 5678 9018": true}
	for v, want := range tests {
		if got := myNumberValid(v); got != want {
			t.Errorf("myNumberValid(%q) = %v, want %v", v, got, want)
		}
	}
	g := newGen(newTables(), seed, "t")
	for range 100 {
		if n := g.myNumber(); !myNumberValid(n) {
			t.Fatalf("myNumber() = %s…, fails its check digit", n[:4])
		}
	}
}

// TestJapaneseFiles checks that the Japanese files plant every kind of
// value they promise, and that the staff register is not UTF-8.
func TestJapaneseFiles(t *testing.T) {
	dir, m := writeDemo(t)
	got := map[string]map[string]int{}
	for _, p := range m {
		if strings.HasPrefix(p.Key, "jp/") {
			if got[p.Key] == nil {
				got[p.Key] = map[string]int{}
			}
			got[p.Key][p.Type]++
		}
	}
	for _, s := range japanSpecs() {
		for _, typ := range []string{typeName, typeAddress, typePhone} {
			if got[s.key][typ] == 0 {
				t.Errorf("%s plants no %s", s.key, typ)
			}
		}
	}
	if got["jp/hr/shain-meibo-2026.csv"][typeMyNumber] == 0 {
		t.Errorf("the staff register plants no My Number")
	}
	if text := decoded(t, dir, "jp/hr/shain-meibo-2026.csv"); !strings.HasPrefix(string(text), "社員番号,氏名") {
		t.Errorf("staff register decodes to %q…, want the Shift_JIS header 社員番号,氏名", text[:min(len(text), 20)])
	}
}

// jpNamesRE matches every surname of the data set's lists followed by
// every given name, in kanji or kana (form), with sep between them:
// wherever the files write one of their people, planted or not.
func jpNamesRE(form func(jpName) string, sep string) *regexp.Regexp {
	alt := func(list []jpName) string {
		var parts []string
		for _, n := range list {
			parts = append(parts, regexp.QuoteMeta(form(n)))
		}
		return "(?:" + strings.Join(parts, "|") + ")"
	}
	return regexp.MustCompile(alt(jpSurnames) + sep + alt(jpGiven))
}

// jpAddressesRE matches every town of the data set followed by a block
// number in any notation the files use.
func jpAddressesRE() *regexp.Regexp {
	var towns []string
	for _, t := range jpTowns {
		towns = append(towns, regexp.QuoteMeta(t))
	}
	n := `[0-9０-９]+`
	return regexp.MustCompile(`(?:` + strings.Join(towns, "|") + `)` + n +
		`(?:丁目` + n + `番(?:地|` + n + `号)|[-－]` + n + `[-－]` + n + `)`)
}

// jpPhoneDigits reports whether a number has the ten or eleven digits of a
// Japanese phone number (an SSN such as 012-34-5678 has nine).
func jpPhoneDigits(s string) bool {
	n := strings.Count(s, "") - 1 - strings.Count(s, "-")
	return n == 10 || n == 11
}
