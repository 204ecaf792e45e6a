// Package risk scores objects from their findings: the object risk 1–10 is
// the maximum over every method's risk (Macie Classic's dlp_risk), and the
// PII impact follows Macie Classic's rules (NIST SP 800-122 / FIPS 199).
// Everything here is a pure function of its inputs.
package risk

import (
	"path"
	"strings"

	"github.com/mamori-dev/mamori/internal/record"
)

// Object returns the object risk (1–10) and PII impact for findings.
func Object(findings []record.Finding) (risk int, impact string) {
	risk = 1
	for _, f := range findings {
		risk = max(risk, min(f.Risk, 10))
	}
	return risk, PIIImpact(findings)
}

// nameTypes are the finding types that count as "names or e-mails" in the
// PII impact rules.
var nameTypes = map[string]bool{"person_name": true, "email_address": true}

// PIIImpact applies Macie Classic's PII impact rules to findings of method
// "pii":
//
//   - high: at least one full name and a credit card number; or at least 50
//     names or e-mail addresses together with any other PII;
//   - moderate: at least 5 names or e-mail addresses with any other PII;
//   - low: fewer names or e-mail addresses with other PII, any PII without
//     names or e-mail addresses, or names or e-mail addresses alone;
//   - none: no PII.
//
// Classic's bands overlap at exactly 5 names or e-mails; we resolve it to
// moderate. Counts are occurrence counts.
func PIIImpact(findings []record.Finding) string {
	names, persons, others := 0, 0, 0
	card := false
	for _, f := range findings {
		if f.Method != record.MethodPII || f.Count == 0 {
			continue
		}
		switch {
		case nameTypes[f.Type]:
			names += f.Count
			if f.Type == "person_name" {
				persons += f.Count
			}
		default:
			others += f.Count
			card = card || f.Type == "credit_card_number"
		}
	}
	switch {
	case names == 0 && others == 0:
		return record.ImpactNone
	case persons > 0 && card, names >= 50 && others > 0:
		return record.ImpactHigh
	case names >= 5 && others > 0:
		return record.ImpactModerate
	default:
		return record.ImpactLow
	}
}

// Extension returns the lower-case extension of key with its dot (".csv",
// ".tar.gz"), or "" when there is none.
func Extension(key string) string {
	base := strings.ToLower(path.Base(key))
	if strings.HasSuffix(base, ".tar.gz") && base != ".tar.gz" {
		return ".tar.gz"
	}
	ext := path.Ext(base)
	if ext == base {
		return "" // dot files such as .env have no extension
	}
	return ext
}

// ExtensionFinding returns the finding for a file extension listed in the
// Classic table with risk 2 or more (risk 1 changes nothing).
func ExtensionFinding(ext string) (record.Finding, bool) {
	r := extensionRisk[strings.TrimPrefix(ext, ".")]
	if r < 2 {
		return record.Finding{}, false
	}
	return record.Finding{Type: ext, Category: "file_type", Method: record.MethodExtension,
		Risk: r, Count: 1, Occurrences: []record.Occurrence{}}, true
}

// ContentTypeFinding returns the finding for a content type listed in the
// Classic table with risk 2 or more.
func ContentTypeFinding(contentType string) (record.Finding, bool) {
	ct := strings.ToLower(contentType)
	if a, ok := contentTypeAliases[ct]; ok {
		ct = a
	}
	r := contentTypeRisk[ct]
	if r < 2 {
		return record.Finding{}, false
	}
	return record.Finding{Type: contentType, Category: "file_type", Method: record.MethodContentType,
		Risk: r, Count: 1, Occurrences: []record.Occurrence{}}, true
}
