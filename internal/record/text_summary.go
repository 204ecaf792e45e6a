package record

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Sizes of the summary's lists.
const (
	summaryTopTypes   = 10
	summaryTopObjects = 5
)

// summary accumulates what the text output prints at Close. Its memory is
// bounded by the number of finding types, not by the number of objects.
type summary struct {
	objects, withFindings, errors, skipped int
	size, scanned                          int64
	// bands counts objects by risk band: 8–10, 5–7, 1–4.
	bands [3]int
	types map[string]*typeTally
	top   []topObject // riskiest first, at most summaryTopObjects
}

// typeTally counts one finding type over the scan.
type typeTally struct {
	name           string
	count, objects int
}

// topObject is one of the riskiest objects.
type topObject struct {
	risk        int
	impact, uri string
}

func newSummary() summary {
	return summary{types: make(map[string]*typeTally)}
}

// add counts o.
func (s *summary) add(o Object) {
	s.objects++
	s.size += o.Size
	s.scanned += o.BytesScanned
	s.bands[riskBand(o.Risk)]++
	if o.Error != "" {
		s.errors++
	}
	if o.Skipped != "" {
		s.skipped++
	}
	if !hasContentFindings(o) {
		return
	}
	s.withFindings++
	s.addTypes(o.Findings)
	s.addTop(topObject{risk: o.Risk, impact: o.PIIImpact, uri: o.URI})
}

// addTypes tallies the finding types of one object.
func (s *summary) addTypes(fs []Finding) {
	counted := make(map[string]bool, len(fs))
	for _, f := range fs {
		t := s.types[f.Type]
		if t == nil {
			t = &typeTally{name: f.Type}
			s.types[f.Type] = t
		}
		t.count += f.Count
		if !counted[f.Type] {
			counted[f.Type] = true
			t.objects++
		}
	}
}

// addTop keeps o if it is among the riskiest objects so far; among equal
// risks the first scanned stays first.
func (s *summary) addTop(o topObject) {
	i := slices.IndexFunc(s.top, func(t topObject) bool { return t.risk < o.risk })
	if i < 0 {
		i = len(s.top)
	}
	if i >= summaryTopObjects {
		return
	}
	s.top = slices.Insert(s.top, i, o)
	if len(s.top) > summaryTopObjects {
		s.top = s.top[:summaryTopObjects]
	}
}

// riskBand returns the index into summary.bands of risk.
func riskBand(risk int) int {
	switch {
	case risk >= 8:
		return 0
	case risk >= 5:
		return 1
	default:
		return 2
	}
}

// print writes the summary to w.
func (s *summary) print(w io.Writer, color bool) {
	fmt.Fprintf(w, "Summary\n")
	fmt.Fprintf(w, "  objects scanned  %d\n", s.objects)
	fmt.Fprintf(w, "  bytes scanned    %s of text from %s of objects\n",
		humanBytes(s.scanned), humanBytes(s.size))
	fmt.Fprintf(w, "  with findings    %d\n", s.withFindings)
	fmt.Fprintf(w, "  with errors      %d\n", s.errors)
	fmt.Fprintf(w, "  skipped          %d\n", s.skipped)
	fmt.Fprintf(w, "  by risk          %s: %d   %s: %d   %s: %d\n",
		style("8-10", ansiRed, color), s.bands[0],
		style("5-7", ansiYellow, color), s.bands[1], "1-4", s.bands[2])
	if s.withFindings == 0 {
		if s.objects > 0 {
			fmt.Fprintf(w, "\nNo sensitive data found.\n")
		}
		return
	}
	s.printTypes(w, color)
	s.printTop(w, color)
}

// printTypes writes the most frequent finding types.
func (s *summary) printTypes(w io.Writer, color bool) {
	ts := make([]*typeTally, 0, len(s.types))
	for _, t := range s.types {
		ts = append(ts, t)
	}
	slices.SortFunc(ts, func(a, b *typeTally) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(b.objects, a.objects),
			strings.Compare(a.name, b.name))
	})
	ts = ts[:min(len(ts), summaryTopTypes)]
	nameW := len("type")
	for _, t := range ts {
		nameW = max(nameW, min(textWidth(printable(t.name)), textTypeMax))
	}
	fmt.Fprintf(w, "\nTop finding types\n  %s  %8s  %8s\n", padRight("type", nameW), "count", "objects")
	for _, t := range ts {
		name := truncateMiddle(printable(t.name), nameW)
		name = style(name, ansiBold, color) + strings.Repeat(" ", nameW-textWidth(name))
		fmt.Fprintf(w, "  %s  %8s  %8s\n", name,
			strconv.Itoa(t.count), strconv.Itoa(t.objects))
	}
}

// printTop writes the riskiest objects.
func (s *summary) printTop(w io.Writer, color bool) {
	fmt.Fprintf(w, "\nHighest-risk objects\n")
	for _, o := range s.top {
		io.WriteString(w, headerLine(o.risk, o.impact, o.uri, color))
	}
}
