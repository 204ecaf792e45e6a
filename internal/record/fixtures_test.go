package record

import (
	"bytes"
	"testing"
	"time"
)

// fixtures returns the records every golden file is made from: a clean
// object, an archive with PII inside a nested part, a file with
// credentials (one type without a Rule) and a theme, an object that failed
// with a long URI, and a skipped S3 object.
func fixtures() []Object {
	modified := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	scanned := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	return []Object{
		{
			URI: "file:///data/docs/readme.txt", Source: "file", Key: "docs/readme.txt",
			Size: 120, ETag: "e1", LastModified: modified, ContentType: "text/plain",
			Extension: ".txt", Risk: 1, PIIImpact: ImpactNone, BytesScanned: 120, ScannedAt: scanned,
		},
		archiveFixture(modified, scanned),
		envFixture(modified, scanned),
		{
			URI:          "file:///data/broken/" + longName + "/bad.gz",
			Source:       "file",
			Key:          "broken/" + longName + "/bad.gz",
			Size:         10,
			LastModified: modified,
			ContentType:  "application/gzip",
			Extension:    ".gz",
			Risk:         1,
			PIIImpact:    ImpactNone,
			Error:        "decode broken/bad.gz: gzip: invalid header",
			ScannedAt:    scanned,
		},
		{
			URI: "s3://acme-data/archive/2025/huge.parquet", Source: "s3", Bucket: "acme-data",
			Key: "archive/2025/huge.parquet", Size: 5 << 30, ETag: "\"9b2cf535f27731c9\"",
			LastModified: modified, ContentType: "application/vnd.apache.parquet",
			Extension: ".parquet", Risk: 1, PIIImpact: ImpactNone, Skipped: SkipTooLarge,
			ScannedAt: scanned,
		},
	}
}

// longName makes the URI of the failed fixture longer than a text line.
const longName = "exports-from-the-old-customer-relationship-management-system-2019-2024"

func archiveFixture(modified, scanned time.Time) Object {
	part := "a.tar.gz/b.csv"
	return Object{
		URI: "file:///data/backup/export.zip", Source: "file", Key: "backup/export.zip",
		Size: 2048, ETag: "e2", LastModified: modified, ContentType: "application/zip",
		Extension: ".zip", Classes: []string{"archive/zip"}, Themes: []string{},
		Risk: 8, PIIImpact: ImpactHigh, BytesScanned: 8192, ScannedAt: scanned,
		Findings: []Finding{
			{
				Type: "email_address", Category: "personal", Method: MethodPII, Risk: 5,
				Count: 1, Sample: "j***@example.com",
				Occurrences: []Occurrence{
					{Part: part, Offset: 80, Length: 16, Line: 3, Column: 12, Record: 2, Hash: "77aa0c1e5d3b9f20"},
				},
			},
			{
				Type: "credit_card_number", Category: "financial", Method: MethodPII, Risk: 8,
				Count: 2, Sample: "4111********1111",
				Occurrences: []Occurrence{
					{Part: part, Offset: 120, Length: 19, Line: 4, Column: 10, Record: 3, Hash: "1a2b3c4d5e6f7081"},
					{Part: part, Offset: 300, Length: 16, Line: 9, Column: 1, Record: 8, Hash: "9f8e7d6c5b4a3921"},
				},
			},
		},
	}
}

func envFixture(modified, scanned time.Time) Object {
	return Object{
		URI: "file:///data/config/prod.env", Source: "file", Key: "config/prod.env",
		Size: 300, ETag: "e3", LastModified: modified, ContentType: "text/plain",
		Extension: ".env", Themes: []string{"Limit Distribution Markings"},
		Risk: 9, PIIImpact: ImpactLow, BytesScanned: 300, ScannedAt: scanned,
		Findings: []Finding{
			{
				Type: "aws_access_key_id", Category: "credentials", Method: MethodRegex, Risk: 9,
				Count: 1, Sample: "AKIA************MPLE",
				Occurrences: []Occurrence{
					{Offset: 42, Length: 20, Line: 3, Column: 19, Hash: "c0ffee0123456789"},
				},
			},
			{
				Type: "slack_webhook_url", Category: "credentials", Method: MethodRegex, Risk: 7,
				Count: 1, Sample: "https://hooks.slack.com/services/T0***",
				Occurrences: []Occurrence{{Offset: 90, Length: 77, Line: 5, Column: 1}},
			},
			{
				Type: "limit_distribution_markings", Category: "theme", Method: MethodTheme,
				Risk: 3, Count: 2,
			},
		},
	}
}

// fixtureRules describes some of the fixture types; slack_webhook_url and
// limit_distribution_markings are left out on purpose, and one rule is
// repeated.
func fixtureRules() []Rule {
	return []Rule{
		{ID: "credit_card_number", Name: "Credit card number", Category: "financial", Risk: 8,
			Description: "A payment card number (PAN) that passes the Luhn check."},
		{ID: "email_address", Name: "Email address", Category: "personal", Risk: 5,
			Description: "An email address."},
		{ID: "aws_access_key_id", Name: "AWS access key ID", Category: "credentials", Risk: 9,
			Description: "An AWS access key ID (AKIA… or ASIA…)."},
		{ID: "email_address", Name: "Duplicate", Risk: 1},
	}
}

// render writes records with a new writer for format and returns the
// output.
func render(t *testing.T, format string, opts Options, records []Object) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(format, &buf, opts)
	if err != nil {
		t.Fatalf("NewWriter(%q): %v", format, err)
	}
	for _, o := range records {
		if err := w.Write(o); err != nil {
			t.Fatalf("Write(%s): %v", o.URI, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close(): %v", err)
	}
	return buf.Bytes()
}
