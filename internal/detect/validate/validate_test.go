package validate

import (
	"testing"
	"unicode/utf8"
)

func TestValidators(t *testing.T) {
	tests := []struct {
		validator string
		in        string
		wantOK    bool
		wantNorm  string // checked when non-empty
	}{
		{"credit_card", "4111 1111 1111 1111", true, "4111111111111111"},
		{"credit_card", "4111-1111-1111-1111", true, ""},
		{"credit_card", "3782 822463 10005", true, "378282246310005"},
		{"credit_card", "4111 1111 1111 1112", false, ""},
		{"credit_card", "4111-1111 1111-1111", false, ""},
		{"credit_card", "9111111111111119", false, ""},
		{"credit_card", "411111111111", false, ""},
		{"credit_card", "6011000990139424", true, ""},
		{"credit_card", "3530111333300000", true, ""},
		{"credit_card", "2221000000000009", true, ""},
		{"us_ssn", "536-22-8401", true, "536228401"},
		{"us_ssn", "536 22 8401", true, ""},
		{"us_ssn", "536228401", true, ""},
		{"us_ssn", "536-22 8401", false, ""},
		{"us_ssn", "000-22-8401", false, ""},
		{"us_ssn", "666-22-8401", false, ""},
		{"us_ssn", "900-22-8401", false, ""},
		{"us_ssn", "536-00-8401", false, ""},
		{"us_ssn", "536-22-0000", false, ""},
		{"us_ssn", "078-05-1120", false, ""},
		{"us_ssn", "111-11-1111", false, ""},
		{"us_ssn", "53622840", false, ""},
		{"email", "Alice.Smith@Example.COM", true, "Alice.Smith@example.com"},
		{"email", "a@b.co", true, ""},
		{"email", ".a@b.co", false, ""},
		{"email", "a..b@b.co", false, ""},
		{"email", "a@b", false, ""},
		{"email", "a@-b.co", false, ""},
		{"email", "logo@2x.PNG", false, ""},
		{"email", "a@b.c0m", false, ""},
		{"email", "@b.co", false, ""},
		{"aws_key_id", "AKIAQ3EGRT5MBX7LNDZW", true, ""},
		{"aws_key_id", "ASIAZ7KQ2MEXR4TBLN3P", true, ""},
		{"aws_key_id", "AKIAQ3EGRT5MBX0LNDZW", false, ""},
		{"aws_key_id", "AROAQ3EGRT5MBX7LNDZW", false, ""},
		{"aws_key_id", "AKIAQ3EGRT5MBX7LNDZ", false, ""},
		{"aws_secret", "Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o", true, ""},
		{"aws_secret", "da39a3ee5e6b4b0d3255bfef95601890afd80709", false, ""},
		{"aws_secret", "AAAAAAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaa1", false, ""},
		{"aws_secret", "Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4", false, ""},
		{"private_key", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOQuCGpVWchWD88f2Cp0JYMPX7j1pz/8JLFpjLSooVnd\n-----END PRIVATE KEY-----", true,
			"MC4CAQAwBQYDK2VwBCIEIOQuCGpVWchWD88f2Cp0JYMPX7j1pz/8JLFpjLSooVnd"},
		{"private_key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMC4CAQAwBQYDK2VwBCIEIOQuCGpVWchWD88f2Cp0JYMPX7j1pz/8JLFpjLSooVnd\n-----END RSA PRIVATE KEY-----", true, ""},
		{"private_key", "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", false, ""},
		{"private_key", "-----BEGIN RSA PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOQuCGpVWchWD88f2Cp0JYMPX7j1pz/8JLFpjLSooVnd\n-----END EC PRIVATE KEY-----", false, ""},
		{"luhn", "79927398713", true, "79927398713"},
		{"luhn", "79927398710", false, ""},
		{"not_repetitive", "123456789", false, ""},
		{"not_repetitive", "000000", false, ""},
		{"not_repetitive", "536228401", true, ""},
		{"high_entropy", "Zq8vT1mN4pR7sK2x", true, ""},
		{"high_entropy", "aaaaaaaaaaaaaaaa", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.validator+"/"+tt.in, func(t *testing.T) {
			v := Lookup(tt.validator)
			if v == nil {
				t.Fatalf("no validator %q", tt.validator)
			}
			norm, ok := v([]byte(tt.in))
			if ok != tt.wantOK {
				t.Errorf("%s(%q) ok = %v, want %v", tt.validator, tt.in, ok, tt.wantOK)
			}
			if tt.wantNorm != "" && string(norm) != tt.wantNorm {
				t.Errorf("%s(%q) norm = %q, want %q", tt.validator, tt.in, norm, tt.wantNorm)
			}
		})
	}
}

// FuzzValidators runs every validator on arbitrary bytes: none may panic,
// and a valid value's normalized form is never longer than the input.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"4111 1111 1111 1111", "536-22-8401", "a@b.co", "AKIAQ3EGRT5MBX7LNDZW",
		"Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o", "-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----",
		"", "@", "-----BEGIN -----END ", "\xff\xfe@\x00.\x80"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<16 {
			return
		}
		for _, name := range Names() {
			norm, ok := Lookup(name)(in)
			if ok && len(norm) > len(in) {
				t.Errorf("%s: normalized %d bytes from %d", name, len(norm), len(in))
			}
		}
		if e := Entropy(in); e < 0 || e > 8 || (len(in) > 0 && !utf8.Valid(in) && e == 0 && len(in) > 1 && in[0] != in[1]) {
			t.Errorf("Entropy out of range: %v", e)
		}
	})
}

func TestMoreValidators(t *testing.T) {
	tests := []struct {
		validator string
		in        string
		wantOK    bool
	}{
		{"iban", "DE89370400440532013000", true},
		{"iban", "GB82 WEST 1234 5698 7654 32", true},
		{"iban", "FR1420041010050500013M02606", true},
		{"iban", "DE89370400440532013001", false},
		{"iban", "DE8937040044053201300", false},
		{"iban", "XX89370400440532013000", false},
		{"us_itin", "912-70-1234", true},
		{"us_itin", "912-49-1234", false},
		{"us_itin", "812-70-1234", false},
		{"uk_nhs", "943 476 5919", true},
		{"uk_nhs", "943 476 5918", false},
		{"uk_nino", "AB 38 46 72 C", true},
		{"uk_nino", "QQ123456C", false},
		{"uk_nino", "GB123456A", false},
		{"uk_nino", "AB123456E", false},
		{"aba_routing", "121000358", true},
		{"aba_routing", "121000359", false},
		{"aba_routing", "991000358", false},
		{"jp_my_number", "314159265352", true},
		{"jp_my_number", "314159265353", false},
		{"jp_corporate_number", "8700110005901", true},
		{"jp_corporate_number", "7700110005901", false},
		{"npi", "1234567893", true},
		{"npi", "1234567890", false},
		{"swift_bic", "DEUTDEFF", true},
		{"swift_bic", "BOFAUS3NXXX", true},
		{"swift_bic", "DEUTQQFF", false},
		{"github_token", "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", true},
		{"github_token", "ghp_Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL52CALm2", false},
		{"github_token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false},
		{"jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", true},
		{"jwt", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", false},
		{"password", "S3cure!Pass", true},
		{"password", "changeme", false},
		{"password", "${DB_PASSWORD}", false},
		{"password", "password", false},
		{"url_credentials", "postgres://app:Tr0ub4dor3@db.internal:5432/app", true},
		{"url_credentials", "postgres://app:${PGPASS}@db.internal/app", false},
		{"url_credentials", "https://user:password@example.com", false},
		{"phone", "+1 415 555 2671", true},
		{"phone", "(650) 253-0000", true},
		{"phone", "+44 20 7946 0958", true},
		{"phone", "555-123-4567", false},
		{"phone_jp", "090-1234-5678", true},
		{"phone_jp", "(03)1234-5678", true},
		{"phone_jp", "+81 3-1234-5678", true},
		{"phone_jp", "0312345678", true},
		{"phone_jp", "2025550143", false},  // a US number: no trunk prefix 0
		{"phone_jp", "312345678 0", false}, // the 0 is not where the number starts
		{"phone_jp", "+1 202-555-0143", false},
		{"birth_date", "1985-04-12", true},
		{"birth_date", "04/12/1985", true},
		{"birth_date", "31.12.1985", true},
		{"birth_date", "1985-13-12", false},
		{"birth_date", "2985-04-12", false},
		{"card_expiration", "04/27", true},
		{"card_expiration", "13/27", false},
		{"ipv4", "192.168.10.24", true},
		{"ipv4", "1.2.3.4", false},
		{"ipv4", "256.1.1.1", false},
		{"ipv6", "2001:db8:85a3::8a2e:370:7334", true},
		{"ipv6", "::1", false},
		{"vin", "1HGCM82633A004352", true},
		{"vin", "1HGCM82643A004352", false},
		{"secret", "xoxb-XXXXXXXXXXXX", false},
		{"alnum_id", "D4829173", true},
		{"alnum_id", "D0000000", false},
	}
	for _, tt := range tests {
		t.Run(tt.validator+"/"+tt.in, func(t *testing.T) {
			v := Lookup(tt.validator)
			if v == nil {
				t.Fatalf("no validator %q", tt.validator)
			}
			if _, ok := v([]byte(tt.in)); ok != tt.wantOK {
				t.Errorf("%s(%q) ok = %v, want %v", tt.validator, tt.in, ok, tt.wantOK)
			}
		})
	}
}
