package scan

import (
	"cmp"
	"slices"
	"time"

	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/risk"
	"github.com/mamori-dev/mamori/internal/source"
)

// newRecord starts the record of o with its metadata.
func newRecord(o source.Object) record.Object {
	return record.Object{
		URI:          o.URI,
		Source:       o.Source,
		Bucket:       o.Bucket,
		Key:          o.Key,
		Size:         o.Size,
		ETag:         o.ETag,
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
			Part: part, Offset: m.Offset, Length: m.Length,
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
