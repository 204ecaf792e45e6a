package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Finding types (CONTRACT §3) of the planted values.
const (
	typeEmail   = "email_address"
	typeCard    = "credit_card_number"
	typeKeyID   = "aws_access_key_id"
	typeSecret  = "aws_secret_access_key"
	typePrivate = "private_key"
	typeSSN     = "us_ssn"
	typePhone   = "phone_number"
)

// Alphabets of generated tokens.
const (
	base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	hexDigits   = "0123456789abcdef"
)

// gen draws realistic values from a seeded PCG stream. Each file gets its
// own stream, so that changing one file does not change the others.
type gen struct {
	r *rand.Rand
	t *tables
}

// newGen returns a generator for the stream named key.
func newGen(t *tables, seed uint64, key string) *gen {
	h := fnv.New64a()
	h.Write([]byte(key))
	return &gen{r: rand.New(rand.NewPCG(seed, h.Sum64())), t: t}
}

// n returns a number in [lo, hi].
func (g *gen) n(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// pick returns a random element of list.
func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// token returns n characters drawn from alphabet.
func (g *gen) token(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// digits returns n decimal digits, the first of them not zero.
func (g *gen) digits(n int) string {
	return strconv.Itoa(g.n(1, 9)) + g.token("0123456789", n-1)
}

// bytes returns n random bytes.
func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

// pad returns v in decimal, zero-padded to width.
func pad(v, width int) string {
	s := strconv.Itoa(v)
	return strings.Repeat("0", max(0, width-len(s))) + s
}

// ssn returns a valid-looking US SSN, AAA-GG-SSSS: area 001–899 except 666,
// group 01–99, serial 0001–9999, and none of the well-known fake numbers.
func (g *gen) ssn() string {
	for {
		area := g.n(1, 899)
		if area == 666 {
			continue
		}
		s := pad(area, 3) + "-" + pad(g.n(1, 99), 2) + "-" + pad(g.n(1, 9999), 4)
		if s != "123-45-6789" && s != "078-05-1120" && s != "219-09-9999" {
			return s
		}
	}
}

// phone returns a US number in the fictional 555-01xx range, in one of the
// usual notations.
func (g *gen) phone() string {
	area := g.pick([]string{"206", "212", "303", "312", "415", "512", "617", "702", "919"})
	line := "01" + pad(g.n(0, 99), 2)
	switch g.r.IntN(4) {
	case 0:
		return "+1-" + area + "-555-" + line
	case 1:
		return "(" + area + ") 555-" + line
	case 2:
		return "+1 " + area + " 555 " + line
	default:
		return area + "-555-" + line
	}
}

// awsKeyID returns an access key id: prefix (AKIA or ASIA) and 16
// characters of [A-Z2-7].
func (g *gen) awsKeyID(prefix string) string {
	return prefix + g.token(base32Upper, 16)
}

// awsSecret returns a 40-character secret access key with the mix of
// classes real keys have.
func (g *gen) awsSecret() string {
	for {
		s := g.token(base64Chars, 40)
		if strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
			strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") &&
			strings.ContainsAny(s, "0123456789") {
			return s
		}
	}
}

// hex returns n lower-case hex digits.
func (g *gen) hex(n int) string { return g.token(hexDigits, n) }

// uuid returns a random version-4 UUID.
func (g *gen) uuid() string {
	h := g.hex(32)
	variant := string("89ab"[g.r.IntN(4)])
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + variant + h[17:20] + "-" + h[20:]
}

// ip returns an IPv4 address from the documentation and private ranges.
func (g *gen) ip() string {
	prefix := g.pick([]string{"203.0.113.", "198.51.100.", "192.0.2.", "10.20.", "172.16."})
	if strings.Count(prefix, ".") == 2 {
		return prefix + strconv.Itoa(g.n(1, 254)) + "." + strconv.Itoa(g.n(1, 254))
	}
	return prefix + strconv.Itoa(g.n(1, 254))
}

// date returns a day of October or early November 2026 as YYYY-MM-DD.
func (g *gen) date() string {
	day := g.n(1, 38)
	if day > 31 {
		return "2026-11-" + pad(day-31, 2)
	}
	return "2026-10-" + pad(day, 2)
}

// october returns a day of October 2026 as YYYY-MM-DD.
func (g *gen) october() string { return "2026-10-" + pad(g.n(1, 31), 2) }

// clock returns a time of day as HH:MM:SS.
func (g *gen) clock() string {
	return pad(g.n(0, 23), 2) + ":" + pad(g.n(0, 59), 2) + ":" + pad(g.n(0, 59), 2)
}

// amount returns a price such as 1249.90.
func (g *gen) amount(lo, hi int) string {
	return strconv.Itoa(g.n(lo, hi)) + "." + pad(g.n(0, 99), 2)
}
