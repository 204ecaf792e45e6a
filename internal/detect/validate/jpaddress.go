package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// JPPrefectures are Japan's 47 prefectures (都道府県), in the order of
// their JIS X 0401 codes (01 北海道 … 47 沖縄県).
var JPPrefectures = []string{
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
}

// jpPrefecture returns the prefecture that s starts with, or "".
func jpPrefecture(s string) string {
	for _, p := range JPPrefectures {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

// JPAddress validates a Japanese postal address: a prefecture (one of the
// 47) or none, then a municipality — a name of one to six characters
// ending in 市, 区, 町, 村 or 郡 — and a block number somewhere after it
// (1-1, 三丁目1番3号, 北1条西2丁目: the pattern found it). A value without a
// prefecture comes only after an address label (住所, 所在地). The
// normalized value has no spaces and ASCII digits.
func JPAddress(value []byte) ([]byte, bool) {
	v := strings.NewReplacer(" ", "", "\u3000", "").Replace(string(value))
	rest := strings.TrimPrefix(v, jpPrefecture(v))
	if !jpMunicipality(rest) || !strings.ContainsFunc(rest, jpNumeral) || particleBeforeNumber(rest) {
		return value, false
	}
	return []byte(foldDigits(v)), true
}

// particleBeforeNumber reports whether the first Arabic number of s comes
// right after a particle or 第: 港区で2026-11-29 is a date in prose, not a
// block number (town names end in kanji or kana such as 丘, 台, みらい).
func particleBeforeNumber(s string) bool {
	i := strings.IndexFunc(s, unicode.IsDigit)
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	// 第 makes an ordinal (第2-3四半期), except in Iwate's 第2地割.
	return strings.ContainsRune("でにはをがとへもやよりらの", r) || r == '第' && !strings.Contains(s, "地割")
}

// jpMunicipality reports whether s starts with a municipality: one to six
// name characters (kanji, kana) and 市, 区, 町, 村 or 郡.
func jpMunicipality(s string) bool {
	n := 0
	for _, r := range s {
		if n >= 1 && strings.ContainsRune("市区町村郡", r) {
			return true
		}
		if n == 7 || !(IsJPNameRune(r) || isHiragana(r) || isKatakana(r)) {
			return false
		}
		n++
	}
	return false
}

// jpNumeral reports whether r is a digit, ASCII, full-width or kanji.
func jpNumeral(r rune) bool {
	return unicode.IsDigit(r) || strings.ContainsRune("一二三四五六七八九十〇", r)
}

// foldDigits turns full-width digits into ASCII ones.
func foldDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return '０' <= r && r <= '９' }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if '０' <= r && r <= '９' {
			r = '0' + (r - '０')
		}
		b.WriteRune(r)
	}
	return b.String()
}
