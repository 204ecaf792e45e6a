package validate

// Luhn reports whether the digit string d passes the Luhn (mod 10)
// checksum. d must hold ASCII digits only.
func Luhn(d []byte) bool {
	if len(d) == 0 {
		return false
	}
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if n < 0 || n > 9 {
			return false
		}
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// LuhnDigits normalizes value to its digits and checks the Luhn sum.
func LuhnDigits(value []byte) ([]byte, bool) {
	d := digits(value)
	return d, len(d) >= 2 && Luhn(d)
}

// issuer is a card brand's IIN prefix range and allowed lengths.
type issuer struct {
	lo, hi  int // inclusive range of the first n digits
	n       int // how many leading digits lo/hi cover
	lengths []int
}

// issuers covers the major networks' public IIN ranges.
var issuers = []issuer{
	{4, 4, 1, []int{13, 16, 19}},                           // Visa
	{51, 55, 2, []int{16}},                                 // Mastercard
	{2221, 2720, 4, []int{16}},                             // Mastercard 2-series
	{34, 34, 2, []int{15}},                                 // American Express
	{37, 37, 2, []int{15}},                                 // American Express
	{6011, 6011, 4, []int{16, 19}},                         // Discover
	{644, 649, 3, []int{16, 19}},                           // Discover
	{65, 65, 2, []int{16, 19}},                             // Discover
	{3528, 3589, 4, []int{16, 17, 18, 19}},                 // JCB
	{300, 305, 3, []int{14, 16, 19}},                       // Diners Club
	{36, 36, 2, []int{14, 16, 19}},                         // Diners Club
	{38, 39, 2, []int{14, 16, 19}},                         // Diners Club
	{62, 62, 2, []int{16, 17, 18, 19}},                     // UnionPay
	{5018, 5018, 4, []int{12, 13, 14, 15, 16, 17, 18, 19}}, // Maestro
	{5020, 5020, 4, []int{12, 13, 14, 15, 16, 17, 18, 19}}, // Maestro
	{5038, 5038, 4, []int{12, 13, 14, 15, 16, 17, 18, 19}}, // Maestro
	{6304, 6304, 4, []int{12, 13, 14, 15, 16, 17, 18, 19}}, // Maestro
	{6759, 6759, 4, []int{12, 13, 14, 15, 16, 17, 18, 19}}, // Maestro
	{2200, 2204, 4, []int{16, 17, 18, 19}},                 // Mir
}

// knownIssuer reports whether the digits d start with a known IIN range
// that allows d's length.
func knownIssuer(d []byte) bool {
	for _, is := range issuers {
		if len(d) < is.n {
			continue
		}
		p := 0
		for _, c := range d[:is.n] {
			p = p*10 + int(c-'0')
		}
		if p < is.lo || p > is.hi {
			continue
		}
		for _, l := range is.lengths {
			if l == len(d) {
				return true
			}
		}
	}
	return false
}

// CreditCard validates a payment card number written as digits with
// optional single spaces or dashes: a known issuer prefix and length, the
// Luhn checksum and consistent separators in the usual groupings. Well-known
// test numbers (4111 1111 1111 1111) are valid: they are still card numbers
// to report, and an allow list can silence them. The normalized value is
// the digit string.
func CreditCard(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) < 12 || len(d) > 19 || !knownIssuer(d) || !Luhn(d) {
		return d, false
	}
	return d, groupedLikeCard(value, len(d))
}

// groupedLikeCard accepts no separators at all, or one kind of separator
// between groups of 4 (4-6-5 and 4-6-4 for American Express and Diners).
func groupedLikeCard(value []byte, n int) bool {
	var sep byte
	var groups []int
	run := 0
	for _, c := range value {
		if '0' <= c && c <= '9' {
			run++
			continue
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return false
		}
		groups = append(groups, run)
		run = 0
	}
	if sep == 0 {
		return true
	}
	groups = append(groups, run)
	switch {
	case equalInts(groups, []int{4, 6, 5}) && n == 15, equalInts(groups, []int{4, 6, 4}) && n == 14:
		return true
	}
	for i, g := range groups {
		if g != 4 && !(i == len(groups)-1 && g >= 1 && g <= 4) {
			return false
		}
	}
	return true
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
