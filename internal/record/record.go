// Package record holds the JSON types of mamori's external contract
// (shared/CONTRACT.md §2) and the writers that print them in every output
// format: text, json, jsonl, csv and sarif.
//
// A record carries metadata, masked samples and keyed hashes only. No field
// can hold a full sensitive value: the detect package masks values before
// they ever reach a Finding.
package record

import "time"

// Object is the scan record of one object (CONTRACT §2). One Object is
// emitted per object scanned, also when its content could not be read: then
// Skipped or Error says why.
type Object struct {
	URI          string    `json:"uri"`
	Source       string    `json:"source"` // "file" or "s3"
	Bucket       string    `json:"bucket"`
	Key          string    `json:"key"`
	Size         int64     `json:"size"`
	ETag         string    `json:"etag"`
	LastModified time.Time `json:"last_modified,omitzero"`
	ContentType  string    `json:"content_type"`
	Extension    string    `json:"extension"`
	Classes      []string  `json:"classes"`
	Themes       []string  `json:"themes"`
	Risk         int       `json:"risk"`
	PIIImpact    string    `json:"pii_impact"`
	Skipped      string    `json:"skipped"`
	Error        string    `json:"error"`
	Findings     []Finding `json:"findings"`

	// Extensions beyond the contract.

	// Truncated is true when only the first part of the object was read,
	// because of --max-object-size (Macie Classic read the first 20 MB).
	Truncated bool `json:"truncated,omitempty"`
	// BytesScanned is the number of decoded bytes the detectors saw.
	BytesScanned int64 `json:"bytes_scanned"`
	// ScannedAt is when the scan of this object finished.
	ScannedAt time.Time `json:"scanned_at,omitzero"`
}

// Finding is one kind of sensitive content found in an object: all
// occurrences of one identifier type (or one theme, content type, extension
// or class) aggregated.
type Finding struct {
	Type     string `json:"type"`
	Category string `json:"category"`
	Method   string `json:"method"` // content_type, extension, theme, regex, pii, classifier, custom
	Risk     int    `json:"risk"`
	Count    int    `json:"count"`
	// Sample is a masked example value; never the full value.
	Sample string `json:"sample"`
	// Occurrences lists at most MaxOccurrences locations; Count is the full
	// count.
	Occurrences []Occurrence `json:"occurrences"`
	// Explanation, on a classifier finding of a scan run with --explain,
	// says which features decided the label (an extension beyond the
	// contract: absent otherwise).
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Explanation is why the document classifier gave a part its label: the
// hashed features with the largest contributions to the decision value
// of the label's output (docs/classifier.md).
type Explanation struct {
	// Part is the part whose label is explained ("" for the object).
	Part string `json:"part"`
	// Probability is the label's calibrated probability.
	Probability float64 `json:"probability"`
	// Rule names the exact rule that gave the label; then there are no
	// features.
	Rule string `json:"rule,omitempty"`
	// Output is the classifier output explained: the leaf, or the group of
	// a "group/other" label.
	Output string `json:"output,omitempty"`
	// Window is how many bytes of the part's text the decision read.
	Window int `json:"window"`
	// Decision is the output's decision value: Bias plus the
	// contributions of all features.
	Decision float64 `json:"decision"`
	Bias     float64 `json:"bias"`
	// Features are the largest contributions, largest first.
	Features []ExplainedFeature `json:"features,omitempty"`
}

// ExplainedFeature is one feature's contribution to a decision value.
// Feature texts are cut short, so no long token of the document is shown
// whole.
type ExplainedFeature struct {
	Feature string  `json:"feature"`
	Weight  float64 `json:"weight"`
}

// MaxOccurrences is the most occurrences one Finding lists (CONTRACT §2).
const MaxOccurrences = 100

// Occurrence locates one match. Offset and Length are byte offsets into the
// decoded text of Part; Line and Column are 1-based, Column counted in bytes.
type Occurrence struct {
	Part     string `json:"part"`
	Offset   int64  `json:"offset"`
	Length   int    `json:"length"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Page     int    `json:"page,omitempty"`
	Record   int64  `json:"record,omitempty"`
	Cell     string `json:"cell,omitempty"`
	JSONPath string `json:"json_path,omitempty"`
	// Hash is a keyed hash (HMAC-SHA256 with the installation key, first 16
	// hex digits) of the matched value, for deduplication across objects.
	Hash string `json:"hash,omitempty"`
}

// Methods of classification (CONTRACT §2).
const (
	MethodContentType = "content_type"
	MethodExtension   = "extension"
	MethodTheme       = "theme"
	MethodRegex       = "regex"
	MethodPII         = "pii"
	MethodClassifier  = "classifier"
	MethodCustom      = "custom"
)

// PII impact levels (CONTRACT §2).
const (
	ImpactNone     = "none"
	ImpactLow      = "low"
	ImpactModerate = "moderate"
	ImpactHigh     = "high"
)

// Reasons for Object.Skipped. They are part of the contract: append only.
const (
	SkipEncrypted         = "encrypted"
	SkipTooLarge          = "too_large"
	SkipUnsupportedFormat = "unsupported_format"
	SkipAccessDenied      = "access_denied"
	SkipEmpty             = "empty"
	SkipArchived          = "archived"
)
