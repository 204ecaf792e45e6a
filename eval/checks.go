package eval

import (
	"hash/crc32"
	"math/rand/v2"
	"strconv"
	"strings"
)

// The check-digit schemes below are written from the public format
// specifications, not taken from the detectors, so that the corpus tests
// the detectors rather than agreeing with them by construction.

const (
	digits   = "0123456789"
	upper    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lower    = "abcdefghijklmnopqrstuvwxyz"
	base62   = digits + upper + lower
	base64s  = upper + lower + digits + "+/"
	base64u  = upper + lower + digits + "-_"
	hexLower = "0123456789abcdef"
	base32   = upper + "234567"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randFrom(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randDigits(r *rand.Rand, n int) string { return randFrom(r, digits, n) }

// luhnDigit returns the digit that makes payload+digit pass the Luhn check.
func luhnDigit(payload string) byte {
	sum := 0
	double := true // the check digit will be rightmost, so the last payload digit is doubled
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

func luhnValid(num string) bool {
	return len(num) > 1 && luhnDigit(num[:len(num)-1]) == num[len(num)-1]
}

// cardNumber returns a Luhn-valid number with a real issuer prefix.
func cardNumber(r *rand.Rand) string {
	type issuer struct {
		prefixes []string
		length   int
	}
	issuers := []issuer{
		{[]string{"4"}, 16},
		{[]string{"51", "52", "53", "54", "55", "2221", "2500", "2720"}, 16},
		{[]string{"34", "37"}, 15},
		{[]string{"6011", "65", "644"}, 16},
		{[]string{"3528", "3566", "3589"}, 16},
		{[]string{"36", "300", "305"}, 14},
	}
	is := pick(r, issuers)
	p := pick(r, is.prefixes)
	body := p + randDigits(r, is.length-len(p)-1)
	return body + string(luhnDigit(body))
}

// groupCard writes a card number in the groups its length uses.
func groupCard(num, sep string) string {
	var groups []int
	switch len(num) {
	case 15:
		groups = []int{4, 6, 5}
	case 14:
		groups = []int{4, 6, 4}
	default:
		groups = []int{4, 4, 4, 4}
	}
	var parts []string
	i := 0
	for _, g := range groups {
		parts = append(parts, num[i:i+g])
		i += g
	}
	return strings.Join(parts, sep)
}

// badLuhn returns a 16-digit number that fails the Luhn check.
func badLuhn(r *rand.Rand) string {
	for {
		n := pick(r, []string{"4", "5", "6"}) + randDigits(r, 15)
		if !luhnValid(n) {
			return n
		}
	}
}

// ibanSpec is a country's BBAN layout: n digits, a upper-case letters,
// c alphanumerics.
var ibanSpecs = map[string]string{
	"DE": "8n10n", "GB": "4a6n8n", "FR": "5n5n11c2n", "NL": "4a10n", "ES": "4n4n1n1n10n",
	"IT": "1a5n5n12c", "BE": "3n7n2n", "CH": "5n12c", "AT": "5n11n", "PL": "8n16n",
	"IE": "4a6n8n", "SE": "3n16n1n", "DK": "4n9n1n", "FI": "3n11n",
}

func ibanCheck(cc, bban string) string {
	s := bban + cc + "00"
	rem := 0
	for _, c := range s {
		var v int
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else {
			v = int(c-'A') + 10
		}
		if v >= 10 {
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + v) % 97
		}
	}
	chk := 98 - rem
	return cc + strconv.Itoa(chk/10) + strconv.Itoa(chk%10)
}

func iban(r *rand.Rand) string {
	ccs := []string{"DE", "GB", "FR", "NL", "ES", "IT", "BE", "CH", "AT", "PL", "IE", "SE", "DK", "FI"}
	cc := pick(r, ccs)
	spec := ibanSpecs[cc]
	var b strings.Builder
	for i := 0; i < len(spec); {
		j := i
		for spec[j] >= '0' && spec[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(spec[i:j])
		switch spec[j] {
		case 'n':
			b.WriteString(randDigits(r, n))
		case 'a':
			b.WriteString(randFrom(r, upper, n))
		case 'c':
			b.WriteString(randFrom(r, upper+digits, n))
		}
		i = j + 1
	}
	bban := b.String()
	return ibanCheck(cc, bban) + bban
}

func groupFour(s string) string {
	var parts []string
	for i := 0; i < len(s); i += 4 {
		parts = append(parts, s[i:min(i+4, len(s))])
	}
	return strings.Join(parts, " ")
}

// badIBAN changes one digit of a valid IBAN so that mod-97 fails.
func badIBAN(r *rand.Rand) string {
	v := []byte(iban(r))
	i := len(v) - 1
	for v[i] < '0' || v[i] > '9' {
		i--
	}
	v[i] = '0' + (v[i]-'0'+1+byte(r.IntN(8)))%10
	return string(v)
}

func ssn(r *rand.Rand) string {
	for {
		area := 1 + r.IntN(899)
		if area == 666 || area == 78 || area == 219 || area == 123 {
			continue
		}
		group := 1 + r.IntN(99)
		serial := 1 + r.IntN(9999)
		return pad(area, 3) + "-" + pad(group, 2) + "-" + pad(serial, 4)
	}
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

func itin(r *rand.Rand) string {
	mids := []int{}
	for m := 50; m <= 65; m++ {
		mids = append(mids, m)
	}
	for m := 70; m <= 88; m++ {
		mids = append(mids, m)
	}
	mids = append(mids, 90, 91, 92, 94, 95, 96, 97, 98, 99)
	return "9" + randDigits(r, 2) + "-" + pad(pick(r, mids), 2) + "-" + pad(1+r.IntN(9999), 4)
}

func nino(r *rand.Rand) string {
	bad1, bad2 := "DFIQUV", "DFIOQUV"
	badPairs := []string{"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
	for {
		a, b := upper[r.IntN(26)], upper[r.IntN(26)]
		p := string([]byte{a, b})
		if strings.IndexByte(bad1, a) >= 0 || strings.IndexByte(bad2, b) >= 0 || contains(badPairs, p) {
			continue
		}
		return p + randDigits(r, 6) + string("ABCD"[r.IntN(4)])
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func spaceNINO(n string) string {
	return n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:8] + " " + n[8:]
}

// nhs returns a ten-digit NHS number with a valid modulus-11 check digit.
func nhs(r *rand.Rand, valid bool) string {
	for {
		d := pick(r, []string{"4", "6", "9"}) + randDigits(r, 8)
		sum := 0
		for i := 0; i < 9; i++ {
			sum += int(d[i]-'0') * (10 - i)
		}
		chk := 11 - sum%11
		if chk == 11 {
			chk = 0
		}
		if chk == 10 {
			continue
		}
		if !valid { // any other last digit fails the check
			chk = (chk + 1 + r.IntN(9)) % 10
		}
		return d + strconv.Itoa(chk)
	}
}

// myNumber returns a Japanese Individual Number (12 digits, the last a
// check digit over the other eleven).
func myNumber(r *rand.Rand) string {
	base := randDigits(r, 11)
	sum := 0
	for n := 1; n <= 11; n++ {
		p := int(base[11-n] - '0')
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += p * q
	}
	rem := sum % 11
	chk := 0
	if rem > 1 {
		chk = 11 - rem
	}
	return base + strconv.Itoa(chk)
}

// corporateNumber returns a Japanese Corporate Number (13 digits, the
// first a check digit over the other twelve).
func corporateNumber(r *rand.Rand) string {
	base := pick(r, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}) + randDigits(r, 11)
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(base[12-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return strconv.Itoa(9-sum%9) + base
}

func encodeBase62(v uint32, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = base62[v%62]
		v /= 62
	}
	return string(b)
}

// checksummedToken is GitHub's token format (also npm's): 30 random base62
// characters and a 6-character base62 CRC32 of them.
func checksummedToken(r *rand.Rand, prefix string) string {
	body := randFrom(r, base62, 30)
	return prefix + body + encodeBase62(crc32.ChecksumIEEE([]byte(body)), 6)
}

func isbn13(r *rand.Rand) string {
	body := "978" + randDigits(r, 9)
	sum := 0
	for i, c := range body {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(c-'0') * w
	}
	chk := (10 - sum%10) % 10
	return body[:3] + "-" + body[3:4] + "-" + body[4:8] + "-" + body[8:] + "-" + strconv.Itoa(chk)
}
