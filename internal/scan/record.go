package scan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/risk"
	"github.com/mamori-dev/mamori/internal/source"
)

// newRecord starts the record of o with its metadata.
func newRecord(o source.Object) record.Object {
	return record.Object{
		URI:          text(o.URI),
		Source:       o.Source,
		Bucket:       text(o.Bucket),
		Key:          text(o.Key),
		Size:         o.Size,
		ETag:         text(o.ETag),
		LastModified: o.LastModified.UTC(),
		Extension:    risk.Extension(o.Key),
		Classes:      []string{},
		Themes:       []string{},
	}
}

// finish adds the content-type and extension findings, sorts findings by
// risk, and scores the record.
func finish(rec record.Object, findings []record.Finding) record.Object {
	if f, ok := risk.ContentTypeFinding(rec.ContentType); ok {
		findings = append(findings, f)
	}
	if f, ok := risk.ExtensionFinding(rec.Extension); ok {
		findings = append(findings, f)
	}
	slices.SortStableFunc(findings, func(a, b record.Finding) int {
		return cmp.Or(cmp.Compare(b.Risk, a.Risk), cmp.Compare(a.Type, b.Type))
	})
	if findings == nil {
		findings = []record.Finding{}
	}
	rec.Error, rec.ContentType = text(rec.Error), text(rec.ContentType)
	rec.Findings = findings
	rec.Risk, rec.PIIImpact = risk.Object(findings)
	rec.ScannedAt = time.Now().UTC()
	return rec
}

// aggregator folds matches into one Finding per type, keeping the full
// count but at most record.MaxOccurrences locations.
type aggregator struct {
	byType map[string]*record.Finding
	order  []string
}

func newAggregator() *aggregator {
	return &aggregator{byType: map[string]*record.Finding{}}
}

func (a *aggregator) add(part string, m detect.Match) {
	f, ok := a.byType[m.Type]
	if !ok {
		f = &record.Finding{Type: m.Type, Category: m.Category, Method: m.Method, Occurrences: []record.Occurrence{}}
		a.byType[m.Type] = f
		a.order = append(a.order, m.Type)
	}
	f.Count++
	f.Risk = max(f.Risk, m.Risk)
	if f.Sample == "" {
		f.Sample = m.Sample
	}
	if len(f.Occurrences) < record.MaxOccurrences {
		f.Occurrences = append(f.Occurrences, record.Occurrence{
			Part: text(part), Offset: m.Offset, Length: m.Length,
			Line: m.Line, Column: m.Column, Hash: m.Hash,
		})
	}
}

func (a *aggregator) findings() []record.Finding {
	out := make([]record.Finding, 0, len(a.order))
	for _, t := range a.order {
		out = append(out, *a.byType[t])
	}
	return out
}

// text makes s valid UTF-8 without NUL bytes, as JSON output and both
// stores need, by percent-escaping the offending bytes: a file name in
// Latin-1 stays readable and distinct ("caf%E9.txt"). Valid strings are
// returned as they are.
func text(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || r == 0 {
			fmt.Fprintf(&b, "%%%02X", s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
