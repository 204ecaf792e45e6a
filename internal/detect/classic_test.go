package detect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// classicRegexes are Macie Classic's 67 managed regexes with their minimum
// match counts and risks (Classic user guide, macie-classify-objects-regex.md).
var classicRegexes = map[string][2]int{
	"Arista network configuration": {1, 7}, "Cisco Router Config": {3, 9}, "Huawei config file": {1, 8},
	"Network Proxy Auto-Config": {1, 3}, "Simple Network Management Protocol Object Identifier": {1, 5},
	"Lightweight Directory Access Protocol":    {3, 2},
	"BBVA Compass Routing Number - California": {1, 1}, "Bank of America Routing Numbers - California": {10, 1},
	"Chase Routing Numbers - California": {50, 1}, "Citibank Routing Numbers - California": {1, 1},
	"USBank Routing Numbers - California": {50, 1}, "United Bank Routing Number - California": {1, 1},
	"Wells Fargo Routing Numbers - California": {10, 1},
	"Box Links": {1, 3}, "Dropbox Links": {1, 3}, "CVE Number": {1, 3}, "Google Application Identifier": {1, 2},
	"John the Ripper": {1, 1}, "Metasploit Module": {1, 6}, "Nmap Scan Report": {1, 7},
	"California Drivers License": {10, 1}, "HIPAA PHI National Drug Code": {2, 2},
	"Individual Taxpayer Identification Numbers (ITIN)": {100, 4}, "Large number of US Phone Numbers": {100, 1},
	"Large number of US Zip Codes": {100, 3}, "SWIFT Codes": {2, 4}, "UK Drivers License Numbers": {50, 4},
	"UK Passport Number":  {5, 1},
	"MySQL database dump": {1, 7}, "MySQLite database dump": {1, 7}, "pgSQL Connection Information": {1, 2},
	"DSA Private Key": {1, 8}, "EC Private Key": {1, 8}, "Encrypted DSA Private Key": {1, 3},
	"Encrypted EC Private Key": {1, 3}, "Encrypted Private Key": {1, 3}, "Encrypted PuTTY SSH DSA Key": {1, 3},
	"Encrypted PuTTY SSH RSA Key": {1, 3}, "Encrypted RSA Private Key": {1, 3}, "PGP Header": {1, 5},
	"PGP Private Key Block": {1, 8}, "PKCS7 Encrypted Data": {1, 5}, "PlainText Private Key": {1, 8},
	"PuTTY SSH DSA Key": {1, 8}, "PuTTY SSH RSA Key": {1, 8}, "Public Key Cryptography System (PKCS)": {1, 3},
	"Public encrypted key": {1, 1}, "RSA Private Key": {1, 8}, "SSL Certificate": {1, 3},
	"ssh_dss_public": {1, 1}, "ssh_rsa_public": {1, 1},
	"KeePass 1.x CSV Passwords": {1, 8}, "KeePass 1.x XML Passwords": {1, 8}, "Password etc passwd": {4, 8},
	"Password etc shadow": {4, 8}, "Samba Password config file": {1, 7},
	"Slack 2FA Backup Codes": {1, 8}, "aws_access_key": {1, 3}, "aws_credentials_context": {1, 3},
	"aws_secret_key": {1, 10}, "facebook_secret": {1, 8}, "github_key": {1, 8},
	"google_two_factor_backup": {1, 8}, "heroku_key": {1, 7}, "microsoft_office_365_oauth_context": {1, 1},
	"slack_api_key": {1, 7}, "slack_api_token": {1, 8},
}

// TestClassicRegexes checks that every one of Classic's 67 named regexes
// is implemented by exactly one identifier, with Classic's minimum count
// and risk.
func TestClassicRegexes(t *testing.T) {
	if len(classicRegexes) != 67 {
		t.Fatalf("table has %d Classic regexes, want 67", len(classicRegexes))
	}
	got := map[string][2]int{}
	for _, id := range builtin(t) {
		if id.Classic == "" {
			continue
		}
		if _, dup := got[id.Classic]; dup {
			t.Errorf("Classic regex %q implemented twice (again by %s)", id.Classic, id.ID)
		}
		got[id.Classic] = [2]int{max(id.MinCount, 1), id.Risk}
	}
	if diff := cmp.Diff(classicRegexes, got); diff != "" {
		t.Errorf("Classic regexes {min count, risk} (-want +got):\n%s", diff)
	}
}

// TestIdentifiersAreTriggered checks that every built-in identifier has
// keywords or a digit trigger: none runs its pattern over whole texts.
func TestIdentifiersAreTriggered(t *testing.T) {
	for _, id := range builtin(t) {
		if len(id.Keywords) == 0 && id.Digits == 0 && !id.Columns {
			t.Errorf("identifier %s has neither keywords, digits nor columns", id.ID)
		}
	}
}

// TestDigitRunsAndExtractor checks values the fast paths find: several
// values in one digit run, run-shaped values at text edges, and e-mail
// addresses around '@'.
func TestDigitRunsAndExtractor(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		{"ssn list", "536-22-8401 536-22-8407 536-22-8413", map[string]int{"us_ssn": 3}},
		{"card at edges", "4111111111111111", map[string]int{"credit_card_number": 1}},
		{"ip list", "10.1.2.3 10.1.2.4", map[string]int{"ipv4_address": 2}},
		{"emails", "a.b@acme-corp.com,c@x.io;bad@localhost d@@e.com", map[string]int{"email_address": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := typesIn(e, tt.text)
			for typ := range got {
				if _, ok := tt.want[typ]; !ok {
					delete(got, typ) // other types (themes, bulk rules) are not under test
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("types in %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestColumnContext checks that a context word in a table's column name
// counts for the values of that column only, as in Macie v2.
func TestColumnContext(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	tests := []struct {
		name, text string
		want       int
	}{
		{"ssn column", "name,ssn,plan\nAda,536228401,team\nBob,536228407,pro\n", 2},
		{"other column", "name,order,plan\nAda,536228401,team\n", 0},
		{"tsv", "id\tSSN\n7\t536228401\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := typesIn(e, tt.text)["us_ssn"]; got != tt.want {
				t.Errorf("us_ssn in %q = %d, want %d", tt.text, got, tt.want)
			}
			n := 0
			if _, err := e.Stream(t.Context(), strings.NewReader(tt.text), func(m Match) {
				if m.Type == "us_ssn" {
					n++
				}
			}); err != nil || n != tt.want {
				t.Errorf("Stream us_ssn = %d, %v; want %d", n, err, tt.want)
			}
		})
	}
}
