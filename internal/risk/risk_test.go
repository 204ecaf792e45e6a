package risk

import (
	"testing"

	"github.com/mamori-dev/mamori/internal/record"
)

func pii(typ string, count int) record.Finding {
	return record.Finding{Type: typ, Method: record.MethodPII, Count: count, Risk: 3}
}

func TestPIIImpact(t *testing.T) {
	tests := []struct {
		name     string
		findings []record.Finding
		want     string
	}{
		{"nothing", nil, record.ImpactNone},
		{"credentials only", []record.Finding{{Type: "aws_access_key_id", Method: record.MethodRegex, Count: 3}}, record.ImpactNone},
		{"one email alone", []record.Finding{pii("email_address", 1)}, record.ImpactLow},
		{"ssn without names", []record.Finding{pii("us_ssn", 10)}, record.ImpactLow},
		{"4 emails and a card", []record.Finding{pii("email_address", 4), pii("credit_card_number", 1)}, record.ImpactLow},
		{"5 emails and an ssn", []record.Finding{pii("email_address", 5), pii("us_ssn", 1)}, record.ImpactModerate},
		{"49 emails and an ssn", []record.Finding{pii("email_address", 49), pii("us_ssn", 1)}, record.ImpactModerate},
		{"50 emails and an ssn", []record.Finding{pii("email_address", 50), pii("us_ssn", 1)}, record.ImpactHigh},
		{"name and card", []record.Finding{pii("person_name", 1), pii("credit_card_number", 1)}, record.ImpactHigh},
		{"email and card is not name and card", []record.Finding{pii("email_address", 1), pii("credit_card_number", 1)}, record.ImpactLow},
		{"1000 emails alone", []record.Finding{pii("email_address", 1000)}, record.ImpactLow},
		{"zero count ignored", []record.Finding{pii("us_ssn", 0)}, record.ImpactNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PIIImpact(tt.findings); got != tt.want {
				t.Errorf("PIIImpact() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestObjectRiskIsMax(t *testing.T) {
	fs := []record.Finding{{Risk: 3}, {Risk: 8}, {Risk: 5}}
	if got, _ := Object(fs); got != 8 {
		t.Errorf("Object risk = %d, want 8", got)
	}
	if got, _ := Object(nil); got != 1 {
		t.Errorf("Object risk of nothing = %d, want 1", got)
	}
}

func TestExtension(t *testing.T) {
	tests := map[string]string{
		"a/b/report.CSV":  ".csv",
		"backup.tar.gz":   ".tar.gz",
		"logs/app.log.gz": ".gz",
		".env":            "",
		"Makefile":        "",
		"dir.d/file":      "",
	}
	for key, want := range tests {
		if got := Extension(key); got != want {
			t.Errorf("Extension(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestTables(t *testing.T) {
	if f, ok := ExtensionFinding(".pst"); !ok || f.Risk != 8 || f.Method != record.MethodExtension {
		t.Errorf("ExtensionFinding(.pst) = %+v, %v", f, ok)
	}
	if _, ok := ExtensionFinding(".txt"); ok {
		t.Errorf("ExtensionFinding(.txt) reported a risk-1 extension")
	}
	if f, ok := ContentTypeFinding("application/x-pkcs12"); !ok || f.Risk != 8 {
		t.Errorf("ContentTypeFinding(pkcs12) = %+v, %v", f, ok)
	}
	if f, ok := ContentTypeFinding("text/csv"); !ok || f.Risk != 6 {
		t.Errorf("ContentTypeFinding(text/csv) = %+v, %v", f, ok)
	}
	if _, ok := ContentTypeFinding("image/png"); ok {
		t.Errorf("ContentTypeFinding(image/png) reported an unlisted type")
	}
}
