// Package enrich adds what offline feeds know about a CloudTrail event's
// source: ISP, ASN and location from a MaxMind-format database, AWS's own
// address ranges, Tor exit nodes and anonymous proxies (IP), and the SDK,
// tool and operating system behind an AWS user agent (UserAgent). It does
// no network I/O: every feed is a file given by the user.
package enrich

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/oschwald/maxminddb-golang/v2"
)

// IPInfo is what the feeds know about one source address.
type IPInfo struct {
	ISP     string // the ISP or AS organisation; "Amazon" for AWS addresses and services
	ASN     int64
	Country string // ISO 3166-1 alpha-2
	City    string
	Tor     bool   // a Tor exit node
	Proxy   bool   // an anonymous proxy or VPN
	AWS     bool   // an AWS address or an AWS service principal
	Service string // the AWS service (s3, EC2, …) when AWS is true
}

// Feeds are the offline threat-intelligence and geolocation files, all
// optional (CONTRACT §1 flags of trail ingest).
type Feeds struct {
	TorExits    string // one IP per line (--tor-exits)
	Proxies     string // IPs or CIDRs, one per line (--proxies)
	IPDB        string // a MaxMind-format .mmdb with ASN/ISP and/or country/city (--ip-db)
	AWSIPRanges string // AWS ip-ranges.json (--aws-ip-ranges)
}

// IPIndex answers IP lookups from the loaded feeds and remembers the
// answers. It is not safe for concurrent use; give each goroutine its own
// (Clone).
type IPIndex struct {
	tor     map[netip.Addr]bool
	proxies prefixSet[bool]
	aws     prefixSet[string]
	db      *maxminddb.Reader
	cache   map[string]IPInfo
}

// maxCache bounds the lookup cache; it is emptied when full.
const maxCache = 1 << 16

// LoadIPIndex reads the feeds. An empty path skips its feed. Errors name
// the file and, for list files, the line.
func LoadIPIndex(ctx context.Context, f Feeds) (*IPIndex, error) {
	x := &IPIndex{tor: make(map[netip.Addr]bool), cache: make(map[string]IPInfo)}
	if f.TorExits != "" {
		err := readLines(ctx, f.TorExits, func(p netip.Prefix) { x.tor[p.Addr()] = true }, false)
		if err != nil {
			return nil, err
		}
	}
	if f.Proxies != "" {
		err := readLines(ctx, f.Proxies, func(p netip.Prefix) { x.proxies.add(p, true) }, true)
		if err != nil {
			return nil, err
		}
	}
	if f.AWSIPRanges != "" {
		if err := x.loadAWS(f.AWSIPRanges); err != nil {
			return nil, err
		}
	}
	if f.IPDB != "" {
		db, err := maxminddb.Open(f.IPDB)
		if err != nil {
			return nil, fmt.Errorf("ip database %s: %w", f.IPDB, err)
		}
		x.db = db
	}
	return x, nil
}

// Close releases the IP database.
func (x *IPIndex) Close() error {
	if x == nil || x.db == nil {
		return nil
	}
	return x.db.Close()
}

// Clone returns an index sharing x's feeds with a cache of its own.
func (x *IPIndex) Clone() *IPIndex {
	c := *x
	c.cache = make(map[string]IPInfo)
	return &c
}

// readLines parses a list of IPs (or CIDRs when cidrs is set), one per
// line; blank lines and # comments are skipped, and so is anything after
// the first field ("1.2.3.4 # exit" or Tor's "ExitAddress 1.2.3.4 date").
func readLines(ctx context.Context, path string, add func(netip.Prefix), cidrs bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		fields := strings.Fields(strings.SplitN(sc.Text(), "#", 2)[0])
		if len(fields) == 0 {
			continue
		}
		s := fields[0]
		if s == "ExitAddress" && len(fields) > 1 {
			s = fields[1]
		}
		p, err := parsePrefix(s, cidrs)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		add(p)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func parsePrefix(s string, cidrs bool) (netip.Prefix, error) {
	if cidrs && strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// awsRanges is the part of ip-ranges.json mamori reads.
type awsRanges struct {
	Prefixes []struct {
		IPPrefix string `json:"ip_prefix"`
		Service  string `json:"service"`
	} `json:"prefixes"`
	IPv6Prefixes []struct {
		IPv6Prefix string `json:"ipv6_prefix"`
		Service    string `json:"service"`
	} `json:"ipv6_prefixes"`
}

func (x *IPIndex) loadAWS(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var r awsRanges
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("aws ip ranges %s: %w", path, err)
	}
	add := func(s, service string) error {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return fmt.Errorf("aws ip ranges %s: %w", path, err)
		}
		// "AMAZON" covers every range; keep the more specific service.
		if old, ok := x.aws.exact(p.Masked()); ok && service == "AMAZON" && old != "" {
			return nil
		}
		x.aws.add(p.Masked(), service)
		return nil
	}
	for _, p := range r.Prefixes {
		if err := add(p.IPPrefix, p.Service); err != nil {
			return err
		}
	}
	for _, p := range r.IPv6Prefixes {
		if err := add(p.IPv6Prefix, p.Service); err != nil {
			return err
		}
	}
	return nil
}

// Lookup returns what the feeds know about a sourceIPAddress. An AWS
// service principal ("s3.amazonaws.com") or "AWS Internal" is AWS with ISP
// "Amazon"; any other value that is not an address gets nothing.
func (x *IPIndex) Lookup(source string) IPInfo {
	if info, ok := x.cache[source]; ok {
		return info
	}
	info := x.lookup(source)
	if len(x.cache) >= maxCache {
		clear(x.cache)
	}
	x.cache[source] = info
	return info
}

func (x *IPIndex) lookup(source string) IPInfo {
	if svc, ok := ServicePrincipal(source); ok {
		return IPInfo{ISP: "Amazon", AWS: true, Service: svc}
	}
	a, err := netip.ParseAddr(source)
	if err != nil {
		return IPInfo{}
	}
	a = a.Unmap()
	info := IPInfo{Tor: x.tor[a]}
	info.Proxy, _ = x.proxies.lookup(a)
	if svc, ok := x.aws.lookup(a); ok {
		info.AWS, info.Service, info.ISP = true, svc, "Amazon"
	}
	x.geo(a, &info)
	return info
}

// mmdbRecord covers the GeoLite2/GeoIP2 ASN, ISP, Country and City layouts.
type mmdbRecord struct {
	ASN          int64  `maxminddb:"autonomous_system_number"`
	ASOrg        string `maxminddb:"autonomous_system_organization"`
	ISP          string `maxminddb:"isp"`
	Organization string `maxminddb:"organization"`
	Country      struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	City struct {
		Names map[string]string `maxminddb:"names"`
	} `maxminddb:"city"`
}

func (x *IPIndex) geo(a netip.Addr, info *IPInfo) {
	if x.db == nil {
		return
	}
	var rec mmdbRecord
	if err := x.db.Lookup(a).Decode(&rec); err != nil {
		return
	}
	info.ASN = rec.ASN
	if info.ISP == "" {
		info.ISP = firstNonEmpty(rec.ISP, rec.ASOrg, rec.Organization)
	}
	info.Country = rec.Country.ISOCode
	info.City = rec.City.Names["en"]
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ServicePrincipal reports whether a sourceIPAddress names an AWS service
// rather than an address ("s3.amazonaws.com", "AWS Internal"), and which.
func ServicePrincipal(source string) (service string, ok bool) {
	switch {
	case source == "AWS Internal":
		return "internal", true
	case strings.HasSuffix(source, ".amazonaws.com"):
		return strings.TrimSuffix(source, ".amazonaws.com"), true
	case strings.HasSuffix(source, ".amazonaws.com.cn"):
		return strings.TrimSuffix(source, ".amazonaws.com.cn"), true
	}
	return "", false
}

// prefixSet maps network prefixes to values; lookup finds the longest
// prefix holding an address. It keeps one map per prefix length in use,
// so a lookup costs one masked map access per length.
type prefixSet[V any] struct {
	byLen map[int]map[netip.Prefix]V
	lens  []int // in use, longest first
}

func (s *prefixSet[V]) add(p netip.Prefix, v V) {
	if s.byLen == nil {
		s.byLen = make(map[int]map[netip.Prefix]V)
	}
	bits := lenKey(p)
	m := s.byLen[bits]
	if m == nil {
		m = make(map[netip.Prefix]V)
		s.byLen[bits] = m
		s.lens = append(s.lens, bits)
		slices.SortFunc(s.lens, func(a, b int) int { return b - a })
	}
	m[p] = v
}

// v4Lens is added to the length of IPv4 prefixes so they are kept apart
// from IPv6 prefixes of the same length.
const v4Lens = 1000

func lenKey(p netip.Prefix) int {
	if p.Addr().Is4() {
		return p.Bits() + v4Lens
	}
	return p.Bits()
}

func (s *prefixSet[V]) exact(p netip.Prefix) (V, bool) {
	v, ok := s.byLen[lenKey(p)][p]
	return v, ok
}

func (s *prefixSet[V]) lookup(a netip.Addr) (V, bool) {
	var zero V
	for _, l := range s.lens {
		bits := l
		if a.Is4() != (l >= v4Lens) {
			continue
		}
		if a.Is4() {
			bits -= v4Lens
		}
		p, err := a.Prefix(bits)
		if err != nil {
			continue
		}
		if v, ok := s.byLen[l][p]; ok {
			return v, true
		}
	}
	return zero, false
}
