package validate

import (
	"bytes"
	"slices"
)

// ibanLengths is the IBAN length of each country in the SWIFT IBAN
// registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
	"MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
	"NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
	"SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// IBAN validates an International Bank Account Number, written compact or
// in groups separated by single spaces: a registered country code, that
// country's length, two check digits and the ISO 13616 mod-97 checksum.
// The normalized value is the compact upper-case IBAN.
func IBAN(value []byte) ([]byte, bool) {
	v := make([]byte, 0, len(value))
	for _, c := range value {
		switch {
		case c == ' ':
		case 'a' <= c && c <= 'z':
			v = append(v, c-'a'+'A')
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			v = append(v, c)
		default:
			return nil, false
		}
	}
	if len(v) < 15 || ibanLengths[string(v[:2])] != len(v) || !isDigit(v[2]) || !isDigit(v[3]) {
		return v, false
	}
	return v, mod97(append(v[4:len(v):len(v)], v[:4]...)) == 1
}

// mod97 returns the ISO 7064 mod 97-10 remainder of s with letters
// expanded to two digits (A=10 … Z=35).
func mod97(s []byte) int {
	r := 0
	for _, c := range s {
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A'+10)) % 97
		}
	}
	return r
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// USITIN validates a US Individual Taxpayer Identification Number: nine
// digits in 3-2-4 groups (or none) starting with 9, with the middle group
// in 50–65, 70–88, 90–92 or 94–99. The normalized value is the digits.
func USITIN(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 9 || d[0] != '9' || !ssnGrouping(value) {
		return d, false
	}
	g := atoi(d[3:5])
	return d, (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94
}

// NHSNumber validates a UK NHS number: ten digits (3-3-4 groups allowed)
// whose last digit is the modulus 11 check digit of the first nine.
func NHSNumber(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 10 || repetitive(d) {
		return d, false
	}
	sum := 0
	for i := range 9 {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return d, check != 10 && check == int(d[9]-'0')
}

// ninoBadPrefixes are prefixes HMRC never allocates.
var ninoBadPrefixes = []string{"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

// UKNINO validates a UK National Insurance number: two prefix letters
// (neither D, F, I, Q, U or V, the second not O, and not BG, GB, KN, NK,
// NT, TN or ZZ), six digits and a suffix A–D, with optional spaces. The
// normalized value is compact and upper-case.
func UKNINO(value []byte) ([]byte, bool) {
	v := asciiUpper(bytes.ReplaceAll(value, []byte(" "), nil))
	if len(v) != 9 {
		return v, false
	}
	p1, p2 := v[0], v[1]
	switch {
	case bytes.IndexByte([]byte("DFIQUV"), p1) >= 0, bytes.IndexByte([]byte("DFIOQUV"), p2) >= 0:
		return v, false
	case slices.Contains(ninoBadPrefixes, string(v[:2])), v[8] < 'A' || v[8] > 'D':
		return v, false
	}
	for _, c := range v[2:8] {
		if !isDigit(c) {
			return v, false
		}
	}
	return v, !repetitive(v[2:8])
}

// ABARouting validates a US ABA routing transit number: nine digits with
// a valid Federal Reserve prefix (00–12, 21–32, 61–72, 80) and the
// 3-7-1 weighted checksum.
func ABARouting(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 9 || len(value) != 9 || repetitive(d) {
		return d, false
	}
	p := atoi(d[:2])
	if !(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return d, false
	}
	sum := 0
	for i, c := range d {
		sum += int(c-'0') * [3]int{3, 7, 1}[i%3]
	}
	return d, sum%10 == 0
}

// JPMyNumber validates a Japanese Individual Number (マイナンバー): twelve
// digits (4-4-4 groups allowed) whose last is the check digit of the first
// eleven under the formula of the Individual Number Act's ordinance.
func JPMyNumber(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 12 || repetitive(d) {
		return d, false
	}
	sum := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += int(d[11-n]-'0') * q
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return d, check == int(d[11]-'0')
}

// JPCorporateNumber validates a Japanese Corporate Number (法人番号):
// thirteen digits whose first is the check digit 9 − (Σ Pn×Qn mod 9) of
// the other twelve, Qn alternating 1 and 2 from the lowest digit.
func JPCorporateNumber(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 13 || repetitive(d[1:]) {
		return d, false
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += int(d[13-n]-'0') * q
	}
	return d, 9-sum%9 == int(d[0]-'0')
}

// NPI validates a US National Provider Identifier: ten digits starting 1
// or 2 that pass the Luhn check with the 80840 prefix.
func NPI(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 10 || (d[0] != '1' && d[0] != '2') || repetitive(d) {
		return d, false
	}
	return d, Luhn(append([]byte("80840"), d...))
}

// SWIFTBIC validates a SWIFT/BIC code: four bank letters, an IBAN-registry
// or other ISO country code, a two-character location and an optional
// three-character branch, all upper case; test BICs (location ending in 0)
// are accepted.
func SWIFTBIC(value []byte) ([]byte, bool) {
	if len(value) != 8 && len(value) != 11 {
		return value, false
	}
	for _, c := range value[:6] {
		if c < 'A' || c > 'Z' {
			return value, false
		}
	}
	cc := string(value[4:6])
	_, iban := ibanLengths[cc]
	return value, iban || slices.Contains(otherCountries, cc)
}

// otherCountries are ISO 3166 codes of large economies without IBANs.
var otherCountries = []string{"US", "CA", "JP", "CN", "HK", "SG", "AU", "NZ", "IN", "KR", "TW", "MX", "AR",
	"CL", "CO", "PE", "ZA", "NG", "KE", "ID", "MY", "TH", "PH", "VN"}

// USEIN validates a US Employer Identification Number: NN-NNNNNNN (or nine
// digits) whose two-digit prefix is one the IRS assigns (not 00, 07–09,
// 17–19, 28–29, 49, 69–70, 78–79, 89, 96–97) and whose serial is not
// repetitive. The normalized value is the digits.
func USEIN(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 9 || repetitive(d[2:]) {
		return d, false
	}
	switch atoi(d[:2]) {
	case 0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97:
		return d, false
	}
	return d, true
}
