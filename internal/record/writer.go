package record

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Writer writes scan records in one output format. Write is called once per
// object, in scan order, from one goroutine; Close flushes and writes what
// the format keeps for the end (the closing bracket of a json array, the
// tool and invocation of a SARIF run, the text summary). Close does not close
// the underlying io.Writer. Write after Close returns ErrClosed; a second
// Close does nothing.
//
// Writers never see full sensitive values: records hold masked samples and
// keyed hashes only.
type Writer interface {
	Write(o Object) error
	Close() error
}

// Options tune the writers. The zero value is valid.
type Options struct {
	// Color turns on ANSI colour in text output. The caller sets it only
	// when the output is a terminal.
	Color bool
	// Version is the tool version reported in SARIF output.
	Version string
	// Rules describes the identifier types for SARIF rules. Finding types
	// without a Rule get a generic description.
	Rules []Rule
}

// Rule describes one identifier type (CONTRACT §3), as SARIF output lists
// it in tool.driver.rules.
type Rule struct {
	// ID is the finding type, e.g. "credit_card_number".
	ID string `json:"id"`
	// Name is a short human name, e.g. "Credit card number".
	Name string `json:"name"`
	// Description says what the identifier matches, in one or more
	// sentences.
	Description string `json:"description"`
	// Category is the identifier's category: personal, financial,
	// credentials, …
	Category string `json:"category"`
	// Risk is the identifier's risk, 1–10.
	Risk int `json:"risk"`
}

// Output format names accepted by NewWriter.
const (
	FormatText  = "text"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
	FormatSARIF = "sarif"
)

// ErrUnknownFormat is returned (wrapped) by NewWriter for a format name it
// does not know.
var ErrUnknownFormat = errors.New("unknown output format")

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("record writer is closed")

// Formats returns the valid format names, in the order help text lists them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatJSONL, FormatCSV, FormatSARIF}
}

// NewWriter returns the writer for format (case-insensitive) that writes to
// w, or an error wrapping ErrUnknownFormat that names the format and the
// valid ones.
func NewWriter(format string, w io.Writer, opts Options) (Writer, error) {
	var wr Writer
	switch strings.ToLower(strings.TrimSpace(format)) {
	case FormatText:
		wr = newTextWriter(w, opts)
	case FormatJSON:
		wr = newJSONWriter(w)
	case FormatJSONL:
		wr = newJSONLWriter(w)
	case FormatCSV:
		wr = newCSVWriter(w)
	case FormatSARIF:
		wr = newSARIFWriter(w, opts)
	default:
		return nil, fmt.Errorf("%w %q: valid formats are %s",
			ErrUnknownFormat, format, strings.Join(Formats(), ", "))
	}
	return &closeGuard{w: wr}, nil
}

// closeGuard makes Close idempotent and rejects Write after Close, so the
// format writers need not track their own state.
type closeGuard struct {
	w      Writer
	closed bool
}

func (g *closeGuard) Write(o Object) error {
	if g.closed {
		return ErrClosed
	}
	return g.w.Write(o)
}

func (g *closeGuard) Close() error {
	if g.closed {
		return nil
	}
	g.closed = true
	return g.w.Close()
}

// normalize returns o with nil slices replaced by empty ones, so that JSON
// output prints [] rather than null for classes, themes, findings and
// occurrences. It does not modify the caller's slices.
func normalize(o Object) Object {
	if o.Classes == nil {
		o.Classes = []string{}
	}
	if o.Themes == nil {
		o.Themes = []string{}
	}
	if o.Findings == nil {
		o.Findings = []Finding{}
		return o
	}
	fs := make([]Finding, len(o.Findings))
	copy(fs, o.Findings)
	for i := range fs {
		if fs[i].Occurrences == nil {
			fs[i].Occurrences = []Occurrence{}
		}
	}
	o.Findings = fs
	return o
}

// byRisk returns a copy of fs sorted by risk, highest first, then by type.
func byRisk(fs []Finding) []Finding {
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(b.Risk, a.Risk), strings.Compare(a.Type, b.Type))
	})
	return sorted
}

var _ Writer = (*closeGuard)(nil)
