// Package validate holds the checks in Go that a candidate value must pass
// after its pattern matched: checksums (Luhn), number ranges (SSN areas),
// structure (PEM blocks, e-mail domains). A validator takes the matched bytes
// and returns the normalized value (the form that is masked and hashed) and
// whether the value is valid. Validators never log and never put a value in
// an error.
package validate

import (
	"math"
	"slices"
)

// Func checks a matched value. It returns the normalized value and true when
// the value is valid. It must not retain value or norm after returning norm
// to the caller, and must be safe for concurrent use.
type Func func(value []byte) (norm []byte, ok bool)

var registry = map[string]Func{
	"credit_card":    CreditCard,
	"us_ssn":         USSSN,
	"email":          Email,
	"aws_key_id":     AWSKeyID,
	"aws_secret":     AWSSecret,
	"private_key":    PrivateKey,
	"high_entropy":   HighEntropy,
	"digits_only":    DigitsOnly,
	"luhn":           LuhnDigits,
	"not_repetitive": NotRepetitive,

	"iban":                IBAN,
	"us_itin":             USITIN,
	"us_ein":              USEIN,
	"uk_nhs":              NHSNumber,
	"uk_nino":             UKNINO,
	"aba_routing":         ABARouting,
	"jp_my_number":        JPMyNumber,
	"jp_corporate_number": JPCorporateNumber,
	"jp_postal_code":      JPPostalCode,
	"jp_bank_account":     JPBankAccount,
	"jp_driver_license":   JPDriverLicense,
	"jp_birth_date":       JPBirthDate,
	"npi":                 NPI,
	"swift_bic":           SWIFTBIC,
	"github_token":        GitHubToken,
	"jwt":                 JWT,
	"certificate":         Certificate,
	"pem_block":           PEMBlock,
	"putty_key":           PuTTYKey,
	"private_key_plain":   PrivateKeyPlain,
	"private_key_enc":     PrivateKeyEncrypted,
	"secret":              Secret,
	"password":            Password,
	"url_credentials":     URLCredentials,
	"phone":               Phone,
	"phone_grouped":       PhoneGrouped,
	"phone_jp":            PhoneJP,
	"birth_date":          BirthDate,
	"card_expiration":     CardExpiration,
	"ipv4":                IPv4,
	"ipv6":                IPv6,
	"vin":                 VIN,
	"not_placeholder":     NotPlaceholder,
	"alnum_id":            AlnumID,
	"person_name":         PersonName,
	"jp_person_name":      JPPersonName,
	"jp_name_reading":     JPNameReading,
	"jp_surname":          JPSurname,
	"jp_address":          JPAddress,
}

// Lookup returns the validator called name, or nil.
func Lookup(name string) Func { return registry[name] }

// Names lists the validator names in sorted order.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Entropy returns the Shannon entropy of b in bits per byte.
func Entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// digits returns the ASCII digits of b, dropping everything else.
func digits(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if '0' <= c && c <= '9' {
			out = append(out, c)
		}
	}
	return out
}

// DigitsOnly normalizes a value to its digits; it accepts any value with at
// least one digit.
func DigitsOnly(value []byte) ([]byte, bool) {
	d := digits(value)
	return d, len(d) > 0
}

// NotRepetitive rejects values that are one repeated character or a plain
// ascending or descending run (000000, 123456789, 987654321).
func NotRepetitive(value []byte) ([]byte, bool) {
	return value, !repetitive(value)
}

func repetitive(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	same, up, down := true, true, true
	for i := 1; i < len(d); i++ {
		same = same && d[i] == d[0]
		up = up && d[i] == d[i-1]+1
		down = down && d[i] == d[i-1]-1
	}
	return same || up || down
}

// HighEntropy accepts values with at least 3.0 bits of entropy per byte
// that mix at least two of: upper case, lower case, digits.
func HighEntropy(value []byte) ([]byte, bool) {
	var upper, lower, digit bool
	for _, c := range value {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case '0' <= c && c <= '9':
			digit = true
		}
	}
	mixed := btoi(upper)+btoi(lower)+btoi(digit) >= 2
	return value, mixed && Entropy(value) >= 3.0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
