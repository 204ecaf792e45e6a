package validate

import (
	"bytes"
	"time"
)

// JPPostalCode validates a Japanese postal code (郵便番号): seven digits,
// written 123-4567 or 1234567, not one digit repeated. The normalized value
// is the seven digits.
func JPPostalCode(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 7 || bytes.Count(d, d[:1]) == len(d) {
		return d, false
	}
	return d, true
}

// JPBankAccount validates a Japanese bank account number: the seven-digit
// account number (口座番号) alone, after a three-digit branch number
// (支店番号, 123-1234567), or after a four-digit bank code and the branch
// (0001-123-1234567). The account number must not be one repeated digit or
// a plain ascending or descending run. The normalized value is the digits.
func JPBankAccount(value []byte) ([]byte, bool) {
	d := digits(value)
	switch len(d) {
	case 7, 10, 14:
		return d, !repetitive(d[len(d)-7:])
	}
	return d, false
}

// jpSafetyCommissions are the codes of the prefectural public safety
// commissions (公安委員会) that issue driver's licenses, the first two
// digits of a license number: 10–14 the five Hokkaido areas (Sapporo,
// Hakodate, Asahikawa, Kushiro, Kitami), 20–25 Tohoku, 30 Tokyo, 40–49
// Kanto and Koshinetsu, 50–55 Chubu, 60–65 Kinki, 70–74 Chugoku, 80–83
// Shikoku, 90–97 Kyushu and Okinawa.
var jpSafetyCommissions = func() (t [100]bool) {
	for _, r := range [][2]int{{10, 14}, {20, 25}, {30, 30}, {40, 49}, {50, 55}, {60, 65}, {70, 74}, {80, 83}, {90, 97}} {
		for c := r[0]; c <= r[1]; c++ {
			t[c] = true
		}
	}
	return t
}()

// JPDriverLicense validates a Japanese driver's license number
// (運転免許証番号): twelve digits, 4-4-4 groups allowed, whose first two are the code
// of the public safety commission that first issued it (10 Sapporo … 30
// Tokyo … 97 Okinawa), and which are not one repeated digit or a plain
// run. The two digits that follow are the year of first issue and take any
// value; the check digit's algorithm is not published, so it is not
// checked. The normalized value is the twelve digits.
func JPDriverLicense(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 12 || repetitive(d) {
		return d, false
	}
	return d, jpSafetyCommissions[int(d[0]-'0')*10+int(d[1]-'0')]
}

// era is a Japanese era (元号) of the calendar used for dates of birth:
// its names, and the Gregorian dates of its first and last day.
type era struct {
	kanji       string
	letter      byte // the abbreviation in dates such as S60.4.1
	first, last time.Time
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// eras are the modern eras, from the calendar reform of Meiji 6 (1873)
// on; Reiwa has no end yet.
var eras = []era{
	{"明治", 'M', ymd(1868, 1, 25), ymd(1912, 7, 29)},
	{"大正", 'T', ymd(1912, 7, 30), ymd(1926, 12, 24)},
	{"昭和", 'S', ymd(1926, 12, 25), ymd(1989, 1, 7)},
	{"平成", 'H', ymd(1989, 1, 8), ymd(2019, 4, 30)},
	{"令和", 'R', ymd(2019, 5, 1), ymd(9999, 12, 31)},
}

// JPBirthDate validates a date of birth written the Japanese way: in the
// Western calendar (1985年4月1日, 1985/04/01, 1985-4-1, 1985.4.1) or in
// an era (和暦: 昭和60年4月1日, 平成元年1月8日, 令和2年5月1日, S60.4.1,
// H1/4/1, R2-04-01; 元 is year 1). The date must exist, lie within its
// era (昭和64年1月8日 does not), and be between 1900 and today. The
// normalized value is the date as written.
func JPBirthDate(value []byte) ([]byte, bool) {
	v := bytes.TrimSpace(value)
	var e *era
	for i := range eras {
		switch {
		case bytes.HasPrefix(v, []byte(eras[i].kanji)):
			e, v = &eras[i], v[len(eras[i].kanji):]
		case len(v) > 0 && (v[0] == eras[i].letter || v[0] == eras[i].letter+'a'-'A'):
			e, v = &eras[i], v[1:]
		}
		if e != nil {
			break
		}
	}
	y, m, d, ok := splitDate(v, e != nil)
	if !ok {
		return value, false
	}
	if e != nil {
		y += e.first.Year() - 1
	}
	t := ymd(y, time.Month(m), d)
	if t.Year() != y || t.Month() != time.Month(m) || t.Day() != d {
		return value, false // 2月30日 and the like
	}
	if e != nil && (t.Before(e.first) || t.After(e.last)) {
		return value, false
	}
	return value, y >= 1900 && t.Before(time.Now())
}

// splitDate reads year, month and day from "Y年M月D日" or "Y<sep>M<sep>D"
// with one separator of / . - throughout. An era year has one or two
// digits (or is 元, year 1); a Western year four.
func splitDate(v []byte, eraYear bool) (y, m, d int, ok bool) {
	var parts [3]int
	var seps [3]string
	for k := range 3 {
		n, size := 0, 0
		if k == 0 && eraYear && bytes.HasPrefix(v, []byte("元")) {
			n, size = 1, len("元")
		} else {
			for size < len(v) && size < 4 && isDigit(v[size]) {
				n = n*10 + int(v[size]-'0')
				size++
			}
			if size == 0 || k == 0 && (eraYear && size > 2 || !eraYear && size != 4) || k > 0 && size > 2 {
				return 0, 0, 0, false
			}
		}
		parts[k], v = n, v[size:]
		for _, s := range [...]string{"年", "月", "日", "/", ".", "-"} {
			if bytes.HasPrefix(v, []byte(s)) {
				seps[k], v = s, v[len(s):]
				break
			}
		}
	}
	kanji := seps == [3]string{"年", "月", "日"}
	same := seps[0] != "" && seps[0] == seps[1] && seps[2] == "" && len(seps[0]) == 1
	if len(v) != 0 || !kanji && !same {
		return 0, 0, 0, false
	}
	return parts[0], parts[1], parts[2], true
}
