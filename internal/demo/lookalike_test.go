package demo

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// finder finds candidates of one type the way a scanner would; valid
// rejects the candidates a scanner's validator would reject.
type finder struct {
	typ   string
	re    *regexp.Regexp
	group int // the submatch that is the value
	valid func(string) bool
}

// finders are deliberately broader than the planted shapes, so that an
// unplanted look-alike that a scanner would report shows up here.
func finders() []finder {
	all := func(string) bool { return true }
	return []finder{
		{typeEmail, regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`), 0, all},
		{typeKeyID, regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`), 0, all},
		{typeSecret, regexp.MustCompile(`(?i)aws.{0,25}secret.{0,25}?[^A-Za-z0-9/+]([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`), 1, all},
		{typeSSN, regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`), 0, validSSN},
		{typeCard, regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`), 0, luhnValid},
		{typePrivate, regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)-----END [A-Z0-9 ]+-----`), 0, all},
		{typePhone, regexp.MustCompile(`(?:\+1[-. ]?)?(?:\(\d{3}\) |\b\d{3}[-. ])\d{3}[-. ]\d{4}\b`), 0, all},
		{typePhone, regexp.MustCompile(`\b0\d{1,4}-\d{1,4}-\d{4}\b`), 0, jpPhoneDigits},
		// Bare twelve digits in a table cell (a scanner needs マイナンバー
		// or 個人番号 next to them or over their column).
		{typeMyNumber, regexp.MustCompile(`(?m)(?:^|,)(\d{12})(?:,|\r?$)`), 1, myNumberValid},
		{typeName, jpNamesRE(func(n jpName) string { return n.kanji }, "[ 　]?"), 0, all},
		{typeName, jpNamesRE(func(n jpName) string { return n.kana }, " "), 0, all},
		{typeAddress, jpAddressesRE(), 0, all},
		{typePostalCode, regexp.MustCompile(`〒 ?(\d{3}-\d{4})\b`), 1, all},
	}
}

// TestManifestComplete checks that the manifest lists everything a
// scanner would find: every validated candidate of every type in every
// file is a manifest entry, and there are no others.
func TestManifestComplete(t *testing.T) {
	dir, m := writeDemo(t)
	type span struct {
		Type   string
		Offset int64
		Length int
	}
	want := map[string][]span{}
	for _, p := range m {
		want[p.Key] = append(want[p.Key], span{p.Type, p.Offset, p.Length})
	}
	for _, s := range specs() {
		t.Run(s.key, func(t *testing.T) {
			if s.key == "broken/archive.log.gz" {
				return
			}
			text := decoded(t, dir, s.key)
			got := map[span]bool{}
			for _, f := range finders() {
				for _, loc := range f.re.FindAllSubmatchIndex(text, -1) {
					start, end := loc[2*f.group], loc[2*f.group+1]
					if f.valid(string(text[start:end])) {
						got[span{f.typ, int64(start), end - start}] = true
					}
				}
			}
			planted := map[span]bool{}
			for _, sp := range want[s.key] {
				planted[sp] = true
			}
			if diff := cmp.Diff(planted, got); diff != "" {
				t.Errorf("candidates found in %s differ from the manifest (-manifest +found):\n%s", s.key, diff)
			}
		})
	}
}
