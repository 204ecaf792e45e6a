package validate

import (
	"bytes"
	"net/netip"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// Phone validates a telephone number with libphonenumber's metadata
// (github.com/nyaruka/phonenumbers): a number with a leading '+' is parsed
// in its own country, any other as a US/NANP number; it must be a valid
// number for its region, not just possible. The normalized value is the
// number's digits.
func Phone(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) < 7 || len(d) > 15 || repetitive(d) {
		return d, false
	}
	region := "US"
	if bytes.HasPrefix(bytes.TrimSpace(value), []byte("+")) {
		region = ""
	}
	if (region == "US" || d[0] == '1') && !nanp(d) {
		return d, false // most candidates fail here, before the costly parse
	}
	num, err := phonenumbers.Parse(string(value), region)
	if err != nil {
		return d, false
	}
	return d, phonenumbers.IsValidNumber(num)
}

// PhoneGrouped is Phone for numbers found from their digit groups alone,
// with no label: ten digits in 3-3-4 groups separated by spaces only is
// also how NHS numbers and other ten-digit ids are written, so that form
// counts only with a + country code (or, through another identifier,
// next to a phone label).
func PhoneGrouped(value []byte) ([]byte, bool) {
	v := bytes.TrimSpace(value)
	if len(v) > 0 && v[0] != '+' && bytes.IndexByte(v, '-') < 0 && bytes.IndexByte(v, ' ') >= 0 && len(digits(v)) == 10 {
		return digits(v), false
	}
	return Phone(value)
}

// PhoneJP validates a Japanese telephone number written in the national
// format (0 + area code …, or +81), with libphonenumber's metadata. The
// number must start with the trunk prefix 0 (after an opening
// parenthesis, as in (03)1234-5678) or with +81: a North American
// 2025550143 parses as a valid Japanese national number too.
func PhoneJP(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) < 10 || len(d) > 13 || repetitive(d[1:]) || !jpTrunk(value) {
		return d, false
	}
	num, err := phonenumbers.Parse(string(value), "JP")
	if err != nil {
		return d, false
	}
	return d, phonenumbers.IsValidNumber(num) && phonenumbers.GetRegionCodeForNumber(num) == "JP"
}

// jpTrunk reports whether a phone number starts the Japanese way: with
// the trunk prefix 0, possibly inside a parenthesis, or with +81.
func jpTrunk(value []byte) bool {
	v := bytes.TrimLeft(value, " (")
	return len(v) > 0 && v[0] == '0' || bytes.HasPrefix(v, []byte("+81"))
}

// dateLayouts are the date forms a birth date is written in.
var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006.01.02", "01/02/2006", "1/2/2006", "01-02-2006", "02.01.2006",
	"2.1.2006", "January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006", "January 2 2006",
	"Jan. 2, 2006", "20060102", "2006年1月2日", "2006年01月02日",
}

// BirthDate validates a date of birth: a real calendar date in one of the
// common layouts (ISO, US month-first, European day-first, month names,
// Japanese 年月日), between 1900 and today. Day-first dates that are not
// valid month-first are tried as such. The normalized value is the date as
// written.
func BirthDate(value []byte) ([]byte, bool) {
	s := string(bytes.TrimSpace(value))
	for _, l := range append(dateLayouts, "02/01/2006", "2/1/2006") {
		t, err := time.Parse(l, s)
		if err == nil {
			return value, t.Year() >= 1900 && t.Before(time.Now())
		}
	}
	return value, false
}

// CardExpiration validates a payment card expiry date MM/YY, MM-YY,
// MM/YYYY or MM-YYYY with a month 01–12 and a year 2000–2099.
func CardExpiration(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 4 && len(d) != 6 {
		return d, false
	}
	m := atoi(d[:2])
	if len(d) == 6 && d[2] != '2' || len(d) == 6 && d[3] != '0' {
		return d, false
	}
	return d, m >= 1 && m <= 12
}

// IPv4 validates a dotted-quad IPv4 address: four decimal octets 0–255
// without leading zeros; 0.0.0.0 and addresses that look like version
// numbers (all octets below 10, as in 1.2.3.4) are rejected.
func IPv4(value []byte) ([]byte, bool) {
	a, err := netip.ParseAddr(string(value))
	if err != nil || !a.Is4() || a.IsUnspecified() {
		return value, false
	}
	b := a.As4()
	return value, b[0] >= 10 || b[1] >= 10 || b[2] >= 10 || b[3] >= 10
}

// IPv6 validates an IPv6 address (full, compressed or with an embedded
// IPv4 part) that has at least two colons and four hex digits and is not
// the unspecified or loopback address (so "::f" in code is not one).
func IPv6(value []byte) ([]byte, bool) {
	a, err := netip.ParseAddr(string(value))
	if err != nil || !a.Is6() || a.IsUnspecified() || a.IsLoopback() || a.Is4In6() {
		return value, false
	}
	hex := 0
	for _, c := range value {
		if c != ':' && c != '.' {
			hex++
		}
	}
	return value, bytes.Count(value, []byte(":")) >= 2 && hex >= 4
}

// vinValues and vinWeights are the ISO 3779 / FMVSS 115 transliteration
// values and position weights of a vehicle identification number.
var (
	vinValues  = [256]int{'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8, 'J': 1, 'K': 2, 'L': 3, 'M': 4, 'N': 5, 'P': 7, 'R': 9, 'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6, 'X': 7, 'Y': 8, 'Z': 9}
	vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
)

// VIN validates a 17-character North American vehicle identification
// number (no I, O or Q) with its check digit in position 9.
func VIN(value []byte) ([]byte, bool) {
	if len(value) != 17 {
		return value, false
	}
	sum := 0
	for i, c := range value {
		v := vinValues[c]
		switch {
		case isDigit(c):
			v = int(c - '0')
		case v == 0:
			return value, false
		}
		sum += v * vinWeights[i]
	}
	check := byte('0' + sum%11)
	if sum%11 == 10 {
		check = 'X'
	}
	return value, value[8] == check && !repetitive(value)
}

// NotPlaceholder accepts values that are not a documentation or template
// placeholder (xxxx, <...>, ${...}, changeme, example) or one repeated or
// sequential character run.
func NotPlaceholder(value []byte) ([]byte, bool) {
	return value, !placeholder(value)
}

// AlnumID accepts an identifier made of letters and digits that holds at
// least one digit and is not repetitive or a placeholder; used for
// licence and passport numbers that have no checksum.
func AlnumID(value []byte) ([]byte, bool) {
	v := asciiUpper(bytes.ReplaceAll(bytes.ReplaceAll(value, []byte(" "), nil), []byte("-"), nil))
	if len(v) < 5 || placeholder(v) || repetitive(digits(v)) {
		return v, false
	}
	return v, len(digits(v)) > 0
}

// asciiUpper returns b with ASCII letters upper-cased, in a new slice of
// the same length (bytes.ToUpper would expand invalid UTF-8).
func asciiUpper(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// nanp reports whether digits d (10, or 11 starting with 1) have the North
// American Numbering Plan shape: area code and exchange NXX with N 2–9,
// neither an N11 service code, the area code's middle digit not 9
// (reserved for expansion) and the area code not 555.
func nanp(d []byte) bool {
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) != 10 {
		return false
	}
	nxx := func(b []byte) bool { return b[0] >= '2' && !(b[1] == '1' && b[2] == '1') }
	// 555 is not an area code: +1-555-… numbers are fiction.
	return nxx(d[:3]) && d[1] != '9' && string(d[:3]) != "555" && nxx(d[3:6])
}
