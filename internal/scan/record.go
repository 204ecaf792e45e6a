package scan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/internal/decode"
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
	rules  map[string]rule
}

// rule is what decides whether a type is reported for the object: at
// least min matches, or for a theme at least min distinct keywords.
type rule struct {
	name     string
	min      int
	keywords map[string]bool // a theme's distinct keywords seen
}

func newAggregator() *aggregator {
	return &aggregator{byType: map[string]*record.Finding{}, rules: map[string]rule{}}
}

// add counts m, found in part p, and keeps its location (with p's finer
// location: page, record, cell, JSON path) among the first occurrences.
func (a *aggregator) add(p decode.Part, m detect.Match) {
	f, ok := a.byType[m.Type]
	if !ok {
		f = &record.Finding{Type: m.Type, Category: m.Category, Method: m.Method, Occurrences: []record.Occurrence{}}
		a.byType[m.Type] = f
		a.order = append(a.order, m.Type)
		r := rule{name: m.Name, min: m.MinCount}
		if m.Method == record.MethodTheme {
			r.keywords = map[string]bool{}
		}
		a.rules[m.Type] = r
	}
	if r := a.rules[m.Type]; r.keywords != nil {
		r.keywords[m.Sample] = true
	}
	f.Count++
	f.Risk = max(f.Risk, m.Risk)
	if f.Sample == "" {
		f.Sample = m.Sample
	}
	if len(f.Occurrences) < record.MaxOccurrences {
		oc := record.Occurrence{
			Part: text(p.Path), Offset: m.Offset, Length: m.Length,
			Line: m.Line, Column: m.Column, Hash: m.Hash,
		}
		if p.Locate != nil {
			loc := p.Locate(m.Offset)
			oc.Page, oc.Record, oc.Cell, oc.JSONPath = loc.Page, loc.Record, loc.Cell, text(loc.JSONPath)
		}
		f.Occurrences = append(f.Occurrences, oc)
	}
}

// findings returns the findings that meet their type's minimum count, and
// the names of the themes among them.
func (a *aggregator) findings() (fs []record.Finding, themes []string) {
	fs, themes = make([]record.Finding, 0, len(a.order)), []string{}
	for _, t := range a.order {
		f, r := a.byType[t], a.rules[t]
		n := f.Count
		if r.keywords != nil {
			n = len(r.keywords)
		}
		if n < r.min {
			continue
		}
		if r.keywords != nil {
			themes = append(themes, r.name)
		}
		fs = append(fs, *f)
	}
	return fs, themes
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
