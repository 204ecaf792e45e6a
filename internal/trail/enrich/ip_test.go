package enrich

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// writeMMDB writes a tiny ASN + country + city database.
func writeMMDB(t *testing.T, path string) {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "mamori-test", RecordSize: 24, IncludeReservedNetworks: true})
	if err != nil {
		t.Fatal(err)
	}
	nets := []struct {
		cidr string
		rec  mmdbtype.Map
	}{
		{"81.2.69.0/24", mmdbtype.Map{
			"autonomous_system_number":       mmdbtype.Uint32(64500),
			"autonomous_system_organization": mmdbtype.String("Example Hosting"),
			"country":                        mmdbtype.Map{"iso_code": mmdbtype.String("GB")},
			"city":                           mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String("London")}},
		}},
		{"203.0.113.0/24", mmdbtype.Map{
			"autonomous_system_number": mmdbtype.Uint32(64501),
			"isp":                      mmdbtype.String("Example Telecom"),
			"country":                  mmdbtype.Map{"iso_code": mmdbtype.String("JP")},
		}},
		{"2001:db8::/32", mmdbtype.Map{
			"autonomous_system_number":       mmdbtype.Uint32(64502),
			"autonomous_system_organization": mmdbtype.String("Example v6"),
		}},
	}
	for _, n := range nets {
		_, ipnet, err := net.ParseCIDR(n.cidr)
		if err != nil {
			t.Fatal(err)
		}
		if err := tree.Insert(ipnet, n.rec); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := tree.WriteTo(f); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIPIndexLookup(t *testing.T) {
	dir := t.TempDir()
	feeds := Feeds{
		IPDB:     filepath.Join(dir, "test.mmdb"),
		TorExits: writeFile(t, filepath.Join(dir, "tor.txt"), "# exits\n185.220.101.47\nExitAddress 185.220.101.48 2026-11-29 10:00:00\n"),
		Proxies:  writeFile(t, filepath.Join(dir, "proxies.txt"), "45.137.21.0/24\n2001:db8:1::/48 # vpn\n198.51.100.7\n"),
		AWSIPRanges: writeFile(t, filepath.Join(dir, "ip-ranges.json"), `{"prefixes":[
			{"ip_prefix":"52.94.0.0/16","region":"us-east-1","service":"AMAZON"},
			{"ip_prefix":"52.94.0.0/16","region":"us-east-1","service":"EC2"},
			{"ip_prefix":"3.5.0.0/19","region":"us-east-1","service":"S3"}],
			"ipv6_prefixes":[{"ipv6_prefix":"2600:1f00::/24","region":"us-east-1","service":"AMAZON"}]}`),
	}
	writeMMDB(t, feeds.IPDB)
	x, err := LoadIPIndex(t.Context(), feeds)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	tests := []struct {
		source string
		want   IPInfo
	}{
		{"81.2.69.160", IPInfo{ISP: "Example Hosting", ASN: 64500, Country: "GB", City: "London"}},
		{"203.0.113.10", IPInfo{ISP: "Example Telecom", ASN: 64501, Country: "JP"}},
		{"2001:db8::1", IPInfo{ISP: "Example v6", ASN: 64502}},
		{"2001:db8:1::5", IPInfo{ISP: "Example v6", ASN: 64502, Proxy: true}},
		{"185.220.101.47", IPInfo{Tor: true}},
		{"185.220.101.48", IPInfo{Tor: true}},
		{"45.137.21.9", IPInfo{Proxy: true}},
		{"198.51.100.7", IPInfo{Proxy: true}},
		{"198.51.100.8", IPInfo{}},
		{"52.94.133.131", IPInfo{ISP: "Amazon", AWS: true, Service: "EC2"}},
		{"3.5.1.2", IPInfo{ISP: "Amazon", AWS: true, Service: "S3"}},
		{"2600:1f00::1", IPInfo{ISP: "Amazon", AWS: true, Service: "AMAZON"}},
		{"::ffff:45.137.21.9", IPInfo{Proxy: true}},
		{"s3.amazonaws.com", IPInfo{ISP: "Amazon", AWS: true, Service: "s3"}},
		{"AWS Internal", IPInfo{ISP: "Amazon", AWS: true, Service: "internal"}},
		{"not an address", IPInfo{}},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			for range 2 { // the second answer comes from the cache
				if diff := cmp.Diff(tt.want, x.Lookup(tt.source)); diff != "" {
					t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", tt.source, diff)
				}
			}
		})
	}
}

func TestLoadIPIndexErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		feeds Feeds
		want  string
	}{
		{"bad tor line", Feeds{TorExits: writeFile(t, filepath.Join(dir, "tor"), "1.2.3.4\nnot-an-ip\n")}, "tor:2: "},
		{"cidr in tor list", Feeds{TorExits: writeFile(t, filepath.Join(dir, "tor2"), "1.2.3.0/24\n")}, "tor2:1: "},
		{"missing proxies", Feeds{Proxies: filepath.Join(dir, "nope")}, "nope"},
		{"bad ranges", Feeds{AWSIPRanges: writeFile(t, filepath.Join(dir, "r.json"), "{")}, "aws ip ranges"},
		{"bad mmdb", Feeds{IPDB: writeFile(t, filepath.Join(dir, "x.mmdb"), "not a database")}, "ip database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadIPIndex(t.Context(), tt.feeds)
			if err == nil || !contains(err.Error(), tt.want) {
				t.Errorf("LoadIPIndex error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
