package detect

//go:generate go test -run TestDocUpToDate -update .

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/detect/themes"
)

// WriteDoc writes the Markdown reference of identifiers and themes that
// docs/identifiers.md holds (regenerate it with
// `go test ./internal/detect -run TestDocUpToDate -update`).
func WriteDoc(w io.Writer, ids []Identifier, ts []themes.Theme) error {
	d := &docWriter{w: w}
	d.header(ids, ts)
	cats := map[string][]Identifier{}
	for _, id := range ids {
		cats[id.Category] = append(cats[id.Category], id)
	}
	names := make([]string, 0, len(cats))
	for c := range cats {
		names = append(names, c)
	}
	slices.Sort(names)
	for _, c := range names {
		d.category(c, cats[c])
	}
	d.classic(ids)
	d.themes(ts)
	return d.err
}

type docWriter struct {
	w   io.Writer
	err error
}

func (d *docWriter) printf(format string, args ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, format, args...)
	}
}

func (d *docWriter) header(ids []Identifier, ts []themes.Theme) {
	types := map[string]bool{}
	for _, id := range ids {
		types[id.Type] = true
	}
	d.printf("# Identifiers\n\n<!-- Generated from internal/detect/identifiers/*.yaml and internal/detect/themes; DO NOT EDIT.\n")
	d.printf("     Regenerate: go test ./internal/detect -run TestDocUpToDate -update -->\n\n")
	d.printf("mamori ships %d built-in identifiers reporting %d finding types, and %d keyword themes.\n", len(ids), len(types), len(ts))
	d.printf("Each identifier is data (`internal/detect/identifiers/*.yaml`) with its own true- and\n")
	d.printf("false-positive examples, which `TestIdentifierExamples` runs through the whole engine.\n\n")
	d.printf("How to read the tables:\n\n")
	d.printf("- **trigger**: what makes the engine look: literal keywords (ASCII case-insensitive, `_`, `-` and\n")
	d.printf("  space alike) found by one Aho-Corasick pass, or runs of at least N digits (`digits ≥ N`).\n")
	d.printf("- **check**: the validator the value must pass (checksums, ranges, structure); `context` lists\n")
	d.printf("  words that must occur within the given distance, as Macie v2 and Presidio require for weak formats.\n")
	d.printf("- **min**: the number of matches an object needs before the type is reported (Macie Classic's\n")
	d.printf("  minimum match count); blank means 1.\n\n")
}

func (d *docWriter) category(name string, ids []Identifier) {
	d.printf("## %s (%d)\n\n", title(name), len(ids))
	d.printf("| id | type | method | risk | min | trigger | check | description |\n")
	d.printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, id := range ids {
		minCount := ""
		if id.MinCount > 1 {
			minCount = fmt.Sprint(id.MinCount)
		}
		d.printf("| `%s` | `%s` | %s | %d | %s | %s | %s | %s |\n", id.ID, id.Type, id.Method, id.Risk,
			minCount, trigger(id), check(id), cell(id.Description))
	}
	d.printf("\n")
}

func trigger(id Identifier) string {
	var parts []string
	if len(id.Keywords) > 0 {
		kws := make([]string, len(id.Keywords))
		for i, k := range id.Keywords {
			kws[i] = "`" + cell(k) + "`"
		}
		parts = append(parts, strings.Join(kws, " "))
	}
	if id.Digits > 0 {
		parts = append(parts, fmt.Sprintf("digits ≥ %d", id.Digits))
	}
	if id.Columns {
		parts = append(parts, "cells of table columns named "+cell(strings.Join(id.Context.Words, ", ")))
	}
	return strings.Join(parts, "; ")
}

func check(id Identifier) string {
	var parts []string
	if id.Extract != "" {
		parts = append(parts, "extract "+id.Extract)
	}
	if id.Validator != "" {
		parts = append(parts, id.Validator)
	}
	if id.MinEntropy > 0 {
		parts = append(parts, fmt.Sprintf("entropy ≥ %.1f", id.MinEntropy))
	}
	if id.Context.Required {
		parts = append(parts, fmt.Sprintf("context within %d: %s", id.Context.Within, cell(strings.Join(id.Context.Words, ", "))))
	}
	return strings.Join(parts, "; ")
}

func (d *docWriter) classic(ids []Identifier) {
	var cl []Identifier
	for _, id := range ids {
		if id.Classic != "" {
			cl = append(cl, id)
		}
	}
	slices.SortFunc(cl, func(a, b Identifier) int { return cmp.Compare(strings.ToLower(a.Classic), strings.ToLower(b.Classic)) })
	d.printf("## Macie Classic managed regexes (%d)\n\n", len(cl))
	d.printf("Each of Classic's named regexes, with its minimum match count and risk, and the identifier that\n")
	d.printf("implements it (the expressions are our own).\n\n")
	d.printf("| Classic name | min | risk | identifier | type |\n| --- | --- | --- | --- | --- |\n")
	for _, id := range cl {
		d.printf("| %s | %d | %d | `%s` | `%s` |\n", cell(id.Classic), max(id.MinCount, 1), id.Risk, id.ID, id.Type)
	}
	d.printf("\n")
}

func (d *docWriter) themes(ts []themes.Theme) {
	d.printf("## Themes (%d)\n\n", len(ts))
	d.printf("Macie Classic's keyword themes with its minimum keyword counts and risks (method `theme`). A theme\n")
	d.printf("applies to an object that contains at least *min* distinct keywords of it, matched ASCII-case-insensitively\n")
	d.printf("on word boundaries. Classic never published its lists: ours are authored in\n")
	d.printf("`internal/detect/themes/lists/<lang>/<id>.txt`.\n\n")
	d.printf("| theme | type | min | risk | keywords |\n| --- | --- | --- | --- | --- |\n")
	for _, t := range ts {
		d.printf("| %s | `%s` | %d | %d | %s |\n", cell(t.Name), t.ID, t.MinCount, t.Risk, cell(strings.Join(t.Keywords, ", ")))
	}
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func title(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
