package query

import (
	"net/netip"
	"strconv"
	"strings"
)

// cidr matches the IPv4 addresses of a CIDR range, stored as text, with
// prefix patterns the column's index can serve: 10.1.0.0/16 is 10.1.*, and
// 10.1.16.0/20 is 10.1.16.* OR … OR 10.1.31.*.
func (c *compiler) cidr(f Field, t *Term) (string, error) {
	p, err := netip.ParsePrefix(t.Value)
	if err != nil || !p.Addr().Is4() {
		return "", errorf(t.ValueCol, "field %s: %q is not an IPv4 CIDR range like 10.0.0.0/8", f.Name, t.Value)
	}
	p = p.Masked()
	octets := p.Addr().As4()
	whole, rest := p.Bits()/8, p.Bits()%8
	var prefix strings.Builder
	for _, o := range octets[:whole] {
		prefix.WriteString(strconv.Itoa(int(o)) + ".")
	}
	if whole == 4 {
		c.arg(p.Addr().String())
		return f.Column + " = ?", nil
	}
	if rest == 0 && whole == 0 {
		return c.wildcard(f.Column, "*.*.*.*"), nil // any IPv4 address
	}
	if rest == 0 {
		return c.wildcard(f.Column, prefix.String()+"*"), nil
	}
	var conds []string
	first := int(octets[whole])
	for v := first; v < first+1<<(8-rest); v++ {
		pattern := prefix.String() + strconv.Itoa(v)
		if whole < 3 {
			pattern += ".*"
		}
		conds = append(conds, c.wildcard(f.Column, pattern))
	}
	return or(conds), nil
}
