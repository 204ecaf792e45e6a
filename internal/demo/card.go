package demo

import (
	"strconv"
	"strings"
)

// Card networks of the planted card numbers.
const (
	visa       = "Visa"
	mastercard = "Mastercard"
	amex       = "Amex"
	discover   = "Discover"
	jcb        = "JCB"
)

// networks lists the card networks in the order gen.network draws them.
func networks() []string { return []string{visa, mastercard, amex, discover, jcb} }

// cardPrefix returns an issuer prefix of the network.
func (g *gen) cardPrefix(network string) string {
	switch network {
	case mastercard:
		if g.chance(0.3) {
			return strconv.Itoa(g.n(2221, 2720))
		}
		return strconv.Itoa(g.n(51, 55))
	case amex:
		return g.pick([]string{"34", "37"})
	case discover:
		return g.pick([]string{"6011", "65", strconv.Itoa(g.n(644, 649))})
	case jcb:
		return strconv.Itoa(g.n(3528, 3589))
	default:
		return "4"
	}
}

// card returns a Luhn-valid card number of the network, digits only.
func (g *gen) card(network string) string {
	length := 16
	if network == amex {
		length = 15
	}
	body := g.cardPrefix(network)
	body += g.token("0123456789", length-1-len(body))
	return body + string(luhnDigit(body))
}

// notCard returns a 16-digit number that looks like a Visa number but fails
// the Luhn check, as order and reference numbers do.
func (g *gen) notCard() string {
	body := "4" + g.token("0123456789", 14)
	bad := (int(luhnDigit(body)-'0') + g.n(1, 9)) % 10
	return body + strconv.Itoa(bad)
}

// luhnDigit returns the check digit that makes body+digit Luhn-valid.
func luhnDigit(body string) byte {
	sum := 0
	for i := range len(body) {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// luhnValid reports whether the digits in s pass the Luhn check. Non-digits
// are ignored.
func luhnValid(s string) bool {
	var ds []byte
	for i := range len(s) {
		if s[i] >= '0' && s[i] <= '9' {
			ds = append(ds, s[i])
		}
	}
	if len(ds) < 2 {
		return false
	}
	return luhnDigit(string(ds[:len(ds)-1])) == ds[len(ds)-1]
}

// formatCard groups a card number with sep: 4-6-5 for 15 digits, 4-4-4-4
// otherwise.
func formatCard(number, sep string) string {
	groups := []int{4, 4, 4, 4}
	if len(number) == 15 {
		groups = []int{4, 6, 5}
	}
	var parts []string
	for _, n := range groups {
		parts = append(parts, number[:n])
		number = number[n:]
	}
	return strings.Join(parts, sep)
}

// styleCard formats number plain most of the time, else with spaces or
// dashes.
func (g *gen) styleCard(number string) string {
	switch g.r.IntN(5) {
	case 0:
		return formatCard(number, " ")
	case 1:
		return formatCard(number, "-")
	default:
		return number
	}
}

// expiry returns a card expiry date MM/YY in the future of the data set.
func (g *gen) expiry() string {
	return pad(g.n(1, 12), 2) + "/" + strconv.Itoa(g.n(27, 31))
}
